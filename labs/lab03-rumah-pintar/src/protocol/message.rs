//! What a node says, and its text form both ways.

use super::Line;
use super::decimal::Decimal;
// Steps 1 and 2 use these: remove the `allow` when they are done.
#[allow(unused_imports)]
use super::error::{ErrorCode, ProtocolError};
#[allow(unused_imports)]
use super::fields::{
    DATA_KEYS, Fields, parse_id, parse_in_range, parse_period, parse_seq, parse_session, parse_uid,
};
#[allow(unused_imports)]
use core::fmt::Write;

/// A node's name: 1-32 characters of `a-z`, `0-9` and `-`.
pub type NodeId = heapless::String<32>;
/// A card's UID: 4, 7 or 10 bytes.
pub type Uid = heapless::Vec<u8, 10>;

// ANCHOR: types
/// One set of sensor readings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// DHT11 temperature, °C (0..50).
    pub dht_temperature: Decimal,
    /// DHT11 relative humidity, % (0..100).
    pub humidity: Decimal,
    /// DS18B20 temperature, °C (-55..125).
    pub temperature: Decimal,
    /// The LDR's ADC reading (0..1023).
    pub light: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Opens every connection; `session` is chosen at random when the node boots.
    Halo {
        id: NodeId,
        session: u32,
        period_s: u32,
    },
    Data {
        id: NodeId,
        seq: u32,
        reading: Reading,
    },
    Rfid {
        id: NodeId,
        seq: u32,
        uid: Uid,
    },
}
// ANCHOR_END: types

impl Message {
    pub fn id(&self) -> &str {
        match self {
            Message::Halo { id, .. } | Message::Data { id, .. } | Message::Rfid { id, .. } => id,
        }
    }

    /// The sequence number (`None` for `HALO`).
    pub fn seq(&self) -> Option<u32> {
        match self {
            Message::Halo { .. } => None,
            Message::Data { seq, .. } | Message::Rfid { seq, .. } => Some(*seq),
        }
    }

    // ANCHOR: encode
    /// The line a node sends, without its `\n`. The node writes whole
    /// numbers for the DHT11 and the LDR, and the DS18B20 temperature with
    /// exactly two decimals.
    pub fn encode(&self) -> Line {
        // TODO(langkah 1): tulis baris yang dikirim node, tanpa '\n', persis seperti
        // di bab Tugas (bagian "Bentuk pesan"):
        //   HALO <id> sesi=<sesi dalam heksadesimal kecil> periode=<detik>
        //   DATA <id> seq=<n> suhu_dht=<bulat> lembap=<bulat> suhu=<2 desimal> cahaya=<bulat>
        //   RFID <id> seq=<n> uid=<heksadesimal BESAR, 2 digit per byte>
        // - Mulai dengan `let mut line = Line::new();` lalu `write!(line, ...)`.
        //   `{session:x}` menulis heksadesimal kecil.
        // - Angka Decimal ditulis dengan `nilai.write_fixed(&mut line, jumlah_desimal)`:
        //   0 desimal untuk suhu_dht, lembap dan cahaya; 2 desimal untuk suhu.
        // - Setiap byte uid: `write!(line, "{byte:02X}")`.
        // Semua pesan muat dalam 256 byte, jadi hasil write! boleh diabaikan: `let _ = ...`.
        todo!("Langkah 1: Message::encode untuk {self:?}")
    }
    // ANCHOR_END: encode

    // ANCHOR: parse
    /// Reads one line (without its line ending), checking every field.
    pub fn parse(line: &str) -> Result<Message, ProtocolError> {
        // TODO(langkah 2): baca satu baris dan periksa setiap bagiannya.
        //   1. Pecah dengan `line.split_ascii_whitespace()`. Kata pertama adalah perintah:
        //      HALO, DATA atau RFID; yang lain `ProtocolError::about(ErrorCode::UnknownCommand, kata)`.
        //      Baris kosong, atau tanpa id: `ProtocolError::about(ErrorCode::BadFormat, ...)`.
        //   2. Kata kedua adalah id: periksa dengan `parse_id` (dari `fields.rs`).
        //   3. Sisanya pasangan `kunci=nilai` dalam urutan bebas: `Fields::collect(sisa, kunci_yang_boleh)`
        //      sudah menolak bagian tanpa '=', kunci tidak dikenal, ganda, dan yang hilang.
        //   4. Periksa nilainya: `parse_session`, `parse_period`, `parse_seq`, `parse_uid`, dan
        //      `parse_in_range(kunci, nilai, min, max)` untuk keempat nilai DATA (lihat `DATA_KEYS`).
        // Setiap kesalahan adalah `Err(ProtocolError)` dengan kode dari tabel di bab Tugas.
        todo!("Langkah 2: Message::parse untuk {line:?}")
    }
    // ANCHOR_END: parse
}
