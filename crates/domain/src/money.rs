//! Money: exact amounts in öre, presented in kr, tkr or mkr only at the edge.

use crate::sv::{self, NBSP};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Neg, Sub};

/// An amount of money in öre (1 kr = 100 öre). All sums and derived figures are computed on
/// this exact value; rounding happens only in [`Ore::present`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Ore(i64);

impl Ore {
    /// Zero öre.
    pub const ZERO: Ore = Ore(0);

    /// An amount given in öre.
    pub const fn new(ore: i64) -> Ore {
        Ore(ore)
    }

    /// An amount given in whole kronor.
    pub const fn from_kr(kr: i64) -> Ore {
        Ore(kr * 100)
    }

    /// An amount given in whole tkr (thousands of kronor), as many budgets are written.
    pub const fn from_tkr(tkr: i64) -> Ore {
        Ore(tkr * 100_000)
    }

    /// The amount in öre.
    pub const fn ore(self) -> i64 {
        self.0
    }

    /// Presents the amount in `scale` with `decimals` decimals, the Swedish way, without unit:
    /// `Ore::from_kr(-35_500_000).present(Scale::Mkr, 1)` → "−35,5".
    pub fn present(self, scale: Scale, decimals: u32) -> String {
        sv::format_fixed(self.rounded(scale, decimals), decimals)
    }

    /// Like [`Ore::present`] followed by a no-break space and the unit: "−35,5 mkr".
    pub fn present_with_unit(self, scale: Scale, decimals: u32) -> String {
        format!("{}{NBSP}{}", self.present(scale, decimals), scale.unit())
    }

    /// The amount rounded (half away from zero) to `decimals` decimals of `scale`, as an
    /// integer mantissa: `Ore::from_kr(1_125_100_000).rounded(Scale::Mkr, 1)` = 11251.
    /// Tables that print "the sum of the rounded values" add these.
    pub fn rounded(self, scale: Scale, decimals: u32) -> i128 {
        let divisor = scale.ore_per_unit() as i128;
        let factor = 10i128.pow(decimals);
        sv::div_round(self.0 as i128 * factor, divisor)
    }

    /// Parses an amount in kronor as written in files: `-35500000`, `1 234,50`, `-874312.50`,
    /// `− 2 089`, `+3` (at most two decimals; spaces and no-break spaces as thousands separators).
    /// At most [`Ore::MAX_KR`] kronor, so that sums of many amounts cannot overflow.
    pub fn parse_kr(s: &str) -> Option<Ore> {
        Ore::parse_in(s, Scale::Kr)
    }

    /// An amount written in `scale` ("−52,3" in mkr is −52 300 000 kr), to the öre: as many
    /// decimals as the unit has öre digits (two for kr, five for tkr, eight for mkr).
    pub fn parse_in(s: &str, scale: Scale) -> Option<Ore> {
        let t: String = s.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
        let t = t.replace('\u{2212}', "-").replace(',', ".");
        // A sign in front: minus, or a plus as spreadsheets write it ("+3").
        let (neg, digits) = match (t.strip_prefix('-'), t.strip_prefix('+')) {
            (Some(r), _) => (true, r.to_string()),
            (None, Some(r)) => (false, r.to_string()),
            (None, None) => (false, t),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
        let places = scale.ore_per_unit().ilog10() as usize;
        if int.is_empty() || frac.len() > places || !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let units: i64 = int.parse().ok()?;
        let part: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<places$}").parse().ok()? };
        let v = units.checked_mul(scale.ore_per_unit())?.checked_add(part)?;
        (v / 100 <= Ore::MAX_KR).then_some(Ore(if neg { -v } else { v }))
    }

    /// The amount in `scale` as a form shows it for editing: exact, without trailing zeros or
    /// thousands spaces, decimal comma ("-52,3" for −52 300 000 kr in mkr).
    pub fn to_unit_text(self, scale: Scale) -> String {
        let per = scale.ore_per_unit();
        let (units, part) = (self.0.unsigned_abs() / per as u64, self.0.unsigned_abs() % per as u64);
        let places = per.ilog10() as usize;
        let frac = format!("{part:0places$}");
        let frac = frac.trim_end_matches('0');
        format!("{}{units}{}{frac}", if self.0 < 0 { "-" } else { "" }, if frac.is_empty() { "" } else { "," })
    }

