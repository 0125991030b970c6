//! The scenario's virtual devices, as the student's `HomeSensors::new`
//! takes them: the same types of pins and buses the real board has.

use crate::node::AnalogInput;
use embedded_hal::digital::OutputPin;
use virtual_hw::clock::VirtualDelay;
use virtual_hw::dht11::VirtualDht11;
use virtual_hw::ds18b20::VirtualDs18b20;
use virtual_hw::ldr::VirtualLdr;
use virtual_hw::led::VirtualLed;
use virtual_hw::mfrc522::VirtualMfrc522;
use virtual_hw::scenario::Devices;

/// The LDR on A0 through the node's ADC trait.
pub struct Ldr(pub VirtualLdr);

impl AnalogInput for Ldr {
    fn read_counts(&mut self) -> u16 {
        self.0.read_counts()
    }
}

/// Drives the door LED, which is active low (D8 sinks its current).
pub fn drive_led<P: OutputPin>(pin: &mut P, lit: bool) {
    let _ = if lit { pin.set_low() } else { pin.set_high() };
}

/// The virtual devices a `HomeSensors` is made of, with the virtual delay
/// that the drivers wait with.
pub struct SensorParts {
    pub dht11: VirtualDht11,
    pub ds18b20: VirtualDs18b20,
    pub ldr: Ldr,
    pub rfid: VirtualMfrc522,
    pub delay: VirtualDelay,
}

/// Splits a scenario's devices into the sensors' parts and the door LED.
pub fn split(devices: Devices, delay: VirtualDelay) -> (SensorParts, VirtualLed) {
    let Devices { dht11, ds18b20, ldr, rfid, led } = devices;
    (SensorParts { dht11, ds18b20, ldr: Ldr(ldr), rfid, delay }, led)
}
