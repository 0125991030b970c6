//! What the node reads: the [`Sensors`] trait the student implements with
//! the driver crates (langkah 2-5), and the values it gives.

use crate::protocol::{Decimal, Uid};
use core::fmt;

// ANCHOR: sensors
/// The smart home's sensors and card reader, as the node's schedule reads
/// them. Implemented by the student's `HomeSensors` (with `dht-sensor`,
/// `onewire` and `mfrc522`), and by fakes in tests.
pub trait Sensors {
    /// DHT11: temperature and humidity. The DHT11 measures at most once per
    /// second: a call less than 1000 ms after the last measurement gives
    /// that measurement again without asking the sensor.
    fn read_climate(&mut self, now_ms: u64) -> Result<Climate, SensorError>;
    /// DS18B20: the temperature, exactly (its 1/16 °C steps). Starts a
    /// conversion and waits the 750 ms it takes.
    fn read_temperature(&mut self) -> Result<Decimal, SensorError>;
    /// The LDR on A0: the ADC's reading, 0..=1023.
    fn read_light(&mut self) -> u16;
    /// A card held to the reader: its UID, once per tap (not again while
    /// the same card stays on the reader).
    fn poll_card(&mut self) -> Option<Uid>;
}
// ANCHOR_END: sensors

// ANCHOR: values
/// One DHT11 measurement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Climate {
    /// °C (the DHT11 measures 0..50).
    pub temperature_c: i8,
    /// Relative humidity, % (20..90 on the DHT11).
    pub humidity_percent: u8,
}

/// A sensor that could not be read this time.
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
/// The ADC on A0 (embedded-hal 1.0 has no ADC trait): the board's ADC on
/// the ESP8266, the virtual LDR on the PC.
pub trait AnalogInput {
    /// One conversion, 0..=1023.
    fn read_counts(&mut self) -> u16;
}
// ANCHOR_END: analog_input
