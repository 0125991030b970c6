//! `praktikum dev tolok-ukur-uji-ulang`: how long a student waits for
//! `praktikum uji` after an edit, in each state of the work.
//!
//! For every lab, the states are the starter with the solution's files laid
//! over it one at a time, in the order of the chapter's steps (labs.toml's
//! `step_files`, else alphabetical): the untouched starter, step 1 done,
//! steps 1-2 done, and so on up to the finished lab. In each state the
//! suite runs once (compiling what the edit touched), then the file is
//! edited again and the suite re-runs: that second time is what a student
//! waits. A benchmark, not a test: it prints what it measured and asserts
//! nothing about time.

use crate::catalog::{Catalog, Lab};
use crate::sandbox::Sandbox;
use crate::testrun::Suite;
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub fn run(root: &Path, catalog: &Catalog) -> Result<()> {
    let work = root.join("target").join("praktikum").join("uji-ulang");
    let target_dir = work.join("target");
    let mut report = String::from(
        "Lama `praktikum uji` sesudah satu suntingan, per keadaan pekerjaan (satu run, mesin ini):\n",
    );
    for lab in &catalog.labs {
        let files = step_files(root, lab);
        for done in 0..=files.len() {
            let sandbox = Sandbox::create(
                root,
                lab,
                &lab.starter_dir(root),
                &work.join(format!("{}-{done}", lab.id)),
            )?;
            // The sketch (Lab 03's langkah 0) comes before any code: every
            // state has the solution's.
            let sketch = lab.solution_dir(root).join("skematik");
            if sketch.is_dir() {
                crate::sandbox::copy_tree(&sketch, &sandbox.dir_of(lab).join("skematik"))?;
            }
            for file in &files[..done] {
                std::fs::copy(lab.solution_dir(root).join(file), sandbox.dir_of(lab).join(file))?;
            }
            let state = match done {
                0 => "starter".to_string(),
                n if n == files.len() => "selesai".to_string(),
                n => format!("sampai {}", files[n - 1].display()),
            };
            let suite = suite(&sandbox, lab, &target_dir);
            let (_, first) = timed(|| suite.run());
            // The edit: a comment added to the last file of this state.
            let edited = sandbox
                .dir_of(lab)
                .join(files[done.saturating_sub(1).min(files.len() - 1)].as_path());
            let mut text = std::fs::read_to_string(&edited)?;
            text.push_str("\n// suntingan\n");
            std::fs::write(&edited, text)?;
            let (result, again) = timed(|| suite.run());
            let passed = result?.passed_names().len();
            let line = format!(
                "  {} {state:<24} {passed:>2}/{} uji lulus; uji pertama {:>5.1} s, uji ulang {:>5.1} s\n",
                lab.id,
                lab.tests.len(),
                first.as_secs_f64(),
                again.as_secs_f64()
            );
            print!("{line}");
            report.push_str(&line);
        }
    }
    std::fs::write(root.join("book/src/keluaran/tolok-ukur-uji-ulang.txt"), report)?;
    Ok(())
}

fn suite<'a>(sandbox: &'a Sandbox, lab: &'a Lab, target_dir: &'a Path) -> Suite<'a> {
    let mut suite = Suite::new(&sandbox.dir, &lab.package, lab);
    suite.target_dir = Some(target_dir);
    suite
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let value = f();
    (value, started.elapsed())
}

/// The files (relative to the crate) in which starter and solution differ,
/// in the order the chapter takes them.
fn step_files(root: &Path, lab: &Lab) -> Vec<PathBuf> {
    if !lab.step_files.is_empty() {
        return lab.step_files.iter().map(PathBuf::from).collect();
    }
    let starter = lab.starter_dir(root);
    let mut files: Vec<PathBuf> = crate::state::files_under(&starter.join("src"))
        .into_iter()
        .filter_map(|path| path.strip_prefix(&starter).ok().map(Path::to_path_buf))
        .filter(|file| {
            std::fs::read(starter.join(file)).ok()
                != std::fs::read(lab.solution_dir(root).join(file)).ok()
        })
        .collect();
    files.sort();
    files
}
