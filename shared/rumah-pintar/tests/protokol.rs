//! Protocol v1: every form and every error, both directions.

use rumah_pintar::protocol::{
    Decimal, ErrorCode, Message, NodeId, ProtocolError, Reading, Reply, Uid,
};

fn id(text: &str) -> NodeId {
    NodeId::try_from(text).unwrap()
}

#[test]
fn the_examples_of_the_specification() {
    assert_eq!(
        Message::parse("HALO dapur-1 sesi=3fa9 periode=5"),
        Ok(Message::Halo { id: id("dapur-1"), session: 0x3fa9, period_s: 5 })
    );
    assert_eq!(
        Message::parse("DATA dapur-1 seq=1 suhu_dht=27 lembap=61 suhu=26.81 cahaya=734"),
        Ok(Message::Data {
            id: id("dapur-1"),
            seq: 1,
            reading: Reading {
                dht_temperature: Decimal::whole(27),
                humidity: Decimal::whole(61),
                temperature: Decimal(268_100),
                light: Decimal::whole(734),
            }
        })
    );
    let uid = Uid::from_slice(&[0xDE, 0xAD, 0xBE, 0xEF]).unwrap();
    assert_eq!(
        Message::parse("RFID pintu seq=2 uid=DEADBEEF"),
        Ok(Message::Rfid { id: id("pintu"), seq: 2, uid })
    );
}

// What a node writes (`encode`) is the student's: the graded suite checks
// it, with this parser, in tools/uji/suites/lab03_rumah_pintar.rs.

#[test]
fn the_server_accepts_any_key_order_and_four_decimals() {
    let parsed =
        Message::parse("DATA a seq=3 cahaya=12 suhu=-54.9999 lembap=33.3 suhu_dht=20.5").unwrap();
    let Message::Data { reading, .. } = parsed else { panic!() };
    assert_eq!(reading.temperature, Decimal(-549_999));
    assert_eq!(reading.humidity, Decimal(333_000));
    assert_eq!(reading.dht_temperature, Decimal(205_000));
}

#[test]
fn every_error_has_an_example() {
    let cases: [(&str, ErrorCode, &str); 28] = [
        ("", ErrorCode::BadFormat, "baris kosong"),
        ("HELLO a", ErrorCode::UnknownCommand, "HELLO"),
        ("halo a sesi=1 periode=5", ErrorCode::UnknownCommand, "halo"),
        ("HALO", ErrorCode::BadFormat, "id tidak ada"),
        ("HALO a sesi=1 periode", ErrorCode::BadFormat, "periode"),
        ("HALO Dapur sesi=1 periode=5", ErrorCode::BadId, "Dapur"),
        ("HALO dapur_1 sesi=1 periode=5", ErrorCode::BadId, "dapur_1"),
        (
            "HALO abcdefghijabcdefghijabcdefghijabc sesi=1 periode=5",
            ErrorCode::BadId,
            "abcdefghijabcdefghijabcdefghijabc",
        ),
        ("HALO a sesi=123456789 periode=5", ErrorCode::BadSession, "123456789"),
        ("HALO a sesi=xyz periode=5", ErrorCode::BadSession, "xyz"),
        ("HALO a sesi= periode=5", ErrorCode::BadSession, ""),
        ("HALO a sesi=1 periode=0", ErrorCode::BadPeriod, "0"),
        ("HALO a sesi=1 periode=86401", ErrorCode::BadPeriod, "86401"),
        ("HALO a sesi=1 periode=+5", ErrorCode::BadPeriod, "+5"),
        ("DATA a seq=0 suhu_dht=1 lembap=1 suhu=1 cahaya=1", ErrorCode::BadSeq, "0"),
        (
            "DATA a seq=4294967296 suhu_dht=1 lembap=1 suhu=1 cahaya=1",
            ErrorCode::BadSeq,
            "4294967296",
        ),
        ("DATA a seq=1 suhu_dht=1 lembap=1 suhu=1", ErrorCode::MissingKey, "cahaya"),
        ("HALO a periode=5", ErrorCode::MissingKey, "sesi"),
        ("DATA a seq=1 suhu_dht=1 lembap=1 suhu=1 cahaya=1 co2=400", ErrorCode::UnknownKey, "co2"),
        ("RFID a seq=1 uid=DEADBEEF suhu=1", ErrorCode::UnknownKey, "suhu"),
        (
            "DATA a seq=1 suhu_dht=1 suhu_dht=2 lembap=1 suhu=1 cahaya=1",
            ErrorCode::DuplicateKey,
            "suhu_dht",
        ),
        (
            "DATA a seq=1 suhu_dht=hangat lembap=1 suhu=1 cahaya=1",
            ErrorCode::BadNumber,
            "suhu_dht=hangat",
        ),
        (
            "DATA a seq=1 suhu_dht=1 lembap=1 suhu=1.23456 cahaya=1",
            ErrorCode::BadNumber,
            "suhu=1.23456",
        ),
        ("DATA a seq=1 suhu_dht=51 lembap=1 suhu=1 cahaya=1", ErrorCode::OutOfRange, "suhu_dht=51"),
        (
            "DATA a seq=1 suhu_dht=1 lembap=1 suhu=-55.0001 cahaya=1",
            ErrorCode::OutOfRange,
            "suhu=-55.0001",
        ),
        (
            "DATA a seq=1 suhu_dht=1 lembap=1 suhu=1 cahaya=1024",
            ErrorCode::OutOfRange,
            "cahaya=1024",
        ),
        ("RFID a seq=1 uid=DEADBE", ErrorCode::BadUid, "DEADBE"),
        ("RFID a seq=1 uid=DEADBEEG", ErrorCode::BadUid, "DEADBEEG"),
    ];
    for (line, code, detail) in cases {
        assert_eq!(Message::parse(line), Err(ProtocolError::about(code, detail)), "{line:?}");
    }
}

#[test]
fn replies_read_back_the_same() {
    let replies = [
        Reply::Welcome,
        Reply::Stored(1),
        Reply::Open(u32::MAX),
        Reply::Refused(42),
        Reply::Error(ProtocolError::about(ErrorCode::MissingKey, "lembap")),
        Reply::Error(ProtocolError::new(ErrorCode::NoHalo)),
    ];
    for reply in replies {
        let line = reply.encode();
        assert_eq!(Reply::parse(&line).as_ref(), Some(&reply), "{line}");
    }
    assert_eq!(Reply::Stored(7).encode().as_str(), "OK 7");
    assert_eq!(
        Reply::Error(ProtocolError::about(ErrorCode::MissingKey, "lembap")).encode().as_str(),
        "ERR E11 kunci wajib tidak ada: lembap"
    );
    for bad in ["", "OK x", "BUKA", "ERR E99 apa", "HALO"] {
        assert_eq!(Reply::parse(bad), None, "{bad:?}");
    }
}

#[test]
fn error_codes_are_unique_and_in_order() {
    for (i, code) in ErrorCode::ALL.iter().enumerate() {
        assert_eq!(code.code(), format!("E{:02}", i + 1));
    }
}

#[test]
fn the_books_error_table_matches_the_code() {
    let chapter = include_str!("../../../book/src/05-tugas-rumah-pintar.md");
    let rows: Vec<(String, String)> = chapter
        .lines()
        .filter(|l| l.starts_with("| E"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            (cells[0].to_string(), cells[1].to_string())
        })
        .collect();
    let expected: Vec<(String, String)> =
        ErrorCode::ALL.iter().map(|c| (c.code().to_string(), c.message().to_string())).collect();
    assert_eq!(rows, expected, "update the table in book/src/05-tugas-rumah-pintar.md");
}
