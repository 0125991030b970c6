//! A virtual DHT11 on one open-drain GPIO.
//!
//! What is modelled (DHT11 datasheet, Aosong/D-Robotics):
//! - The line is open drain with a pull-up: it is low when the host *or*
//!   the sensor pulls it low, high otherwise.
//! - The host starts a measurement by pulling the line low for at least
//!   18 ms, then releasing it. 30 µs later (20–40 µs in the datasheet) the
//!   sensor answers: low 80 µs, high 80 µs, then 40 data bits, each a 50 µs
//!   low followed by a high of 27 µs (a 0) or 70 µs (a 1), most significant
//!   bit first, then a final 50 µs low.
//! - The 40 bits are humidity (integer, decimal), temperature (integer,
//!   decimal) and a checksum: the low byte of the sum of the first four.
//! - The sensor answers at most once per second (the datasheet's minimum
//!   sampling period); an earlier start signal gets no answer.
//!
//! Faults can be injected: no response at all, a wrong checksum, or a line
//! stuck low (a short circuit or a broken pull-up).
//!
//! What is not modelled: the sensor's own measuring inaccuracy (±2 °C,
//! ±5 %RH), self-heating, and timing jitter: all pulse lengths are exact.

use crate::clock::VirtualClock;
use std::cell::RefCell;
use std::convert::Infallible;
use std::rc::Rc;

const US: u64 = 1_000;
const MS: u64 = 1_000_000;
/// The shortest start signal the sensor recognises.
const START_SIGNAL_NS: u64 = 18 * MS;
/// The shortest time between two measurements.
const SAMPLING_PERIOD_NS: u64 = 1_000 * MS;

/// Something wrong with the sensor or its wiring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dht11Fault {
    /// The sensor never answers (unplugged, no power).
    NoResponse,
    /// The data arrives, but its checksum is wrong (noise on a long cable).
    BadChecksum,
    /// The line never goes high (short circuit, no pull-up).
    StuckLow,
}

/// The environment the sensor measures, and its faults.
#[derive(Debug, Clone, Copy)]
struct Conditions {
    temperature_c: u8,
    humidity_percent: u8,
    fault: Option<Dht11Fault>,
}

#[derive(Debug)]
struct Line {
    conditions: Conditions,
    /// When the host started pulling low, while it does.
    host_low_since: Option<u64>,
    /// Intervals `[from, to)` in which the sensor pulls the line low.
    sensor_low: Vec<(u64, u64)>,
    last_measurement: Option<u64>,
}

/// The data pin as the microcontroller sees it: `InputPin + OutputPin`.
pub struct VirtualDht11 {
    clock: VirtualClock,
    line: Rc<RefCell<Line>>,
}

/// The test's or scenario's handle: sets what the sensor measures.
#[derive(Clone)]
pub struct Dht11Environment {
    line: Rc<RefCell<Line>>,
}

impl VirtualDht11 {
    /// A sensor on `clock`, measuring 25 °C and 60 %RH until told otherwise.
    pub fn new(clock: &VirtualClock) -> (VirtualDht11, Dht11Environment) {
        let line = Rc::new(RefCell::new(Line {
            conditions: Conditions { temperature_c: 25, humidity_percent: 60, fault: None },
            host_low_since: None,
            sensor_low: Vec::new(),
            last_measurement: None,
        }));
        let pin = VirtualDht11 { clock: clock.clone(), line: Rc::clone(&line) };
        (pin, Dht11Environment { line })
    }

    /// The host releases the line: if it was a start signal, schedule the answer.
    fn release(&mut self) {
        let now = self.clock.now_ns();
        let mut line = self.line.borrow_mut();
        let Some(since) = line.host_low_since.take() else { return };
        let too_soon = line.last_measurement.is_some_and(|last| now - last < SAMPLING_PERIOD_NS);
        if now - since < START_SIGNAL_NS || too_soon {
            return;
        }
        line.last_measurement = Some(now);
        let conditions = line.conditions;
        line.sensor_low = match conditions.fault {
            Some(Dht11Fault::NoResponse) => Vec::new(),
            _ => waveform(now, &frame(conditions)),
        };
    }

