//! Running a lab of this repository and remembering the result.

use crate::catalog::{Lab, WORK_FOLDERS};
use crate::state::{LabResult, State, fingerprint};
use crate::testrun::{Suite, SuiteResult};
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// How long a student's suite may run before it is stopped.
pub const TIME_LIMIT: Duration = Duration::from_secs(600);

/// Runs the graded suite of `lab` against the student's code and records
/// the result (unless the run was cancelled).
pub fn run(
    root: &Path,
    lab: &Lab,
    show_progress: bool,
    cancel: Option<&AtomicBool>,
) -> Result<SuiteResult> {
    let mut suite = Suite::new(root, &lab.package, lab);
    suite.time_limit = TIME_LIMIT;
    suite.show_progress = show_progress;
    suite.cancel = cancel;
    let result = suite.run()?;
    if suite.cancelled() {
        return Ok(result);
    }
    let mut state = State::load(root);
    state.results.insert(
        lab.id.clone(),
        LabResult {
            fingerprint: code_and_tests(root, lab),
            passed: result.passed_names(),
            total: lab.tests.len(),
            compiled: !matches!(result, SuiteResult::BuildFailed(_)),
        },
    );
    state.save(root)?;
    Ok(result)
}

/// The lab's last result if its code has not changed since; otherwise runs it.
pub fn current_result(root: &Path, lab: &Lab, show_progress: bool) -> Result<LabResult> {
    let now = code_and_tests(root, lab);
    if let Some(known) = State::load(root).results.get(&lab.id)
        && known.fingerprint == now
        && known.total == lab.tests.len()
    {
        return Ok(known.clone());
    }
    run(root, lab, show_progress, None)?;
    State::load(root)
        .results
        .get(&lab.id)
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("hasil {} tidak tersimpan", lab.id))
}

/// The student's work (code, and the sketch of Lab 03's langkah 0) and the
/// tests it is measured by, with the sketch checker in `shared/pinmap`: a
/// result is out of date when any of them changed.
fn code_and_tests(root: &Path, lab: &Lab) -> u64 {
    let starter = lab.starter_dir(root);
    let folders = WORK_FOLDERS.map(|folder| starter.join(folder));
    let tests = [root.join("tools").join("uji"), root.join("shared").join("pinmap").join("src")];
    let all: Vec<&Path> = folders.iter().chain(tests.iter()).map(PathBuf::as_path).collect();
    fingerprint(&all)
}
