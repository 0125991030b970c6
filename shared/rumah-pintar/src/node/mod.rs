//! The node's given half: everything on the ESP8266 (or on the PC with the
//! virtual hardware) that is not the student's Lab 03 work. `no_std`, no
//! allocation.
//!
//! The student's crate supplies three things, and the [`Node`] here drives
//! them:
//! - an `encode` function (langkah 1): a [`Message`](crate::protocol::Message)
//!   as its protocol line;
//! - a [`Sensors`] implementation (langkah 2-5): the DHT11, the DS18B20,
//!   the LDR and the card reader, read with the driver crates;
//! - a [`Schedule`] implementation (langkah 6): when to read what and send
//!   it, and the door LED.
//!
//! Tata letak (layout):
//! - [`sensors`]: the [`Sensors`] trait and its values.
//! - [`schedule`]: the [`Schedule`] trait and the [`Outbox`] it sends through.
//! - [`link`]: the connection to the server, and reading reply lines from it.
//! - [`runtime`]: the node itself: time, the queue, the connection with its
//!   reconnects and backoff, and every reply.

pub mod link;
pub mod runtime;
pub mod schedule;
pub mod sensors;

pub use link::{Link, Poll};
pub use runtime::{EncodeFn, Node, NodeConfig, NodeFault, Wake};
pub use schedule::{Outbox, Schedule};
pub use sensors::{AnalogInput, Climate, SensorError, Sensors};

/// How long the door LED stays lit after `BUKA`, in ms (from the pin map).
pub const DOOR_LED_MS: u64 = pinmap::DOOR_LED_MS as u64;
