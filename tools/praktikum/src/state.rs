//! The student's progress, kept in `.praktikum/status.json` (git-ignored).

use crate::catalog::WORK_FOLDERS;
use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct State {
    /// Last test results per lab id.
    #[serde(default)]
    pub results: BTreeMap<String, LabResult>,
    /// How many hints were shown per lab id.
    #[serde(default)]
    pub hints_shown: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LabResult {
    /// Fingerprint of the lab's work and tests when the tests ran.
    pub fingerprint: u64,
    pub passed: Vec<String>,
    pub total: usize,
    pub compiled: bool,
}

impl State {
    fn path(root: &Path) -> PathBuf {
        root.join(".praktikum").join("status.json")
    }

    /// Loads the state; a missing or damaged file means a fresh start.
    pub fn load(root: &Path) -> State {
        std::fs::read_to_string(Self::path(root))
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, root: &Path) -> Result<()> {
        let path = Self::path(root);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, serde_json::to_string_pretty(self)?)?;
        Ok(())
    }
}

/// A fingerprint of every file under the given folders (names and
/// contents), stable across Rust versions: FNV-1a, 64 bits. Used to tell
/// whether a lab (or its tests) changed since its tests last ran, and
/// whether a starter is still the one this repository ships.
pub fn fingerprint(dirs: &[&Path]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    let mut feed = |bytes: &[u8]| {
        for &byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
        }
    };
    for dir in dirs {
        let mut files = files_under(dir);
        files.sort();
        for file in files {
            let name = file.strip_prefix(dir).unwrap_or(&file).to_string_lossy().replace('\\', "/");
            feed(name.as_bytes());
            feed(&[0]);
            feed(&std::fs::read(&file).unwrap_or_default());
            feed(&[0]);
        }
    }
    hash
}

/// The fingerprint of a lab crate's work folders ([`WORK_FOLDERS`]; a
/// folder that does not exist adds nothing).
pub fn work_fingerprint(crate_dir: &Path) -> u64 {
    let dirs: Vec<PathBuf> = WORK_FOLDERS.iter().map(|folder| crate_dir.join(folder)).collect();
    fingerprint(&dirs.iter().map(PathBuf::as_path).collect::<Vec<_>>())
}

/// Every file below `dir`, in no particular order.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() { folders.push(path) } else { files.push(path) }
        }
    }
    files
}
