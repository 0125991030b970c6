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

/// The command that runs esptool: `esptool` from pip, or `python3 -m esptool`.
pub fn esptool() -> Result<Vec<String>, String> {
    if runs("esptool", "version") {
        return Ok(vec!["esptool".into()]);
    }
    let module = ["python3", "-m", "esptool"];
    let found = Command::new(module[0]).args(&module[1..]).arg("version").output();
    if found.is_ok_and(|o| o.status.success()) {
        return Ok(module.iter().map(|s| s.to_string()).collect());
    }
    Err("esptool belum terpasang. Pasang dengan:\n  pip install esptool".into())
}

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
