//! # Lab 01: a multi-client TCP server
//!
//! The seed's Python server, rebuilt so that every client has its own stream.
//!
//! ## Yang harus Anda kerjakan
//! 1. `listener.rs`, langkah 1: membuat socket pendengar dengan socket2.
//! 2. `server.rs`, langkah 2: loop accept, satu task tokio per klien.
//! 3. `server.rs`, langkah 3: loop per klien, membalas `OK\n` untuk setiap data.
//!
//! Cari `TODO` dan `todo!()`. Periksa hasilnya dengan `cargo praktikum uji lab01`.
//! Bab "Lab 01: Server Socket" di buku menjelaskan semuanya.
//!
//! Layout:
//! - [`listener`]: creates the listening socket with socket2 (SO_REUSEADDR, backlog).
//! - [`server`]: the accept loop and the per-client loop, on tokio.
//! - [`display`]: turns received bytes into text that is safe to print.
//!
//! `main.rs` only reads the command line, prints the start-up line and
//! wires Ctrl-C to a clean shutdown.

pub mod display;
pub mod listener;
pub mod server;
