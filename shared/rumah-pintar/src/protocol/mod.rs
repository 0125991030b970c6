//! Protocol v1 between a smart-home node and the server.
//!
//! Text lines, UTF-8, each ending in `\n` (`\r\n` is accepted), at most
//! [`MAX_LINE`] bytes without the line ending. One TCP connection per node,
//! kept open. The node speaks first:
//!
//! ```text
//! HALO <id> sesi=<1-8 hex digits> periode=<seconds>          -> OK
//! DATA <id> seq=<n> suhu_dht=<°C> lembap=<%RH> suhu=<°C> cahaya=<0..1023>  -> OK <n>
//! RFID <id> seq=<n> uid=<hex of 4, 7 or 10 bytes>             -> BUKA <n> | TOLAK <n>
//! anything malformed                                          -> ERR <code> <message>
//! ```
//!
//! Layout:
//! - [`message`]: what a node says, and its text form both ways.
//! - [`reply`]: what the server answers.
//! - [`error`]: every error, with its stable code and Indonesian message.
//! - [`fields`]: checking each part of a line (id, sesi, seq, values, uid).
//! - [`decimal`]: the fixed-point numbers in `DATA` (at most four decimals).

pub mod decimal;
pub mod error;
pub mod fields;
pub mod message;
pub mod reply;

pub use decimal::Decimal;
pub use error::{ErrorCode, ProtocolError};
pub use message::{Message, NodeId, Reading, Uid};
pub use reply::Reply;

/// The longest line, in bytes, without its line ending.
pub const MAX_LINE: usize = 256;

/// A line being written, always within [`MAX_LINE`].
pub type Line = heapless::String<MAX_LINE>;
