//! The listening socket, made by hand with socket2.
//!
//! `tokio::net::TcpListener::bind` would be shorter, but it hides the steps
//! that the seed's Python server shows (socket, setsockopt, bind, listen) and
//! it does not let us choose the backlog.

// The starter does not use these yet: remove the `allow` when step 1 is done.
#[allow(unused_imports)]
use socket2::{Domain, Protocol, Socket, Type};
use std::io;
use std::net::SocketAddr;

// ANCHOR: create_listener
/// Creates a TCP socket listening on `addr` with the given backlog.
///
/// The socket is non-blocking, ready to be handed to
/// `tokio::net::TcpListener::from_std`.
pub fn create_listener(addr: SocketAddr, backlog: i32) -> io::Result<std::net::TcpListener> {
    // TODO(langkah 1): buat socket pendengar, langkah demi langkah seperti server Python:
    //   1. `Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?`
    //   2. aktifkan SO_REUSEADDR: `socket.set_reuse_address(true)?`
    //   3. `socket.bind(&addr.into())?`
    //   4. `socket.listen(backlog)?`
    //   5. jadikan non-blocking (tokio yang menunggu, bukan thread): `socket.set_nonblocking(true)?`
    //   6. kembalikan `Ok(socket.into())`
    // Operator `?` meneruskan kesalahan (misalnya port sudah dipakai) ke main.rs,
    // yang mencetak pesan yang jelas. Jangan pakai unwrap() di sini.
    todo!(
        "Langkah 1: buat socket dengan socket2, bind ke {addr}, lalu listen dengan backlog {backlog}"
    )
}
// ANCHOR_END: create_listener
