//! TCP: connect first, then a stream of bytes with no message boundaries.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};

// ANCHOR: tanpa_pendengar
/// Connects to a port where nobody listens: TCP notices at once
/// (the other host answers the SYN with a reset: "connection refused").
pub fn connect_without_listener() -> io::Error {
    let port = free_port();
    match TcpStream::connect(("127.0.0.1", port)) {
        Ok(_) => io::Error::other("tidak terduga: ada yang mendengarkan di port ini"),
        Err(e) => e,
    }
}
// ANCHOR_END: tanpa_pendengar

// ANCHOR: aliran
/// Sends two writes and shows that the receiver gets one stream of bytes.
///
/// Returns how the receiver's reads came in: on a quiet loopback the two
/// writes usually arrive in a single read, because TCP keeps no boundaries.
pub fn two_writes_one_stream() -> io::Result<Vec<String>> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let mut sender = TcpStream::connect(listener.local_addr()?)?;
    let (mut receiver, _) = listener.accept()?;

    sender.write_all(b"satu")?;
    sender.write_all(b"dua")?;
    sender.shutdown(Shutdown::Write)?; // no more data: the receiver will read 0

    let mut reads = Vec::new();
    let mut buffer = [0u8; 64];
    loop {
        let n = receiver.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        reads.push(String::from_utf8_lossy(&buffer[..n]).into_owned());
    }
    Ok(reads)
}
// ANCHOR_END: aliran

/// A port that was free a moment ago (bound, then released).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(9)
}
