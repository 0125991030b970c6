//! A lab program running in the background, with its output collected.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Output lines seen so far, shared with the reader threads.
#[derive(Default)]
struct Output {
    stdout: Vec<String>,
    stderr: Vec<String>,
    stdout_closed: bool,
}

#[derive(Default)]
struct Shared {
    output: Mutex<Output>,
    changed: Condvar,
}

/// A running program; it is killed when this value is dropped.
pub struct RunningProgram {
    name: String,
    child: Child,
    shared: Arc<Shared>,
}

impl RunningProgram {
    /// Starts `binary` with `args`, stdout and stderr piped and collected.
    pub fn spawn(binary: &str, args: &[&str]) -> RunningProgram {
        let mut command = Command::new(binary);
        command.args(args);
        RunningProgram::from_command(command)
    }

    /// Starts a prepared command, stdout and stderr piped and collected.
    pub fn from_command(mut command: Command) -> RunningProgram {
        let binary = command.get_program().to_string_lossy().to_string();
        let mut child = command
            // A student needs the panic message, not a backtrace.
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("Program {binary} tidak bisa dijalankan: {e}"));
        let shared = Arc::new(Shared::default());
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        collect_lines(stdout, Arc::clone(&shared), true);
        collect_lines(stderr, Arc::clone(&shared), false);
        let name = binary.rsplit(['/', '\\']).next().unwrap_or(&binary).to_string();
        RunningProgram { name, child, shared }
    }

    /// The program's file name, for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The process id (for sending signals).
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// All stdout lines so far.
    pub fn stdout_lines(&self) -> Vec<String> {
        self.lock().stdout.clone()
    }

    /// All of stderr so far, as one text.
    pub fn stderr_text(&self) -> String {
        self.lock().stderr.join("\n")
    }

    /// Waits until `check` accepts the stdout lines seen so far, and returns
    /// its answer; `None` when the time is up or stdout has closed first.
    pub fn wait_stdout<T>(
        &self,
        timeout: Duration,
        mut check: impl FnMut(&[String]) -> Option<T>,
    ) -> Option<T> {
        let deadline = Instant::now() + timeout;
        let mut output = self.lock();
        loop {
            if let Some(found) = check(&output.stdout) {
                return Some(found);
            }
            let now = Instant::now();
            if output.stdout_closed || now >= deadline {
                return None;
            }
            output = self
                .shared
                .changed
                .wait_timeout(output, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Waits for a stdout line that satisfies `matches`, starting at line
    /// `from`; returns its index and text.
    pub fn wait_line(
        &self,
        from: usize,
        timeout: Duration,
        matches: impl Fn(&str) -> bool,
    ) -> Option<(usize, String)> {
        self.wait_stdout(timeout, |lines| {
            lines
                .iter()
                .enumerate()
                .skip(from)
                .find(|(_, l)| matches(l))
                .map(|(i, l)| (i, l.clone()))
        })
    }

    /// Waits for the program to end by itself.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => {
                    // Let the reader threads take the last lines.
                    self.wait_stdout(Duration::from_secs(5), |_| None::<()>);
                    return Some(status);
                }
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(20)),
                _ => return None,
            }
        }
    }

    /// True while the process has not ended.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Sends SIGINT, as Ctrl-C in a terminal does.
    #[cfg(unix)]
    pub fn interrupt(&self) {
        let status = Command::new("kill")
            .args(["-INT", &self.id().to_string()])
            .status()
            .expect("the kill command exists on unix");
        assert!(status.success(), "Sinyal Ctrl-C (SIGINT) gagal dikirim ke {}", self.name);
    }

    /// The last lines of stdout and stderr, to explain a failure.
    pub fn report(&self) -> String {
        let output = self.lock();
        let tail = |lines: &[String]| {
            let start = lines.len().saturating_sub(15);
            if lines.is_empty() {
                "    (kosong)".to_string()
            } else {
                let shown = lines[start..].iter().filter(|l| !l.trim().is_empty());
                shown.map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
            }
        };
        format!(
            "--- keluaran {} (stdout, baris terakhir) ---\n{}\n--- stderr ---\n{}",
            self.name,
            tail(&output.stdout),
            tail(&output.stderr)
        )
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Output> {
        self.shared.output.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for RunningProgram {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn collect_lines(pipe: impl Read + Send + 'static, shared: Arc<Shared>, is_stdout: bool) {
    thread::spawn(move || {
        for line in BufReader::new(pipe).split(b'\n') {
            let Ok(line) = line else { break };
            let text = String::from_utf8_lossy(&line).trim_end_matches('\r').to_string();
            let mut output = shared.output.lock().unwrap_or_else(|e| e.into_inner());
            if is_stdout {
                output.stdout.push(text);
            } else {
                output.stderr.push(text);
            }
            shared.changed.notify_all();
        }
        if is_stdout {
            shared.output.lock().unwrap_or_else(|e| e.into_inner()).stdout_closed = true;
            shared.changed.notify_all();
        }
    });
}
