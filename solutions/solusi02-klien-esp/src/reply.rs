//! Reading one reply line, like Arduino's `client.readStringUntil('\n')`.

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
    let mut reply = Reply { text: Vec::new(), ended_by: LineEnd::Timeout, dropped: 0 };
    let mut last_data = time.now_ms();
    // One byte at a time, so nothing after the '\n' is taken from the stream.
    let mut byte = [0u8; 1];
    loop {
        match connection.poll_read(&mut byte)? {
            Poll::Received(0) | Poll::Nothing => {
                if time.now_ms() - last_data >= u64::from(timeout_ms) {
                    reply.ended_by = LineEnd::Timeout;
                    break;
                }
                time.delay_ms(1); // let the network (or the other tasks) work
            }
            Poll::Received(_) => {
                last_data = time.now_ms();
                if byte[0] == b'\n' {
                    reply.ended_by = LineEnd::Newline;
                    break;
                }
                // A full buffer drops the rest of the line instead of panicking.
                if reply.text.push(byte[0]).is_err() {
                    reply.dropped += 1;
                }
            }
            Poll::Closed => {
                reply.ended_by = LineEnd::Closed;
                break;
            }
        }
    }
    if reply.text.last() == Some(&b'\r') {
        reply.text.pop();
    }
    Ok(reply)
}
// ANCHOR_END: read_until_newline
