//! The door LED: the NodeMCU's on-board LED on D4 (GPIO2), active low.
//!
//! The virtual LED remembers when it was switched, so a test can check
//! that a node lit it for two seconds after `BUKA`.

use crate::clock::VirtualClock;
use std::cell::RefCell;
use std::convert::Infallible;
use std::rc::Rc;

/// The LED pin as the microcontroller sees it (`OutputPin`).
pub struct VirtualLed {
    clock: VirtualClock,
    log: Rc<RefCell<Vec<(u64, bool)>>>,
}

/// The test's handle: when was the LED lit?
#[derive(Clone)]
pub struct LedObserver {
    clock: VirtualClock,
    log: Rc<RefCell<Vec<(u64, bool)>>>,
}

impl VirtualLed {
    pub fn new(clock: &VirtualClock) -> (VirtualLed, LedObserver) {
        let log = Rc::new(RefCell::new(Vec::new()));
        (
            VirtualLed { clock: clock.clone(), log: Rc::clone(&log) },
            LedObserver { clock: clock.clone(), log },
        )
    }

    fn switch(&mut self, lit: bool) {
        let mut log = self.log.borrow_mut();
        if log.last().map(|&(_, was)| was) != Some(lit) {
            log.push((self.clock.now_ms(), lit));
        }
    }
}

impl LedObserver {
    pub fn is_lit(&self) -> bool {
        self.log.borrow().last().is_some_and(|&(_, lit)| lit)
    }

    /// Every time the LED was lit: `(from ms, until ms)`; a period still
    /// going on ends now.
    pub fn lit_periods(&self) -> Vec<(u64, u64)> {
        let log = self.log.borrow();
        let mut periods = Vec::new();
        let mut since = None;
        for &(at, lit) in log.iter() {
            match (lit, since) {
                (true, None) => since = Some(at),
                (false, Some(from)) => {
                    periods.push((from, at));
                    since = None;
                }
                _ => {}
            }
        }
        if let Some(from) = since {
            periods.push((from, self.clock.now_ms()));
        }
        periods
    }
}

impl embedded_hal::digital::ErrorType for VirtualLed {
    type Error = Infallible;
}

/// Active low: the pin low lights the LED.
impl embedded_hal::digital::OutputPin for VirtualLed {
    fn set_low(&mut self) -> Result<(), Infallible> {
        self.switch(true);
        Ok(())
    }

    fn set_high(&mut self) -> Result<(), Infallible> {
        self.switch(false);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use embedded_hal::delay::DelayNs;
    use embedded_hal::digital::OutputPin;

    #[test]
    fn lit_periods_are_measured_on_the_virtual_clock() {
        let clock = VirtualClock::new();
        let (mut led, observer) = VirtualLed::new(&clock);
        let mut delay = clock.delay();
        led.set_high().unwrap();
        delay.delay_ms(100);
        led.set_low().unwrap(); // active low: on
        assert!(observer.is_lit());
        delay.delay_ms(pinmap::DOOR_LED_MS);
        led.set_high().unwrap();
        assert_eq!(observer.lit_periods(), [(100, 2100)]);
    }
}
