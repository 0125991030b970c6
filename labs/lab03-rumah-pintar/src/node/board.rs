//! The smart home's hardware as the node sees it, and its implementation
//! with the real driver crates (the same on the ESP8266 and with the
//! virtual hardware on the PC).

use crate::protocol::Uid;
use core::fmt;
use embedded_hal::delay::DelayNs;
use embedded_hal::digital::{InputPin, OutputPin};
use embedded_hal::spi::SpiDevice;
use mfrc522::comm::blocking::spi::{DummyDelay, SpiInterface};
use mfrc522::{Initialized, Mfrc522};
use onewire::{DeviceSearch, OneWire, ds18b20::DS18B20};

/// Everything the node reads and drives.
pub trait SensorBoard {
    /// DHT11: temperature (°C) and relative humidity (%).
    fn read_climate(&mut self) -> Result<(u8, u8), SensorError>;
    /// DS18B20: temperature in 1/16 °C (waits for the conversion).
    fn read_temperature(&mut self) -> Result<i16, SensorError>;
    /// The LDR on A0: 0..=1023.
    fn read_light(&mut self) -> u16;
    /// A card newly held to the reader: its UID, once per tap.
    fn new_card(&mut self) -> Option<Uid>;
    /// The door LED.
    fn set_led(&mut self, lit: bool);
}

/// A sensor that could not be read this time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SensorError {
    Dht11,
    Ds18b20,
}

impl fmt::Display for SensorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SensorError::Dht11 => "DHT11 tidak terbaca",
            SensorError::Ds18b20 => "DS18B20 tidak terbaca",
        })
    }
}

/// The ADC on A0 (embedded-hal 1.0 has no ADC trait).
pub trait AnalogInput {
    fn read_counts(&mut self) -> u16;
}

/// The board with the real drivers: `dht-sensor`, `onewire` and `mfrc522`.
pub struct DriverBoard<DhtPin, OneWirePin, Spi, Adc, Led, Delay>
where
    OneWirePin: InputPin + OutputPin,
    Spi: SpiDevice,
{
    pub dht11: DhtPin,
    pub one_wire: OneWire<OneWirePin>,
    pub reader: Mfrc522<SpiInterface<Spi, DummyDelay>, Initialized>,
    pub light: Adc,
    pub led: Led,
    pub delay: Delay,
}

impl<DhtPin, OneWirePin, Spi, Adc, Led, Delay> DriverBoard<DhtPin, OneWirePin, Spi, Adc, Led, Delay>
where
    OneWirePin: InputPin + OutputPin,
    Spi: SpiDevice,
    Led: OutputPin,
{
    /// Starts the card reader and switches the LED off. `None` when the
    /// reader does not answer.
    pub fn new(
        dht11: DhtPin,
        one_wire: OneWirePin,
        spi: Spi,
        light: Adc,
        mut led: Led,
        delay: Delay,
    ) -> Option<Self> {
        let reader = Mfrc522::new(SpiInterface::new(spi)).init().ok()?;
        let _ = led.set_high(); // active low: high is off
        Some(DriverBoard {
            dht11,
            one_wire: OneWire::new(one_wire, false),
            reader,
            light,
            led,
            delay,
        })
    }
}

impl<DhtPin, OneWirePin, Spi, Adc, Led, Delay> SensorBoard
    for DriverBoard<DhtPin, OneWirePin, Spi, Adc, Led, Delay>
where
    DhtPin: InputPin + OutputPin,
    OneWirePin: InputPin + OutputPin,
    OneWirePin::Error: fmt::Debug,
    Spi: SpiDevice,
    Adc: AnalogInput,
    Led: OutputPin,
    Delay: DelayNs,
{
    fn read_climate(&mut self) -> Result<(u8, u8), SensorError> {
        let reading = dht_sensor::dht11::blocking::read(&mut self.delay, &mut self.dht11)
            .map_err(|_| SensorError::Dht11)?;
        Ok((reading.temperature.max(0) as u8, reading.relative_humidity))
    }

    fn read_temperature(&mut self) -> Result<i16, SensorError> {
        let mut search = DeviceSearch::new();
        let device = self
            .one_wire
            .search_next(&mut search, &mut self.delay)
            .ok()
            .flatten()
            .ok_or(SensorError::Ds18b20)?;
        let sensor = DS18B20::new(device).map_err(|_| SensorError::Ds18b20)?;
        let resolution = sensor
            .measure_temperature(&mut self.one_wire, &mut self.delay)
            .map_err(|_| SensorError::Ds18b20)?;
        self.delay.delay_ms(u32::from(resolution.time_ms()));
        let raw = sensor
            .read_temperature(&mut self.one_wire, &mut self.delay)
            .map_err(|_| SensorError::Ds18b20)?;
        Ok(raw as i16)
    }

    fn read_light(&mut self) -> u16 {
        self.light.read_counts().min(1023)
    }

    fn new_card(&mut self) -> Option<Uid> {
        let atqa = self.reader.reqa().ok()?;
        let uid = self.reader.select(&atqa).ok()?;
        // HALT: a card held to the reader stays quiet until it is taken away,
        // so one tap is one event.
        let _ = self.reader.hlta();
        Uid::from_slice(uid.as_bytes()).ok()
    }

    fn set_led(&mut self, lit: bool) {
        // Active low.
        let _ = if lit { self.led.set_low() } else { self.led.set_high() };
    }
}
