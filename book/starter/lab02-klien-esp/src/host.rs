//! The PC as an "ESP8266": std's TCP, stdout as the serial monitor, and the
//! real clock. Given code: the lab's work is in the library.

use klien_esp::{Clock, Poll, TcpConnection};
use std::io::{ErrorKind, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

/// How long `connect` tries before giving up (Arduino's is about 5 s).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A TCP connection from std, polled without blocking for long.
#[derive(Default)]
pub struct StdConnection {
    stream: Option<TcpStream>,
}

impl TcpConnection for StdConnection {
    type Error = std::io::Error;

    fn connect(&mut self, host: &str, port: u16) -> Result<(), Self::Error> {
        let mut last_error = std::io::Error::new(ErrorKind::NotFound, "alamat tidak ditemukan");
        for address in (host, port).to_socket_addrs()? {
            match TcpStream::connect_timeout(&address, CONNECT_TIMEOUT) {
                Ok(stream) => {
                    stream.set_nodelay(true)?;
                    // A short read timeout turns `read` into a poll.
                    stream.set_read_timeout(Some(Duration::from_millis(5)))?;
                    self.stream = Some(stream);
                    return Ok(());
                }
                Err(e) => last_error = e,
            }
        }
        Err(last_error)
    }

    fn write_all(&mut self, data: &[u8]) -> Result<(), Self::Error> {
        self.stream()?.write_all(data)
    }

    fn poll_read(&mut self, buffer: &mut [u8]) -> Result<Poll, Self::Error> {
        match self.stream()?.read(buffer) {
            Ok(0) => Ok(Poll::Closed),
            Ok(n) => Ok(Poll::Received(n)),
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                ) =>
            {
                Ok(Poll::Nothing)
            }
            Err(e) => Err(e),
        }
    }

    fn stop(&mut self) {
        self.stream = None; // dropping the stream closes it
    }
}

impl StdConnection {
    fn stream(&mut self) -> std::io::Result<&mut TcpStream> {
        self.stream
            .as_mut()
            .ok_or_else(|| std::io::Error::new(ErrorKind::NotConnected, "belum terhubung"))
    }
}

/// `millis()` and `delay()` from the real clock.
pub struct StdTime {
    start: Instant,
}

impl StdTime {
    pub fn new() -> StdTime {
        StdTime { start: Instant::now() }
    }
}

impl Clock for StdTime {
    fn now_ms(&mut self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }
}

impl embedded_hal::delay::DelayNs for StdTime {
    fn delay_ns(&mut self, ns: u32) {
        std::thread::sleep(Duration::from_nanos(u64::from(ns)));
    }
}

/// stdout as the serial monitor.
pub struct Stdout;

impl core::fmt::Write for Stdout {
    fn write_str(&mut self, text: &str) -> core::fmt::Result {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes()).map_err(|_| core::fmt::Error)?;
        // Show a partial line ("[Menghubungkan ke ... ") at once, as a serial monitor does.
        out.flush().map_err(|_| core::fmt::Error)
    }
}
