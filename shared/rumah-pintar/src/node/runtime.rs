//! The node: a state machine that the main loop steps.
//!
//! Each [`Node::step`] lets the student's [`Schedule`] do what is due
//! (read the sensors, look for a card, the LED), then talks to the server:
//! connect (with backoff), greet with `HALO`, then send the queued messages
//! one at a time, each waiting for its answer. Messages stay in the queue
//! until the server has answered them, so nothing is lost when the
//! connection breaks: after reconnecting, the node sends them again, and
//! the server recognises the resends by their `seq`.

use super::link::{Incoming, LineBuffer, Link};
use super::schedule::{Outbox, Schedule};
use super::sensors::Sensors;
use crate::protocol::{Line, Message, NodeId, Reading, Reply, Uid};
use core::fmt::Write;
use heapless::Deque;

/// How many unanswered messages the node keeps.
pub const QUEUE_CAPACITY: usize = 32;
/// First wait before reconnecting; it doubles up to [`MAX_BACKOFF_MS`].
pub const FIRST_BACKOFF_MS: u64 = 500;
pub const MAX_BACKOFF_MS: u64 = 30_000;

/// The student's `encode` (langkah 1): a message as its protocol line,
/// without `\n`.
pub type EncodeFn = fn(&Message) -> Line;

#[derive(Debug, Clone)]
pub struct NodeConfig {
    pub id: NodeId,
    /// Chosen at random at every boot.
    pub session: u32,
    pub period_s: u32,
    /// How long to wait for an answer before giving up on the connection.
    pub reply_timeout_ms: u64,
}

