//! `praktikum simulasi`: the whole smart home on one PC, for a live demo.
//!
//! Builds the reference solution of Lab 03, starts its server on a fresh
//! database with an access list, and starts N nodes with virtual hardware
//! playing a scenario. Their logs are shown side by side, each line with
//! who wrote it. In scaled time it runs until Ctrl-C; in virtual time it
//! ends with the scenario and prints what the database holds.

use anyhow::{Context, Result, bail};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

pub struct SimulationOptions {
    pub nodes: usize,
    pub scenario: PathBuf,
    /// `None`: virtual time (ends with the scenario).
    pub time_scale: Option<f64>,
    pub port: u16,
    pub work_dir: PathBuf,
    /// Where the dashboard listens.
    pub dashboard: std::net::SocketAddr,
}

/// The cards the simulation's access list lets in.
const ACCESS: &str = "# kartu penghuni (simulasi)\nDEADBEEF\n04A22B1A5C8081\n";

pub fn run(root: &Path, options: &SimulationOptions) -> Result<()> {
    let binaries = build_binaries(root)?;
    let (server_bin, node_bin) =
        (find(&binaries, "server-rumah-pintar")?, find(&binaries, "solusi03-node")?);
    if options.work_dir.exists() {
        std::fs::remove_dir_all(&options.work_dir)?;
    }
    std::fs::create_dir_all(&options.work_dir)?;
    let access = options.work_dir.join("akses.txt");
    std::fs::write(&access, ACCESS)?;
    let db = options.work_dir.join("rumah-pintar.db");

    let (lines_tx, lines) = mpsc::channel::<(String, String)>();
    let server = spawn(
        Command::new(server_bin)
            .args(["--host", "127.0.0.1", "--port", &options.port.to_string()])
            .arg("--db")
            .arg(&db)
            .arg("--akses")
            .arg(&access),
        "server",
        &lines_tx,
    )?;
    // From here on, an error must not leave the server running.
    let mut server = KillOnDrop(server);
    let address = wait_for_server(&lines, &mut server.0)?;
    println!("Simulasi: server di {address}, basis data {}", db.display());
    start_dashboard(db.clone(), options.dashboard)?;

    let mut nodes = Vec::new();
    for n in 1..=options.nodes {
        let id = format!("rumah-{n}");
        let mut command = Command::new(&node_bin);
        command.args(["--server", &address, "--id", &id]).arg("--skenario").arg(&options.scenario);
        match options.time_scale {
            Some(scale) => command.args(["--skala-waktu", &scale.to_string()]),
            None => command.arg("--waktu-virtual"),
        };
        nodes.push(KillOnDrop(spawn(&mut command, &id, &lines_tx)?));
    }
    drop(lines_tx);

    // Show every line until all nodes have ended (virtual time) or forever.
    loop {
        match lines.recv_timeout(Duration::from_millis(200)) {
            Ok((who, line)) => println!("{who:>8} | {line}"),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        if nodes.iter_mut().all(|node| matches!(node.0.try_wait(), Ok(Some(_)))) {
            break;
        }
    }
    let failed = nodes
        .iter_mut()
        .map(|node| node.0.wait())
        .filter(|status| !matches!(status, Ok(s) if s.success()))
        .count();
    drop(server);
    // The programs have ended; their last lines may still be in the pipes:
    // read until every reader thread is done.
    while let Ok((who, line)) = lines.recv_timeout(Duration::from_secs(10)) {
        println!("{who:>8} | {line}");
    }
    println!(
        "Simulasi selesai: {} node, {failed} gagal. Isi basis data: {}",
        options.nodes,
        db.display()
    );
    if failed > 0 {
        bail!("{failed} node tidak menyelesaikan skenarionya");
    }
    Ok(())
}

/// Serves the dashboard on the simulation's database, in the background,
/// until the process ends.
fn start_dashboard(db: PathBuf, address: std::net::SocketAddr) -> Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind(address)).with_context(|| {
        format!("dasbor tidak bisa dibuka di {address} (pilih lain dengan --alamat-dasbor)")
    })?;
    println!("Dasbor di http://{}/", listener.local_addr()?);
    thread::spawn(move || {
        let served = runtime.block_on(dasbor::serve(db, listener, std::future::pending()));
        if let Err(e) = served {
            eprintln!("Dasbor berhenti: {e}");
        }
    });
    Ok(())
}

/// Builds the given Lab 03 server and the reference solution's node
/// program; their paths by name.
fn build_binaries(root: &Path) -> Result<Vec<PathBuf>> {
    println!("Mengompilasi solusi Lab 03 (server dan node)...");
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .arg("build")
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .args([
            "--package",
            "rumah-pintar",
            "--package",
            "solusi03-rumah-pintar",
            "--bins",
            "--message-format",
            "json-render-diagnostics",
        ])
        .stderr(Stdio::inherit())
        .output()
        .context("cargo tidak bisa dijalankan")?;
    if !output.status.success() {
        bail!("solusi Lab 03 tidak bisa dikompilasi");
    }
    let text = String::from_utf8_lossy(&output.stdout);
    Ok(text
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|message| message.get("executable").and_then(|e| e.as_str()).map(PathBuf::from))
        .collect())
}

fn find(binaries: &[PathBuf], name: &str) -> Result<PathBuf> {
    binaries
        .iter()
        .find(|path| path.file_stem().is_some_and(|stem| stem == name))
        .cloned()
        .with_context(|| format!("program {name} tidak ditemukan setelah kompilasi"))
}

/// Starts a program whose output lines go to `lines`, tagged with `who`.
fn spawn(
    command: &mut Command,
    who: &str,
    lines: &mpsc::Sender<(String, String)>,
) -> Result<Child> {
    let mut child =
        command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    for pipe in [
        child.stdout.take().map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
        child.stderr.take().map(|p| Box::new(p) as _),
    ] {
        let (who, lines) = (who.to_string(), lines.clone());
        if let Some(pipe) = pipe {
            thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    if lines.send((who.clone(), line)).is_err() {
                        break;
                    }
                }
            });
        }
    }
    Ok(child)
}

fn wait_for_server(lines: &mpsc::Receiver<(String, String)>, server: &mut Child) -> Result<String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match lines.recv_timeout(Duration::from_millis(200)) {
            Ok((_, line)) => {
                if let Some(address) = line.strip_prefix("Server berjalan di ") {
                    return Ok(address.trim().to_string());
                }
                println!("  server | {line}");
            }
            Err(_) => {
                // A server that stopped at once (port taken, ...) has said why.
                if let Ok(Some(status)) = server.try_wait() {
                    while let Ok((_, line)) = lines.try_recv() {
                        println!("  server | {line}");
                    }
                    bail!(
                        "server simulasi berhenti sebelum siap ({status}); lihat pesannya di atas"
                    );
                }
                if Instant::now() > deadline {
                    bail!("server simulasi tidak mulai dalam 60 detik");
                }
            }
        }
    }
}

/// A child process that is stopped when this value goes away, also on an
/// early return with an error.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
