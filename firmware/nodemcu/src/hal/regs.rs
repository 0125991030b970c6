//! Every peripheral register the firmware touches, in one place.
//!
//! A peripheral (GPIO, UART, SPI, ...) is driven by reading and writing
//! 32-bit words at fixed addresses: its *registers*. Each one is a [`Reg`]
//! constant here, with its address from Espressif's headers (the NONOS
//! SDK's `eagle_soc.h`), the Arduino core's `esp8266_peri.h` and
//! esp-open-rtos' `*_regs.h`.
//!
//! Why constants and not the esp-rs peripheral access crate (PAC) `esp8266`:
//! the PAC (0.6, the latest, and 0.5 too) depends on `xtensa-lx` (0.7)
//! without an option to leave it out (`Peripherals::take` runs in
//! `xtensa_lx::interrupt::free`), and `xtensa-lx` is written with inline
//! assembly (`rsr`, `rer`, `break`, ...). Upstream Rust has no inline
//! assembly for Xtensa; only Espressif's fork of the compiler adds it, and
//! the fork's last ESP8266 toolchain (1.80) cannot be installed here. With
//! Debian's `rustc-web` 1.96 the build stops in `xtensa-lx` with 18 times
//! `error[E0472]: inline assembly is unsupported on this target`.
//! So the addresses are typed constants here, checked against the PAC's
//! sources where it has them (GPIO, RTC, UART, SPI, eFuse, RNG).

use core::ptr::{read_volatile, write_volatile};

/// One 32-bit memory-mapped register.
///
/// Only this module can make a `Reg` (its field is private), so every
/// address the firmware uses is written below, once, and the `unsafe`
/// volatile accesses live only in [`Reg::read`] and [`Reg::write`].
#[derive(Clone, Copy)]
pub struct Reg(usize);

impl Reg {
    const fn at(address: usize) -> Reg {
        Reg(address)
    }

    /// Reads the register. *Volatile*: the compiler must do this read, here,
    /// every time (the hardware changes the value behind its back).
    #[inline(always)]
    pub fn read(self) -> u32 {
        // SAFETY: a `Reg` holds the address of an ESP8266 peripheral register
        // (this module makes no other): aligned, always mapped, and not memory
        // that Rust code owns. Reading it cannot break memory safety.
        unsafe { read_volatile(self.0 as *const u32) }
    }

    /// Writes the register (volatile, like [`Reg::read`]).
    #[inline(always)]
    pub fn write(self, value: u32) {
        // SAFETY: as in `read`; what a write does to the peripheral is the
        // caller's logic, never a memory-safety question.
        unsafe { write_volatile(self.0 as *mut u32, value) }
    }

    /// Read, change, write back.
    #[inline(always)]
    pub fn modify(self, change: impl FnOnce(u32) -> u32) {
        self.write(change(self.read()));
    }

    /// Sets the bits of `mask` (read-modify-write).
    #[inline(always)]
    pub fn set_bits(self, mask: u32) {
        self.modify(|value| value | mask);
    }

    /// Clears the bits of `mask` (read-modify-write).
    #[inline(always)]
    pub fn clear_bits(self, mask: u32) {
        self.modify(|value| value & !mask);
    }
}

// --- GPIO0..GPIO15 (0x60000300) ---------------------------------------------

// ANCHOR: gpio_regs
/// The output level of each pin, one bit per GPIO.
pub const GPIO_OUT: Reg = Reg::at(0x6000_0300);
/// Writing 1s here sets those output bits (other bits stay): "write 1 to set".
pub const GPIO_OUT_W1TS: Reg = Reg::at(0x6000_0304);
/// Writing 1s here clears those output bits: "write 1 to clear".
pub const GPIO_OUT_W1TC: Reg = Reg::at(0x6000_0308);
/// Output enable, one bit per GPIO (0 = the pin only listens).
pub const GPIO_ENABLE_W1TS: Reg = Reg::at(0x6000_0310);
pub const GPIO_ENABLE_W1TC: Reg = Reg::at(0x6000_0314);
/// The level on each pin, as the pin sees it (also for an output pin).
pub const GPIO_IN: Reg = Reg::at(0x6000_0318);
// ANCHOR_END: gpio_regs

