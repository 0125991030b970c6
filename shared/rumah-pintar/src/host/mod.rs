//! The node on the PC: std's TCP as its network, the virtual hardware as
//! its board, and a loop that plays a scenario in virtual or scaled time.
//!
//! Tata letak (layout):
//! - [`tcp`]: [`Link`](crate::node::Link) over `std::net::TcpStream`.
//! - [`devices`]: the scenario's virtual devices as the node's parts.
//! - [`runner`]: the main loop, in virtual time or scaled wall-clock time.

pub mod devices;
pub mod runner;
pub mod tcp;
