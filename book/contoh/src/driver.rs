//! The driver crates of the Tugas (langkah 2, 3 and 5) against the virtual
//! devices of `simulation/virtual-hw`: the same calls work on the NodeMCU's
//! pins. Each example also shows the one behaviour of its device that the
//! student's code must handle.

use embedded_hal::delay::DelayNs;
use std::convert::Infallible;

// ANCHOR: dht11
use dht_sensor::{DhtError, dht11};
use virtual_hw::VirtualClock;
use virtual_hw::dht11::VirtualDht11;

/// DHT11 dengan `dht-sensor`: tiga pembacaan. Yang kedua datang langsung
/// sesudah yang pertama, dan sensor tidak menjawabnya.
pub fn dht11_three_reads() -> [Result<dht11::Reading, DhtError<Infallible>>; 3] {
    let clock = VirtualClock::new();
    // `pin` adalah pin DATA (di papan: D2), `environment` mengatur udaranya.
    let (mut pin, environment) = VirtualDht11::new(&clock);
    let mut delay = clock.delay();
    environment.set(27, 61);

    let first = dht11::blocking::read(&mut delay, &mut pin);
    let too_soon = dht11::blocking::read(&mut delay, &mut pin);
    delay.delay_ms(1000);
    let a_second_later = dht11::blocking::read(&mut delay, &mut pin);
    [first, too_soon, a_second_later]
}
// ANCHOR_END: dht11

// ANCHOR: ds18b20
use onewire::{DeviceSearch, OneWire, ds18b20::DS18B20};
use virtual_hw::ds18b20::VirtualDs18b20;

/// DS18B20 dengan `onewire`: cari sensornya di bus, mulai konversi, lalu
/// baca hasilnya dua kali, sebelum dan sesudah konversi selesai. Nilainya
/// mentah: bilangan 16 bit dalam 1/16 °C (komplemen dua).
pub fn ds18b20_before_and_after(celsius: f64) -> Option<[u16; 2]> {
    let clock = VirtualClock::new();
    // Pin DQ (di papan: D1); enam byte terakhir adalah nomor seri sensor.
    let (pin, environment) = VirtualDs18b20::new(&clock, [1, 2, 3, 4, 5, 6]);
    let mut delay = clock.delay();
    environment.set_temperature(celsius);
    let mut wire = OneWire::new(pin, false); // false: sensor punya kabel VDD sendiri

    let mut search = DeviceSearch::new();
    let device = wire.search_next(&mut search, &mut delay).ok().flatten()?;
    let sensor = DS18B20::new(device).ok()?;
    let resolution = sensor.measure_temperature(&mut wire, &mut delay).ok()?;
    let too_early = sensor.read_temperature(&mut wire, &mut delay).ok()?;
    delay.delay_ms(u32::from(resolution.time_ms())); // 750 ms pada resolusi 12 bit
    let done = sensor.read_temperature(&mut wire, &mut delay).ok()?;
    Some([too_early, done])
}
// ANCHOR_END: ds18b20

// ANCHOR: mfrc522
use mfrc522::Mfrc522;
use mfrc522::comm::blocking::spi::SpiInterface;
use virtual_hw::mfrc522::VirtualMfrc522;

/// MFRC522 dengan `mfrc522`: kartu DEADBEEF tetap ditempelkan, dan node
/// mencari kartu empat kali (REQA, lalu SELECT), tanpa HLTA.
pub fn mfrc522_four_polls_without_halt() -> Vec<Option<Vec<u8>>> {
    // Perangkat SPI: SCK D5, MISO D6, MOSI D7, SDA (CS) D8 di papan.
    let chip = VirtualMfrc522::new();
    let field = chip.card_field();
    let mut reader = Mfrc522::new(SpiInterface::new(chip)).init().expect("MFRC522 menjawab");
    field.present(&[0xDE, 0xAD, 0xBE, 0xEF]);

    let mut polls = Vec::new();
    for _ in 0..4 {
        let uid = match reader.reqa() {
            Ok(atqa) => reader.select(&atqa).ok().map(|uid| uid.as_bytes().to_vec()),
            Err(_) => None, // Error::Timeout: tidak ada kartu yang menjawab REQA
        };
        polls.push(uid);
    }
    polls
}
// ANCHOR_END: mfrc522