/// The configuration register of GPIO `n` (0..=15): `0x60000328 + 4n`.
pub fn gpio_pin(n: u8) -> Reg {
    assert!(n < 16, "GPIO0..GPIO15 saja");
    Reg::at(0x6000_0328 + 4 * n as usize)
}
/// Pin configuration bit 2: the pad driver. 1 = open drain (the pin only
/// pulls low; a resistor pulls the line high), 0 = push-pull.
pub const GPIO_PIN_OPEN_DRAIN: u32 = 1 << 2;
/// Pin configuration bit 0: the output comes from the sigma-delta unit.
pub const GPIO_PIN_SOURCE_SIGMA_DELTA: u32 = 1 << 0;

// --- GPIO16 (in the RTC block) ----------------------------------------------

/// GPIO16 output level (bit 0).
pub const RTC_GPIO_OUT: Reg = Reg::at(0x6000_0768);
/// GPIO16 output enable (bit 0).
pub const RTC_GPIO_ENABLE: Reg = Reg::at(0x6000_0774);
/// GPIO16 input level (bit 0).
pub const RTC_GPIO_IN: Reg = Reg::at(0x6000_078C);
/// GPIO16 configuration (bit 0: 1 = the pin is driven by the RTC's sleep logic).
pub const RTC_GPIO_CONF: Reg = Reg::at(0x6000_0790);
/// GPIO16's pad function (`PAD_XPD_DCDC_CONF`): 1 in bits 0..1 = GPIO16.
pub const RTC_PAD_XPD_DCDC_CONF: Reg = Reg::at(0x6000_07A0);
/// `IO_RTC_4` (OsitoK's name): bits 25..26 connect the SAR ADC to the 80 MHz
/// PLL clock.
pub const RTC_CLOCK_GATES: Reg = Reg::at(0x6000_0710);
/// The RTC's free-running counter (`RTC_SLP_CNT_VAL`), clocked by an on-chip
/// RC oscillator of about 150 kHz, not by the crystal.
pub const RTC_COUNTER: Reg = Reg::at(0x6000_071C);

// --- IO_MUX (0x60000800): which peripheral owns which pin -------------------

/// `IO_MUX_CONF`; bit 9 = the SPI clock is the system clock itself.
pub const IO_MUX_CONF: Reg = Reg::at(0x6000_0800);
pub const IO_MUX_SPI_SYSCLK: u32 = 1 << 9;

/// The IO_MUX register of a GPIO, or `None` for a pin that the board
/// cannot give away (GPIO6..11 are the flash chip's, GPIO16 is the RTC's).
/// The order is the chip's, not the GPIO numbers'.
pub fn io_mux(gpio: u8) -> Option<Reg> {
    let offset = match gpio {
        0 => 0x34,
        1 => 0x18,
        2 => 0x38,
        3 => 0x14,
        4 => 0x3C,
        5 => 0x40,
        12 => 0x04,
        13 => 0x08,
        14 => 0x0C,
        15 => 0x10,
        _ => return None,
    };
    Some(Reg::at(0x6000_0800 + offset))
}

// --- UART0 (0x60000000) -----------------------------------------------------

/// Reading pops one received byte; writing pushes one byte to send.
pub const UART0_FIFO: Reg = Reg::at(0x6000_0000);
/// Which UART events raise an interrupt (the firmware wants none: it polls).
pub const UART0_INT_ENA: Reg = Reg::at(0x6000_000C);
/// Writing 1s clears those pending interrupt flags.
pub const UART0_INT_CLR: Reg = Reg::at(0x6000_0010);
/// The UART clock (80 MHz) divided by the baud rate.
pub const UART0_CLKDIV: Reg = Reg::at(0x6000_0014);
/// Bits 0..7: bytes waiting in the receive FIFO; bits 16..23: in the send FIFO.
pub const UART0_STATUS: Reg = Reg::at(0x6000_001C);
/// Frame format and FIFO resets.
pub const UART0_CONF0: Reg = Reg::at(0x6000_0020);
/// `CONF0`: 8 data bits (bits 2..3 = 3), 1 stop bit (bits 4..5 = 1), no parity.
pub const UART_CONF0_8N1: u32 = (3 << 2) | (1 << 4);
pub const UART_CONF0_RX_FIFO_RESET: u32 = 1 << 17;
pub const UART_CONF0_TX_FIFO_RESET: u32 = 1 << 18;

