//! A scenario drives every virtual device over simulated hours, and the real
//! drivers read exactly what the scenario says, when it says it.

use dht_sensor::dht11;
use embedded_hal::delay::DelayNs;
use mfrc522::Mfrc522;
use mfrc522::comm::blocking::spi::SpiInterface;
use onewire::{DeviceSearch, OneWire, ds18b20::DS18B20};
use std::path::Path;
use virtual_hw::dht11::Dht11Fault;
use virtual_hw::ds18b20::Ds18b20Fault;
use virtual_hw::ldr::counts_for_lux;
use virtual_hw::scenario::{Scenario, SensorFault, Stage};

fn shipped(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("skenario").join(name);
    Scenario::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// What one pass of readings saw.
#[derive(Debug, Default)]
struct Log {
    dht_ok: u32,
    dht_errors: u32,
    ds_ok: u32,
    ds_errors: u32,
    cards: Vec<(u64, Vec<u8>)>,
}

/// Plays `scenario`, reading every sensor every `period_s` seconds and the
/// card reader every second, and checks each reading against the scenario.
fn play(scenario: Scenario, period_s: u64) -> Log {
    let (stage, devices) = Stage::new(scenario);
    let mut delay = stage.clock.delay();
    let mut dht_pin = devices.dht11;
    let mut wire = OneWire::new(devices.ds18b20, false);
    let mut ldr = devices.ldr;
    let mut reader =
        Mfrc522::new(SpiInterface::new(devices.rfid)).init().expect("the reader starts");
    let mut log = Log::default();
    let mut last_uid: Option<Vec<u8>> = None;

    while !stage.is_over() {
        let second = stage.clock.now_ms() / 1000;
        stage.update();
        let now = stage.clock.now_ms();
        let scenario = &stage.scenario;

        // The door reader, every second: one event per tap.
        let uid = reader
            .reqa()
            .ok()
            .and_then(|atqa| reader.select(&atqa).ok())
            .map(|uid| uid.as_bytes().to_vec());
        if uid.is_some() {
            let _ = reader.hlta();
        }
        if let Some(uid) = &uid
            && last_uid.as_ref() != Some(uid)
        {
            log.cards.push((now, uid.clone()));
        }
        // A halted card stays quiet while held: remember it until it is gone.
        if uid.is_some() || scenario.card_at(now).is_none() {
            last_uid = uid;
        }

        if second.is_multiple_of(period_s) {
            let faults: Vec<SensorFault> = scenario.faults_at(now).collect();
            let expected_c = scenario.temperature.at(now);
            match dht11::blocking::read(&mut delay, &mut dht_pin) {
                Ok(reading) => {
                    log.dht_ok += 1;
                    assert_eq!(
                        i32::from(reading.temperature),
                        expected_c.round() as i32,
                        "DHT11 at {now} ms"
                    );
                    assert_eq!(
                        f64::from(reading.relative_humidity),
                        scenario.humidity.at(now).round(),
                        "at {now} ms"
                    );
                }
                Err(_) => {
                    log.dht_errors += 1;
                    assert!(
                        faults.iter().any(|f| matches!(f, SensorFault::Dht11(_))),
                        "DHT11 failed at {now} ms without a fault"
                    );
                }
            }
            match read_ds18b20(&mut wire, &mut delay) {
                Ok(celsius) => {
                    log.ds_ok += 1;
                    // The conversion started 750 ms earlier; the curve moves slowly.
                    assert!(
                        (celsius - expected_c).abs() <= 0.07,
                        "DS18B20 {celsius} vs {expected_c} at {now} ms"
                    );
                }
                Err(_) => {
                    log.ds_errors += 1;
                    assert!(
                        faults.iter().any(|f| matches!(f, SensorFault::Ds18b20(_))),
                        "DS18B20 failed at {now} ms without a fault"
                    );
                }
            }
            // The devices show the conditions of the last update (`now`).
            assert_eq!(
                ldr.read_counts(),
                counts_for_lux(scenario.light.at(now)),
                "LDR at {now} ms"
            );
        }
        // On to the next whole second.
        let next = (stage.clock.now_ms() / 1000 + 1) * 1000;
        delay.delay_ms((next - stage.clock.now_ms()) as u32);
    }
    log
}

fn read_ds18b20(
    wire: &mut OneWire<virtual_hw::ds18b20::VirtualDs18b20>,
    delay: &mut impl DelayNs,
) -> Result<f64, String> {
    let mut search = DeviceSearch::new();
    let device =
        wire.search_next(&mut search, delay).map_err(|e| format!("{e:?}"))?.ok_or("no sensor")?;
    let sensor = DS18B20::new(device).map_err(|e| format!("{e:?}"))?;
    let wait = sensor.measure_temperature(wire, delay).map_err(|e| format!("{e:?}"))?.time_ms();
    delay.delay_ms(u32::from(wait));
    let raw = sensor.read_temperature(wire, delay).map_err(|e| format!("{e:?}"))?;
    Ok(f64::from(raw as i16) / 16.0)
}

#[test]
fn a_normal_day_reads_every_sensor_and_both_cards() {
    let log = play(shipped("hari-biasa.toml"), 60);
    assert_eq!(log.dht_errors + log.ds_errors, 0, "{log:?}");
    assert_eq!(log.dht_ok, 24 * 60, "one DHT11 reading a minute for 24 hours");
    assert_eq!(log.ds_ok, 24 * 60);
    let cards: Vec<(u64, Vec<u8>)> =
        log.cards.iter().map(|(t, uid)| (t / 1000, uid.clone())).collect();
    assert_eq!(
        cards,
        [
            (7 * 3600 + 5 * 60, vec![0xDE, 0xAD, 0xBE, 0xEF]),
            (17 * 3600 + 42 * 60 + 30, vec![0x04, 0xA2, 0x2B, 0x1A, 0x5C, 0x80, 0x81])
        ],
        "each tap is read once, in its second"
    );
}

#[test]
fn failing_sensors_fail_only_in_their_windows() {
    let log = play(shipped("sensor-rusak.toml"), 60);
    // DHT11: 15 + 10 + 5 minutes of faults; DS18B20: 10 minutes.
    assert_eq!(log.dht_errors, 30, "{log:?}");
    assert_eq!(log.ds_errors, 10, "{log:?}");
    assert_eq!(log.dht_ok + log.dht_errors, 4 * 60);
}

#[test]
fn an_unknown_card_at_night_is_read_at_every_tap() {
    let log = play(shipped("kartu-asing-malam.toml"), 300);
    let uids: Vec<&[u8]> = log.cards.iter().map(|(_, uid)| uid.as_slice()).collect();
    assert_eq!(
        uids,
        [
            &[0xDE, 0xAD, 0xBE, 0xEF][..],
            &[0x0B, 0xAD, 0xC0, 0xDE],
            &[0x0B, 0xAD, 0xC0, 0xDE],
            &[0x04, 0xC3, 0xA1, 0xF2, 0x90, 0x12, 0x80]
        ]
    );
}

#[test]
fn every_shipped_scenario_is_valid() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("skenario");
    let mut count = 0;
    for entry in std::fs::read_dir(folder).unwrap().flatten() {
        Scenario::load(&entry.path()).unwrap_or_else(|e| panic!("{e}"));
        count += 1;
    }
    assert!(count >= 3);
    // The fault kinds in the files map onto the devices' faults.
    let faults: Vec<SensorFault> =
        shipped("sensor-rusak.toml").faults.iter().map(|f| f.fault).collect();
    assert!(faults.contains(&SensorFault::Dht11(Dht11Fault::NoResponse)));
    assert!(faults.contains(&SensorFault::Ds18b20(Ds18b20Fault::Unplugged)));
}
