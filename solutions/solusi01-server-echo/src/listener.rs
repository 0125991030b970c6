//! The listening socket, made by hand with socket2.
//!
//! `tokio::net::TcpListener::bind` would be shorter, but it hides the steps
//! that the seed's Python server shows (socket, setsockopt, bind, listen) and
//! it does not let us choose the backlog.

use socket2::{Domain, Protocol, Socket, Type};
use std::io;
use std::net::SocketAddr;

// ANCHOR: create_listener
/// Creates a TCP socket listening on `addr` with the given backlog.
///
/// The socket is non-blocking, ready to be handed to
/// `tokio::net::TcpListener::from_std`.
pub fn create_listener(addr: SocketAddr, backlog: i32) -> io::Result<std::net::TcpListener> {
    // socket(): an IPv4 or IPv6 TCP socket, matching the address.
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    // SO_REUSEADDR: restart the server at once, even while old connections
    // to this port are still in TIME_WAIT.
    socket.set_reuse_address(true)?;
    socket.bind(&addr.into())?;
    // listen(): at most `backlog` connections wait for accept().
    socket.listen(backlog)?;
    // tokio drives the socket itself: it must never block a thread.
    socket.set_nonblocking(true)?;
    Ok(socket.into())
}
// ANCHOR_END: create_listener
