//! In-memory fakes for the Lab 03 node: a scripted server connection, and
//! sensors that read what the test says. No sockets, no real time.

use rumah_pintar::node::{Climate, Link, Poll, SensorError, Sensors};
use rumah_pintar::protocol::{Decimal, Uid};
use std::collections::VecDeque;

/// A server in memory: it records what the node sends and answers each
/// line with the next scripted answer, or like a well-behaved server when
/// the script is out and `auto_answer` is on.
#[derive(Default)]
pub struct FakeServer {
    pub up: bool,
    pub sent: String,
    pub answers: VecDeque<String>,
    pub auto_answer: bool,
    incoming: VecDeque<u8>,
    pending_line: String,
}

impl FakeServer {
    pub fn up() -> FakeServer {
        FakeServer { up: true, auto_answer: true, ..FakeServer::default() }
    }

    /// The lines the node sent, in order.
    pub fn lines(&self) -> Vec<&str> {
        self.sent.lines().collect()
    }

    /// The lines that start with `command`.
    pub fn lines_of(&self, command: &str) -> Vec<&str> {
        self.lines().into_iter().filter(|l| l.starts_with(command)).collect()
    }
}

impl Link for FakeServer {
    type Error = ();

    fn connect(&mut self) -> Result<(), ()> {
        self.incoming.clear();
        self.pending_line.clear();
        if self.up { Ok(()) } else { Err(()) }
    }

    fn write_all(&mut self, data: &[u8]) -> Result<(), ()> {
        if !self.up {
            return Err(());
        }
        let text = String::from_utf8_lossy(data);
        self.sent.push_str(&text);
        self.pending_line.push_str(&text);
        while let Some(end) = self.pending_line.find('\n') {
            let line: String = self.pending_line.drain(..=end).collect();
            let answer = self
                .answers
                .pop_front()
                .or_else(|| self.auto_answer.then(|| well_behaved_answer(&line)));
            if let Some(answer) = answer {
                self.incoming.extend(answer.bytes().chain(*b"\n"));
            }
        }
        Ok(())
    }

    fn poll_read(&mut self, buffer: &mut [u8]) -> Result<Poll, ()> {
        if !self.up {
            return Ok(Poll::Closed);
        }
        let mut n = 0;
        while n < buffer.len() {
            let Some(byte) = self.incoming.pop_front() else { break };
            buffer[n] = byte;
            n += 1;
        }
        Ok(if n == 0 { Poll::Nothing } else { Poll::Received(n) })
    }

    fn close(&mut self) {}
}

/// `OK` for HALO, `BUKA <seq>` for an RFID of DEADBEEF, `TOLAK <seq>` for
/// other cards, `OK <seq>` for DATA.
fn well_behaved_answer(line: &str) -> String {
    let seq = line.split_whitespace().find_map(|part| part.strip_prefix("seq="));
    match (line.split_whitespace().next(), seq) {
        (Some("RFID"), Some(seq)) if line.contains("uid=DEADBEEF") => format!("BUKA {seq}"),
        (Some("RFID"), Some(seq)) => format!("TOLAK {seq}"),
        (_, Some(seq)) => format!("OK {seq}"),
        (_, None) => "OK".to_string(),
    }
}

/// Sensors that read what the test says, and count how often they are asked.
pub struct FakeSensors {
    pub climate: Result<Climate, SensorError>,
    pub temperature: Result<Decimal, SensorError>,
    pub light: u16,
    /// Cards that `poll_card` gives, one per call, in order.
    pub cards: VecDeque<Uid>,
    pub climate_reads: usize,
    pub card_polls: Vec<u64>,
    pub now_ms: u64,
}

impl FakeSensors {
    pub fn new() -> FakeSensors {
        FakeSensors {
            climate: Ok(Climate { temperature_c: 27, humidity_percent: 61 }),
            temperature: Ok(Decimal::from_sixteenths(429)),
            light: 734,
            cards: VecDeque::new(),
            climate_reads: 0,
            card_polls: Vec::new(),
            now_ms: 0,
        }
    }
}

impl Sensors for FakeSensors {
    fn read_climate(&mut self, now_ms: u64) -> Result<Climate, SensorError> {
        self.climate_reads += 1;
        self.now_ms = now_ms;
        self.climate
    }
    fn read_temperature(&mut self) -> Result<Decimal, SensorError> {
        self.temperature
    }
    fn read_light(&mut self) -> u16 {
        self.light
    }
    fn poll_card(&mut self) -> Option<Uid> {
        self.card_polls.push(self.now_ms);
        self.cards.pop_front()
    }
}
