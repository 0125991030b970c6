//! `praktikum nilai --kelas <dir>`: grades every student checkout in a folder.
//!
//! Each student's work, `labs/<lab>/src/` and (Lab 03) the Fritzing sketch
//! in `labs/<lab>/skematik/`, is laid into a [`Sandbox`] with the pristine
//! tests and manifest from this repository. To be fast enough for a class:
//! - the dependencies are compiled once, into a template target directory;
//! - each worker (as many as there are cores) gets its own copy of that
//!   template made of hard links, because Cargo locks a target directory
//!   and parallel builds need their own; a worker reuses its sandbox, so
//!   only the student's own crate is compiled per student;
//! - limits on time and memory apply to the test executables (and the lab
//!   programs they start), never to the compiler.

use crate::catalog::{Catalog, Lab};
use crate::grade::{LabScore, Row};
use crate::sandbox::{Sandbox, is_real_dir};
use crate::testrun::{Suite, SuiteResult};
use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct ClassOptions {
    /// The folder holding one checkout per student.
    pub class_dir: PathBuf,
    /// Scratch space for sandboxes and target directories.
    pub work_dir: PathBuf,
    /// Test time per student, all labs together.
    pub time_per_student: Duration,
    /// Address-space limit per test process, in bytes.
    pub memory_limit: u64,
    /// Run the tests in the sandbox (see `isolation`); off only when the
    /// instructor says so.
    pub isolate: bool,
    /// Students graded at the same time.
    pub jobs: usize,
    pub show_progress: bool,
}

pub fn grade(root: &Path, catalog: &Catalog, options: &ClassOptions) -> Result<Vec<Row>> {
    let students = list_students(&options.class_dir)?;
    if students.is_empty() {
        bail!("tidak ada folder mahasiswa di {}", options.class_dir.display());
    }
    let template = options.work_dir.join("templat");
    let spinner =
        if options.show_progress { ProgressBar::new_spinner() } else { ProgressBar::hidden() };
    spinner.set_message("Mengompilasi dependensi sekali untuk semua mahasiswa...");
    spinner.enable_steady_tick(Duration::from_millis(120));
    build_template(root, catalog, &template)?;
    spinner.finish_and_clear();

    let jobs = options.jobs.clamp(1, students.len());
    for worker in 0..jobs {
        let target = worker_dir(options, worker).join("target");
        if target.exists() {
            std::fs::remove_dir_all(&target)?;
        }
        link_tree(&template.join("target"), &target)?;
    }

    let bar = if options.show_progress {
        ProgressBar::new(students.len() as u64)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template(
            "Menilai {bar:30.cyan/blue} {pos}/{len} mahasiswa ({elapsed}) {wide_msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let queue = Mutex::new(students.iter().enumerate());
    let rows = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for worker in 0..jobs {
            let (queue, rows, bar) = (&queue, &rows, &bar);
            scope.spawn(move || {
                loop {
                    let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                    let Some((index, student)) = next else { break };
                    bar.set_message(student_name(student));
                    let row = grade_student(root, catalog, options, worker, student);
                    rows.lock().unwrap_or_else(|e| e.into_inner()).push((index, row));
                    bar.inc(1);
                }
            });
        }
    });
    bar.finish_and_clear();
    let mut rows = rows.into_inner().unwrap_or_else(|e| e.into_inner());
    rows.sort_by_key(|(index, _)| *index);
    Ok(rows.into_iter().map(|(_, row)| row).collect())
}

fn list_students(class_dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(class_dir)
        .with_context(|| format!("folder kelas {} tidak bisa dibaca", class_dir.display()))?;
    let mut students: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            e.file_type().is_ok_and(|t| t.is_dir())
                && !e.file_name().to_string_lossy().starts_with('.')
        })
        .map(|e| e.path())
        .collect();
    students.sort();
    Ok(students)
}

fn student_name(dir: &Path) -> String {
    dir.file_name().unwrap_or_default().to_string_lossy().to_string()
}

fn worker_dir(options: &ClassOptions, worker: usize) -> PathBuf {
    options.work_dir.join(format!("pekerja-{worker}"))
}

/// Compiles every lab's dependencies (with the pristine starter) into one
/// target directory.
fn build_template(root: &Path, catalog: &Catalog, template: &Path) -> Result<()> {
    let target = template.join("target");
    for lab in &catalog.labs {
        let sandbox = Sandbox::create(root, lab, &lab.starter_dir(root), &template.join(&lab.id))?;
        let mut suite = Suite::new(&sandbox.dir, &lab.package, lab);
        suite.target_dir = Some(&target);
        if let Err(messages) = suite.build()? {
            bail!("templat {} gagal dikompilasi:\n{messages}", lab.id);
        }
    }
    Ok(())
}

