//! Calendar dates and reporting periods: year, month, tertial, quarter and interim
//! (delår, January to a given month), and the year's follow-up points.
//!
//! Dates are kept as ISO text (`YYYY-MM-DD`) at every boundary; [`Date`] is the checked form.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Swedish month names, lower case, January first.
pub const MONTHS_SV: [&str; 12] =
    ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"];

/// Why a date or period text was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodError {
    /// The text that was given.
    pub input: String,
    /// What was expected instead.
    pub expected: &'static str,
}

/// What [`Date::parse`] expects of a text written ÅÅÅÅ-MM-DD that is no day of the calendar.
const A_CALENDAR_DAY: &str = "en dag som finns i kalendern";

impl PeriodError {
    /// A date written ÅÅÅÅ-MM-DD that is no day of the calendar ("2024-13-05").
    pub fn is_no_calendar_day(&self) -> bool {
        self.expected == A_CALENDAR_DAY
    }

    /// Why `typed` is no date, in Swedish, without a field name: one written ÅÅÅÅ-MM-DD that is
    /// no day of the calendar ("2024-13-05", "2023-02-30") is said to be that, not to be
    /// written wrongly. `None` when it is a date.
    pub fn why_no_date(typed: &str) -> Option<String> {
        let v = typed.trim();
        match Date::parse(v) {
            Ok(_) => None,
            Err(e) if e.is_no_calendar_day() => Some(format!("«{v}» är skrivet ÅÅÅÅ-MM-DD men är inget datum i kalendern")),
            Err(_) => Some(format!("«{v}» är inget datum; skriv det som ÅÅÅÅ-MM-DD")),
        }
    }
}

impl fmt::Display for PeriodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\" är inte {}", self.input, self.expected)
    }
}

impl std::error::Error for PeriodError {}

