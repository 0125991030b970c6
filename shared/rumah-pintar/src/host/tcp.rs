//! The node's link to the server over std's TCP.

use crate::node::{Link, Poll};
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

pub struct TcpLink {
    server: SocketAddr,
    stream: Option<TcpStream>,
}

impl TcpLink {
    pub fn new(server: SocketAddr) -> TcpLink {
        TcpLink { server, stream: None }
    }
}

impl Link for TcpLink {
    type Error = std::io::Error;

    fn connect(&mut self) -> std::io::Result<()> {
        let stream = TcpStream::connect_timeout(&self.server, Duration::from_secs(5))?;
        stream.set_nodelay(true)?;
        stream.set_nonblocking(true)?;
        self.stream = Some(stream);
        Ok(())
    }

    fn write_all(&mut self, data: &[u8]) -> std::io::Result<()> {
        let stream = self.stream.as_mut().ok_or(ErrorKind::NotConnected)?;
        // Lines are short: the socket buffer takes them at once, but a full
        // buffer on a non-blocking socket must be waited out, not lost.
        let mut rest = data;
        while !rest.is_empty() {
            match stream.write(rest) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => rest = &rest[n..],
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(1))
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    fn poll_read(&mut self, buffer: &mut [u8]) -> std::io::Result<Poll> {
        let stream = self.stream.as_mut().ok_or(ErrorKind::NotConnected)?;
        match stream.read(buffer) {
            Ok(0) => Ok(Poll::Closed),
            Ok(n) => Ok(Poll::Received(n)),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::Interrupted) => {
                Ok(Poll::Nothing)
            }
            Err(e) => Err(e),
        }
    }

    fn close(&mut self) {
        self.stream = None;
    }
}
