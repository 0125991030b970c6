//! Command line, start-up line and Ctrl-C. This file is given: the lab's
//! work is in `listener.rs` and `server.rs`.

use clap::Parser;
use std::io::{self, ErrorKind};
use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

/// Server socket TCP: membalas `OK\n` untuk setiap data yang diterima.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Alamat IP yang didengarkan (0.0.0.0 = semua antarmuka jaringan)
    #[arg(long, default_value = "0.0.0.0")]
    host: String,
    /// Port TCP (0 = pilihkan port bebas)
    #[arg(long, default_value_t = 2004)]
    port: u16,
    /// Jumlah koneksi yang boleh antre menunggu accept()
    #[arg(long, default_value_t = 4)]
    backlog: i32,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let Ok(ip) = args.host.parse::<IpAddr>() else {
        eprintln!(
            "Kesalahan: alamat host '{}' tidak valid. Contoh yang benar: 0.0.0.0 atau 127.0.0.1",
            args.host
        );
        return ExitCode::from(2);
    };
    let addr = SocketAddr::new(ip, args.port);

    // ANCHOR: start
    let listener = match create_tokio_listener(addr, args.backlog) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("Kesalahan: {}", bind_error_message(addr, &e));
            return ExitCode::FAILURE;
        }
    };
    // Watch Ctrl-C from now on: polling its future once installs the
    // handler, so a Ctrl-C right after the start line is not missed.
    let mut ctrl_c = Box::pin(tokio::signal::ctrl_c());
    std::future::poll_fn(|cx| {
        let _ = ctrl_c.as_mut().poll(cx);
        std::task::Poll::Ready(())
    })
    .await;

    // With --port 0 the system picks the port: print the real one.
    match listener.local_addr() {
        Ok(real) => println!("Server berjalan di {real}"),
        Err(e) => {
            eprintln!("Kesalahan: alamat server tidak bisa dibaca: {e}");
            return ExitCode::FAILURE;
        }
    }

    let shutdown = async {
        // If Ctrl-C cannot be watched, run until the process is killed.
        if ctrl_c.await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    server_echo::server::run(listener, shutdown).await;
    println!("Server dihentikan.");
    // ANCHOR_END: start
    ExitCode::SUCCESS
}

fn create_tokio_listener(addr: SocketAddr, backlog: i32) -> io::Result<tokio::net::TcpListener> {
    let std_listener = server_echo::listener::create_listener(addr, backlog)?;
    tokio::net::TcpListener::from_std(std_listener)
}

// ANCHOR: bind_error_message
/// Explains a failed socket/bind/listen in words a student can act on.
fn bind_error_message(addr: SocketAddr, error: &io::Error) -> String {
    let reason = match error.kind() {
        ErrorKind::AddrInUse => format!(
            "port {} sudah dipakai program lain. Hentikan program itu atau pilih port lain dengan --port.",
            addr.port()
        ),
        ErrorKind::AddrNotAvailable => format!(
            "alamat {} bukan milik komputer ini. Pakai 0.0.0.0, 127.0.0.1 atau IP kartu jaringan Anda.",
            addr.ip()
        ),
        ErrorKind::PermissionDenied => format!(
            "tidak ada izin memakai port {}. Port di bawah 1024 butuh hak administrator: pakai port lain.",
            addr.port()
        ),
        _ => "socket tidak bisa dibuat.".to_string(),
    };
    format!("gagal membuka server di {addr}: {reason} (detail: {error})")
}
// ANCHOR_END: bind_error_message
