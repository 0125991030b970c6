//! The `onewire` crate (with its DS18B20 support) reads the virtual DS18B20.

use embedded_hal::delay::DelayNs;
use onewire::{DeviceSearch, OneWire, ds18b20::DS18B20};
use virtual_hw::VirtualClock;
use virtual_hw::ds18b20::{Ds18b20Fault, FAMILY_CODE, VirtualDs18b20};

const SERIAL: [u8; 6] = [0x71, 0x3C, 0x05, 0x16, 0x00, 0x00];

/// Finds the sensor, converts, waits, reads: what the node does.
fn measure(wire: &mut OneWire<VirtualDs18b20>, delay: &mut impl DelayNs) -> Result<f64, String> {
    let mut search = DeviceSearch::new();
    let device =
        wire.search_next(&mut search, delay).map_err(|e| format!("{e:?}"))?.ok_or("no device")?;
    let sensor = DS18B20::new(device).map_err(|e| format!("{e:?}"))?;
    let wait_ms = sensor.measure_temperature(wire, delay).map_err(|e| format!("{e:?}"))?.time_ms();
    delay.delay_ms(u32::from(wait_ms));
    let raw = sensor.read_temperature(wire, delay).map_err(|e| format!("{e:?}"))?;
    Ok(f64::from(raw as i16) / 16.0)
}

#[test]
fn search_finds_the_rom_code() {
    let clock = VirtualClock::new();
    let (pin, environment) = VirtualDs18b20::new(&clock, SERIAL);
    let mut wire = OneWire::new(pin, false);
    let mut search = DeviceSearch::new();
    let device =
        wire.search_next(&mut search, &mut clock.delay()).unwrap().expect("one sensor on the bus");
    assert_eq!(device.address, environment.rom());
    assert_eq!(device.address[0], FAMILY_CODE);
    assert!(
        wire.search_next(&mut search, &mut clock.delay()).unwrap().is_none(),
        "only one sensor"
    );
}

#[test]
fn temperatures_round_trip_in_sixteenths() {
    let clock = VirtualClock::new();
    let (pin, environment) = VirtualDs18b20::new(&clock, SERIAL);
    let mut wire = OneWire::new(pin, false);
    let mut delay = clock.delay();
    for celsius in [25.0625, -10.125, 0.0, 85.0, -55.0, 125.0, 31.5] {
        environment.set_temperature(celsius);
        assert_eq!(measure(&mut wire, &mut delay).unwrap(), celsius);
    }
}

#[test]
fn reading_before_the_conversion_gives_the_power_on_85_degrees() {
    let clock = VirtualClock::new();
    let (pin, environment) = VirtualDs18b20::new(&clock, SERIAL);
    environment.set_temperature(21.0);
    let mut wire = OneWire::new(pin, false);
    let mut delay = clock.delay();
    let mut search = DeviceSearch::new();
    let sensor = DS18B20::new(wire.search_next(&mut search, &mut delay).unwrap().unwrap()).unwrap();
    sensor.measure_temperature(&mut wire, &mut delay).unwrap();
    // No wait: the conversion (750 ms) is not done yet.
    let raw = sensor.read_temperature(&mut wire, &mut delay).unwrap();
    assert_eq!(raw as i16, 85 * 16);
    delay.delay_ms(750);
    assert_eq!(sensor.read_temperature(&mut wire, &mut delay).unwrap() as i16, 21 * 16);
}

#[test]
fn an_unplugged_sensor_is_not_found() {
    let clock = VirtualClock::new();
    let (pin, environment) = VirtualDs18b20::new(&clock, SERIAL);
    environment.set_fault(Some(Ds18b20Fault::Unplugged));
    let mut wire = OneWire::new(pin, false);
    assert!(!wire.reset(&mut clock.delay()).unwrap(), "no presence pulse");
    let mut search = DeviceSearch::new();
    assert!(wire.search_next(&mut search, &mut clock.delay()).unwrap().is_none());
}

#[test]
fn a_corrupted_scratchpad_fails_the_crc_check() {
    let clock = VirtualClock::new();
    let (pin, environment) = VirtualDs18b20::new(&clock, SERIAL);
    let mut wire = OneWire::new(pin, false);
    let mut delay = clock.delay();
    environment.set_fault(Some(Ds18b20Fault::CorruptScratchpad));
    let error = measure(&mut wire, &mut delay).unwrap_err();
    assert!(error.contains("CrcMismatch"), "{error}");
    environment.set_fault(None);
    assert_eq!(measure(&mut wire, &mut delay).unwrap(), 20.0);
}
