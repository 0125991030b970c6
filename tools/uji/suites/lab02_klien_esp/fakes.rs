//! In-memory fakes for the Lab 02 traits: a scripted connection and a
//! virtual clock that only moves when the client asks for a delay. No
//! sockets, no real time: these tests are exact and instant.

use embedded_hal::delay::DelayNs;
use klien_esp::{Clock, Poll, TcpConnection};
use std::cell::Cell;
use std::collections::VecDeque;
use std::rc::Rc;

/// Virtual milliseconds, shared by the clock and the connection.
pub type VirtualTime = Rc<Cell<u64>>;

pub struct FakeTime {
    pub now: VirtualTime,
}

impl Clock for FakeTime {
    fn now_ms(&mut self) -> u64 {
        self.now.get()
    }
}

/// A client still waiting after this much virtual time never stops waiting.
const VIRTUAL_LIMIT_MS: u64 = 60 * 60 * 1000;

impl DelayNs for FakeTime {
    fn delay_ns(&mut self, ns: u32) {
        // Round up: a delay never takes no time at all.
        let now = self.now.get() + u64::from(ns).div_ceil(1_000_000);
        assert!(
            now < VIRTUAL_LIMIT_MS,
            "Klien sudah menunggu satu jam (waktu virtual) dan belum berhenti: apakah batas waktu (timeout_ms) diperiksa?"
        );
        self.now.set(now);
    }
}

/// A connection whose incoming bytes arrive at given virtual times.
pub struct FakeConnection {
    pub now: VirtualTime,
    pub accept_connect: bool,
    /// `(arrival time in ms, bytes)`, in order.
    pub incoming: VecDeque<(u64, Vec<u8>)>,
    /// Report `Closed` once everything has been read.
    pub close_at_end: bool,
    pub sent: Vec<u8>,
    pub connects: usize,
    pub stops: usize,
    /// Polls since the virtual clock last moved, to catch busy waiting.
    polls_at: (u64, u32),
}

impl FakeConnection {
    pub fn new(now: &VirtualTime, incoming: &[(u64, &[u8])]) -> FakeConnection {
        FakeConnection {
            now: Rc::clone(now),
            accept_connect: true,
            incoming: incoming.iter().map(|(at, bytes)| (*at, bytes.to_vec())).collect(),
            close_at_end: false,
            sent: Vec::new(),
            connects: 0,
            stops: 0,
            polls_at: (0, 0),
        }
    }

    /// Bytes that arrived but were never read.
    pub fn unread(&self) -> Vec<u8> {
        self.incoming.iter().flat_map(|(_, bytes)| bytes.clone()).collect()
    }
}

#[derive(Debug)]
pub struct FakeError;

impl TcpConnection for FakeConnection {
    type Error = FakeError;

    fn connect(&mut self, _host: &str, _port: u16) -> Result<(), FakeError> {
        self.connects += 1;
        if self.accept_connect { Ok(()) } else { Err(FakeError) }
    }

    fn write_all(&mut self, data: &[u8]) -> Result<(), FakeError> {
        self.sent.extend_from_slice(data);
        Ok(())
    }

    fn poll_read(&mut self, buffer: &mut [u8]) -> Result<Poll, FakeError> {
        let now = self.now.get();
        self.polls_at = if self.polls_at.0 == now { (now, self.polls_at.1 + 1) } else { (now, 1) };
        assert!(
            self.polls_at.1 < 100_000,
            "Klien memeriksa koneksi 100000 kali tanpa menunggu: panggil time.delay_ms(1) saat belum ada data, \
             supaya prosesor (dan jaringan ESP8266) sempat bekerja."
        );
        let Some((at, bytes)) = self.incoming.front_mut() else {
            return Ok(if self.close_at_end { Poll::Closed } else { Poll::Nothing });
        };
        if *at > now {
            return Ok(Poll::Nothing);
        }
        let n = buffer.len().min(bytes.len());
        buffer[..n].copy_from_slice(&bytes[..n]);
        bytes.drain(..n);
        if bytes.is_empty() {
            self.incoming.pop_front();
        }
        Ok(Poll::Received(n))
    }

    fn stop(&mut self) {
        self.stops += 1;
    }
}
