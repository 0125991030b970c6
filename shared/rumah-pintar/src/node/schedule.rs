//! When the node reads and sends: the [`Schedule`] trait the student
//! implements (langkah 6), and the [`Outbox`] the node gives it.

use super::runtime::Queue;
use super::sensors::Sensors;
use crate::protocol::{Reading, Uid};
use core::fmt;

// ANCHOR: schedule
/// Jadwal node. [`Node`](super::Node) yang diberikan memanggil
/// [`tick`](Schedule::tick) di setiap langkahnya dan [`on_open`](Schedule::on_open)
/// saat server menjawab `BUKA`; sisanya (antrean, `seq`, koneksi, jawaban
/// server) urusan node.
pub trait Schedule {
    /// Mengerjakan yang jatuh tempo pada `now_ms`: `DATA` setiap periode,
    /// mencari kartu, memadamkan LED. Mengembalikan waktu (ms) hal berikutnya,
    /// yang harus lebih besar dari `now_ms`; node tidur sampai waktu itu,
    /// atau sampai jaringan membutuhkannya.
    fn tick(&mut self, now_ms: u64, sensors: &mut dyn Sensors, out: &mut Outbox<'_>) -> u64;
    /// Server menjawab `BUKA` untuk sebuah kartu: buka pintu (LED).
    fn on_open(&mut self, now_ms: u64, out: &mut Outbox<'_>);
}
// ANCHOR_END: schedule

/// Jalan keluar sebuah [`Schedule`]: pesan ke server (node menambahkan id
/// dan `seq` berikutnya), LED pintu, dan log (`writeln!(out, "...")` menulis
/// satu baris ke monitor serial).
pub struct Outbox<'a> {
    pub(super) queue: &'a mut Queue,
    pub(super) led: &'a mut bool,
    pub(super) log: &'a mut dyn fmt::Write,
}

// ANCHOR: outbox
impl Outbox<'_> {
    /// Mengantrekan `DATA` dengan pembacaan ini; mengembalikan `seq`-nya.
    pub fn send_data(&mut self, reading: Reading) -> u32 {
        self.queue.push_data(reading, self.log)
    }

    /// Mengantrekan `RFID` untuk kartu ini; mengembalikan `seq`-nya.
    pub fn send_rfid(&mut self, uid: Uid) -> u32 {
        self.queue.push_rfid(uid, self.log)
    }

    /// Menyalakan LED pintu (`true`) atau memadamkannya (`false`).
    pub fn set_led(&mut self, lit: bool) {
        *self.led = lit;
    }

    /// Apakah LED pintu menyala.
    pub fn led(&self) -> bool {
        *self.led
    }
}
// ANCHOR_END: outbox

/// Log: monitor serial di papan, stdout di PC.
impl fmt::Write for Outbox<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.log.write_str(text)
    }
}
