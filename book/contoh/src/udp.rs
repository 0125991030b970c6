//! UDP: no connection, separate datagrams, and no promise of delivery.

use socket2::SockRef;
use std::io;
use std::net::UdpSocket;
use std::time::Duration;

// ANCHOR: tanpa_pendengar
/// Sends a datagram to a port where nobody listens: `send_to` still
/// succeeds, because UDP has no connection to check.
pub fn send_without_listener() -> io::Result<usize> {
    let nobody = UdpSocket::bind("127.0.0.1:0")?;
    let address = nobody.local_addr()?;
    drop(nobody); // the port is closed now

    let sender = UdpSocket::bind("127.0.0.1:0")?;
    sender.send_to(b"halo?", address)
}
// ANCHOR_END: tanpa_pendengar

// ANCHOR: datagram
/// Sends two datagrams: each `recv_from` returns exactly one of them.
pub fn two_datagrams() -> io::Result<Vec<String>> {
    let receiver = UdpSocket::bind("127.0.0.1:0")?;
    receiver.set_read_timeout(Some(Duration::from_secs(5)))?;
    let sender = UdpSocket::bind("127.0.0.1:0")?;

    sender.send_to(b"satu", receiver.local_addr()?)?;
    sender.send_to(b"dua", receiver.local_addr()?)?;

    let mut received = Vec::new();
    let mut buffer = [0u8; 64];
    for _ in 0..2 {
        let (n, _from) = receiver.recv_from(&mut buffer)?;
        received.push(String::from_utf8_lossy(&buffer[..n]).into_owned());
    }
    Ok(received)
}
// ANCHOR_END: datagram

// ANCHOR: hilang
/// Sends `count` datagrams to a receiver that is too busy to read them.
/// Its small receive buffer fills up and the rest are dropped silently:
/// the sender is never told. Returns how many arrived.
pub fn busy_receiver_loses_datagrams(count: usize) -> io::Result<usize> {
    let receiver = UdpSocket::bind("127.0.0.1:0")?;
    SockRef::from(&receiver).set_recv_buffer_size(4096)?;
    let sender = UdpSocket::bind("127.0.0.1:0")?;

    let reading = [b'x'; 512];
    for _ in 0..count {
        sender.send_to(&reading, receiver.local_addr()?)?;
    }

    // Only now does the receiver look: it takes what is still queued.
    receiver.set_nonblocking(true)?;
    let mut arrived = 0;
    let mut buffer = [0u8; 1024];
    while receiver.recv_from(&mut buffer).is_ok() {
        arrived += 1;
    }
    Ok(arrived)
}
// ANCHOR_END: hilang
