//! Langkah 6: apa yang dilakukan node, kapan.

// Langkah 6 memakai ini: hapus `allow` bila sudah selesai.
#[allow(unused_imports)]
use rumah_pintar::node::{DOOR_LED_MS, Outbox, Schedule, Sensors};
#[allow(unused_imports)]
use rumah_pintar::protocol::{Decimal, Reading};

/// Seberapa sering mencari kartu (satu tempelan kira-kira satu detik).
pub const CARD_POLL_MS: u64 = 250;

// ANCHOR: struct
/// Jadwal node: waktu berikutnya setiap hal jatuh tempo.
#[allow(dead_code)] // Langkah 6 memakai field-field ini: hapus `allow` bila sudah selesai.
pub struct HomeSchedule {
    period_ms: u64,
    next_data_at: u64,
    next_card_at: u64,
    /// Kapan LED pintu padam lagi; `None` selama padam.
    led_off_at: Option<u64>,
}

impl HomeSchedule {
    /// Satu `DATA` setiap `period_s` detik, yang pertama pada `now_ms`.
    pub fn new(period_s: u32, now_ms: u64) -> HomeSchedule {
        HomeSchedule {
            period_ms: u64::from(period_s) * 1000,
            next_data_at: now_ms,
            next_card_at: now_ms,
            led_off_at: None,
        }
    }
}
// ANCHOR_END: struct

impl Schedule for HomeSchedule {
    // ANCHOR: tick
    fn tick(&mut self, now_ms: u64, sensors: &mut dyn Sensors, out: &mut Outbox<'_>) -> u64 {
        // TODO(langkah 6): lakukan yang jatuh tempo pada `now_ms`, lalu kembalikan
        // waktu hal berikutnya (yang paling awal). Jangan pernah menunggu di sini.
        // - LED: bila `led_off_at` sudah tiba, `out.set_led(false)` dan kosongkan.
        // - Kartu: setiap CARD_POLL_MS, `sensors.poll_card()`; ada UID:
        //   `out.send_rfid(uid)`.
        // - DATA: setiap `period_ms`, `send_reading(now_ms, sensors, out)`.
        //   Majukan `next_data_at` satu periode dari nilainya sendiri (jadwal tetap);
        //   bila hasilnya masih tidak sesudah `now_ms` (node tertinggal satu periode
        //   atau lebih), mulai lagi: `now_ms + self.period_ms`.
        // - Waktu yang dikembalikan harus sesudah `now_ms`.
        let _ = (now_ms, sensors, out);
        todo!("Langkah 6: tick")
    }
    // ANCHOR_END: tick

    // ANCHOR: on_open
    fn on_open(&mut self, now_ms: u64, out: &mut Outbox<'_>) {
        // TODO(langkah 6): server menjawab BUKA. Nyalakan LED (`out.set_led(true)`)
        // dan catat kapan padam: DOOR_LED_MS sesudah `now_ms`.
        let _ = (now_ms, out);
        todo!("Langkah 6: on_open")
    }
    // ANCHOR_END: on_open
}

// ANCHOR: send_reading
/// Membaca semua sensor dan mengantrekan satu `DATA`. Sensor yang gagal
/// membuat `DATA` periode ini dilewati (protokol meminta keempat nilai) dan
/// dicatat di log.
#[allow(dead_code)] // Langkah 6 memakainya dari `tick`.
fn send_reading(now_ms: u64, sensors: &mut dyn Sensors, out: &mut Outbox<'_>) {
    // TODO(langkah 6):
    // - `sensors.read_climate(now_ms)`, `sensors.read_temperature()`, `sensors.read_light()`.
    // - Suhu DHT11 dan DS18B20 berhasil dibaca: `out.send_data(Reading { dht_temperature, humidity,
    //   temperature, light })`; bilangan bulat menjadi `Decimal::whole(i64::from(x))`.
    // - Salah satu gagal (`Err(e)`): tulis `"{e}: DATA periode ini dilewati"` ke log
    //   dengan `writeln!(out, ...)` (butuh `use core::fmt::Write;`).
    let _ = (now_ms, sensors, out);
    todo!("Langkah 6: send_reading")
}
// ANCHOR_END: send_reading
