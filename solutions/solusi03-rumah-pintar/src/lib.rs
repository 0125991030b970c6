//! # Lab 03: the smart home, node and server (reference solution)
//!
//! Work in progress: this crate holds protocol v1, which the node (no_std,
//! on the ESP8266 or on the PC with virtual hardware) and the server (tokio,
//! SQLite) share. The node, the server and the starter come next.
//!
//! Layout:
//! - [`protocol`]: the messages, their text form, and every error with its
//!   stable code.

#![cfg_attr(not(test), no_std)]

pub mod protocol;
