//! Everything that happened, one line each, with its virtual time: the
//! output that the PC and the QEMU build must agree on byte for byte.

use core::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A line from the node to the server.
    ToServer,
    /// A reply from the server to the node.
    ToNode,
    /// The node's own log (its serial monitor).
    Log,
    /// Something that happened to the connection or the board.
    Event,
}

impl Direction {
    fn mark(self) -> &'static str {
        match self {
            Direction::ToServer => ">",
            Direction::ToNode => "<",
            Direction::Log => "#",
            Direction::Event => "!",
        }
    }
}

pub struct Transcript<W: Write> {
    out: W,
    pub lines: u32,
}

impl<W: Write> Transcript<W> {
    pub fn new(out: W) -> Self {
        Transcript { out, lines: 0 }
    }

    /// `  123.450 > DATA ...`: seconds with milliseconds, a mark, the text.
    pub fn line(&mut self, now_ms: u64, direction: Direction, text: &str) {
        self.lines += 1;
        let _ = writeln!(
            self.out,
            "{:>5}.{:03} {} {}",
            now_ms / 1000,
            now_ms % 1000,
            direction.mark(),
            text
        );
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

/// The node's log as a `core::fmt::Write`: whole lines into the transcript.
pub struct LogLines<'a, W: Write> {
    pub now: &'a core::cell::Cell<u64>,
    pub transcript: &'a core::cell::RefCell<Transcript<W>>,
    pub pending: heapless::String<256>,
}

impl<W: Write> Write for LogLines<'_, W> {
    fn write_str(&mut self, text: &str) -> core::fmt::Result {
        for part in text.split_inclusive('\n') {
            match part.strip_suffix('\n') {
                Some(rest) => {
                    let _ = self.pending.push_str(rest);
                    self.transcript.borrow_mut().line(
                        self.now.get(),
                        Direction::Log,
                        &self.pending,
                    );
                    self.pending.clear();
                }
                None => {
                    let _ = self.pending.push_str(part);
                }
            }
        }
        Ok(())
    }
}
