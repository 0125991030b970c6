//! # rumah-pintar: the given code of Lab 03 (the smart home)
//!
//! Everything in Lab 03 that the student does not write, in one crate that
//! the student's `labs/lab03-rumah-pintar`, the reference solution, the
//! tools (praktikum, dasbor, the serial bridge) and the firmware all depend
//! on. Nothing here depends on a solution.
//!
//! Tata letak (layout):
//! - [`protocol`]: protocol v1: the messages, their parser, the replies,
//!   every error with its stable code, and exact decimals (`no_std`).
//! - [`node`]: the node's given half (`no_std`): time, the queue, the link,
//!   reconnects with backoff, every reply; and the two traits the student
//!   implements, [`node::Sensors`] and [`node::Schedule`].
//! - [`host`]: the node on the PC (std's TCP, the virtual hardware, a
//!   scenario in virtual or scaled time).
//! - [`server`]: the smart-home server (tokio, SQLite): line framing, the
//!   access list, storage, the protocol's rules (`handle_line`) and the run
//!   loop. Its program is `server-rumah-pintar`.

// Without the `host` feature (the ESP8266 build) the crate is `no_std`:
// the protocol and the node use `core` and `heapless` only.
#![cfg_attr(not(any(test, feature = "host")), no_std)]

#[cfg(feature = "host")]
pub mod host;
pub mod node;
pub mod protocol;
#[cfg(feature = "host")]
pub mod server;
