//! `lab03-node` (and `solusi03-node`): the student's smart-home node on the
//! PC, with virtual hardware playing a scenario.
//!
//! Given code, kept outside the student's crate: the `[[bin]]` of both
//! `labs/lab03-rumah-pintar` and `solutions/solusi03-rumah-pintar` points
//! here, so it is compiled against whichever `node_rumah` that package is:
//! the student's `encode`, `HomeSensors` and `HomeSchedule`, driven by the
//! given node in `rumah_pintar`.

use clap::Parser;
use node_rumah::lines::encode;
use node_rumah::schedule::HomeSchedule;
use node_rumah::sensors::HomeSensors;
use rumah_pintar::host::runner::{RunOptions, TimeMode, run};
use rumah_pintar::node::NodeConfig;
use rumah_pintar::protocol::NodeId;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use virtual_hw::scenario::Scenario;

/// Node rumah pintar di PC: perangkat virtual memainkan sebuah skenario,
/// node mengirim datanya ke server.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Alamat server, misalnya 127.0.0.1:2004
    #[arg(long, default_value = "127.0.0.1:2004")]
    server: SocketAddr,
    /// Berkas skenario (TOML)
    #[arg(long)]
    skenario: PathBuf,
    /// Jalankan skenario pada jam dinding, dipercepat sekian kali (untuk demo)
    #[arg(long, conflicts_with = "waktu_virtual")]
    skala_waktu: Option<f64>,
    /// Jalankan skenario secepat jawaban server, lalu berhenti di akhir skenario
    #[arg(long)]
    waktu_virtual: bool,
    /// Nama node: 1-32 karakter a-z, 0-9 atau -
    #[arg(long, default_value = "node-1")]
    id: String,
    /// Sesi (heksadesimal); tanpa opsi ini dipilih acak, seperti papan yang baru menyala
    #[arg(long, value_parser = parse_session)]
    sesi: Option<u32>,
    /// Selang DATA dalam detik
    #[arg(long, default_value_t = 5)]
    periode: u32,
}

fn parse_session(text: &str) -> Result<u32, String> {
    u32::from_str_radix(text, 16).map_err(|_| "sesi harus heksadesimal, misalnya 3fa9".to_string())
}

fn main() -> ExitCode {
    let args = Args::parse();
    let id = match NodeId::try_from(args.id.as_str()) {
        Ok(id)
            if rumah_pintar::protocol::Message::parse(&format!("HALO {id} sesi=1 periode=1"))
                .is_ok() =>
        {
            id
        }
        _ => {
            eprintln!("Kesalahan: id '{}' tidak valid: 1-32 karakter a-z, 0-9 atau -", args.id);
            return ExitCode::from(2);
        }
    };
    if !(1..=86_400).contains(&args.periode) {
        eprintln!("Kesalahan: periode harus 1-86400 detik");
        return ExitCode::from(2);
    }
    let scenario = match Scenario::load(&args.skenario) {
        Ok(scenario) => scenario,
        Err(e) => {
            eprintln!("Kesalahan: {e}");
            return ExitCode::from(2);
        }
    };
    let mode = match (args.waktu_virtual, args.skala_waktu) {
        (true, _) => TimeMode::Virtual,
        (false, Some(factor)) if factor > 0.0 => TimeMode::Scaled(factor),
        (false, Some(_)) => {
            eprintln!("Kesalahan: --skala-waktu harus lebih dari 0");
            return ExitCode::from(2);
        }
        (false, None) => TimeMode::Scaled(1.0),
    };
    let session = args.sesi.unwrap_or_else(random_session);
    let mut config = NodeConfig::new(id, session);
    config.period_s = args.periode;
    println!(
        "Node {} (sesi {session:x}) memainkan skenario \"{}\" ke server {}",
        config.id, scenario.name, args.server
    );
    let period_s = config.period_s;
    // ANCHOR: parts
    let options = RunOptions {
        server: args.server,
        encode,
        scenario,
        config,
        mode,
        drain_limit: Duration::from_secs(60),
    };
    let parts = |parts: rumah_pintar::host::devices::SensorParts, now_ms| {
        let sensors =
            HomeSensors::new(parts.dht11, parts.ds18b20, parts.rfid, parts.ldr, parts.delay)
                .ok_or("MFRC522 virtual tidak menjawab")?;
        Ok((sensors, HomeSchedule::new(period_s, now_ms)))
    };
    // ANCHOR_END: parts
    match run(options, parts) {
        Ok(()) => {
            println!("Skenario selesai; semua pesan sudah dijawab server.");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Kesalahan: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A fresh session number, as a board picks one from its hardware RNG at
/// boot; here from the clock and the process id.
fn random_session() -> u32 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mixed = (u64::from(nanos) ^ (u64::from(std::process::id()) << 17))
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    ((mixed >> 32) as u32).max(1)
}
