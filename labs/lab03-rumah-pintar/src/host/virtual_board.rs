//! The node's board on the PC: the real drivers on the virtual devices.

use crate::node::DriverBoard;
use crate::node::board::AnalogInput;
use virtual_hw::clock::VirtualDelay;
use virtual_hw::dht11::VirtualDht11;
use virtual_hw::ds18b20::VirtualDs18b20;
use virtual_hw::ldr::VirtualLdr;
use virtual_hw::led::VirtualLed;
use virtual_hw::mfrc522::VirtualMfrc522;
use virtual_hw::scenario::Devices;

/// The board type of a node on the PC.
pub type VirtualBoard =
    DriverBoard<VirtualDht11, VirtualDs18b20, VirtualMfrc522, Ldr, VirtualLed, VirtualDelay>;

/// The LDR through the node's ADC trait.
pub struct Ldr(pub VirtualLdr);

impl AnalogInput for Ldr {
    fn read_counts(&mut self) -> u16 {
        self.0.read_counts()
    }
}

/// Wires the scenario's virtual devices to the drivers.
pub fn board(devices: Devices, delay: VirtualDelay) -> VirtualBoard {
    DriverBoard::new(
        devices.dht11,
        devices.ds18b20,
        devices.rfid,
        Ldr(devices.ldr),
        devices.led,
        delay,
    )
    .expect("the virtual MFRC522 always answers")
}