/// A calendar date (proleptic Gregorian), written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// A checked date; `None` if the day does not exist.
    #[inline]
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// Parses an ISO date `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Date, PeriodError> {
        let err = || PeriodError { input: s.to_string(), expected: "ett datum skrivet ÅÅÅÅ-MM-DD" };
        let b = s.trim().as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        // Digits only: `parse` would also take a sign ("2024-+3-+1").
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) || &b[0..4] == b"0000" {
            return Err(err());
        }
        let t = s.trim();
        let year: i32 = t[0..4].parse().map_err(|_| err())?;
        let month: u8 = t[5..7].parse().map_err(|_| err())?;
        let day: u8 = t[8..10].parse().map_err(|_| err())?;
        // Written right but not a day of the calendar: said so (2024-02-30).
        Date::new(year, month, day).ok_or(PeriodError { input: s.to_string(), expected: A_CALENDAR_DAY })
    }

    /// The year.
    #[inline]
    pub fn year(self) -> i32 {
        self.year
    }
    /// The month, 1–12.
    #[inline]
    pub fn month(self) -> u8 {
        self.month
    }
    /// The day of the month.
    #[inline]
    pub fn day(self) -> u8 {
        self.day
    }

    /// The same day `n` calendar months later; a day that does not exist in the target month
    /// becomes that month's last day (2023-01-31 + 1 month = 2023-02-28).
    pub fn add_months(self, n: i32) -> Date {
        let idx = self.year * 12 + (self.month as i32 - 1) + n;
        let year = idx.div_euclid(12);
        let month = (idx.rem_euclid(12) + 1) as u8;
        let day = self.day.min(days_in_month(year, month));
        Date { year, month, day }
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = self.year as i64 - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's civil_from_days, the inverse of
    /// [`Date::days_since_epoch`]).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        Date { year: (if m <= 2 { y + 1 } else { y }) as i32, month: m as u8, day: d as u8 }
    }

    /// Weekday, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    pub fn weekday(self) -> u8 {
        (self.days_since_epoch() + 3).rem_euclid(7) as u8
    }

    /// Whole days from `self` to `other` (positive if `other` is later).
    pub fn days_until(self, other: Date) -> i64 {
        other.days_since_epoch() - self.days_since_epoch()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The last Sunday of `month` in `year` (1970-01-01 was a Thursday).
fn last_sunday(year: i32, month: u8) -> Date {
    let last = Date { year, month, day: days_in_month(year, month) };
    Date { year, month, day: last.day - (last.weekday() + 1) % 7 }
}

/// Seconds since 1970 as a UTC time stamp, `2026-11-22T18:42:27Z`.
pub fn utc_timestamp(unix_secs: i64) -> String {
    let day = Date::from_days_since_epoch(unix_secs.div_euclid(86_400));
    let s = unix_secs.rem_euclid(86_400);
    format!("{day}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// A UTC time stamp (`2026-11-22T18:42:27.877Z`, as the store writes them) as Swedish local
/// time to the minute, `2026-11-22 19:42`: CET, CEST (UTC+2) from 01:00 UTC on the last Sunday
/// of March to 01:00 UTC on the last Sunday of October. The text as it is when it is not such a
/// time stamp.
pub fn stockholm_minute(utc: &str) -> String {
    let parsed = (|| {
        let date = Date::parse(utc.get(..10)?).ok()?;
        if utc.as_bytes().get(10) != Some(&b'T') || utc.as_bytes().get(13) != Some(&b':') {
            return None;
        }
        let (h, m): (i64, i64) = (utc.get(11..13)?.parse().ok()?, utc.get(14..16)?.parse().ok()?);
        let minutes = date.days_since_epoch() * 1440 + h * 60 + m;
        let at = |d: Date| d.days_since_epoch() * 1440 + 60;
        let summer = (at(last_sunday(date.year, 3))..at(last_sunday(date.year, 10))).contains(&minutes);
        let local = minutes + if summer { 120 } else { 60 };
        let (day, min) = (Date::from_days_since_epoch(local.div_euclid(1440)), local.rem_euclid(1440));
        Some(format!("{day} {:02}:{:02}", min / 60, min % 60))
    })();
    parsed.unwrap_or_else(|| utc.to_string())
}

/// The day in Sweden of a UTC time stamp ([`stockholm_minute`]'s date): what "today" is for a
/// committee, and the day a signature or a publication falls on. `None` if it is no time stamp.
pub fn stockholm_date(utc: &str) -> Option<Date> {
    Date::parse(stockholm_minute(utc).get(..10)?).ok()
}

/// Whether `year` is a leap year.
#[inline]
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1–12) of `year`.
#[inline]
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A reporting period. Text form (stable, used in files, URLs and the database):
/// `2023` (year), `2023-03` (month), `2023-T1` (tertial), `2023-Q2` (quarter),
/// `2023-D08` (delår: January to August).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// A calendar year.
    Year(i32),
    /// One month.
    Month {
        /// Year.
        year: i32,
        /// Month 1–12.
        month: u8,
    },
    /// Tertial 1–3 (January–April, May–August, September–December).
    Tertial {
        /// Year.
        year: i32,
        /// Tertial number 1–3.
        n: u8,
    },
    /// Quarter 1–4, as IVO's EVB reporting uses.
    Quarter {
        /// Year.
        year: i32,
        /// Quarter number 1–4.
        n: u8,
    },
    /// Delår — the interim period from January to `to_month` inclusive.
    Interim {
        /// Year.
        year: i32,
        /// Last month included, 1–12.
        to_month: u8,
    },
}

impl Period {
    /// Parses the text form (see the type's doc).
    pub fn parse(s: &str) -> Result<Period, PeriodError> {
        let err = || PeriodError {
            input: s.to_string(),
            expected: "en period skriven ÅÅÅÅ, ÅÅÅÅ-MM, ÅÅÅÅ-T1..T3, ÅÅÅÅ-Q1..Q4 eller ÅÅÅÅ-D01..D12",
        };
        let t = s.trim();
        // IVO's and the CLI's quarter form without a hyphen: 2021Q4.
        let compact;
        let t = match t.as_bytes() {
            [_, _, _, _, b'Q' | b'q', _] => {
                compact = format!("{}-Q{}", &t[..4], &t[5..]);
                compact.as_str()
            }
            _ => t,
        };
        let (y, rest) = match t.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (t, None),
        };
        if y.len() != 4 || !y.bytes().all(|c| c.is_ascii_digit()) || y == "0000" {
            return Err(err());
        }
        let year: i32 = y.parse().map_err(|_| err())?;
        let Some(rest) = rest else {
            return Ok(Period::Year(year));
        };
        let num = |r: &str, lo: u8, hi: u8| -> Result<u8, PeriodError> {
            if !r.bytes().all(|c| c.is_ascii_digit()) {
                return Err(err());
            }
            let n: u8 = r.parse().map_err(|_| err())?;
            if (lo..=hi).contains(&n) { Ok(n) } else { Err(err()) }
        };
        match rest.as_bytes().first() {
            Some(b'T') => Ok(Period::Tertial { year, n: num(&rest[1..], 1, 3)? }),
            Some(b'Q') => Ok(Period::Quarter { year, n: num(&rest[1..], 1, 4)? }),
            Some(b'D') if rest.len() == 3 => Ok(Period::Interim { year, to_month: num(&rest[1..], 1, 12)? }),
            Some(b'0'..=b'9') if rest.len() == 2 => Ok(Period::Month { year, month: num(rest, 1, 12)? }),
            _ => Err(err()),
        }
    }

    /// The year the period lies in.
    pub fn year(self) -> i32 {
        match self {
            Period::Year(y) => y,
            Period::Month { year, .. } | Period::Tertial { year, .. } | Period::Quarter { year, .. } | Period::Interim { year, .. } => year,
        }
    }

    /// First and last month (inclusive) covered.
    pub fn months(self) -> (u8, u8) {
        match self {
            Period::Year(_) => (1, 12),
            Period::Month { month, .. } => (month, month),
            Period::Tertial { n, .. } => (4 * n - 3, 4 * n),
            Period::Quarter { n, .. } => (3 * n - 2, 3 * n),
            Period::Interim { to_month, .. } => (1, to_month),
        }
    }

    /// First day of the period.
    pub fn start(self) -> Date {
        Date::new(self.year(), self.months().0, 1).expect("valid month")
    }

    /// Last day of the period.
    pub fn end(self) -> Date {
        let (_, last) = self.months();
        Date::new(self.year(), last, days_in_month(self.year(), last)).expect("valid month")
    }

    /// The quarter that holds `date`.
    pub fn quarter_of(date: Date) -> Period {
        Period::Quarter { year: date.year(), n: (date.month() - 1) / 3 + 1 }
    }

    /// The quarter `n` quarters after this one (before, for negative `n`); other periods are
    /// returned unchanged.
    pub fn shift_quarters(self, n: i32) -> Period {
        match self {
            Period::Quarter { year, n: q } => {
                let idx = year * 4 + (q as i32 - 1) + n;
                Period::Quarter { year: idx.div_euclid(4), n: (idx.rem_euclid(4) + 1) as u8 }
            }
            other => other,
        }
    }

    /// Whether the period covers `date`.
    pub fn contains(self, date: Date) -> bool {
        self.start() <= date && date <= self.end()
    }

    /// The same kind of period one year earlier (for comparisons with the previous year).
    pub fn previous_year(self) -> Period {
        match self {
            Period::Year(y) => Period::Year(y - 1),
            Period::Month { year, month } => Period::Month { year: year - 1, month },
            Period::Tertial { year, n } => Period::Tertial { year: year - 1, n },
            Period::Quarter { year, n } => Period::Quarter { year: year - 1, n },
            Period::Interim { year, to_month } => Period::Interim { year: year - 1, to_month },
        }
    }

    /// A Swedish label for headings: "2023", "mars 2023", "tertial 1 2023", "kvartal 2 2023",
    /// "januari–augusti 2023".
    pub fn label_sv(self) -> String {
        match self {
            Period::Year(y) => y.to_string(),
            Period::Month { year, month } => format!("{} {year}", MONTHS_SV[month as usize - 1]),
            Period::Tertial { year, n } => format!("tertial {n} {year}"),
            Period::Quarter { year, n } => format!("kvartal {n} {year}"),
            Period::Interim { year, to_month } => format!("{} {year}", months_to(to_month)),
        }
    }
}

