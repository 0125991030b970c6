//! The node: a state machine that the main loop steps.
//!
//! Each [`Node::step`] looks at the time and does what is due: poll the card
//! reader, read the sensors once per period, switch the LED off, and talk to
//! the server: connect (with backoff), greet with `HALO`, then send the
//! queued messages one at a time, each waiting for its answer. Messages stay
//! in the queue until the server has answered them, so nothing is lost when
//! the connection breaks: after reconnecting, the node sends them again, and
//! the server recognises the resends by their `seq`.

use super::board::SensorBoard;
use super::link::{Incoming, LineBuffer, Link};
use crate::protocol::{Decimal, Message, NodeId, Reading, Reply};
use core::fmt::Write;
use heapless::Deque;

/// How many unanswered messages the node keeps.
pub const QUEUE_CAPACITY: usize = 32;
/// First wait before reconnecting; it doubles up to [`MAX_BACKOFF_MS`].
pub const FIRST_BACKOFF_MS: u64 = 500;
pub const MAX_BACKOFF_MS: u64 = 30_000;

#[derive(Debug, Clone)]
pub struct NodeConfig {
    pub id: NodeId,
    /// Chosen at random at every boot.
    pub session: u32,
    pub period_s: u32,
    /// How long to wait for an answer before giving up on the connection.
    pub reply_timeout_ms: u64,
    /// How often to look for a card.
    pub card_poll_ms: u64,
}

impl NodeConfig {
    pub fn new(id: NodeId, session: u32) -> NodeConfig {
        NodeConfig { id, session, period_s: 5, reply_timeout_ms: 5_000, card_poll_ms: 250 }
    }
}

/// What the main loop should wait for before the next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// Nothing to do until this time (ms).
    At(u64),
    /// An answer from the server is awaited: step again soon.
    Network,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Connection {
    Down { retry_at: u64 },
    Greeting { since: u64 },
    Ready,
    Waiting { since: u64, seq: u32 },
}

pub struct Node {
    config: NodeConfig,
    next_seq: u32,
    queue: Deque<Message, QUEUE_CAPACITY>,
    connection: Connection,
    backoff_ms: u64,
    replies: LineBuffer,
    next_reading_at: u64,
    next_card_poll_at: u64,
    led_off_at: Option<u64>,
    producing: bool,
}

impl Node {
    /// A node that reads its sensors for the first time at `now`.
    pub fn new(config: NodeConfig, now: u64) -> Node {
        Node {
            config,
            next_seq: 1,
            queue: Deque::new(),
            connection: Connection::Down { retry_at: now },
            backoff_ms: FIRST_BACKOFF_MS,
            replies: LineBuffer::default(),
            next_reading_at: now,
            next_card_poll_at: now,
            led_off_at: None,
            producing: true,
        }
    }

    /// Stops reading sensors and cards (the end of a scenario); the queue
    /// is still sent.
    pub fn stop_producing(&mut self) {
        self.producing = false;
    }

    /// True when every message has been answered.
    pub fn is_idle(&self) -> bool {
        self.queue.is_empty()
            && !matches!(self.connection, Connection::Waiting { .. } | Connection::Greeting { .. })
    }

    /// True when the node has greeted the server on its current connection.
    pub fn is_connected(&self) -> bool {
        matches!(self.connection, Connection::Ready | Connection::Waiting { .. })
    }

    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    pub fn step<L: Link, B: SensorBoard, W: Write>(
        &mut self,
        now: u64,
        link: &mut L,
        board: &mut B,
        log: &mut W,
    ) -> Wake {
        if self.led_off_at.is_some_and(|at| now >= at) {
            board.set_led(false);
            self.led_off_at = None;
        }
        if self.producing {
            self.poll_card(now, board, log);
            self.read_sensors(now, board, log);
        }
        self.talk(now, link, board, log)
    }

