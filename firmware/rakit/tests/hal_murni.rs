//! The firmware's pure logic (`firmware/nodemcu/src/hal/pure.rs`: UART and
//! SPI divisors, the millisecond clock across the cycle counter's wrap, the
//! ADC calibration, the `# ` prefix of log lines, ...), tested on the PC.
//! The firmware crate builds only for the ESP8266, so its pure module is
//! compiled here as well, with its own unit tests.

#[allow(dead_code)]
#[path = "../../nodemcu/src/hal/pure.rs"]
mod pure;
