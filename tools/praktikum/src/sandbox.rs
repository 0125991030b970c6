//! A grading workspace: the pristine lab crate and test support from this
//! repository, with only the work folders (`src/`, and `skematik/` where
//! there is one) taken from the work under test.
//!
//! ```text
//! <sandbox>/Cargo.toml           this repository's workspace settings, one lab as member
//! <sandbox>/Cargo.lock           copied, so the same dependency versions are used
//! <sandbox>/tools/uji/           pristine test support and graded suites
//! <sandbox>/labs/<lab>/Cargo.toml  pristine manifest (dependencies cannot be changed)
//! <sandbox>/labs/<lab>/src/      the code under test
//! <sandbox>/labs/<lab>/skematik/ the Fritzing sketch under test (Lab 03, langkah 0)
//! ```
//!
//! A student can therefore not pass by editing the tests, the test support,
//! or the lab's dependencies. Symbolic links are never followed, not even a
//! `src` or `skematik` that is one: they could point outside the checkout.

use crate::catalog::{Lab, WORK_FOLDERS};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

pub struct Sandbox {
    pub dir: PathBuf,
}

impl Sandbox {
    /// Lays out a sandbox in `dir` (emptied first) for `lab`, with the work
    /// folders of `work` (a lab crate's folder: the starter, the solution or
    /// a student's `labs/<lab>`) as the work under test. `work` must have a
    /// `src/` folder; `skematik/` is taken when there is one.
    pub fn create(root: &Path, lab: &Lab, work: &Path, dir: &Path) -> Result<Sandbox> {
        if !is_real_dir(&work.join("src")) {
            bail!("{} bukan folder", work.join("src").display());
        }
        if dir.exists() {
            std::fs::remove_dir_all(dir)
                .with_context(|| format!("{} tidak bisa dikosongkan", dir.display()))?;
        }
        let lab_dir = dir.join("labs").join(&lab.package);
        std::fs::create_dir_all(&lab_dir)?;
        std::fs::write(dir.join("Cargo.toml"), workspace_manifest(root, lab)?)?;
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
            .context("Cargo.lock tidak ada di repositori")?;
        copy_tree(&root.join("tools").join("uji"), &dir.join("tools").join("uji"))?;
        std::fs::copy(lab.starter_dir(root).join("Cargo.toml"), lab_dir.join("Cargo.toml"))?;
        for folder in WORK_FOLDERS {
            if is_real_dir(&work.join(folder)) {
                copy_tree(&work.join(folder), &lab_dir.join(folder))?;
            }
        }
        copy_path_dependencies(root, &lab.starter_dir(root), dir)?;
        Ok(Sandbox { dir: dir.to_path_buf() })
    }

    /// The lab crate's folder in the sandbox.
    pub fn dir_of(&self, lab: &Lab) -> PathBuf {
        self.dir.join("labs").join(&lab.package)
    }

    /// The `src/` folder under test, e.g. to apply a mutation to it.
    pub fn src(&self, lab: &Lab) -> PathBuf {
        self.dir.join("labs").join(&lab.package).join("src")
    }
}

/// Copies, pristine from the repository, every crate that `crate_dir`'s
/// manifest names by `path = "..."` (and theirs in turn), to the same place
/// in the sandbox: Lab 03 uses `shared/pinmap` and `simulation/virtual-hw`.
fn copy_path_dependencies(root: &Path, crate_dir: &Path, sandbox: &Path) -> Result<()> {
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml"))?;
    for line in manifest.lines() {
        let Some(rest) = line.split("path = \"").nth(1) else { continue };
        let Some(relative) = rest.split('"').next() else { continue };
        let Ok(target) = crate_dir.join(relative).canonicalize() else { continue };
        let Ok(inside) = target.strip_prefix(root.canonicalize()?) else { continue };
        let copy = sandbox.join(inside);
        // Test files (suites) and already copied crates are skipped.
        if !target.is_dir() || copy.exists() {
            continue;
        }
        copy_tree(&target, &copy)?;
        copy_path_dependencies(root, &target, sandbox)?;
    }
    Ok(())
}

