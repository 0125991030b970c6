//! `labs.toml`: the labs, their tests, points and hints, in one place.

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
pub struct Catalog {
    #[serde(rename = "lab")]
    pub labs: Vec<Lab>,
}

#[derive(Debug, Deserialize)]
pub struct Lab {
    pub id: String,
    pub title: String,
    /// The starter package, in `labs/<package>`.
    pub package: String,
    /// The reference solution package, in `solutions/<solution>`.
    pub solution: String,
    /// The graded suite file, relative to the repository.
    pub suite: String,
    /// The book page of the lab.
    pub chapter: String,
    /// Files that are given code, identical in starter and solution.
    #[serde(default)]
    pub given: Vec<String>,
    /// Paths (crate, module or item) the student's code may name; anything
    /// else marks the lab "perlu diperiksa" (see `review`).
    #[serde(default)]
    pub allowed_paths: Vec<String>,
    /// The files the student edits, in the chapter's order of steps (for
    /// `praktikum dev tolok-ukur-uji-ulang`; empty: the files in which
    /// starter and solution differ, by name).
    #[serde(default)]
    pub step_files: Vec<String>,
    /// Fingerprint of the starter's work folders ([`WORK_FOLDERS`]) as this
    /// repository ships them (checked by `praktikum dev cek`), to tell an
    /// untouched starter.
    pub starter_fingerprint: String,
    /// Progressive hints, shown one more at a time.
    #[serde(default)]
    pub hints: Vec<String>,
    #[serde(rename = "test")]
    pub tests: Vec<TestInfo>,
}

#[derive(Debug, Deserialize)]
pub struct TestInfo {
    pub name: String,
    pub title: String,
    pub points: u32,
    pub hint: String,
}

impl Catalog {
    pub fn load(root: &Path) -> Result<Catalog> {
        let path = root.join("labs.toml");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("{} tidak bisa dibaca", path.display()))?;
        let catalog: Catalog =
            toml::from_str(&text).with_context(|| format!("{} tidak valid", path.display()))?;
        if catalog.labs.is_empty() {
            bail!("{} tidak berisi lab satu pun", path.display());
        }
        Ok(catalog)
    }

    /// Finds a lab by id (`lab01`), by number (`01`, `1`) or by package name.
    pub fn find(&self, wanted: &str) -> Result<&Lab> {
        let wanted = wanted.trim().to_lowercase();
        let number = wanted.trim_start_matches("lab").trim_start_matches('0');
        let found = self.labs.iter().find(|lab| {
            lab.id == wanted
                || lab.package == wanted
                || (!number.is_empty()
                    && lab.id.trim_start_matches("lab").trim_start_matches('0') == number)
        });
        match found {
            Some(lab) => Ok(lab),
            None => {
                let known: Vec<&str> = self.labs.iter().map(|l| l.id.as_str()).collect();
                bail!("lab '{wanted}' tidak dikenal. Lab yang ada: {}", known.join(", "))
            }
        }
    }
}

/// The folders of a lab crate that hold the student's work: the code
/// (`src/`, every lab) and the Fritzing sketch (`skematik/`, Lab 03's
/// langkah 0). Grading takes these from the work under test and everything
/// else (manifest, tests, given code) from this repository; they are what
/// tells an edited lab and an out-of-date result.
pub const WORK_FOLDERS: [&str; 2] = ["src", "skematik"];

impl Lab {
    pub fn starter_dir(&self, root: &Path) -> PathBuf {
        root.join("labs").join(&self.package)
    }

    pub fn solution_dir(&self, root: &Path) -> PathBuf {
        root.join("solutions").join(&self.solution)
    }

    pub fn max_points(&self) -> u32 {
        self.tests.iter().map(|t| t.points).sum()
    }

    pub fn test(&self, name: &str) -> Option<&TestInfo> {
        self.tests.iter().find(|t| t.name == name)
    }
}

/// The repository root: the nearest folder upwards with a `labs.toml`.
pub fn find_root() -> Result<PathBuf> {
    let start = std::env::current_dir()?;
    for dir in start.ancestors() {
        if dir.join("labs.toml").is_file() {
            return Ok(dir.to_path_buf());
        }
    }
    // Run through cargo from elsewhere: the tool knows where it was built.
    let built_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    if built_in.join("labs.toml").is_file() {
        return Ok(built_in.canonicalize()?);
    }
    bail!("labs.toml tidak ditemukan: jalankan perintah ini di dalam folder repositori praktikum")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::load(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").as_path())
            .expect("labs.toml loads")
    }

    #[test]
    fn labs_are_found_by_id_number_or_package() {
        let catalog = catalog();
        assert_eq!(catalog.find("lab01").unwrap().id, "lab01");
        assert_eq!(catalog.find("1").unwrap().id, "lab01");
        assert_eq!(catalog.find("01").unwrap().id, "lab01");
        assert_eq!(catalog.find("lab01-server-echo").unwrap().id, "lab01");
        assert!(catalog.find("lab99").is_err());
    }

    #[test]
    fn every_lab_has_points_and_hints() {
        for lab in catalog().labs {
            assert!(lab.max_points() > 0, "{} has no points", lab.id);
            assert!(!lab.hints.is_empty(), "{} has no hints", lab.id);
        }
    }
}
