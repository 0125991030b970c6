//! # praktikum: the workbook's front door
//!
//! One command for students and instructors: lab status and the book
//! (no subcommand), graded tests with explanations, watch mode, hints,
//! scores, and grading a whole class.
//!
//! Layout:
//! - [`catalog`]: `labs.toml`, the labs, their tests, points and hints.
//! - [`testrun`]: builds and runs a graded suite, reads libtest's output.
//! - [`labrun`]: runs a lab of this repository and remembers the result.
//! - [`state`]: progress in `.praktikum/status.json`.
//! - [`status`], [`report`], [`grade`]: what the student reads.
//! - [`watch`]: re-runs tests on every save.
//! - [`sandbox`], [`class`]: grading with pristine tests, a whole class at once.
//! - [`book`]: builds the book with the mdBook library and serves it.
//! - [`setup`]: checks the student's computer.
//! - [`simulation`]: the whole smart home on one PC, for a demo.
//! - [`bridge`]: the serial bridge between a real board and the server.
//! - [`firmware`]: building, flashing and watching the ESP8266 firmware,
//!   and running it under QEMU.
//! - [`dev`]: the repository's own check for CI (`praktikum dev cek`), and
//!   [`benchmark`]: how long grading a class takes.

mod benchmark;
mod book;
mod bridge;
mod catalog;
mod class;
mod classroom;
mod dev;
mod firmware;
mod grade;
mod isolation;
mod labrun;
mod report;
mod retest;
mod review;
mod sandbox;
mod setup;
mod simulation;
mod state;
mod status;
mod testrun;
mod watch;

use anyhow::{Result, bail};
use catalog::Catalog;
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

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
    #[arg(long, default_value = book::DEFAULT_ADDRESS)]
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
    /// Menguji ulang sebuah lab setiap kali berkasnya disimpan
    Pantau {
        /// Lab yang dipantau (bawaan: lab pertama yang belum lulus)
        lab: Option<String>,
    },
    /// Memberi satu petunjuk lagi untuk sebuah lab
    Petunjuk {
        /// Lab yang dikerjakan, misalnya lab01
        lab: String,
    },
    /// Nilai per lab dan total; dengan --kelas, nilai satu kelas
    Nilai {
        /// Format keluaran (bawaan: teks; csv untuk --kelas)
        #[arg(long, value_enum)]
        format: Option<grade::Format>,
        /// Folder berisi satu salinan repositori per mahasiswa
        #[arg(long)]
        kelas: Option<PathBuf>,
        /// Batas waktu uji per mahasiswa, dalam detik (untuk --kelas)
        #[arg(long, default_value_t = 300)]
        batas_waktu: u64,
        /// Batas memori per proses uji, dalam MiB (untuk --kelas, Linux)
        #[arg(long, default_value_t = 4096)]
        batas_memori: u64,
        /// Jumlah mahasiswa yang dinilai bersamaan (bawaan: jumlah inti CPU)
        #[arg(long)]
        paralel: Option<usize>,
        /// Folder kerja penilaian (bawaan: target/praktikum/kelas)
        #[arg(long)]
        kerja: Option<PathBuf>,
        /// Tulis hasil ke berkas ini, bukan ke layar
        #[arg(long)]
        keluaran: Option<PathBuf>,
        /// Jalankan uji mahasiswa tanpa sandbox (bubblewrap): kode mereka lalu
        /// berjalan dengan hak dan jaringan Anda. Hanya bila sandbox tidak bisa dipakai.
        #[arg(long)]
        tanpa_sandbox: bool,
    },
    /// Memeriksa persiapan komputer (Rust, port, berkas)
    Cek,
    /// Dasbor web real-time dari basis data server rumah pintar (hanya membaca)
    Dasbor {
        /// Berkas basis data SQLite milik server
        #[arg(long, default_value = "rumah-pintar.db")]
        db: PathBuf,
        /// Alamat dasbor (port 0 = pilihkan)
        #[arg(long, default_value = dasbor::DEFAULT_ADDR)]
        alamat: SocketAddr,
    },
    /// Demo: server rumah pintar dan beberapa node virtual memainkan skenario
    Simulasi {
        /// Jumlah node
        #[arg(long, default_value_t = 3)]
        node: usize,
        /// Berkas skenario (bawaan: hari biasa)
        #[arg(long)]
        skenario: Option<PathBuf>,
        /// Percepatan terhadap jam dinding (bawaan 60: satu hari dalam 24 menit)
        #[arg(long, default_value_t = 60.0, conflicts_with = "waktu_virtual")]
        skala_waktu: f64,
        /// Mainkan secepat mungkin dan berhenti di akhir skenario
        #[arg(long)]
        waktu_virtual: bool,
        /// Port server (0 = pilihkan)
        #[arg(long, default_value_t = 2004)]
        port: u16,
        /// Alamat dasbor (port 0 = pilihkan)
        #[arg(long, default_value = dasbor::DEFAULT_ADDR)]
        alamat_dasbor: SocketAddr,
    },
    /// Jembatan serial: meneruskan baris papan ESP8266 (USB) ke server dan jawabannya kembali
    ///
    /// Satu sambungan TCP per port serial. Baris HALO, DATA dan RFID dari papan
    /// diteruskan ke server, jawaban server ke papan; keluaran lain papan
    /// ditampilkan sebagai log. Bila server atau kabel USB terputus, jembatan
    /// mencoba lagi dengan jeda yang makin panjang. Hentikan dengan Ctrl-C.
    Jembatan {
        /// Port serial papan, misalnya /dev/ttyUSB0 (Linux), COM3 (Windows)
        /// atau /dev/cu.usbserial-0001 (macOS)
        #[arg(long)]
        serial: String,
        /// Kecepatan port serial
        #[arg(long, default_value_t = 115200, value_parser = clap::value_parser!(u32).range(1..))]
        baud: u32,
        /// Alamat server rumah pintar, host:port (misalnya 127.0.0.1:2004)
        #[arg(long)]
        server: String,
    },
    /// Firmware ESP8266 (NodeMCU): bangun, flash, monitor serial, QEMU
    Firmware {
        #[command(subcommand)]
        action: FirmwareAction,
    },
    /// Hanya membangun buku (ke target/praktikum/buku)
    Buku {
        /// Gagal bila ada peringatan (include atau anchor yang hilang, dsb.)
        #[arg(long)]
        ketat: bool,
    },
    /// Pemeriksaan repositori untuk pengembang dan CI
    #[command(hide = true)]
    Dev {
        #[command(subcommand)]
        action: DevAction,
    },
}

