//! The Tugas chapter's claim about Rust's own float formatting (langkah 1):
//! `{:.2}` rounds a half to the even digit, so it cannot write the
//! protocol's "half away from zero".

#[test]
fn float_formatting_rounds_a_half_to_even() {
    assert_eq!(format!("{:.2}", 0.125_f64), "0.12");
    assert_eq!(format!("{:.2}", -0.125_f64), "-0.12");
    assert_eq!(format!("{:.2}", 0.375_f64), "0.38");
}
