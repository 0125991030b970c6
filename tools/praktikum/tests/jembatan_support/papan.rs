//! The board: the Lab 03 node (the given `rumah_pintar::node::Node` with
//! the reference solution's sensors and schedule) on the virtual hardware, talking over the board's end of the cable instead of
//! TCP, and writing its log to the same port, as the ESP8266 does on UART0.

use node_rumah::lines::encode;
use node_rumah::schedule::HomeSchedule;
use node_rumah::sensors::HomeSensors;
use rumah_pintar::host::devices::{drive_led, split};
use rumah_pintar::node::{Link, Node, NodeConfig, Poll, Wake};
use serialport::{ClearBuffer, SerialPort};
use std::io::{self, Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};
use virtual_hw::scenario::{Scenario, Stage};

/// What the ESP8266's boot ROM prints at 74880 baud looks like at 115200:
/// noise, some of it longer than any protocol line, before the program
/// starts.
fn boot_noise() -> Vec<u8> {
    let mut noise = b"\xe0\x80\x00\x8c".repeat(100);
    noise.extend_from_slice(b"\n\x00\x9e\xe2\x8c\x12\n");
    noise
}

/// The node's link over a serial port. There is no connection: `connect`
/// only throws away what is waiting in the receive buffer (replies that
/// belong to an earlier connection), then the node says `HALO`, which the
/// bridge takes as the start of a new connection.
struct SerialLink {
    reader: Box<dyn SerialPort>,
    writer: Box<dyn SerialPort>,
}

impl Link for SerialLink {
    type Error = io::Error;

    fn connect(&mut self) -> io::Result<()> {
        self.reader.clear(ClearBuffer::Input)?;
        Ok(())
    }

    fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        self.writer.write_all(data)
    }

    fn poll_read(&mut self, buffer: &mut [u8]) -> io::Result<Poll> {
        // The reader's timeout is zero: nothing there is `TimedOut`.
        match self.reader.read(buffer) {
            Ok(0) => Ok(Poll::Closed),
            Ok(n) => Ok(Poll::Received(n)),
            Err(e) if e.kind() == io::ErrorKind::TimedOut => Ok(Poll::Nothing),
            Err(e) => Err(e),
        }
    }

    fn close(&mut self) {}
}

/// The node's log (its `core::fmt::Write`), on the same port. As in the
/// firmware (`firmware/nodemcu/src/papan.rs`), each log line starts with
/// `# `.
struct SerialMonitor {
    port: Box<dyn SerialPort>,
    at_line_start: bool,
}

impl core::fmt::Write for SerialMonitor {
    fn write_str(&mut self, text: &str) -> core::fmt::Result {
        for piece in text.split_inclusive('\n') {
            if self.at_line_start {
                self.port.write_all(b"# ").map_err(|_| core::fmt::Error)?;
            }
            self.port.write_all(piece.as_bytes()).map_err(|_| core::fmt::Error)?;
            self.at_line_start = piece.ends_with('\n');
        }
        Ok(())
    }
}

/// Opens the board's end of the cable.
pub fn open(path: &Path) -> (Box<dyn SerialPort>, Box<dyn SerialPort>) {
    let writer = serialport::new(path.to_string_lossy(), 115_200)
        .timeout(Duration::from_secs(5))
        .open()
        .unwrap_or_else(|e| panic!("{} tidak bisa dibuka: {e}", path.display()));
    let mut reader = writer.try_clone().unwrap();
    reader.set_timeout(Duration::ZERO).unwrap();
    (reader, writer)
}

/// Powers the board on: boot noise, then the node plays `scenario` in
/// virtual time (jumping ahead whenever it waits for nothing) until every
/// message has been answered. `Err` when that takes longer than `limit`.
pub fn play(port: &Path, scenario: &str, session: u32, limit: Duration) -> Result<(), String> {
    let scenario = Scenario::from_toml(scenario)?;
    let (reader, mut writer) = open(port);
    writer.write_all(&boot_noise()).map_err(|e| e.to_string())?;
    let log_port = writer.try_clone().map_err(|e| e.to_string())?;
    let mut monitor = SerialMonitor { port: log_port, at_line_start: true };
    let mut link = SerialLink { reader, writer };

    let (stage, devices) = Stage::new(scenario);
    let clock = stage.clock.clone();
    let (parts, mut led) = split(devices, clock.delay());
    let mut sensors =
        HomeSensors::new(parts.dht11, parts.ds18b20, parts.rfid, parts.ldr, parts.delay)
            .expect("the virtual MFRC522 always answers");
    let mut schedule = HomeSchedule::new(5, clock.now_ms());
    let id = "rumah-1".try_into().unwrap();
    let mut node = Node::new(NodeConfig::new(id, session), encode, clock.now_ms());
    let started = Instant::now();
    loop {
        stage.update();
        if stage.is_over() {
            node.stop_producing();
            if node.is_idle() {
                return Ok(());
            }
        }
        if started.elapsed() > limit {
            return Err(format!(
                "node belum selesai setelah {} s: {} pesan belum dijawab",
                limit.as_secs(),
                node.queued()
            ));
        }
        let wake = node.step(clock.now_ms(), &mut link, &mut sensors, &mut schedule, &mut monitor);
        drive_led(&mut led, node.led_lit());
        let now = clock.now_ms();
        match wake {
            // Nothing to wait for: jump, but not past the scenario's end.
            Wake::At(at) if node.is_idle() && node.is_connected() => {
                let end = stage.scenario.duration_ms;
                let target = if stage.is_over() { at } else { at.min(end) };
                clock.advance_ns(target.saturating_sub(now) * 1_000_000);
            }
            // An answer is awaited, or the server is away: wall-clock pace.
            _ => {
                std::thread::sleep(Duration::from_millis(1));
                clock.advance_ns(1_000_000);
            }
        }
    }
}
