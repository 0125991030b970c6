//! One pass of the seed's `connect_server()`, printing to the serial monitor.

use crate::hal::{Clock, TcpConnection};
use crate::reply::{LineEnd, Reply};
// The starter does not call it yet: remove the `allow` when step 2 is done.
#[allow(unused_imports)]
use crate::reply::read_until_newline;
use core::fmt::Write;
use embedded_hal::delay::DelayNs;

/// Where to connect and what to send. On a board these come from its
/// configuration, never from the source code (see the Lab 02 chapter).
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    pub host: &'a str,
    pub port: u16,
    /// Sent as is, without a newline, like the seed's `client.print`.
    pub message: &'a str,
    /// How long to wait for more of the reply (Arduino's default is 1000 ms).
    pub timeout_ms: u32,
}

/// How one pass ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cycle {
    /// The server answered (perhaps only partly: see [`Reply::ended_by`]).
    Replied(Reply),
    /// `connect` failed: nothing listens there, or the network is down.
    ConnectFailed,
    /// The connection broke while sending or reading.
    Broken,
}

// ANCHOR: connect_server
/// Connects, sends the message, reads one reply line, prints it, and closes.
///
/// The serial monitor shows the same steps as the seed's sketch:
///
/// ```text
///
/// [Menghubungkan ke 127.0.0.1:2004 ... terhubung]
/// [Mengirim pesan]
/// [Balasan:]
/// OK
///
/// [Terputus]
/// ```
pub fn connect_server<C, S, T>(
    connection: &mut C,
    serial: &mut S,
    time: &mut T,
    settings: &Settings,
) -> Cycle
where
    C: TcpConnection,
    S: Write,
    T: Clock + DelayNs,
{
    // TODO(langkah 2): satu putaran connect_server() dari sketsa Arduino.
    //   1. Cetak `"\n[Menghubungkan ke {host}:{port} ... "` dengan `write!(serial, ..)`
    //      (tanpa akhir baris: hasilnya menyusul di baris yang sama).
    //   2. `connection.connect(host, port)`: kalau gagal, cetak `koneksi gagal!]` dengan
    //      `writeln!` (akhir baris), panggil `connection.stop()` dan kembalikan
    //      `Cycle::ConnectFailed`. Kalau berhasil, cetak `terhubung]` dengan `writeln!`.
    //   3. Cetak `[Mengirim pesan]`, lalu kirim `settings.message` apa adanya
    //      (`write_all`). Gagal? Cetak `[Koneksi putus saat mengirim]`, stop, `Cycle::Broken`.
    //   4. Cetak `[Balasan:]`, baca dengan `read_until_newline` (langkah 1), lalu
    //      cetak dengan `print_reply(serial, &reply, settings.timeout_ms)`.
    //      Hasilnya `Cycle::Replied(reply)`. Gagal membaca? Cetak
    //      `[Koneksi putus saat membaca balasan]`; hasilnya `Cycle::Broken`.
    //   5. Dalam kedua kasus langkah 4: `connection.stop()`, cetak `"\n[Terputus]"`
    //      dengan `writeln!`, lalu kembalikan hasil langkah 4.
    // Kesalahan menulis ke serial boleh diabaikan: `let _ = writeln!(..);`
    let _ = (connection, serial, time);
    todo!(
        "Langkah 2: connect_server di client.rs: hubungi {}:{} dan kirim {:?}",
        settings.host,
        settings.port,
        settings.message
    )
}
// ANCHOR_END: connect_server

/// Prints the reply line, then says how it ended when that was not a '\n'.
pub fn print_reply<S: Write>(serial: &mut S, reply: &Reply, timeout_ms: u32) {
    for chunk in reply.text.utf8_chunks() {
        let _ = serial.write_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            let _ = serial.write_char(char::REPLACEMENT_CHARACTER);
        }
    }
    let _ = writeln!(serial);
    if reply.dropped > 0 {
        let _ = writeln!(serial, "[Balasan terlalu panjang: {} byte dibuang]", reply.dropped);
    }
    match reply.ended_by {
        LineEnd::Newline => {}
        LineEnd::Timeout => {
            let _ =
                writeln!(serial, "[Tanpa akhir baris: berhenti menunggu setelah {timeout_ms} ms]");
        }
        LineEnd::Closed => {
            let _ = writeln!(serial, "[Server menutup koneksi sebelum akhir baris]");
        }
    }
}
