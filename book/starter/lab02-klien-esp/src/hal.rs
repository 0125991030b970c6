//! What the client needs from the hardware, as small traits.
//!
//! On the ESP8266 these are implemented by the board's Wi-Fi stack and
//! timers; on the PC by std (see `host.rs`); in tests by in-memory fakes
//! with a virtual clock.

/// A TCP connection, modelled on Arduino's `WiFiClient`:
/// `connect`, `print`, `read` what is available, `stop`.
pub trait TcpConnection {
    type Error: core::fmt::Debug;

    /// Opens a connection to `host:port`.
    fn connect(&mut self, host: &str, port: u16) -> Result<(), Self::Error>;

    /// Sends all of `data` (Arduino's `client.print`).
    fn write_all(&mut self, data: &[u8]) -> Result<(), Self::Error>;

    /// Takes what has arrived so far, without waiting for more.
    fn poll_read(&mut self, buffer: &mut [u8]) -> Result<Poll, Self::Error>;

    /// Closes the connection (Arduino's `client.stop()`).
    fn stop(&mut self);
}

/// What [`TcpConnection::poll_read`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Poll {
    /// This many bytes were copied into the buffer.
    Received(usize),
    /// Nothing has arrived yet.
    Nothing,
    /// The other side closed the connection.
    Closed,
}

/// Milliseconds since start, like Arduino's `millis()`.
pub trait Clock {
    fn now_ms(&mut self) -> u64;
}
