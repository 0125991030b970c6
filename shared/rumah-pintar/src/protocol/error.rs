//! Every error of protocol v1, with a stable code.
//!
//! The server answers a bad line with `ERR <code> <message>` and keeps the
//! connection open. Codes never change meaning: a node (or a student's test)
//! may rely on them. The table in the book's Tugas chapter is checked
//! against [`ErrorCode::ALL`] by a test.

use core::fmt;

/// What went wrong, as a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    LineTooLong,
    NotUtf8,
    UnknownCommand,
    BadFormat,
    BadId,
    BadSession,
    BadPeriod,
    NoHalo,
    OtherId,
    BadSeq,
    MissingKey,
    UnknownKey,
    DuplicateKey,
    BadNumber,
    OutOfRange,
    BadUid,
    StorageFailed,
}

impl ErrorCode {
    /// Every code, in order (for the book's table and its test).
    pub const ALL: [ErrorCode; 17] = [
        ErrorCode::LineTooLong,
        ErrorCode::NotUtf8,
        ErrorCode::UnknownCommand,
        ErrorCode::BadFormat,
        ErrorCode::BadId,
        ErrorCode::BadSession,
        ErrorCode::BadPeriod,
        ErrorCode::NoHalo,
        ErrorCode::OtherId,
        ErrorCode::BadSeq,
        ErrorCode::MissingKey,
        ErrorCode::UnknownKey,
        ErrorCode::DuplicateKey,
        ErrorCode::BadNumber,
        ErrorCode::OutOfRange,
        ErrorCode::BadUid,
        ErrorCode::StorageFailed,
    ];

    /// The code on the wire: `E01` .. `E17`.
    pub fn code(self) -> &'static str {
        match self {
            ErrorCode::LineTooLong => "E01",
            ErrorCode::NotUtf8 => "E02",
            ErrorCode::UnknownCommand => "E03",
            ErrorCode::BadFormat => "E04",
            ErrorCode::BadId => "E05",
            ErrorCode::BadSession => "E06",
            ErrorCode::BadPeriod => "E07",
            ErrorCode::NoHalo => "E08",
            ErrorCode::OtherId => "E09",
            ErrorCode::BadSeq => "E10",
            ErrorCode::MissingKey => "E11",
            ErrorCode::UnknownKey => "E12",
            ErrorCode::DuplicateKey => "E13",
            ErrorCode::BadNumber => "E14",
            ErrorCode::OutOfRange => "E15",
            ErrorCode::BadUid => "E16",
            ErrorCode::StorageFailed => "E17",
        }
    }

    /// The message after the code (Indonesian, for the people reading logs).
    pub fn message(self) -> &'static str {
        match self {
            ErrorCode::LineTooLong => "baris lebih dari 256 byte",
            ErrorCode::NotUtf8 => "baris bukan teks UTF-8",
            ErrorCode::UnknownCommand => "perintah tidak dikenal (HALO, DATA atau RFID)",
            ErrorCode::BadFormat => "format salah",
            ErrorCode::BadId => "id harus 1-32 karakter a-z, 0-9 atau -",
            ErrorCode::BadSession => "sesi harus 1-8 digit heksadesimal",
            ErrorCode::BadPeriod => "periode harus bilangan bulat 1-86400 detik",
            ErrorCode::NoHalo => "kirim HALO dulu",
            ErrorCode::OtherId => "id berbeda dari id pada HALO",
            ErrorCode::BadSeq => "seq harus bilangan bulat 1-4294967295",
            ErrorCode::MissingKey => "kunci wajib tidak ada",
            ErrorCode::UnknownKey => "kunci tidak dikenal",
            ErrorCode::DuplicateKey => "kunci ganda",
            ErrorCode::BadNumber => {
                "nilai bukan bilangan desimal (paling banyak 4 angka di belakang titik)"
            }
            ErrorCode::OutOfRange => "nilai di luar rentang",
            ErrorCode::BadUid => "uid harus heksadesimal 4, 7 atau 10 byte",
            ErrorCode::StorageFailed => "server gagal menyimpan, kirim ulang nanti",
        }
    }
}

/// An error with what it is about (a key, a value), for the `ERR` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolError {
    pub code: ErrorCode,
    /// The offending key or value, shortened; may be empty.
    pub detail: heapless::String<40>,
}

impl ProtocolError {
    pub fn new(code: ErrorCode) -> ProtocolError {
        ProtocolError { code, detail: heapless::String::new() }
    }

    /// With a detail, cut to fit (on a character boundary).
    pub fn about(code: ErrorCode, detail: &str) -> ProtocolError {
        let mut error = ProtocolError::new(code);
        for c in detail.chars() {
            if error.detail.push(c).is_err() {
                break;
            }
        }
        error
    }
}

/// `E11 kunci wajib tidak ada: lembap`
impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code.code(), self.code.message())?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}
