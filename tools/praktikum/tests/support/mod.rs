//! A small copy of the workbook in a temporary folder, for running
//! `praktikum` against it without touching this repository.

use std::path::{Path, PathBuf};

/// Which code the copy's labs hold.
#[derive(Clone, Copy)]
pub enum Labs {
    Starter,
    Solution,
}

pub struct TempRepo {
    pub dir: PathBuf,
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository exists")
}

/// Where the copies build, shared so that dependencies compile once.
pub fn shared_target() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("repo-target")
}

impl TempRepo {
    pub fn new(name: &str, labs: Labs) -> TempRepo {
        let root = repo_root();
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("repo").join(name);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        std::fs::create_dir_all(&dir).unwrap();
        let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
        let mut manifest: toml::Table = toml::from_str(&manifest).unwrap();
        let workspace = manifest.get_mut("workspace").unwrap().as_table_mut().unwrap();
        workspace.insert(
            "members".into(),
            toml::Value::Array(vec![
                "labs/lab01-server-echo".into(),
                "labs/lab02-klien-esp".into(),
                "labs/lab03-rumah-pintar".into(),
                "solutions/solusi03-rumah-pintar".into(),
                "shared/rumah-pintar".into(),
                "tools/uji".into(),
            ]),
        );
        workspace.remove("default-members");
        std::fs::write(dir.join("Cargo.toml"), toml::to_string(&manifest).unwrap()).unwrap();
        for file in ["Cargo.lock", "labs.toml"] {
            std::fs::copy(root.join(file), dir.join(file)).unwrap();
        }
        for folder in [
            "tools/uji",
            "labs/lab01-server-echo",
            "labs/lab02-klien-esp",
            "labs/lab03-rumah-pintar",
            "shared/pinmap",
            "shared/rumah-pintar",
            "simulation/virtual-hw",
            "book/starter",
            // Only for the book's code excerpts (`buku --ketat`).
            "firmware/nodemcu",
            "firmware/rakit/src",
            "firmware/rakit/tests",
            "tools/dasbor/src",
            "solutions/solusi03-rumah-pintar",
            "book/src",
            "book/contoh/src",
            "book/asli",
            "images",
        ] {
            copy_tree(&root.join(folder), &dir.join(folder));
        }
        std::fs::copy(root.join("book/book.toml"), dir.join("book/book.toml")).unwrap();
        if let Labs::Solution = labs {
            for (solution, lab) in [
                ("solusi01-server-echo", "lab01-server-echo"),
                ("solusi02-klien-esp", "lab02-klien-esp"),
                ("solusi03-rumah-pintar", "lab03-rumah-pintar"),
            ] {
                // The student's work folders: the code, and Lab 03's sketch.
                for folder in ["src", "skematik"] {
                    let from = root.join("solutions").join(solution).join(folder);
                    if from.is_dir() {
                        copy_tree(&from, &dir.join("labs").join(lab).join(folder));
                    }
                }
            }
        }
        TempRepo { dir }
    }

    /// `praktikum` run inside this copy.
    pub fn praktikum(&self) -> assert_cmd::Command {
        let mut command = assert_cmd::Command::new(env!("CARGO_BIN_EXE_praktikum"));
        command
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", shared_target())
            .timeout(std::time::Duration::from_secs(900));
        command
    }
}

pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            if entry.file_name() != "target" {
                copy_tree(&path, &to.join(entry.file_name()));
            }
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

/// Some tests need the starters as this repository ships them. A student
/// who has worked on a lab has other starters; those tests then say so
/// and stop (in CI the starters are always the shipped ones).
pub fn starters_are_pristine() -> bool {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_praktikum"))
        .args(["dev", "starter-asli"])
        .current_dir(repo_root())
        .output()
        .expect("praktikum runs");
    if !output.status.success() {
        eprintln!(
            "Uji ini butuh starter yang belum diubah ({}): dilewati.",
            String::from_utf8_lossy(&output.stdout).trim()
        );
    }
    output.status.success()
}
