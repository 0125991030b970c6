//! # virtual-hw: the smart home's hardware, simulated on the PC
//!
//! Virtual peripherals that implement the embedded-hal 1.0 traits and behave
//! as their datasheets say, so that the real driver crates run against them
//! unchanged. One [`VirtualClock`] drives them all: time moves only through
//! the delays the drivers ask for.
//!
//! Layout:
//! - [`clock`]: the virtual clock and its `DelayNs`.
//! - [`dht11`]: temperature and humidity on one open-drain wire.
//! - [`ds18b20`]: temperature on a 1-Wire bus (reset, ROM, scratchpad, CRC).
//! - [`led`]: the door LED (active low), with a record of when it was lit.
//! - [`ldr`]: the light sensor, a voltage divider on the only ADC input (A0).
//! - [`mfrc522`]: the RFID reader's registers, FIFO and a card (ISO 14443A).
//! - [`scenario`]: the environment over time from a TOML file, played on the clock.

pub mod clock;
pub mod dht11;
pub mod ds18b20;
pub mod ldr;
pub mod led;
pub mod mfrc522;
pub mod scenario;

pub use clock::{VirtualClock, VirtualDelay};
