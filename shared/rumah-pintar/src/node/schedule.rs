//! When the node reads and sends: the [`Schedule`] trait the student
//! implements (langkah 6), and the [`Outbox`] the node gives it.

use super::runtime::Queue;
use super::sensors::Sensors;
use crate::protocol::{Reading, Uid};
use core::fmt;

// ANCHOR: schedule
/// The node's timetable. The given [`Node`](super::Node) calls
/// [`tick`](Schedule::tick) at every step and [`on_open`](Schedule::on_open)
/// when the server answers `BUKA`; everything else (the queue, `seq`, the
/// connection, the replies) is the node's.
pub trait Schedule {
    /// Does what is due at `now_ms`: a `DATA` every period, a look for a
    /// card, switching the LED off. Returns the time (ms) of the next thing
    /// due; the node sleeps until then, or until the network needs it.
    fn tick(&mut self, now_ms: u64, sensors: &mut dyn Sensors, out: &mut Outbox<'_>) -> u64;
    /// The server answered `BUKA` to a card: open the door (the LED).
    fn on_open(&mut self, now_ms: u64, out: &mut Outbox<'_>);
}
// ANCHOR_END: schedule

/// What a [`Schedule`] sends through: messages to the server (the node
/// adds its id and the next `seq`), the door LED, and the log
/// (`writeln!(out, "...")` writes a line to the serial monitor).
pub struct Outbox<'a> {
    pub(super) queue: &'a mut Queue,
    pub(super) led: &'a mut bool,
    pub(super) log: &'a mut dyn fmt::Write,
}

// ANCHOR: outbox
impl Outbox<'_> {
    /// Queues a `DATA` with these readings; returns its `seq`.
    pub fn send_data(&mut self, reading: Reading) -> u32 {
        self.queue.push_data(reading, self.log)
    }

    /// Queues an `RFID` for this card; returns its `seq`.
    pub fn send_rfid(&mut self, uid: Uid) -> u32 {
        self.queue.push_rfid(uid, self.log)
    }

    /// Lights the door LED (`true`) or switches it off (`false`).
    pub fn set_led(&mut self, lit: bool) {
        *self.led = lit;
    }

    /// Whether the door LED is lit.
    pub fn led(&self) -> bool {
        *self.led
    }
}
// ANCHOR_END: outbox

/// The log: the serial monitor on the board, stdout on the PC.
impl fmt::Write for Outbox<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.log.write_str(text)
    }
}
