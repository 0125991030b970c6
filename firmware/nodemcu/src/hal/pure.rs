//! The arithmetic of the HAL, without registers: divisors, clock
//! bookkeeping, the ADC's calibration, the log's `# ` prefix.
//!
//! Only `core`, nothing from the rest of the crate, so that a test on the
//! PC can take this file as it is (`#[path = ".../hal/pure.rs"] mod pure;`)
//! and run the tests at the bottom.

use core::fmt;

/// The UART's clock divisor for a baud rate, rounded to the nearest:
/// 80 MHz / 115200 baud = 694 (115274 baud, 0.06 % fast).
pub const fn uart_divisor(clock_hz: u32, baud: u32) -> u32 {
    (clock_hz + baud / 2) / baud
}

/// `SPI_CLOCK` = the system clock itself (for an SPI clock of 80 MHz).
pub const SPI_CLOCK_EQU_SYSCLK: u32 = 1 << 31;

/// The HSPI `CLOCK` register for at most `spi_hz`.
///
/// The register has a pre-divider (bits 18..30, minus one) and a count `N`
/// (bits 12..17, minus one) with the clock's high (`H`, bits 6..11) and low
/// (`L`, bits 0..5) parts: SPI clock = clock / (pre × N). With N = 2 (one
/// tick high, one low), only the pre-divider is left to pick, rounded up so
/// the SPI clock is never faster than asked: 80 MHz / (40 × 2) = 1 MHz.
pub const fn spi_clock_register(clock_hz: u32, spi_hz: u32) -> u32 {
    if spi_hz >= clock_hz {
        return SPI_CLOCK_EQU_SYSCLK;
    }
    let spi_hz = if spi_hz == 0 { 1 } else { spi_hz };
    let mut pre = clock_hz.div_ceil(2 * spi_hz);
    if pre > 8192 {
        pre = 8192;
    }
    let (n, high, low) = (2 - 1, 0, 2 - 1);
    ((pre - 1) << 18) | (n << 12) | (high << 6) | low
}

/// The SPI clock that a `CLOCK` register value gives.
pub const fn spi_clock_hz(clock_hz: u32, register: u32) -> u32 {
    if register & SPI_CLOCK_EQU_SYSCLK != 0 {
        return clock_hz;
    }
    let pre = ((register >> 18) & 0x1FFF) + 1;
    let n = ((register >> 12) & 0x3F) + 1;
    clock_hz / (pre * n)
}

/// CPU cycles for `ns` nanoseconds at `mhz`, rounded up (a delay may be
/// longer than asked, never shorter). No overflow for any `u32` of ns at
/// up to 160 MHz.
pub const fn ns_to_cycles(ns: u32, mhz: u32) -> u32 {
    (ns / 1000) * mhz + ((ns % 1000) * mhz).div_ceil(1000)
}

// ANCHOR: ms_clock
/// Milliseconds from a 32-bit cycle counter that wraps around.
///
/// Each call adds the cycles since the previous call (`wrapping_sub` is
/// right across a wrap) and keeps the remainder below one millisecond for
/// the next call, so no time is lost in rounding. Correct as long as calls
/// are less than one wrap apart (2^32 cycles: 53.7 s at 80 MHz).
#[derive(Debug, Clone)]
pub struct MsClock {
    last: u32,
    ms: u64,
    rest: u32,
    cycles_per_ms: u32,
}

impl MsClock {
    /// A clock at 0 ms, with the counter at `now`.
    pub const fn new(now: u32, cycles_per_ms: u32) -> MsClock {
        MsClock { last: now, ms: 0, rest: 0, cycles_per_ms }
    }

    /// The milliseconds since [`MsClock::new`], with the counter at `now`.
    pub fn advance(&mut self, now: u32) -> u64 {
        let elapsed = now.wrapping_sub(self.last);
        self.last = now;
        // Whole milliseconds and the remainder, without overflowing a u32.
        let rest = elapsed % self.cycles_per_ms + self.rest;
        self.ms += u64::from(elapsed / self.cycles_per_ms + rest / self.cycles_per_ms);
        self.rest = rest % self.cycles_per_ms;
        self.ms
    }
}
// ANCHOR_END: ms_clock

/// The value of an IO_MUX register: pin function `f` (0..=4), split over
/// bits 4..5 and 8, and the internal pull-up (bit 7).
pub const fn io_mux_value(function: u8, pull_up: bool) -> u32 {
    let f = function as u32;
    ((f & 3) << 4) | ((f & 4) << 6) | if pull_up { 1 << 7 } else { 0 }
}

/// The IO_MUX function that makes a pin a plain GPIO: 0 on GPIO0, 2, 4
/// and 5, 3 on the others (GPIO1, 3 and 12..15).
pub const fn gpio_function(gpio: u8) -> u8 {
    match gpio {
        0 | 2 | 4 | 5 => 0,
        _ => 3,
    }
}

