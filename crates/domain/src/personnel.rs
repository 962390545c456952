//! Personnel statistics: sick leave with its bands, and key figures (turnover, HME, incidents)
//! each with the definition and measurement period they were computed with.

use crate::goals::Measure;
use crate::period::Period;
use serde::{Deserialize, Serialize};

/// Sick leave for a unit and period, in per cent. Each band is optional: municipalities print
/// different ones, and a missing band is not a zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SickLeave {
    /// The unit or organisation the figure is for.
    pub unit: String,
    /// The period measured.
    pub period: Period,
    /// Total, % of working time.
    pub total: Option<Measure>,
    /// Women.
    pub women: Option<Measure>,
    /// Men.
    pub men: Option<Measure>,
    /// Ages up to 29.
    pub age_to_29: Option<Measure>,
    /// Ages 30–49.
    pub age_30_49: Option<Measure>,
    /// Ages 50 and over.
    pub age_50_up: Option<Measure>,
    /// Spells of day 1–14, % of working time.
    pub days_1_14: Option<Measure>,
    /// Spells of day 15–59.
    pub days_15_59: Option<Measure>,
    /// Spells of day 60 and over (långtid).
    pub days_60_up: Option<Measure>,
    /// Short-term sick leave, % of working time.
    pub short_term: Option<Measure>,
    /// Long-term (more than 59 days) as a share of total sick leave, % (S's way).
    pub long_term_share: Option<Measure>,
    /// Footnote.
    pub note: Option<String>,
}

/// A sick-leave duration band: spells counted from their first day, in half-open bands
/// [1, 15), [15, 60), [60, ∞) — a spell of 14 days is short-term, one of 15 is not (SY-13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationBand {
    /// Day 1–14 (korttid).
    Days1To14,
    /// Day 15–59.
    Days15To59,
    /// Day 60 and over (långtid).
    Days60Up,
}

impl DurationBand {
    /// Every band, shortest first.
    pub const ALL: [DurationBand; 3] = [DurationBand::Days1To14, DurationBand::Days15To59, DurationBand::Days60Up];

    /// The band's first day; it ends before the next band's first day.
    pub fn first_day(self) -> u32 {
        match self {
            DurationBand::Days1To14 => 1,
            DurationBand::Days15To59 => 15,
            DurationBand::Days60Up => 60,
        }
    }

    /// The band of a spell of `days` days; `None` for no days.
    pub fn of_days(days: u32) -> Option<DurationBand> {
        DurationBand::ALL.into_iter().rev().find(|b| days >= b.first_day())
    }

    /// As tables write it: "dag 1–14", "dag 15–59", "dag 60 och mer".
    pub fn label(self) -> String {
        let next = DurationBand::ALL.into_iter().find(|b| b.first_day() > self.first_day());
        match next {
            Some(n) => format!("dag {}–{}", self.first_day(), n.first_day() - 1),
            None => format!("dag {} och mer", self.first_day()),
        }
    }

    /// The band's figure in a sick-leave record.
    pub fn of(self, s: &SickLeave) -> Option<Measure> {
        match self {
            DurationBand::Days1To14 => s.days_1_14,
            DurationBand::Days15To59 => s.days_15_59,
            DurationBand::Days60Up => s.days_60_up,
        }
    }
}

impl SickLeave {
    /// The duration bands that are given, in order.
    pub fn duration_bands(&self) -> Vec<Measure> {
        DurationBand::ALL.into_iter().filter_map(|b| b.of(self)).collect()
    }

    /// Long-term sick leave in % of working time: the long-term band, or the share of the total.
    pub fn long_term(&self) -> Option<Measure> {
        self.days_60_up.or_else(|| Some(share_of(self.long_term_share?, self.total?)))
    }

    /// What short-term and long-term leave leave unexplained of the total: the band between
    /// them that the report does not print (PE-02: 9,4 − 4,9 − 0,365 × 9,4 ≈ 1,07).
    pub fn unexplained(&self) -> Option<Measure> {
        Some(self.total? - self.short_term? - self.long_term()?)
    }
}

/// `pct` per cent of `whole`.
pub fn share_of(pct: Measure, whole: Measure) -> Measure {
    Measure::from_raw(crate::sv::div_round(pct.raw() as i128 * whole.raw() as i128, 100 * Measure::SCALE as i128) as i64)
}

/// A personnel key figure with what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyFigure {
    /// Stable key (`oms`, `hme`, `kia`).
    pub key: String,
    /// Name as printed.
    pub name: String,
    /// Unit (procent, antal, index, kr, timmar).
    pub unit: String,
    /// Period the figure belongs to.
    pub period: Period,
    /// Value.
    pub value: Measure,
    /// Definition text printed with the figure (turnover counts some reasons, not others).
    pub definition: Option<String>,
    /// The measurement period when it differs from the period ("november 2023 till och med november 2024").
    pub measured: Option<String>,
    /// Footnote.
    pub note: Option<String>,
}

/// A band of an index such as SKR's HME bands: from (inclusive) to (inclusive) with a label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    /// Lower bound.
    pub from: Measure,
    /// Upper bound.
    pub to: Measure,
    /// Label.
    pub label: String,
}

/// SKR's HME bands as A cites them (A:156): below 50, 50–69, over 79. 70–79 is not defined.
pub fn hme_bands() -> Vec<Band> {
    vec![
        Band { from: Measure::from_int(0), to: Measure::parse_sv("49,9999").expect("number"), label: "stora behov av åtgärder".into() },
        Band { from: Measure::from_int(50), to: Measure::parse_sv("69,9999").expect("number"), label: "utvecklingspotential".into() },
        Band { from: Measure::parse_sv("79,0001").expect("number"), to: Measure::from_int(100), label: "bra och ska bevaras".into() },
    ]
}

