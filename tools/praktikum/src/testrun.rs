//! Building and running a lab's graded suite, and reading its results.
//!
//! Two phases, so that each can be watched and limited: `cargo test
//! --no-run` builds the suite and tells where its executable is; then the
//! executable runs on its own, in its own process group, with a time limit
//! that also ends every server it started.

use crate::catalog::Lab;
use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// One graded test's result.
#[derive(Debug, Clone)]
pub struct TestOutcome {
    pub name: String,
    pub passed: bool,
    /// What the test printed when it failed (its Indonesian message).
    pub details: String,
}

/// What happened to a suite.
#[derive(Debug)]
pub enum SuiteResult {
    /// The lab does not compile; the compiler's messages.
    BuildFailed(String),
    /// The suite ran (perhaps cut short by the time limit).
    Ran { outcomes: Vec<TestOutcome>, timed_out: bool },
}

impl SuiteResult {
    pub fn passed_names(&self) -> Vec<String> {
        match self {
            SuiteResult::BuildFailed(_) => Vec::new(),
            SuiteResult::Ran { outcomes, .. } => {
                outcomes.iter().filter(|o| o.passed).map(|o| o.name.clone()).collect()
            }
        }
    }
}

/// Where and how to run one lab's suite.
pub struct Suite<'a> {
    /// The workspace whose `Cargo.toml` lists the package.
    pub workspace: &'a Path,
    pub package: &'a str,
    /// A separate target directory (grading), or the workspace's own.
    pub target_dir: Option<&'a Path>,
    /// Names of the tests, in the order they should be reported.
    pub expected: Vec<String>,
    /// Limit for running the tests (not for compiling).
    pub time_limit: Duration,
    /// Address-space limit for the test executable and the programs it
    /// starts (Linux, through `prlimit`); `None` for no limit.
    pub memory_limit: Option<u64>,
    /// Show progress bars on the terminal.
    pub show_progress: bool,
    /// Extra arguments for the test executable (e.g. `--test-threads=1`).
    pub test_args: Vec<String>,
    /// Set to stop the run early (watch mode restarts on a new change).
    pub cancel: Option<&'a AtomicBool>,
}

