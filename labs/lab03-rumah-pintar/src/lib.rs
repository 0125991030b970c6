//! # Lab 03: the smart home, node and server
//!
//! ## Yang harus Anda kerjakan
//! 1. `protocol/message.rs`, langkah 1: `Message::encode`, baris yang dikirim node.
//! 2. `protocol/message.rs`, langkah 2: `Message::parse`, membaca dan memeriksa baris di server.
//! 3. `server/handler.rs`, langkah 3: `handle_line`, aturan protokol di server.
//!
//! Cari `TODO` dan `todo!()`. Periksa hasilnya dengan `cargo praktikum uji lab03`.
//! Bab "Tugas: Rumah Pintar" di buku berisi spesifikasi protokolnya.
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