fn grade_student(
    root: &Path,
    catalog: &Catalog,
    options: &ClassOptions,
    worker: usize,
    student: &Path,
) -> Row {
    let name = student_name(student);
    let deadline = Instant::now() + options.time_per_student;
    let mut scores = Vec::new();
    let mut notes = Vec::new();
    for lab in &catalog.labs {
        let (passed, note) = match grade_lab(root, lab, options, worker, student, deadline) {
            Ok(result) => result,
            Err(e) => (Vec::new(), Some(format!("{}: gagal dinilai: {e:#}", lab.id))),
        };
        notes.extend(note);
        let points = lab.tests.iter().filter(|t| passed.contains(&t.name)).map(|t| t.points).sum();
        scores.push(LabScore {
            lab: lab.id.clone(),
            points,
            max_points: lab.max_points(),
            passed_tests: passed,
        });
    }
    Row::new(&name, scores, notes)
}

/// The passed tests of one lab, and a note when something kept points away.
fn grade_lab(
    root: &Path,
    lab: &Lab,
    options: &ClassOptions,
    worker: usize,
    student: &Path,
    deadline: Instant,
) -> Result<(Vec<String>, Option<String>)> {
    let work = student.join("labs").join(&lab.package);
    let src = work.join("src");
    if let Some(link) = first_symlink(&work) {
        let shown = link.strip_prefix(student).unwrap_or(&link).display().to_string();
        return Ok((
            Vec::new(),
            Some(format!("{}: symlink {shown} tidak diterima, tidak dinilai", lab.id)),
        ));
    }
    if !is_real_dir(&src) {
        return Ok((
            Vec::new(),
            Some(format!("{}: folder labs/{}/src tidak ada", lab.id, lab.package)),
        ));
    }
    if let Some(note) = crate::review::note(lab, &crate::review::check_lab(root, lab, &work)) {
        return Ok((Vec::new(), Some(note)));
    }
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Ok((
            Vec::new(),
            Some(format!("{}: batas waktu per mahasiswa sudah habis", lab.id)),
        ));
    }
    let worker_dir = worker_dir(options, worker);
    let sandbox = Sandbox::create(root, lab, &work, &worker_dir.join(&lab.id))?;
    let target = worker_dir.join("target");
    let mut suite = Suite::new(&sandbox.dir, &lab.package, lab);
    suite.target_dir = Some(&target);
    suite.time_limit = left;
    suite.build_time_limit = left;
    suite.memory_limit = Some(options.memory_limit);
    if options.isolate {
        suite.isolate = Some(crate::isolation::Limits {
            memory: options.memory_limit,
            cpu_seconds: options.time_per_student.as_secs().max(1),
            ..crate::isolation::Limits::default()
        });
    }
    let result = suite.run()?;
    let note = match &result {
        SuiteResult::BuildFailed(_) => Some(format!("{}: tidak bisa dikompilasi", lab.id)),
        SuiteResult::Ran { timed_out: true, .. } => {
            Some(format!("{}: waktu habis, uji yang belum selesai dihitung gagal", lab.id))
        }
        SuiteResult::Ran { .. } => None,
    };
    Ok((result.passed_names(), note))
}

/// The first symbolic link among the student's work folders (or the
/// folders themselves), found without following any link: a link could
/// point at another student's work or outside the checkout.
fn first_symlink(work: &Path) -> Option<PathBuf> {
    let mut folders: Vec<PathBuf> =
        crate::catalog::WORK_FOLDERS.iter().map(|name| work.join(name)).collect();
    while let Some(folder) = folders.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&folder) else { continue };
        if meta.file_type().is_symlink() {
            return Some(folder);
        }
        if !meta.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(kind) if kind.is_symlink() => return Some(path),
                Ok(kind) if kind.is_dir() => folders.push(path),
                _ => {}
            }
        }
    }
    None
}

/// Copies a target directory cheaply: big build artifacts (which Cargo
/// never rewrites) become hard links, small bookkeeping files are copied so
/// that no worker writes into another's, and Cargo's lock file is left out
/// so that the workers do not lock each other.
fn link_tree(from: &Path, to: &Path) -> Result<()> {
    const LINK_FROM_BYTES: u64 = 64 * 1024;
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let (source, destination) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            link_tree(&source, &destination)?;
        } else if entry.file_name() == ".cargo-lock" {
            continue;
        } else if entry.metadata()?.len() < LINK_FROM_BYTES
            || std::fs::hard_link(&source, &destination).is_err()
        {
            std::fs::copy(&source, &destination)?;
        }
    }
    Ok(())
}
