//! A TCP client for tests: it reads replies line by line, with timeouts.

use crate::REPLY_TIMEOUT;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// Why [`TestClient::read_line`] returned no line.
#[derive(Debug)]
pub enum NoLine {
    /// Time ran out; the bytes received so far (without a newline).
    TimedOut(Vec<u8>),
    /// The other side closed the connection; the bytes received before.
    Closed(Vec<u8>),
    /// A socket error, such as a reset.
    Failed(std::io::Error),
}

/// One test connection, named for failure messages (`klien 3`).
pub struct TestClient {
    name: String,
    stream: TcpStream,
    /// Bytes received but not yet returned (TCP may merge replies).
    pending: Vec<u8>,
}

impl TestClient {
    /// Connects to `addr`, or fails the test with an explanation.
    pub fn connect(addr: SocketAddr, name: &str) -> TestClient {
        TestClient::try_connect(addr, name).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Connects to `addr`; the error explains the failure.
    pub fn try_connect(addr: SocketAddr, name: &str) -> Result<TestClient, String> {
        let stream = TcpStream::connect_timeout(&addr, REPLY_TIMEOUT).map_err(|e| {
            format!("{name} tidak bisa terhubung ke server {addr}: {e}. Apakah server masih berjalan dan menerima koneksi (accept)?")
        })?;
        let _ = stream.set_nodelay(true);
        Ok(TestClient { name: name.to_string(), stream, pending: Vec::new() })
    }

    /// The client's own address, as the server sees it.
    pub fn local_addr(&self) -> SocketAddr {
        self.stream.local_addr().expect("a connected socket has a local address")
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Sends all of `data`.
    pub fn send(&mut self, data: &[u8]) {
        self.stream.write_all(data).unwrap_or_else(|e| {
            panic!(
                "{} gagal mengirim data: {e}. Apakah server menutup koneksi terlalu cepat?",
                self.name
            )
        });
    }

    /// Closes the sending side (the server then reads 0 bytes: end of data).
    pub fn finish_sending(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Write);
    }

    /// Reads up to and including the next `\n`.
    pub fn read_line(&mut self, timeout: Duration) -> Result<Vec<u8>, NoLine> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(end) = self.pending.iter().position(|&b| b == b'\n') {
                return Ok(self.pending.drain(..=end).collect());
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(NoLine::TimedOut(self.pending.clone()));
            }
            match self.read_some(left) {
                Ok(0) => return Err(NoLine::Closed(self.pending.clone())),
                Ok(_) => {}
                Err(e) if is_timeout(&e) => {}
                Err(e) => return Err(NoLine::Failed(e)),
            }
        }
    }

    /// Reads everything until the server closes the connection.
    pub fn read_to_end(&mut self, timeout: Duration) -> Vec<u8> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                panic!(
                    "{}: server tidak menutup koneksi dalam {} detik setelah klien selesai mengirim. Diterima sejauh ini: {:?}",
                    self.name,
                    timeout.as_secs(),
                    String::from_utf8_lossy(&self.pending)
                );
            }
            match self.read_some(left) {
                Ok(0) => return std::mem::take(&mut self.pending),
                Ok(_) => {}
                Err(e) if is_timeout(&e) => {}
                Err(e) => panic!("{}: koneksi gagal saat menunggu balasan: {e}", self.name),
            }
        }
    }

    /// Expects exactly `OK\n` as the next reply; `what` says what was sent.
    pub fn expect_ok(&mut self, what: &str) {
        self.check_ok(what).unwrap_or_else(|e| panic!("{e}"));
    }

    /// Like [`TestClient::expect_ok`], but returns the explanation instead of
    /// failing (for tests with many clients, that report once).
    pub fn check_ok(&mut self, what: &str) -> Result<(), String> {
        let reply = self.read_line(REPLY_TIMEOUT);
        let name = &self.name;
        match reply {
            Ok(line) if line == b"OK\n" => Ok(()),
            Ok(line) => Err(format!(
                "{name} mengirim {what} dan mengharapkan balasan \"OK\\n\", tetapi menerima {:?}.",
                String::from_utf8_lossy(&line)
            )),
            Err(NoLine::TimedOut(partial)) if partial.is_empty() => Err(format!(
                "{name} mengirim {what} tetapi tidak menerima balasan apa pun dalam {} detik.\n\
                 Apakah server melayani klien ini (setiap klien di task-nya sendiri, dengan tokio::spawn), \
                 dan membalas lewat stream milik klien ini sendiri (bukan milik klien lain)?",
                REPLY_TIMEOUT.as_secs()
            )),
            Err(NoLine::TimedOut(partial)) => Err(format!(
                "{name} mengirim {what} dan menerima {:?} tanpa akhir baris '\\n'. Balasan harus \"OK\\n\": \
                 klien ESP8266 membaca sampai '\\n' (readStringUntil).",
                String::from_utf8_lossy(&partial)
            )),
            Err(NoLine::Closed(partial)) => Err(format!(
                "{name} mengirim {what}, tetapi server menutup koneksi (diterima sebelumnya: {:?}). \
                 Koneksi harus tetap terbuka sampai klien yang menutupnya.",
                String::from_utf8_lossy(&partial)
            )),
            Err(NoLine::Failed(e)) => {
                Err(format!("{name} mengirim {what}, lalu koneksinya gagal: {e}"))
            }
        }
    }

    /// Expects that nothing arrives during `quiet` (extra or misdirected replies).
    pub fn expect_silence(&mut self, quiet: Duration, why: &str) {
        self.check_silence(quiet, why).unwrap_or_else(|e| panic!("{e}"));
    }

    /// Like [`TestClient::expect_silence`], but returns the explanation.
    pub fn check_silence(&mut self, quiet: Duration, why: &str) -> Result<(), String> {
        let deadline = Instant::now() + quiet;
        while self.pending.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(());
            }
            match self.read_some(left) {
                Ok(0) => return Ok(()), // closed, and nothing was sent to us
                Ok(_) => {}
                Err(e) if is_timeout(&e) => {}
                Err(_) => return Ok(()),
            }
        }
        Err(format!(
            "{} menerima data yang tidak diharapkan: {:?}. {why}",
            self.name,
            String::from_utf8_lossy(&self.pending)
        ))
    }

    /// Drops the connection with a TCP reset (RST) instead of a normal close,
    /// as a board that loses power or a crashed program does.
    pub fn reset(self) {
        let socket = socket2::SockRef::from(&self.stream);
        let _ = socket.set_linger(Some(Duration::ZERO));
        drop(self);
    }

    fn read_some(&mut self, timeout: Duration) -> std::io::Result<usize> {
        self.stream.set_read_timeout(Some(timeout.max(Duration::from_millis(1))))?;
        let mut buffer = [0u8; 4096];
        let n = self.stream.read(&mut buffer)?;
        self.pending.extend_from_slice(&buffer[..n]);
        Ok(n)
    }
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted)
}
