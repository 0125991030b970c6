//! Running a student's test process in a sandbox (bubblewrap, Linux).
//!
//! What the process gets:
//! - a read-only view of the whole file system (the system, the pristine
//!   repository, the built tests), with a fresh, empty `/tmp` as the only
//!   writable place, gone when it ends;
//! - its own network namespace: a private loopback only (the labs' tests
//!   run servers on 127.0.0.1), no way to the grader's ports or the network;
//! - its own PID namespace and session: everything it starts dies with it;
//! - a clean environment (no tokens, no SSH agent);
//! - limits on memory, CPU time, file size and processes.
//!
//! What it does not protect against: kernel bugs, and a student's code
//! using up the time limit. Without bubblewrap `nilai --kelas` refuses to
//! run unless the instructor says `--tanpa-sandbox`.

use std::path::Path;
use std::process::Command;

/// Limits for one sandboxed process.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Address space, bytes.
    pub memory: u64,
    /// CPU seconds.
    pub cpu_seconds: u64,
    /// Largest file it may write, bytes.
    pub file_size: u64,
    /// Processes and threads it may have at once (beyond those the user
    /// already has).
    pub processes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            memory: 4096 * 1024 * 1024,
            cpu_seconds: 600,
            file_size: 64 * 1024 * 1024,
            processes: 256,
        }
    }
}

/// True when bubblewrap is installed and can make a sandbox here (Linux
/// only; on Windows and macOS grading runs without it, see `--tanpa-sandbox`).
pub fn available() -> bool {
    cfg!(target_os = "linux")
        && Command::new("bwrap")
            .args(["--ro-bind", "/", "/", "--unshare-all", "--die-with-parent", "true"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
}

/// `program` (with its arguments still to add) inside the sandbox, working
/// in `dir`. `visible` are folders it must see even where the fresh `/tmp`
/// would hide them (the grading workspace and its built tests may live
/// under `/tmp`); they stay read-only.
pub fn command(program: &Path, dir: &Path, visible: &[&Path], limits: Limits) -> Command {
    let mut command = Command::new("bwrap");
    command.args(["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]);
    for folder in visible {
        command.arg("--ro-bind").arg(folder).arg(folder);
    }
    command
        .args(["--unshare-all", "--die-with-parent", "--new-session"])
        // Its own user namespace: the process limit then counts for real
        // (root's is not enforced), and nothing inside is root outside.
        .args(["--unshare-user", "--uid", "65534", "--gid", "65534"])
        .args(["--clearenv", "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin"])
        .args(["--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp"])
        .arg("--chdir")
        .arg(dir)
        .args(["--", "prlimit"])
        .arg(format!("--as={}", limits.memory))
        .arg(format!("--cpu={}", limits.cpu_seconds))
        .arg(format!("--fsize={}", limits.file_size))
        .arg(format!("--nproc={}", processes_of_this_user() + limits.processes))
        .arg("--")
        .arg(program);
    command
}

/// How many processes and threads run as this user now (the process limit
/// counts them all, inside and outside the sandbox).
fn processes_of_this_user() -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(me) = std::fs::metadata("/proc/self").map(|m| m.uid()) else { return 0 };
        let mut count = 0;
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let is_process =
                entry.file_name().to_string_lossy().bytes().all(|b| b.is_ascii_digit());
            if is_process && entry.metadata().is_ok_and(|m| m.uid() == me) {
                let tasks = std::fs::read_dir(entry.path().join("task")).map_or(1, |t| t.count());
                count += tasks as u64;
            }
        }
        count
    }
    // No bubblewrap off Linux: `available` is false there.
    #[cfg(not(unix))]
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    /// The sandbox is required in CI; elsewhere its tests skip without it.
    fn sandbox_or_skip() -> bool {
        let required = std::env::var("PRAKTIKUM_WAJIB_SANDBOX").is_ok_and(|v| v == "1");
        let here = available();
        assert!(
            here || !required,
            "bubblewrap tidak bisa dipakai, padahal PRAKTIKUM_WAJIB_SANDBOX=1"
        );
        here
    }

    fn run_shell(script: &str, limits: Limits) -> std::process::Output {
        let mut command = command(Path::new("/bin/sh"), Path::new("/"), &[], limits);
        command.args(["-c", script]).output().expect("bwrap runs")
    }

    #[test]
    fn only_a_fresh_tmp_is_writable() {
        if !sandbox_or_skip() {
            return;
        }
        let marker = std::env::temp_dir().join(format!("sandbox-marker-{}", std::process::id()));
        let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
        let script = format!(
            "echo x > {m} && echo tmp-ok; echo x > {h}/sandbox-escape 2>/dev/null || echo home-refused; \
             echo x > {root}/escape 2>/dev/null || echo repo-refused",
            m = marker.display(),
            h = home,
            root = env!("CARGO_MANIFEST_DIR"),
        );
        let output = run_shell(&script, Limits::default());
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            text.contains("tmp-ok")
                && text.contains("home-refused")
                && text.contains("repo-refused"),
            "{text}"
        );
        assert!(!marker.exists(), "the sandbox's /tmp is its own");
    }

    #[test]
    fn the_graders_ports_and_environment_are_out_of_reach() {
        if !sandbox_or_skip() {
            return;
        }
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        // A secret in the grader's environment must not reach the test.
        let script = format!(
            "python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", {port}), 2)' 2>/dev/null \
             && echo reached || echo no-route; echo \"home=$HOME token=${{PRAKTIKUM_RAHASIA_UJI:-none}}\""
        );
        let mut command = command(Path::new("/bin/sh"), Path::new("/"), &[], Limits::default());
        command.env("PRAKTIKUM_RAHASIA_UJI", "s3cret").args(["-c", &script]);
        let output = command.output().unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("no-route"), "{text}");
        assert!(text.contains("home=/tmp token=none"), "{text}");
    }

    #[test]
    fn a_fork_bomb_and_a_huge_file_are_stopped() {
        if !sandbox_or_skip() {
            return;
        }
        let limits = Limits { processes: 20, file_size: 1024 * 1024, ..Limits::default() };
        let script = "i=0; while [ $i -lt 100 ]; do sleep 5 & i=$((i+1)); done 2>/dev/null; \
                      echo started=$(jobs -p | wc -l); \
                      head -c 4000000 /dev/zero > /tmp/big 2>/dev/null; echo size=$(stat -c %s /tmp/big)";
        let output = run_shell(script, limits);
        let text = String::from_utf8_lossy(&output.stdout);
        let started: u64 = text
            .split("started=")
            .nth(1)
            .and_then(|t| t.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(999);
        assert!(started <= 20, "{text}");
        assert!(text.contains("size=1048576"), "{text}");
    }
}
