//! One pass of the seed's `connect_server()`, printing to the serial monitor.

use crate::hal::{Clock, TcpConnection};
use crate::reply::read_until_newline;
use crate::reply::{LineEnd, Reply};
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
    // A serial monitor that cannot print is no reason to stop: ignore its errors.
    let _ = write!(serial, "\n[Menghubungkan ke {}:{} ... ", settings.host, settings.port);
    if connection.connect(settings.host, settings.port).is_err() {
        let _ = writeln!(serial, "koneksi gagal!]");
        connection.stop();
        return Cycle::ConnectFailed;
    }
    let _ = writeln!(serial, "terhubung]");

    let _ = writeln!(serial, "[Mengirim pesan]");
    if connection.write_all(settings.message.as_bytes()).is_err() {
        let _ = writeln!(serial, "[Koneksi putus saat mengirim]");
        connection.stop();
        return Cycle::Broken;
    }

    let _ = writeln!(serial, "[Balasan:]");
    let cycle = match read_until_newline(connection, time, settings.timeout_ms) {
        Ok(reply) => {
            print_reply(serial, &reply, settings.timeout_ms);
            Cycle::Replied(reply)
        }
        Err(_) => {
            let _ = writeln!(serial, "[Koneksi putus saat membaca balasan]");
            Cycle::Broken
        }
    };
    connection.stop();
    let _ = writeln!(serial, "\n[Terputus]");
    cycle
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
