//! Swedish presentation: numbers, percentages and collation (sorting).
//!
//! Numbers are written the Swedish way: thousands separated by a no-break space (U+00A0), a
//! decimal comma, and a real minus sign (U+2212). Sorting follows the Swedish alphabet, where
//! å, ä and ö are letters of their own after z (`collate`).

use std::cmp::Ordering;

/// No-break space (U+00A0): the thousands separator, and the space between a number and its unit.
pub const NBSP: char = '\u{a0}';
/// The minus sign (U+2212) used in presented negative numbers.
pub const MINUS: char = '\u{2212}';

/// Formats a fixed-point value `mantissa × 10^−exp` with exactly `exp` decimals, e.g.
/// `format_fixed(-1234567, 2)` → "−12 345,67". Never prints "−0".
pub fn format_fixed(mantissa: i128, exp: u32) -> String {
    let negative = mantissa < 0;
    let abs = mantissa.unsigned_abs();
    let divisor = 10u128.pow(exp);
    let int_part = abs / divisor;
    let frac_part = abs % divisor;
    let mut out = String::new();
    if negative && abs != 0 {
        out.push(MINUS);
    }
    out.push_str(&group_thousands(int_part));
    if exp > 0 {
        out.push(',');
        out.push_str(&format!("{:0width$}", frac_part, width = exp as usize));
    }
    out
}

/// Groups the digits of `n` in threes with no-break spaces: 1125100 → "1 125 100".
pub fn group_thousands(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NBSP);
        }
        out.push(c);
    }
    out
}

/// Divides `n` by `d` (d > 0) rounding half away from zero, the rounding Swedish reports use.
pub fn div_round(n: i128, d: i128) -> i128 {
    assert!(d > 0, "divisor must be positive");
    let q = n / d;
    let r = n % d;
    if 2 * r.abs() >= d { q + n.signum() } else { q }
}

/// Formats a decimal number with `decimals` decimals, e.g. `format_number(10.744, 2)` → "10,74".
/// For measured values (indicator outcomes); money goes through `money::Ore`.
pub fn format_number(value: f64, decimals: u32) -> String {
    let scaled = (value * 10f64.powi(decimals as i32)).round() as i128;
    format_fixed(scaled, decimals)
}

/// Formats a share as a percentage: `format_percent(0.1074, 1)` → "10,7 %" (no-break space).
pub fn format_percent(share: f64, decimals: u32) -> String {
    format!("{}{NBSP}%", format_number(share * 100.0, decimals))
}

/// Formats the ratio `num / den` as a percentage with exact integer rounding, e.g.
/// `percent_of(-1_875, 100_000, 1)` → "−1,9 %". `None` when `den` is zero.
pub fn percent_of(num: i128, den: i128, decimals: u32) -> Option<String> {
    if den == 0 {
        return None;
    }
    let scale = 10i128.pow(decimals) * 100;
    let (n, d) = if den < 0 { (-num, -den) } else { (num, den) };
    let v = div_round(n * scale, d);
    Some(format!("{}{NBSP}%", format_fixed(v, decimals)))
}

/// Compares two strings in Swedish alphabetical order: … x, y, z, å, ä, ö; case and
/// diacritics (é, ü) only break ties. Use it to sort anything shown to a user; neither SQLite
/// nor a `C`-locale PostgreSQL sorts this way.
pub fn collate(a: &str, b: &str) -> Ordering {
    let ka: Vec<(u32, u32, u32)> = a.chars().map(weights).collect();
    let kb: Vec<(u32, u32, u32)> = b.chars().map(weights).collect();
    let primary = |k: &[(u32, u32, u32)]| k.iter().map(|w| w.0).filter(|&p| p != 0).collect::<Vec<_>>();
    primary(&ka)
        .cmp(&primary(&kb))
        .then_with(|| ka.iter().map(|w| w.1).cmp(kb.iter().map(|w| w.1)))
        .then_with(|| ka.iter().map(|w| w.2).cmp(kb.iter().map(|w| w.2)))
        .then_with(|| a.cmp(b))
}

/// A count or whole number the Swedish way: "3 116", "−1 200" with a no-break space (takes
/// `&i64` as well, for templates).
pub fn count<N: std::borrow::Borrow<i64>>(n: N) -> String {
    let n = *n.borrow();
    let digits = group_thousands(n.unsigned_abs() as u128);
    if n < 0 { format!("\u{2212}{digits}") } else { digits }
}

/// A file's size the Swedish way, in decimal units rounded to one decimal: "850 byte",
/// "12,4 kB", "127,5 MB", "1,2 GB" (takes `&i64` as well, for templates).
pub fn file_size<N: std::borrow::Borrow<i64>>(bytes: N) -> String {
    let n = (*bytes.borrow()).max(0) as i128;
    // The largest unit of which the size, rounded, is at least one (999 999 byte is 1,0 MB).
    let mut tenths =
        [(1_000_000_000, "GB"), (1_000_000, "MB"), (1_000, "kB")].into_iter().map(|(unit, name)| (div_round(n * 10, unit), name));
    match tenths.find(|(t, _)| *t >= 10) {
        Some((t, name)) => format!("{}{NBSP}{name}", format_fixed(t, 1)),
        None => format!("{n}{NBSP}byte"),
    }
}

