//! `praktikum cek`: is this computer ready for the workbook?

use crate::catalog::Catalog;
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

/// The oldest Rust that the workbook's crates build with.
const MINIMUM_RUST: (u32, u32) = (1, 95);

/// Prints one line per check; returns false when something must be fixed.
pub fn check(root: &Path, catalog: &Catalog, book_address: &str) -> bool {
    let mut all_good = true;
    let mut report = |ok: bool, good: String, fix: String| {
        if ok {
            println!("  ✓ {good}");
        } else {
            println!("  ✗ {fix}");
            all_good = false;
        }
    };
    println!("Memeriksa persiapan praktikum di {}\n", root.display());

    let rustc = version_of("rustc");
    let rust_ok = rustc.as_deref().and_then(parse_version).is_some_and(|v| v >= MINIMUM_RUST);
    report(
        rust_ok,
        format!("Rust: {}", rustc.clone().unwrap_or_default()),
        match rustc {
            Some(found) => {
                format!("Rust terlalu lama ({found}). Perbarui dengan: rustup update stable")
            }
            None => {
                "rustc tidak ditemukan. Pasang Rust dari https://rustup.rs lalu buka terminal baru."
                    .to_string()
            }
        },
    );
    let cargo = version_of("cargo");
    report(
        cargo.is_some(),
        format!("Cargo: {}", cargo.unwrap_or_default()),
        "cargo tidak ditemukan. Pasang Rust dari https://rustup.rs".to_string(),
    );

    for (address, purpose) in
        [(book_address, "buku"), ("0.0.0.0:2004", "server lab (port bawaan 2004)")]
    {
        let free = TcpListener::bind(address).is_ok();
        report(
            free,
            format!("Port untuk {purpose} bebas: {address}"),
            format!(
                "Port untuk {purpose} ({address}) sedang dipakai program lain. Hentikan program itu, atau pakai port lain (--alamat untuk buku, --port untuk server)."
            ),
        );
    }

    let book = root.join("book").join("book.toml").is_file();
    report(
        book,
        "Buku ada; `cargo praktikum` membangunnya tanpa memasang mdbook".to_string(),
        "book/book.toml tidak ada: apakah repositorinya lengkap?".to_string(),
    );

    for lab in &catalog.labs {
        let present = lab.starter_dir(root).join("src").is_dir();
        report(
            present,
            format!("{} ada di labs/{}", lab.id, lab.package),
            format!("labs/{}/src tidak ada: apakah repositorinya lengkap?", lab.package),
        );
    }

    let telnet_or_nc =
        ["nc", "ncat", "telnet"].iter().find(|tool| Command::new(tool).arg("-h").output().is_ok());
    match telnet_or_nc {
        Some(tool) => println!("  ✓ Alat uji manual ada: {tool}"),
        None => println!(
            "  · (pilihan) telnet atau nc tidak ditemukan; berguna untuk mencoba server dengan tangan"
        ),
    }
    // Only the last step (the real board) needs these: never a ✗.
    let optional = |ok: Result<(), String>, good: &str| match ok {
        Ok(()) => println!("  ✓ {good}"),
        Err(missing) => {
            println!("  · (untuk papan) {}", missing.replace("\n  ", " ").replace('\n', " "))
        }
    };
    optional(rakit::toolchain::check(), "Perkakas ESP8266 ada: cargo praktikum firmware bangun");
    optional(
        rakit::toolchain::has_qemu()
            .then_some(())
            .ok_or_else(|| "QEMU Xtensa belum ada: sudo apt-get install qemu-system-misc".into()),
        "QEMU Xtensa ada: cargo praktikum firmware qemu",
    );
    optional(
        rakit::toolchain::esptool().map(|_| ()),
        "esptool ada: cargo praktikum firmware flash",
    );
    // Only instructors grading a class need the sandbox.
    if crate::isolation::available() {
        println!(
            "  ✓ (untuk pengajar) sandbox bubblewrap bisa dipakai: cargo praktikum nilai --kelas"
        );
    } else {
        println!(
            "  · (untuk pengajar) sandbox bubblewrap tidak bisa dipakai (Linux: sudo apt-get install \
             bubblewrap); tanpa itu `nilai --kelas` butuh --tanpa-sandbox"
        );
    }
    println!();
    if all_good {
        println!("Semua siap. Mulai dengan `cargo praktikum`.");
    } else {
        println!("Perbaiki yang bertanda ✗, lalu jalankan `cargo praktikum cek` lagi.");
    }
    all_good
}

fn version_of(tool: &str) -> Option<String> {
    let output = Command::new(tool).arg("--version").output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// `rustc 1.95.0 (…)` → `(1, 95)`.
fn parse_version(text: &str) -> Option<(u32, u32)> {
    let number = text.split_whitespace().nth(1)?;
    let mut parts = number.split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::parse_version;

    #[test]
    fn rust_versions_are_read() {
        assert_eq!(parse_version("rustc 1.95.0 (59807616e 2026-04-14)"), Some((1, 95)));
        assert_eq!(parse_version("cargo 1.100.2"), Some((1, 100)));
        assert_eq!(parse_version("rubbish"), None);
    }
}
