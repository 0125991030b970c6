//! Prints the node's transcript in the scripted world, on the PC: the
//! reference that the QEMU run on the ESP8266's CPU must match.
//!
//!     cargo run -p tiruan --example transkrip

use std::io::Write as _;

/// Standard output, line by line: what was printed stays printed even if
/// the node panics.
struct Stdout;

impl core::fmt::Write for Stdout {
    fn write_str(&mut self, text: &str) -> core::fmt::Result {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes()).and_then(|_| out.flush()).map_err(|_| core::fmt::Error)
    }
}

fn main() {
    let outcome = tiruan::run(Stdout);
    std::process::exit(if outcome.left_in_queue == 0 { 0 } else { 1 });
}
