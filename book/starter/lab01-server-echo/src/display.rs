//! Printing what a client sent, without letting it mess up the terminal.

// ANCHOR: printable
/// Turns received bytes into one printable line.
///
/// Invalid UTF-8 becomes `�` (lossy), and control characters are escaped,
/// so `"halo\r\n"` from telnet is printed as `halo\r\n` on one line.
pub fn printable(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .chars()
        .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
        .collect()
}
// ANCHOR_END: printable

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn plain_text_is_unchanged() {
        assert_eq!(printable(b"Hai from ESP8266"), "Hai from ESP8266");
    }

    #[test]
    fn telnet_line_ending_is_escaped() {
        assert_eq!(printable(b"halo\r\n"), "halo\\r\\n");
    }

    #[test]
    fn invalid_utf8_and_escape_codes_are_made_safe() {
        assert_eq!(printable(b"a\xffb\x1b[2J"), "a\u{fffd}b\\u{1b}[2J");
    }

    #[test]
    fn non_ascii_letters_are_kept() {
        assert_eq!(printable("suhu 25°C".as_bytes()), "suhu 25°C");
    }
}