    fn poll_card<B: SensorBoard, W: Write>(&mut self, now: u64, board: &mut B, log: &mut W) {
        if now < self.next_card_poll_at {
            return;
        }
        self.next_card_poll_at = now + self.config.card_poll_ms;
        if let Some(uid) = board.new_card() {
            let seq = self.take_seq();
            let _ = writeln!(log, "kartu ditempelkan: RFID seq={seq}");
            self.enqueue(Message::Rfid { id: self.config.id.clone(), seq, uid }, log);
        }
    }

    fn read_sensors<B: SensorBoard, W: Write>(&mut self, now: u64, board: &mut B, log: &mut W) {
        if now < self.next_reading_at {
            return;
        }
        let period = u64::from(self.config.period_s) * 1000;
        // Keep to the period's grid; after a long stall, start again from now.
        self.next_reading_at = if now - self.next_reading_at < period {
            self.next_reading_at + period
        } else {
            now + period
        };
        let climate = board.read_climate();
        let temperature = board.read_temperature();
        let light = board.read_light();
        match (climate, temperature) {
            (Ok((dht_celsius, humidity)), Ok(sixteenths)) => {
                let reading = Reading {
                    dht_temperature: Decimal::whole(i64::from(dht_celsius)),
                    humidity: Decimal::whole(i64::from(humidity)),
                    temperature: Decimal::from_sixteenths_to_hundredths(sixteenths),
                    light: Decimal::whole(i64::from(light)),
                };
                let seq = self.take_seq();
                self.enqueue(Message::Data { id: self.config.id.clone(), seq, reading }, log);
            }
            // A reading with a missing value is not sent: the protocol wants all four.
            (Err(e), _) | (_, Err(e)) => {
                let _ = writeln!(log, "{e}: DATA periode ini dilewati");
            }
        }
    }

    fn take_seq(&mut self) -> u32 {
        let seq = self.next_seq;
        self.next_seq = self.next_seq.wrapping_add(1).max(1);
        seq
    }

    /// Queues a message; when the queue is full, the oldest DATA makes room
    /// (a door event is worth more than one old reading).
    fn enqueue<W: Write>(&mut self, message: Message, log: &mut W) {
        if self.queue.is_full() {
            // Not the front while it is being sent: its answer may be on the way.
            let sending = matches!(self.connection, Connection::Waiting { .. }) as usize;
            let oldest_data =
                self.queue.iter().skip(sending).position(|m| matches!(m, Message::Data { .. }));
            let drop_at = oldest_data.map_or(sending, |i| i + sending);
            if let Some(dropped) = remove_at(&mut self.queue, drop_at) {
                let _ = writeln!(log, "antrean penuh: seq={} dibuang", dropped.seq().unwrap_or(0));
            }
        }
        let _ = self.queue.push_back(message);
    }

    fn talk<L: Link, B: SensorBoard, W: Write>(
        &mut self,
        now: u64,
        link: &mut L,
        board: &mut B,
        log: &mut W,
    ) -> Wake {
        match self.connection {
            Connection::Down { retry_at } if now >= retry_at => {
                if link.connect().is_err() {
                    let _ = writeln!(
                        log,
                        "server tidak bisa dihubungi; coba lagi {} ms lagi",
                        self.backoff_ms
                    );
                    self.disconnect(now, link);
                    return self.next_wake();
                }
                self.replies.clear();
                let halo = Message::Halo {
                    id: self.config.id.clone(),
                    session: self.config.session,
                    period_s: self.config.period_s,
                };
                self.connection = Connection::Greeting { since: now };
                if self.send(&halo, link).is_err() {
                    self.disconnect(now, link);
                }
                self.next_wake()
            }
            Connection::Down { .. } => self.next_wake(),
            Connection::Greeting { since } => match self.replies.poll(link) {
                Incoming::Line(line) if Reply::parse(&line) == Some(Reply::Welcome) => {
                    let _ = writeln!(log, "terhubung ke server (sesi {:x})", self.config.session);
                    self.connection = Connection::Ready;
                    self.backoff_ms = FIRST_BACKOFF_MS;
                    self.talk(now, link, board, log)
                }
                Incoming::Line(line) => {
                    let _ = writeln!(log, "HALO ditolak: {line}");
                    self.disconnect(now, link);
                    self.next_wake()
                }
                Incoming::Nothing if now - since < self.config.reply_timeout_ms => Wake::Network,
                Incoming::Nothing | Incoming::Gone => {
                    self.disconnect(now, link);
                    self.next_wake()
                }
            },
            Connection::Ready => match self.queue.front() {
                Some(message) => {
                    let (message, seq) = (message.clone(), message.seq().unwrap_or(0));
                    self.connection = Connection::Waiting { since: now, seq };
                    if self.send(&message, link).is_err() {
                        self.disconnect(now, link);
                        return self.next_wake();
                    }
                    Wake::Network
                }
                None => self.next_wake(),
            },
            Connection::Waiting { since, seq } => match self.replies.poll(link) {
                Incoming::Line(line) => {
                    self.answer(&line, seq, now, board, log);
                    self.talk(now, link, board, log)
                }
                Incoming::Nothing if now - since < self.config.reply_timeout_ms => Wake::Network,
                Incoming::Nothing | Incoming::Gone => {
                    let _ = writeln!(
                        log,
                        "koneksi putus; {} pesan menunggu dikirim ulang",
                        self.queue.len()
                    );
                    self.disconnect(now, link);
                    self.next_wake()
                }
            },
        }
    }

