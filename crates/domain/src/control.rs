//! Internal control: the year's plan of control items with probability × consequence on
//! configurable 4-level scales, the risk matrix, results with sample statistics and a rating,
//! actions with deadlines, and the net list of risks.

use crate::goals::Measure;
use crate::period::{Date, Period};
use serde::{Deserialize, Serialize};

/// The labels of a 1–4 scale (sannolikhet or konsekvens); unprinted levels stay unlabelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LevelScale {
    /// (value 1–4, label).
    pub labels: Vec<(u8, String)>,
}

impl LevelScale {
    /// The label of a value, or the value itself.
    pub fn label(&self, v: u8) -> String {
        self.labels.iter().find(|(n, _)| *n == v).map(|(_, l)| l.clone()).unwrap_or_else(|| v.to_string())
    }

    /// The value of a printed label: "Mindre sannolikt" → 2, "3. Stor" → 3.
    pub fn value_of(&self, label: &str) -> Option<u8> {
        let t = label.trim();
        if let Some((n, _)) = t.split_once(". ").filter(|(n, _)| n.len() == 1) {
            return n.parse().ok().filter(|v| (1..=4).contains(v));
        }
        self.labels.iter().find(|(_, l)| l.eq_ignore_ascii_case(t)).map(|(n, _)| *n)
    }
}

/// How serious a risk value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum RiskLevel {
    /// Låg.
    Low,
    /// Medel.
    Medium,
    /// Hög.
    High,
}

impl RiskLevel {
    /// Swedish label.
    pub fn label_sv(self) -> &'static str {
        match self {
            RiskLevel::Low => "Låg",
            RiskLevel::Medium => "Medel",
            RiskLevel::High => "Hög",
        }
    }
    /// A symbol so the level is not told by colour alone.
    pub fn symbol(self) -> &'static str {
        match self {
            RiskLevel::Low => "○",
            RiskLevel::Medium => "◑",
            RiskLevel::High => "●",
        }
    }
}

/// Thresholds of the risk matrix: values up to `low_max` are low, up to `medium_max` medium.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskThresholds {
    /// Highest low value.
    pub low_max: u8,
    /// Highest medium value.
    pub medium_max: u8,
}

impl Default for RiskThresholds {
    fn default() -> RiskThresholds {
        RiskThresholds { low_max: 4, medium_max: 8 }
    }
}

impl RiskThresholds {
    /// The level of a risk value.
    pub fn level(self, value: u8) -> RiskLevel {
        if value <= self.low_max {
            RiskLevel::Low
        } else if value <= self.medium_max {
            RiskLevel::Medium
        } else {
            RiskLevel::High
        }
    }
}

/// Riskvärde = sannolikhet × konsekvens (1–16).
pub fn risk_value(probability: u8, consequence: u8) -> u8 {
    probability * consequence
}

/// A control item of the year's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlItem {
    /// Stable key.
    pub key: String,
    /// Perspective or area of the plan.
    pub perspective: String,
    /// Linked goal, as printed.
    pub goal: String,
    /// Area (verksamhet) where printed.
    pub area: String,
    /// What is checked (kontrollmoment).
    pub what: String,
    /// The feared risk.
    pub risk: String,
    /// Sannolikhet 1–4.
    pub probability: u8,
    /// Konsekvens 1–4.
    pub consequence: u8,
    /// Method (stickprov, egenkontroll, enkät, granskning av styrdokument).
    pub method: String,
    /// Frequency.
    pub frequency: String,
    /// Responsible.
    pub responsible: String,
    /// When.
    pub timing: String,
}

impl ControlItem {
    /// The risk value.
    pub fn risk_value(&self) -> u8 {
        risk_value(self.probability, self.consequence)
    }
}

/// The result levels of a control, configurable per municipality (B: God / Godtagbar / Ej
/// godkänd, plus "ej genomförd"); "not in plan" is a separate state, never a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultScale {
    /// (key, label, symbol), best first; the last may be the "not performed" level.
    pub levels: Vec<(String, String, String)>,
    /// Rating from an approval rate: at least this share → the first level.
    pub good_from: Measure,
    /// At least this share → the second level; below → the third.
    pub acceptable_from: Measure,
}

impl ResultScale {
    /// B's scale with thresholds inferred from its ratings (96–100 % God, 63–87 % Godtagbar,
    /// IC-21); the God cut-off lies between 87 and 96 % — 90 % here, configurable.
    pub fn god_godtagbar() -> ResultScale {
        ResultScale {
            levels: vec![
                ("god".into(), "God".into(), "●".into()),
                ("godtagbar".into(), "Godtagbar".into(), "◆".into()),
                ("ej-godkand".into(), "Ej godkänd".into(), "▲".into()),
                ("ej-genomford".into(), "Ej genomförd".into(), "—".into()),
            ],
            good_from: Measure::from_int(90),
            acceptable_from: Measure::from_int(50),
        }
    }

