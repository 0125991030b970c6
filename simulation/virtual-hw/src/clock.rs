//! One virtual clock for all virtual devices.
//!
//! Time advances only through the delays a driver asks for, never through
//! wall-clock sleeps: a reading that takes 20 ms on a real DHT11 takes
//! microseconds here, and every run is exactly the same.

use std::cell::Cell;
use std::rc::Rc;

/// Nanoseconds since the scenario started, shared by every device.
#[derive(Clone, Default)]
pub struct VirtualClock {
    now_ns: Rc<Cell<u64>>,
}

impl VirtualClock {
    pub fn new() -> VirtualClock {
        VirtualClock::default()
    }

    pub fn now_ns(&self) -> u64 {
        self.now_ns.get()
    }

    pub fn now_us(&self) -> u64 {
        self.now_ns.get() / 1_000
    }

    pub fn now_ms(&self) -> u64 {
        self.now_ns.get() / 1_000_000
    }

    /// Moves time forward (time never goes back).
    pub fn advance_ns(&self, ns: u64) {
        self.now_ns.set(self.now_ns.get() + ns);
    }

    /// A delay (embedded-hal `DelayNs`) that moves this clock.
    pub fn delay(&self) -> VirtualDelay {
        VirtualDelay { clock: self.clone() }
    }
}

// ANCHOR: delay
/// `DelayNs` on the virtual clock: waiting is instant, and moves time.
#[derive(Clone)]
pub struct VirtualDelay {
    clock: VirtualClock,
}

impl embedded_hal::delay::DelayNs for VirtualDelay {
    fn delay_ns(&mut self, ns: u32) {
        self.clock.advance_ns(u64::from(ns));
    }
}
// ANCHOR_END: delay

#[cfg(test)]
mod tests {
    use super::*;
    use embedded_hal::delay::DelayNs;

    #[test]
    fn delays_move_the_shared_clock() {
        let clock = VirtualClock::new();
        let mut delay = clock.delay();
        delay.delay_ms(18);
        delay.delay_us(48);
        assert_eq!(clock.now_us(), 18_048);
        assert_eq!(clock.clone().now_ns(), 18_048_000, "clones share the time");
    }
}
