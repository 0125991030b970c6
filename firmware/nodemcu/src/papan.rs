//! The smart home on the NodeMCU: the wiring (from `pinmap`), the parts
//! (from [`hal`](crate::hal)) and the main loop that steps the Lab 03 node.
//!
//! Rust has no Wi-Fi driver for the ESP8266 (its radio needs Espressif's
//! closed libraries), so the node's "TCP connection" is UART0: it writes
//! its protocol lines to the USB serial port, and `praktikum jembatan` on
//! the PC carries them to the server and the answers back. The node's log
//! shares the line, each log line starting with `# `, so the bridge never
//! takes one for a protocol line.

use crate::hal::adc::Adc;
use crate::hal::chip;
use crate::hal::clock::{self, Delay, Millis};
use crate::hal::gpio::{Gpio16Output, OpenDrain, Output};
use crate::hal::pure::{self, AdcCalibration, LinePrefix};
use crate::hal::spi::Hspi;
use crate::hal::uart::Uart0;
use core::cell::Cell;
use core::convert::Infallible;
use core::fmt::Write;
use embedded_hal::delay::DelayNs;
use embedded_hal::digital::OutputPin;
use embedded_hal::spi::SpiDevice;
use embedded_hal_bus::spi::ExclusiveDevice;
use embedded_io::{Read, ReadReady};
use node_rumah::schedule::HomeSchedule;
use node_rumah::sensors::HomeSensors;
use pinmap::Pin;
use rumah_pintar::node::{AnalogInput, Link, Node, NodeConfig, Poll, Wake};
use rumah_pintar::protocol::NodeId;

// ANCHOR: settings
/// The node's name for the server. `None`: `nodemcu-` and six hex digits
/// of the chip id, different on every board. A name of your own instead:
/// `Some("ruang-tamu")` (lowercase letters, digits and `-`, at most 32).
const FIXED_NODE_ID: Option<&str> = None;

/// The ADC's calibration, measured on *your* board (see `hal::adc`). The
/// log shows `# ADC mentah=<raw> -> cahaya=<0..1023>` with every reading:
/// connect A0 to GND, wait for a line, write its raw value as `raw_at_0v`;
/// then A0 to 3V3, the raw value as `raw_at_full_scale`; build and flash
/// again. (These defaults were reported for another board with the same
/// A0 divider, without the SDK.)
const ADC_CALIBRATION: AdcCalibration = AdcCalibration { raw_at_0v: 402, raw_at_full_scale: 472 };
/// Log the raw ADC value with every reading, for the calibration above.
const LOG_ADC_RAW: bool = true;
// ANCHOR_END: settings

/// The MFRC522 takes up to 10 MHz; 1 MHz is plenty for a few bytes per
/// card poll and forgiving of long jumper wires.
const MFRC522_SPI_HZ: u32 = 1_000_000;
/// How long to wait before asking a silent MFRC522 again.
const READER_RETRY_MS: u32 = 5_000;
/// The MFRC522's `VersionReg` register.
const MFRC522_VERSION_REG: u8 = 0x37;

/// Which node this image carries, for the boot line.
const NODE_BUILT: &str = if cfg!(feature = "solusi") { "solusi acuan" } else { "Lab 03 Anda" };

/// The GPIO number of a board pin; evaluated while compiling, so a pin
/// without one (A0) is a build error, not a surprise on the board.
const fn gpio(pin: Pin) -> u8 {
    match pin.gpio {
        Some(gpio) => gpio,
        None => panic!("pin analog, bukan GPIO"),
    }
}

const DHT11: u8 = gpio(pinmap::DHT11_DATA);
const DS18B20: u8 = gpio(pinmap::DS18B20_DATA);
const DOOR_LED: u8 = gpio(pinmap::DOOR_LED);
const SCK: u8 = gpio(pinmap::MFRC522_SCK);
const MISO: u8 = gpio(pinmap::MFRC522_MISO);
const MOSI: u8 = gpio(pinmap::MFRC522_MOSI);
const CS: u8 = gpio(pinmap::MFRC522_CS);
const RST: u8 = gpio(pinmap::MFRC522_RST);

/// The MFRC522 as an `SpiDevice`: HSPI plus its chip-select pin.
type ReaderSpi = ExclusiveDevice<Hspi, Output, Delay>;
/// The node's sensors: Lab 03's `HomeSensors` (the driver crates) on this
/// HAL's pins.
type BoardSensors<'a> = HomeSensors<OpenDrain, OpenDrain, ReaderSpi, LoggedAdc<'a>, Delay>;