/// The repository's workspace manifest, reduced to the lab and `uji`.
fn workspace_manifest(root: &Path, lab: &Lab) -> Result<String> {
    let text = std::fs::read_to_string(root.join("Cargo.toml"))?;
    let mut manifest: toml::Table =
        toml::from_str(&text).context("Cargo.toml repositori tidak valid")?;
    let Some(toml::Value::Table(workspace)) = manifest.get_mut("workspace") else {
        bail!("Cargo.toml repositori tidak punya [workspace]");
    };
    let members =
        vec![toml::Value::from(format!("labs/{}", lab.package)), toml::Value::from("tools/uji")];
    workspace.insert("members".into(), toml::Value::Array(members));
    workspace.remove("default-members");
    Ok(toml::to_string(&manifest)?)
}

/// A folder, and not a symbolic link to one.
pub fn is_real_dir(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Copies a folder recursively, skipping `target/` folders.
pub fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("{} tidak bisa dibaca", from.display()))?
    {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if entry.file_name() != "target" {
                copy_tree(&path, &to.join(entry.file_name()))?;
            }
        } else if kind.is_file() {
            std::fs::copy(&path, to.join(entry.file_name()))?;
        }
        // Symlinks are not followed: they could point outside the checkout.
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh, empty folder for one test.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("praktikum-{}-{name}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn repo_root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
    }

    #[test]
    fn the_work_folders_are_taken_and_nothing_else() {
        let root = repo_root();
        let catalog = crate::catalog::Catalog::load(&root).unwrap();
        let lab = catalog.find("lab03").unwrap();
        let work = scratch("kerja");
        copy_tree(&lab.solution_dir(&root).join("src"), &work.join("src")).unwrap();
        std::fs::create_dir_all(work.join("skematik")).unwrap();
        std::fs::write(work.join("skematik/rumah-pintar.fzz"), "sketsa").unwrap();
        std::fs::write(work.join("Cargo.toml"), "[package] # edited").unwrap();
        let dir = scratch("ruang");
        let sandbox = Sandbox::create(&root, lab, &work, &dir).unwrap();
        let lab_dir = sandbox.dir_of(lab);
        assert!(lab_dir.join("src/lib.rs").is_file());
        let sketch = std::fs::read_to_string(lab_dir.join("skematik/rumah-pintar.fzz")).unwrap();
        assert_eq!(sketch, "sketsa");
        let manifest = std::fs::read_to_string(lab_dir.join("Cargo.toml")).unwrap();
        assert!(!manifest.contains("edited"), "the pristine manifest is used");
        std::fs::remove_dir_all(&work).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_work_folder_that_is_a_symlink_is_not_followed() {
        let root = repo_root();
        let catalog = crate::catalog::Catalog::load(&root).unwrap();
        let lab = catalog.find("lab03").unwrap();
        let work = scratch("tautan");
        copy_tree(&lab.solution_dir(&root).join("src"), &work.join("src")).unwrap();
        let outside = scratch("di-luar");
        std::fs::write(outside.join("rumah-pintar.fzz"), "rahasia").unwrap();
        std::os::unix::fs::symlink(&outside, work.join("skematik")).unwrap();
        let dir = scratch("ruang-tautan");
        let sandbox = Sandbox::create(&root, lab, &work, &dir).unwrap();
        assert!(!sandbox.dir_of(lab).join("skematik").exists());

        // A `src` that is a link is not graded at all.
        let linked = scratch("src-tautan");
        std::os::unix::fs::symlink(work.join("src"), linked.join("src")).unwrap();
        assert!(Sandbox::create(&root, lab, &linked, &dir).is_err());
        for folder in [work, outside, dir, linked] {
            std::fs::remove_dir_all(folder).unwrap();
        }
    }
}