/// The 11-bit ADC value in a SAR result register (stored inverted).
pub const fn sar_raw(register: u32) -> u16 {
    (!register & 0x7FF) as u16
}

// ANCHOR: adc_calibration
/// Maps the ADC's raw values to 0..=1023 with two measured points.
///
/// The chip's ADC input takes 0..1 V; the NodeMCU's 220 kΩ/100 kΩ divider
/// turns A0's 0..3.3 V into that. With the SDK, `analogRead` gives
/// 0..1023 for it. Without the SDK's radio calibration (closed source), the
/// raw values only span a narrow, chip-dependent range (reported: about
/// 402 at 0 V to 472 at 3.3 V on A0), so it is measured on each board and
/// stretched linearly: `raw_at_0v` → 0, `raw_at_full_scale` → 1023.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdcCalibration {
    /// Raw value with A0 connected to GND.
    pub raw_at_0v: u16,
    /// Raw value with A0 connected to 3V3 (1 V at the chip's pin).
    pub raw_at_full_scale: u16,
}

impl AdcCalibration {
    /// 0..=1023; values outside the two points are clamped.
    pub const fn counts(self, raw: u16) -> u16 {
        if self.raw_at_full_scale <= self.raw_at_0v {
            return 0; // not calibrated: better a constant than nonsense
        }
        let span = (self.raw_at_full_scale - self.raw_at_0v) as u32;
        let above = raw.saturating_sub(self.raw_at_0v) as u32;
        let above = if above > span { span } else { above };
        ((above * 1023 + span / 2) / span) as u16
    }
}
// ANCHOR_END: adc_calibration

/// The chip id from the two eFuse words, as the SDK's
/// `system_get_chip_id` reads it; its low 24 bits are Arduino's
/// `ESP.getChipId()` (usually the last three bytes of the MAC address).
pub const fn chip_id(efuse_data0: u32, efuse_data1: u32) -> u32 {
    (efuse_data0 & 0xFF00_0000) | (efuse_data1 & 0x00FF_FFFF)
}