/// Called once from `rust_main`; never returns.
pub fn run() -> ! {
    // ANCHOR: boot
    // The ROM's boot message is still going out (at 74880 baud, for 52 MHz):
    // let it finish, then switch to 80 MHz and the real baud rate.
    Uart0.wait_sent();
    clock::init_80mhz();
    let mut uart = Uart0::configure(pinmap::UART_BAUD);
    // End the line of boot noise that the PC received at the wrong speed.
    let _ = uart.write_str("\n");
    let mut log = LinePrefix::new(uart, "# ");

    let id = node_id();
    // Different at every boot (see `chip::random_u32` for why it matters).
    let session = chip::random_u32();
    let _ = writeln!(log, "rumah pintar nodemcu: id={id}, sesi={session:x} (node: {NODE_BUILT})");
    let mut door_led = Output::new(DOOR_LED, true); // active low: high is off
    let adc_raw = Cell::new(None);
    let mut sensors = start_board(&mut log, &adc_raw);
    // The node's clock starts here: from now on the loop below reads it
    // often enough (at least once per 53 s, see `Millis`).
    let mut millis = Millis::start();
    let config = NodeConfig::new(id, session);
    let mut schedule = HomeSchedule::new(config.period_s, millis.now_ms());
    let mut node = Node::new(config, node_rumah::lines::encode, millis.now_ms());
    let mut link = SerialLink { uart };
    // ANCHOR_END: boot

    // ANCHOR: main_loop
    loop {
        let wake = node.step(millis.now_ms(), &mut link, &mut sensors, &mut schedule, &mut log);
        // The schedule lights the door LED on `BUKA`; the pin is ours.
        let _ = if node.led_lit() { door_led.set_low() } else { door_led.set_high() };
        if let Some(fault) = node.fault() {
            // A mistake in the Lab 03 code: the node never sends a wrong line.
            let _ = writeln!(log, "node berhenti: {fault}; tekan tombol RST untuk mulai lagi");
            stop();
        }
        if LOG_ADC_RAW && let Some(raw) = adc_raw.take() {
            let light = ADC_CALIBRATION.counts(raw);
            let _ = writeln!(log, "ADC mentah={raw} -> cahaya={light}");
        }
        match wake {
            // Nothing to do before `at`: wait (the node's timers are in ms).
            Wake::At(at) => while millis.now_ms() < at {},
            // An answer is awaited: step again as soon as a byte is in, or
            // after a millisecond (for the node's reply timeout).
            Wake::Network => {
                let until = millis.now_ms() + 1;
                while millis.now_ms() < until && !link.has_input() {}
            }
        }
    }
    // ANCHOR_END: main_loop
}

/// The node's id: [`FIXED_NODE_ID`], or one from the chip id.
fn node_id() -> NodeId {
    let mut id = NodeId::new();
    let _ = match FIXED_NODE_ID {
        Some(fixed) => id.push_str(fixed).map_err(|_| core::fmt::Error),
        None => write!(id, "nodemcu-{:06x}", chip::chip_id() & 0xFF_FFFF),
    };
    id
}

// ANCHOR: start_board
/// The sensors and the card reader as Lab 03's `HomeSensors`; each raw ADC
/// value goes to `adc_raw` for the calibration log line.
///
/// The MFRC522 is asked for its version first. The driver's own start-up
/// waits for the chip with no time limit, so a missing or badly wired
/// reader would hang the node there, silently. Instead the firmware says
/// so and asks again every few seconds until the reader answers.
fn start_board<'a>(log: &mut impl Write, adc_raw: &'a Cell<Option<u16>>) -> BoardSensors<'a> {
    loop {
        let mut reader = reader_spi();
        reset_reader();
        let version = read_reader_version(&mut reader);
        if !pure::mfrc522_answers(version) {
            let _ = writeln!(
                log,
                "MFRC522 tidak menjawab (VersionReg=0x{version:02x}); periksa kabel \
                 SCK={}, MISO={}, MOSI={}, SDA={}, RST={}; coba lagi {} detik lagi",
                pinmap::MFRC522_SCK.label,
                pinmap::MFRC522_MISO.label,
                pinmap::MFRC522_MOSI.label,
                pinmap::MFRC522_CS.label,
                pinmap::MFRC522_RST.label,
                READER_RETRY_MS / 1000,
            );
            Delay.delay_ms(READER_RETRY_MS);
            continue;
        }
        let _ = writeln!(log, "MFRC522 menjawab (versi 0x{version:02x})");
        let adc = LoggedAdc { adc: Adc::new(ADC_CALIBRATION), last_raw: adc_raw };
        match HomeSensors::new(OpenDrain::new(DHT11), OpenDrain::new(DS18B20), reader, adc, Delay) {
            Some(sensors) => return sensors,
            None => {
                let _ = writeln!(log, "MFRC522 gagal dimulai; coba lagi");
            }
        }
    }
}
// ANCHOR_END: start_board

