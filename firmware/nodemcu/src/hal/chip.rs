//! What makes this chip this chip: its id, and random numbers.

use super::clock::{self, CPU_MHZ};
use super::pure;
use super::regs;

/// The chip id from the eFuses (written at the factory); its low 24 bits
/// are what Arduino's `ESP.getChipId()` prints.
pub fn chip_id() -> u32 {
    pure::chip_id(regs::EFUSE_DATA0.read(), regs::EFUSE_DATA1.read())
}

// ANCHOR: random
/// A random `u32`, different at every boot (for the node's session id).
///
/// Two sources, mixed:
/// - the hardware generator `WDEV_RAND`. Its randomness comes from the
///   radio; with the radio off, as here, it may well be a pseudo-random
///   sequence that starts the same at every power-on (Espressif documents
///   this for the ESP32; for the ESP8266 nobody knows);
/// - the jitter between two clocks: the RTC counter runs from an on-chip RC
///   oscillator (about 150 kHz, drifting with temperature and voltage), the
///   cycle counter from the crystal. Where the CPU's cycle count stands
///   when the RTC counter ticks varies from boot to boot.
///
/// It matters: the server recognises resent messages by (id, session, seq).
/// A session that repeated after a reset would make the new readings,
/// numbered from 1 again, look like resends of the old ones, and the
/// server would not store them.
pub fn random_u32() -> u32 {
    let mut value = regs::WDEV_RAND.read();
    for _ in 0..32 {
        let tick = regs::RTC_COUNTER.read();
        let start = clock::cycles();
        // One RTC tick is about 7 µs; give up after 50 µs (a stopped
        // counter must not hang the boot).
        while regs::RTC_COUNTER.read() == tick && clock::cycles().wrapping_sub(start) < 50 * CPU_MHZ
        {
        }
        value = pure::mix32(value ^ regs::WDEV_RAND.read(), clock::cycles());
    }
    value
}
// ANCHOR_END: random
