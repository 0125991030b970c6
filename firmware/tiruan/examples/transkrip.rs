//! Prints the node's transcript in the scripted world, on the PC: the
//! reference that the QEMU run on the ESP8266's CPU must match.
//!
//!     cargo run -p tiruan --example transkrip

fn main() {
    let mut out = String::new();
    let outcome = tiruan::run(&mut out);
    print!("{out}");
    std::process::exit(if outcome.left_in_queue == 0 { 0 } else { 1 });
}
