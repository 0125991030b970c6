//! # contoh: small programs shown in the book
//!
//! The book includes these functions by anchor, so everything a student
//! reads in the chapters "TCP vs UDP" and "Tugas: Rumah Pintar" compiles
//! and is tested here.
//!
//! Layout:
//! - [`tcp`]: a connection first, then a byte stream.
//! - [`udp`]: no connection, one datagram at a time, no delivery promise.
//! - [`driver`]: the Tugas's driver crates (`dht-sensor`, `onewire`,
//!   `mfrc522`) on the virtual devices.
//!
//! The sockets run on 127.0.0.1 with ports chosen by the system; the
//! drivers on a virtual clock, without any hardware.

pub mod driver;
pub mod tcp;
pub mod udp;
