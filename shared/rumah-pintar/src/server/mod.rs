//! The server's building blocks (std only, behind the `host` feature).
//!
//! The server runs on the PC: it needs threads, files and sockets, which
//! the node on the ESP8266 does not have. That is why it sits behind a cargo
//! feature: a firmware build (`default-features = false`) leaves it out.
//!
//! Tata letak (layout):
//! - [`framing`]: cutting the TCP byte stream into lines of at most
//!   [`MAX_LINE`](crate::protocol::MAX_LINE) bytes, without ever keeping
//!   more than that of one line.
//! - [`access`]: the access list, the file of card UIDs that may open the door.
//! - [`storage`]: the SQLite database (its schema is documented there), in
//!   WAL mode so that a dashboard can read while the server writes.
//! - [`handler`]: the protocol's rules: answering one line of a connection.
//! - [`run`]: the accept loop and one task per node, with an idle timeout.
//! - [`local`]: the server on a thread of another program (tests, tools).

pub mod access;
pub mod framing;
pub mod handler;
pub mod local;
pub mod run;
pub mod storage;

pub use access::AccessList;
pub use framing::LineReader;
pub use storage::{Storage, StorageError, StoredDoorEvent, StoredNode, StoredReading};
