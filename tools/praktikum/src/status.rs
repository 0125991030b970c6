//! The overview a student sees first: every lab's state and the next step.

use crate::catalog::{Catalog, Lab};
use crate::labrun;
use anyhow::Result;
use std::path::Path;

#[derive(Debug, PartialEq)]
pub enum Progress {
    Untouched,
    Working,
    Passed,
}

impl Progress {
    pub fn label(&self) -> &'static str {
        match self {
            Progress::Untouched => "belum dimulai",
            Progress::Working => "sedang dikerjakan",
            Progress::Passed => "lulus",
        }
    }
}

/// Prints the table of labs and the next step; runs tests whose code changed.
pub fn print(root: &Path, catalog: &Catalog, book_url: &str) -> Result<()> {
    println!("Praktikum Socket TCP/IP untuk IoT\n");
    let mut next: Option<&Lab> = None;
    let mut rows = Vec::new();
    for lab in &catalog.labs {
        let result = labrun::current_result(root, lab, true)?;
        let progress = if result.passed.len() == result.total {
            Progress::Passed
        } else if result.passed.is_empty() && !edited(root, lab) {
            Progress::Untouched
        } else {
            Progress::Working
        };
        if progress != Progress::Passed && next.is_none() {
            next = Some(lab);
        }
        rows.push(format!(
            "  {:<6} {:<28} {:<18} {}/{} uji",
            lab.id,
            lab.title,
            progress.label(),
            result.passed.len(),
            result.total
        ));
    }
    println!("  {:<6} {:<28} {:<18} Uji lulus", "Lab", "Judul", "Status");
    for row in rows {
        println!("{row}");
    }
    println!();
    match next {
        Some(lab) => {
            println!("Langkah berikutnya: kerjakan {} di labs/{}/src/", lab.id, lab.package);
            println!("  baca   {book_url}{}", lab.chapter);
            println!("  uji    cargo praktikum uji {}", lab.id);
            println!(
                "  pantau cargo praktikum pantau {}  (uji ulang setiap berkas disimpan)",
                lab.id
            );
        }
        None => println!("Semua lab lulus. Lihat nilai Anda dengan `cargo praktikum nilai`."),
    }
    println!();
    Ok(())
}

/// The first lab whose last result is not a pass (the last lab when all pass).
pub fn first_unfinished<'a>(root: &Path, catalog: &'a Catalog) -> &'a Lab {
    let state = crate::state::State::load(root);
    catalog
        .labs
        .iter()
        .find(|lab| state.results.get(&lab.id).is_none_or(|r| r.passed.len() < lab.tests.len()))
        .unwrap_or_else(|| catalog.labs.last().expect("labs.toml lists at least one lab"))
}

/// True when the lab's work (`src/`, and the sketch in `skematik/` for Lab
/// 03) is no longer the starter this repository ships.
pub fn edited(root: &Path, lab: &Lab) -> bool {
    let now = crate::state::work_fingerprint(&lab.starter_dir(root));
    format!("{now:016x}") != lab.starter_fingerprint
}
