//! # nodemcu: the smart-home node on a real ESP8266
//!
//! The very same `no_std` node as the Lab 03 node on the PC (the given
//! `rumah_pintar::node` with the student's `node_rumah`: `encode`,
//! `HomeSensors`, `HomeSchedule`), with the board's real peripherals behind
//! the embedded-hal traits:
//!
//! - [`hal`]: small embedded-hal 1.0 implementations for the ESP8266
//!   (GPIO, delay, HSPI, UART0, ADC), over the registers;
//! - [`papan`]: the smart home's wiring (from `pinmap`) and the main loop;
//! - `qemu` (feature `qemu`): the same node on virtual peripherals from
//!   `simulation/tiruan`, printing its protocol lines through semihosting, so
//!   CI can run it on the ESP8266's instruction set under QEMU.
//!
//! `startup.S` is where the CPU starts; it calls [`rust_main`].

#![no_std]

#[cfg(all(feature = "lab", feature = "solusi"))]
compile_error!(
    "pilih salah satu: node Lab 03 Anda (bawaan) atau --features solusi --no-default-features"
);
#[cfg(not(any(feature = "lab", feature = "solusi")))]
compile_error!("pilih node yang dibangun: fitur `lab` (bawaan) atau `solusi`");

// The student's half of the node (`encode`, `HomeSensors`, `HomeSchedule`):
// the student's own Lab 03, or the reference solution. Both crates are
// `node_rumah`; the other code names neither.
#[cfg(all(feature = "lab", not(feature = "solusi")))]
extern crate lab03 as node_rumah;
#[cfg(feature = "solusi")]
extern crate solusi03 as node_rumah;

#[cfg(not(feature = "qemu"))]
pub mod hal;
#[cfg(not(feature = "qemu"))]
pub mod papan;
#[cfg(feature = "qemu")]
pub mod qemu;

// ANCHOR: rust_main
/// Called by `startup.S` once the stack is set and `.bss` is zeroed.
#[unsafe(no_mangle)]
pub extern "C" fn rust_main() -> ! {
    #[cfg(not(feature = "qemu"))]
    papan::run();
    #[cfg(feature = "qemu")]
    qemu::run();
}
// ANCHOR_END: rust_main

/// LLVM turns traps (for example an out-of-bounds index that it proves can
/// happen) into calls to `abort`.
#[unsafe(no_mangle)]
pub extern "C" fn abort() -> ! {
    #[cfg(feature = "qemu")]
    qemu::exit(134);
    #[cfg(not(feature = "qemu"))]
    papan::halt();
}

/// Set by the first panic: a second one (inside the first's message) stops
/// at once instead of recursing. (Not an atomic: the lx106 has no atomic
/// instructions, and with one core and no interrupts none is needed.)
static mut PANICKING: bool = false;

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    // SAFETY: one core, no interrupt handlers: nothing else touches it.
    let again = unsafe { core::ptr::replace(&raw mut PANICKING, true) };
    // The message is worth its code size: it tells the student which
    // `todo!()` or `unwrap` stopped the node.
    #[cfg(feature = "qemu")]
    if again {
        qemu::exit(101)
    } else {
        qemu::panic(info)
    }
    #[cfg(not(feature = "qemu"))]
    if again { papan::halt() } else { papan::panicked(info) }
}
