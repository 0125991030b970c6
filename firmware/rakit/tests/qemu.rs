//! The node application on the ESP8266's own instruction set: built for the
//! lx106 CPU, run under QEMU in the scripted world of `simulation/tiruan`,
//! it must print the very same transcript as the PC build, byte for byte.
//!
//! Needs Debian's rustc-web, gcc-xtensa-lx106 and qemu-system-misc. Without
//! them the test says so and passes, unless PRAKTIKUM_WAJIB_ESP8266=1 (CI).

use rakit::{Node, Options, Target, toolchain};
use std::path::Path;
use std::time::Duration;

#[test]
fn the_node_under_qemu_prints_what_it_prints_on_the_pc() {
    if !toolchain::ready_for_test(true, false) {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let image =
        rakit::build(&Options { root, node: Node::Solusi, target: Target::Qemu, quiet: true })
            .unwrap_or_else(|e| panic!("gambar QEMU tidak terbangun:\n{e}"));

    // ANCHOR: same_transcript
    // Generous: a loaded machine is slow, a hung image must not hang CI.
    let output = rakit::qemu::run(&image.elf, Duration::from_secs(300)).unwrap();
    let on_lx106 = &output.stdout;

    // The same node on the PC: the solution's schedule and `encode`.
    let mut on_pc = String::new();
    let schedule = node_rumah::schedule::HomeSchedule::new(tiruan::PERIOD_S, 0);
    let outcome = tiruan::run(&mut on_pc, node_rumah::lines::encode, schedule);
    assert_eq!(outcome.left_in_queue, 0);
    assert!(outcome.lines > 200, "transkrip terlalu pendek:\n{on_pc}");

    if let Some(difference) = rakit::qemu::first_difference(&on_pc, on_lx106) {
        panic!("QEMU (lx106) dan PC: {difference}\nstderr QEMU:\n{}", output.stderr);
    }
    // ANCHOR_END: same_transcript
    assert!(output.status.success(), "QEMU berakhir dengan {}", output.status);
}
