//! A virtual DS18B20 temperature sensor on a 1-Wire bus.
//!
//! What is modelled (Maxim DS18B20 datasheet, 19-7487 rev 6):
//! - The bus is open drain with a 4.7 kΩ pull-up: low when the host or the
//!   sensor pulls it low.
//! - Reset: a host low of at least 480 µs; 30 µs after the release the
//!   sensor answers with a 120 µs presence pulse (15–60 µs and 60–240 µs in
//!   the datasheet).
//! - Time slots begin with the host pulling low. In a write slot the sensor
//!   samples about 30 µs in: a release before 15 µs is a 1, a low of 60 µs
//!   or more is a 0. In a read slot (while the sensor has data to send) the
//!   sensor holds the line low for 30 µs to send a 0, and leaves it to
//!   send a 1.
//! - ROM commands: READ ROM (0x33), MATCH ROM (0x55), SKIP ROM (0xCC) and
//!   SEARCH ROM (0xF0). Function commands: CONVERT T (0x44), which takes
//!   750 ms at 12-bit resolution (read slots return 0 until it is done),
//!   and READ SCRATCHPAD (0xBE): 9 bytes ending with the Dallas/Maxim CRC8.
//! - The 64-bit ROM: family code 0x28, a 48-bit serial number, CRC8.
//! - At power-on the scratchpad holds 85 °C, the well-known value a program
//!   reads when it forgets to wait for the conversion.
//!
//! Faults: the sensor can be unplugged (no presence pulse), and the
//! scratchpad can be corrupted on the wire (CRC mismatch).
//!
//! What is not modelled: parasite power, alarm search, writing and copying
//! the scratchpad, resolutions other than 12 bits, and several sensors on
//! one bus.

use crate::clock::VirtualClock;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::rc::Rc;

const US: u64 = 1_000;
const MS: u64 = 1_000_000;
const RESET_MIN_NS: u64 = 480 * US;
/// A low shorter than this is a glitch, not a time slot.
const GLITCH_MAX_NS: u64 = US;
/// A write slot shorter than this is a 1.
const WRITE_ONE_MAX_NS: u64 = 15 * US;
const CONVERSION_NS: u64 = 750 * MS;

/// The DS18B20's family code, the first byte of its ROM.
pub const FAMILY_CODE: u8 = 0x28;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ds18b20Fault {
    /// No presence pulse: unplugged, or no power.
    Unplugged,
    /// One scratchpad byte is flipped on the wire: the CRC does not match.
    CorruptScratchpad,
}

/// Where the sensor is in a 1-Wire transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    /// Not addressed: waits for a reset.
    Idle,
    RomCommand,
    MatchRom {
        received: Vec<u8>,
    },
    /// SEARCH ROM, at `bit`: sends the bit and its complement, then reads
    /// the host's choice.
    SearchRom {
        bit: usize,
    },
    FunctionCommand,
    /// After CONVERT T: read slots say whether the conversion is done.
    Converting,
}

#[derive(Debug)]
struct Sensor {
    rom: [u8; 8],
    /// The temperature of the room, in 1/16 °C.
    room_sixteenths: i16,
    /// The temperature register, in 1/16 °C.
    measured_sixteenths: i16,
    conversion_done_at: Option<(u64, i16)>,
    fault: Option<Ds18b20Fault>,
    phase: Phase,
    received_bits: u8,
    received_count: u8,
    /// Bits waiting to be read by the host, first one first.
    sending: VecDeque<bool>,
}

#[derive(Debug, Default)]
struct Bus {
    host_low_since: Option<u64>,
    /// When the sensor pulls low: `[from, to)`.
    sensor_low: Option<(u64, u64)>,
}

struct Shared {
    bus: Bus,
    sensor: Sensor,
}

/// The data pin as the microcontroller sees it: `InputPin + OutputPin`.
pub struct VirtualDs18b20 {
    clock: VirtualClock,
    shared: Rc<RefCell<Shared>>,
}

/// The test's or scenario's handle: the room temperature and faults.
#[derive(Clone)]
pub struct Ds18b20Environment {
    shared: Rc<RefCell<Shared>>,
}