/// The band a value lies in; `None` where the bands leave a gap (HME 70–79).
pub fn band(bands: &[Band], v: Measure) -> Option<&Band> {
    bands.iter().find(|b| b.from <= v && v <= b.to)
}

/// Reads a count as reports write it: digits ("854") or a Swedish number word up to twenty
/// ("nitton", PE-04).
pub fn parse_count_sv(s: &str) -> Option<u32> {
    let t = s.trim().to_lowercase();
    if let Ok(n) = t.replace(['\u{a0}', ' '], "").parse() {
        return Some(n);
    }
    const WORDS: [&str; 21] = [
        "noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv", "tretton", "fjorton", "femton",
        "sexton", "sjutton", "arton", "nitton", "tjugo",
    ];
    WORDS.iter().position(|w| *w == t).or((t == "ett").then_some(1)).map(|n| n as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks;

    fn m(s: &str) -> Measure {
        Measure::parse_sv(s).unwrap()
    }

    fn s_2023() -> SickLeave {
        SickLeave {
            unit: "Socialnämnden".into(),
            period: Period::Year(2023),
            total: Some(m("9,4")),
            women: None,
            men: None,
            age_to_29: None,
            age_30_49: None,
            age_50_up: None,
            days_1_14: None,
            days_15_59: None,
            days_60_up: None,
            short_term: Some(m("4,9")),
            long_term_share: Some(m("36,5")),
            note: None,
        }
    }

    #[test]
    fn pe_01_difference_in_percentage_points() {
        assert_eq!((m("9,4") - m("10,2")).to_string(), "−0,8");
    }

    #[test]
    fn pe_02_the_undefined_middle_band() {
        let s = s_2023();
        assert_eq!(s.long_term().unwrap().present(2), "3,43");
        assert_eq!(s.unexplained().unwrap().present(2), "1,07");
    }

    #[test]
    fn pe_03_precision_is_kept_as_printed() {
        assert_eq!(m("5,21").to_string(), "5,21");
        assert_eq!(m("4,9").to_string(), "4,9");
    }

    #[test]
    fn pe_04_counts_in_words() {
        let parsed: Vec<u32> =
            ["854", "239", "nitton", "31", "721", "229", "15", "39"].iter().map(|s| parse_count_sv(s).unwrap()).collect();
        assert_eq!(parsed, [854, 239, 19, 31, 721, 229, 15, 39]);
        assert_eq!(parse_count_sv("ett"), Some(1));
        assert_eq!(parse_count_sv("många"), None);
    }

    #[test]
    fn pe_05_to_08() {
        checks::sum(&[Measure::from_int(43), Measure::from_int(4), Measure::from_int(7)], Measure::from_int(54), Measure::from_int(0))
            .unwrap();
        // PE-06: 115 received = 37 closed + 78 open; 59 closed = 37 of these + 22 from 2020 —
        // the sums the checker holds such figures to.
        let m = Measure::from_int;
        checks::sum(&[m(37), m(78)], m(115), m(0)).unwrap();
        checks::sum(&[m(37), m(22)], m(59), m(0)).unwrap();
        assert!(checks::sum(&[m(37), m(77)], m(115), m(0)).is_err(), "an open count one short is found");
        assert_eq!(Measure::percent_of(Measure::from_int(69), Measure::from_int(93)).unwrap().present(1), "74,2", "PE-07");
        assert_eq!(Measure::percent_of(Measure::from_int(30), Measure::from_int(36)).unwrap().present(1), "83,3");
        assert!(checks::text_vs_table("Totalindex", Measure::from_int(72), Measure::from_int(72)).is_none(), "PE-08");
        assert!(checks::text_vs_table("HME", Measure::from_int(76), Measure::from_int(76)).is_none());
    }

    #[test]
    fn bands_that_do_not_add_up_are_flagged() {
        let mut s = s_2023();
        s.days_1_14 = Some(m("4,9"));
        s.days_15_59 = Some(m("1,0"));
        s.days_60_up = Some(m("3,4"));
        let bands = s.duration_bands();
        assert!(checks::sum(&bands, s.total.unwrap(), m("0,05")).is_err(), "4,9 + 1,0 + 3,4 = 9,3 ≠ 9,4");
        s.days_15_59 = Some(m("1,1"));
        checks::sum(&s.duration_bands(), s.total.unwrap(), m("0,05")).unwrap();
    }

    #[test]
    fn sy_13_a_spell_of_14_days_is_in_the_first_half_open_band() {
        assert_eq!(DurationBand::of_days(14), Some(DurationBand::Days1To14), "SY-13");
        assert_eq!(DurationBand::of_days(15), Some(DurationBand::Days15To59));
        assert_eq!(DurationBand::of_days(59), Some(DurationBand::Days15To59));
        assert_eq!(DurationBand::of_days(60), Some(DurationBand::Days60Up));
        assert_eq!(DurationBand::of_days(0), None);
        let labels: Vec<String> = DurationBand::ALL.iter().map(|b| b.label()).collect();
        assert_eq!(labels, ["dag 1–14", "dag 15–59", "dag 60 och mer"]);
    }

    #[test]
    fn hme_band_gap() {
        let b = hme_bands();
        assert_eq!(band(&b, Measure::from_int(77)), None, "IA-04: 70–79 undefined");
        assert_eq!(band(&b, Measure::from_int(45)).unwrap().label, "stora behov av åtgärder");
        assert_eq!(band(&b, Measure::from_int(85)).unwrap().label, "bra och ska bevaras");
    }
}
