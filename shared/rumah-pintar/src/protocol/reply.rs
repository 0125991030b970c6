//! What the server answers, and its text form both ways.

use super::Line;
use super::error::{ErrorCode, ProtocolError};
use core::fmt::Write;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// `OK`: the answer to `HALO`.
    Welcome,
    /// `OK <n>`: `DATA` number `n` is stored (or was already).
    Stored(u32),
    /// `BUKA <n>`: the card of `RFID` number `n` may open the door.
    Open(u32),
    /// `TOLAK <n>`: it may not.
    Refused(u32),
    /// `ERR <code> <message>`: the line was not accepted.
    Error(ProtocolError),
}

impl Reply {
    /// The line the server sends, without its `\n`.
    pub fn encode(&self) -> Line {
        let mut line = Line::new();
        let _ = match self {
            Reply::Welcome => write!(line, "OK"),
            Reply::Stored(seq) => write!(line, "OK {seq}"),
            Reply::Open(seq) => write!(line, "BUKA {seq}"),
            Reply::Refused(seq) => write!(line, "TOLAK {seq}"),
            Reply::Error(error) => write!(line, "ERR {error}"),
        };
        line
    }

    /// Reads a server line (the node's side); `None` when it is not one.
    pub fn parse(line: &str) -> Option<Reply> {
        let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
        let seq = || rest.parse::<u32>().ok().filter(|_| rest.bytes().all(|b| b.is_ascii_digit()));
        match word {
            "OK" if rest.is_empty() => Some(Reply::Welcome),
            "OK" => seq().map(Reply::Stored),
            "BUKA" => seq().map(Reply::Open),
            "TOLAK" => seq().map(Reply::Refused),
            "ERR" => {
                let (code, text) = rest.split_once(' ').unwrap_or((rest, ""));
                let code = ErrorCode::ALL.into_iter().find(|c| c.code() == code)?;
                let detail =
                    text.strip_prefix(code.message()).unwrap_or(text).trim_start_matches(": ");
                Some(Reply::Error(ProtocolError::about(code, detail)))
            }
            _ => None,
        }
    }
}