/// The ADC as the sensors read it, keeping each raw value for the main
/// loop's calibration log line (the sensors own the ADC).
struct LoggedAdc<'a> {
    adc: Adc,
    last_raw: &'a Cell<Option<u16>>,
}

impl AnalogInput for LoggedAdc<'_> {
    fn read_counts(&mut self) -> u16 {
        let counts = self.adc.read_counts();
        self.last_raw.set(self.adc.take_last_raw());
        counts
    }
}

/// HSPI and the chip select (idle high) as one `SpiDevice`.
fn reader_spi() -> ReaderSpi {
    let bus = Hspi::new(SCK, MISO, MOSI, MFRC522_SPI_HZ);
    let Ok(device) = ExclusiveDevice::new(bus, Output::new(CS, true), Delay);
    device
}

/// A hardware reset: RST low switches the MFRC522 off, the rising edge
/// starts it; its oscillator then needs a moment.
fn reset_reader() {
    let mut rst = Gpio16Output::new(RST, false);
    Delay.delay_ms(1);
    let _ = rst.set_high();
    Delay.delay_ms(50);
}

/// Reads the MFRC522's `VersionReg`: the address byte (bit 7 = read,
/// register in bits 1..6), and the answer comes during the second byte.
fn read_reader_version(reader: &mut ReaderSpi) -> u8 {
    let mut frame = [0x80 | (MFRC522_VERSION_REG << 1), 0];
    match reader.transfer_in_place(&mut frame) {
        Ok(()) => frame[1],
        Err(_) => 0,
    }
}

// ANCHOR: serial_link
/// The node's `Link` to the server, over UART0 and the bridge on the PC.
struct SerialLink {
    uart: Uart0,
}

impl SerialLink {
    fn has_input(&mut self) -> bool {
        self.uart.read_ready().unwrap_or(false)
    }
}

impl Link for SerialLink {
    type Error = Infallible;

    /// The bridge holds the TCP connection; the node's `HALO`, which it
    /// sends right after this, tells the bridge to start a fresh one.
    /// Whatever is still in the receive FIFO belongs to the old connection
    /// (a late answer): dropped, so it is not taken for the answer to `HALO`.
    fn connect(&mut self) -> Result<(), Infallible> {
        while self.uart.try_read_byte().is_some() {}
        Ok(())
    }

    fn write_all(&mut self, data: &[u8]) -> Result<(), Infallible> {
        embedded_io::Write::write_all(&mut self.uart, data)
    }

    /// Takes what is in the UART's receive FIFO, never waiting for more.
    fn poll_read(&mut self, buffer: &mut [u8]) -> Result<Poll, Infallible> {
        if buffer.is_empty() || !self.has_input() {
            return Ok(Poll::Nothing);
        }
        Ok(Poll::Received(self.uart.read(buffer)?))
    }

    /// Nothing to close on a serial line: the next `HALO` is the new start.
    fn close(&mut self) {}
}
// ANCHOR_END: serial_link

// ANCHOR: halt
/// After a panic: say so on the serial line, then stop.
///
/// No formatting (the panic may have come from inside it), and no reset:
/// with no watchdog running, the board stays here with `# PANIK` as the
/// last line on the serial monitor until the reset button is pressed. An
/// automatic reset would hide the message in a loop of reboots.
pub fn halt() -> ! {
    let mut uart = Uart0;
    for &byte in b"\n# PANIK: node berhenti; tekan tombol RST untuk mulai lagi\n" {
        uart.write_byte(byte);
    }
    stop()
}
// ANCHOR_END: halt

/// Stays here, doing nothing, until the reset button is pressed.
fn stop() -> ! {
    loop {
        core::hint::spin_loop();
    }
}

/// Like [`halt`], with the panic's message and place first, as a log line
/// (`# PANIK: not yet implemented: Langkah 6: tick (./labs/.../schedule.rs:48)`): on a
/// student's board this says which `todo!()` or `unwrap` stopped the node.
/// (A panic inside this formatting goes straight to [`halt`]: see `lib.rs`.)
pub fn panicked(info: &core::panic::PanicInfo) -> ! {
    let mut log = LinePrefix::new(Uart0, "# ");
    let _ = write!(log, "\nPANIK: {}", info.message());
    if let Some(place) = info.location() {
        let _ = write!(log, " ({}:{})", place.file(), place.line());
    }
    halt()
}
