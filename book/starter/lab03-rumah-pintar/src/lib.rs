//! # Lab 03 (Tugas): node rumah pintar
//!
//! Tugas modul: rumah pintar mengirim **semua data sensor secara periodik**
//! ke server, dan **UID kartu saat pintu dibuka dengan kartu**. Crate ini
//! hanya berisi yang Anda tulis. Node yang diberikan (waktu, antrean,
//! koneksi, jawaban server) ada di crate bersama `rumah_pintar`.
//!
//! ## Yang harus Anda kerjakan
//! 0. Skematik Fritzing Anda sendiri: `labs/lab03-rumah-pintar/skematik/rumah-pintar.fzz`
//!    (bab Tugas, langkah 0).
//! 1. `lines.rs`: `write_decimal` dan `encode`, baris yang dikirim node.
//! 2. `sensors.rs`: `read_climate`, DHT11 dengan `dht-sensor`.
//! 3. `sensors.rs`: `read_temperature`, DS18B20 dengan `onewire`.
//! 4. `sensors.rs`: `read_light`, LDR di A0.
//! 5. `sensors.rs`: `poll_card`, UID kartu dengan `mfrc522`.
//! 6. `schedule.rs`: `tick`, `on_open` dan `send_reading`, jadwal node.
//!
//! Cari `TODO` dan `todo!()`; Anda hanya menulis isi fungsi. Periksa hasilnya
//! dengan `cargo praktikum uji lab03`.

#![cfg_attr(not(test), no_std)]

pub mod lines;
pub mod schedule;
pub mod sensors;
