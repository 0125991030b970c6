//! # Lab 02: the ESP8266 socket client, as `no_std` Rust
//!
//! The seed's Arduino sketch (connect, send "Hai from ESP8266", read the
//! reply up to '\n', print it, stop, wait, repeat) rebuilt so that the very
//! same code runs on an ESP8266 and on a PC.
//!
//! ## Yang harus Anda kerjakan
//! 1. `reply.rs`, langkah 1: `read_until_newline`, seperti `readStringUntil('\n')`.
//! 2. `client.rs`, langkah 2: `connect_server`, satu putaran sketsa Arduino.
//!
//! Cari `TODO` dan `todo!()`. Periksa hasilnya dengan `cargo praktikum uji lab02`.
//! Bab "Lab 02: Klien Socket ESP8266" di buku menjelaskan semuanya.
//!
//! Layout:
//! - [`hal`]: the small traits the client needs: a TCP connection (like
//!   Arduino's `WiFiClient`), a clock (`millis()`); the serial monitor is any
//!   `core::fmt::Write`, the delay is embedded-hal's `DelayNs`.
//! - [`reply`]: reading a reply up to '\n' with a timeout, like
//!   `readStringUntil('\n')`, into a fixed buffer.
//! - [`client`]: one pass of the seed's `connect_server()`.
//!
//! Nothing here allocates, and nothing uses std: on the PC, `main.rs` plugs
//! in std's TCP, stdout and clock (the `host` feature).

#![cfg_attr(not(test), no_std)]

pub mod client;
pub mod hal;
pub mod reply;

pub use client::{Cycle, Settings, connect_server};
pub use hal::{Clock, Poll, TcpConnection};
pub use reply::{LineEnd, REPLY_CAPACITY, Reply, read_until_newline};