/// Mixes two 32-bit values into one with every input bit affecting every
/// output bit (MurmurHash3's finaliser): for a session id from a random
/// register and a cycle count.
pub const fn mix32(a: u32, b: u32) -> u32 {
    let mut h = a ^ b.rotate_left(16);
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

/// Whether a value read from the MFRC522's `VersionReg` (0x37) means a
/// reader answered: with none, MISO stays at its pull-up (0xFF) or low (0x00).
/// (0x91 and 0x92 are NXP's versions 1 and 2; clones answer other values.)
pub const fn mfrc522_answers(version: u8) -> bool {
    version != 0x00 && version != 0xFF
}

// ANCHOR: log_prefix
/// A `fmt::Write` that starts every line with a prefix.
///
/// The node's log and its protocol lines share one serial line to the
/// bridge on the PC. The bridge forwards lines that start with `HALO`,
/// `DATA` or `RFID` to the server; with `# ` in front, no log line (say, a
/// rejected `HALO ...` quoted in a message) can ever be taken for one.
pub struct LinePrefix<W> {
    inner: W,
    prefix: &'static str,
    at_line_start: bool,
}

impl<W> LinePrefix<W> {
    pub const fn new(inner: W, prefix: &'static str) -> LinePrefix<W> {
        LinePrefix { inner, prefix, at_line_start: true }
    }
}

impl<W: fmt::Write> fmt::Write for LinePrefix<W> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        // "a\nb" is written as "a\n" and "b": a prefix before each piece
        // that begins a line.
        for piece in text.split_inclusive('\n') {
            if self.at_line_start {
                self.inner.write_str(self.prefix)?;
            }
            self.inner.write_str(piece)?;
            self.at_line_start = piece.ends_with('\n');
        }
        Ok(())
    }
}
// ANCHOR_END: log_prefix

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use core::fmt::Write;
    use std::string::String;

    #[test]
    fn the_uart_divisor_for_115200_baud_at_80_mhz_is_694() {
        assert_eq!(uart_divisor(80_000_000, 115_200), 694);
        // The ROM's 74880 baud: the same divisor at 52 MHz.
        assert_eq!(52_000_000 / 694, 74_927);
    }

    #[test]
    fn the_spi_clock_is_never_faster_than_asked() {
        let register = spi_clock_register(80_000_000, 1_000_000);
        assert_eq!(spi_clock_hz(80_000_000, register), 1_000_000);
        assert_eq!(register, (39 << 18) | (1 << 12) | 1);
        for hz in [400_000, 3_000_000, 7_000_000, 10_000_000, 13_000_000] {
            let actual = spi_clock_hz(80_000_000, spi_clock_register(80_000_000, hz));
            assert!(actual <= hz && actual * 2 > hz, "{hz} Hz -> {actual} Hz");
        }
        assert_eq!(spi_clock_register(80_000_000, 80_000_000), SPI_CLOCK_EQU_SYSCLK);
        // The slowest: 80 MHz / (8192 x 2).
        assert_eq!(spi_clock_hz(80_000_000, spi_clock_register(80_000_000, 1)), 4882);
    }

    #[test]
    fn nanoseconds_become_cycles_rounded_up() {
        assert_eq!(ns_to_cycles(1000, 80), 80);
        assert_eq!(ns_to_cycles(1, 80), 1);
        assert_eq!(ns_to_cycles(12, 80), 1);
        assert_eq!(ns_to_cycles(13, 80), 2);
        assert_eq!(ns_to_cycles(0, 80), 0);
        assert_eq!(ns_to_cycles(u32::MAX, 80), 343_597_384);
        assert_eq!(ns_to_cycles(u32::MAX, 160), 687_194_768);
    }

    #[test]
    fn the_ms_clock_counts_across_the_counter_wrap() {
        let per_ms = 80_000;
        // 40_000 cycles before the wrap.
        let mut clock = MsClock::new(u32::MAX - 39_999, per_ms);
        assert_eq!(clock.advance(u32::MAX - 39_999), 0);
        assert_eq!(clock.advance(40_000), 1);
        // 79_999 cycles are not a millisecond yet, but they are kept...
        assert_eq!(clock.advance(40_000 + 79_999), 1);
        // ...so one more cycle makes it.
        assert_eq!(clock.advance(40_000 + 80_000), 2);
        // A whole wrap period less one cycle at once.
        let mut clock = MsClock::new(7, per_ms);
        assert_eq!(clock.advance(6), u64::from(u32::MAX / per_ms));
    }

    #[test]
    fn the_ms_clock_loses_nothing_over_many_small_steps() {
        let mut clock = MsClock::new(0, 80_000);
        let (mut now, mut ms) = (0u32, 0);
        // Two minutes (over two wraps) in steps of 12_345 cycles.
        let steps = 2 * 60 * 80_000_000u64 / 12_345;
        for _ in 0..steps {
            now = now.wrapping_add(12_345);
            ms = clock.advance(now);
        }
        assert_eq!(ms, steps * 12_345 / 80_000);
    }

    #[test]
    fn io_mux_values_split_the_function_bits() {
        assert_eq!(io_mux_value(0, false), 0);
        assert_eq!(io_mux_value(3, false), 0x30);
        assert_eq!(io_mux_value(2, true), 0xA0);
        assert_eq!(io_mux_value(4, false), 0x100);
        assert_eq!(gpio_function(4), 0);
        assert_eq!(gpio_function(15), 3);
    }

    #[test]
    fn the_adc_calibration_stretches_and_clamps() {
        let calibration = AdcCalibration { raw_at_0v: 402, raw_at_full_scale: 472 };
        assert_eq!(calibration.counts(402), 0);
        assert_eq!(calibration.counts(300), 0);
        assert_eq!(calibration.counts(472), 1023);
        assert_eq!(calibration.counts(2000), 1023);
        assert_eq!(calibration.counts(437), 512);
        let broken = AdcCalibration { raw_at_0v: 500, raw_at_full_scale: 500 };
        assert_eq!(broken.counts(600), 0);
        assert_eq!(sar_raw(!437), 437);
        assert_eq!(sar_raw(0xFFFF_F800), 0x7FF);
    }

    #[test]
    fn the_chip_id_takes_the_sdks_bits() {
        assert_eq!(chip_id(0x12AB_CDEF, 0x3456_789A), 0x1256_789A);
    }

    #[test]
    fn mixing_spreads_small_differences() {
        assert_ne!(mix32(1, 0), mix32(2, 0));
        assert_ne!(mix32(0, 1), mix32(0, 2));
        assert!((mix32(1, 0) ^ mix32(2, 0)).count_ones() > 8);
    }

    #[test]
    fn a_reader_answers_with_anything_but_a_stuck_line() {
        assert!(mfrc522_answers(0x92));
        assert!(mfrc522_answers(0x88));
        assert!(!mfrc522_answers(0xFF));
        assert!(!mfrc522_answers(0x00));
    }

    #[test]
    fn every_log_line_starts_with_the_prefix() {
        let mut text = String::new();
        let mut log = LinePrefix::new(&mut text, "# ");
        let reply = "ERR E01 x";
        writeln!(log, "HALO ditolak: {reply}").unwrap();
        write!(log, "a").unwrap();
        write!(log, "b\nc").unwrap();
        writeln!(log, "d\n\ne").unwrap();
        assert_eq!(text, "# HALO ditolak: ERR E01 x\n# ab\n# cd\n# \n# e\n");
    }
}
