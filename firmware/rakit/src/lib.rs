//! # rakit: from Rust to an ESP8266 image
//!
//! The ESP8266 is not a target of the rustup toolchain. Debian's `rustc-web`
//! has LLVM with the Xtensa backend, so it compiles our `no_std` code for
//! the lx106 CPU; the rest of the way is GNU tools and esptool:
//!
//! 1. [`toolchain`]: check that everything is installed;
//! 2. cargo with Debian's rustc builds `firmware/nodemcu` and
//!    `compiler_builtins` to assembly (`--emit=asm`);
//! 3. [`literal_pools`] fixes LLVM 22's misplaced literal pools;
//! 4. `xtensa-lx106-elf-as` assembles, `xtensa-lx106-elf-gcc` links with
//!    `startup.S` and `esp8266.ld`;
//! 5. [`sizes`] checks IRAM, DRAM and flash against the chip's limits;
//! 6. `esptool elf2image` makes the files to flash (board build only).

pub mod literal_pools;
pub mod qemu;
pub mod sizes;
pub mod toolchain;

mod build;
pub use build::{Image, Node, Options, Target, build};
