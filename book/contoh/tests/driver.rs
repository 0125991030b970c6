//! The driver examples of the Tugas chapter do what the chapter says.

use contoh::driver;
use dht_sensor::{DhtError, dht11::Reading};

#[test]
fn the_dht11_answers_at_most_once_per_second() {
    let [first, too_soon, later] = driver::dht11_three_reads();
    let reading = Reading { temperature: 27, relative_humidity: 61 };
    assert_eq!(first.expect("first reading"), reading);
    assert!(matches!(too_soon, Err(DhtError::Timeout)), "{too_soon:?}");
    assert_eq!(later.expect("a second later"), reading);
}

#[test]
fn the_ds18b20_gives_85_degrees_until_its_conversion_is_done() {
    assert_eq!(driver::ds18b20_before_and_after(21.5), Some([85 * 16, 344]));
    // Below zero: two's complement, -10.125 °C is -162/16.
    assert_eq!(driver::ds18b20_before_and_after(-10.125), Some([85 * 16, -162_i16 as u16]));
}

#[test]
fn without_halt_a_card_held_to_the_reader_is_read_again_and_again() {
    let card = Some(vec![0xDE, 0xAD, 0xBE, 0xEF]);
    assert_eq!(driver::mfrc522_four_polls_without_halt(), [card.clone(), None, card, None]);
}

#[test]
fn the_demo_program_runs() {
    let output =
        std::process::Command::new(env!("CARGO_BIN_EXE_driver-sensor")).output().expect("runs");
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Err(Timeout)") && text.contains("DEADBEEF"), "{text}");
    uji::book_output::check("driver-sensor", &text);
}
