//! The real `dht-sensor` crate reads the virtual DHT11.

use dht_sensor::{DhtError, dht11};
use virtual_hw::VirtualClock;
use virtual_hw::dht11::{Dht11Fault, VirtualDht11};

// ANCHOR: dht11
#[test]
fn the_driver_reads_the_conditions() {
    let clock = VirtualClock::new();
    let (mut pin, environment) = VirtualDht11::new(&clock);
    let mut delay = clock.delay();
    for (temperature, humidity) in [(25, 60), (0, 0), (50, 100), (31, 47)] {
        environment.set(temperature, humidity);
        let reading =
            dht11::blocking::read(&mut delay, &mut pin).expect("the virtual sensor answers");
        assert_eq!((reading.temperature, reading.relative_humidity), (temperature as i8, humidity));
        delay_ms(&mut delay, 1000);
    }
}
// ANCHOR_END: dht11

#[test]
fn a_reading_takes_about_23_ms_of_virtual_time() {
    let clock = VirtualClock::new();
    let (mut pin, _environment) = VirtualDht11::new(&clock);
    dht11::blocking::read(&mut clock.delay(), &mut pin).unwrap();
    // 18 ms start signal + about 4-5 ms of answer.
    assert!((20..26).contains(&clock.now_ms()), "{} ms", clock.now_ms());
}

#[test]
fn no_response_is_a_timeout() {
    let clock = VirtualClock::new();
    let (mut pin, environment) = VirtualDht11::new(&clock);
    environment.set_fault(Some(Dht11Fault::NoResponse));
    let result = dht11::blocking::read(&mut clock.delay(), &mut pin);
    assert!(matches!(result, Err(DhtError::Timeout)), "{result:?}");
}

#[test]
fn a_bad_checksum_is_reported() {
    let clock = VirtualClock::new();
    let (mut pin, environment) = VirtualDht11::new(&clock);
    environment.set_fault(Some(Dht11Fault::BadChecksum));
    let result = dht11::blocking::read(&mut clock.delay(), &mut pin);
    assert!(matches!(result, Err(DhtError::ChecksumMismatch)), "{result:?}");
}

#[test]
fn a_stuck_line_is_a_timeout_and_recovers_when_fixed() {
    let clock = VirtualClock::new();
    let (mut pin, environment) = VirtualDht11::new(&clock);
    let mut delay = clock.delay();
    environment.set_fault(Some(Dht11Fault::StuckLow));
    assert!(matches!(dht11::blocking::read(&mut delay, &mut pin), Err(DhtError::Timeout)));
    environment.set_fault(None);
    delay_ms(&mut delay, 1000);
    assert!(dht11::blocking::read(&mut delay, &mut pin).is_ok());
}

#[test]
fn reading_again_within_a_second_gets_no_answer() {
    let clock = VirtualClock::new();
    let (mut pin, _environment) = VirtualDht11::new(&clock);
    let mut delay = clock.delay();
    assert!(dht11::blocking::read(&mut delay, &mut pin).is_ok());
    assert!(matches!(dht11::blocking::read(&mut delay, &mut pin), Err(DhtError::Timeout)));
    delay_ms(&mut delay, 1000);
    assert!(dht11::blocking::read(&mut delay, &mut pin).is_ok());
}

fn delay_ms(delay: &mut impl embedded_hal::delay::DelayNs, ms: u32) {
    delay.delay_ms(ms);
}
