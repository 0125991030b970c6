//! Cutting a byte stream into protocol lines, with bounded memory.
//!
//! TCP delivers bytes, not lines: one read may hold half a line, or three
//! lines and a half. Tokio's `read_line` would do the cutting, but it keeps
//! everything until the `\n`, so a client sending one endless line would
//! fill the server's memory. [`LineReader`] keeps at most [`MAX_LINE`] bytes
//! of a line; the bytes of a longer line are thrown away as they arrive.
//!
//! (A client that sends nothing, or an endless line slowly, still holds its
//! connection open: the server puts a timeout around [`LineReader::next_line`].)

use crate::protocol::{ErrorCode, MAX_LINE, ProtocolError};
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};

/// Reads protocol lines from `R` (for example, a `TcpStream`'s read half).
pub struct LineReader<R> {
    reader: BufReader<R>,
    /// The line so far: room for [`MAX_LINE`] bytes plus the `\r` of a `\r\n`.
    line: heapless::Vec<u8, { MAX_LINE + 1 }>,
    /// The line so far did not fit: its bytes are being skipped.
    too_long: bool,
}

impl<R: AsyncRead + Unpin> LineReader<R> {
    pub fn new(reader: R) -> LineReader<R> {
        LineReader { reader: BufReader::new(reader), line: heapless::Vec::new(), too_long: false }
    }

    /// The next line, without its `\n` or `\r\n`.
    ///
    /// - `Some(Ok(line))`: a line, possibly empty. A last line without `\n`
    ///   before the end of the stream is a line too.
    /// - `Some(Err(_))`: `E01` for a line over [`MAX_LINE`] bytes (once, after
    ///   its end), `E02` for a line that is not UTF-8. The next call reads the
    ///   next line: one bad line does not end the conversation.
    /// - `None`: the end of the stream. A read error (a reset connection)
    ///   ends it too: either way, the node is gone.
    ///
    /// Cancel-safe: when the future is dropped (by a timeout or a
    /// `select!`), the part of a line read so far stays here, and the next
    /// call goes on from it.
    pub async fn next_line(&mut self) -> Option<Result<String, ProtocolError>> {
        loop {
            let available = match self.reader.fill_buf().await {
                Ok(bytes) => bytes,
                Err(_) => return None,
            };
            if available.is_empty() {
                // The end of the stream: a last, unfinished line, or nothing.
                if self.line.is_empty() && !self.too_long {
                    return None;
                }
                return Some(self.take_line());
            }
            let (part, line_ends) = match available.iter().position(|&byte| byte == b'\n') {
                Some(end) => (&available[..end], true),
                None => (available, false),
            };
            // Once a line is too long, the rest of it is only skipped.
            if !self.too_long && self.line.extend_from_slice(part).is_err() {
                self.too_long = true;
                self.line.clear();
            }
            let used = part.len() + usize::from(line_ends);
            self.reader.consume(used);
            if line_ends {
                return Some(self.take_line());
            }
        }
    }

    /// The finished line's text, or why it is not one; then a fresh start.
    fn take_line(&mut self) -> Result<String, ProtocolError> {
        let line = self.line.strip_suffix(b"\r").unwrap_or(&self.line);
        let result = if self.too_long || line.len() > MAX_LINE {
            Err(ProtocolError::new(ErrorCode::LineTooLong))
        } else {
            match core::str::from_utf8(line) {
                Ok(text) => Ok(text.to_owned()),
                Err(_) => Err(ProtocolError::new(ErrorCode::NotUtf8)),
            }
        };
        self.line.clear();
        self.too_long = false;
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use tokio::io::{AsyncWriteExt, ReadBuf};

    /// Every line until the end, with errors as their code.
    async fn all_lines(reader: impl AsyncRead + Unpin) -> Vec<Result<String, &'static str>> {
        let mut lines = LineReader::new(reader);
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().await {
            out.push(line.map_err(|error| error.code.code()));
        }
        out
    }

    /// The worst network: one byte per read.
    struct OneByteAtATime {
        bytes: Vec<u8>,
        next: usize,
    }

    impl AsyncRead for OneByteAtATime {
        fn poll_read(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
            buf: &mut ReadBuf<'_>,
        ) -> Poll<std::io::Result<()>> {
            if let Some(&byte) = self.bytes.get(self.next) {
                buf.put_slice(&[byte]);
                self.next += 1;
            }
            Poll::Ready(Ok(()))
        }
    }

