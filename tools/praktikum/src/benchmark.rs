//! `praktikum dev tolok-ukur-kelas`: how long grading a real class takes.
//!
//! Generates a class of checkouts that looks like a real one (most complete,
//! some partial, some that do not compile, some that hang or eat memory),
//! grades it like `nilai --kelas`, and reports the minutes. The result is
//! written to the book (`book/src/keluaran/tolok-ukur-kelas.txt`), where the
//! instructors' section shows it. A benchmark, not a test: it asserts nothing
//! about time.

use crate::catalog::Catalog;
use crate::class::{self, ClassOptions};
use anyhow::Result;
use std::path::Path;
use std::time::{Duration, Instant};

/// The kinds of checkout, and how many of every ten students are of each kind.
const MIX: [(&str, usize); 5] =
    [("lengkap", 5), ("sebagian", 2), ("tidak-dikompilasi", 1), ("macet", 1), ("rakus-memori", 1)];

pub fn run(root: &Path, catalog: &Catalog, students: usize, jobs: usize) -> Result<()> {
    let work = root.join("target").join("praktikum").join("tolok-ukur");
    let class_dir = work.join("kelas");
    if class_dir.exists() {
        std::fs::remove_dir_all(&class_dir)?;
    }
    let kinds: Vec<&str> =
        MIX.iter().flat_map(|(kind, n)| std::iter::repeat_n(*kind, *n)).collect();
    for i in 0..students {
        let kind = kinds[i % kinds.len()];
        make_checkout(root, catalog, &class_dir.join(format!("mhs{:02}-{kind}", i + 1)), kind)?;
    }
    let options = ClassOptions {
        class_dir,
        work_dir: work.join("kerja"),
        time_per_student: Duration::from_secs(300),
        memory_limit: 4096 * 1024 * 1024,
        isolate: crate::isolation::available(),
        jobs,
        show_progress: true,
    };
    let options_isolated = options.isolate;
    let started = Instant::now();
    let rows = class::grade(root, catalog, &options)?;
    let elapsed = started.elapsed();
    let minutes = elapsed.as_secs_f64() / 60.0;
    let per_student = elapsed.as_secs_f64() / rows.len().max(1) as f64;
    let summary = format!(
        "{} mahasiswa ({}) dinilai dengan {jobs} pekerja dalam {minutes:.1} menit: rata-rata {per_student:.1} detik per mahasiswa,\n\
         termasuk mengompilasi dependensi sekali ({} inti CPU); satu proses per uji, {}.\n",
        rows.len(),
        MIX.iter().map(|(kind, n)| format!("{n}/10 {kind}")).collect::<Vec<_>>().join(", "),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        if options_isolated { "di sandbox bubblewrap" } else { "tanpa sandbox" },
    );
    print!("{summary}");
    std::fs::write(root.join("book/src/keluaran/tolok-ukur-kelas.txt"), summary)?;
    Ok(())
}

/// A checkout whose Lab 01 is of the given kind.
fn make_checkout(root: &Path, catalog: &Catalog, dir: &Path, kind: &str) -> Result<()> {
    for lab in &catalog.labs {
        let lab_dir = dir.join("labs").join(&lab.package);
        let src = lab_dir.join("src");
        let (base, starter) =
            (lab.solution_dir(root).join("src"), lab.starter_dir(root).join("src"));
        crate::sandbox::copy_tree(if kind == "sebagian" { &starter } else { &base }, &src)?;
        // Everyone drew the schematic (Lab 03, langkah 0) before coding.
        let sketch = lab.solution_dir(root).join("skematik");
        if sketch.is_dir() {
            crate::sandbox::copy_tree(&sketch, &lab_dir.join("skematik"))?;
        }
        let server = src.join("server.rs");
        match kind {
            "sebagian" if lab.id == "lab01" => {
                std::fs::copy(base.join("listener.rs"), src.join("listener.rs"))?;
            }
            "tidak-dikompilasi" => {
                std::fs::write(
                    src.join("lib.rs"),
                    std::fs::read_to_string(src.join("lib.rs"))?
                        + "\nfn broken() -> u8 { \"not a number\" }\n",
                )?;
            }
            // Reads but never answers: every test waits for its time limit.
            "macet" if lab.id == "lab01" => {
                let text = std::fs::read_to_string(&server)?.replace(
                    "stream.write_all(b\"OK\\n\").await",
                    "std::future::pending::<std::io::Result<()>>().await",
                );
                std::fs::write(&server, text)?;
            }
            // Keeps every byte it ever received, a hundred times over.
            "rakus-memori" if lab.id == "lab01" => {
                let text = std::fs::read_to_string(&server)?.replace(
                    "report_read(&buffer[..n]);",
                    "report_read(&buffer[..n]);\n        let hoard: Vec<u8> = vec![1; 64 << 30];\n        std::hint::black_box(&hoard);",
                );
                std::fs::write(&server, text)?;
            }
            _ => {}
        }
    }
    Ok(())
}