// --- HSPI = SPI1 (0x60000100) -----------------------------------------------

/// Bit 18 (`SPI_USR`): write 1 to start a transfer; reads 1 while busy.
pub const SPI1_CMD: Reg = Reg::at(0x6000_0100);
pub const SPI_CMD_USR: u32 = 1 << 18;
/// Bit order (0 = most significant bit first) and the flash-only modes.
pub const SPI1_CTRL: Reg = Reg::at(0x6000_0108);
pub const SPI1_CTRL1: Reg = Reg::at(0x6000_010C);
/// The SPI clock: a pre-divider and a count (see `pure::spi_clock_register`).
pub const SPI1_CLOCK: Reg = Reg::at(0x6000_0118);
/// Which phases a transfer has (command, address, MOSI, MISO...).
pub const SPI1_USER: Reg = Reg::at(0x6000_011C);
/// `USER`: a MOSI phase (send the W buffer).
pub const SPI_USER_MOSI: u32 = 1 << 27;
/// `USER`: full duplex, MISO is read during the MOSI phase (`SPI_DOUTDIN`).
pub const SPI_USER_DUPLEX: u32 = 1 << 0;
/// `USER`: the edge on which a slave would sample (as Arduino's SPI sets it).
pub const SPI_USER_CK_I_EDGE: u32 = 1 << 6;
/// Bit lengths minus one: MOSI in bits 17..25, MISO in bits 8..16.
pub const SPI1_USER1: Reg = Reg::at(0x6000_0120);
pub const SPI_USER1_MOSI_BITS_SHIFT: u32 = 17;
pub const SPI_USER1_MISO_BITS_SHIFT: u32 = 8;
/// Chip-select lines and clock polarity (bit 29: idle high).
pub const SPI1_PIN: Reg = Reg::at(0x6000_012C);
pub const SPI_PIN_CLOCK_IDLE_HIGH: u32 = 1 << 29;

/// Word `n` (0..=15) of the 64-byte buffer: sent from, received into.
pub fn spi1_w(n: usize) -> Reg {
    assert!(n < 16);
    Reg::at(0x6000_0140 + 4 * n)
}

// --- SAR ADC (0x60000D00) ---------------------------------------------------

/// Register `n` of the SAR (the ADC) block: `0x60000D00 + 4n`. The ones
/// used, after pvvx/esp8266web's `adc.c` and the SDK's `system_adc_read`:
/// 20 = control (bit 1 start, bits 2..4 samples, bits 8..15 clock divider,
/// bits 24..26 state: 0 = idle), 21 and 22 = timing, 23 = bit 21 selects the
/// TOUT pin (A0), 24 = bit 0 resets, 32 = the (inverted) result.
pub fn sar(n: usize) -> Reg {
    assert!(n < 40);
    Reg::at(0x6000_0D00 + 4 * n)
}

/// In the RF block: bits 23..24 switch on the analog part the ADC needs.
pub const RF_HDRF_ANALOG: Reg = Reg::at(0x6000_05E8);

// --- DPORT, eFuse and the random number generator (0x3FF00000) ---------------

/// Peripheral clock enables (bits 16..19, 23..25 for the ADC's parts).
pub const DPORT_CLOCK_ENABLE: Reg = Reg::at(0x3FF0_0018);
/// eFuse words written at the factory: the chip id and the MAC address.
pub const EFUSE_DATA0: Reg = Reg::at(0x3FF0_0050);
pub const EFUSE_DATA1: Reg = Reg::at(0x3FF0_0054);
/// The hardware random number generator (`WDEV_RAND`): a new value on
/// every read, from radio noise.
pub const WDEV_RAND: Reg = Reg::at(0x3FF2_0E44);
