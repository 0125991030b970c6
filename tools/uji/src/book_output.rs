//! Output shown in the book comes from real runs, never typed by hand.
//!
//! A test produces the text and calls [`check`]. Normally it compares the
//! text with `book/src/keluaran/<name>.txt`; with `PERBARUI_KELUARAN=1` it
//! writes the file instead. Digits are ignored when comparing, because ports,
//! lengths of time, counts and thread ids differ from run to run.

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

/// Every run of digits becomes one `#` (a port may have 4 or 5 digits).
fn without_digits(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('#') {
            out.push('#');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_of_any_length_compare_equal() {
        assert_eq!(
            super::without_digits("port 2004, thread (123)"),
            super::without_digits("port 45678, thread (9)")
        );
        assert_ne!(super::without_digits("10 uji"), super::without_digits("10 soal"));
    }
}
