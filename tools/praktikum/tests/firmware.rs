//! `praktikum firmware`: the serial monitor over a socat pseudo-terminal
//! pair (the USB cable), and the Indonesian errors for a missing port.
//! Building the image itself is tested in `firmware/rakit`.

// Shared with the bridge tests, which use all of it.
#[allow(dead_code)]
#[path = "jembatan_support/kabel.rs"]
mod kabel;

use kabel::{Kabel, socat_available};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const PATIENCE: Duration = Duration::from_secs(60);

fn praktikum() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_praktikum"));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

#[test]
fn a_missing_port_is_explained_in_indonesian() {
    for subcommand in ["monitor", "flash"] {
        let output = praktikum()
            .args(["firmware", subcommand, "--port", "/dev/tidak-ada-papan"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{subcommand}: seharusnya gagal");
        assert!(
            stderr.contains("port /dev/tidak-ada-papan tidak ada"),
            "{subcommand}: pesan kesalahan:\n{stderr}"
        );
        // `flash` looks for the port before the long build.
        assert!(!stderr.contains("Membangun"), "{subcommand}:\n{stderr}");
    }
}

#[test]
fn the_monitor_shows_the_boards_lines_and_sends_what_is_typed() {
    if !socat_available() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("firmware-monitor-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cable = Kabel::plug_in(&dir);
    let mut monitor = praktikum()
        .args(["firmware", "monitor", "--port"])
        .arg(&cable.pc)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (lines, shown) = mpsc::channel();
    let stdout = monitor.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let wait_for = |expected: &str| loop {
        match shown.recv_timeout(PATIENCE) {
            Ok(line) if line.contains(expected) => return line,
            Ok(_) => {}
            Err(_) => panic!("monitor tidak menampilkan '{expected}' dalam {PATIENCE:?}"),
        }
    };
    wait_for("Monitor serial");

    // The board writes: the monitor shows it (control characters as �).
    let mut board = std::fs::OpenOptions::new().read(true).write(true).open(&cable.papan).unwrap();
    board.write_all(b"# rumah pintar nodemcu: id=nodemcu-1\nDATA x \x1b[2J\n").unwrap();
    wait_for("# rumah pintar nodemcu: id=nodemcu-1");
    let line = wait_for("DATA x");
    assert!(line.contains('\u{fffd}') && !line.contains('\x1b'), "{line:?}");

    // The student types an answer: it reaches the board with its `\n`.
    monitor.stdin.as_mut().unwrap().write_all(b"OK 1\n").unwrap();
    let (bytes, arrived) = mpsc::channel();
    std::thread::spawn(move || {
        let mut received = Vec::new();
        let mut buffer = [0u8; 64];
        while !received.ends_with(b"\n") {
            match board.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
        let _ = bytes.send(received);
    });
    let received = arrived.recv_timeout(PATIENCE).expect("baris ketikan sampai ke papan");
    assert_eq!(received, b"OK 1\n");

    let _ = monitor.kill();
    let _ = monitor.wait();
    drop(cable);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `flash` builds the image and calls esptool with the NodeMCU's flash
/// mode and both files at their offsets. A stand-in `esptool` first on
/// PATH records the `write-flash` call (and hands everything else to the
/// real esptool, which makes the image).
#[test]
fn flash_calls_esptool_with_dio_and_both_offsets() {
    if !rakit::toolchain::ready_for_test(false, true) {
        return;
    }
    let dir = std::env::temp_dir().join(format!("firmware-flash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let record = dir.join("esptool-args.txt");
    let fake = dir.join("esptool");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\ncase \" $* \" in\n  *\" write-flash \"*) echo \"$*\" > '{}' ;;\n  *) exec python3 -m esptool \"$@\" ;;\nesac\n",
            record.display()
        ),
    )
    .unwrap();
    let mut permissions = std::fs::metadata(&fake).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&fake, permissions).unwrap();
    // Any existing file will do as the port: the stand-in never opens it.
    let port = dir.join("ttyUSB0");
    std::fs::write(&port, "").unwrap();

    let path = format!("{}:{}", dir.display(), std::env::var("PATH").unwrap_or_default());
    let output = praktikum()
        .args(["firmware", "flash", "--solusi", "--port"])
        .arg(&port)
        .env("PATH", path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    let args = std::fs::read_to_string(&record).expect("esptool write-flash dipanggil");
    let words: Vec<&str> = args.split_whitespace().collect();
    let after = |flag: &str| words.iter().position(|w| *w == flag).map(|i| words[i + 1]);
    assert_eq!(after("--chip"), Some("esp8266"), "{args}");
    assert_eq!(after("--port"), port.to_str(), "{args}");
    assert_eq!(after("--flash-mode"), Some("dio"), "{args}");
    assert_eq!(after("--flash-size"), Some("4MB"), "{args}");
    let at = |offset: &str| after(offset).unwrap_or_else(|| panic!("tanpa {offset}: {args}"));
    assert!(at("0x0").ends_with("rumah-pintar-0x00000.bin"), "{args}");
    assert!(at("0x10000").ends_with("rumah-pintar-0x10000.bin"), "{args}");
    assert!(stdout.contains("cargo praktikum firmware monitor --port"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}
