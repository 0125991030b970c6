//! Benchmark: how many simulated seconds the virtual hardware plays per real
//! second, with the real drivers reading every sensor every 5 s and the door
//! reader every second, as a node does.
//!
//! `cargo run --release -p virtual-hw --example kecepatan [skenario.toml]`

use dht_sensor::dht11;
use embedded_hal::delay::DelayNs;
use mfrc522::Mfrc522;
use mfrc522::comm::blocking::spi::SpiInterface;
use onewire::{DeviceSearch, OneWire, ds18b20::DS18B20};
use std::path::PathBuf;
use std::time::Instant;
use virtual_hw::scenario::{Scenario, Stage};

fn main() -> Result<(), String> {
    let path = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("skenario").join("hari-biasa.toml")
    });
    let scenario = Scenario::load(&path)?;
    let name = scenario.name.clone();
    let (stage, devices) = Stage::new(scenario);
    let mut delay = stage.clock.delay();
    let mut dht_pin = devices.dht11;
    let mut wire = OneWire::new(devices.ds18b20, false);
    let mut ldr = devices.ldr;
    let mut reader =
        Mfrc522::new(SpiInterface::new(devices.rfid)).init().map_err(|e| format!("{e:?}"))?;
    let (mut readings, mut taps) = (0u64, 0u64);

    let started = Instant::now();
    while !stage.is_over() {
        stage.update();
        if let Ok(atqa) = reader.reqa() {
            if reader.select(&atqa).is_ok() {
                taps += 1;
            }
            let _ = reader.hlta();
        }
        if (stage.clock.now_ms() / 1000).is_multiple_of(5) {
            let _ = dht11::blocking::read(&mut delay, &mut dht_pin);
            let mut search = DeviceSearch::new();
            if let Ok(Some(device)) = wire.search_next(&mut search, &mut delay)
                && let Ok(sensor) = DS18B20::new(device)
                && let Ok(resolution) = sensor.measure_temperature(&mut wire, &mut delay)
            {
                delay.delay_ms(u32::from(resolution.time_ms()));
                let _ = sensor.read_temperature(&mut wire, &mut delay);
            }
            let _ = ldr.read_counts();
            readings += 1;
        }
        let next = (stage.clock.now_ms() / 1000 + 1) * 1000;
        delay.delay_ms((next - stage.clock.now_ms()) as u32);
    }
    let real = started.elapsed().as_secs_f64();
    let simulated = stage.clock.now_ms() as f64 / 1000.0;
    let summary = format!(
        "Skenario \"{name}\": {simulated:.0} detik simulasi dalam {real:.2} detik nyata = {:.0} detik simulasi per detik nyata ({readings} pembacaan sensor, {taps} kartu terbaca)\n",
        simulated / real
    );
    print!("{summary}");
    // PERBARUI_KELUARAN=1 records the figure shown in the book's appendix.
    if std::env::var_os("PERBARUI_KELUARAN").is_some() {
        let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../book/src/keluaran/kecepatan-virtual.txt");
        std::fs::write(file, summary).map_err(|e| e.to_string())?;
    }
    Ok(())
}
