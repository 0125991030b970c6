//! The connection to the server, and reading its reply lines.

use crate::protocol::MAX_LINE;

/// A TCP connection as the node needs it (on the ESP8266 its Wi-Fi stack,
/// on the PC std's `TcpStream`, in tests a fake).
pub trait Link {
    type Error: core::fmt::Debug;
    /// Opens the connection to the server (its address is the link's business).
    fn connect(&mut self) -> Result<(), Self::Error>;
    fn write_all(&mut self, data: &[u8]) -> Result<(), Self::Error>;
    /// Takes what has arrived so far, without waiting.
    fn poll_read(&mut self, buffer: &mut [u8]) -> Result<Poll, Self::Error>;
    fn close(&mut self);
}

/// What [`Link::poll_read`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Poll {
    Received(usize),
    Nothing,
    Closed,
}

/// Collects reply bytes into lines (a reply may arrive in pieces).
#[derive(Default)]
pub struct LineBuffer {
    bytes: heapless::Vec<u8, MAX_LINE>,
    overflowed: bool,
}

/// What reading from the link gave.
#[derive(Debug, PartialEq, Eq)]
// No allocator on the node: the line lives in the enum, not in a Box.
#[allow(clippy::large_enum_variant)]
pub enum Incoming {
    Line(heapless::String<MAX_LINE>),
    Nothing,
    /// The server closed the connection, or it broke.
    Gone,
}

impl LineBuffer {
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.overflowed = false;
    }

    /// Reads until a whole line is there (or nothing more has arrived).
    pub fn poll<L: Link>(&mut self, link: &mut L) -> Incoming {
        let mut byte = [0u8; 1];
        loop {
            match link.poll_read(&mut byte) {
                Ok(Poll::Received(0)) | Ok(Poll::Nothing) => return Incoming::Nothing,
                Ok(Poll::Closed) | Err(_) => return Incoming::Gone,
                Ok(Poll::Received(_)) => {}
            }
            if byte[0] == b'\n' {
                let line = core::str::from_utf8(&self.bytes).ok().filter(|_| !self.overflowed);
                let line = line
                    .map(|l| l.trim_end_matches('\r'))
                    .and_then(|l| heapless::String::try_from(l).ok());
                self.clear();
                // An over-long or garbled reply is no reply: keep waiting.
                if let Some(line) = line {
                    return Incoming::Line(line);
                }
            } else if self.bytes.push(byte[0]).is_err() {
                self.overflowed = true;
            }
        }
    }
}
