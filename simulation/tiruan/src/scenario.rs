//! The scenario as the sensors see it, from the tables `build.rs` made.

use core::cell::Cell;
use rumah_pintar::node::{SensorBoard, SensorError};
use rumah_pintar::protocol::Uid;

/// What the sensors read during one second of the scenario.
pub struct Sample {
    /// DHT11: (°C, % humidity), `None` while it is faulty.
    pub climate: Option<(u8, u8)>,
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

/// The smart home's sensors, reader and LED, following the scenario on the
/// shared virtual clock.
pub struct ScenarioBoard<'a> {
    now: &'a Cell<u64>,
    /// Cards already reported: one tap is one event.
    cards_seen: usize,
    led_lit: bool,
    /// The LED changes since the last look, for the transcript.
    pub led_changed: Option<bool>,
}

impl<'a> ScenarioBoard<'a> {
    pub fn new(now: &'a Cell<u64>) -> Self {
        ScenarioBoard { now, cards_seen: 0, led_lit: false, led_changed: None }
    }

    fn sample(&self) -> &'static Sample {
        let second = (self.now.get() / 1000) as usize;
        &SAMPLES[second.min(SAMPLES.len() - 1)]
    }
}

impl SensorBoard for ScenarioBoard<'_> {
    fn read_climate(&mut self) -> Result<(u8, u8), SensorError> {
        self.sample().climate.ok_or(SensorError::Dht11)
    }

    fn read_temperature(&mut self) -> Result<i16, SensorError> {
        self.sample().temperature.ok_or(SensorError::Ds18b20)
    }

    fn read_light(&mut self) -> u16 {
        self.sample().light
    }

    fn new_card(&mut self) -> Option<Uid> {
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

    fn set_led(&mut self, lit: bool) {
        if lit != self.led_lit {
            self.led_lit = lit;
            self.led_changed = Some(lit);
        }
    }
}
