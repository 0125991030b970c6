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
    /// Limit for compiling the lab and its tests.
    pub build_time_limit: Duration,
    /// Address-space limit for the test executable and the programs it
    /// starts (Linux, through `prlimit`); `None` for no limit.
    pub memory_limit: Option<u64>,
    /// Run each test process in the sandbox (`nilai --kelas`), with these
    /// limits; `memory_limit` is then part of them.
    pub isolate: Option<crate::isolation::Limits>,
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
            build_time_limit: Duration::from_secs(900),
            memory_limit: None,
            isolate: None,
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
        // Its own process group, so that a stop ends rustc too.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut cargo, 0);
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
        // Compiling has its own limit: a student's code could make the
        // compiler work without end (const evaluation, huge expansions).
        let deadline = Instant::now() + self.build_time_limit;
        let status = loop {
            if let Some(status) = child.try_wait()? {
                break status;
            }
            let out_of_time = Instant::now() >= deadline;
            if self.cancelled() || out_of_time {
                kill_group(&mut child);
                let _ = child.wait();
                spinner.finish_and_clear();
                return Ok(Err(if out_of_time {
                    format!(
                        "Kompilasi dihentikan: belum selesai setelah {} detik.",
                        self.build_time_limit.as_secs()
                    )
                } else {
                    "dibatalkan".to_string()
                }));
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

    /// Runs every expected test in a process of its own (`--exact`), a few
    /// at a time. A test passes only when its process ends with status 0
    /// and libtest reported it `ok`: code under test cannot print its way
    /// to a pass, and (the review forbids `std::process` exits) cannot end
    /// the process early with status 0.
    fn execute(&self, executable: &Path) -> Result<SuiteResult> {
        let bar = self.bar(self.expected.len() as u64);
        let deadline = Instant::now() + self.time_limit;
        let parallel = thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 4);
        let mut waiting: Vec<&String> = self.expected.iter().rev().collect();
        let mut running: Vec<(String, std::process::Child, thread::JoinHandle<Vec<String>>)> =
            Vec::new();
        let mut results: BTreeMap<String, (bool, Vec<String>)> = BTreeMap::new();
        let mut timed_out = false;
        loop {
            while running.len() < parallel
                && !timed_out
                && !self.cancelled()
                && let Some(name) = waiting.pop()
            {
                let (child, lines) = self.start_one(executable, name)?;
                running.push((name.clone(), child, lines));
            }
            if running.is_empty() {
                break;
            }
            let mut still = Vec::new();
            for (name, mut child, lines) in running.drain(..) {
                match child.try_wait()? {
                    Some(status) => {
                        // Programs the test started may still hold its
                        // output open: end them, then read to the end.
                        kill_group(&mut child);
                        let output = lines.join().unwrap_or_default();
                        let reported_ok =
                            output.iter().any(|l| parse_result_line(l) == Some((&name, true)));
                        results.insert(name.clone(), (status.success() && reported_ok, output));
                        bar.set_message(name);
                        bar.inc(1);
                    }
                    None => still.push((name, child, lines)),
                }
            }
            running = still;
            if Instant::now() >= deadline || self.cancelled() {
                timed_out = Instant::now() >= deadline;
                for (_, mut child, lines) in running.drain(..) {
                    kill_group(&mut child);
                    let _ = child.wait();
                    let _ = lines.join();
                }
                if timed_out || self.cancelled() {
                    break;
                }
            }
            thread::sleep(Duration::from_millis(20));
        }
        bar.finish_and_clear();
        Ok(SuiteResult::Ran { outcomes: self.outcomes(results, timed_out), timed_out })
    }

    /// Starts one test's process; its output arrives line by line.
    fn start_one(
        &self,
        executable: &Path,
        name: &str,
    ) -> Result<(std::process::Child, thread::JoinHandle<Vec<String>>)> {
        let mut command = match (self.isolate, self.memory_limit) {
            (Some(limits), _) => {
                let mut visible = vec![self.workspace];
                visible.extend(self.target_dir);
                crate::isolation::command(executable, self.workspace, &visible, limits)
            }
            (None, Some(bytes)) if cfg!(target_os = "linux") => {
                let mut limited = Command::new("prlimit");
                limited.arg(format!("--as={bytes}")).arg("--").arg(executable);
                limited
            }
            (None, _) => Command::new(executable),
        };
        command
            .args(["--exact", name, "--test-threads", "1", "--color", "never"])
            .args(&self.test_args)
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
        let stdout = child.stdout.take().expect("piped");
        let lines = thread::spawn(move || {
            // At most this much output per test is kept (a test that prints
            // without end must not fill the grader's memory).
            const KEEP_BYTES: usize = 256 * 1024;
            let (mut kept, mut lines) = (0, Vec::new());
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                kept += line.len() + 1;
                if kept <= KEEP_BYTES {
                    lines.push(line);
                }
            }
            lines
        });
        Ok((child, lines))
    }

    /// One outcome per expected test, with its failure message.
    fn outcomes(
        &self,
        results: BTreeMap<String, (bool, Vec<String>)>,
        timed_out: bool,
    ) -> Vec<TestOutcome> {
        self.expected
            .iter()
            .map(|name| match results.get(name) {
                Some((true, _)) => TestOutcome { name: name.clone(), passed: true, details: String::new() },
                Some((false, output)) => TestOutcome {
                    name: name.clone(),
                    passed: false,
                    details: failure_details(output).remove(name).unwrap_or_else(|| {
                        "Proses uji berakhir tanpa melaporkan hasilnya (keluar lebih awal, atau kehabisan memori)."
                            .to_string()
                    }),
                },
                None if timed_out => TestOutcome {
                    name: name.clone(),
                    passed: false,
                    details: format!(
                        "Waktu habis: uji ini belum selesai setelah {} detik. Apakah program Anda macet (misalnya menunggu sesuatu yang tidak pernah datang)?",
                        self.time_limit.as_secs()
                    ),
                },
                None => TestOutcome {
                    name: name.clone(),
                    passed: false,
                    details: "Uji ini tidak dijalankan.".to_string(),
                },
            })
            .collect()
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
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
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
        let output = lines(SAMPLE);
        assert_eq!(parse_result_line("test a ... ok"), Some(("a", true)));
        assert_eq!(parse_result_line("test b ... FAILED"), Some(("b", false)));
        assert_eq!(parse_result_line("test c has been running for over 60 seconds"), None);
        let details = failure_details(&output);
        assert_eq!(details["b"], "thread 'b' panicked at x.rs:1:1:\nPesan uji\nbaris kedua");
    }
}
