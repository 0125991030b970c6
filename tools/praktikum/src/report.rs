//! What a student reads after a test run: per test a verdict, and for each
//! failure the message, the hint and where to read more.

use crate::catalog::Lab;
use crate::testrun::SuiteResult;

/// Prints the Indonesian summary of one lab's run.
pub fn print_summary(lab: &Lab, result: &SuiteResult, book_url: &str) {
    println!();
    println!("{} ({}): {}", lab.id, lab.package, lab.title);
    let outcomes = match result {
        SuiteResult::BuildFailed(messages) => {
            println!("✗ Kode belum bisa dikompilasi. Pesan dari compiler:\n");
            println!("{}", indent(&shorten(messages, 40)));
            println!(
                "\nPerbaiki kesalahan pertama dulu, lalu jalankan lagi `cargo praktikum uji {}`.",
                lab.id
            );
            return;
        }
        SuiteResult::Ran { outcomes, timed_out } => {
            if *timed_out {
                println!("(Uji dihentikan karena melewati batas waktu: ada program yang macet.)");
            }
            outcomes
        }
    };
    for outcome in outcomes {
        let info = lab.test(&outcome.name);
        let title = info.map_or(outcome.name.as_str(), |t| t.title.as_str());
        let points = info.map_or(0, |t| t.points);
        let mark = if outcome.passed { "✓" } else { "✗" };
        println!("  {mark} {title}  [{points} poin]");
    }
    let failures: Vec<_> = outcomes.iter().filter(|o| !o.passed).collect();
    for outcome in failures.iter().take(SHOWN_FAILURES) {
        println!("\n── Gagal: {} ──", outcome.name);
        println!("{}", indent(&shorten(&clean(&outcome.details), 30)));
        if let Some(info) = lab.test(&outcome.name) {
            println!("  Petunjuk: {}", info.hint);
        }
    }
    if failures.len() > SHOWN_FAILURES {
        println!(
            "\n({} uji lain juga gagal. Perbaiki yang di atas dulu: sering kali yang lain ikut beres. \
             Semua pesan lengkap: `cargo test -p {}`.)",
            failures.len() - SHOWN_FAILURES,
            lab.package
        );
    }
    let passed = outcomes.len() - failures.len();
    println!();
    println!(
        "Hasil: {passed} dari {} uji lulus, {} dari {} poin.",
        outcomes.len(),
        points(lab, result),
        lab.max_points()
    );
    if failures.is_empty() {
        println!("Selamat, {} lulus! Lihat langkah berikutnya dengan `cargo praktikum`.", lab.id);
    } else {
        println!("Baca bab lab ini: {book_url}{}", lab.chapter);
        println!(
            "Butuh bantuan? `cargo praktikum petunjuk {}` memberi satu petunjuk lagi.",
            lab.id
        );
    }
}

/// Points earned: the sum of the points of the passed tests.
pub fn points(lab: &Lab, result: &SuiteResult) -> u32 {
    let passed = result.passed_names();
    lab.tests.iter().filter(|t| passed.contains(&t.name)).map(|t| t.points).sum()
}

/// Failures explained in full; the rest are listed by title only.
const SHOWN_FAILURES: usize = 3;

/// Drops libtest's own lines ("thread '…' panicked at", the backtrace note):
/// the test's message already says what went wrong.
fn clean(details: &str) -> String {
    details
        .lines()
        .filter(|l| !is_libtest_noise(l))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// The test's own panic header (at the start of a line: a lab program's
/// panic, indented in the test's report, says where the student's code
/// stopped and stays).
fn is_libtest_noise(line: &str) -> bool {
    let panic_header = line.starts_with("thread '") && line.contains("panicked at");
    panic_header || line.trim_start().starts_with("note: run with `RUST_BACKTRACE")
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}

fn shorten(text: &str, max_lines: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= max_lines {
        return text.to_string();
    }
    format!("{}\n... ({} baris lagi)", lines[..max_lines].join("\n"), lines.len() - max_lines)
}
