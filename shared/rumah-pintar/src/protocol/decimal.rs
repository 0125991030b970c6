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

    /// From the DS18B20's raw value in 1/16 °C, exactly: 1/16 is 0.0625,
    /// four decimals, so nothing is rounded here (401 → 25.0625).
    pub const fn from_sixteenths(sixteenths: i16) -> Decimal {
        Decimal(sixteenths as i64 * (Decimal::SCALE / 16))
    }

    /// As `f64`, for storage and display.
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / Decimal::SCALE as f64
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
    fn ds18b20_steps_are_kept_exactly() {
        assert_eq!(Decimal::from_sixteenths(401), Decimal(250_625));
        assert_eq!(Decimal::from_sixteenths(-2), Decimal(-1_250));
        assert_eq!(Decimal::from_sixteenths(-880), Decimal::whole(-55));
        assert_eq!(Decimal::from_sixteenths(2000), Decimal::whole(125));
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