    fn ok(line: &str) -> Result<String, &'static str> {
        Ok(line.into())
    }

    #[tokio::test]
    async fn lines_end_at_lf_or_crlf() {
        let input = b"HALO dapur sesi=1 periode=5\nDATA a\r\n\nakhir\r\n";
        assert_eq!(
            all_lines(&input[..]).await,
            [ok("HALO dapur sesi=1 periode=5"), ok("DATA a"), ok(""), ok("akhir")]
        );
    }

    #[tokio::test]
    async fn a_last_line_without_newline_is_still_a_line() {
        assert_eq!(all_lines(&b"satu\ndua"[..]).await, [ok("satu"), ok("dua")]);
        assert_eq!(all_lines(&b""[..]).await, []);
    }

    #[tokio::test]
    async fn exactly_max_line_bytes_fit_and_one_more_does_not() {
        let longest = "x".repeat(MAX_LINE);
        let input = format!("{longest}\n{longest}\r\n{longest}y\n{longest}\r\r\n");
        assert_eq!(
            all_lines(input.as_bytes()).await,
            [ok(&longest), ok(&longest), Err("E01"), Err("E01")]
        );
    }

    #[tokio::test]
    async fn a_very_long_line_is_one_error_then_reading_goes_on() {
        let input = format!("{}\nHALO dapur sesi=1 periode=5\n", "A".repeat(10_000));
        let expected = [Err("E01"), ok("HALO dapur sesi=1 periode=5")];
        assert_eq!(all_lines(input.as_bytes()).await, expected);
        let slow = OneByteAtATime { bytes: input.into_bytes(), next: 0 };
        assert_eq!(all_lines(slow).await, expected);
        // Without a newline, up to the end of the stream.
        assert_eq!(all_lines("B".repeat(10_000).as_bytes()).await, [Err("E01")]);
    }

    #[tokio::test]
    async fn a_line_that_is_not_utf8_is_an_error_then_reading_goes_on() {
        let input = b"DATA \xff\xfe\nsuhu=26.81 \xc2\xb0C\n\xe2\x82\n";
        assert_eq!(all_lines(&input[..]).await, [Err("E02"), ok("suhu=26.81 °C"), Err("E02")]);
    }

    #[tokio::test]
    async fn lines_split_over_one_byte_reads_come_out_whole() {
        let slow =
            OneByteAtATime { bytes: b"HALO a sesi=1 periode=5\r\nDATA a\nRFID".to_vec(), next: 0 };
        assert_eq!(
            all_lines(slow).await,
            [ok("HALO a sesi=1 periode=5"), ok("DATA a"), ok("RFID")]
        );
    }

    #[tokio::test]
    async fn a_line_waits_for_the_rest_of_its_bytes() {
        let (mut node, server) = tokio::io::duplex(64);
        let mut lines = LineReader::new(server);
        let writer = tokio::spawn(async move {
            for part in ["HAL", "O dapur ses", "i=1 periode=5\nDA", "TA dapur\n"] {
                node.write_all(part.as_bytes()).await.unwrap();
                tokio::task::yield_now().await;
            }
            // Dropping `node` closes the stream.
        });
        assert_eq!(lines.next_line().await, Some(Ok("HALO dapur sesi=1 periode=5".into())));
        assert_eq!(lines.next_line().await, Some(Ok("DATA dapur".into())));
        assert_eq!(lines.next_line().await, None);
        writer.await.unwrap();
    }

    #[tokio::test]
    async fn a_timeout_in_the_middle_of_a_line_loses_nothing() {
        let (mut node, server) = tokio::io::duplex(64);
        let mut lines = LineReader::new(server);
        let wait = std::time::Duration::from_millis(20);
        node.write_all(b"HALO dapur ").await.unwrap();
        assert!(tokio::time::timeout(wait, lines.next_line()).await.is_err());
        node.write_all(b"sesi=1 periode=5\n").await.unwrap();
        let line = tokio::time::timeout(wait, lines.next_line()).await.unwrap();
        assert_eq!(line, Some(Ok("HALO dapur sesi=1 periode=5".into())));
    }
}
