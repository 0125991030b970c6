//! In-memory fakes for the Lab 03 node: a scripted server connection and a
//! board whose sensors return chosen values. No sockets, no real time.

use rumah_pintar::node::{Link, Poll, SensorBoard, SensorError};
use rumah_pintar::protocol::Uid;
use std::collections::VecDeque;

/// A server in memory: it records what the node sends and answers each
/// line with the next scripted answer (or not at all when the script is out).
#[derive(Default)]
pub struct FakeServer {
    pub up: bool,
    pub connects: usize,
    pub sent: String,
    pub answers: VecDeque<String>,
    /// When the script is out: answer like a well-behaved server.
    pub auto_answer: bool,
    incoming: VecDeque<u8>,
    pending_line: String,
}

impl FakeServer {
    pub fn up() -> FakeServer {
        FakeServer { up: true, ..FakeServer::default() }
    }

    /// The lines the node sent, in order.
    pub fn lines(&self) -> Vec<&str> {
        self.sent.lines().collect()
    }
}

impl Link for FakeServer {
    type Error = ();

    fn connect(&mut self) -> Result<(), ()> {
        self.connects += 1;
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

/// `OK` for HALO, `OK <seq>` for everything else.
fn well_behaved_answer(line: &str) -> String {
    match line.split_whitespace().find_map(|part| part.strip_prefix("seq=")) {
        Some(seq) => format!("OK {seq}"),
        None => "OK".to_string(),
    }
}

/// Sensors that read what the test says, a card reader and an LED.
pub struct FakeBoard {
    pub climate: Result<(u8, u8), SensorError>,
    pub sixteenths: Result<i16, SensorError>,
    pub light: u16,
    pub cards: VecDeque<Uid>,
    pub led: bool,
}

impl FakeBoard {
    pub fn new() -> FakeBoard {
        FakeBoard {
            climate: Ok((27, 61)),
            sixteenths: Ok(429),
            light: 734,
            cards: VecDeque::new(),
            led: false,
        }
    }
}

impl SensorBoard for FakeBoard {
    fn read_climate(&mut self) -> Result<(u8, u8), SensorError> {
        self.climate
    }
    fn read_temperature(&mut self) -> Result<i16, SensorError> {
        self.sixteenths
    }
    fn read_light(&mut self) -> u16 {
        self.light
    }
    fn new_card(&mut self) -> Option<Uid> {
        self.cards.pop_front()
    }
    fn set_led(&mut self, lit: bool) {
        self.led = lit;
    }
}
