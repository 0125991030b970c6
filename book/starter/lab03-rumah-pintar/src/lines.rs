//! Langkah 1: baris yang dikirim node.

// Langkah 1 memakai ini: hapus `allow` bila sudah selesai.
#[allow(unused_imports)]
use core::fmt::Write;
use rumah_pintar::protocol::{Decimal, Line, Message};

// ANCHOR: write_decimal
/// Menulis `value` dengan tepat `places` angka di belakang titik (0 sampai
/// 4), setengah dibulatkan menjauhi nol: 0.125 dengan 2 angka menjadi
/// `0.13`, -0.125 menjadi `-0.13`.
pub fn write_decimal(out: &mut impl Write, value: Decimal, places: u32) -> core::fmt::Result {
    // TODO(langkah 1): `value.0` adalah nilainya sebagai `i64` dalam satuan
    // 1/10000 (25.0625 disimpan sebagai 250625).
    // - Satu satuan hasil (10 pangkat -places) sama dengan
    //   `let step = 10_i64.pow(4 - places);` satuan 1/10000 (di Rust `^` adalah
    //   XOR, bukan pangkat). Bagi dengan `step`; bila sisa baginya (nilai
    //   mutlak) paling sedikit setengah `step` (`sisa.abs() * 2 >= step`),
    //   tambahkan satu ke arah tanda nilai (`value.0.signum()`). Jangan hanya
    //   memotong!
    // - Tulis tandanya, bagian bulat, lalu bila `places > 0` titik dan
    //   bagian pecahan dengan nol di depan: `write!(out, "{x:0w$}", w = ...)`.
    let _ = (out, value, places);
    todo!("Langkah 1: write_decimal")
}
// ANCHOR_END: write_decimal

// ANCHOR: encode
/// Baris untuk `message`, tanpa `\n`.
pub fn encode(message: &Message) -> Line {
    // TODO(langkah 1): tulis baris persis seperti di bab Tugas ("Bentuk pesan"):
    //   HALO <id> sesi=<sesi heksadesimal kecil> periode=<detik>
    //   DATA <id> seq=<n> suhu_dht=<bulat> lembap=<bulat> suhu=<2 desimal> cahaya=<bulat>
    //   RFID <id> seq=<n> uid=<heksadesimal BESAR, 2 digit per byte>
    // - Mulai dengan `let mut line = Line::new();` lalu `write!(line, ...)`.
    //   `{session:x}` menulis heksadesimal kecil, `{byte:02X}` dua digit besar.
    // - Angka `Decimal` ditulis dengan `write_decimal(&mut line, nilai, angka)`:
    //   0 angka untuk suhu_dht, lembap dan cahaya; 2 untuk suhu.
    // - `match message { Message::Halo { id, session, period_s } => ..., ... }`
    // Semua pesan muat dalam 256 byte, jadi hasil write! boleh diabaikan: `let _ = ...`.
    todo!("Langkah 1: encode untuk {message:?}")
}
// ANCHOR_END: encode