impl VirtualDs18b20 {
    /// A sensor with the given 48-bit serial number, at 20 °C.
    pub fn new(clock: &VirtualClock, serial: [u8; 6]) -> (VirtualDs18b20, Ds18b20Environment) {
        let mut rom =
            [FAMILY_CODE, serial[0], serial[1], serial[2], serial[3], serial[4], serial[5], 0];
        rom[7] = crc8(&rom[..7]);
        let sensor = Sensor {
            rom,
            room_sixteenths: 20 * 16,
            measured_sixteenths: 85 * 16,
            conversion_done_at: None,
            fault: None,
            phase: Phase::Idle,
            received_bits: 0,
            received_count: 0,
            sending: VecDeque::new(),
        };
        let shared = Rc::new(RefCell::new(Shared { bus: Bus::default(), sensor }));
        (
            VirtualDs18b20 { clock: clock.clone(), shared: Rc::clone(&shared) },
            Ds18b20Environment { shared },
        )
    }
}

impl Ds18b20Environment {
    /// The room temperature, in °C (kept within -55..=125 °C and rounded to 1/16 °C).
    pub fn set_temperature(&self, celsius: f64) {
        let sixteenths = (celsius.clamp(-55.0, 125.0) * 16.0).round() as i16;
        self.shared.borrow_mut().sensor.room_sixteenths = sixteenths;
    }

    pub fn set_fault(&self, fault: Option<Ds18b20Fault>) {
        self.shared.borrow_mut().sensor.fault = fault;
    }

    /// The sensor's 64-bit ROM code.
    pub fn rom(&self) -> [u8; 8] {
        self.shared.borrow().sensor.rom
    }
}

impl Sensor {
    fn unplugged(&self) -> bool {
        self.fault == Some(Ds18b20Fault::Unplugged)
    }

    /// Finishes a conversion whose time has come.
    fn update(&mut self, now: u64) {
        if let Some((done_at, value)) = self.conversion_done_at
            && now >= done_at
        {
            self.measured_sixteenths = value;
            self.conversion_done_at = None;
        }
    }

    fn scratchpad(&self) -> [u8; 9] {
        let [lsb, msb] = self.measured_sixteenths.to_le_bytes();
        // TH, TL and the configuration register hold their power-on values (12-bit).
        let mut bytes = [lsb, msb, 0x4B, 0x46, 0x7F, 0xFF, 0x0C, 0x10, 0];
        bytes[8] = crc8(&bytes[..8]);
        if self.fault == Some(Ds18b20Fault::CorruptScratchpad) {
            bytes[0] ^= 0x01;
        }
        bytes
    }

    fn send_bytes(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.sending.extend((0..8).map(|bit| byte >> bit & 1 == 1)); // LSB first
        }
    }

    fn reset(&mut self) {
        self.phase = Phase::RomCommand;
        self.received_bits = 0;
        self.received_count = 0;
        self.sending.clear();
    }

    /// The bit the sensor sends in the read slot starting now, if any.
    fn bit_to_send(&mut self, now: u64) -> Option<bool> {
        if let Some(bit) = self.sending.front() {
            return Some(*bit);
        }
        match self.phase {
            Phase::Converting => {
                Some(self.conversion_done_at.is_none_or(|(done_at, _)| now >= done_at))
            }
            _ => None,
        }
    }

    /// A write slot's bit arrived.
    fn receive_bit(&mut self, bit: bool, now: u64) {
        if let Phase::SearchRom { bit: index } = self.phase {
            let ours = self.rom[index / 8] >> (index % 8) & 1 == 1;
            self.phase = if bit != ours {
                Phase::Idle // the host chose another sensor's branch
            } else if index == 63 {
                Phase::FunctionCommand
            } else {
                self.queue_search_bit(index + 1);
                Phase::SearchRom { bit: index + 1 }
            };
            return;
        }
        self.received_bits |= u8::from(bit) << self.received_count;
        self.received_count += 1;
        if self.received_count == 8 {
            let byte = self.received_bits;
            self.received_bits = 0;
            self.received_count = 0;
            self.receive_byte(byte, now);
        }
    }

    fn queue_search_bit(&mut self, index: usize) {
        let ours = self.rom[index / 8] >> (index % 8) & 1 == 1;
        self.sending.extend([ours, !ours]);
    }

    fn receive_byte(&mut self, byte: u8, now: u64) {
        self.phase = match (std::mem::replace(&mut self.phase, Phase::Idle), byte) {
            (Phase::RomCommand, 0x33) => {
                let rom = self.rom;
                self.send_bytes(&rom);
                Phase::FunctionCommand
            }
            (Phase::RomCommand, 0x55) => Phase::MatchRom { received: Vec::new() },
            (Phase::RomCommand, 0xCC) => Phase::FunctionCommand,
            (Phase::RomCommand, 0xF0) => {
                self.queue_search_bit(0);
                Phase::SearchRom { bit: 0 }
            }
            (Phase::MatchRom { mut received }, byte) => {
                received.push(byte);
                match received.len() {
                    8 if received == self.rom => Phase::FunctionCommand,
                    8 => Phase::Idle,
                    _ => Phase::MatchRom { received },
                }
            }
            (Phase::FunctionCommand, 0x44) => {
                self.conversion_done_at = Some((now + CONVERSION_NS, self.room_sixteenths));
                Phase::Converting
            }
            (Phase::FunctionCommand, 0xBE) => {
                self.update(now);
                let scratchpad = self.scratchpad();
                self.send_bytes(&scratchpad);
                Phase::Idle
            }
            _ => Phase::Idle, // unknown or unsupported: wait for the next reset
        };
    }
}

