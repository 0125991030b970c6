//! Langkah 1: the lines the node sends.

use core::fmt::Write;
use rumah_pintar::protocol::{Decimal, Line, Message};

// ANCHOR: write_decimal
/// Writes `value` with exactly `places` digits after the point (0 to 4),
/// rounded half away from zero: 0.125 with 2 places is `0.13`, -0.125 is
/// `-0.13`.
pub fn write_decimal(out: &mut impl Write, value: Decimal, places: u32) -> core::fmt::Result {
    let places = places.min(4);
    // The value in units of 10^-places, rounded: `step` of its 1/10000 units
    // make one such unit, and a remainder of half a step or more rounds up
    // (away from zero, whatever the sign).
    let step = 10_i64.pow(4 - places);
    let mut units = value.0 / step;
    if (value.0 % step).abs() * 2 >= step {
        units += value.0.signum();
    }
    let sign = if units < 0 { "-" } else { "" };
    let scale = 10_i64.pow(places);
    let (whole, fraction) = (units.abs() / scale, units.abs() % scale);
    if places == 0 {
        write!(out, "{sign}{whole}")
    } else {
        write!(out, "{sign}{whole}.{fraction:0width$}", width = places as usize)
    }
}
// ANCHOR_END: write_decimal

// ANCHOR: encode
/// The line for `message`, without its `\n`.
pub fn encode(message: &Message) -> Line {
    let mut line = Line::new();
    // Every message fits in 256 bytes (an id is at most 32), so writing
    // cannot fail; a failure would only shorten the line.
    let _ = match message {
        Message::Halo { id, session, period_s } => {
            write!(line, "HALO {id} sesi={session:x} periode={period_s}")
        }
        Message::Data { id, seq, reading } => (|| {
            write!(line, "DATA {id} seq={seq} suhu_dht=")?;
            write_decimal(&mut line, reading.dht_temperature, 0)?;
            line.write_str(" lembap=")?;
            write_decimal(&mut line, reading.humidity, 0)?;
            line.write_str(" suhu=")?;
            write_decimal(&mut line, reading.temperature, 2)?;
            line.write_str(" cahaya=")?;
            write_decimal(&mut line, reading.light, 0)
        })(),
        Message::Rfid { id, seq, uid } => (|| {
            write!(line, "RFID {id} seq={seq} uid=")?;
            uid.iter().try_for_each(|byte| write!(line, "{byte:02X}"))
        })(),
    };
    line
}
// ANCHOR_END: encode
