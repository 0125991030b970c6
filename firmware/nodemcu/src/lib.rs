//! # nodemcu: the smart-home node on a real ESP8266
//!
//! The very same `no_std` node application as the Lab 03 node on the PC
//! (`rumah_pintar::node`), with the board's real peripherals behind the
//! embedded-hal traits:
//!
//! - [`hal`]: small embedded-hal 1.0 implementations for the ESP8266
//!   (GPIO, delay, HSPI, UART0, ADC), over the registers;
//! - [`papan`]: the smart home's wiring (from `pinmap`) and the main loop;
//! - `qemu` (feature `qemu`): the same node on virtual peripherals from
//!   `firmware/tiruan`, printing its protocol lines through semihosting, so
//!   CI can run it on the ESP8266's instruction set under QEMU.
//!
//! `startup.S` is where the CPU starts; it calls [`rust_main`].

#![no_std]

#[cfg(all(feature = "lab", feature = "solusi"))]
compile_error!("pilih salah satu: node Lab 03 Anda (bawaan) atau --features solusi --no-default-features");
#[cfg(not(any(feature = "lab", feature = "solusi")))]
compile_error!("pilih node yang dibangun: fitur `lab` (bawaan) atau `solusi`");

#[cfg(not(feature = "qemu"))]
pub mod hal;
#[cfg(not(feature = "qemu"))]
pub mod papan;
#[cfg(feature = "qemu")]
pub mod qemu;

/// Called by `startup.S` once the stack is set and `.bss` is zeroed.
#[unsafe(no_mangle)]
pub extern "C" fn rust_main() -> ! {
    #[cfg(not(feature = "qemu"))]
    papan::run();
    #[cfg(feature = "qemu")]
    qemu::run();
}

/// LLVM turns traps (for example an out-of-bounds index that it proves can
/// happen) into calls to `abort`.
#[unsafe(no_mangle)]
pub extern "C" fn abort() -> ! {
    panic_stop()
}

#[panic_handler]
fn panic(_info: &core::panic::PanicInfo) -> ! {
    panic_stop()
}

fn panic_stop() -> ! {
    #[cfg(feature = "qemu")]
    qemu::exit(101);
    #[cfg(not(feature = "qemu"))]
    papan::halt();
}
