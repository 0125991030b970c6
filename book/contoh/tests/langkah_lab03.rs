//! The message of a Lab 03 graded test whose earlier step is still
//! `todo!()`, as the Tugas chapter shows it: the suite's own step check
//! (`tools/uji/suites/lab03_rumah_pintar/steps.rs`) on the pristine starter
//! (`book/starter/lab03-rumah-pintar/src/lines.rs`), both compiled here as
//! they are.

#[path = "../../starter/lab03-rumah-pintar/src/lines.rs"]
mod lines;
#[allow(dead_code)] // Only langkah 1 is checked here.
#[path = "../../../tools/uji/suites/lab03_rumah_pintar/steps.rs"]
mod steps;

use rumah_pintar::protocol::{Decimal, Message, NodeId};

// The suite's probe for langkah 1, calling the starter's functions once.
fn probe_lines() {
    let mut out = String::new();
    let _ = lines::write_decimal(&mut out, Decimal::whole(1), 2);
    let id = NodeId::try_from("a").unwrap();
    let _ = lines::encode(&Message::Halo { id, session: 1, period_s: 5 });
}
// The other steps' probes need the whole starter; they are not called here.
fn probe_climate() {}
fn probe_temperature() {}
fn probe_light() {}
fn probe_card() {}
fn probe_schedule() {}

#[test]
fn a_test_needing_langkah_1_names_it() {
    let message = std::panic::catch_unwind(|| steps::require(&[steps::Step::Lines]))
        .expect_err("the starter's langkah 1 is todo!()");
    let message = message.downcast_ref::<String>().expect("a formatted message");
    assert!(message.starts_with("Uji ini butuh langkah 1 (lines.rs"), "{message}");
    assert!(message.contains("not yet implemented: Langkah 1: write_decimal"), "{message}");
    uji::book_output::check("uji-lab03-langkah-belum", message);
}
