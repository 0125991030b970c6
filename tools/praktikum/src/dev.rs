//! `praktikum dev cek`: the repository's own check, run by CI.
//!
//! For every lab in `labs.toml`:
//! - starter and solution both compile the suite named in `labs.toml`,
//!   and the given files are identical in both;
//! - the book's copy of the starter (`book/starter/<package>/src`, which
//!   the chapters include, so the book never shows a student's edits) is
//!   the starter itself;
//! - the suite's tests are exactly the tests listed in `labs.toml`;
//! - the reference solution passes every graded test;
//! - the starter compiles and fails every graded test;
//! - every mutant of the solution (`tools/uji/mutants/<lab package>/*.patch`,
//!   one known bug each, such as the seed's shared `conn`) fails at least
//!   one test, which proves the suite can catch that bug.

use crate::catalog::{Catalog, Lab};
use crate::sandbox::Sandbox;
use crate::testrun::{Suite, SuiteResult};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const TIME_LIMIT: Duration = Duration::from_secs(900);

pub fn check(root: &Path, catalog: &Catalog) -> Result<bool> {
    let mut problems = Vec::new();
    for lab in &catalog.labs {
        println!("== {} ==", lab.id);
        problems.extend(check_given_files(root, lab));
        problems.extend(check_solution(root, lab)?);
        problems.extend(check_starter(root, lab)?);
        problems.extend(check_mutants(root, lab)?);
    }
    println!();
    if problems.is_empty() {
        println!("dev cek: semua lab baik.");
    } else {
        println!("dev cek menemukan {} masalah:", problems.len());
        for problem in &problems {
            println!("  - {problem}");
        }
    }
    Ok(problems.is_empty())
}

fn suite<'a>(
    workspace: &'a Path,
    package: &'a str,
    lab: &Lab,
    target_dir: Option<&'a Path>,
) -> Suite<'a> {
    let mut suite = Suite::new(workspace, package, lab);
    suite.target_dir = target_dir;
    suite.time_limit = TIME_LIMIT;
    suite
}

fn check_given_files(root: &Path, lab: &Lab) -> Vec<String> {
    let mut problems = Vec::new();
    // Both packages compile the one suite file named in labs.toml.
    let suite_path = format!("path = \"../../{}\"", lab.suite);
    for dir in [lab.starter_dir(root), lab.solution_dir(root)] {
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
        if !manifest.contains(&suite_path) {
            problems.push(format!(
                "{}: {}/Cargo.toml tidak memakai suite {}",
                lab.id,
                dir.display(),
                lab.suite
            ));
        }
    }
    for file in &lab.given {
        let starter = std::fs::read(lab.starter_dir(root).join(file));
        let solution = std::fs::read(lab.solution_dir(root).join(file));
        match (starter, solution) {
            (Ok(a), Ok(b)) if a == b => {}
            (Ok(_), Ok(_)) => {
                problems.push(format!("{}: {file} berbeda antara starter dan solusi", lab.id))
            }
            _ => problems.push(format!("{}: {file} tidak ada di starter atau solusi", lab.id)),
        }
    }
    let now = format!("{:016x}", crate::state::work_fingerprint(&lab.starter_dir(root)));
    if now != lab.starter_fingerprint {
        problems.push(format!(
            "{}: starter berubah; perbarui labs.toml: starter_fingerprint = \"{now}\"",
            lab.id
        ));
    }
    let copy = book_copy(root, lab);
    if crate::state::fingerprint(&[&copy])
        != crate::state::fingerprint(&[&lab.starter_dir(root).join("src")])
    {
        problems.push(format!(
            "{}: {} berbeda dari starter; perbarui dengan `cargo praktikum dev salin-starter`",
            lab.id,
            copy.display()
        ));
    }
    // The allowlist must let the starter and the reference through.
    for dir in [lab.starter_dir(root), lab.solution_dir(root)] {
        if let Some(note) = crate::review::note(lab, &crate::review::check_lab(root, lab, &dir)) {
            problems.push(format!("{} ({}): {note}", lab.id, dir.display()));
        }
    }
    println!("  berkas yang diberikan sama di starter dan solusi: {}", lab.given.len());
    problems
}