    /// The level an approval rate earns.
    pub fn rate(&self, share: Measure) -> &str {
        let i = if share >= self.good_from {
            0
        } else if share >= self.acceptable_from {
            1
        } else {
            2
        };
        &self.levels[i.min(self.levels.len() - 1)].0
    }

    /// A level by key or label.
    pub fn level(&self, key_or_label: &str) -> Option<&(String, String, String)> {
        let t = key_or_label.trim().to_lowercase();
        if t.is_empty() {
            return None; // not rated; never the level that happens to have no symbol
        }
        self.levels.iter().find(|(k, l, s)| *k == t || l.to_lowercase() == t || (!s.is_empty() && *s == key_or_label.trim()))
    }
}

/// The result of a control for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlResult {
    /// The control's key.
    pub item: String,
    /// Period covered (a result can cover part of the year: "Q4 ej inkluderad").
    pub period: Period,
    /// Level key on the result scale.
    pub level: String,
    /// Items reviewed.
    pub reviewed: Option<u32>,
    /// Deviations found.
    pub deviations: Option<u32>,
    /// Approved share as printed, %.
    pub approved_share: Option<Measure>,
    /// Findings.
    pub findings: String,
}

impl ControlResult {
    /// The approved share computed from the counts: (reviewed − deviations) / reviewed; `None`
    /// when a count is missing or there are more deviations than items reviewed.
    pub fn computed_share(&self) -> Option<Measure> {
        let r = self.reviewed?;
        let approved = r.checked_sub(self.deviations?)?;
        Measure::percent_of(Measure::from_int(approved as i64), Measure::from_int(r as i64))
    }
}

/// An action decided after a control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// Stored id (0 before it is stored).
    pub id: i64,
    /// The control it belongs to.
    pub item: String,
    /// What is to be done.
    pub text: String,
    /// Who.
    pub owner: String,
    /// By when.
    pub due: Option<Date>,
    /// Done?
    pub done: bool,
}

impl Action {
    /// Whether the action is past its deadline and not done, on `today`.
    pub fn overdue(&self, today: Date) -> bool {
        !self.done && self.due.is_some_and(|d| d < today)
    }
}

/// A row of the net list of risks (after controls).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetRisk {
    /// The risk.
    pub risk: String,
    /// Sannolikhet 1–4.
    pub probability: u8,
    /// Konsekvens 1–4.
    pub consequence: u8,
    /// Motivation.
    pub comment: String,
}

/// The number a control is shown with: its key where the plan numbers its controls ("3.1.4"),
/// else its place in the plan ("2"), so that a plan keyed by names (`missf_ao`) does not show
/// them. A part of a control (`gfp#kommunal_hemtjanst`) is shown after its control's number
/// ("1 kommunal hemtjanst").
pub fn shown_number(items: &[ControlItem], key: &str) -> String {
    let numbered = items.iter().all(|i| i.key.chars().all(|c| c.is_ascii_digit() || c == '.'));
    let (base, part) = key.split_once('#').map_or((key, None), |(b, p)| (b, Some(p)));
    let n = if numbered {
        base.to_string()
    } else {
        items.iter().position(|i| i.key == base).map_or_else(|| base.to_string(), |p| (p + 1).to_string())
    };
    match part {
        Some(p) => format!("{n} {}", p.replace('_', " ")),
        None => n,
    }
}

/// The name of the part of a control a result is for (`gfp#kommunal_hemtjanst`): as its
/// findings name it first ("Kommunal hemtjänst: Andel godkända …"), else its key in words.
/// `None` for a result for the whole control.
pub fn part_label(r: &ControlResult) -> Option<String> {
    let (_, part) = r.item.split_once('#')?;
    let named = r.findings.split_once(':').map(|(l, _)| l.trim()).filter(|l| !l.is_empty() && l.chars().count() < 60);
    Some(named.map_or_else(|| part.replace('_', " "), str::to_string))
}

/// Counts the items per result level, in the scale's order (IC-20).
pub fn count_levels<'s>(scale: &'s ResultScale, levels: &[&str]) -> Vec<(&'s str, usize)> {
    scale.levels.iter().map(|(k, l, _)| (l.as_str(), levels.iter().filter(|x| *x == k).count())).collect()
}

/// The rating of a control for a whole year: its own row, not a sub-result (`key#part`) and not
/// a quarter. These are what a plan's summary counts (B:1659–1662).
pub fn year_results(results: &[ControlResult], year: i32) -> Vec<&ControlResult> {
    results.iter().filter(|r| !r.item.contains('#') && r.period == Period::Year(year)).collect()
}

/// The summary matrix of B:1741–1748: for each control, in plan order, its level in each of
/// `years` (None where no result is held, printed "—").
pub fn history(items: &[ControlItem], results: &[ControlResult], years: &[i32]) -> Vec<(String, Vec<Option<String>>)> {
    items
        .iter()
        .map(|i| {
            let cells = years
                .iter()
                .map(|y| year_results(results, *y).into_iter().find(|r| r.item == i.key && !r.level.is_empty()).map(|r| r.level.clone()))
                .collect();
            (i.key.clone(), cells)
        })
        .collect()
}

#[cfg(test)]
mod tests;
