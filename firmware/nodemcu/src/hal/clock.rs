//! The CPU clock (80 MHz), microsecond delays and a millisecond clock, all
//! from the CPU's cycle counter.

use super::pure::{self, MsClock};
use super::rom;
use embedded_hal::delay::DelayNs;

/// The CPU clock after [`init_80mhz`], in MHz: one cycle is 12.5 ns.
pub const CPU_MHZ: u32 = 80;
/// The peripherals' clock (APB) after [`init_80mhz`], which the UART's and
/// HSPI's dividers divide (80 MHz even if the CPU ran at 160).
pub const APB_HZ: u32 = 80_000_000;
/// Cycles in one millisecond.
pub const CYCLES_PER_MS: u32 = CPU_MHZ * 1000;

// ANCHOR: clock_80mhz
/// Switches the CPU (and the peripherals' clock) from 52 MHz to 80 MHz.
///
/// The boot ROM programs the PLL for a 40 MHz crystal. The ESP-12E on a
/// NodeMCU has a 26 MHz crystal, so everything runs at 26/40 of the
/// intended speed: the CPU at 52 MHz and UART0 at 74880 instead of 115200
/// baud (that is why the ROM's boot message is only readable at 74880).
/// Two writes to the PLL over the chip's internal I2C bus (block 103, as the
/// SDK and esp-open-rtos do it) make it 80 MHz; then the ROM is told.
///
/// Wait for UART0 to finish sending before calling this: a byte on the line
/// while the clock changes arrives garbled.
pub fn init_80mhz() {
    // SAFETY: ROM functions, at fixed addresses in every ESP8266, called
    // with the SDK's values; they touch only the PLL and a ROM variable.
    unsafe {
        rom::rom_i2c_write_reg(103, 4, 1, 0x88);
        rom::rom_i2c_write_reg(103, 4, 2, 0x91);
        rom::ets_update_cpu_frequency(CPU_MHZ);
    }
}
// ANCHOR_END: clock_80mhz

/// The CPU cycle counter now (wraps every 2^32 cycles, 53.7 s at 80 MHz).
#[inline(always)]
pub fn cycles() -> u32 {
    // SAFETY: a ROM function that reads a CPU register; no side effects.
    unsafe { rom::xthal_get_ccount() }
}

// ANCHOR: delay_cycles
/// Busy-waits at least `n` CPU cycles (at most 2^32 - 1).
///
/// `wrapping_sub` gives the cycles since `start` even when the counter
/// wrapped around in between.
#[inline(always)]
pub fn wait_cycles(n: u32) {
    let start = cycles();
    while cycles().wrapping_sub(start) < n {}
}
// ANCHOR_END: delay_cycles

/// embedded-hal's delay from the cycle counter: the DHT11 and 1-Wire drivers
/// time their pulses with `delay_us`, so it must be accurate to about a
/// microsecond. It is (80 cycles per µs; a call costs a few dozen cycles),
/// with nothing interrupting: the firmware enables no interrupts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Delay;

impl DelayNs for Delay {
    #[inline]
    fn delay_ns(&mut self, ns: u32) {
        wait_cycles(pure::ns_to_cycles(ns, CPU_MHZ));
    }

    /// Only a multiplication (the lx106 has no divide instruction: a
    /// division would be a library call, a microsecond of its own).
    #[inline]
    fn delay_us(&mut self, mut us: u32) {
        // At most 50 s per wait, well within the counter's 53.7 s.
        const CHUNK_US: u32 = 50_000_000;
        while us > CHUNK_US {
            wait_cycles(CHUNK_US * CPU_MHZ);
            us -= CHUNK_US;
        }
        wait_cycles(us * CPU_MHZ);
    }

    fn delay_ms(&mut self, ms: u32) {
        for _ in 0..ms {
            wait_cycles(CYCLES_PER_MS);
        }
    }
}

// ANCHOR: millis
/// Milliseconds since [`Millis::start`], as a `u64` that never wraps.
///
/// The cycle counter is 32 bits and wraps every 53.7 s; [`MsClock`] adds up
/// the cycles between two calls. So `now_ms` must be called at least once
/// per 53 s, which the main loop does many times a second.
pub struct Millis {
    clock: MsClock,
}

impl Millis {
    pub fn start() -> Millis {
        Millis { clock: MsClock::new(cycles(), CYCLES_PER_MS) }
    }

    pub fn now_ms(&mut self) -> u64 {
        self.clock.advance(cycles())
    }
}
// ANCHOR_END: millis
