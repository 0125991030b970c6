//! The scenario as the sensors see it, from the tables `build.rs` made.

use core::cell::Cell;
use rumah_pintar::node::{Climate, SensorError, Sensors};
use rumah_pintar::protocol::{Decimal, Uid};

/// What the sensors read during one second of the scenario.
pub struct Sample {
    /// DHT11: (°C, % humidity), `None` while it is faulty.
    pub climate: Option<(i8, u8)>,
    /// DS18B20: sixteenths of a degree, `None` while it is faulty.
    pub temperature: Option<i16>,
    /// The LDR on A0: 0..=1023.
    pub light: u16,
}

/// A card held to the reader from `from_ms` until `until_ms`.
pub struct Card {
    pub from_ms: u64,
    pub until_ms: u64,
    pub uid: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/skenario.rs"));

/// The DHT11 measures at most once per this many ms (see [`Sensors`]).
const DHT11_MIN_INTERVAL_MS: u64 = 1_000;

/// The smart home's sensors and card reader, following the scenario on the
/// shared virtual clock: the node's [`Sensors`] without drivers. (The door
/// LED is the node's: the run loop watches `Node::led_lit`.)
pub struct ScenarioBoard<'a> {
    now: &'a Cell<u64>,
    /// The last DHT11 measurement and when it was made (ms).
    last_climate: Option<(u64, Climate)>,
    /// Cards already reported: one tap is one event.
    cards_seen: usize,
}

impl<'a> ScenarioBoard<'a> {
    pub fn new(now: &'a Cell<u64>) -> Self {
        ScenarioBoard { now, last_climate: None, cards_seen: 0 }
    }

    fn sample(&self) -> &'static Sample {
        let second = (self.now.get() / 1000) as usize;
        &SAMPLES[second.min(SAMPLES.len() - 1)]
    }
}

impl Sensors for ScenarioBoard<'_> {
    fn read_climate(&mut self, now_ms: u64) -> Result<Climate, SensorError> {
        // Asked again too soon, a DHT11 gives its last measurement.
        if let Some((at, climate)) = self.last_climate
            && now_ms.saturating_sub(at) < DHT11_MIN_INTERVAL_MS
        {
            return Ok(climate);
        }
        let (temperature_c, humidity_percent) = self.sample().climate.ok_or(SensorError::Dht11)?;
        let climate = Climate { temperature_c, humidity_percent };
        self.last_climate = Some((now_ms, climate));
        Ok(climate)
    }

    fn read_temperature(&mut self) -> Result<Decimal, SensorError> {
        self.sample().temperature.map(Decimal::from_sixteenths).ok_or(SensorError::Ds18b20)
    }

    fn read_light(&mut self) -> u16 {
        self.sample().light
    }

    fn poll_card(&mut self) -> Option<Uid> {
        let now = self.now.get();
        let card = CARDS.get(self.cards_seen)?;
        if (card.from_ms..card.until_ms).contains(&now) {
            self.cards_seen += 1;
            return Uid::from_slice(card.uid).ok();
        }
        if now >= card.until_ms {
            // The node did not look while the card was there: it is gone.
            self.cards_seen += 1;
        }
        None
    }
}
