//! The numbers in a `DATA` line: decimals with at most four digits after
//! the point, kept exactly as integers of 1/10000.

use core::fmt;

/// A decimal number in units of 1/10000 (so 25.5 is `255000`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Decimal(pub i64);

impl Decimal {
    pub const SCALE: i64 = 10_000;

    pub const fn whole(n: i64) -> Decimal {
        Decimal(n * Decimal::SCALE)
    }

    /// Reads `-12.5`, `30`, `0.0625`; `None` for anything else, including
    /// more than four decimals, a lone `.`, `+`, exponents and overflow.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let fraction_ok = !digits.contains('.') || !fraction.is_empty();
        if whole.is_empty()
            || whole.len() > 12
            || fraction.len() > 4
            || !fraction_ok
            || !all_digits(whole)
            || !all_digits(fraction)
        {
            return None;
        }
        let mut value: i64 = whole.parse().ok()?;
        for i in 0..4 {
            let digit = fraction.as_bytes().get(i).map_or(0, |b| i64::from(b - b'0'));
            value = value * 10 + digit;
        }
        Some(Decimal(if negative { -value } else { value }))
    }

    /// From the DS18B20's 1/16 °C steps to exactly two decimals, rounded
    /// half away from zero (0.125 °C → 0.13, -0.125 °C → -0.13).
    pub fn from_sixteenths_to_hundredths(sixteenths: i16) -> Decimal {
        let hundredths_times_16 = i64::from(sixteenths) * 100;
        let mut hundredths = hundredths_times_16 / 16;
        let remainder = hundredths_times_16 % 16;
        if remainder.abs() * 2 >= 16 {
            hundredths += hundredths_times_16.signum();
        }
        Decimal(hundredths * 100)
    }

    /// As `f64`, for storage and display.
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / Decimal::SCALE as f64
    }

    /// Writes the value with exactly `decimals` digits after the point
    /// (0 to 4), rounding half away from zero.
    pub fn write_fixed(self, out: &mut impl fmt::Write, decimals: u32) -> fmt::Result {
        let step = 10_i64.pow(4 - decimals.min(4));
        let mut units = self.0 / step;
        if (self.0 % step).abs() * 2 >= step {
            units += self.0.signum();
        }
        let sign = if units < 0 { "-" } else { "" };
        let scale = 10_i64.pow(decimals.min(4));
        let (whole, fraction) = (units.abs() / scale, units.abs() % scale);
        if decimals == 0 {
            write!(out, "{sign}{whole}")
        } else {
            write!(out, "{sign}{whole}.{fraction:0width$}", width = decimals as usize)
        }
    }
}

/// The shortest exact form: `25`, `25.5`, `-0.0625`.
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let (whole, mut fraction) = (self.0.abs() / Decimal::SCALE, self.0.abs() % Decimal::SCALE);
        if fraction == 0 {
            return write!(f, "{sign}{whole}");
        }
        let mut width = 4;
        while fraction % 10 == 0 {
            fraction /= 10;
            width -= 1;
        }
        write!(f, "{sign}{whole}.{fraction:0width$}")
    }
}

#[cfg(test)]
mod tests {
    use super::Decimal;

    #[test]
    fn decimals_with_up_to_four_places_are_read_exactly() {
        assert_eq!(Decimal::parse("25"), Some(Decimal(250_000)));
        assert_eq!(Decimal::parse("25.5"), Some(Decimal(255_000)));
        assert_eq!(Decimal::parse("-0.0625"), Some(Decimal(-625)));
        assert_eq!(Decimal::parse("1023"), Some(Decimal(10_230_000)));
        assert_eq!(Decimal::parse("007.10"), Some(Decimal(71_000)));
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "",
            "-",
            ".",
            "1.",
            ".5",
            "1.23456",
            "+1",
            "1e3",
            "1,5",
            "--1",
            "12a",
            "1.2.3",
            "9999999999999",
            "NaN",
        ] {
            assert_eq!(Decimal::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn ds18b20_steps_round_half_away_from_zero() {
        let cases = [
            (1, "0.06"),
            (2, "0.13"),
            (-2, "-0.13"),
            (401, "25.06"),
            (-880, "-55.00"),
            (2000, "125.00"),
            (0, "0.00"),
            (-1, "-0.06"),
            (3, "0.19"),
        ];
        for (sixteenths, text) in cases {
            let mut out = heapless::String::<16>::new();
            Decimal::from_sixteenths_to_hundredths(sixteenths).write_fixed(&mut out, 2).unwrap();
            assert_eq!(out.as_str(), text, "{sixteenths}/16 °C");
        }
    }

    #[test]
    fn display_is_the_shortest_exact_form() {
        let shown = |d: Decimal| {
            let mut out = heapless::String::<24>::new();
            core::fmt::write(&mut out, format_args!("{d}")).unwrap();
            out
        };
        assert_eq!(shown(Decimal(250_000)), "25");
        assert_eq!(shown(Decimal(255_000)), "25.5");
        assert_eq!(shown(Decimal(-625)), "-0.0625");
        assert_eq!(shown(Decimal(0)), "0");
    }
}