/// Words joined the Swedish way: "a", "a och b", "a, b och c".
pub fn join_and(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} och {last}", init.join(", ")),
    }
}

/// "mars 2023" → "Mars 2023": the first letter upper-cased.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Sorts a slice in place by a string key in Swedish order.
pub fn sort_by_key_sv<T>(items: &mut [T], key: impl Fn(&T) -> &str) {
    items.sort_by(|x, y| collate(key(x), key(y)));
}

/// (primary, secondary, tertiary) weights of one character. Primary 0 = ignorable
/// (punctuation and spaces), digits sort before letters, letters a–z then å, ä, ö.
fn weights(c: char) -> (u32, u32, u32) {
    let tertiary = u32::from(c.is_uppercase());
    let lower = c.to_lowercase().next().unwrap_or(c);
    let (base, secondary) = match lower {
        'å' => ('å', 0),
        'ä' => ('ä', 0),
        'ö' => ('ö', 0),
        'æ' => ('ä', 1),
        'ø' => ('ö', 1),
        'ü' => ('y', 1),
        'á' | 'à' | 'â' | 'ã' => ('a', 1),
        'é' | 'è' | 'ê' | 'ë' => ('e', 1),
        'í' | 'ì' | 'î' | 'ï' => ('i', 1),
        'ó' | 'ò' | 'ô' | 'õ' => ('o', 1),
        'ú' | 'ù' | 'û' => ('u', 1),
        'ç' => ('c', 1),
        'ñ' => ('n', 1),
        other => (other, 0),
    };
    let primary = match base {
        '0'..='9' => 100 + (base as u32 - '0' as u32),
        'a'..='z' => 200 + (base as u32 - 'a' as u32),
        'å' => 226 + 1,
        'ä' => 226 + 2,
        'ö' => 226 + 3,
        c if c.is_alphabetic() => 1000 + c as u32,
        c if c.is_whitespace() || c.is_ascii_punctuation() => 0,
        c => 50 + (c as u32 % 40),
    };
    (primary, secondary, tertiary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_sizes_are_in_decimal_units_with_a_decimal_comma() {
        assert_eq!(file_size(850), "850\u{a0}byte");
        assert_eq!(file_size(12_449), "12,4\u{a0}kB");
        assert_eq!(file_size(127_528_336), "127,5\u{a0}MB");
        assert_eq!(file_size(999_999), "1,0\u{a0}MB");
        assert_eq!(file_size(1_250_000_000), "1,3\u{a0}GB");
    }

    #[test]
    fn counts_are_grouped_with_a_real_minus() {
        assert_eq!(count(3116), "3\u{a0}116");
        assert_eq!(count(&-1200), "\u{2212}1\u{a0}200");
        assert_eq!(count(0), "0");
    }

    #[test]
    fn words_are_joined_with_och() {
        assert_eq!(join_and(&[]), "");
        assert_eq!(join_and(&["enhet"]), "enhet");
        assert_eq!(join_and(&["enhet", "typ"]), "enhet och typ");
        assert_eq!(join_and(&["enhet", "typ", "en beskrivning"]), "enhet, typ och en beskrivning");
    }

    #[test]
    fn swedish_alphabet_order() {
        let mut words = vec!["Öppen", "Zon", "Ärende", "Åtgärd", "Avvikelse"];
        words.sort_by(|a, b| collate(a, b));
        assert_eq!(words, ["Avvikelse", "Zon", "Åtgärd", "Ärende", "Öppen"]);
    }

    #[test]
    fn case_and_accents_only_break_ties() {
        let mut words = vec!["ärende", "Arende", "zebra", "Älg", "café", "cafe", "Cafe"];
        words.sort_by(|a, b| collate(a, b));
        assert_eq!(words, ["Arende", "cafe", "Cafe", "café", "zebra", "Älg", "ärende"]);
    }

    #[test]
    fn spaces_and_digits() {
        let mut words = vec!["Enhet 2", "Enhet 10", "Enhet1", "Ekonomi"];
        words.sort_by(|a, b| collate(a, b));
        // Digits compare as characters (no numeric collation), spaces are ignorable.
        assert_eq!(words, ["Ekonomi", "Enhet1", "Enhet 10", "Enhet 2"]);
    }

    #[test]
    fn fixed_formatting() {
        assert_eq!(format_fixed(-1_234_567, 2), "−12\u{a0}345,67");
        assert_eq!(format_fixed(0, 1), "0,0");
        assert_eq!(format_fixed(999, 0), "999");
        assert_eq!(format_fixed(1000, 0), "1\u{a0}000");
        assert_eq!(group_thousands(1_125_100), "1\u{a0}125\u{a0}100");
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(div_round(15, 10), 2);
        assert_eq!(div_round(-15, 10), -2);
        assert_eq!(div_round(14, 10), 1);
        assert_eq!(div_round(-14, 10), -1);
    }

    #[test]
    fn percentages() {
        assert_eq!(format_percent(0.1074, 2), "10,74\u{a0}%");
        assert_eq!(percent_of(-1_875, 100_000, 1).unwrap(), "−1,9\u{a0}%");
        assert_eq!(percent_of(1, 3, 0).unwrap(), "33\u{a0}%");
        assert_eq!(percent_of(1, 0, 0), None);
        assert_eq!(format_number(-0.04, 1), "0,0");
    }
}