#[derive(Subcommand)]
enum FirmwareAction {
    /// Membangun gambar firmware dari node Lab 03 Anda dan mencetak ukurannya
    Bangun {
        /// Pakai node solusi, bukan node Lab 03 Anda
        #[arg(long)]
        solusi: bool,
    },
    /// Membangun lalu menulis firmware ke NodeMCU lewat esptool
    Flash {
        /// Port serial papan, misalnya /dev/ttyUSB0 (Windows: COM3)
        #[arg(long)]
        port: String,
        /// Kecepatan unggah
        #[arg(long, default_value_t = 460_800)]
        baud: u32,
        /// Pakai node solusi, bukan node Lab 03 Anda
        #[arg(long)]
        solusi: bool,
    },
    /// Monitor serial: menampilkan baris dari papan, mengirim baris ketikan Anda
    Monitor {
        /// Port serial papan, misalnya /dev/ttyUSB0
        #[arg(long)]
        port: String,
        /// Kecepatan (74880 untuk log boot ROM)
        #[arg(long, default_value_t = firmware::BAUD)]
        baud: u32,
    },
    /// Menjalankan node Anda di CPU ESP8266 (lx106) dalam QEMU dan
    /// membandingkan transkripnya dengan node yang sama di PC
    Qemu {
        /// Pakai node solusi, bukan node Lab 03 Anda
        #[arg(long)]
        solusi: bool,
    },
}

