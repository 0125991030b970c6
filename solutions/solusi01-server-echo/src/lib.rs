//! # Lab 01: a multi-client TCP server (reference solution)
//!
//! The seed's Python server, rebuilt so that every client has its own stream.
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