impl<'a> Suite<'a> {
    /// A suite for `lab`'s tests in `package` of `workspace`, with defaults
    /// for a student's own run.
    pub fn new(workspace: &'a Path, package: &'a str, lab: &Lab) -> Suite<'a> {
        Suite {
            workspace,
            package,
            target_dir: None,
            expected: lab.tests.iter().map(|t| t.name.clone()).collect(),
            time_limit: Duration::from_secs(600),
            memory_limit: None,
            show_progress: false,
            test_args: Vec::new(),
            cancel: None,
        }
    }

    pub fn cancelled(&self) -> bool {
        self.cancel.as_ref().is_some_and(|c| c.load(Ordering::Relaxed))
    }

    pub fn run(&self) -> Result<SuiteResult> {
        let executable = match self.build()? {
            Ok(path) => path,
            Err(messages) => return Ok(SuiteResult::BuildFailed(messages)),
        };
        self.execute(&executable)
    }

    /// Builds the suite; `Ok(Err(messages))` when the lab does not compile.
    pub fn build(&self) -> Result<std::result::Result<PathBuf, String>> {
        let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cargo
            .arg("test")
            .arg("--manifest-path")
            .arg(self.workspace.join("Cargo.toml"))
            .args(["--package", self.package, "--test", "uji", "--no-run"])
            .args(["--message-format", "json-render-diagnostics", "--color", "never"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(dir) = self.target_dir {
            cargo.env("CARGO_TARGET_DIR", dir);
        }
        let mut child =
            cargo.spawn().context("cargo tidak bisa dijalankan: apakah Rust sudah terpasang?")?;

        let spinner = self.spinner(format!("Mengompilasi {}", self.package));
        let stderr = child.stderr.take().expect("piped");
        let spinner_for_stderr = spinner.clone();
        let messages = thread::spawn(move || {
            let mut errors = Vec::new();
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let trimmed = line.trim_start();
                if let Some(what) = trimmed.strip_prefix("Compiling ") {
                    spinner_for_stderr.set_message(format!("Mengompilasi {what}"));
                } else if !trimmed.starts_with("Finished") && !trimmed.starts_with("Executable") {
                    errors.push(line);
                }
            }
            errors
        });

        let stdout = child.stdout.take().expect("piped");
        let artifacts = thread::spawn(move || {
            let mut executable = None;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(artifact) = serde_json::from_str::<Artifact>(&line)
                    && artifact.reason == "compiler-artifact"
                    && artifact.target.name == "uji"
                    && let Some(path) = artifact.executable
                {
                    executable = Some(path);
                }
            }
            executable
        });
        let status = loop {
            if let Some(status) = child.try_wait()? {
                break status;
            }
            if self.cancelled() {
                let _ = child.kill();
                let _ = child.wait();
                spinner.finish_and_clear();
                return Ok(Err("dibatalkan".to_string()));
            }
            thread::sleep(Duration::from_millis(50));
        };
        let executable = artifacts.join().unwrap_or_default();
        let messages = messages.join().unwrap_or_default();
        spinner.finish_and_clear();
        match executable {
            Some(path) if status.success() => Ok(Ok(path)),
            _ => Ok(Err(messages.join("\n"))),
        }
    }

    fn execute(&self, executable: &Path) -> Result<SuiteResult> {
        let mut command = match self.memory_limit {
            Some(bytes) if cfg!(target_os = "linux") => {
                let mut limited = Command::new("prlimit");
                limited.arg(format!("--as={bytes}")).arg("--").arg(executable);
                limited
            }
            _ => Command::new(executable),
        };
        command
            .args(&self.test_args)
            .args(["--color", "never"])
            .current_dir(self.workspace)
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command
            .spawn()
            .with_context(|| format!("{} tidak bisa dijalankan", executable.display()))?;

        let bar = self.bar(self.expected.len() as u64);
        let (lines_tx, lines_rx) = mpsc::channel();
        let stdout = child.stdout.take().expect("piped");
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if lines_tx.send(line).is_err() {
                    break;
                }
            }
        });

        let deadline = Instant::now() + self.time_limit;
        let mut output = Vec::new();
        let mut timed_out = false;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines_rx.recv_timeout(left.min(Duration::from_millis(200))) {
                Ok(line) => {
                    if let Some((name, _)) = parse_result_line(&line) {
                        bar.set_message(name.to_string());
                        bar.inc(1);
                    }
                    output.push(line);
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) if left.is_zero() => {
                    timed_out = true;
                    break;
                }
                Err(mpsc::RecvTimeoutError::Timeout) if self.cancelled() => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
            }
        }
        if timed_out || self.cancelled() {
            kill_group(&mut child);
        }
        let _ = child.wait();
        bar.finish_and_clear();
        Ok(SuiteResult::Ran {
            outcomes: collect_outcomes(&output, &self.expected, timed_out, self.time_limit),
            timed_out,
        })
    }

    fn spinner(&self, message: String) -> ProgressBar {
        if !self.show_progress {
            return ProgressBar::hidden();
        }
        let spinner = ProgressBar::new_spinner().with_message(message);
        spinner.enable_steady_tick(Duration::from_millis(120));
        spinner
    }

    fn bar(&self, total: u64) -> ProgressBar {
        if !self.show_progress {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(total);
        bar.set_style(
            ProgressStyle::with_template("Menguji {bar:30.cyan/blue} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    }
}

#[derive(Deserialize)]
struct Artifact {
    reason: String,
    #[serde(default)]
    target: ArtifactTarget,
    #[serde(default)]
    executable: Option<PathBuf>,
}

#[derive(Deserialize, Default)]
struct ArtifactTarget {
    #[serde(default)]
    name: String,
}

/// Ends the test executable and every program it started.
fn kill_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        let group = format!("-{}", child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
    }
    let _ = child.kill();
}

/// `test name ... ok` → `(name, true)`; `... FAILED` → `(name, false)`.
fn parse_result_line(line: &str) -> Option<(&str, bool)> {
    let rest = line.strip_prefix("test ")?;
    let (name, verdict) = rest.split_once(" ... ")?;
    match verdict.trim() {
        "ok" => Some((name, true)),
        "FAILED" => Some((name, false)),
        _ => None,
    }
}

/// Turns libtest's output into one outcome per expected test.
fn collect_outcomes(
    output: &[String],
    expected: &[String],
    timed_out: bool,
    limit: Duration,
) -> Vec<TestOutcome> {
    let mut verdicts = BTreeMap::new();
    for line in output {
        if let Some((name, passed)) = parse_result_line(line) {
            verdicts.insert(name.to_string(), passed);
        }
    }
    let details = failure_details(output);
    let mut names: Vec<String> = expected.to_vec();
    for name in verdicts.keys() {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
        .into_iter()
        .map(|name| {
            let (passed, text) = match verdicts.get(&name) {
                Some(true) => (true, String::new()),
                Some(false) => (false, details.get(&name).cloned().unwrap_or_default()),
                None if timed_out => (false, format!("Waktu habis: uji ini belum selesai setelah {} detik. Apakah program Anda macet (misalnya menunggu sesuatu yang tidak pernah datang)?", limit.as_secs())),
                None => (false, "Uji ini tidak dijalankan: program uji berhenti sebelum sampai ke sini.".to_string()),
            };
            TestOutcome { name, passed, details: text }
        })
        .collect()
}

/// The `---- name stdout ----` blocks of libtest's failure section.
fn failure_details(output: &[String]) -> BTreeMap<String, String> {
    let mut details = BTreeMap::new();
    let mut current: Option<(String, Vec<&str>)> = None;
    for line in output {
        let header = line.strip_prefix("---- ").and_then(|r| r.strip_suffix(" stdout ----"));
        let ends_block =
            header.is_some() || line == "failures:" || line.starts_with("test result:");
        if ends_block && let Some((name, lines)) = current.take() {
            details.insert(name, lines.join("\n").trim().to_string());
        }
        if let Some(name) = header {
            current = Some((name.to_string(), Vec::new()));
        } else if let Some((_, lines)) = current.as_mut() {
            lines.push(line);
        }
    }
    details
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    const SAMPLE: &str = "\nrunning 3 tests\ntest a ... ok\ntest b ... FAILED\ntest c has been running for over 60 seconds\ntest c ... ok\n\nfailures:\n\n---- b stdout ----\n\nthread 'b' panicked at x.rs:1:1:\nPesan uji\nbaris kedua\n\n\nfailures:\n    b\n\ntest result: FAILED. 2 passed; 1 failed\n";

    #[test]
    fn results_and_failure_messages_are_read() {
        let outcomes = collect_outcomes(
            &lines(SAMPLE),
            &["a".into(), "b".into(), "c".into()],
            false,
            Duration::from_secs(1),
        );
        let passed: Vec<bool> = outcomes.iter().map(|o| o.passed).collect();
        assert_eq!(passed, [true, false, true]);
        assert_eq!(outcomes[1].details, "thread 'b' panicked at x.rs:1:1:\nPesan uji\nbaris kedua");
    }

    #[test]
    fn tests_cut_off_by_the_time_limit_fail_with_a_reason() {
        let outcomes = collect_outcomes(
            &lines("test a ... ok\n"),
            &["a".into(), "b".into()],
            true,
            Duration::from_secs(9),
        );
        assert!(outcomes[0].passed);
        assert!(!outcomes[1].passed);
        assert!(outcomes[1].details.contains("Waktu habis"));
    }

    #[test]
    fn unexpected_tests_are_still_reported() {
        let outcomes =
            collect_outcomes(&lines("test extra ... FAILED\n"), &[], false, Duration::from_secs(1));
        assert_eq!(outcomes.len(), 1);
        assert_eq!(outcomes[0].name, "extra");
    }
}
