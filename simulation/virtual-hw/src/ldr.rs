//! A light-dependent resistor (LDR) in a voltage divider on A0.
//!
//! The wiring (see `pinmap`): the LDR from 3.3 V to A0, a fixed 10 kΩ from
//! A0 to ground. More light, less resistance, higher voltage on A0. The
//! NodeMCU board scales A0 (0–3.3 V) down to the ESP8266's ADC range
//! (0–1.0 V) with its own 220 kΩ/100 kΩ divider, and the 10-bit ADC reads
//! 0–1023.
//!
//! The LDR follows the usual model for a CdS cell such as the GL5528:
//! R = R10 · (lux / 10)^(−γ), with R10 = 20 kΩ at 10 lux and γ = 0.7, and at
//! most 1 MΩ in the dark.
//!
//! What is not modelled: the ADC's own non-linearity and noise (the reading
//! is exact), the LDR's slow response to a change of light (tens of ms), and
//! temperature effects. On a real board without Espressif's libraries the
//! A0 range is also compressed; the firmware chapter calibrates for that.

use std::cell::Cell;
use std::rc::Rc;

const R10_OHMS: f64 = 20_000.0;
const GAMMA: f64 = 0.7;
const DARK_OHMS: f64 = 1_000_000.0;

/// The ADC input as the microcontroller sees it.
pub struct VirtualLdr {
    lux: Rc<Cell<f64>>,
}

/// The test's or scenario's handle: the light level.
#[derive(Clone)]
pub struct LightEnvironment {
    lux: Rc<Cell<f64>>,
}

impl VirtualLdr {
    /// An LDR in a room with 300 lux (an office) until told otherwise.
    pub fn new() -> (VirtualLdr, LightEnvironment) {
        let lux = Rc::new(Cell::new(300.0));
        (VirtualLdr { lux: Rc::clone(&lux) }, LightEnvironment { lux })
    }

    /// One ADC conversion: 0 (dark) ..= 1023 (3.3 V on A0).
    pub fn read_counts(&mut self) -> u16 {
        counts_for_lux(self.lux.get())
    }
}

impl LightEnvironment {
    pub fn set_lux(&self, lux: f64) {
        self.lux.set(lux.max(0.0));
    }
}

/// The LDR's resistance at a light level.
pub fn ldr_ohms(lux: f64) -> f64 {
    if lux <= 0.0 {
        return DARK_OHMS;
    }
    (R10_OHMS * (lux / 10.0).powf(-GAMMA)).min(DARK_OHMS)
}

/// The ADC reading at a light level.
pub fn counts_for_lux(lux: f64) -> u16 {
    let fixed = f64::from(pinmap::LDR_DIVIDER_OHMS);
    let share = fixed / (fixed + ldr_ohms(lux));
    (share * 1023.0).round().clamp(0.0, 1023.0) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_light_reads_higher() {
        let levels = [0.0, 1.0, 10.0, 100.0, 1_000.0, 10_000.0, 100_000.0];
        let readings: Vec<u16> = levels.iter().map(|&lux| counts_for_lux(lux)).collect();
        assert!(readings.windows(2).all(|w| w[0] < w[1]), "{readings:?}");
    }

    #[test]
    fn known_points_of_the_divider() {
        // Dark: 10k / (10k + 1M) of 1023.
        assert_eq!(counts_for_lux(0.0), 10);
        // 10 lux: 10k / (10k + 20k) of 1023.
        assert_eq!(counts_for_lux(10.0), 341);
        // Full daylight stays below the top of the range.
        assert!(counts_for_lux(100_000.0) < 1023);
    }

    #[test]
    fn the_handle_changes_what_the_pin_reads() {
        let (mut ldr, light) = VirtualLdr::new();
        light.set_lux(0.0);
        assert_eq!(ldr.read_counts(), 10);
        light.set_lux(10.0);
        assert_eq!(ldr.read_counts(), 341);
    }
}
