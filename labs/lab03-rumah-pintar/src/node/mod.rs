//! The node application: what runs on the ESP8266 (or on the PC with the
//! virtual hardware). `no_std`, no allocation.
//!
//! Layout:
//! - [`board`]: the sensors, the card reader and the LED behind one trait,
//!   and its implementation with the real driver crates.
//! - [`link`]: the connection to the server (like Lab 02's), and reading
//!   reply lines from it.
//! - [`app`]: the node itself: a state machine stepped by the main loop.

pub mod app;
pub mod board;
pub mod link;

pub use app::{Node, NodeConfig, Wake};
pub use board::{DriverBoard, SensorBoard, SensorError};
pub use link::{Link, Poll};
