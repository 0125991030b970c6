//! What a node says, and its text form both ways.

use super::decimal::Decimal;
use super::error::{ErrorCode, ProtocolError};
use super::fields::{
    DATA_KEYS, Fields, parse_id, parse_in_range, parse_period, parse_seq, parse_session, parse_uid,
};

/// A node's name: 1-32 characters of `a-z`, `0-9` and `-`.
pub type NodeId = heapless::String<32>;
/// A card's UID: 4, 7 or 10 bytes.
pub type Uid = heapless::Vec<u8, 10>;

// ANCHOR: types
/// Satu set pembacaan sensor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// Suhu DHT11, °C (0..50).
    pub dht_temperature: Decimal,
    /// Kelembapan relatif DHT11, % (0..100).
    pub humidity: Decimal,
    /// Suhu DS18B20, °C (-55..125).
    pub temperature: Decimal,
    /// Pembacaan ADC dari LDR (0..1023).
    pub light: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Membuka setiap koneksi; `session` dipilih acak saat node menyala.
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

    // ANCHOR: parse
    /// Reads one line (without its line ending), checking every field.
    pub fn parse(line: &str) -> Result<Message, ProtocolError> {
        let mut tokens = line.split_ascii_whitespace();
        let command =
            tokens.next().ok_or(ProtocolError::about(ErrorCode::BadFormat, "baris kosong"))?;
        let allowed: &[&str] = match command {
            "HALO" => &["sesi", "periode"],
            "DATA" => &["seq", "suhu_dht", "lembap", "suhu", "cahaya"],
            "RFID" => &["seq", "uid"],
            other => return Err(ProtocolError::about(ErrorCode::UnknownCommand, other)),
        };
        let id = parse_id(
            tokens.next().ok_or(ProtocolError::about(ErrorCode::BadFormat, "id tidak ada"))?,
        )?;
        let fields = Fields::collect(tokens, allowed)?;
        match command {
            "HALO" => Ok(Message::Halo {
                id,
                session: parse_session(fields.get("sesi"))?,
                period_s: parse_period(fields.get("periode"))?,
            }),
            "DATA" => {
                let seq = parse_seq(fields.get("seq"))?;
                let mut values = [Decimal(0); 4];
                for (value, (key, min, max)) in values.iter_mut().zip(DATA_KEYS) {
                    *value = parse_in_range(key, fields.get(key), min, max)?;
                }
                let [dht_temperature, humidity, temperature, light] = values;
                Ok(Message::Data {
                    id,
                    seq,
                    reading: Reading { dht_temperature, humidity, temperature, light },
                })
            }
            _ => Ok(Message::Rfid {
                id,
                seq: parse_seq(fields.get("seq"))?,
                uid: parse_uid(fields.get("uid"))?,
            }),
        }
    }
    // ANCHOR_END: parse
}
