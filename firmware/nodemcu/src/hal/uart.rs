//! UART0 (TX on GPIO1, RX on GPIO3: the NodeMCU's USB serial port) as
//! `embedded_io::Read` + `Write`, by polling its two 128-byte FIFOs.
//!
//! No interrupts, no buffer of our own: the hardware FIFO is the buffer.
//! 128 bytes at 115200 baud are 11 ms of data; the node's main loop reads
//! far more often, except while it waits for a sensor (up to 750 ms for
//! the DS18B20). That is safe because the server only ever sends short
//! answers, one per line the node sent, and the node sends one line at a
//! time.

use super::clock::APB_HZ;
use super::pure::uart_divisor;
use super::regs;
use core::convert::Infallible;
use core::fmt;
use embedded_io::{ErrorType, Read, ReadReady, Write, WriteReady};

/// The size of each FIFO, in bytes.
const FIFO_BYTES: u32 = 128;

/// UART0. A unit struct: any copy talks to the same hardware, so the log
/// and the protocol link can both write to it.
#[derive(Debug, Clone, Copy)]
pub struct Uart0;

impl Uart0 {
    /// Sets the baud rate and 8N1, switches UART0's interrupts off (the
    /// firmware polls) and empties the receive FIFO.
    ///
    /// Call after [`clock::init_80mhz`](super::clock::init_80mhz): the
    /// divisor counts the 80 MHz clock. (The ROM already wrote 694 here,
    /// for 115200 baud at 80 MHz, but ran at 52 MHz: hence 74880 baud.)
    pub fn configure(baud: u32) -> Uart0 {
        Uart0.wait_sent();
        regs::UART0_INT_ENA.write(0);
        regs::UART0_INT_CLR.write(0xFFFF);
        regs::UART0_CLKDIV.write(uart_divisor(APB_HZ, baud));
        regs::UART0_CONF0.write(regs::UART_CONF0_8N1);
        // Drop whatever arrived at the wrong speed during boot.
        regs::UART0_CONF0.set_bits(regs::UART_CONF0_RX_FIFO_RESET);
        regs::UART0_CONF0.clear_bits(regs::UART_CONF0_RX_FIFO_RESET);
        Uart0
    }

    /// Bytes waiting in the receive FIFO.
    #[inline]
    fn received(&self) -> u32 {
        regs::UART0_STATUS.read() & 0xFF
    }

    /// Bytes still waiting in the send FIFO.
    #[inline]
    fn queued(&self) -> u32 {
        (regs::UART0_STATUS.read() >> 16) & 0xFF
    }

    /// Waits until the send FIFO is empty (the last byte may still be on
    /// its way out of the shift register: about 87 µs at 115200 baud).
    pub fn wait_sent(&self) {
        while self.queued() > 0 {}
    }

    /// Sends one byte, waiting for room in the FIFO if needed.
    pub fn write_byte(&mut self, byte: u8) {
        while self.queued() >= FIFO_BYTES - 1 {}
        regs::UART0_FIFO.write(u32::from(byte));
    }

    // ANCHOR: uart_read
    /// A received byte, or `None` at once if nothing has arrived: the node's
    /// main loop must never wait here.
    pub fn try_read_byte(&mut self) -> Option<u8> {
        if self.received() == 0 {
            return None;
        }
        // Reading the FIFO register takes the oldest byte out of it.
        Some(regs::UART0_FIFO.read() as u8)
    }
    // ANCHOR_END: uart_read
}

impl ErrorType for Uart0 {
    type Error = Infallible;
}

impl Read for Uart0 {
    /// Waits for at least one byte (embedded-io's contract), then takes
    /// what has arrived, up to `buf.len()`. To poll without waiting, ask
    /// [`ReadReady::read_ready`] first.
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Infallible> {
        if buf.is_empty() {
            return Ok(0);
        }
        while self.received() == 0 {}
        let mut n = 0;
        while n < buf.len()
            && let Some(byte) = self.try_read_byte()
        {
            buf[n] = byte;
            n += 1;
        }
        Ok(n)
    }
}

impl ReadReady for Uart0 {
    fn read_ready(&mut self) -> Result<bool, Infallible> {
        Ok(self.received() > 0)
    }
}

impl Write for Uart0 {
    /// Waits for room for one byte, then puts in as many as fit.
    fn write(&mut self, buf: &[u8]) -> Result<usize, Infallible> {
        let Some((first, rest)) = buf.split_first() else { return Ok(0) };
        self.write_byte(*first);
        let room = (FIFO_BYTES - 1).saturating_sub(self.queued()) as usize;
        for &byte in &rest[..room.min(rest.len())] {
            regs::UART0_FIFO.write(u32::from(byte));
        }
        Ok(1 + room.min(rest.len()))
    }

    fn flush(&mut self) -> Result<(), Infallible> {
        self.wait_sent();
        Ok(())
    }
}

impl WriteReady for Uart0 {
    fn write_ready(&mut self) -> Result<bool, Infallible> {
        Ok(self.queued() < FIFO_BYTES - 1)
    }
}

/// For `write!`/`writeln!` (the log).
impl fmt::Write for Uart0 {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        for byte in text.bytes() {
            self.write_byte(byte);
        }
        Ok(())
    }
}
