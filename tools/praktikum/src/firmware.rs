//! `praktikum firmware`: the ESP8266 image from the student's own node.
//!
//! - `bangun`: build it (see `firmware/rakit`) and show its sizes;
//! - `flash`: write it to the NodeMCU with esptool;
//! - `monitor`: watch the board's serial port (and type to it);
//! - `qemu`: run it on the ESP8266's CPU under QEMU and compare with the PC.

use crate::bridge::serial;
use crate::catalog::Catalog;
use anyhow::{Context, Result, anyhow};
use rakit::{Node, Options, Target};
use std::io::{BufRead, Read, Write};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// UART0's speed (the node's protocol lines).
pub const BAUD: u32 = pinmap::UART_BAUD;

fn node(solusi: bool) -> (Node, &'static str) {
    if solusi { (Node::Solusi, "node solusi") } else { (Node::Lab, "node Lab 03 Anda") }
}

fn build_image(root: &Path, solusi: bool, target: Target) -> Result<rakit::Image> {
    let (node, name) = node(solusi);
    if !solusi && target == Target::Papan && lab03_untouched(root) {
        println!(
            "Catatan: node Lab 03 Anda masih starter. Di papan ia akan berhenti di todo!() \
             pertamanya (# PANIK di monitor). Selesaikan Lab 03, atau coba papan dulu dengan --solusi."
        );
    }
    println!("Membangun firmware ESP8266 dari {name} (kali pertama: sekitar satu menit)...");
    let options = Options { root: root.to_path_buf(), node, target, quiet: false };
    rakit::build(&options).map_err(|e| anyhow!(e))
}

/// True when `labs/lab03` is still exactly the starter.
fn lab03_untouched(root: &Path) -> bool {
    let Ok(catalog) = Catalog::load(root) else { return false };
    catalog.find("lab03").is_ok_and(|lab| !crate::status::edited(root, lab))
}

// ANCHOR: bangun
/// `praktikum firmware bangun`
pub fn build(root: &Path, solusi: bool) -> Result<bool> {
    let image = build_image(root, solusi, Target::Papan)?;
    println!("Firmware siap: {}", image.elf.display());
    print!("{}", image.sizes);
    println!("Berkas untuk di-flash:");
    for (offset, file) in &image.flash_files {
        println!("  {offset:#07x}  {}", file.display());
    }
    println!("Tulis ke papan: cargo praktikum firmware flash --port /dev/ttyUSB0");
    Ok(true)
}
// ANCHOR_END: bangun

/// `praktikum firmware flash --port <tty>`
pub fn flash(root: &Path, port: &str, baud: u32, solusi: bool) -> Result<bool> {
    // Look for the port before the long build.
    if !Path::new(port).exists() && !port.to_ascii_uppercase().starts_with("COM") {
        return Err(anyhow!("port {port} tidak ada. {}", serial::available()));
    }
    let image = build_image(root, solusi, Target::Papan)?;
    let esptool = rakit::toolchain::esptool().map_err(|e| anyhow!(e))?;
    let mut command = Command::new(&esptool[0]);
    command
        .args(&esptool[1..])
        .args(["--chip", "esp8266", "--port", port, "--baud", &baud.to_string()])
        // dio: the mode every ESP-12E flash chip reads; 4MB: the NodeMCU's.
        .args(["write-flash", "--flash-mode", "dio", "--flash-size", "4MB"]);
    for (offset, file) in &image.flash_files {
        command.arg(format!("{offset:#x}")).arg(file);
    }
    println!("Menulis ke {port} dengan esptool...");
    let status = command.status().context("esptool tidak bisa dijalankan")?;
    if !status.success() {
        println!(
            "esptool gagal. Periksa: kabel USB data, driver CH340/CP2102, port yang benar; \
             bila papan tidak masuk mode unggah, tahan tombol FLASH sambil menekan RST."
        );
        return Ok(false);
    }
    println!("Selesai. Lihat keluaran papan: cargo praktikum firmware monitor --port {port}");
    println!(
        "Sambungkan ke server: cargo praktikum jembatan --serial {port} --server 127.0.0.1:2004"
    );
    Ok(true)
}

