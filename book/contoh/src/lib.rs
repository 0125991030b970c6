//! # contoh: small programs shown in the book
//!
//! The book includes these functions by anchor, so everything a student
//! reads in the chapter "TCP vs UDP" compiles and is tested here.
//!
//! Layout:
//! - [`tcp`]: a connection first, then a byte stream.
//! - [`udp`]: no connection, one datagram at a time, no delivery promise.
//!
//! Everything runs on 127.0.0.1 with ports chosen by the system.

pub mod tcp;
pub mod udp;
