//! # Lab 03: the smart home, node and server (reference solution)
//!
//! One crate, two programs: the node (`no_std`, on the ESP8266 or on the PC
//! with virtual hardware) and the server (tokio, SQLite). Both speak
//! protocol v1, defined once here. The key ideas of the solution: the node
//! keeps every message until it is answered; the server recognises resends
//! by (id, sesi, seq) and stores each message once.
//!
//! Layout:
//! - [`protocol`]: the messages, their text form, and every error with its
//!   stable code.
//! - [`host`]: the node on the PC (std TCP, virtual hardware, scenarios).
//! - [`node`]: the node application (`no_std`): sensors, queue, reconnects, LED.
//! - [`server`]: the server's parts (std): line framing, access list, SQLite storage.

// Without the `host` feature (the ESP8266 build) the crate is `no_std`:
// the protocol and the node use `core` and `heapless` only.
#![cfg_attr(not(any(test, feature = "host")), no_std)]

#[cfg(feature = "host")]
pub mod host;
pub mod node;
pub mod protocol;
#[cfg(feature = "host")]
pub mod server;
