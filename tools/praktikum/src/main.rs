//! # praktikum: the workbook's front door
//!
//! One command for students and instructors: lab status and the book
//! (no subcommand), graded tests with explanations, hints and scores.
//!
//! Layout:
//! - [`catalog`]: `labs.toml`, the labs, their tests, points and hints.
//! - [`testrun`]: builds and runs a graded suite, reads libtest's output.
//! - [`labrun`]: runs a lab of this repository and remembers the result.
//! - [`state`]: progress in `.praktikum/status.json`.
//! - [`status`], [`report`]: what the student reads.
//! - [`book`]: builds the book with the mdBook library and serves it.
//! - [`sandbox`]: a grading workspace with pristine tests and a student's `src/`.
//! - [`dev`]: the repository's own check for CI (`praktikum dev cek`).

mod book;
mod catalog;
mod dev;
mod labrun;
mod report;
mod sandbox;
mod state;
mod status;
mod testrun;

use anyhow::Result;
use catalog::Catalog;
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::process::ExitCode;

/// Buku kerja Praktikum Socket TCP/IP untuk IoT.
///
/// Tanpa subperintah: menampilkan status setiap lab, lalu membangun dan
/// menyajikan buku di peramban.
#[derive(Parser)]
#[command(name = "cargo praktikum", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Alamat tempat buku disajikan
    #[arg(long, default_value = book::DEFAULT_ADDRESS, global = true)]
    alamat: SocketAddr,
    /// Jangan menyajikan buku (hanya tampilkan status)
    #[arg(long)]
    tanpa_buku: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Menjalankan uji bernilai sebuah lab dan menjelaskan yang gagal
    Uji {
        /// Lab yang diuji, misalnya lab01
        lab: String,
    },
    /// Memberi satu petunjuk lagi untuk sebuah lab
    Petunjuk {
        /// Lab yang dikerjakan, misalnya lab01
        lab: String,
    },
    /// Pemeriksaan repositori untuk pengembang dan CI
    #[command(hide = true)]
    Dev {
        #[command(subcommand)]
        action: DevAction,
    },
    /// Hanya membangun buku (ke target/praktikum/buku)
    Buku {
        /// Gagal bila ada peringatan (include atau anchor yang hilang, dsb.)
        #[arg(long)]
        ketat: bool,
    },
}

#[derive(Subcommand)]
enum DevAction {
    /// Solusi lulus, starter gagal, mutan tertangkap, labs.toml cocok
    Cek,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("Kesalahan: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let root = catalog::find_root()?;
    let catalog = Catalog::load(&root)?;
    let book_url = format!("http://{}/", cli.alamat);
    match cli.command {
        None => {
            status::print(&root, &catalog, &book_url)?;
            if !cli.tanpa_buku {
                println!("Membangun buku...");
                let dir = book::build(&root, false)?;
                tokio::runtime::Runtime::new()?.block_on(book::serve(dir, cli.alamat))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Uji { lab }) => {
            let lab = catalog.find(&lab)?;
            let result = labrun::run(&root, lab, true)?;
            report::print_summary(lab, &result, &book_url);
            let all_passed = result.passed_names().len() == lab.tests.len();
            Ok(if all_passed {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Some(Command::Petunjuk { lab }) => {
            let lab = catalog.find(&lab)?;
            let mut state = state::State::load(&root);
            let shown = state.hints_shown.entry(lab.id.clone()).or_insert(0);
            *shown = (*shown + 1).min(lab.hints.len());
            for (i, hint) in lab.hints.iter().take(*shown).enumerate() {
                println!("Petunjuk {} dari {}: {hint}\n", i + 1, lab.hints.len());
            }
            if *shown == lab.hints.len() {
                println!(
                    "Itu petunjuk terakhir. Baca juga bab lab ini: {book_url}{}",
                    lab.chapter
                );
            } else {
                println!("Jalankan perintah ini lagi untuk petunjuk berikutnya.");
            }
            state.save(&root)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Dev {
            action: DevAction::Cek,
        }) => {
            let ok = dev::check(&root, &catalog)?;
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Some(Command::Buku { ketat }) => {
            let dir = book::build(&root, ketat)?;
            println!("Buku dibangun di {}", dir.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}
