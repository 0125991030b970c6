//! The pieces of the bridge tests: the cable, the board and the server.
//!
//! - [`kabel`]: the USB cable, a socat pseudo-terminal pair.
//! - [`papan`]: the board, the real Lab 03 node on virtual hardware, over
//!   its end of the cable.
//! - [`server`]: the Lab 03 reference server, and what its database holds.

pub mod kabel;
pub mod papan;
pub mod server;
