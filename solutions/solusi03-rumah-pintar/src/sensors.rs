//! Langkah 2-5: the sensors and the card reader, with the driver crates.

use embedded_hal::delay::DelayNs;
use embedded_hal::digital::{InputPin, OutputPin};
use embedded_hal::spi::SpiDevice;
use mfrc522::comm::blocking::spi::{DummyDelay, SpiInterface};
use mfrc522::{Initialized, Mfrc522};
use onewire::{DeviceSearch, OneWire, ds18b20::DS18B20};
use rumah_pintar::node::{AnalogInput, Climate, SensorError, Sensors};
use rumah_pintar::protocol::{Decimal, Uid};

/// The DHT11 measures at most once per this many ms.
pub const DHT11_MIN_INTERVAL_MS: u64 = 1_000;
/// A 12-bit DS18B20 conversion takes up to this long.
pub const DS18B20_CONVERSION_MS: u32 = 750;

// ANCHOR: struct
/// The smart home's sensors on their pins: the same code on the ESP8266
/// (the board's pins) and on the PC (the virtual devices).
pub struct HomeSensors<DhtPin, OneWirePin, Spi, Adc, Delay>
where
    OneWirePin: InputPin + OutputPin,
    Spi: SpiDevice,
{
    dht11: DhtPin,
    /// The last DHT11 measurement and when it was made (ms).
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
    /// Starts the card reader. `None` when the MFRC522 does not answer.
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
        // Asked again too soon, the DHT11 would not answer: give the last one.
        if let Some((at, climate)) = self.last_climate
            && now_ms.saturating_sub(at) < DHT11_MIN_INTERVAL_MS
        {
            return Ok(climate);
        }
        let reading = dht_sensor::dht11::blocking::read(&mut self.delay, &mut self.dht11)
            .map_err(|_| SensorError::Dht11)?;
        let climate = Climate {
            temperature_c: reading.temperature,
            humidity_percent: reading.relative_humidity,
        };
        self.last_climate = Some((now_ms, climate));
        Ok(climate)
    }
    // ANCHOR_END: read_climate

    // ANCHOR: read_temperature
    fn read_temperature(&mut self) -> Result<Decimal, SensorError> {
        let mut search = DeviceSearch::new();
        let device = self
            .one_wire
            .search_next(&mut search, &mut self.delay)
            .ok()
            .flatten()
            .ok_or(SensorError::Ds18b20)?;
        let sensor = DS18B20::new(device).map_err(|_| SensorError::Ds18b20)?;
        sensor
            .measure_temperature(&mut self.one_wire, &mut self.delay)
            .map_err(|_| SensorError::Ds18b20)?;
        // The conversion runs in the sensor; reading earlier gives the
        // previous value (85 °C right after power-on).
        self.delay.delay_ms(DS18B20_CONVERSION_MS);
        let raw = sensor
            .read_temperature(&mut self.one_wire, &mut self.delay)
            .map_err(|_| SensorError::Ds18b20)?;
        // Two's complement in 1/16 °C.
        Ok(Decimal::from_sixteenths(raw as i16))
    }
    // ANCHOR_END: read_temperature

    // ANCHOR: read_light
    fn read_light(&mut self) -> u16 {
        self.adc.read_counts().min(1023)
    }
    // ANCHOR_END: read_light

    // ANCHOR: poll_card
    fn poll_card(&mut self) -> Option<Uid> {
        let atqa = self.reader.reqa().ok()?;
        let uid = self.reader.select(&atqa).ok()?;
        // HALT: a card held to the reader stays quiet until it is taken
        // away, so one tap is one event.
        let _ = self.reader.hlta();
        Uid::from_slice(uid.as_bytes()).ok()
    }
    // ANCHOR_END: poll_card
}
