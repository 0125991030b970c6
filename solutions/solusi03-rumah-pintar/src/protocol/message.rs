//! What a node says, and its text form both ways.

use super::Line;
use super::decimal::Decimal;
use super::error::{ErrorCode, ProtocolError};
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

/// The keys of each message, with the range of the `DATA` values.
const DATA_KEYS: [(&str, Decimal, Decimal); 4] = [
    ("suhu_dht", Decimal::whole(0), Decimal::whole(50)),
    ("lembap", Decimal::whole(0), Decimal::whole(100)),
    ("suhu", Decimal::whole(-55), Decimal::whole(125)),
    ("cahaya", Decimal::whole(0), Decimal::whole(1023)),
];

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
        let mut line = Line::new();
        // Every message fits in 256 bytes (an id is at most 32), so writing
        // cannot fail; a failure would only shorten the line.
        let _ = match self {
            Message::Halo { id, session, period_s } => {
                write!(line, "HALO {id} sesi={session:x} periode={period_s}")
            }
            Message::Data { id, seq, reading } => (|| {
                write!(line, "DATA {id} seq={seq} suhu_dht=")?;
                reading.dht_temperature.write_fixed(&mut line, 0)?;
                line.write_str(" lembap=")?;
                reading.humidity.write_fixed(&mut line, 0)?;
                line.write_str(" suhu=")?;
                reading.temperature.write_fixed(&mut line, 2)?;
                line.write_str(" cahaya=")?;
                reading.light.write_fixed(&mut line, 0)
            })(),
            Message::Rfid { id, seq, uid } => (|| {
                write!(line, "RFID {id} seq={seq} uid=")?;
                uid.iter().try_for_each(|byte| write!(line, "{byte:02X}"))
            })(),
        };
        line
    }
    // ANCHOR_END: encode

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

/// The `key=value` parts of a line, each key once and known.
struct Fields<'a> {
    pairs: heapless::Vec<(&'a str, &'a str), 5>,
}

impl<'a> Fields<'a> {
    fn collect(
        tokens: impl Iterator<Item = &'a str>,
        allowed: &[&str],
    ) -> Result<Fields<'a>, ProtocolError> {
        let mut pairs = heapless::Vec::new();
        for token in tokens {
            let (key, value) =
                token.split_once('=').ok_or(ProtocolError::about(ErrorCode::BadFormat, token))?;
            if !allowed.contains(&key) {
                return Err(ProtocolError::about(ErrorCode::UnknownKey, key));
            }
            if pairs.iter().any(|(seen, _)| *seen == key) {
                return Err(ProtocolError::about(ErrorCode::DuplicateKey, key));
            }
            // Cannot overflow: every key is allowed and appears once.
            let _ = pairs.push((key, value));
        }
        if let Some(missing) =
            allowed.iter().find(|key| !pairs.iter().any(|(seen, _)| seen == *key))
        {
            return Err(ProtocolError::about(ErrorCode::MissingKey, missing));
        }
        Ok(Fields { pairs })
    }

    /// The value of a key (present: `collect` checked that).
    fn get(&self, key: &str) -> &'a str {
        self.pairs.iter().find(|(k, _)| *k == key).map_or("", |(_, v)| *v)
    }
}

fn parse_id(text: &str) -> Result<NodeId, ProtocolError> {
    let valid = (1..=32).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    match valid.then(|| NodeId::try_from(text).ok()).flatten() {
        Some(id) => Ok(id),
        None => Err(ProtocolError::about(ErrorCode::BadId, text)),
    }
}

fn parse_session(text: &str) -> Result<u32, ProtocolError> {
    let valid = (1..=8).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_hexdigit());
    valid
        .then(|| u32::from_str_radix(text, 16).ok())
        .flatten()
        .ok_or(ProtocolError::about(ErrorCode::BadSession, text))
}

fn parse_period(text: &str) -> Result<u32, ProtocolError> {
    match text.parse::<u32>() {
        Ok(seconds)
            if (1..=86_400).contains(&seconds) && text.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Ok(seconds)
        }
        _ => Err(ProtocolError::about(ErrorCode::BadPeriod, text)),
    }
}

fn parse_seq(text: &str) -> Result<u32, ProtocolError> {
    match text.parse::<u32>() {
        Ok(seq) if seq >= 1 && text.bytes().all(|b| b.is_ascii_digit()) => Ok(seq),
        _ => Err(ProtocolError::about(ErrorCode::BadSeq, text)),
    }
}

fn parse_in_range(
    key: &str,
    text: &str,
    min: Decimal,
    max: Decimal,
) -> Result<Decimal, ProtocolError> {
    let mut detail = heapless::String::<40>::new();
    let _ = write!(detail, "{key}={text}");
    let value = Decimal::parse(text).ok_or(ProtocolError::about(ErrorCode::BadNumber, &detail))?;
    if value < min || value > max {
        return Err(ProtocolError::about(ErrorCode::OutOfRange, &detail));
    }
    Ok(value)
}

fn parse_uid(text: &str) -> Result<Uid, ProtocolError> {
    let bad = || ProtocolError::about(ErrorCode::BadUid, text);
    if !matches!(text.len(), 8 | 14 | 20) || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let mut uid = Uid::new();
    for pair in text.as_bytes().chunks(2) {
        let pair = core::str::from_utf8(pair).map_err(|_| bad())?;
        uid.push(u8::from_str_radix(pair, 16).map_err(|_| bad())?).map_err(|_| bad())?;
    }
    Ok(uid)
}