/// `praktikum firmware monitor --port <tty>`: what the board prints, and
/// each line typed here sent to it (to answer by hand, like the server).
pub fn monitor(port: &str, baud: u32) -> Result<bool> {
    let opened = serial::open(port, baud).map_err(|e| {
        if e.missing {
            anyhow!("{}. {}", e.message, serial::available())
        } else {
            anyhow!(e.message)
        }
    })?;
    let (mut writer, mut reader) = (opened.writer, opened.reader);
    println!(
        "Monitor serial {port} pada {baud} baud. Ketik baris lalu Enter untuk mengirim; Ctrl-C keluar."
    );
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines().map_while(Result::ok) {
            if writer.write_all(format!("{line}\n").as_bytes()).is_err() {
                break;
            }
        }
    });
    let mut buffer = [0u8; 256];
    let mut out = std::io::stdout();
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => std::thread::sleep(Duration::from_millis(20)),
            Ok(n) => {
                // Control characters could move the cursor: show them as �.
                let text = String::from_utf8_lossy(&buffer[..n]);
                let shown: String = text
                    .chars()
                    .map(|c| if c.is_control() && c != '\n' && c != '\r' { '\u{fffd}' } else { c })
                    .collect();
                out.write_all(shown.as_bytes())?;
                out.flush()?;
            }
            Err(e) if serial::is_quiet(&e) => {}
            Err(e) => return Err(anyhow!("port {port} terputus: {e}")),
        }
    }
}

/// `praktikum firmware qemu`: the node on the lx106 CPU against the same
/// node on the PC, in the scripted world of `simulation/tiruan`.
pub fn qemu(root: &Path, solusi: bool) -> Result<bool> {
    if !rakit::toolchain::has_qemu() {
        return Err(anyhow!(
            "QEMU untuk Xtensa belum terpasang. Pasang dengan:\n  sudo apt-get install qemu-system-misc"
        ));
    }
    let image = build_image(root, solusi, Target::Qemu)?;
    println!("Menjalankan {} di CPU lx106 (QEMU)...", image.elf.display());
    let run = rakit::qemu::run(&image.elf, Duration::from_secs(300)).map_err(|e| anyhow!(e))?;
    print!("{}", run.stdout);
    if run.status.code() == Some(101) {
        println!(
            "Node Anda berhenti karena panic (lihat PANIK di atas). Selesaikan Lab 03 dulu: \
             cargo praktikum uji lab03"
        );
        return Ok(false);
    }

    println!("Menjalankan node yang sama di PC...");
    let feature = if solusi { "solusi" } else { "lab" };
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let pc = Command::new(cargo)
        .current_dir(root)
        .args(["run", "--quiet", "--package", "tiruan", "--example", "transkrip"])
        .args(["--no-default-features", "--features", feature])
        .output()
        .context("cargo tidak bisa dijalankan")?;
    let on_pc = String::from_utf8_lossy(&pc.stdout);
    if run.stdout == on_pc {
        let verdict = if run.status.success() {
            "dan node menyelesaikan skenario"
        } else {
            "tetapi node tidak menyelesaikan skenario (masih ada pesan yang belum dijawab)"
        };
        println!("Transkrip QEMU (lx106) sama persis dengan transkrip PC, {verdict}.");
        return Ok(run.status.success());
    }
    if let Some(difference) = rakit::qemu::first_difference(&on_pc, &run.stdout) {
        println!("Transkrip QEMU (lx106) dan PC: {difference}");
    }
    if !pc.status.success() {
        print!("{}", String::from_utf8_lossy(&pc.stderr));
    }
    Ok(false)
}
