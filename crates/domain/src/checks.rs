//! Consistency rules: the checks that catch what printed reports get wrong (follow-up.md §11–13).
//! Each rule is a small function returning a [`Finding`] when something does not add up; the
//! report checker runs them over stored data and never "fixes" a value silently.

pub mod review;

use crate::goals::{Attainment, IndicatorUnit, Measure};
use crate::period::Period;
use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; not an error (e.g. a goal judged met although indicators are below target).
    Info,
    /// Probably wrong in the report; must be looked at (FLAG in the test vectors).
    Warning,
}

/// One finding of the checker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Rule id, e.g. `share`, `sum`, `text-vs-table`.
    pub rule: &'static str,
    /// Severity.
    pub severity: Severity,
    /// What is wrong, in Swedish, with the figures.
    pub message: String,
}

fn warn(rule: &'static str, message: String) -> Finding {
    Finding { rule, severity: Severity::Warning, message }
}

/// Rounds a measure to `decimals` decimals (half away from zero).
pub fn round(m: Measure, decimals: u32) -> Measure {
    let step = 10i128.pow(4 - decimals.min(4));
    Measure::from_raw((crate::sv::div_round(m.raw() as i128, step) * step) as i64)
}

/// A printed share against `part / whole`, allowing the printed rounding (`decimals`). Returns
/// the computed share, or a finding when the printed figure does not round from it
/// (IA-12: 9 of 13 is 69,2 %, printed 76 %).
pub fn share(part: Measure, whole: Measure, printed: Measure, decimals: u32) -> Result<Measure, Finding> {
    let computed = Measure::percent_of(part, whole).ok_or_else(|| warn("share", "Andelen har nämnaren noll.".into()))?;
    if round(computed, decimals) == printed {
        Ok(computed)
    } else {
        Err(warn(
            "share",
            format!(
                "Andelen är tryckt som {} % men {} av {} är {} %.",
                printed.present(decimals),
                part,
                whole,
                computed.present(decimals.max(1))
            ),
        ))
    }
}

/// Parts that should add up to a printed total (M + K = T for counts and cohort shares;
/// korttid + långtid = sjukfrånvaro), within `tolerance` for rounded parts.
pub fn sum(parts: &[Measure], printed_total: Measure, tolerance: Measure) -> Result<Measure, Finding> {
    let total = parts.iter().fold(Measure::from_raw(0), |a, b| a + *b);
    if (total - printed_total).raw().abs() <= tolerance.raw() {
        Ok(total)
    } else {
        let shown: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
        Err(warn("sum", format!("Delarna {} blir {total}, men summan är tryckt som {printed_total}.", shown.join(" + "))))
    }
}

/// The total of a rate or mean from its parts and their weights in per cent (IB-07:
/// 0,53 · 88 + 0,47 · 82 = 85,2).
pub fn weighted_total(parts: &[(Measure, Measure)]) -> Measure {
    let num: i128 = parts.iter().map(|(v, w)| v.raw() as i128 * w.raw() as i128).sum();
    let den: i128 = parts.iter().map(|(_, w)| w.raw() as i128).sum();
    Measure::from_raw(if den == 0 { 0 } else { crate::sv::div_round(num, den) as i64 })
}

/// A total that should be the weighted mean of its parts: warns when it is off by more than
/// `tolerance` (the parts are rounded).
pub fn weighted(parts: &[(Measure, Measure)], printed_total: Measure, tolerance: Measure) -> Result<Measure, Finding> {
    let t = weighted_total(parts);
    if (t - printed_total).raw().abs() <= tolerance.raw() {
        Ok(t)
    } else {
        Err(warn("weighted", format!("Totalen är tryckt som {printed_total} men de vägda delarna ger {}.", t.present(1))))
    }
}

/// A figure quoted in a text against the table it comes from (IA-10, IB-11, IB-12, IB-17).
pub fn text_vs_table(what: &str, in_text: Measure, in_table: Measure) -> Option<Finding> {
    (in_text != in_table).then(|| warn("text-vs-table", format!("{what}: texten anger {in_text} men tabellen {in_table}.")))
}