fn check_solution(root: &Path, lab: &Lab) -> Result<Vec<String>> {
    let result = suite(root, &lab.solution, lab, None).run()?;
    let mut problems = Vec::new();
    match &result {
        SuiteResult::BuildFailed(messages) => {
            problems.push(format!("{}: solusi tidak bisa dikompilasi:\n{messages}", lab.id))
        }
        SuiteResult::Ran { outcomes, .. } => {
            for outcome in outcomes {
                if lab.test(&outcome.name).is_none() {
                    problems.push(format!(
                        "{}: uji {} tidak terdaftar di labs.toml (poin dan petunjuknya?)",
                        lab.id, outcome.name
                    ));
                } else if !outcome.passed {
                    problems.push(format!(
                        "{}: solusi gagal di {}:\n{}",
                        lab.id, outcome.name, outcome.details
                    ));
                }
            }
        }
    }
    println!(
        "  solusi {}: {} dari {} uji lulus",
        lab.solution,
        result.passed_names().len(),
        lab.tests.len()
    );
    Ok(problems)
}

fn check_starter(root: &Path, lab: &Lab) -> Result<Vec<String>> {
    let result = suite(root, &lab.package, lab, None).run()?;
    let mut problems = Vec::new();
    match &result {
        SuiteResult::BuildFailed(messages) => {
            problems.push(format!("{}: starter tidak bisa dikompilasi:\n{messages}", lab.id))
        }
        SuiteResult::Ran { .. } => {
            for name in result.passed_names() {
                problems.push(format!("{}: starter sudah lulus {name} tanpa dikerjakan", lab.id));
            }
        }
    }
    println!(
        "  starter {}: dikompilasi, {} uji lulus (harus 0)",
        lab.package,
        result.passed_names().len()
    );
    Ok(problems)
}

fn check_mutants(root: &Path, lab: &Lab) -> Result<Vec<String>> {
    let dir = root.join("tools").join("uji").join("mutants").join(&lab.package);
    let mut patches: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "patch"))
            .collect(),
        Err(_) => Vec::new(),
    };
    patches.sort();
    let work = root.join("target").join("praktikum").join("mutan");
    let target_dir = work.join("target");
    let mut problems = Vec::new();
    for patch in patches {
        let name = patch.file_stem().unwrap_or_default().to_string_lossy().to_string();
        let sandbox = Sandbox::create(root, lab, &lab.solution_dir(root), &work.join("ruang"))?;
        let applied = Command::new("patch")
            .args(["--quiet", "--strip=1", "--input"])
            .arg(&patch)
            .current_dir(sandbox.src(lab))
            .status()
            .context("perintah `patch` tidak ada")?;
        if !applied.success() {
            problems.push(format!("{}: mutan {name} tidak bisa diterapkan ke solusi", lab.id));
            continue;
        }
        let result = suite(&sandbox.dir, &lab.package, lab, Some(&target_dir)).run()?;
        let caught: Vec<String> = match &result {
            SuiteResult::BuildFailed(messages) => {
                problems
                    .push(format!("{}: mutan {name} tidak bisa dikompilasi:\n{messages}", lab.id));
                continue;
            }
            SuiteResult::Ran { outcomes, .. } => {
                outcomes.iter().filter(|o| !o.passed).map(|o| o.name.clone()).collect()
            }
        };
        if caught.is_empty() {
            problems.push(format!(
                "{}: mutan {name} lulus semua uji: uji penilaian tidak menangkap bug ini",
                lab.id
            ));
        }
        println!(
            "  mutan {name}: tertangkap oleh {}",
            if caught.is_empty() { "(tidak ada)".to_string() } else { caught.join(", ") }
        );
    }
    Ok(problems)
}

/// Where the book takes a lab's starter code from.
fn book_copy(root: &Path, lab: &Lab) -> PathBuf {
    root.join("book").join("starter").join(&lab.package).join("src")
}

/// `praktikum dev salin-starter`: lays every starter's `src/` over its copy
/// in `book/starter/`.
pub fn copy_starters_for_book(root: &Path, catalog: &Catalog) -> Result<()> {
    for lab in &catalog.labs {
        let copy = book_copy(root, lab);
        if copy.exists() {
            std::fs::remove_dir_all(&copy)?;
        }
        crate::sandbox::copy_tree(&lab.starter_dir(root).join("src"), &copy)?;
        println!("{} -> {}", lab.starter_dir(root).join("src").display(), copy.display());
    }
    Ok(())
}
