//! A link whose far end behaves like the smart-home server, with a script of
//! trouble: a connection that breaks, a reply that never comes, and a while
//! when the server is not there at all. The node must come through all three
//! without losing a door event.

use crate::transcript::{Direction, Transcript};
use core::cell::{Cell, RefCell};
use core::fmt::Write;
use rumah_pintar::node::{Link, Poll};
use rumah_pintar::protocol::MAX_LINE;

/// The card the server's access list lets in (the others get `TOLAK`).
pub const KNOWN_CARD: &str = "DEADBEEF";
/// The first line from this time on is read, then the connection breaks.
pub const BREAK_AT_MS: u64 = 100_000;
/// The server is away: every connection attempt fails.
pub const AWAY_MS: (u64, u64) = (240_000, 420_000);
/// The first line from this time on is never answered.
pub const SILENT_AT_MS: u64 = 500_000;

/// Why [`ScriptedServer`] refused.
#[derive(Debug)]
pub enum LinkError {
    /// No server listens (connection refused).
    Refused,
    /// Writing on a connection that is not open.
    NotConnected,
}

pub struct ScriptedServer<'a, W: Write> {
    now: &'a Cell<u64>,
    transcript: &'a RefCell<Transcript<W>>,
    connected: bool,
    /// The connection broke: the node's next read finds it closed.
    broken: bool,
    incoming: heapless::Vec<u8, MAX_LINE>,
    /// Reply bytes on their way to the node.
    outgoing: heapless::Deque<u8, MAX_LINE>,
    break_done: bool,
    silent_done: bool,
}

impl<'a, W: Write> ScriptedServer<'a, W> {
    pub fn new(now: &'a Cell<u64>, transcript: &'a RefCell<Transcript<W>>) -> Self {
        ScriptedServer {
            now,
            transcript,
            connected: false,
            broken: false,
            incoming: heapless::Vec::new(),
            outgoing: heapless::Deque::new(),
            break_done: false,
            silent_done: false,
        }
    }

    fn note(&self, direction: Direction, text: &str) {
        self.transcript.borrow_mut().line(self.now.get(), direction, text);
    }

    /// The server stops at the start of its time away: the open connection
    /// breaks with it.
    fn check_away(&mut self) {
        let away = (AWAY_MS.0..AWAY_MS.1).contains(&self.now.get());
        if away && self.connected && !self.broken {
            self.broken = true;
            self.note(Direction::Event, "server berhenti, koneksi putus");
        }
    }

    /// A whole line from the node: answer it as the server would, unless the
    /// script says otherwise.
    fn receive(&mut self, line: &str) {
        self.note(Direction::ToServer, line);
        let now = self.now.get();
        if !self.break_done && now >= BREAK_AT_MS {
            self.break_done = true;
            self.broken = true;
            self.note(Direction::Event, "koneksi diputus server");
            return;
        }
        if !self.silent_done && now >= SILENT_AT_MS {
            self.silent_done = true;
            self.note(Direction::Event, "server diam, tidak menjawab");
            return;
        }
        let mut reply: heapless::String<64> = heapless::String::new();
        let mut words = line.split_ascii_whitespace();
        let command = words.next().unwrap_or("");
        let field = |key: &str| {
            line.split_ascii_whitespace().find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
        };
        let _ = match (command, field("seq")) {
            ("HALO", _) => write!(reply, "OK"),
            ("DATA", Some(seq)) => write!(reply, "OK {seq}"),
            ("RFID", Some(seq)) if field("uid") == Some(KNOWN_CARD) => write!(reply, "BUKA {seq}"),
            ("RFID", Some(seq)) => write!(reply, "TOLAK {seq}"),
            _ => write!(reply, "ERR E03 perintah tidak dikenal"),
        };
        self.note(Direction::ToNode, &reply);
        for byte in reply.bytes().chain(*b"\n") {
            let _ = self.outgoing.push_back(byte);
        }
    }
}

impl<W: Write> Link for ScriptedServer<'_, W> {
    type Error = LinkError;

    fn connect(&mut self) -> Result<(), LinkError> {
        let now = self.now.get();
        if (AWAY_MS.0..AWAY_MS.1).contains(&now) {
            self.note(Direction::Event, "sambungan ditolak: server tidak ada");
            return Err(LinkError::Refused);
        }
        self.note(Direction::Event, "tersambung");
        self.connected = true;
        self.broken = false;
        self.incoming.clear();
        self.outgoing.clear();
        Ok(())
    }

    fn write_all(&mut self, data: &[u8]) -> Result<(), LinkError> {
        self.check_away();
        if !self.connected || self.broken {
            return Err(LinkError::NotConnected);
        }
        for &byte in data {
            if byte != b'\n' {
                let _ = self.incoming.push(byte);
                continue;
            }
            let line = core::mem::take(&mut self.incoming);
            match core::str::from_utf8(&line) {
                Ok(text) => self.receive(text),
                Err(_) => self.note(Direction::Event, "baris bukan UTF-8"),
            }
        }
        Ok(())
    }

    fn poll_read(&mut self, buffer: &mut [u8]) -> Result<Poll, LinkError> {
        self.check_away();
        if !self.connected || self.broken {
            return Ok(Poll::Closed);
        }
        let mut count = 0;
        while count < buffer.len() {
            match self.outgoing.pop_front() {
                Some(byte) => buffer[count] = byte,
                None => break,
            }
            count += 1;
        }
        Ok(if count == 0 { Poll::Nothing } else { Poll::Received(count) })
    }

    fn close(&mut self) {
        if self.connected {
            self.note(Direction::Event, "node menutup koneksi");
        }
        self.connected = false;
    }
}
