//! `praktikum pantau`: re-runs a lab's tests whenever one of its files is
//! saved: the code in `src/`, and the sketch in `skematik/` (Lab 03).
//!
//! Editors often write a file in several steps, so changes are debounced:
//! the tests start once the folder has been quiet for a moment. A change
//! while the tests run cancels that run (and every program it started) and
//! starts a new one.

use crate::catalog::{Lab, WORK_FOLDERS};
use crate::{labrun, report};
use anyhow::{Context, Result};
use notify::{RecursiveMode, Watcher};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// Quiet time after the last change before the tests start.
const DEBOUNCE: Duration = Duration::from_millis(400);

pub fn watch(root: &Path, lab: &Lab, book_url: &str) -> Result<()> {
    let folders: Vec<_> = WORK_FOLDERS
        .iter()
        .map(|folder| lab.starter_dir(root).join(folder))
        .filter(|dir| dir.is_dir())
        .collect();
    let (changes_tx, changes) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && !event.kind.is_access()
        {
            let _ = changes_tx.send(());
        }
    })
    .context("pemantau berkas tidak bisa dibuat")?;
    for dir in &folders {
        watcher
            .watch(dir, RecursiveMode::Recursive)
            .with_context(|| format!("{} tidak bisa dipantau", dir.display()))?;
    }

    loop {
        let cancel = AtomicBool::new(false);
        let keep_watching = thread::scope(|scope| {
            let run = scope.spawn(|| -> Result<()> {
                let result = labrun::run(root, lab, true, Some(&cancel))?;
                if !cancel.load(Ordering::Relaxed) {
                    report::print_summary(lab, &result, book_url);
                    let watched: Vec<String> = folders
                        .iter()
                        .filter_map(|dir| dir.file_name())
                        .map(|name| format!("labs/{}/{}/", lab.package, name.to_string_lossy()))
                        .collect();
                    println!(
                        "\nMenunggu perubahan di {} ... (Ctrl-C untuk berhenti)",
                        watched.join(" dan ")
                    );
                }
                Ok(())
            });
            // Wait for a change, then for quiet; then stop the running tests.
            let changed = changes.recv().is_ok();
            while changes.recv_timeout(DEBOUNCE).is_ok() {}
            cancel.store(true, Ordering::Relaxed);
            if let Ok(Err(e)) = run.join() {
                eprintln!("Kesalahan: {e:#}");
            }
            changed
        });
        if !keep_watching {
            return Ok(());
        }
        println!("\nBerkas berubah: menguji ulang {}...", lab.id);
    }
}