impl NodeConfig {
    pub fn new(id: NodeId, session: u32) -> NodeConfig {
        NodeConfig { id, session, period_s: 5, reply_timeout_ms: 5_000 }
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

/// A mistake in the student's code that the node found (and refused to
/// send). The PC's node program stops on it and says which step.
#[derive(Debug, Clone, PartialEq, Eq)]
// No allocator on the node: the line lives in the enum, not in a Box.
#[allow(clippy::large_enum_variant)]
pub enum NodeFault {
    /// `encode` wrote a line that the protocol's parser does not read back
    /// as the same message (langkah 1).
    BadLine { line: Line, expected: Message },
    /// `tick` asked to be called again at a time already past (langkah 6).
    WakeInThePast { now_ms: u64, asked_ms: u64 },
}

impl core::fmt::Display for NodeFault {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            NodeFault::BadLine { line, expected } => write!(
                f,
                "langkah 1 (encode): baris {line:?} tidak terbaca kembali sebagai {expected:?}; \
                 node tidak mengirimnya"
            ),
            NodeFault::WakeInThePast { now_ms, asked_ms } => write!(
                f,
                "langkah 6 (tick): pada {now_ms} ms tick meminta dipanggil lagi pada {asked_ms} ms; \
                 waktu yang dikembalikan tick harus sesudah now_ms (lebih dari {now_ms})"
            ),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Connection {
    Down { retry_at: u64 },
    Greeting { since: u64 },
    Ready,
    Waiting { since: u64, seq: u32 },
}

/// The messages waiting for an answer, and the `seq` counter.
pub struct Queue {
    id: NodeId,
    next_seq: u32,
    messages: Deque<Message, QUEUE_CAPACITY>,
    /// The front message has been sent and its answer is awaited.
    front_in_flight: bool,
}

impl Queue {
    fn take_seq(&mut self) -> u32 {
        let seq = self.next_seq;
        self.next_seq = self.next_seq.wrapping_add(1).max(1);
        seq
    }

    pub(super) fn push_data(&mut self, reading: Reading, log: &mut dyn Write) -> u32 {
        let seq = self.take_seq();
        self.push(Message::Data { id: self.id.clone(), seq, reading }, log);
        seq
    }

    pub(super) fn push_rfid(&mut self, uid: Uid, log: &mut dyn Write) -> u32 {
        let seq = self.take_seq();
        let _ = writeln!(log, "kartu ditempelkan: RFID seq={seq}");
        self.push(Message::Rfid { id: self.id.clone(), seq, uid }, log);
        seq
    }

    /// Queues a message; when the queue is full, the oldest DATA makes room
    /// (a door event is worth more than one old reading).
    fn push(&mut self, message: Message, log: &mut dyn Write) {
        if self.messages.is_full() {
            // Not the front while it is being sent: its answer may be on the way.
            let skip = usize::from(self.front_in_flight);
            let oldest_data =
                self.messages.iter().skip(skip).position(|m| matches!(m, Message::Data { .. }));
            let drop_at = oldest_data.map_or(skip, |i| i + skip);
            if let Some(dropped) = remove_at(&mut self.messages, drop_at) {
                let _ = writeln!(log, "antrean penuh: seq={} dibuang", dropped.seq().unwrap_or(0));
            }
        }
        let _ = self.messages.push_back(message);
    }
}

pub struct Node {
    config: NodeConfig,
    encode: EncodeFn,
    queue: Queue,
    connection: Connection,
    backoff_ms: u64,
    replies: LineBuffer,
    schedule_due: u64,
    led: bool,
    producing: bool,
    fault: Option<NodeFault>,
}

impl Node {
    /// A node whose schedule runs for the first time at `now`; `encode`
    /// writes its lines.
    pub fn new(config: NodeConfig, encode: EncodeFn, now: u64) -> Node {
        let queue = Queue {
            id: config.id.clone(),
            next_seq: 1,
            messages: Deque::new(),
            front_in_flight: false,
        };
        Node {
            config,
            encode,
            queue,
            connection: Connection::Down { retry_at: now },
            backoff_ms: FIRST_BACKOFF_MS,
            replies: LineBuffer::default(),
            schedule_due: now,
            led: false,
            producing: true,
            fault: None,
        }
    }

    /// Stops the schedule (the end of a scenario); the queue is still sent.
    pub fn stop_producing(&mut self) {
        self.producing = false;
    }

    /// True when every message has been answered.
    pub fn is_idle(&self) -> bool {
        self.queue.messages.is_empty()
            && !matches!(self.connection, Connection::Waiting { .. } | Connection::Greeting { .. })
    }

    /// True when the node has greeted the server on its current connection.
    pub fn is_connected(&self) -> bool {
        matches!(self.connection, Connection::Ready | Connection::Waiting { .. })
    }

    pub fn queued(&self) -> usize {
        self.queue.messages.len()
    }

    /// Whether the door LED should be lit (the board's loop drives the pin).
    pub fn led_lit(&self) -> bool {
        self.led
    }

    /// The first mistake found in the student's code, if any.
    pub fn fault(&self) -> Option<&NodeFault> {
        self.fault.as_ref()
    }

    pub fn step<L: Link, S: Sensors, P: Schedule, W: Write>(
        &mut self,
        now: u64,
        link: &mut L,
        sensors: &mut S,
        schedule: &mut P,
        log: &mut W,
    ) -> Wake {
        if self.producing && now >= self.schedule_due {
            let mut out = Outbox { queue: &mut self.queue, led: &mut self.led, log };
            let asked = schedule.tick(now, sensors, &mut out);
            if asked <= now && self.fault.is_none() {
                self.fault = Some(NodeFault::WakeInThePast { now_ms: now, asked_ms: asked });
            }
            self.schedule_due = asked.max(now + 1);
        }
        self.talk(now, link, schedule, log)
    }

    fn talk<L: Link, P: Schedule, W: Write>(
        &mut self,
        now: u64,
        link: &mut L,
        schedule: &mut P,
        log: &mut W,
    ) -> Wake {
        match self.connection {
            Connection::Down { retry_at } if now >= retry_at => {
                let halo = Message::Halo {
                    id: self.config.id.clone(),
                    session: self.config.session,
                    period_s: self.config.period_s,
                };
                let Some(line) = self.checked_line(&halo) else {
                    // Without a readable HALO there is nothing to connect for.
                    self.connection = Connection::Down { retry_at: u64::MAX };
                    return self.next_wake();
                };
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
                self.connection = Connection::Greeting { since: now };
                if send_line(&line, link).is_err() {
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
                    self.talk(now, link, schedule, log)
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
            Connection::Ready => match self.queue.messages.front().cloned() {
                Some(message) => {
                    let seq = message.seq().unwrap_or(0);
                    let Some(line) = self.checked_line(&message) else {
                        let _ = writeln!(log, "seq={seq} tidak dikirim: baris tidak valid");
                        self.queue.messages.pop_front();
                        return self.talk(now, link, schedule, log);
                    };
                    self.connection = Connection::Waiting { since: now, seq };
                    self.queue.front_in_flight = true;
                    if send_line(&line, link).is_err() {
                        self.disconnect(now, link);
                        return self.next_wake();
                    }
                    Wake::Network
                }
                None => self.next_wake(),
            },
            Connection::Waiting { since, seq } => match self.replies.poll(link) {
                Incoming::Line(line) => {
                    self.answer(&line, seq, now, schedule, log);
                    self.talk(now, link, schedule, log)
                }
                Incoming::Nothing if now - since < self.config.reply_timeout_ms => Wake::Network,
                Incoming::Nothing | Incoming::Gone => {
                    let _ = writeln!(
                        log,
                        "koneksi putus; {} pesan menunggu dikirim ulang",
                        self.queue.messages.len()
                    );
                    self.disconnect(now, link);
                    self.next_wake()
                }
            },
        }
    }

    /// The student's line for `message`, if the protocol reads it back as
    /// the same message: a wrong line is never sent, and is reported once.
    /// (The values of a `DATA` are rounded when written, so only its id and
    /// `seq` must come back the same; the graded tests check the numbers.)
    fn checked_line(&mut self, message: &Message) -> Option<Line> {
        let line = (self.encode)(message);
        let same = match (Message::parse(&line), message) {
            (Ok(Message::Data { id, seq, .. }), Message::Data { id: id2, seq: seq2, .. }) => {
                id == *id2 && seq == *seq2
            }
            (Ok(parsed), _) => parsed == *message,
            (Err(_), _) => false,
        };
        if same {
            return Some(line);
        }
        if self.fault.is_none() {
            self.fault = Some(NodeFault::BadLine { line, expected: message.clone() });
        }
        None
    }

    /// Handles the answer to the message at the front of the queue.
    fn answer<P: Schedule, W: Write>(
        &mut self,
        line: &str,
        seq: u32,
        now: u64,
        schedule: &mut P,
        log: &mut W,
    ) {
        self.connection = Connection::Ready;
        self.queue.front_in_flight = false;
        match Reply::parse(line) {
            Some(Reply::Stored(n)) if n == seq => {}
            Some(Reply::Open(n)) if n == seq => {
                let _ = writeln!(log, "BUKA: pintu dibuka");
                let mut out = Outbox { queue: &mut self.queue, led: &mut self.led, log };
                schedule.on_open(now, &mut out);
                // What on_open queued stays; the answered RFID is at the front.
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
        self.queue.messages.pop_front();
    }

    fn disconnect<L: Link>(&mut self, now: u64, link: &mut L) {
        link.close();
        self.queue.front_in_flight = false;
        self.connection = Connection::Down { retry_at: now.saturating_add(self.backoff_ms) };
        self.backoff_ms = (self.backoff_ms * 2).min(MAX_BACKOFF_MS);
    }

    fn next_wake(&self) -> Wake {
        let mut at = u64::MAX;
        if self.producing {
            at = at.min(self.schedule_due);
        }
        match self.connection {
            Connection::Down { retry_at } if !self.queue.messages.is_empty() || self.producing => {
                Wake::At(at.min(retry_at))
            }
            Connection::Greeting { .. } | Connection::Waiting { .. } => Wake::Network,
            _ => Wake::At(at),
        }
    }
}

fn send_line<L: Link>(line: &str, link: &mut L) -> Result<(), L::Error> {
    link.write_all(line.as_bytes())?;
    link.write_all(b"\n")
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
