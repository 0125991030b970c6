//! Checking the parts of a line: given code for `Message::parse`.
//!
//! Each function checks one field and returns the protocol's error for it,
//! with the offending text as the detail.

use super::decimal::Decimal;
use super::error::{ErrorCode, ProtocolError};
use super::message::{NodeId, Uid};
use core::fmt::Write;

/// The keys of each message, with the range of the `DATA` values.
pub const DATA_KEYS: [(&str, Decimal, Decimal); 4] = [
    ("suhu_dht", Decimal::whole(0), Decimal::whole(50)),
    ("lembap", Decimal::whole(0), Decimal::whole(100)),
    ("suhu", Decimal::whole(-55), Decimal::whole(125)),
    ("cahaya", Decimal::whole(0), Decimal::whole(1023)),
];

/// The `key=value` parts of a line, each key once and known.
pub struct Fields<'a> {
    pairs: heapless::Vec<(&'a str, &'a str), 5>,
}

impl<'a> Fields<'a> {
    pub fn collect(
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
    pub fn get(&self, key: &str) -> &'a str {
        self.pairs.iter().find(|(k, _)| *k == key).map_or("", |(_, v)| *v)
    }
}

pub fn parse_id(text: &str) -> Result<NodeId, ProtocolError> {
    let valid = (1..=32).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    match valid.then(|| NodeId::try_from(text).ok()).flatten() {
        Some(id) => Ok(id),
        None => Err(ProtocolError::about(ErrorCode::BadId, text)),
    }
}

pub fn parse_session(text: &str) -> Result<u32, ProtocolError> {
    let valid = (1..=8).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_hexdigit());
    valid
        .then(|| u32::from_str_radix(text, 16).ok())
        .flatten()
        .ok_or(ProtocolError::about(ErrorCode::BadSession, text))
}

pub fn parse_period(text: &str) -> Result<u32, ProtocolError> {
    match text.parse::<u32>() {
        Ok(seconds)
            if (1..=86_400).contains(&seconds) && text.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Ok(seconds)
        }
        _ => Err(ProtocolError::about(ErrorCode::BadPeriod, text)),
    }
}

pub fn parse_seq(text: &str) -> Result<u32, ProtocolError> {
    match text.parse::<u32>() {
        Ok(seq) if seq >= 1 && text.bytes().all(|b| b.is_ascii_digit()) => Ok(seq),
        _ => Err(ProtocolError::about(ErrorCode::BadSeq, text)),
    }
}

pub fn parse_in_range(
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

pub fn parse_uid(text: &str) -> Result<Uid, ProtocolError> {
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
