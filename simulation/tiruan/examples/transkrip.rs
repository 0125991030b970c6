//! Prints the node's transcript in the scripted world, on the PC: the
//! reference that the QEMU run on the ESP8266's CPU must match.
//!
//!     cargo run -p tiruan --example transkrip                  # the solution's node
//!     cargo run -p tiruan --example transkrip --features lab   # your labs/lab03
//!
//! (`praktikum firmware qemu` runs it with the same node as its QEMU image.)

use std::io::Write as _;

// The node's code: the student's with the feature `lab`, otherwise the
// reference solution's.
#[cfg(feature = "lab")]
use lab03 as node;
#[cfg(not(feature = "lab"))]
use node_rumah as node;

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
    let schedule = node::schedule::HomeSchedule::new(tiruan::PERIOD_S, 0);
    let outcome = tiruan::run(Stdout, node::lines::encode, schedule);
    std::process::exit(if outcome.succeeded() { 0 } else { 1 });
}