#[derive(Subcommand)]
enum DevAction {
    /// Solusi lulus, starter gagal, mutan tertangkap, labs.toml cocok
    Cek,
    /// Berhasil (kode 0) bila semua starter masih seperti aslinya
    StarterAsli,
    /// Menyalin starter asli (labs/*/src) ke book/starter, yang ditampilkan buku
    SalinStarter,
    /// Menulis alur kerja GitHub Classroom (penilaian otomatis, sebagai saran)
    Classroom {
        /// Repositori templat yang menerima .github/workflows/classroom.yml
        #[arg(long, default_value = ".")]
        ke: PathBuf,
    },
    /// Tolok ukur: lama `praktikum uji` sesudah satu suntingan, per keadaan pekerjaan
    TolokUkurUjiUlang,
    /// Tolok ukur: menilai kelas buatan dan melaporkan waktunya
    TolokUkurKelas {
        /// Jumlah mahasiswa
        #[arg(long, default_value_t = 40)]
        jumlah: usize,
        /// Jumlah mahasiswa yang dinilai bersamaan
        #[arg(long, default_value_t = 2)]
        paralel: usize,
    },
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
    let success = |ok: bool| {
        if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
    };
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
            let result = labrun::run(&root, lab, true, None)?;
            report::print_summary(lab, &result, &book_url);
            Ok(success(result.passed_names().len() == lab.tests.len()))
        }
        Some(Command::Pantau { lab }) => {
            let lab = match lab {
                Some(wanted) => catalog.find(&wanted)?,
                None => status::first_unfinished(&root, &catalog),
            };
            watch::watch(&root, lab, &book_url)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Petunjuk { lab }) => {
            let lab = catalog.find(&lab)?;
            show_hint(&root, lab, &book_url)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Nilai {
            format,
            kelas,
            batas_waktu,
            batas_memori,
            paralel,
            kerja,
            keluaran,
            tanpa_sandbox,
        }) => {
            let (rows, format) = match kelas {
                None => (vec![own_scores(&root, &catalog)?], format.unwrap_or(grade::Format::Teks)),
                Some(class_dir) => {
                    if !tanpa_sandbox && !isolation::available() {
                        anyhow::bail!(
                            "sandbox (bubblewrap) tidak bisa dipakai di komputer ini, jadi kode \
                             mahasiswa akan berjalan dengan hak, berkas dan jaringan Anda. Pasang \
                             dengan `sudo apt-get install bubblewrap` (Linux), atau bila Anda \
                             menerima risikonya, tambahkan --tanpa-sandbox."
                        );
                    }
                    let options = class::ClassOptions {
                        class_dir,
                        work_dir: kerja
                            .unwrap_or_else(|| root.join("target").join("praktikum").join("kelas")),
                        time_per_student: Duration::from_secs(batas_waktu),
                        memory_limit: batas_memori * 1024 * 1024,
                        isolate: !tanpa_sandbox,
                        jobs: paralel.unwrap_or_else(|| {
                            std::thread::available_parallelism().map_or(2, |n| n.get())
                        }),
                        show_progress: true,
                    };
                    (class::grade(&root, &catalog, &options)?, format.unwrap_or(grade::Format::Csv))
                }
            };
            let text = grade::render(&catalog, &rows, format);
            match keluaran {
                Some(path) => {
                    std::fs::write(&path, text)?;
                    println!("Nilai ditulis ke {}", path.display());
                }
                None => print!("{text}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Dasbor { db, alamat: alamat_dasbor }) => {
            dasbor::check_database(&db).map_err(|e| anyhow::anyhow!("{e}"))?;
            tokio::runtime::Runtime::new()?.block_on(async {
                let listener = tokio::net::TcpListener::bind(alamat_dasbor).await.map_err(|e| {
                    anyhow::anyhow!("dasbor tidak bisa dibuka di {alamat_dasbor}: {e}")
                })?;
                println!("Dasbor di http://{}/  (hentikan dengan Ctrl-C)", listener.local_addr()?);
                let shutdown = async {
                    let _ = tokio::signal::ctrl_c().await;
                };
                dasbor::serve(db, listener, shutdown).await.map_err(|e| anyhow::anyhow!("{e}"))
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Simulasi {
            node,
            skenario,
            skala_waktu,
            waktu_virtual,
            port,
            alamat_dasbor,
        }) => {
            if node == 0 || skala_waktu.is_nan() || skala_waktu <= 0.0 {
                bail!("--node harus paling sedikit 1 dan --skala-waktu lebih dari 0");
            }
            let options = simulation::SimulationOptions {
                nodes: node,
                scenario: skenario
                    .unwrap_or_else(|| root.join("simulation/virtual-hw/skenario/hari-biasa.toml")),
                time_scale: (!waktu_virtual).then_some(skala_waktu),
                port,
                work_dir: root.join("target").join("praktikum").join("simulasi"),
                dashboard: alamat_dasbor,
            };
            simulation::run(&root, &options)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Jembatan { serial, baud, server }) => {
            bridge::run(bridge::BridgeOptions { serial, baud, server })?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Firmware { action }) => {
            let ok = match action {
                FirmwareAction::Bangun { solusi } => firmware::build(&root, solusi)?,
                FirmwareAction::Flash { port, baud, solusi } => {
                    firmware::flash(&root, &port, baud, solusi)?
                }
                FirmwareAction::Monitor { port, baud } => firmware::monitor(&port, baud)?,
                FirmwareAction::Qemu { solusi } => firmware::qemu(&root, solusi)?,
            };
            Ok(success(ok))
        }
        Some(Command::Cek) => Ok(success(setup::check(&root, &catalog, &cli.alamat.to_string()))),
        Some(Command::Buku { ketat }) => {
            let dir = book::build(&root, ketat)?;
            println!("Buku dibangun di {}", dir.display());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Dev { action: DevAction::Cek }) => Ok(success(dev::check(&root, &catalog)?)),
        Some(Command::Dev { action: DevAction::StarterAsli }) => {
            let edited: Vec<&str> = catalog
                .labs
                .iter()
                .filter(|lab| status::edited(&root, lab))
                .map(|lab| lab.id.as_str())
                .collect();
            if !edited.is_empty() {
                println!("Sudah diubah: {}", edited.join(", "));
            }
            for lab in &catalog.labs {
                let now = state::work_fingerprint(&lab.starter_dir(&root));
                eprintln!("{}: starter_fingerprint = \"{now:016x}\"", lab.id);
            }
            Ok(success(edited.is_empty()))
        }
        Some(Command::Dev { action: DevAction::Classroom { ke } }) => {
            let path = ke.join(classroom::WORKFLOW_PATH);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&path, classroom::workflow(&catalog))?;
            println!("Alur kerja GitHub Classroom ditulis ke {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Dev { action: DevAction::SalinStarter }) => {
            dev::copy_starters_for_book(&root, &catalog)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Dev { action: DevAction::TolokUkurUjiUlang }) => {
            retest::run(&root, &catalog)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Dev { action: DevAction::TolokUkurKelas { jumlah, paralel } }) => {
            benchmark::run(&root, &catalog, jumlah, paralel)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Shows one more hint each time, remembered per lab.
fn show_hint(root: &std::path::Path, lab: &catalog::Lab, book_url: &str) -> Result<()> {
    if lab.hints.is_empty() {
        bail!("{} belum punya petunjuk", lab.id);
    }
    let mut state = state::State::load(root);
    let shown = state.hints_shown.entry(lab.id.clone()).or_insert(0);
    *shown = (*shown + 1).min(lab.hints.len());
    for (i, hint) in lab.hints.iter().take(*shown).enumerate() {
        println!("Petunjuk {} dari {}: {hint}\n", i + 1, lab.hints.len());
    }
    if *shown == lab.hints.len() {
        println!("Itu petunjuk terakhir. Baca juga bab lab ini: {book_url}{}", lab.chapter);
    } else {
        println!("Jalankan perintah ini lagi untuk petunjuk berikutnya.");
    }
    state.save(root)
}

/// The student's own scores, from the last results (re-running changed labs).
fn own_scores(root: &std::path::Path, catalog: &Catalog) -> Result<grade::Row> {
    let mut scores = Vec::new();
    let mut notes = Vec::new();
    for lab in &catalog.labs {
        let result = labrun::current_result(root, lab, true)?;
        if !result.compiled {
            notes.push(format!("{}: tidak bisa dikompilasi", lab.id));
        }
        // The same review as `nilai --kelas`: the student sees what an
        // instructor's grading would hold back.
        let review = review::note(lab, &review::check_lab(root, lab, &lab.starter_dir(root)));
        let points = if review.is_some() {
            0
        } else {
            lab.tests.iter().filter(|t| result.passed.contains(&t.name)).map(|t| t.points).sum()
        };
        notes.extend(review);
        scores.push(grade::LabScore {
            lab: lab.id.clone(),
            points,
            max_points: lab.max_points(),
            passed_tests: result.passed,
        });
    }
    let name = root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(grade::Row::new(&name, scores, notes))
}
