//! Reading one reply line, like Arduino's `client.readStringUntil('\n')`.

// The starter does not use `Poll` yet: remove the `allow` when step 1 is done.
#[allow(unused_imports)]
use crate::hal::{Clock, Poll, TcpConnection};
use embedded_hal::delay::DelayNs;
use heapless::Vec;

/// The longest reply kept; the rest of a longer line is read and dropped.
pub const REPLY_CAPACITY: usize = 128;

/// How a reply line ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnd {
    /// With '\n', as a line-based server sends it.
    Newline,
    /// No '\n' came before the timeout (the seed's Python server sends "OK" alone).
    Timeout,
    /// The server closed the connection first.
    Closed,
}

/// One reply line, without its '\n' (and without a '\r' before it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub text: Vec<u8, REPLY_CAPACITY>,
    pub ended_by: LineEnd,
    /// Bytes that did not fit into `text` and were dropped.
    pub dropped: usize,
}

// ANCHOR: read_until_newline
/// Reads up to '\n'. Like Arduino's `readStringUntil`, the timeout counts
/// from the last byte received: it gives up after `timeout_ms` of silence
/// and returns what it has.
pub fn read_until_newline<C, T>(
    connection: &mut C,
    time: &mut T,
    timeout_ms: u32,
) -> Result<Reply, C::Error>
where
    C: TcpConnection,
    T: Clock + DelayNs,
{
    // TODO(langkah 1): baca satu baris balasan, seperti readStringUntil('\n') di Arduino.
    //   - Mulai dengan `Reply { text: Vec::new(), ended_by: LineEnd::Timeout, dropped: 0 }`
    //     dan catat waktu data terakhir: `let mut last_data = time.now_ms();`
    //   - Baca SATU byte sekali jalan dengan `connection.poll_read(&mut byte)?`
    //     (`let mut byte = [0u8; 1];`), supaya tidak ada yang terambil setelah '\n'.
    //   - `Poll::Received(_)`: perbarui `last_data`; '\n' mengakhiri baris (LineEnd::Newline);
    //     byte lain masuk `reply.text.push(..)`. Kalau buffer penuh, push gagal:
    //     jangan panic, tambah `reply.dropped`.
    //   - `Poll::Nothing`: kalau sudah `timeout_ms` sejak data terakhir, berhenti
    //     (LineEnd::Timeout); kalau belum, `time.delay_ms(1)` lalu coba lagi.
    //   - `Poll::Closed`: server menutup koneksi (LineEnd::Closed).
    //   - Terakhir, apa pun akhir barisnya, buang satu '\r' di ujung teks kalau ada
    //     (baris dari telnet/Windows berakhir "\r\n"), lalu kembalikan `Ok(reply)`.
    let _ = (connection, time);
    todo!(
        "Langkah 1: read_until_newline di reply.rs: baca balasan sampai '\\n', batas waktu {timeout_ms} ms"
    )
}
// ANCHOR_END: read_until_newline
