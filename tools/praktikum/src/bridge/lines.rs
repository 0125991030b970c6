//! Cutting a byte stream into lines, and telling protocol lines from the
//! board's other output.
//!
//! Both sides of the bridge deliver bytes, not lines: a serial read may hold
//! half a line, a TCP read three and a half. [`LineSplitter`] keeps at most
//! [`MAX_LINE`] bytes of a line, like the server's own framing, so garbage
//! without a line end (the ESP8266 boot ROM's messages at 74880 baud, read
//! at 115200) cannot fill the memory: it is skipped and reported once.

/// The longest protocol v1 line, in bytes, without its line ending (the
/// same as `rumah_pintar::protocol::MAX_LINE`).
pub const MAX_LINE: usize = 256;

/// What a stream of bytes gave, one complete line at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// A line of text, without its `\n` or `\r\n`.
    Line(String),
    /// A line longer than [`MAX_LINE`]: its bytes were skipped.
    TooLong(usize),
    /// A line that is not UTF-8 text (noise, or the wrong baud rate).
    NotText(usize),
}

/// Collects bytes into [`Piece`]s, never keeping more than one line.
#[derive(Default)]
pub struct LineSplitter {
    line: Vec<u8>,
    /// Bytes of an over-long line skipped so far (0: not skipping).
    skipped: usize,
}

impl LineSplitter {
    /// Takes the bytes of one read; returns the lines they completed.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<Piece> {
        let mut pieces = Vec::new();
        for &byte in bytes {
            if byte == b'\n' {
                pieces.push(self.take());
            } else if self.skipped > 0 {
                self.skipped += 1;
            } else if self.line.len() < MAX_LINE + 1 {
                // One more than MAX_LINE: room for the `\r` of a `\r\n`.
                self.line.push(byte);
            } else {
                self.skipped = self.line.len() + 1;
                self.line.clear();
            }
        }
        pieces
    }

    fn take(&mut self) -> Piece {
        let line = self.line.strip_suffix(b"\r").unwrap_or(&self.line);
        let piece = if self.skipped > 0 || line.len() > MAX_LINE {
            Piece::TooLong(self.skipped.max(line.len()))
        } else {
            match std::str::from_utf8(line) {
                Ok(text) => Piece::Line(text.to_string()),
                Err(_) => Piece::NotText(line.len()),
            }
        };
        self.line.clear();
        self.skipped = 0;
        piece
    }
}

/// What a line from the board is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `HALO`: the node opens a connection.
    Halo,
    /// `DATA` or `RFID`: a message the server answers with its `seq`.
    Message,
    /// Anything else: the node's own log (its Serial Monitor output, on the
    /// same UART), shown but never sent to the server.
    Log,
}

/// Sorts a line from the board. A protocol line starts with `HALO`, `DATA`
/// or `RFID` and a node id. The id is not checked further (a wrong one gets
/// the server's `ERR E05`, which the student should see), except that it
/// does not end in `:`, so that the node's log line `HALO ditolak: ...` is a
/// log line.
pub fn classify(line: &str) -> Kind {
    let mut words = line.split(' ');
    let command = words.next().unwrap_or("");
    let id = words.next().unwrap_or("");
    if id.is_empty() || id.ends_with(':') {
        return Kind::Log;
    }
    match command {
        "HALO" => Kind::Halo,
        "DATA" | "RFID" => Kind::Message,
        _ => Kind::Log,
    }
}

/// The line as it may be printed: control characters (which could move the
/// cursor or change colours on the terminal) become `�`.
pub fn printable(line: &str) -> String {
    line.chars().map(|c| if c.is_control() { '\u{fffd}' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Piece {
        Piece::Line(text.into())
    }

    #[test]
    fn the_limit_is_the_protocols() {
        assert_eq!(MAX_LINE, rumah_pintar::protocol::MAX_LINE);
    }

    #[test]
    fn lines_end_at_lf_or_crlf_and_may_come_in_pieces() {
        let mut splitter = LineSplitter::default();
        assert_eq!(splitter.push(b"HALO rumah-1 ses"), []);
        assert_eq!(
            splitter.push(b"i=1 periode=5\r\nOK\n\nDATA"),
            [line("HALO rumah-1 sesi=1 periode=5"), line("OK"), line("")]
        );
        assert_eq!(splitter.push(b" x\n"), [line("DATA x")]);
    }

    #[test]
    fn an_overlong_line_is_skipped_and_the_next_one_is_whole() {
        let mut splitter = LineSplitter::default();
        let longest = "x".repeat(MAX_LINE);
        let input = format!("{longest}\n{longest}\r\n{longest}y\n");
        assert_eq!(
            splitter.push(input.as_bytes()),
            [line(&longest), line(&longest), Piece::TooLong(MAX_LINE + 1)]
        );
        let mut garbage = vec![0xE0u8; 5000];
        garbage.extend_from_slice(b"\nHALO rumah-1 sesi=1 periode=5\n");
        assert_eq!(
            splitter.push(&garbage),
            [Piece::TooLong(5000), line("HALO rumah-1 sesi=1 periode=5")]
        );
    }

    #[test]
    fn bytes_that_are_not_text_are_reported() {
        let mut splitter = LineSplitter::default();
        assert_eq!(
            splitter.push(b"\xff\xfe\x00l\n26.81 \xc2\xb0C\n"),
            [Piece::NotText(4), line("26.81 °C")]
        );
    }

    #[test]
    fn protocol_lines_are_told_from_the_nodes_log() {
        use rumah_pintar::protocol::{Decimal, Message, Reading};
        let id: rumah_pintar::protocol::NodeId = "rumah-1".try_into().unwrap();
        let halo = Message::Halo { id: id.clone(), session: 0x3fa9, period_s: 5 };
        let reading = Reading {
            dht_temperature: Decimal::whole(27),
            humidity: Decimal::whole(61),
            temperature: Decimal::whole(26),
            light: Decimal::whole(734),
        };
        let data = Message::Data { id: id.clone(), seq: 2, reading };
        let uid = [0xDE, 0xAD, 0xBE, 0xEF].as_slice().try_into().unwrap();
        let rfid = Message::Rfid { id, seq: 3, uid };
        assert_eq!(classify(&node_rumah::lines::encode(&halo)), Kind::Halo);
        assert_eq!(classify(&node_rumah::lines::encode(&data)), Kind::Message);
        assert_eq!(classify(&node_rumah::lines::encode(&rfid)), Kind::Message);
        // A wrong id is still the node's message: the server explains it.
        assert_eq!(classify("HALO Dapur_1 sesi=1 periode=5"), Kind::Halo);
        for log in [
            "HALO ditolak: ERR E05 id harus 1-32 karakter a-z, 0-9 atau -",
            "terhubung ke server (sesi 3fa9)",
            "kartu ditempelkan: RFID seq=3",
            "BUKA: pintu dibuka",
            "DATA",
            "halo rumah-1 sesi=1 periode=5",
            "",
        ] {
            assert_eq!(classify(log), Kind::Log, "{log}");
        }
    }

    #[test]
    fn control_characters_are_not_printed() {
        assert_eq!(printable("a\u{1b}[2Jb\tc"), "a\u{fffd}[2Jb\u{fffd}c");
    }
}
