//! HSPI (the ESP8266's SPI1; SPI0 belongs to the flash chip) as an
//! embedded-hal 1.0 `SpiBus`, in SPI mode 0, most significant bit first.
//!
//! The hardware sends from and receives into a 64-byte buffer (registers
//! W0..W15): put the bytes in, say how many bits, start, wait, take the
//! received bytes out. In full duplex each bit sent on MOSI is paired with
//! one read on MISO. After Arduino's `libraries/SPI/SPI.cpp`.
//!
//! Chip select is not here: `embedded-hal-bus`'s `ExclusiveDevice` wraps
//! this bus and a GPIO [`Output`](super::gpio::Output) into an `SpiDevice`.

use super::clock::APB_HZ;
use super::pure::{io_mux_value, spi_clock_register};
use super::regs;
use core::convert::Infallible;
use embedded_hal::spi::{ErrorType, SpiBus};

/// The IO_MUX function that gives GPIO12..14 to HSPI.
const FUNCTION_HSPI: u8 = 2;
/// The hardware buffer: 16 words of 32 bits.
const BUFFER_BYTES: usize = 64;

/// The HSPI bus.
pub struct Hspi {
    _private: (),
}

impl Hspi {
    /// Sets up HSPI at (at most) `hz`, SPI mode 0.
    ///
    /// The pins are fixed in the chip: SCK on GPIO14, MISO on GPIO12 and
    /// MOSI on GPIO13. The firmware passes `pinmap`'s pins, and this checks
    /// that they are those.
    pub fn new(sck: u8, miso: u8, mosi: u8, hz: u32) -> Hspi {
        assert!((sck, miso, mosi) == (14, 12, 13), "HSPI hanya ada di GPIO14, 12 dan 13");
        for (gpio, pull_up) in [(sck, false), (miso, true), (mosi, false)] {
            // MISO with the pull-up: with no reader on the bus it reads 0xFF,
            // never a floating mix (see `pure::mfrc522_answers`).
            let io_mux = regs::io_mux(gpio).expect("pin HSPI");
            io_mux.write(io_mux_value(FUNCTION_HSPI, pull_up));
        }
        regs::IO_MUX_CONF.clear_bits(regs::IO_MUX_SPI_SYSCLK);
        regs::SPI1_CTRL.write(0); // MSB first, no flash modes
        regs::SPI1_CTRL1.write(0);
        regs::SPI1_CLOCK.write(spi_clock_register(APB_HZ, hz));
        // Mode 0: the clock idles low (PIN bit 29 = 0) and data changes on
        // the falling edge (USER's CK_OUT_EDGE, bit 7 = 0).
        regs::SPI1_USER
            .write(regs::SPI_USER_MOSI | regs::SPI_USER_DUPLEX | regs::SPI_USER_CK_I_EDGE);
        regs::SPI1_PIN.clear_bits(regs::SPI_PIN_CLOCK_IDLE_HIGH);
        Hspi { _private: () }
    }

    fn wait_idle(&self) {
        while regs::SPI1_CMD.read() & regs::SPI_CMD_USR != 0 {}
    }

    /// Sets the MOSI and MISO phase lengths to `bits` (1..=512).
    fn set_bit_length(&self, bits: u32) {
        let length = bits - 1;
        regs::SPI1_USER1.write(
            (length << regs::SPI_USER1_MOSI_BITS_SHIFT)
                | (length << regs::SPI_USER1_MISO_BITS_SHIFT),
        );
    }

    /// Starts the transfer and waits until the last bit is in.
    fn run(&self) {
        regs::SPI1_CMD.set_bits(regs::SPI_CMD_USR);
        self.wait_idle();
    }

    // ANCHOR: spi_transfer
    /// Sends one byte and returns the byte received at the same time.
    pub fn transfer_byte(&mut self, out: u8) -> u8 {
        self.wait_idle();
        self.set_bit_length(8);
        regs::spi1_w(0).write(u32::from(out)); // the first byte is W0's low byte
        self.run(); // 8 clock pulses: out goes on MOSI, MISO comes into W0
        regs::spi1_w(0).read() as u8
    }
    // ANCHOR_END: spi_transfer

    /// Sends `bytes` (at most 64) and replaces them with the bytes received:
    /// one hardware transfer for the whole buffer. Byte `i` is byte `i % 4`
    /// (little end first) of word `i / 4`.
    fn transfer_chunk(&mut self, bytes: &mut [u8]) {
        debug_assert!(!bytes.is_empty() && bytes.len() <= BUFFER_BYTES);
        self.wait_idle();
        self.set_bit_length(bytes.len() as u32 * 8);
        for (i, chunk) in bytes.chunks(4).enumerate() {
            let mut word = [0u8; 4];
            word[..chunk.len()].copy_from_slice(chunk);
            regs::spi1_w(i).write(u32::from_le_bytes(word));
        }
        self.run();
        for (i, chunk) in bytes.chunks_mut(4).enumerate() {
            let word = regs::spi1_w(i).read().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
    }
}

impl ErrorType for Hspi {
    type Error = Infallible;
}

impl SpiBus for Hspi {
    fn read(&mut self, words: &mut [u8]) -> Result<(), Infallible> {
        words.fill(0);
        self.transfer_in_place(words)
    }

    fn write(&mut self, words: &[u8]) -> Result<(), Infallible> {
        let mut buffer = [0u8; BUFFER_BYTES];
        for chunk in words.chunks(BUFFER_BYTES) {
            let part = &mut buffer[..chunk.len()];
            part.copy_from_slice(chunk);
            self.transfer_chunk(part);
        }
        Ok(())
    }

    /// Clocks `max(read.len(), write.len())` bytes: zeros are sent after
    /// `write` ends, and what comes in after `read` is full is dropped.
    fn transfer(&mut self, read: &mut [u8], write: &[u8]) -> Result<(), Infallible> {
        let mut buffer = [0u8; BUFFER_BYTES];
        let total = read.len().max(write.len());
        let mut start = 0;
        while start < total {
            let len = (total - start).min(BUFFER_BYTES);
            let part = &mut buffer[..len];
            for (i, byte) in part.iter_mut().enumerate() {
                *byte = write.get(start + i).copied().unwrap_or(0);
            }
            self.transfer_chunk(part);
            for (i, byte) in part.iter().enumerate() {
                if let Some(slot) = read.get_mut(start + i) {
                    *slot = *byte;
                }
            }
            start += len;
        }
        Ok(())
    }

    fn transfer_in_place(&mut self, words: &mut [u8]) -> Result<(), Infallible> {
        match words {
            [byte] => *byte = self.transfer_byte(*byte),
            _ => words.chunks_mut(BUFFER_BYTES).for_each(|chunk| self.transfer_chunk(chunk)),
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Infallible> {
        self.wait_idle();
        Ok(())
    }
}
