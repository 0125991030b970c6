//! The access list: which cards may open the door.
//!
//! A text file with one card UID per line, in hex, as the RFID reader shows
//! it (4, 7 or 10 bytes). Upper or lower case, and spaces or colons between
//! the bytes, are all fine. `#` starts a comment, on its own line or after
//! a UID; blank lines are ignored:
//!
//! ```text
//! # akses.txt
//! DEADBEEF            # kartu Budi
//! 04:a2:2b:1a:5c:80:81
//! 04 A2 2B 1A 5C 80 82
//! ```

use std::collections::BTreeSet;
use std::path::Path;

/// The cards that may open the door.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessList {
    uids: BTreeSet<Vec<u8>>,
}

impl AccessList {
    /// Reads the file. The error, in Indonesian, names the file and, for a
    /// bad line, its number: the person fixing it is reading the server log.
    pub fn load(path: &Path) -> Result<AccessList, String> {
        let text = std::fs::read_to_string(path).map_err(|error| {
            if error.kind() == std::io::ErrorKind::NotFound {
                format!(
                    "daftar akses {} tidak ada (buat berkas teks berisi satu UID per baris)",
                    path.display()
                )
            } else {
                format!("daftar akses {} tidak bisa dibaca: {error}", path.display())
            }
        })?;
        AccessList::parse(&text).map_err(|error| format!("{} {error}", path.display()))
    }

    /// Reads the text of an access list. The error starts with the line
    /// number: `baris 3: 'XYZ' bukan UID heksadesimal 4, 7 atau 10 byte`.
    pub fn parse(text: &str) -> Result<AccessList, String> {
        let mut uids = BTreeSet::new();
        for (index, line) in text.lines().enumerate() {
            let uid_text = line.split('#').next().unwrap_or("").trim();
            if uid_text.is_empty() {
                continue;
            }
            let uid = parse_uid(uid_text).ok_or_else(|| {
                format!(
                    "baris {}: '{uid_text}' bukan UID heksadesimal 4, 7 atau 10 byte",
                    index + 1
                )
            })?;
            uids.insert(uid);
        }
        Ok(AccessList { uids })
    }

    /// Whether this card may open the door.
    pub fn allows(&self, uid: &[u8]) -> bool {
        self.uids.contains(uid)
    }

    /// How many different cards are on the list.
    pub fn len(&self) -> usize {
        self.uids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.uids.is_empty()
    }
}

/// `DEADBEEF`, `de:ad:be:ef` or `DE AD BE EF`; `None` for anything else.
/// Separators go between bytes only: `DEA DBEEF` is refused.
fn parse_uid(text: &str) -> Option<Vec<u8>> {
    let groups: Vec<&str> = text.split([' ', '\t', ':']).filter(|g| !g.is_empty()).collect();
    let hex = match groups.as_slice() {
        [whole] => (*whole).to_owned(),
        bytes if bytes.iter().all(|byte| byte.len() == 2) => bytes.concat(),
        _ => return None,
    };
    if !matches!(hex.len(), 8 | 14 | 20) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    hex.as_bytes()
        .chunks(2)
        .map(|pair| u8::from_str_radix(core::str::from_utf8(pair).ok()?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEADBEEF: [u8; 4] = [0xDE, 0xAD, 0xBE, 0xEF];
    const SEVEN: [u8; 7] = [0x04, 0xA2, 0x2B, 0x1A, 0x5C, 0x80, 0x81];
    const TEN: [u8; 10] = [0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0x00, 0xFF];

    #[test]
    fn uids_of_4_7_and_10_bytes_with_comments_and_blank_lines() {
        let list = AccessList::parse(
            "# kartu yang boleh membuka pintu\n\
             \n\
             DEADBEEF   # Budi\n\
             \t  \n\
             04A22B1A5C8081\n\
             0123456789ABCDEF00FF\n\
             # 11223344 dicabut\n",
        )
        .unwrap();
        assert_eq!(list.len(), 3);
        assert!(list.allows(&DEADBEEF));
        assert!(list.allows(&SEVEN));
        assert!(list.allows(&TEN));
        assert!(!list.allows(&[0x11, 0x22, 0x33, 0x44]));
        assert!(!list.allows(&[0xDE, 0xAD, 0xBE]));
        assert!(!list.allows(&[]));
    }

    #[test]
    fn case_and_separators_between_bytes_do_not_matter() {
        for line in [
            "deadbeef",
            "DeAdBeEf",
            "DE AD BE EF",
            "de:ad:be:ef",
            "  DE:AD:BE:EF  ",
            "de\tad be:ef",
        ] {
            let list = AccessList::parse(line).unwrap();
            assert!(list.allows(&DEADBEEF), "{line:?}");
        }
        let list =
            AccessList::parse("04:A2:2B:1A:5C:80:81\r\n01 23 45 67 89 ab cd ef 00 ff\r\n").unwrap();
        assert!(list.allows(&SEVEN) && list.allows(&TEN));
    }

    #[test]
    fn the_same_card_twice_counts_once() {
        assert_eq!(AccessList::parse("DEADBEEF\nde:ad:be:ef\n").unwrap().len(), 1);
    }

    #[test]
    fn an_empty_list_allows_no_one() {
        let list = AccessList::parse("# belum ada kartu\n\n").unwrap();
        assert!(list.is_empty());
        assert!(!list.allows(&DEADBEEF));
    }

    #[test]
    fn a_bad_line_is_reported_with_its_number() {
        assert_eq!(
            AccessList::parse("DEADBEEF\n\nXYZ  # bukan heks\n"),
            Err("baris 3: 'XYZ' bukan UID heksadesimal 4, 7 atau 10 byte".into())
        );
        for bad in ["DEADBE", "DEADBEEF00", "DEADBEEFG", "DEA DBEEF", "DE:AD:BE:E:F", "0x DEADBEEF"]
        {
            let error = AccessList::parse(&format!("# satu\n{bad}\n")).unwrap_err();
            assert!(error.starts_with(&format!("baris 2: '{bad}' bukan UID")), "{error}");
        }
    }

    #[test]
    fn a_file_error_names_the_file() {
        let dir = std::env::temp_dir().join(format!("rumah-pintar-akses-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("akses.txt");

        std::fs::write(&path, "DEADBEEF\n\nXYZ\n").unwrap();
        let error = AccessList::load(&path).unwrap_err();
        assert!(
            error.ends_with("akses.txt baris 3: 'XYZ' bukan UID heksadesimal 4, 7 atau 10 byte")
        );

        std::fs::write(&path, "de ad be ef\n").unwrap();
        assert!(AccessList::load(&path).unwrap().allows(&DEADBEEF));

        std::fs::remove_file(&path).unwrap();
        let error = AccessList::load(&path).unwrap_err();
        assert!(
            error.starts_with("daftar akses ") && error.contains("akses.txt tidak ada"),
            "{error}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
