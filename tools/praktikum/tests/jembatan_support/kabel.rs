//! The USB cable: a pair of pseudo-terminals joined by socat. Whatever is
//! written to one end comes out of the other, like the CP2102 on a NodeMCU
//! between the ESP8266's UART0 and the PC's `/dev/ttyUSB0`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// True when socat is there. Without it the test says so and is skipped,
/// unless `PRAKTIKUM_WAJIB_SOCAT=1` (CI): then it fails.
pub fn socat_available() -> bool {
    let found = Command::new("socat")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !found {
        let install = "pasang dengan: sudo apt-get install socat";
        if std::env::var("PRAKTIKUM_WAJIB_SOCAT").is_ok_and(|v| v == "1") {
            panic!(
                "socat tidak ada, padahal PRAKTIKUM_WAJIB_SOCAT=1 mewajibkan uji ini ({install})"
            );
        }
        eprintln!("socat tidak ada: uji jembatan serial dilewati ({install})");
    }
    found
}

/// A running socat with two linked pseudo-terminals in `dir`: `papan` (the
/// board's end) and `pc` (the PC's end, which the bridge opens). Dropping
/// it pulls the cable: socat ends and both ends disappear.
pub struct Kabel {
    socat: Child,
    pub papan: PathBuf,
    pub pc: PathBuf,
}

impl Kabel {
    pub fn plug_in(dir: &Path) -> Kabel {
        let (papan, pc) = (dir.join("papan"), dir.join("pc"));
        let end = |path: &Path| format!("pty,raw,echo=0,link={}", path.display());
        let socat = Command::new("socat")
            .args(["-d", "-d", &end(&papan), &end(&pc)])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("socat tidak bisa dijalankan");
        let kabel = Kabel { socat, papan, pc };
        let deadline = Instant::now() + Duration::from_secs(30);
        while !(kabel.papan.exists() && kabel.pc.exists()) {
            assert!(Instant::now() < deadline, "socat tidak membuat terminalnya dalam 30 detik");
            std::thread::sleep(Duration::from_millis(20));
        }
        kabel
    }

    /// Pulls the cable, and waits until both ends are gone.
    pub fn pull_out(mut self) {
        self.end();
    }

    fn end(&mut self) {
        let _ = self.socat.kill();
        let _ = self.socat.wait();
        // socat removes its links as it ends; a killed socat may not.
        let _ = std::fs::remove_file(&self.papan);
        let _ = std::fs::remove_file(&self.pc);
    }
}

impl Drop for Kabel {
    fn drop(&mut self) {
        self.end();
    }
}
