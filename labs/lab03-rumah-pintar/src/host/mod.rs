//! The node on the PC: std's TCP as its network, the virtual hardware as
//! its board, and a loop that plays a scenario in virtual or scaled time.
//!
//! Layout:
//! - [`tcp`]: [`Link`](crate::node::Link) over `std::net::TcpStream`.
//! - [`virtual_board`]: the board with the real drivers on virtual devices.
//! - [`runner`]: the main loop, in virtual time or scaled wall-clock time.

pub mod runner;
pub mod tcp;
pub mod virtual_board;