/// The months from January to `to_month` (1–12), as a heading writes them: "januari",
/// "januari–april".
pub fn months_to(to_month: u8) -> String {
    match to_month {
        1 => MONTHS_SV[0].to_string(),
        m => format!("januari–{}", MONTHS_SV[(m.clamp(1, 12) - 1) as usize]),
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Year(y) => write!(f, "{y:04}"),
            Period::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Period::Tertial { year, n } => write!(f, "{year:04}-T{n}"),
            Period::Quarter { year, n } => write!(f, "{year:04}-Q{n}"),
            Period::Interim { year, to_month } => write!(f, "{year:04}-D{to_month:02}"),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Period, D::Error> {
        let s = String::deserialize(d)?;
        Period::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The follow-up points of one municipality's year: the months a forecast is made, and the
/// months that end an interim (delår) or tertial report. Configuration, not code: S forecasts in
/// March, April, May, August and October; others differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpPlan {
    year: i32,
    forecast_months: Vec<u8>,
    interim_months: Vec<u8>,
}

impl FollowUpPlan {
    /// A checked plan: months must be 1–12; they are sorted and deduplicated.
    pub fn new(year: i32, forecast_months: Vec<u8>, interim_months: Vec<u8>) -> Result<FollowUpPlan, PeriodError> {
        let clean = |mut v: Vec<u8>| -> Result<Vec<u8>, PeriodError> {
            if let Some(bad) = v.iter().find(|m| !(1..=12).contains(*m)) {
                return Err(PeriodError { input: bad.to_string(), expected: "en månad 1–12" });
            }
            v.sort_unstable();
            v.dedup();
            Ok(v)
        };
        Ok(FollowUpPlan { year, forecast_months: clean(forecast_months)?, interim_months: clean(interim_months)? })
    }

    /// The year the plan is for.
    pub fn year(&self) -> i32 {
        self.year
    }
    /// Months (1–12) in which a full-year forecast is made.
    pub fn forecast_months(&self) -> &[u8] {
        &self.forecast_months
    }
    /// Months (1–12) that close an interim report (delår January–month).
    pub fn interim_months(&self) -> &[u8] {
        &self.interim_months
    }

    /// The interim periods of the year, in order.
    pub fn interim_periods(&self) -> Vec<Period> {
        self.interim_months.iter().map(|&m| Period::Interim { year: self.year, to_month: m }).collect()
    }

    /// Every follow-up point in the year in calendar order, with a Swedish description.
    pub fn points(&self) -> Vec<(Period, String)> {
        let mut out = Vec::new();
        for m in 1..=12u8 {
            let month = Period::Month { year: self.year, month: m };
            let forecast = self.forecast_months.contains(&m);
            let interim = self.interim_months.contains(&m);
            let what = match (forecast, interim) {
                (true, true) => format!("Prognos och delårsrapport ({})", Period::Interim { year: self.year, to_month: m }.label_sv()),
                (true, false) => "Prognos".to_string(),
                (false, true) => format!("Delårsrapport ({})", Period::Interim { year: self.year, to_month: m }.label_sv()),
                (false, false) => continue,
            };
            out.push((month, what));
        }
        out
    }

    /// Months given as text "3,4,5,8,10" (the storage and file form).
    pub fn parse_months(s: &str) -> Result<Vec<u8>, PeriodError> {
        s.split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| p.parse::<u8>().map_err(|_| PeriodError { input: p.to_string(), expected: "en månad 1–12" }))
            .collect()
    }

    /// Months as the storage text form "3,4,5,8,10".
    pub fn months_text(months: &[u8]) -> String {
        months.iter().map(u8::to_string).collect::<Vec<_>>().join(",")
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn utc_stamps_read_as_swedish_time_across_summer_time() {
        assert_eq!(stockholm_minute("2026-11-22T18:42:27.877309171Z"), "2026-11-22 19:42");
        assert_eq!(utc_timestamp(1_795_372_947), "2026-11-22T18:42:27Z");
        assert_eq!(stockholm_minute(&utc_timestamp(0)), "1970-01-01 01:00");
        assert_eq!(stockholm_minute("2026-07-01T23:30:00Z"), "2026-07-02 01:30");
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(stockholm_minute("2026-03-29T00:59:00Z"), "2026-03-29 01:59");
        assert_eq!(stockholm_minute("2026-03-29T01:00:00Z"), "2026-03-29 03:00");
        assert_eq!(stockholm_minute("2026-10-25T00:59:00Z"), "2026-10-25 02:59");
        assert_eq!(stockholm_minute("2026-10-25T01:00:00Z"), "2026-10-25 02:00");
        assert_eq!(stockholm_minute("2024-12-31T23:10:00Z"), "2025-01-01 00:10");
        assert_eq!(stockholm_minute("2024-02-28T23:10:00Z"), "2024-02-29 00:10");
        assert_eq!(stockholm_minute("igår"), "igår");
        // The day: an hour before midnight UTC in winter is already tomorrow in Sweden.
        assert_eq!(stockholm_date("2026-11-23T23:30:00Z"), Some(Date::parse("2026-11-24").unwrap()));
        assert_eq!(stockholm_date("2026-11-23T22:59:59Z"), Some(Date::parse("2026-11-23").unwrap()));
        assert_eq!(stockholm_date("2026-07-01T22:00:00Z"), Some(Date::parse("2026-07-02").unwrap()));
        assert_eq!(stockholm_date("igår"), None);
    }
    use super::*;

    #[test]
    fn period_text_round_trip() {
        for s in ["2023", "2023-03", "2023-T1", "2023-Q4", "2023-D08"] {
            assert_eq!(Period::parse(s).unwrap().to_string(), s);
        }
        for bad in
            ["23", "2023-13", "2023-T4", "2023-Q0", "2023-D8", "2023-X1", "2023-", "2023Q5", "2023Q", "+202", "2023-+3", "2023-T+1", "0000"]
        {
            assert!(Period::parse(bad).is_err(), "{bad} should be refused");
        }
        assert_eq!(Period::parse("2021Q4").unwrap(), Period::Quarter { year: 2021, n: 4 }, "IVO's form");
        let q4 = Period::quarter_of(Date::parse("2021-12-31").unwrap());
        assert_eq!((q4.shift_quarters(1).to_string(), q4.shift_quarters(-4).to_string()), ("2022-Q1".into(), "2020-Q4".into()));
    }

    #[test]
    fn period_bounds() {
        let t2 = Period::parse("2023-T2").unwrap();
        assert_eq!(t2.start().to_string(), "2023-05-01");
        assert_eq!(t2.end().to_string(), "2023-08-31");
        let d = Period::parse("2024-D02").unwrap();
        assert_eq!(d.end().to_string(), "2024-02-29");
        assert!(d.contains(Date::parse("2024-01-15").unwrap()));
        assert!(!d.contains(Date::parse("2024-03-01").unwrap()));
        assert_eq!(Period::parse("2023-D08").unwrap().label_sv(), "januari–augusti 2023");
        assert_eq!(Period::parse("2023-03").unwrap().previous_year().to_string(), "2022-03");
    }

    #[test]
    fn dates() {
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2024-2-29").is_err());
        // Signs are not digits; there is no year 0.
        assert!(Date::parse("2024-+3-+1").is_err() && Date::parse("+024-03-01").is_err() && Date::parse("0000-03-01").is_err());
        let d = Date::parse("2023-01-31").unwrap();
        assert_eq!(d.add_months(1).to_string(), "2023-02-28");
        assert_eq!(d.add_months(-2).to_string(), "2022-11-30");
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(Date::parse("2022-01-01").unwrap().days_until(Date::parse("2022-02-15").unwrap()), 45);
    }

    #[test]
    fn follow_up_plan_points() {
        let plan = FollowUpPlan::new(2023, vec![10, 3, 4, 5, 8], vec![8, 4]).unwrap();
        assert_eq!(plan.forecast_months(), [3, 4, 5, 8, 10]);
        let points = plan.points();
        assert_eq!(points.len(), 5);
        assert_eq!(points[1].1, "Prognos och delårsrapport (januari–april 2023)");
        assert!(FollowUpPlan::new(2023, vec![13], vec![]).is_err());
        assert_eq!(FollowUpPlan::parse_months("3, 4,5").unwrap(), [3, 4, 5]);
    }
}
