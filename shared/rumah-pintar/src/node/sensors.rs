//! What the node reads: the [`Sensors`] trait the student implements with
//! the driver crates (langkah 2-5), and the values it gives.

use crate::protocol::{Decimal, Uid};
use core::fmt;

// ANCHOR: sensors
/// Sensor dan pembaca kartu rumah pintar, seperti dibaca jadwal node.
/// Diimplementasikan oleh `HomeSensors` Anda (dengan `dht-sensor`, `onewire`
/// dan `mfrc522`), dan oleh tiruan di uji.
pub trait Sensors {
    /// DHT11: suhu dan kelembapan. DHT11 mengukur paling sering sekali per
    /// detik: panggilan kurang dari 1000 ms sesudah pengukuran terakhir
    /// memberi pengukuran itu lagi tanpa bertanya ke sensor.
    fn read_climate(&mut self, now_ms: u64) -> Result<Climate, SensorError>;
    /// DS18B20: suhunya, tepat (langkah 1/16 °C). Memulai konversi dan
    /// menunggu 750 ms yang dibutuhkannya.
    fn read_temperature(&mut self) -> Result<Decimal, SensorError>;
    /// LDR di A0: pembacaan ADC, 0..=1023.
    fn read_light(&mut self) -> u16;
    /// Kartu yang ditempelkan ke pembaca: UID-nya, sekali per tempelan (tidak
    /// lagi selama kartu yang sama masih menempel).
    fn poll_card(&mut self) -> Option<Uid>;
}
// ANCHOR_END: sensors

// ANCHOR: values
/// Satu pengukuran DHT11.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Climate {
    /// °C (DHT11 mengukur 0..50).
    pub temperature_c: i8,
    /// Kelembapan relatif, % (20..90 pada DHT11).
    pub humidity_percent: u8,
}

/// Sensor yang kali ini tidak terbaca.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SensorError {
    Dht11,
    Ds18b20,
}
// ANCHOR_END: values

impl fmt::Display for SensorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SensorError::Dht11 => "DHT11 tidak terbaca",
            SensorError::Ds18b20 => "DS18B20 tidak terbaca",
        })
    }
}

// ANCHOR: analog_input
/// ADC di A0 (embedded-hal 1.0 tidak punya trait ADC): ADC papan di
/// ESP8266, LDR virtual di PC.
pub trait AnalogInput {
    /// Satu konversi, 0..=1023.
    fn read_counts(&mut self) -> u16;
}
// ANCHOR_END: analog_input
