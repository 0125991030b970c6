//! Running an image on QEMU's lx106 CPU (`-M sim`): memory at the
//! ESP8266's addresses, no peripherals, semihosting for standard output and
//! the exit status.

use crate::toolchain;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub status: ExitStatus,
}

/// Runs the image until it exits; an error after `limit`.
pub fn run(elf: &Path, limit: Duration) -> Result<Run, String> {
    let mut qemu = Command::new(toolchain::QEMU)
        .args(["-M", "sim", "-cpu", "lx106", "-semihosting", "-nographic", "-monitor", "none"])
        // `-kernel` does not set the lx106's start address in QEMU 7.2; the
        // loader device does (the ELF's entry point, _start).
        .arg("-device")
        .arg(format!("loader,file={},cpu-num=0", elf.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{} tidak bisa dijalankan: {e}", toolchain::QEMU))?;
    // Read both pipes while QEMU runs, so that a full pipe never blocks it.
    let stdout = qemu.stdout.take().map(read_all);
    let stderr = qemu.stderr.take().map(read_all);
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = qemu.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if Instant::now() > deadline {
            let _ = qemu.kill();
            let _ = qemu.wait();
            return Err(format!("QEMU belum selesai setelah {} detik", limit.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let join = |reader: Option<std::thread::JoinHandle<String>>| {
        reader.and_then(|r| r.join().ok()).unwrap_or_default()
    };
    Ok(Run { stdout: join(stdout), stderr: join(stderr), status })
}

fn read_all(mut pipe: impl std::io::Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Where two transcripts part: `None` when they are equal, otherwise an
/// Indonesian report of the first line that differs (or is missing).
pub fn first_difference(on_pc: &str, on_lx106: &str) -> Option<String> {
    if on_pc == on_lx106 {
        return None;
    }
    let (pc, lx106): (Vec<&str>, Vec<&str>) = (on_pc.lines().collect(), on_lx106.lines().collect());
    let line = pc.iter().zip(&lx106).position(|(a, b)| a != b).unwrap_or(pc.len().min(lx106.len()));
    let shown = |lines: &[&str]| lines.get(line).copied().unwrap_or("(habis)").to_string();
    Some(format!(
        "transkrip berbeda mulai baris {}:\n  PC:   {}\n  QEMU: {}",
        line + 1,
        shown(&pc),
        shown(&lx106)
    ))
}

#[cfg(test)]
mod tests {
    use super::first_difference;

    #[test]
    fn equal_transcripts_have_no_difference() {
        assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
    }

    #[test]
    fn the_first_differing_or_missing_line_is_named() {
        let changed = first_difference("a\nb\nc\n", "a\nx\nc\n").unwrap();
        assert!(
            changed.contains("baris 2")
                && changed.contains("PC:   b")
                && changed.contains("QEMU: x")
        );
        let cut = first_difference("a\nb\n", "a\n").unwrap();
        assert!(cut.contains("baris 2") && cut.contains("QEMU: (habis)"), "{cut}");
    }
}
