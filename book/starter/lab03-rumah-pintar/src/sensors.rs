//! Langkah 2-5: sensor dan pembaca kartu, dengan crate *driver*-nya.
//!
//! Struct dan `new` sudah diberikan; Anda menulis isi keempat fungsi di
//! `impl Sensors`. Dokumentasi crate-nya: `dht-sensor`, `onewire`, `mfrc522`
//! (bab Tugas menunjukkan contoh kecil untuk masing-masing).

// Langkah 2-5 memakai ini: hapus `allow` bila sudah selesai.
#[allow(unused_imports)]
use embedded_hal::delay::DelayNs;
use embedded_hal::digital::{InputPin, OutputPin};
use embedded_hal::spi::SpiDevice;
use mfrc522::comm::blocking::spi::{DummyDelay, SpiInterface};
use mfrc522::{Initialized, Mfrc522};
#[allow(unused_imports)]
use onewire::{DeviceSearch, OneWire, ds18b20::DS18B20};
use rumah_pintar::node::{AnalogInput, Climate, SensorError, Sensors};
use rumah_pintar::protocol::{Decimal, Uid};

/// DHT11 mengukur paling sering sekali per sekian ms.
pub const DHT11_MIN_INTERVAL_MS: u64 = 1_000;
/// Konversi DS18B20 12-bit butuh paling lama sekian ms.
pub const DS18B20_CONVERSION_MS: u32 = 750;

// ANCHOR: struct
/// Sensor rumah pintar pada pin-pinnya: kode yang sama di ESP8266 (pin papan)
/// dan di PC (perangkat virtual).
#[allow(dead_code)] // Langkah 2-5 memakai field-field ini: hapus `allow` bila sudah selesai.
pub struct HomeSensors<DhtPin, OneWirePin, Spi, Adc, Delay>
where
    OneWirePin: InputPin + OutputPin,
    Spi: SpiDevice,
{
    dht11: DhtPin,
    /// Pengukuran DHT11 terakhir dan waktunya (ms).
    last_climate: Option<(u64, Climate)>,
    one_wire: OneWire<OneWirePin>,
    reader: Mfrc522<SpiInterface<Spi, DummyDelay>, Initialized>,
    adc: Adc,
    delay: Delay,
}

impl<DhtPin, OneWirePin, Spi, Adc, Delay> HomeSensors<DhtPin, OneWirePin, Spi, Adc, Delay>
where
    OneWirePin: InputPin + OutputPin,
    Spi: SpiDevice,
{
    /// Memulai pembaca kartu. `None` bila MFRC522 tidak menjawab.
    pub fn new(
        dht11: DhtPin,
        one_wire: OneWirePin,
        spi: Spi,
        adc: Adc,
        delay: Delay,
    ) -> Option<Self> {
        let reader = Mfrc522::new(SpiInterface::new(spi)).init().ok()?;
        Some(HomeSensors {
            dht11,
            last_climate: None,
            one_wire: OneWire::new(one_wire, false),
            reader,
            adc,
            delay,
        })
    }
}
// ANCHOR_END: struct

impl<DhtPin, OneWirePin, Spi, Adc, Delay> Sensors
    for HomeSensors<DhtPin, OneWirePin, Spi, Adc, Delay>
where
    DhtPin: InputPin + OutputPin,
    OneWirePin: InputPin + OutputPin,
    OneWirePin::Error: core::fmt::Debug,
    Spi: SpiDevice,
    Adc: AnalogInput,
    Delay: DelayNs,
{
    // ANCHOR: read_climate
    fn read_climate(&mut self, now_ms: u64) -> Result<Climate, SensorError> {
        // TODO(langkah 2): DHT11 dengan `dht-sensor`.
        // - Bila `self.last_climate` berisi pengukuran yang umurnya kurang dari
        //   DHT11_MIN_INTERVAL_MS, kembalikan pengukuran itu tanpa bertanya ke
        //   sensor (DHT11 tidak menjawab bila ditanya lebih cepat).
        // - `dht_sensor::dht11::blocking::read(&mut self.delay, &mut self.dht11)`
        //   memberi `temperature` (i8) dan `relative_humidity` (u8). Kesalahannya
        //   menjadi `SensorError::Dht11` (`.map_err(|_| ...)?`).
        // - Simpan `(now_ms, climate)` di `self.last_climate`.
        let _ = now_ms;
        todo!("Langkah 2: read_climate")
    }
    // ANCHOR_END: read_climate

    // ANCHOR: read_temperature
    fn read_temperature(&mut self) -> Result<Decimal, SensorError> {
        // TODO(langkah 3): DS18B20 dengan `onewire`.
        // 1. Cari sensornya: `let mut search = DeviceSearch::new();` lalu
        //    `self.one_wire.search_next(&mut search, &mut self.delay)` memberi
        //    `Result<Option<Device>, _>`; tidak ada perangkat: `SensorError::Ds18b20`.
        // 2. `DS18B20::new(device)`, lalu `sensor.measure_temperature(...)` memulai konversi.
        // 3. Tunggu DS18B20_CONVERSION_MS dengan `self.delay.delay_ms(...)`.
        // 4. `sensor.read_temperature(...)` memberi u16 dalam 1/16 °C (komplemen dua):
        //    `Decimal::from_sixteenths(raw as i16)`.
        todo!("Langkah 3: read_temperature")
    }
    // ANCHOR_END: read_temperature

    // ANCHOR: read_light
    fn read_light(&mut self) -> u16 {
        // TODO(langkah 4): satu pembacaan ADC dari `self.adc` (trait
        // `AnalogInput`), paling besar 1023.
        todo!("Langkah 4: read_light")
    }
    // ANCHOR_END: read_light

    // ANCHOR: poll_card
    fn poll_card(&mut self) -> Option<Uid> {
        // TODO(langkah 5): kartu dengan `mfrc522`.
        // - `self.reader.reqa()` (ada kartu?), lalu `self.reader.select(&atqa)`
        //   memberi UID-nya. Galat berarti tidak ada kartu: `None` (`.ok()?`).
        // - Lalu `self.reader.hlta()`: kartu yang masih ditempelkan diam sampai
        //   diangkat, jadi satu tempelan adalah satu peristiwa.
        // - `Uid::from_slice(uid.as_bytes()).ok()`.
        todo!("Langkah 5: poll_card")
    }
    // ANCHOR_END: poll_card
}
