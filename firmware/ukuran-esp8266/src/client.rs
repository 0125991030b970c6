//! The Lab 02 client with the ESP8266's ROM UART, cycle counter and no
//! network (the Wi-Fi needs Espressif's closed libraries).

// Both packages of each lab name their library the same (`klien_esp`,
// `rumah_pintar`); the feature picks which.
use klien_esp as klien;

use core::fmt::Write;
use embedded_hal::delay::DelayNs;
use klien::{Clock, Poll, Settings, TcpConnection, connect_server};

unsafe extern "C" {
    /// ROM: send one byte on UART0.
    fn uart_tx_one_char(byte: u8) -> i32;
    /// ROM: busy-wait this many microseconds.
    fn ets_delay_us(us: u32);
    /// ROM: the CPU cycle counter.
    fn xthal_get_ccount() -> u32;
}

/// UART0 through the ROM, as the serial monitor.
struct RomSerial;

impl Write for RomSerial {
    fn write_str(&mut self, text: &str) -> core::fmt::Result {
        for byte in text.bytes() {
            // SAFETY: a ROM function of every ESP8266, at a fixed address.
            unsafe { uart_tx_one_char(byte) };
        }
        Ok(())
    }
}

/// Milliseconds from the cycle counter (80 MHz), and the ROM's delay.
struct CycleClock {
    last: u32,
    ms: u64,
    cycles: u32,
}

impl Clock for CycleClock {
    fn now_ms(&mut self) -> u64 {
        // SAFETY: reads a CPU register through the ROM.
        let now = unsafe { xthal_get_ccount() };
        self.cycles += now.wrapping_sub(self.last);
        self.last = now;
        self.ms += u64::from(self.cycles / 80_000);
        self.cycles %= 80_000;
        self.ms
    }
}

impl DelayNs for CycleClock {
    fn delay_ns(&mut self, ns: u32) {
        // SAFETY: a ROM function of every ESP8266, at a fixed address.
        unsafe { ets_delay_us(ns.div_ceil(1000)) };
    }
}

/// No Wi-Fi: every connection attempt fails, as on a board without network.
struct NoNetwork;

impl TcpConnection for NoNetwork {
    type Error = ();
    fn connect(&mut self, _host: &str, _port: u16) -> Result<(), ()> {
        Err(())
    }
    fn write_all(&mut self, _data: &[u8]) -> Result<(), ()> {
        Err(())
    }
    fn poll_read(&mut self, _buffer: &mut [u8]) -> Result<Poll, ()> {
        Ok(Poll::Closed)
    }
    fn stop(&mut self) {}
}

/// One pass of the client, callable from the board's startup code.
#[unsafe(no_mangle)]
pub extern "C" fn klien_satu_putaran() -> u32 {
    let settings = Settings { host: "192.168.43.85", port: 2004, message: "Hai from ESP8266", timeout_ms: 1000 };
    let mut clock = CycleClock { last: 0, ms: 0, cycles: 0 };
    match connect_server(&mut NoNetwork, &mut RomSerial, &mut clock, &settings) {
        klien::Cycle::Replied(reply) => reply.text.len() as u32,
        _ => 0,
    }
}

