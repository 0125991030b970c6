//! A lab server started on an ephemeral port.

use crate::{RunningProgram, STARTUP_TIMEOUT, TestClient};
use std::net::SocketAddr;
use std::ops::{Deref, DerefMut};

/// The line every lab server prints once it listens.
pub const STARTUP_PREFIX: &str = "Server berjalan di ";

/// A server program whose start-up line has been read.
pub struct ServerProcess {
    program: RunningProgram,
    addr: SocketAddr,
}

impl ServerProcess {
    /// Starts the server and waits for `Server berjalan di <ip>:<port>`.
    ///
    /// Pass `--port 0` in `args`: the system then picks a free port, and
    /// the server must print the real one.
    pub fn start(binary: &str, args: &[&str]) -> ServerProcess {
        let mut program = RunningProgram::spawn(binary, args);
        let line = program.wait_line(0, STARTUP_TIMEOUT, |l| l.starts_with(STARTUP_PREFIX));
        let Some((_, line)) = line else {
            // Closed output means the program is ending: let it finish.
            let ended = program.wait_exit(std::time::Duration::from_secs(5)).is_some();
            let when = if !ended {
                format!("dalam {} detik", STARTUP_TIMEOUT.as_secs())
            } else {
                "sebelum program berhenti".to_string()
            };
            panic!(
                "Server tidak mencetak baris '{STARTUP_PREFIX}<ip>:<port>' {when}.\n\
                 Periksa pembuatan socket (bind, listen) dan pencetakan baris awal.\n{}",
                program.report()
            );
        };
        let text = line[STARTUP_PREFIX.len()..].trim();
        let addr: SocketAddr = text.parse().unwrap_or_else(|_| {
            panic!(
                "Baris awal server harus '{STARTUP_PREFIX}<ip>:<port>', tetapi tertulis: '{line}'"
            )
        });
        assert_ne!(
            addr.port(),
            0,
            "Server mencetak port 0: cetak port yang benar-benar dipakai (local_addr), bukan port dari argumen."
        );
        ServerProcess { program, addr }
    }

    /// The address to connect to (loopback when the server listens on all interfaces).
    pub fn addr(&self) -> SocketAddr {
        if self.addr.ip().is_unspecified() {
            SocketAddr::from(([127, 0, 0, 1], self.addr.port()))
        } else {
            self.addr
        }
    }
}

impl ServerProcess {
    /// A client connected to this server; a failure shows the server's output.
    pub fn client(&self, name: &str) -> TestClient {
        TestClient::try_connect(self.addr(), name)
            .unwrap_or_else(|e| panic!("{e}\n{}", self.report()))
    }
}

impl Deref for ServerProcess {
    type Target = RunningProgram;
    fn deref(&self) -> &RunningProgram {
        &self.program
    }
}

impl DerefMut for ServerProcess {
    fn deref_mut(&mut self) -> &mut RunningProgram {
        &mut self.program
    }
}