    /// The largest amount [`Ore::parse_kr`] takes: a million million kronor (a thousand times a
    /// large municipality's budget); 92 000 such amounts still sum within i64 öre.
    pub const MAX_KR: i64 = 1_000_000_000_000;

    /// The amount in kronor as files write it: "-874312.50" → "-874312,50".
    pub fn to_kr_text(self) -> String {
        format!("{}{},{:02}", if self.0 < 0 { "-" } else { "" }, self.0.unsigned_abs() / 100, self.0.unsigned_abs() % 100)
    }

    /// The amount in kronor as a form shows it for editing, the way the forms' hints write
    /// amounts: thousands spaces, decimal comma, öre only where there are any ("-1 300 000",
    /// "-874 312,50"). [`Ore::parse_kr`] reads it back.
    pub fn to_kr_form_text(self) -> String {
        // Plain spaces in a form field, where a typed amount has them.
        let kr = sv::group_thousands(u128::from(self.0.unsigned_abs() / 100)).replace(NBSP, " ");
        let out = format!("{}{kr}", if self.0 < 0 { "-" } else { "" });
        match self.0.unsigned_abs() % 100 {
            0 => out,
            ore => format!("{out},{ore:02}"),
        }
    }

    /// The amount without its sign.
    pub fn abs(self) -> Ore {
        Ore(self.0.abs())
    }

    /// Checked addition; `None` on overflow.
    pub fn checked_add(self, other: Ore) -> Option<Ore> {
        self.0.checked_add(other.0).map(Ore)
    }
}

impl Add for Ore {
    type Output = Ore;
    fn add(self, rhs: Ore) -> Ore {
        Ore(self.0 + rhs.0)
    }
}

impl Sub for Ore {
    type Output = Ore;
    fn sub(self, rhs: Ore) -> Ore {
        Ore(self.0 - rhs.0)
    }
}

impl Neg for Ore {
    type Output = Ore;
    fn neg(self) -> Ore {
        Ore(-self.0)
    }
}

impl Sum for Ore {
    fn sum<I: Iterator<Item = Ore>>(iter: I) -> Ore {
        Ore(iter.map(|o| o.0).sum())
    }
}

impl fmt::Display for Ore {
    /// Full precision in kronor: "−1 234,56 kr".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.present_with_unit(Scale::Kr, 2))
    }
}

/// The unit a table presents money in. A property of each table (S prints mkr, A prints tkr).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    /// Kronor.
    Kr,
    /// Tusen kronor — thousands of kronor.
    Tkr,
    /// Miljoner kronor — millions of kronor.
    Mkr,
}

impl Scale {
    /// Öre in one unit of this scale.
    pub const fn ore_per_unit(self) -> i64 {
        match self {
            Scale::Kr => 100,
            Scale::Tkr => 100_000,
            Scale::Mkr => 100_000_000,
        }
    }

