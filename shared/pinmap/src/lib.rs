//! # pinmap: the smart home's wiring, in one place
//!
//! Every part of the workbook that needs to know which sensor is on which
//! pin reads it from here: the virtual hardware, the node application, the
//! board firmware, and the tests that check the schematics and the book's
//! pin table. `no_std` and without dependencies, unless the feature
//! `sketch` is on.
//!
//! The NodeMCU (ESP-12E) labels its pins D0..D8 and A0; the ESP8266 itself
//! numbers them GPIO0..GPIO16.
//!
//! Tata letak:
//! - this file: the pins, the parts' values and [`CONNECTIONS`].
//! - `sketch` (feature `sketch`, needs `std`): reads a Fritzing sketch
//!   (`.fzz`) and checks its wiring against [`CONNECTIONS`]; the reference
//!   sketch in `schematics/` and the student's own (Lab 03, langkah 0).

#![no_std]

#[cfg(feature = "sketch")]
extern crate std;

#[cfg(feature = "sketch")]
pub mod sketch;

/// One pin of the NodeMCU board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pin {
    /// The label printed on the board (`D2`).
    pub label: &'static str,
    /// The ESP8266 GPIO number (`4`), or `None` for the analog input A0.
    pub gpio: Option<u8>,
}

impl Pin {
    const fn gpio(label: &'static str, gpio: u8) -> Pin {
        Pin { label, gpio: Some(gpio) }
    }
}

/// DHT11 data line (single-wire, open drain, the module has its own pull-up).
pub const DHT11_DATA: Pin = Pin::gpio("D2", 4);
/// DS18B20 data line (1-Wire, open drain, 4.7 kΩ pull-up to 3.3 V).
pub const DS18B20_DATA: Pin = Pin::gpio("D1", 5);
/// The LDR voltage divider, on the ESP8266's only ADC input.
pub const LDR_ANALOG: Pin = Pin { label: "A0", gpio: None };
/// MFRC522 on the HSPI bus.
pub const MFRC522_SCK: Pin = Pin::gpio("D5", 14);
pub const MFRC522_MISO: Pin = Pin::gpio("D6", 12);
pub const MFRC522_MOSI: Pin = Pin::gpio("D7", 13);
/// MFRC522 chip select (SDA on the module).
pub const MFRC522_CS: Pin = Pin::gpio("D8", 15);
/// MFRC522 reset (RST on the module).
pub const MFRC522_RST: Pin = Pin::gpio("D0", 16);
/// The door LED, active low: an LED with a 220 Ω resistor from 3.3 V to D4
/// (the NodeMCU's own blue LED on GPIO2 lights with it). Lit for
/// [`DOOR_LED_MS`] when the door opens.
pub const DOOR_LED: Pin = Pin::gpio("D4", 2);
/// D3 (GPIO0) selects the boot mode: it is left free.
pub const LEFT_FREE: Pin = Pin::gpio("D3", 0);

/// How long the LED stays lit after `BUKA`.
pub const DOOR_LED_MS: u32 = 2000;
/// The pull-up on the DS18B20 line, in ohms.
pub const DS18B20_PULL_UP_OHMS: u32 = 4700;
/// The fixed resistor of the LDR divider (LDR to 3.3 V, this one to GND), in ohms.
pub const LDR_DIVIDER_OHMS: u32 = 10_000;
/// UART0 (TX = GPIO1, RX = GPIO3) speed to the PC.
pub const UART_BAUD: u32 = 115_200;

/// Every connection, for the pin table and the schematic check:
/// `(part, part's pin, board pin)`.
pub const CONNECTIONS: [(&str, &str, Pin); 10] = [
    ("DHT11", "DATA", DHT11_DATA),
    ("DS18B20", "DQ", DS18B20_DATA),
    ("LDR", "pembagi tegangan", LDR_ANALOG),
    ("MFRC522", "SCK", MFRC522_SCK),
    ("MFRC522", "MISO", MFRC522_MISO),
    ("MFRC522", "MOSI", MFRC522_MOSI),
    ("MFRC522", "SDA (CS)", MFRC522_CS),
    ("MFRC522", "RST", MFRC522_RST),
    ("LED", "katoda (aktif rendah)", DOOR_LED),
    ("(bebas)", "pin boot", LEFT_FREE),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_gpio_is_used_twice() {
        for (i, (_, _, a)) in CONNECTIONS.iter().enumerate() {
            for (_, _, b) in &CONNECTIONS[i + 1..] {
                assert!(a.label != b.label, "{} is used twice", a.label);
            }
        }
    }

    #[test]
    fn the_nodemcu_labels_match_the_gpio_numbers() {
        // NodeMCU's D-label to GPIO mapping.
        let nodemcu = [
            ("D0", 16),
            ("D1", 5),
            ("D2", 4),
            ("D3", 0),
            ("D4", 2),
            ("D5", 14),
            ("D6", 12),
            ("D7", 13),
            ("D8", 15),
        ];
        for (_, _, pin) in CONNECTIONS {
            if let Some(gpio) = pin.gpio {
                assert!(
                    nodemcu.contains(&(pin.label, gpio)),
                    "{} is not GPIO{gpio} on a NodeMCU",
                    pin.label
                );
            }
        }
    }
}
