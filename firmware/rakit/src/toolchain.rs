//! The tools the build needs, and what to install when one is missing.

use std::path::Path;
use std::process::Command;

/// Debian's rustc and cargo (rustup's have no Xtensa backend).
pub const RUSTC: &str = "/usr/bin/rustc";
pub const CARGO: &str = "/usr/bin/cargo";
/// The Rust sources that `-Zbuild-std` compiles for the ESP8266.
pub const RUST_SRC: &str = "/usr/lib/rustlib/src/rust/library/core";
pub const ASSEMBLER: &str = "xtensa-lx106-elf-as";
pub const LINKER: &str = "xtensa-lx106-elf-gcc";
pub const QEMU: &str = "qemu-system-xtensa";

const APT: &str =
    "sudo apt-get install rustc-web cargo-web rust-web-src gcc-xtensa-lx106 binutils-xtensa-lx106";

/// Checks the compiler, assembler and linker; the error says what to install.
pub fn check() -> Result<(), String> {
    let mut missing = Vec::new();
    for (path, what) in [(RUSTC, "rustc Debian (rustc-web)"), (CARGO, "cargo Debian (cargo-web)")] {
        if !Path::new(path).exists() {
            missing.push(what);
        }
    }
    if !Path::new(RUST_SRC).exists() {
        missing.push("sumber pustaka Rust (rust-web-src)");
    }
    for (tool, what) in [(ASSEMBLER, "assembler Xtensa"), (LINKER, "gcc Xtensa lx106")] {
        if !runs(tool, "--version") {
            missing.push(what);
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "perkakas untuk ESP8266 belum lengkap: {} belum terpasang.\nPasang dengan:\n  {APT}",
            missing.join(", ")
        ))
    }
}

/// The command that runs esptool 5 or newer (whose commands are spelt
/// `write-flash`, `image-info`): `esptool`, or `python3 -m esptool`.
pub fn esptool() -> Result<Vec<String>, String> {
    let candidates: [&[&str]; 2] = [&["esptool"], &["python3", "-m", "esptool"]];
    for command in candidates {
        let Ok(output) = Command::new(command[0]).args(&command[1..]).arg("version").output()
        else {
            continue;
        };
        if !output.status.success() {
            continue;
        }
        // `esptool v5.6.0`, then `5.6.0` on the last line.
        let text = String::from_utf8_lossy(&output.stdout);
        let version = text.lines().last().unwrap_or("").trim().trim_start_matches('v').to_string();
        let major: u32 = version.split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
        if major < 5 {
            return Err(format!(
                "esptool {version} terlalu lama: butuh versi 5 atau lebih baru. {ESPTOOL_INSTALL}"
            ));
        }
        return Ok(command.iter().map(|s| s.to_string()).collect());
    }
    Err(format!("esptool belum terpasang. {ESPTOOL_INSTALL}"))
}

const ESPTOOL_INSTALL: &str = "Pasang dengan:\n  sudo apt-get install pipx && pipx install esptool \
     (atau: pip install --upgrade esptool di dalam virtualenv)";

/// True when QEMU for Xtensa is installed.
pub fn has_qemu() -> bool {
    runs(QEMU, "--version")
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program).arg(arg).output().is_ok_and(|o| o.status.success())
}

/// For tests: true when everything the test needs is installed. When not,
/// on a student's machine the test says what is missing and passes; in CI
/// (`PRAKTIKUM_WAJIB_ESP8266=1`) it fails.
pub fn ready_for_test(needs_qemu: bool, needs_esptool: bool) -> bool {
    let mut missing = check().err();
    if missing.is_none() && needs_qemu && !has_qemu() {
        missing = Some("qemu-system-xtensa (qemu-system-misc) belum terpasang".into());
    }
    if missing.is_none() && needs_esptool {
        missing = esptool().err();
    }
    match missing {
        None => true,
        Some(e) if std::env::var_os("PRAKTIKUM_WAJIB_ESP8266").is_some() => panic!("{e}"),
        Some(e) => {
            eprintln!("uji dilewati: {e}");
            false
        }
    }
}
