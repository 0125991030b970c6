//! Output shown in the book comes from real runs, never typed by hand.
//!
//! A test produces the text and calls [`check`]. Normally it compares the
//! text with `book/src/keluaran/<name>.txt`; with `PERBARUI_KELUARAN=1` it
//! writes the file instead. Digits are ignored when comparing, because ports,
//! lengths of time and counts differ from run to run.

use std::path::PathBuf;

/// Where the book's generated output files live.
pub fn output_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../book/src/keluaran")
}

/// Compares `actual` with the book's copy, or updates the copy.
pub fn check(name: &str, actual: &str) {
    let path = output_dir().join(format!("{name}.txt"));
    if std::env::var_os("PERBARUI_KELUARAN").is_some() {
        std::fs::create_dir_all(output_dir()).expect("the book folder is writable");
        std::fs::write(&path, actual).expect("the book folder is writable");
        return;
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        without_digits(&stored),
        without_digits(actual),
        "Keluaran di buku ({}) tidak lagi sama dengan keluaran program yang sebenarnya.\n\
         Perbarui dengan: PERBARUI_KELUARAN=1 cargo test --workspace",
        path.display()
    );
}

fn without_digits(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect()
}