    fn level_is_high(&self) -> bool {
        let now = self.clock.now_ns();
        let line = self.line.borrow();
        let stuck = line.conditions.fault == Some(Dht11Fault::StuckLow);
        let pulled_low = line.sensor_low.iter().any(|&(from, to)| (from..to).contains(&now));
        !(stuck || line.host_low_since.is_some() || pulled_low)
    }
}

impl Dht11Environment {
    /// What the sensor measures from now on (clamped to the DHT11's
    /// ranges: 0–50 °C, 0–100 %RH).
    pub fn set(&self, temperature_c: u8, humidity_percent: u8) {
        let mut line = self.line.borrow_mut();
        line.conditions.temperature_c = temperature_c.min(50);
        line.conditions.humidity_percent = humidity_percent.min(100);
    }

    /// Injects a fault, or clears it with `None`.
    pub fn set_fault(&self, fault: Option<Dht11Fault>) {
        self.line.borrow_mut().conditions.fault = fault;
    }
}

/// The five bytes the sensor sends.
fn frame(conditions: Conditions) -> [u8; 5] {
    let data = [conditions.humidity_percent, 0, conditions.temperature_c, 0];
    let mut checksum = data.iter().fold(0u8, |sum, b| sum.wrapping_add(*b));
    if conditions.fault == Some(Dht11Fault::BadChecksum) {
        checksum = checksum.wrapping_add(1);
    }
    [data[0], data[1], data[2], data[3], checksum]
}

/// The intervals in which the sensor pulls low, for an answer to a start
/// signal released at `released`.
fn waveform(released: u64, bytes: &[u8; 5]) -> Vec<(u64, u64)> {
    let mut low = Vec::with_capacity(42);
    let mut t = released + 30 * US;
    low.push((t, t + 80 * US)); // response: low 80 µs...
    t += 160 * US; // ...then high 80 µs
    for byte in bytes {
        for bit in (0..8).rev() {
            low.push((t, t + 50 * US));
            t += 50 * US;
            t += if byte >> bit & 1 == 1 { 70 * US } else { 27 * US };
        }
    }
    low.push((t, t + 50 * US)); // end of frame
    low
}

impl embedded_hal::digital::ErrorType for VirtualDht11 {
    type Error = Infallible;
}

impl embedded_hal::digital::OutputPin for VirtualDht11 {
    fn set_low(&mut self) -> Result<(), Infallible> {
        let now = self.clock.now_ns();
        self.line.borrow_mut().host_low_since.get_or_insert(now);
        Ok(())
    }

    /// Open drain: "high" means letting go; the pull-up does the rest.
    fn set_high(&mut self) -> Result<(), Infallible> {
        self.release();
        Ok(())
    }
}

impl embedded_hal::digital::InputPin for VirtualDht11 {
    fn is_high(&mut self) -> Result<bool, Infallible> {
        Ok(self.level_is_high())
    }

    fn is_low(&mut self) -> Result<bool, Infallible> {
        Ok(!self.level_is_high())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frame_ends_with_the_checksum() {
        let conditions = Conditions { temperature_c: 27, humidity_percent: 55, fault: None };
        assert_eq!(frame(conditions), [55, 0, 27, 0, 82]);
    }

    #[test]
    fn a_frame_takes_as_long_as_the_datasheet_says() {
        let low = waveform(0, &[0xFF, 0, 0, 0, 0xFF]);
        assert_eq!(low.len(), 1 + 40 + 1);
        // 16 ones and 24 zeros: 190 + 40 * 50 + 16 * 70 + 24 * 27 µs to the last low.
        assert_eq!(low.last().unwrap().0, (190 + 40 * 50 + 16 * 70 + 24 * 27) * US);
    }
}