    /// The Swedish unit abbreviation.
    pub const fn unit(self) -> &'static str {
        match self {
            Scale::Kr => "kr",
            Scale::Tkr => "tkr",
            Scale::Mkr => "mkr",
        }
    }

    /// Parses "kr", "tkr" or "mkr" (case-insensitive).
    pub fn parse(s: &str) -> Option<Scale> {
        match s.trim().to_lowercase().as_str() {
            "kr" => Some(Scale::Kr),
            "tkr" => Some(Scale::Tkr),
            "mkr" => Some(Scale::Mkr),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(kr: i64, scale: Scale, decimals: u32, expected: &str) {
        assert_eq!(Ore::from_kr(kr).present_with_unit(scale, decimals), expected.replace(' ', "\u{a0}"));
    }

    #[test]
    fn issue_2_formatting_vectors() {
        check(-35_500_000, Scale::Mkr, 1, "−35,5 mkr");
        check(1_125_100_000, Scale::Mkr, 1, "1 125,1 mkr");
    }

    #[test]
    fn scales_and_rounding() {
        check(1_234_567, Scale::Tkr, 0, "1 235 tkr");
        check(-1_234_500, Scale::Tkr, 0, "−1 235 tkr");
        check(-49_999, Scale::Mkr, 1, "0,0 mkr");
        check(123, Scale::Kr, 0, "123 kr");
        assert_eq!(Ore::new(-123_456).to_string(), "−1\u{a0}234,56\u{a0}kr");
    }

    #[test]
    fn sums_are_exact() {
        // Three values that each round to 0,0 mkr sum to 0,1 mkr exactly.
        let parts = [Ore::from_kr(40_000), Ore::from_kr(40_000), Ore::from_kr(40_000)];
        let total: Ore = parts.iter().copied().sum();
        assert_eq!(total.present(Scale::Mkr, 1), "0,1");
        let sum_of_rounded: i128 = parts.iter().map(|p| p.rounded(Scale::Mkr, 1)).sum();
        assert_eq!(sum_of_rounded, 0);
    }

    #[test]
    fn kronor_text() {
        assert_eq!(Ore::parse_kr("-874312.50"), Some(Ore::new(-87_431_250)));
        assert_eq!(Ore::parse_kr("1 234,5"), Some(Ore::new(123_450)));
        assert_eq!(Ore::parse_kr("- 2 089"), Some(Ore::from_kr(-2_089)));
        assert_eq!(Ore::parse_kr("12,345"), None);
        assert_eq!(Ore::parse_kr("tio"), None);
        assert_eq!(Ore::parse_kr("+3"), Some(Ore::from_kr(3)), "a plus sign as spreadsheets write it");
        assert_eq!(Ore::parse_kr("+-3"), None);
        assert_eq!(Ore::parse_kr("-+3"), None);
        // Beyond a million million kronor: refused, so that sums cannot overflow.
        assert_eq!(Ore::parse_kr("1000000000000"), Some(Ore::from_kr(Ore::MAX_KR)));
        assert_eq!(Ore::parse_kr("90000000000000000"), None);
        assert_eq!(Ore::new(-87_431_250).to_kr_text(), "-874312,50");
        for (ore, text) in [(-130_000_000, "-1 300 000"), (-87_431_250, "-874 312,50"), (5, "0,05"), (100_000, "1 000"), (0, "0")] {
            assert_eq!(Ore::new(ore).to_kr_form_text(), text);
            assert_eq!(Ore::parse_kr(text), Some(Ore::new(ore)), "{text} reads back");
        }
        assert_eq!(Ore::parse_kr(&Ore::new(5).to_kr_text()), Some(Ore::new(5)));
    }

    #[test]
    fn amounts_in_a_scale() {
        assert_eq!(Ore::parse_in("−52,3", Scale::Mkr), Some(Ore::from_kr(-52_300_000)));
        assert_eq!(Ore::parse_in("0,00000001", Scale::Mkr), Some(Ore::new(1)));
        assert_eq!(Ore::parse_in("0,000000001", Scale::Mkr), None, "below the öre");
        assert_eq!(Ore::parse_in("-2 500", Scale::Tkr), Some(Ore::from_kr(-2_500_000)));
        assert_eq!(Ore::parse_in("12,34", Scale::Kr), Some(Ore::new(1_234)));
        assert_eq!(Ore::parse_in("tio", Scale::Mkr), None);
        assert_eq!(Ore::parse_in("2000000", Scale::Mkr), None, "beyond a million million kronor");
        for (v, scale) in [(Ore::from_kr(-52_300_000), Scale::Mkr), (Ore::new(-87_431_250), Scale::Tkr), (Ore::new(5), Scale::Kr)] {
            assert_eq!(Ore::parse_in(&v.to_unit_text(scale), scale), Some(v));
        }
        assert_eq!(Ore::from_kr(-52_300_000).to_unit_text(Scale::Mkr), "-52,3");
        assert_eq!(Ore::from_kr(4_000).to_unit_text(Scale::Tkr), "4");
    }

    #[test]
    fn scale_parse() {
        assert_eq!(Scale::parse(" TKR "), Some(Scale::Tkr));
        assert_eq!(Scale::parse("msek"), None);
    }
}