/// A change stated in a text against the figures (IB-16: "minskat med drygt 8 procent" from
/// 19 % to 11,5 % is 7,5 procentenheter).
pub fn stated_change(what: &str, from: Measure, to: Measure, stated: Measure, tolerance: Measure) -> Option<Finding> {
    let actual = to - from;
    ((actual - stated).raw().abs() > tolerance.raw())
        .then(|| warn("stated-change", format!("{what}: texten anger en förändring på {stated} men siffrorna ger {actual}.")))
}

/// The declared unit against the label and the values (IB-18: a label "Andelen …" over a
/// count; IB-19: "(%)" over Ja/Nej values).
pub fn unit_matches_label(label: &str, unit: &IndicatorUnit) -> Option<Finding> {
    let l = label.to_lowercase();
    let says_share = l.starts_with("andel") || l.contains("(%)") || l.contains("procent");
    let says_count = l.starts_with("antal");
    match unit {
        IndicatorUnit::Percent if says_count => Some(warn("unit", format!("\"{label}\" låter som ett antal men enheten är procent."))),
        u if says_share && *u != IndicatorUnit::Percent => {
            Some(warn("unit", format!("\"{label}\" låter som en andel men värdena är i enheten {}.", u.key())))
        }
        _ => None,
    }
}

/// A value for a period before the indicator existed (IB-20: "(nytt 2021)" with a 2020 value).
pub fn before_start(name: &str, start_year: i32, period: Period) -> Option<Finding> {
    (period.year() < start_year).then(|| warn("before-start", format!("{name} är nytt {start_year} men har ett värde för {period}.")))
}

/// The whole a rounded share could come from: every base `b` with round(part / b · 100) =
/// `printed_percent` (IA-15: 68 st "utgör 15 %" → 439–469, about 453).
pub fn bases_for_share(part: i64, printed_percent: i64) -> Option<(i64, i64)> {
    if part <= 0 || printed_percent <= 0 {
        return None;
    }
    let rounds_to = |b: i64| crate::sv::div_round(part as i128 * 100, b as i128) as i64;
    let guess = part * 100 / printed_percent;
    let mut lo = guess;
    while lo > 1 && rounds_to(lo - 1) == printed_percent {
        lo -= 1;
    }
    let mut hi = guess;
    while rounds_to(hi + 1) == printed_percent {
        hi += 1;
    }
    (rounds_to(guess) == printed_percent).then_some((lo, hi))
}

/// An indicator outcome that has a target but no printed assessment (IA-08).
pub fn missing_assessment(name: &str, computed: Attainment, printed: Option<&str>) -> Option<Finding> {
    let blank = printed.is_none_or(|p| p.trim().is_empty());
    (blank && computed != Attainment::NotAssessable).then(|| {
        warn("missing-assessment", format!("{name}: måluppfyllelsen är tom i rapporten men beräknas till \"{}\".", computed.label_sv()))
    })
}

/// A goal judged at the top of its scale although some of its indicators missed their target
/// (GO-05). Only information: the status is the committee's judgement.
pub fn judged_met_despite_indicators(goal: &str, judged_top: bool, attainments: &[Attainment]) -> Option<Finding> {
    let missed = attainments.iter().filter(|a| **a == Attainment::NotMet).count();
    (judged_top && missed > 0).then(|| Finding {
        rule: "judgement",
        severity: Severity::Info,
        message: format!("{goal} är bedömt som uppfyllt fast {missed} av dess indikatorer inte når målvärdet."),
    })
}

/// A summary table whose group label (e.g. perspective) differs from the structure's for a
/// goal (GO-02: S prints the perspective labels one row off). Each row: (printed group, goal's
/// true group).
pub fn table_groups(rows: &[(&str, &str, &str)]) -> Vec<Finding> {
    rows.iter()
        .filter(|(_, printed, actual)| printed != actual)
        .map(|(goal, printed, actual)| {
            warn("table-group", format!("\"{goal}\" står under {printed} i tabellen men under {actual} i analysen."))
        })
        .collect()
}
