//! `praktikum pantau`: re-runs a lab's tests whenever one of its files is saved.
//!
//! Editors often write a file in several steps, so changes are debounced:
//! the tests start once the folder has been quiet for a moment. A change
//! while the tests run cancels that run (and every program it started) and
//! starts a new one.

use crate::catalog::Lab;
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
    let src = lab.starter_dir(root).join("src");
    let (changes_tx, changes) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && !event.kind.is_access()
        {
            let _ = changes_tx.send(());
        }
    })
    .context("pemantau berkas tidak bisa dibuat")?;
    watcher
        .watch(&src, RecursiveMode::Recursive)
        .with_context(|| format!("{} tidak bisa dipantau", src.display()))?;

    loop {
        let cancel = AtomicBool::new(false);
        let keep_watching = thread::scope(|scope| {
            let run = scope.spawn(|| -> Result<()> {
                let result = labrun::run(root, lab, true, Some(&cancel))?;
                if !cancel.load(Ordering::Relaxed) {
                    report::print_summary(lab, &result, book_url);
                    println!(
                        "\nMenunggu perubahan di labs/{}/src/ ... (Ctrl-C untuk berhenti)",
                        lab.package
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