    /// Handles the answer to the message at the front of the queue.
    fn answer<B: SensorBoard, W: Write>(
        &mut self,
        line: &str,
        seq: u32,
        now: u64,
        board: &mut B,
        log: &mut W,
    ) {
        self.connection = Connection::Ready;
        match Reply::parse(line) {
            Some(Reply::Stored(n)) if n == seq => {}
            Some(Reply::Open(n)) if n == seq => {
                let _ = writeln!(log, "BUKA: pintu dibuka");
                board.set_led(true);
                self.led_off_at = Some(now + u64::from(pinmap::DOOR_LED_MS));
            }
            Some(Reply::Refused(n)) if n == seq => {
                let _ = writeln!(log, "TOLAK: kartu tidak terdaftar");
            }
            // Resending a message the server refused would be refused again.
            Some(Reply::Error(error)) => {
                let _ = writeln!(log, "server menolak seq={seq}: {error}");
            }
            _ => {
                let _ = writeln!(log, "jawaban tak terduga untuk seq={seq}: {line}");
                return;
            }
        }
        self.queue.pop_front();
    }

    fn send<L: Link>(&mut self, message: &Message, link: &mut L) -> Result<(), L::Error> {
        let line = message.encode();
        link.write_all(line.as_bytes())?;
        link.write_all(b"\n")
    }

    fn disconnect<L: Link>(&mut self, now: u64, link: &mut L) {
        link.close();
        self.connection = Connection::Down { retry_at: now + self.backoff_ms };
        self.backoff_ms = (self.backoff_ms * 2).min(MAX_BACKOFF_MS);
    }

    fn next_wake(&self) -> Wake {
        let mut at = u64::MAX;
        if self.producing {
            at = at.min(self.next_reading_at).min(self.next_card_poll_at);
        }
        if let Some(off) = self.led_off_at {
            at = at.min(off);
        }
        match self.connection {
            Connection::Down { retry_at } if !self.queue.is_empty() || self.producing => {
                Wake::At(at.min(retry_at))
            }
            Connection::Greeting { .. } | Connection::Waiting { .. } => Wake::Network,
            _ => Wake::At(at),
        }
    }
}

/// Removes the element at `index` from a deque, keeping the others in order.
fn remove_at<T, const N: usize>(queue: &mut Deque<T, N>, index: usize) -> Option<T> {
    let mut kept: Deque<T, N> = Deque::new();
    let mut removed = None;
    let mut i = 0;
    while let Some(item) = queue.pop_front() {
        if i == index {
            removed = Some(item);
        } else {
            let _ = kept.push_back(item);
        }
        i += 1;
    }
    *queue = kept;
    removed
}
