//! A grading workspace: the pristine lab crate and test support from this
//! repository, with only `src/` taken from the code under test.
//!
//! ```text
//! <sandbox>/Cargo.toml           this repository's workspace settings, one lab as member
//! <sandbox>/Cargo.lock           copied, so the same dependency versions are used
//! <sandbox>/tools/uji/           pristine test support and graded suites
//! <sandbox>/labs/<lab>/Cargo.toml  pristine manifest (dependencies cannot be changed)
//! <sandbox>/labs/<lab>/src/      the code under test
//! ```
//!
//! A student can therefore not pass by editing the tests, the test support,
//! or the lab's dependencies.

use crate::catalog::Lab;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

pub struct Sandbox {
    pub dir: PathBuf,
}

impl Sandbox {
    /// Lays out a sandbox in `dir` (emptied first) for `lab`, with `src` as its code.
    pub fn create(root: &Path, lab: &Lab, src: &Path, dir: &Path) -> Result<Sandbox> {
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
        copy_tree(src, &lab_dir.join("src"))?;
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
