//! The node in the scripted world of `simulation/tiruan`, for QEMU's lx106
//! CPU: no peripherals, only semihosting, the simulator's door to the PC's
//! standard output. CI compares what this prints with the PC build's.

use core::fmt::Write;

unsafe extern "C" {
    // In startup.S: the `simcall` instruction with QEMU's call numbers.
    fn semihosting_write(fd: u32, data: *const u8, len: usize) -> i32;
    fn semihosting_exit(status: u32) -> !;
}

/// QEMU's standard output.
struct Stdout;

impl Write for Stdout {
    fn write_str(&mut self, text: &str) -> core::fmt::Result {
        let mut rest = text.as_bytes();
        while !rest.is_empty() {
            // SAFETY: the pointer and length describe `rest`, which lives
            // for the whole call.
            let written = unsafe { semihosting_write(1, rest.as_ptr(), rest.len()) };
            if written <= 0 {
                return Err(core::fmt::Error);
            }
            rest = &rest[(written as usize).min(rest.len())..];
        }
        Ok(())
    }
}

/// The node with the chosen `node_rumah` (the student's or the solution's)
/// in the scripted world: the same call as the PC's `tiruan` example.
pub fn run() -> ! {
    let schedule = node_rumah::schedule::HomeSchedule::new(tiruan::PERIOD_S, 0);
    let outcome = tiruan::run(Stdout, node_rumah::lines::encode, schedule);
    exit(if outcome.succeeded() { 0 } else { 1 })
}

/// Prints the panic's message and location, then ends with status 101
/// (as a panicking Rust program on the PC does).
pub fn panic(info: &core::panic::PanicInfo) -> ! {
    let _ = writeln!(Stdout, "PANIK: {}", info.message());
    if let Some(location) = info.location() {
        let _ = writeln!(Stdout, "  di {}:{}", location.file(), location.line());
    }
    exit(101)
}

/// Ends QEMU with this exit status.
pub fn exit(status: u32) -> ! {
    // SAFETY: a simulator call that does not return.
    unsafe { semihosting_exit(status) }
}
