//! `server-rumah-pintar`: the smart-home server (given code). The protocol's
//! rules are in `server::handler`.

use clap::Parser;
use rumah_pintar::server::access::AccessList;
use rumah_pintar::server::handler::Context;
use rumah_pintar::server::run::run;
use rumah_pintar::server::storage::Storage;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Server rumah pintar: menerima HALO, DATA dan RFID dari node, menyimpannya
/// di SQLite, dan menjawab BUKA/TOLAK menurut daftar akses.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Alamat IP yang didengarkan
    #[arg(long, default_value = "0.0.0.0")]
    host: String,
    /// Port TCP (0 = pilihkan port bebas)
    #[arg(long, default_value_t = 2004)]
    port: u16,
    /// Berkas basis data SQLite
    #[arg(long, default_value = "rumah-pintar.db")]
    db: PathBuf,
    /// Daftar akses: satu UID heksadesimal per baris, # untuk komentar
    #[arg(long, default_value = "akses.txt")]
    akses: PathBuf,
    /// Tutup koneksi node yang diam lebih dari sekian detik
    #[arg(long, default_value_t = 120)]
    batas_diam: u64,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let Ok(ip) = args.host.parse::<IpAddr>() else {
        eprintln!(
            "Kesalahan: alamat host '{}' tidak valid. Contoh: 0.0.0.0 atau 127.0.0.1",
            args.host
        );
        return ExitCode::from(2);
    };
    let access = match AccessList::load(&args.akses) {
        Ok(access) => access,
        Err(e) => {
            eprintln!("Kesalahan: {e}");
            return ExitCode::from(2);
        }
    };
    let storage = match Storage::open(&args.db) {
        Ok(storage) => storage,
        Err(e) => {
            eprintln!("Kesalahan: {e}");
            return ExitCode::FAILURE;
        }
    };
    let address = SocketAddr::new(ip, args.port);
    let listener = match tokio::net::TcpListener::bind(address).await {
        Ok(listener) => listener,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            eprintln!(
                "Kesalahan: port {} sudah dipakai program lain. Pilih port lain dengan --port.",
                args.port
            );
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("Kesalahan: server tidak bisa dibuka di {address}: {e}");
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
    match listener.local_addr() {
        Ok(real) => println!("Server berjalan di {real}"),
        Err(e) => {
            eprintln!("Kesalahan: {e}");
            return ExitCode::FAILURE;
        }
    }
    println!("Basis data: {}; daftar akses: {} kartu", args.db.display(), access.len());
    let context = Arc::new(Context { storage: Mutex::new(storage), access });
    let shutdown = async {
        if ctrl_c.await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    run(listener, context, Duration::from_secs(args.batas_diam.max(1)), shutdown).await;
    println!("Server dihentikan.");
    ExitCode::SUCCESS
}