impl VirtualDs18b20 {
    fn pull_low(&mut self) {
        let now = self.clock.now_ns();
        let mut shared = self.shared.borrow_mut();
        if shared.bus.host_low_since.is_some() {
            return; // already low: the slot started earlier
        }
        shared.bus.host_low_since = Some(now);
        shared.sensor.update(now);
        if shared.sensor.unplugged()
            || shared.sensor.phase == Phase::Idle && shared.sensor.sending.is_empty()
        {
            return;
        }
        // A falling edge starts a slot: to send a 0, hold the line low.
        if shared.sensor.bit_to_send(now) == Some(false) {
            shared.bus.sensor_low = Some((now, now + 30 * US));
        }
    }

    fn release(&mut self) {
        let now = self.clock.now_ns();
        let mut shared = self.shared.borrow_mut();
        let Some(since) = shared.bus.host_low_since.take() else { return };
        if shared.sensor.unplugged() {
            return;
        }
        let low_for = now - since;
        if low_for < GLITCH_MAX_NS {
            // Too short to be a slot (the datasheet's minimum low is 1 µs):
            // the sensor ignores it, and keeps its bit for the next slot.
            if shared.bus.sensor_low.is_some_and(|(from, _)| from == since) {
                shared.bus.sensor_low = None;
            }
            return;
        }
        if low_for >= RESET_MIN_NS {
            shared.sensor.reset();
            shared.bus.sensor_low = Some((now + 30 * US, now + 150 * US)); // presence pulse
            return;
        }
        let sensor = &mut shared.sensor;
        if sensor.sending.pop_front().is_some() || sensor.phase == Phase::Converting {
            return; // a read slot
        }
        if sensor.phase != Phase::Idle {
            sensor.receive_bit(low_for < WRITE_ONE_MAX_NS, now);
        }
    }

    fn level_is_high(&self) -> bool {
        let now = self.clock.now_ns();
        let shared = self.shared.borrow();
        let sensor_pulls =
            shared.bus.sensor_low.is_some_and(|(from, to)| (from..to).contains(&now));
        !(shared.bus.host_low_since.is_some() || sensor_pulls)
    }
}

/// The Dallas/Maxim 1-Wire CRC8 (polynomial x⁸ + x⁵ + x⁴ + 1, LSB first).
pub fn crc8(bytes: &[u8]) -> u8 {
    let mut crc = 0u8;
    for &byte in bytes {
        let mut byte = byte;
        for _ in 0..8 {
            let mix = (crc ^ byte) & 1;
            crc >>= 1;
            if mix == 1 {
                crc ^= 0x8C;
            }
            byte >>= 1;
        }
    }
    crc
}

impl embedded_hal::digital::ErrorType for VirtualDs18b20 {
    type Error = Infallible;
}

impl embedded_hal::digital::OutputPin for VirtualDs18b20 {
    fn set_low(&mut self) -> Result<(), Infallible> {
        self.pull_low();
        Ok(())
    }

    /// Open drain: "high" means letting go; the pull-up does the rest.
    fn set_high(&mut self) -> Result<(), Infallible> {
        self.release();
        Ok(())
    }
}

impl embedded_hal::digital::InputPin for VirtualDs18b20 {
    fn is_high(&mut self) -> Result<bool, Infallible> {
        Ok(self.level_is_high())
    }

    fn is_low(&mut self) -> Result<bool, Infallible> {
        Ok(!self.level_is_high())
    }
}

#[cfg(test)]
mod tests {
    use super::crc8;

    #[test]
    fn crc8_matches_the_datasheet_example() {
        // The ROM code used in Maxim's application note 27.
        let rom = [0x02, 0x1C, 0xB8, 0x01, 0x00, 0x00, 0x00];
        assert_eq!(crc8(&rom), 0xA2);
        assert_eq!(
            crc8(&[0x02, 0x1C, 0xB8, 0x01, 0x00, 0x00, 0x00, 0xA2]),
            0,
            "a correct CRC makes the total 0"
        );
    }
}
