//! The Lab 02 client, instantiated with concrete minimal types for the
//! ESP8266, so that the compiler produces real machine code for its CPU.
//!
//! Nothing here is linked into an image: this crate exists to prove that the
//! `no_std` client builds for the lx106 and to measure how much flash and RAM
//! it takes. The types are the smallest that make sense on the chip: the
//! ROM's UART for the serial monitor, the cycle counter as the clock, and a
//! connection with no network (the ESP8266's Wi-Fi needs Espressif's closed
//! libraries). The Lab 03 node is a whole firmware image: see
//! `firmware/nodemcu` and `cargo praktikum firmware bangun`.

#![no_std]

#[cfg(all(feature = "lab", feature = "solusi"))]
compile_error!("pilih salah satu: --features lab --no-default-features, atau bawaan (solusi)");

mod client;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
