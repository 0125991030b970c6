//! The ADC on A0 (the chip's TOUT pin), without Espressif's SDK.
//!
//! The SDK reads the ADC inside its closed radio library (`test_tout`);
//! the ROM has no function for it. What is done here follows the open
//! reimplementations: pvvx/esp8266web (`app/driver/adc.c`) and a driver
//! that runs without the SDK and reports its measurements (OsitoK's
//! `adc.c`): switch on the SAR ADC's clocks and analog part, select the
//! TOUT pin, then start a conversion and read the inverted 11-bit result.
//!
//! **Honest status: not verified on a board by this workbook's authors.**
//! Without the SDK's radio calibration the raw values are reported to span
//! only a narrow range (about 402..472 for 0..3.3 V on A0, on a Wemos D1
//! with the same 220 kΩ/100 kΩ divider as the NodeMCU), and it differs
//! from chip to chip. So every reading goes through a two-point
//! calibration ([`AdcCalibration`]) that each student measures on their own
//! board: the firmware logs `# ADC mentah=...` with every reading.

use super::clock::{self, CYCLES_PER_MS};
use super::pure::{AdcCalibration, sar_raw};
use super::regs::{self, sar};
use super::rom;
use embedded_hal::delay::DelayNs;
use rumah_pintar::node::AnalogInput;

/// The SAR's clock divider (from the 80 MHz PLL clock), as in OsitoK's driver.
const SAR_CLOCK_DIVIDER: u32 = 8;
/// Conversions averaged into one raw value.
const SAMPLES: u32 = 8;

/// SAR register 20: bit 1 starts a conversion (on its rising edge).
const SAR_START: u32 = 1 << 1;
/// SAR register 20, bits 2..4: extra samples per conversion (0: one).
const SAR_SAMPLES_MASK: u32 = 0b111 << 2;
/// SAR register 23, bit 21: the input is the TOUT pin (A0).
const SAR_INPUT_TOUT: u32 = 1 << 21;

/// The ADC, with its calibration.
pub struct Adc {
    calibration: AdcCalibration,
    last_raw: Option<u16>,
}

impl Adc {
    /// Switches the ADC on (a few hundred µs).
    pub fn new(calibration: AdcCalibration) -> Adc {
        // SAR clock from the PLL, and the SAR's analog part prepared by the
        // ROM; an analog register over the internal I2C bus (block 98); the
        // peripheral clocks and the radio's analog supply it needs.
        regs::RTC_CLOCK_GATES.set_bits(0x0600_0000);
        // SAFETY: ROM functions of every ESP8266 that configure the analog
        // blocks, with the values the open reimplementations use.
        unsafe {
            rom::rom_sar_init();
            rom::rom_i2c_write_reg_mask(98, 1, 3, 7, 4, 15);
        }
        regs::DPORT_CLOCK_ENABLE.set_bits(0x038F_0000);
        regs::RF_HDRF_ANALOG.set_bits(0x0180_0000);

        // The SAR's timing, all derived from the clock divider.
        let d = SAR_CLOCK_DIVIDER;
        sar(20).modify(|v| (v & 0xFFFF_00FF) | (d << 8));
        sar(21).modify(|v| (v & 0xFF00_0000) | (d * 5 + ((d - 1) << 16) + ((d - 1) << 8) - 1));
        sar(22).modify(|v| {
            (v & 0xFF00_0000) | (d * 11 + ((d * 3 - 1) << 8) + ((d * 11 - 1) << 16) - 1)
        });
        sar(20).clear_bits(SAR_SAMPLES_MASK | SAR_START);

        // The test multiplexer (the I2C block 108 is the SAR's) and the
        // TOUT pin as the input.
        // SAFETY: as above.
        unsafe { rom::rom_i2c_write_reg_mask(108, 2, 0, 5, 5, 1) };
        sar(23).set_bits(SAR_INPUT_TOUT);

        let mut adc = Adc { calibration, last_raw: None };
        adc.convert(); // the first conversion after switching on is dropped
        adc
    }

    // ANCHOR: adc_read
    /// One conversion: a rising edge on the start bit, wait until the SAR's
    /// state machine is idle again, then the result (stored inverted).
    fn convert(&mut self) -> u16 {
        sar(20).clear_bits(SAR_START);
        sar(20).set_bits(SAR_START);
        // The state (bits 24..26) only leaves 0 a moment after the start.
        clock::Delay.delay_us(100);
        let start = clock::cycles();
        while (sar(20).read() >> 24) & 0b111 != 0 {
            if clock::cycles().wrapping_sub(start) > CYCLES_PER_MS {
                break; // never hang the node on the ADC
            }
        }
        sar_raw(sar(32).read())
    }
    // ANCHOR_END: adc_read

    /// The raw 11-bit value, averaged over [`SAMPLES`] conversions (about 1 ms).
    pub fn read_raw(&mut self) -> u16 {
        let sum: u32 = (0..SAMPLES).map(|_| u32::from(self.convert())).sum();
        (sum / SAMPLES) as u16
    }

    /// The raw value behind the last [`AnalogInput::read_counts`], once
    /// (for the calibration log line).
    pub fn take_last_raw(&mut self) -> Option<u16> {
        self.last_raw.take()
    }

    pub fn calibration(&self) -> AdcCalibration {
        self.calibration
    }
}

impl AnalogInput for Adc {
    /// 0..=1023 through the calibration.
    fn read_counts(&mut self) -> u16 {
        let raw = self.read_raw();
        self.last_raw = Some(raw);
        self.calibration.counts(raw)
    }
}
