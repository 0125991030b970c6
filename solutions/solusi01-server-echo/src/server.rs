//! The accept loop and the per-client loop.

use crate::display::printable;
use std::future::Future;
use std::io::Write;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Same receive size as the seed's `conn.recv(2048)`.
const BUFFER_SIZE: usize = 2048;

/// Serves clients until `shutdown` completes (Ctrl-C in `main`, a channel in tests).
pub async fn run(listener: TcpListener, shutdown: impl Future<Output = ()>) {
    tokio::select! {
        _ = accept_loop(listener) => {}
        _ = shutdown => {}
    }
}

// ANCHOR: accept_loop
/// Accepts connections forever; each client gets its own task and its own stream.
async fn accept_loop(listener: TcpListener) {
    loop {
        match listener.accept().await {
            Ok((stream, peer)) => {
                println!("Koneksi masuk dari {peer}");
                // The stream is moved into the task: no other client can
                // ever write to it. This is the fix for the seed's shared `conn`.
                tokio::spawn(handle_client(stream, peer));
            }
            Err(e) => {
                // For example "too many open files": the server keeps running.
                eprintln!("Gagal menerima koneksi: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}
// ANCHOR_END: accept_loop

// ANCHOR: handle_client
/// Reads from one client and answers `OK\n` to every read, until it leaves.
pub async fn handle_client(mut stream: TcpStream, peer: SocketAddr) {
    let mut buffer = [0u8; BUFFER_SIZE];
    loop {
        let n = match stream.read(&mut buffer).await {
            Ok(0) => break, // the client closed its side
            Ok(n) => n,
            Err(e) => {
                println!("Koneksi dari {peer} terputus: {e}");
                return;
            }
        };
        report_read(&buffer[..n]);
        // The newline matters: the ESP8266 reads with readStringUntil('\n').
        if let Err(e) = stream.write_all(b"OK\n").await {
            println!("Gagal membalas {peer}: {e}");
            return;
        }
    }
    println!("Koneksi dari {peer} ditutup");
}
// ANCHOR_END: handle_client

/// Prints the two lines the seed prints per read, kept together even when
/// many clients print at the same time.
fn report_read(data: &[u8]) {
    let mut out = std::io::stdout().lock();
    // A closed stdout is no reason to drop a client: ignore print errors.
    let _ = writeln!(out, "Panjang data: {}", data.len());
    let _ = writeln!(out, "Data diterima: {}", printable(data));
}
