//! A small hardware abstraction layer (HAL) for the ESP8266: just what the
//! smart home needs, as embedded-hal 1.0 / embedded-io implementations, so
//! that the node and the sensor drivers run on it unchanged.
//!
//! Tata letak (layout):
//! - [`regs`]: every register address, in one place (and why not the PAC);
//! - [`rom`]: the functions in the chip's ROM that the firmware calls;
//! - [`clock`]: the 80 MHz switch, `DelayNs` and a millisecond clock from
//!   the CPU's cycle counter;
//! - [`gpio`]: output pins, open-drain pins for single-wire sensors, GPIO16;
//! - [`spi`]: HSPI as an `SpiBus`;
//! - [`uart`]: UART0 as `embedded_io::Read`/`Write`, without waiting;
//! - [`adc`]: the ADC on A0, with its calibration;
//! - [`chip`]: the chip id and the hardware random number generator;
//! - [`pure`]: the arithmetic behind them, with no registers (testable on
//!   the PC).
//!
//! Everything here polls: no interrupts. No watchdog either: the boot ROM
//! does not start the hardware watchdog (Espressif's SDK does), and this
//! firmware leaves it off. So a wait that never ended would stop the board
//! until the reset button is pressed. The waits here are for hardware that
//! always finishes (a byte leaving the UART, an SPI transfer) or have a
//! time limit (the ADC, the random clock jitter); and the MFRC522, whose
//! driver waits for the chip without one, is asked first (see `papan`).

pub mod adc;
pub mod chip;
pub mod clock;
pub mod gpio;
pub mod pure;
pub mod regs;
pub mod rom;
pub mod spi;
pub mod uart;
