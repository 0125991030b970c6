//! GPIO pins as embedded-hal 1.0 pins.
//!
//! - [`Output`]: a push-pull output (the door LED, the MFRC522's chip select);
//! - [`OpenDrain`]: one pin that both drives and reads a single-wire bus
//!   (DHT11, DS18B20): `InputPin + OutputPin` on one type;
//! - [`Gpio16Output`]: GPIO16 (D0) is not in the GPIO block at all but in
//!   the RTC block, with registers of its own (the MFRC522's reset).
//!
//! A pin is made from its GPIO number, which the firmware takes from
//! `pinmap`. Making two drivers for one pin is not unsafe, only a mistake:
//! both would drive the same wire.

use super::pure::{gpio_function, io_mux_value};
use super::regs::{self, Reg};
use core::convert::Infallible;
use embedded_hal::digital::{ErrorType, InputPin, OutputPin};

/// Gives the pin to the GPIO block (not UART, SPI, ...) in its IO_MUX
/// register, optionally with the internal pull-up (about 50 kΩ).
fn select_gpio_function(gpio: u8, pull_up: bool) {
    let io_mux = regs::io_mux(gpio).expect("pin ini bukan GPIO0-5 atau GPIO12-15");
    io_mux.write(io_mux_value(gpio_function(gpio), pull_up));
}

/// The pin's configuration: open drain or push-pull, output from the
/// GPIO_OUT register (not the sigma-delta unit).
fn configure_driver(gpio: u8, open_drain: bool) {
    let config = regs::gpio_pin(gpio);
    config.clear_bits(regs::GPIO_PIN_SOURCE_SIGMA_DELTA | regs::GPIO_PIN_OPEN_DRAIN);
    if open_drain {
        config.set_bits(regs::GPIO_PIN_OPEN_DRAIN);
    }
}

/// A push-pull output on GPIO0..GPIO15.
pub struct Output {
    /// This pin's bit in the GPIO registers: `1 << gpio`.
    mask: u32,
}

impl Output {
    /// Makes `gpio` an output, starting `high`. Panics on a pin that is
    /// not a free GPIO (GPIO6..11 belong to the flash chip).
    pub fn new(gpio: u8, high: bool) -> Output {
        let mut pin = Output { mask: 1 << gpio };
        select_gpio_function(gpio, false);
        configure_driver(gpio, false);
        // The level first, then the driver on: no short glitch.
        let _ = if high { pin.set_high() } else { pin.set_low() };
        regs::GPIO_ENABLE_W1TS.write(pin.mask);
        pin
    }
}

impl ErrorType for Output {
    type Error = Infallible;
}

// ANCHOR: gpio_write
impl OutputPin for Output {
    /// One write of this pin's bit to the "write 1 to clear" register: the
    /// other pins stay as they are, without reading anything first.
    #[inline(always)]
    fn set_low(&mut self) -> Result<(), Infallible> {
        regs::GPIO_OUT_W1TC.write(self.mask);
        Ok(())
    }

    #[inline(always)]
    fn set_high(&mut self) -> Result<(), Infallible> {
        regs::GPIO_OUT_W1TS.write(self.mask);
        Ok(())
    }
}
// ANCHOR_END: gpio_write

// ANCHOR: open_drain
/// An open-drain pin on GPIO0..GPIO15 for a single-wire bus.
///
/// Open drain: writing low pulls the wire to GND; writing high *lets go*,
/// and a resistor pulls the wire up, unless the sensor pulls it low. So
/// the pin can stay an output all the time and still read what the sensor
/// says: `set_high` then `is_high`/`is_low`, which is exactly how the
/// `dht-sensor` and `onewire` drivers use it. (A push-pull output driving
/// high while the sensor pulls low would be a short circuit.)
pub struct OpenDrain {
    mask: u32,
}

impl OpenDrain {
    /// Makes `gpio` an open-drain pin, released (high), with the internal
    /// pull-up on as well (the DHT11 module and the DS18B20's 4.7 kΩ have
    /// their own; it does no harm).
    pub fn new(gpio: u8) -> OpenDrain {
        let pin = OpenDrain { mask: 1 << gpio };
        select_gpio_function(gpio, true);
        configure_driver(gpio, true);
        regs::GPIO_OUT_W1TS.write(pin.mask);
        regs::GPIO_ENABLE_W1TS.write(pin.mask);
        pin
    }
}

impl ErrorType for OpenDrain {
    type Error = Infallible;
}

impl OutputPin for OpenDrain {
    #[inline(always)]
    fn set_low(&mut self) -> Result<(), Infallible> {
        regs::GPIO_OUT_W1TC.write(self.mask);
        Ok(())
    }

    /// Lets go of the wire.
    #[inline(always)]
    fn set_high(&mut self) -> Result<(), Infallible> {
        regs::GPIO_OUT_W1TS.write(self.mask);
        Ok(())
    }
}

/// Reads the wire. Inlined and one register read: the DHT11 driver polls
/// the pin in tight loops, timing pulses of 26 to 70 µs.
impl InputPin for OpenDrain {
    #[inline(always)]
    fn is_high(&mut self) -> Result<bool, Infallible> {
        Ok(regs::GPIO_IN.read() & self.mask != 0)
    }

    #[inline(always)]
    fn is_low(&mut self) -> Result<bool, Infallible> {
        Ok(regs::GPIO_IN.read() & self.mask == 0)
    }
}
// ANCHOR_END: open_drain

// ANCHOR: gpio16
/// GPIO16 (D0) as an output. It belongs to the RTC block (it can wake the
/// chip from deep sleep), so it has its own three registers instead of a
/// bit in the GPIO block's, each with the pin in bit 0.
pub struct Gpio16Output {
    _private: (),
}

impl Gpio16Output {
    /// `gpio` must be 16 (the firmware passes `pinmap`'s number, and this
    /// checks that the board's wiring still puts the reset there).
    pub fn new(gpio: u8, high: bool) -> Gpio16Output {
        assert!(gpio == 16, "hanya GPIO16 yang ada di blok RTC");
        let mut pin = Gpio16Output { _private: () };
        let _ = if high { pin.set_high() } else { pin.set_low() };
        // The pad is GPIO16 (function 1 in bits 0..1), driven by this
        // register and not by the RTC's sleep logic, output on (the SDK's
        // `gpio16_output_conf`).
        regs::RTC_PAD_XPD_DCDC_CONF.modify(|value| (value & !0x43) | 1);
        regs::RTC_GPIO_CONF.clear_bits(1);
        regs::RTC_GPIO_ENABLE.set_bits(1);
        pin
    }

    fn write(register: Reg, high: bool) {
        if high { register.set_bits(1) } else { register.clear_bits(1) }
    }
}

impl ErrorType for Gpio16Output {
    type Error = Infallible;
}

impl OutputPin for Gpio16Output {
    fn set_low(&mut self) -> Result<(), Infallible> {
        Gpio16Output::write(regs::RTC_GPIO_OUT, false);
        Ok(())
    }

    fn set_high(&mut self) -> Result<(), Infallible> {
        Gpio16Output::write(regs::RTC_GPIO_OUT, true);
        Ok(())
    }
}
// ANCHOR_END: gpio16
