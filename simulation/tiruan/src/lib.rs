//! # tiruan: the node's world, written once for the PC and the ESP8266
//!
//! The fakes that let the smart-home node run without hardware or network,
//! in plain `no_std` code with no allocation and no floating point, so the
//! very same fakes run on the PC and on the ESP8266's CPU (under QEMU):
//!
//! - [`scenario`]: sensor readings and card taps from a scenario file,
//!   turned into constant tables by `build.rs`;
//! - [`server`]: a link whose far end answers like the smart-home server
//!   (`OK`, `OK <n>`, `BUKA <n>`, `TOLAK <n>`), and at scripted moments
//!   breaks the connection or is not there at all;
//! - [`transcript`]: every protocol line both ways and every log line, with
//!   its virtual time;
//! - [`run`]: the main loop on a virtual clock.
//!
//! [`run`] drives the given node (`rumah_pintar::node`) with whichever
//! student code it is handed: the `encode` function and the schedule. The
//! firmware passes the student's `node_rumah` or the reference solution's;
//! the library uses neither (its tests and the example `transkrip` do).
//!
//! Two builds of [`run`] (PC and lx106) must print the same transcript, byte
//! for byte: that is CI's check that the node behaves the same on the
//! ESP8266's instruction set.

#![no_std]

pub mod scenario;
pub mod server;
pub mod transcript;

mod run;
pub use run::{NODE_ID, Outcome, PERIOD_S, SESSION, run};
