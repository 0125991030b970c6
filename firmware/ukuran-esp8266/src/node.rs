//! The Lab 03 node, instantiated for the ESP8266 with the real drivers.
//!
//! The pins, the SPI bus and the serial link are reached through a few
//! functions of the board code (declared here, written in the firmware
//! crate), so that the compiler produces the node's real machine code.

use core::convert::Infallible;
use core::fmt::Write;
use embedded_hal::delay::DelayNs;
use embedded_hal::digital::{ErrorType, InputPin, OutputPin};
use embedded_hal::spi::{Operation, SpiDevice};
use rumah_pintar::node::board::AnalogInput;
use rumah_pintar::node::{DriverBoard, Link, Node, NodeConfig, Poll, Wake};
use rumah_pintar::protocol::NodeId;

unsafe extern "C" {
    fn papan_gpio_tulis(gpio: u8, tinggi: bool);
    fn papan_gpio_baca(gpio: u8) -> bool;
    fn papan_spi_transfer(data: *mut u8, len: usize);
    fn papan_adc_baca() -> u16;
    fn papan_serial_kirim(data: *const u8, len: usize) -> bool;
    fn papan_serial_terima() -> i32;
    fn ets_delay_us(us: u32);
}

/// A GPIO pin (open drain where the sensor needs it).
pub struct Pin(u8);

impl ErrorType for Pin {
    type Error = Infallible;
}

impl OutputPin for Pin {
    fn set_low(&mut self) -> Result<(), Infallible> {
        // SAFETY: the board code owns the GPIO registers.
        unsafe { papan_gpio_tulis(self.0, false) };
        Ok(())
    }
    fn set_high(&mut self) -> Result<(), Infallible> {
        // SAFETY: as above.
        unsafe { papan_gpio_tulis(self.0, true) };
        Ok(())
    }
}

impl InputPin for Pin {
    fn is_high(&mut self) -> Result<bool, Infallible> {
        // SAFETY: as above.
        Ok(unsafe { papan_gpio_baca(self.0) })
    }
    fn is_low(&mut self) -> Result<bool, Infallible> {
        self.is_high().map(|high| !high)
    }
}

/// HSPI with the MFRC522 on it.
pub struct Hspi;

impl embedded_hal::spi::ErrorType for Hspi {
    type Error = Infallible;
}

impl SpiDevice for Hspi {
    fn transaction(&mut self, operations: &mut [Operation<'_, u8>]) -> Result<(), Infallible> {
        for operation in operations {
            match operation {
                Operation::Write(data) => {
                    let mut copy = [0u8; 64];
                    for chunk in data.chunks(64) {
                        copy[..chunk.len()].copy_from_slice(chunk);
                        // SAFETY: the pointer and length describe `copy`.
                        unsafe { papan_spi_transfer(copy.as_mut_ptr(), chunk.len()) };
                    }
                }
                Operation::Read(data) | Operation::TransferInPlace(data) => {
                    // SAFETY: the pointer and length describe `data`.
                    unsafe { papan_spi_transfer(data.as_mut_ptr(), data.len()) }
                }
                Operation::Transfer(read, write) => {
                    let n = read.len().min(write.len());
                    read[..n].copy_from_slice(&write[..n]);
                    // SAFETY: the pointer and length describe `read`.
                    unsafe { papan_spi_transfer(read.as_mut_ptr(), read.len()) }
                }
                Operation::DelayNs(ns) => Delay.delay_ns(*ns),
            }
        }
        Ok(())
    }
}

pub struct Adc;

impl AnalogInput for Adc {
    fn read_counts(&mut self) -> u16 {
        // SAFETY: a board function.
        unsafe { papan_adc_baca() }
    }
}

#[derive(Clone, Copy)]
pub struct Delay;

impl DelayNs for Delay {
    fn delay_ns(&mut self, ns: u32) {
        // SAFETY: a ROM function of every ESP8266.
        unsafe { ets_delay_us(ns.div_ceil(1000)) };
    }
}

/// Protocol lines over UART0 to the bridge on the PC.
pub struct SerialLink;

impl Link for SerialLink {
    type Error = ();
    fn connect(&mut self) -> Result<(), ()> {
        Ok(())
    }
    fn write_all(&mut self, data: &[u8]) -> Result<(), ()> {
        // SAFETY: the pointer and length describe `data`.
        if unsafe { papan_serial_kirim(data.as_ptr(), data.len()) } { Ok(()) } else { Err(()) }
    }
    fn poll_read(&mut self, buffer: &mut [u8]) -> Result<Poll, ()> {
        // SAFETY: a board function.
        match unsafe { papan_serial_terima() } {
            byte @ 0..=255 if !buffer.is_empty() => {
                buffer[0] = byte as u8;
                Ok(Poll::Received(1))
            }
            _ => Ok(Poll::Nothing),
        }
    }
    fn close(&mut self) {}
}

/// Log lines are dropped in this size build.
struct NoLog;

impl Write for NoLog {
    fn write_str(&mut self, _: &str) -> core::fmt::Result {
        Ok(())
    }
}

/// Runs the node forever; `millis` gives the time in ms.
#[unsafe(no_mangle)]
pub extern "C" fn node_jalan(session: u32, millis: extern "C" fn() -> u64) -> ! {
    let pins = (pinmap::DHT11_DATA.gpio, pinmap::DS18B20_DATA.gpio, pinmap::DOOR_LED.gpio);
    let (Some(dht), Some(one_wire), Some(led)) = pins else { loop {} };
    let Some(mut board) = DriverBoard::new(Pin(dht), Pin(one_wire), Hspi, Adc, Pin(led), Delay) else { loop {} };
    let id = NodeId::try_from("rumah-1").unwrap_or_default();
    let mut node = Node::new(NodeConfig::new(id, session), millis());
    let mut link = SerialLink;
    loop {
        if let Wake::At(at) = node.step(millis(), &mut link, &mut board, &mut NoLog) {
            while millis() < at {}
        }
    }
}
