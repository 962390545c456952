//! Goals and indicators: configurable goal structures, indicators with targets and outcomes,
//! assessment scales, and the two computed fields every report needs — **trend** (against the
//! previous period) and **attainment** (against the target) — kept apart, because reports that
//! merge them into one arrow mislead (follow-up.md §3.3).
//!
//! A goal's assessment is a judgement with a required analysis text; the system only
//! *suggests* a level from the indicators ([`suggest`]).

use crate::period::Period;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A measured value, exact to four decimals (stored as value × 10 000). Indicator outcomes
/// and targets are measurements, not money, but they are summed and compared, so they are not
/// floats: 6,86 + 3,88 is exactly 10,74.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Measure(i64);

impl Measure {
    /// Units per 1,0.
    pub const SCALE: i64 = 10_000;

    /// From the stored integer (value × 10 000).
    pub const fn from_raw(raw: i64) -> Measure {
        Measure(raw)
    }

    /// From a whole number.
    pub const fn from_int(n: i64) -> Measure {
        Measure(n * Self::SCALE)
    }

    /// The stored integer (value × 10 000).
    pub const fn raw(self) -> i64 {
        self.0
    }

    /// As a float, for charts only.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / Self::SCALE as f64
    }

    /// Parses a number as reports print it: `10,74`, `10.74`, `- 34 867`, `1 234,5`, `91%*`.
    /// Footnote marks and a trailing `%` are ignored; at most four decimals.
    pub fn parse_sv(s: &str) -> Option<Measure> {
        let mut t: String = s.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
        t = t.trim_end_matches(['*', '%']).replace('\u{2212}', "-").replace(',', ".");
        let (neg, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest.to_string()),
            None => (false, t),
        };
        if digits.is_empty() {
            return None;
        }
        let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
        if int.is_empty() && frac.is_empty() || frac.len() > 4 || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
            return None;
        }
        let int: i64 = if int.is_empty() { 0 } else { int.parse().ok()? };
        let frac_val: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<4}").parse().ok()? };
        let v = int.checked_mul(Self::SCALE)?.checked_add(frac_val)?;
        Some(Measure(if neg { -v } else { v }))
    }

    /// Presented with `decimals` decimals, Swedish style: "10,74".
    pub fn present(self, decimals: u32) -> String {
        let divisor = 10i128.pow(4 - decimals.min(4));
        crate::sv::format_fixed(crate::sv::div_round(self.0 as i128, divisor), decimals.min(4))
    }

    /// Presented with as many decimals as needed (up to four): "10,74", "77", "3,5".
    pub fn present_natural(self) -> String {
        let mut decimals = 4;
        while decimals > 0 && self.0 % 10i64.pow(4 - decimals + 1) == 0 {
            decimals -= 1;
        }
        self.present(decimals)
    }

    /// `num / den` as a percentage, exact to four decimals (half away from zero).
    pub fn percent_of(num: Measure, den: Measure) -> Option<Measure> {
        if den.0 == 0 {
            return None;
        }
        let v = crate::sv::div_round(num.0 as i128 * 100 * Self::SCALE as i128, den.0 as i128);
        Some(Measure(v as i64))
    }
}

impl std::ops::Add for Measure {
    type Output = Measure;
    fn add(self, o: Measure) -> Measure {
        Measure(self.0 + o.0)
    }
}

impl std::ops::Sub for Measure {
    type Output = Measure;
    fn sub(self, o: Measure) -> Measure {
        Measure(self.0 - o.0)
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.present_natural())
    }
}

/// What an indicator's values count.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndicatorUnit {
    /// Procent — a share in per cent.
    Percent,
    /// Antal — a count.
    Count,
    /// Index (e.g. HME 0–100).
    Index,
    /// Kronor.
    Kr,
    /// Dygn/dagar — days.
    Days,
    /// Timmar — hours.
    Hours,
    /// Veckor — weeks.
    Weeks,
    /// Ja/Nej.
    YesNo,
}

impl IndicatorUnit {
    /// Every unit.
    pub const ALL: [IndicatorUnit; 8] = [
        IndicatorUnit::Percent,
        IndicatorUnit::Count,
        IndicatorUnit::Index,
        IndicatorUnit::Kr,
        IndicatorUnit::Days,
        IndicatorUnit::Hours,
        IndicatorUnit::Weeks,
        IndicatorUnit::YesNo,
    ];

    /// Stable key (Swedish, as written in files): procent, antal, index, kr, dagar, timmar, veckor, janej.
    pub fn key(&self) -> &'static str {
        match self {
            IndicatorUnit::Percent => "procent",
            IndicatorUnit::Count => "antal",
            IndicatorUnit::Index => "index",
            IndicatorUnit::Kr => "kr",
            IndicatorUnit::Days => "dagar",
            IndicatorUnit::Hours => "timmar",
            IndicatorUnit::Weeks => "veckor",
            IndicatorUnit::YesNo => "janej",
        }
    }

    /// Parses a key or a common spelling ("%", "andel", "st", "dygn", "ja/nej").
    pub fn parse(s: &str) -> Option<IndicatorUnit> {
        let t = s.trim().to_lowercase();
        let t = match t.as_str() {
            "%" | "andel" | "procentenheter" => "procent",
            "st" | "stycken" => "antal",
            "dygn" | "dag" => "dagar",
            "h" | "timme" => "timmar",
            "vecka" => "veckor",
            "ja/nej" | "ja-nej" => "janej",
            "kronor" | "sek" => "kr",
            other => other,
        };
        IndicatorUnit::ALL.into_iter().find(|u| u.key() == t)
    }

    /// What is written after a value: "%", "st", "dagar" …; empty for an index.
    pub fn suffix(&self) -> &'static str {
        match self {
            IndicatorUnit::Percent => "%",
            IndicatorUnit::Count => "st",
            IndicatorUnit::Index | IndicatorUnit::YesNo => "",
            IndicatorUnit::Kr => "kr",
            IndicatorUnit::Days => "dagar",
            IndicatorUnit::Hours => "timmar",
            IndicatorUnit::Weeks => "veckor",
        }
    }

    /// A value with its unit: "10,74 %", "77", "31 veckor".
    pub fn format(&self, v: Measure) -> String {
        if *self == IndicatorUnit::YesNo {
            return if v.raw() != 0 { "Ja".into() } else { "Nej".into() };
        }
        match self.suffix() {
            "" => v.present_natural(),
            s => format!("{}\u{a0}{s}", v.present_natural()),
        }
    }
}

/// Whether a higher or a lower value is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Higher is better (satisfaction, share with a plan).
    Higher,
    /// Lower is better (sick leave, waiting time).
    Lower,
}

impl Direction {
    /// Key as written in files: `högre` / `lägre`.
    pub fn key(self) -> &'static str {
        match self {
            Direction::Higher => "högre",
            Direction::Lower => "lägre",
        }
    }

    /// Parses `högre`/`hogre`/`higher` or `lägre`/`lagre`/`lower`.
    pub fn parse(s: &str) -> Option<Direction> {
        match s.trim().to_lowercase().as_str() {
            "högre" | "hogre" | "higher" | "högre är bättre" => Some(Direction::Higher),
            "lägre" | "lagre" | "lower" | "lägre är bättre" => Some(Direction::Lower),
            _ => None,
        }
    }
}

/// A target for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Target {
    /// A number to reach: at least it (higher is better) or at most it (lower is better).
    Value {
        /// The target value.
        value: Measure,
    },
    /// "Öka" — higher than the comparison period's outcome.
    Increase {
        /// The period compared with; the previous one when `None`.
        base: Option<Period>,
    },
    /// "Minska" — lower than the comparison period's outcome.
    Decrease {
        /// The period compared with; the previous one when `None`.
        base: Option<Period>,
    },
    /// "Bibehålla" — not worse than the comparison period's outcome.
    Maintain {
        /// The period compared with; the previous one when `None`.
        base: Option<Period>,
    },
}

impl Target {
    /// Reads a relative target as printed: "öka", "Öka jmf utfall 2023", "minska", "bibehålls".
    pub fn parse_relative(s: &str) -> Option<Target> {
        let t = s.trim().to_lowercase();
        let base =
            t.split_whitespace().filter_map(|w| Period::parse(w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')).ok()).next_back();
        if t.starts_with("öka") || t.starts_with("oka") || t.starts_with("höja") {
            Some(Target::Increase { base })
        } else if t.starts_with("minska") || t.starts_with("sänka") {
            Some(Target::Decrease { base })
        } else if t.starts_with("bibehåll") || t.starts_with("behåll") || t.starts_with("oförändr") {
            Some(Target::Maintain { base })
        } else {
            None
        }
    }

    /// How the target is written: "7", "öka", "öka jämfört med 2023".
    pub fn describe(&self, unit: &IndicatorUnit) -> String {
        let rel = |word: &str, base: &Option<Period>| match base {
            Some(p) => format!("{word} jämfört med {p}"),
            None => format!("{word} jämfört med föregående period"),
        };
        match self {
            Target::Value { value } => unit.format(*value),
            Target::Increase { base } => rel("Öka", base),
            Target::Decrease { base } => rel("Minska", base),
            Target::Maintain { base } => rel("Bibehålla", base),
        }
    }

    /// The comparison period of a relative target set for `period`.
    pub fn base_period(&self, period: Period) -> Option<Period> {
        match self {
            Target::Value { .. } => None,
            Target::Increase { base } | Target::Decrease { base } | Target::Maintain { base } => {
                Some(base.unwrap_or(period.previous_year()))
            }
        }
    }
}

/// Better, same or worse than the previous period, by the indicator's direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Trend {
    /// Better than before.
    Improved,
    /// Unchanged.
    Unchanged,
    /// Worse than before.
    Worsened,
}

impl Trend {
    /// Swedish label.
    pub fn label_sv(self) -> &'static str {
        match self {
            Trend::Improved => "Förbättrad",
            Trend::Unchanged => "Oförändrad",
            Trend::Worsened => "Försämrad",
        }
    }
    /// A symbol that carries the meaning without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Trend::Improved => "▲",
            Trend::Unchanged => "▶",
            Trend::Worsened => "▼",
        }
    }
}

/// Whether the target was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Attainment {
    /// Target reached.
    Met,
    /// Target not reached.
    NotMet,
    /// No target, or nothing to compare with.
    NotAssessable,
}

impl Attainment {
    /// Swedish label.
    pub fn label_sv(self) -> &'static str {
        match self {
            Attainment::Met => "Uppnått",
            Attainment::NotMet => "Ej uppnått",
            Attainment::NotAssessable => "Kan inte bedömas",
        }
    }
    /// A symbol that carries the meaning without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Attainment::Met => "✓",
            Attainment::NotMet => "✗",
            Attainment::NotAssessable => "–",
        }
    }
}

/// Trend from `previous` to `current`.
pub fn trend(direction: Direction, previous: Measure, current: Measure) -> Trend {
    use std::cmp::Ordering::*;
    match (current.cmp(&previous), direction) {
        (Equal, _) => Trend::Unchanged,
        (Greater, Direction::Higher) | (Less, Direction::Lower) => Trend::Improved,
        _ => Trend::Worsened,
    }
}

/// Attainment of `target` by `outcome`; `base` is the outcome of the comparison period for a
/// relative target.
pub fn attainment(direction: Direction, target: Option<&Target>, outcome: Measure, base: Option<Measure>) -> Attainment {
    match (target, base) {
        (None, _) => Attainment::NotAssessable,
        (Some(Target::Value { value }), _) => {
            let met = match direction {
                Direction::Higher => outcome >= *value,
                Direction::Lower => outcome <= *value,
            };
            if met { Attainment::Met } else { Attainment::NotMet }
        }
        (Some(_), None) => Attainment::NotAssessable,
        (Some(Target::Increase { .. }), Some(b)) => met_if(outcome > b),
        (Some(Target::Decrease { .. }), Some(b)) => met_if(outcome < b),
        (Some(Target::Maintain { .. }), Some(b)) => met_if(trend(direction, b, outcome) != Trend::Worsened),
    }
}

fn met_if(b: bool) -> Attainment {
    if b { Attainment::Met } else { Attainment::NotMet }
}

/// One level of a goal structure, e.g. "Perspektiv" at depth 1, "Nämndmål" at depth 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalLevel {
    /// 1 for the top.
    pub depth: u8,
    /// What a goal at this level is called.
    pub name: String,
}

/// A node in a goal structure: a perspective, a KF goal area, a committee goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    /// Stable key, independent of number and title (titles vary inside one report).
    pub key: String,
    /// Level, 1 = top.
    pub depth: u8,
    /// Parent goal's key.
    pub parent: Option<String>,
    /// Display number ("1", "2.4.1.1").
    pub number: Option<String>,
    /// Title.
    pub title: String,
    /// The KF goal it serves, as text.
    pub kf_goal: Option<String>,
    /// Agenda 2030 goals (1–17).
    pub agenda2030: Vec<u8>,
    /// The council's assignments (uppdrag) to the committee under this goal, as worded.
    #[serde(default)]
    pub assignments: Vec<String>,
}

/// Why goal data was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoalError {
    /// Two goals or indicators share a key.
    DuplicateKey(String),
    /// A parent, goal or level that does not exist.
    Unknown {
        /// The referring key.
        key: String,
        /// What it refers to.
        missing: String,
    },
    /// A goal's depth is not its parent's depth + 1, or has no level.
    BadDepth(String),
    /// An Agenda 2030 goal outside 1–17.
    BadAgenda2030(String),
    /// An assessment without analysis, or with a level not on the scale.
    BadAssessment(String),
}

impl fmt::Display for GoalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GoalError::DuplicateKey(k) => write!(f, "nyckeln \"{k}\" används två gånger"),
            GoalError::Unknown { key, missing } => write!(f, "\"{key}\" hänvisar till \"{missing}\", som inte finns"),
            GoalError::BadDepth(k) => write!(f, "\"{k}\" ska ligga en nivå under sitt överordnade mål, på en av de inställda nivåerna"),
            GoalError::BadAgenda2030(k) => write!(f, "\"{k}\": Agenda 2030-målen är numrerade 1–17"),
            GoalError::BadAssessment(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for GoalError {}

/// A year's goal structure: levels and goals, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalStructure {
    levels: Vec<GoalLevel>,
    goals: Vec<Goal>,
}

impl GoalStructure {
    /// Checks and builds: unique keys, parents exist, each goal one level below its parent.
    pub fn new(levels: Vec<GoalLevel>, goals: Vec<Goal>) -> Result<GoalStructure, GoalError> {
        let mut seen = std::collections::HashSet::new();
        for g in &goals {
            if !seen.insert(g.key.as_str()) {
                return Err(GoalError::DuplicateKey(g.key.clone()));
            }
            if !levels.iter().any(|l| l.depth == g.depth) {
                return Err(GoalError::BadDepth(g.key.clone()));
            }
            if let Some(bad) = g.agenda2030.iter().find(|n| !(1..=17).contains(*n)) {
                return Err(GoalError::BadAgenda2030(format!("{} ({bad})", g.key)));
            }
        }
        for g in &goals {
            match &g.parent {
                None if g.depth != 1 => return Err(GoalError::BadDepth(g.key.clone())),
                None => {}
                Some(p) => {
                    let parent =
                        goals.iter().find(|x| &x.key == p).ok_or_else(|| GoalError::Unknown { key: g.key.clone(), missing: p.clone() })?;
                    if parent.depth + 1 != g.depth {
                        return Err(GoalError::BadDepth(g.key.clone()));
                    }
                }
            }
        }
        Ok(GoalStructure { levels, goals })
    }

    /// The levels, top first.
    pub fn levels(&self) -> &[GoalLevel] {
        &self.levels
    }
    /// The goals in the order given.
    pub fn goals(&self) -> &[Goal] {
        &self.goals
    }
    /// A goal by key.
    pub fn goal(&self, key: &str) -> Option<&Goal> {
        self.goals.iter().find(|g| g.key == key)
    }
    /// The name of a level.
    pub fn level_name(&self, depth: u8) -> &str {
        self.levels.iter().find(|l| l.depth == depth).map(|l| l.name.as_str()).unwrap_or("")
    }
    /// The deepest level: the goals that are assessed.
    pub fn leaf_depth(&self) -> u8 {
        self.levels.iter().map(|l| l.depth).max().unwrap_or(1)
    }
    /// Depth-first order, children in the order given: (goal, its ancestors' keys).
    pub fn tree(&self) -> Vec<&Goal> {
        let mut out = Vec::new();
        fn walk<'a>(at: Option<&str>, goals: &'a [Goal], out: &mut Vec<&'a Goal>) {
            for g in goals.iter().filter(|g| g.parent.as_deref() == at) {
                out.push(g);
                walk(Some(&g.key), goals, out);
            }
        }
        walk(None, &self.goals, &mut out);
        out
    }
    /// The goal's ancestor at depth 1.
    pub fn root_of<'a>(&'a self, goal: &'a Goal) -> &'a Goal {
        let mut g = goal;
        while let Some(p) = g.parent.as_deref().and_then(|p| self.goal(p)) {
            g = p;
        }
        g
    }
}

/// An indicator: what is measured, how, and which way is better.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// Stable key.
    pub key: String,
    /// The goal it follows up.
    pub goal: String,
    /// Name.
    pub name: String,
    /// Unit of the values.
    pub unit: IndicatorUnit,
    /// Which way is better.
    pub direction: Direction,
    /// Data source ("Kolada", "personalsystem", "verksamhetssystem").
    pub source: Option<String>,
    /// Method text (Mått/metod).
    pub method: Option<String>,
    /// Kolada KPI id, e.g. "U28532".
    pub kolada_kpi: Option<String>,
    /// Responsible unit or addressee (Adressering).
    pub responsible: Option<String>,
}

/// An outcome for one period, total and optionally split by sex (Kolada's T/K/M).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The period measured.
    pub period: Period,
    /// Total (T).
    pub total: Option<Measure>,
    /// Women (K).
    pub women: Option<Measure>,
    /// Men (M).
    pub men: Option<Measure>,
    /// Footnote or status ("* saknas viss statistik", "för få svar").
    pub note: Option<String>,
}

impl Outcome {
    /// Why the outcome cannot be right for an indicator in `unit`, if it cannot: a share
    /// outside 0–100 %, a count that is negative or not whole, or women or men more than the
    /// total of a count.
    pub fn implausible(&self, unit: &IndicatorUnit) -> Option<String> {
        let values = [self.total, self.women, self.men];
        let values = values.iter().flatten();
        match unit {
            IndicatorUnit::Percent => values
                .clone()
                .find(|v| **v < Measure::from_int(0) || **v > Measure::from_int(100))
                .map(|v| format!("En andel i procent ska vara mellan 0 och 100, inte {}.", v.present_natural())),
            IndicatorUnit::Count => {
                if let Some(v) = values.clone().find(|v| v.raw() < 0 || v.raw() % Measure::SCALE != 0) {
                    return Some(format!("Ett antal ska vara ett heltal (0 eller fler), inte {}.", v.present_natural()));
                }
                let total = self.total?;
                [self.women, self.men]
                    .iter()
                    .flatten()
                    .any(|v| *v > total)
                    .then(|| format!("Kvinnor eller män kan inte vara fler än totalt ({}).", total.present_natural()))
            }
            _ => None,
        }
    }
}

/// A level on an assessment scale. Stored by key; presented by label and shape, never by
/// colour alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleLevel {
    /// Stable key, e.g. `uppfyllt`.
    pub key: String,
    /// Label as the municipality writes it ("Uppfyllt").
    pub label: String,
    /// 0 = worst.
    pub rank: u8,
    /// The phrase used in count sentences: "helt uppfyllda" in "sex av tio mål är helt uppfyllda".
    pub phrase: String,
    /// A symbol that carries the level without colour (●, ◐, ○ …).
    pub symbol: String,
}

/// An assessment scale: configuration per municipality and object type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scale {
    /// Stable key.
    pub key: String,
    /// Name.
    pub name: String,
    /// Levels, worst first.
    pub levels: Vec<ScaleLevel>,
}

impl Scale {
    fn build(key: &str, name: &str, levels: &[(&str, &str, &str, &str)]) -> Scale {
        Scale {
            key: key.into(),
            name: name.into(),
            levels: levels
                .iter()
                .enumerate()
                .map(|(i, (k, label, phrase, symbol))| ScaleLevel {
                    key: (*k).into(),
                    label: (*label).into(),
                    rank: i as u8,
                    phrase: (*phrase).into(),
                    symbol: (*symbol).into(),
                })
                .collect(),
        }
    }

    /// Three words, as Strängnäs (S:141–150): Ej uppfyllt / Delvis uppfyllt / Uppfyllt.
    pub fn three_words() -> Scale {
        Scale::build(
            "tre-nivaer",
            "Uppfyllt – delvis uppfyllt – ej uppfyllt",
            &[
                ("ej-uppfyllt", "Ej uppfyllt", "inte uppfyllda", "○"),
                ("delvis-uppfyllt", "Delvis uppfyllt", "delvis uppfyllda", "◐"),
                ("uppfyllt", "Uppfyllt", "helt uppfyllda", "●"),
            ],
        )
    }

    /// The four-level scale: Ej uppfyllt / Delvis uppfyllt / I hög grad uppfyllt / Helt uppfyllt.
    pub fn four_levels() -> Scale {
        Scale::build(
            "fyra-nivaer",
            "Fyrgradig skala",
            &[
                ("ej-uppfyllt", "Ej uppfyllt", "inte uppfyllda", "○"),
                ("delvis-uppfyllt", "Delvis uppfyllt", "delvis uppfyllda", "◔"),
                ("i-hog-grad-uppfyllt", "I hög grad uppfyllt", "i hög grad uppfyllda", "◕"),
                ("helt-uppfyllt", "Helt uppfyllt", "helt uppfyllda", "●"),
            ],
        )
    }

    /// A level by key or by label (case-insensitive).
    pub fn level(&self, key_or_label: &str) -> Option<&ScaleLevel> {
        let t = key_or_label.trim().to_lowercase();
        self.levels.iter().find(|l| l.key == t || l.label.to_lowercase() == t)
    }

    /// Levels best first.
    pub fn best_first(&self) -> Vec<&ScaleLevel> {
        let mut v: Vec<&ScaleLevel> = self.levels.iter().collect();
        v.sort_by_key(|l| std::cmp::Reverse(l.rank));
        v
    }
}

/// A goal's assessment for a period: a level chosen by a person, with the analysis behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    goal: String,
    period: Period,
    level: String,
    analysis: String,
}

impl Assessment {
    /// Checked: the level must be on `scale` and the analysis must not be empty.
    pub fn new(goal: &str, period: Period, level: &str, analysis: &str, scale: &Scale) -> Result<Assessment, GoalError> {
        let lvl = scale.level(level).ok_or_else(|| {
            let allowed: Vec<&str> = scale.levels.iter().map(|l| l.label.as_str()).collect();
            GoalError::BadAssessment(format!("\"{level}\" är ingen nivå i skalan ({})", allowed.join(", ")))
        })?;
        if analysis.trim().is_empty() {
            return Err(GoalError::BadAssessment(format!("bedömningen av {goal} saknar analystext")));
        }
        Ok(Assessment { goal: goal.into(), period, level: lvl.key.clone(), analysis: analysis.trim().into() })
    }
    /// The goal's key.
    pub fn goal(&self) -> &str {
        &self.goal
    }
    /// The period.
    pub fn period(&self) -> Period {
        self.period
    }
    /// The level's key.
    pub fn level(&self) -> &str {
        &self.level
    }
    /// The analysis.
    pub fn analysis(&self) -> &str {
        &self.analysis
    }
}

/// The level the indicators suggest: the share of assessable indicators that met their
/// target, mapped onto the scale (all met → best, none → worst). `None` when no indicator can
/// be assessed. Only a suggestion: the committee's judgement decides (follow-up.md §3.2).
pub fn suggest<'s>(scale: &'s Scale, attainments: &[Attainment]) -> Option<&'s ScaleLevel> {
    let assessable: Vec<&Attainment> = attainments.iter().filter(|a| **a != Attainment::NotAssessable).collect();
    if assessable.is_empty() || scale.levels.is_empty() {
        return None;
    }
    let met = assessable.iter().filter(|a| ***a == Attainment::Met).count();
    let top = scale.levels.iter().map(|l| l.rank).max().unwrap_or(0) as usize;
    let rank = if met == assessable.len() {
        top
    } else if met == 0 {
        0
    } else if top < 2 {
        // Partly met on a scale of two levels (met / not met): not met.
        0
    } else {
        // Partly met: the nearest level to the share met, strictly between worst and best.
        let n = assessable.len();
        ((2 * met * top + n) / (2 * n)).clamp(1, top - 1)
    };
    scale.levels.iter().find(|l| l.rank as usize == rank)
}

/// Counts assessments per level, best first, levels with none left out.
pub fn tally<'s>(scale: &'s Scale, assessments: &[&Assessment]) -> Vec<(&'s ScaleLevel, usize)> {
    scale.best_first().into_iter().map(|l| (l, assessments.iter().filter(|a| a.level == l.key).count())).filter(|(_, n)| *n > 0).collect()
}

/// Swedish number words for counts of neuter nouns (ett mål, två mål …); digits above twenty.
pub fn number_word(n: usize) -> String {
    const WORDS: [&str; 21] = [
        "noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv", "tretton", "fjorton", "femton",
        "sexton", "sjutton", "arton", "nitton", "tjugo",
    ];
    WORDS.get(n).map(|w| w.to_string()).unwrap_or_else(|| n.to_string())
}

/// The count sentence reports open with, from the assessments: "Sex av tio mål är helt
/// uppfyllda. Övriga fyra mål bedöms delvis uppfyllda." (S:30). `total` counts every goal,
/// assessed or not; unassessed goals are named.
pub fn count_sentence(scale: &Scale, assessments: &[&Assessment], total: usize) -> String {
    let counts = tally(scale, assessments);
    let Some(((first, n_first), rest)) = counts.split_first() else {
        return match total {
            0 => "Det finns inga mål att bedöma.".into(),
            1 => "Målet är inte bedömt.".into(),
            n => format!("Inget av de {} målen är bedömt.", number_word(n)),
        };
    };
    let cap = |s: String| crate::sv::capitalise(&s);
    // One goal is uppfyllt, several uppfyllda.
    let phrase = |phrase: &str, n: usize| if n == 1 { singular(phrase) } else { phrase.to_string() };
    let mut out = format!("{} av {} mål är {}.", cap(number_word(*n_first)), number_word(total), phrase(&first.phrase, *n_first));
    let unassessed = total.saturating_sub(assessments.len());
    match rest {
        [] => {}
        [(l, 1)] if unassessed == 0 => out.push_str(&format!(" Det övriga målet bedöms {}.", singular(&l.phrase))),
        [(l, n)] if unassessed == 0 => out.push_str(&format!(" Övriga {} mål bedöms {}.", number_word(*n), l.phrase)),
        _ => {
            let parts: Vec<String> = rest.iter().map(|(l, n)| format!("{} {}", number_word(*n), phrase(&l.phrase, *n))).collect();
            out.push_str(&format!(" Av övriga bedöms {}.", join_sv(&parts)));
        }
    }
    if unassessed > 0 {
        out.push_str(&format!(" {} mål saknar bedömning.", cap(number_word(unassessed))));
    }
    out
}

/// A level's plural phrase said of one goal (a neuter noun): "helt uppfyllda" → "helt uppfyllt",
/// "inte uppnådda" → "inte uppnått", "påbörjade" → "påbörjat"; a phrase of another form is left
/// as it is.
fn singular(plural: &str) -> String {
    let (head, last) = plural.rsplit_once(' ').map_or(("", plural), |(h, l)| (h, l));
    let one = if let Some(stem) = last.strip_suffix("dda") {
        format!("{stem}tt")
    } else if let Some(stem) = last.strip_suffix("ade") {
        format!("{stem}at")
    } else if let Some(stem) = last.strip_suffix("da") {
        format!("{stem}t")
    } else {
        last.to_string()
    };
    if head.is_empty() { one } else { format!("{head} {one}") }
}

/// "a, b och c".
pub fn join_sv(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} och {last}", init.join(", ")),
    }
}

/// One year's goal setup for a municipality: the scale, the structure and the indicators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalYear {
    year: i32,
    scale: Scale,
    structure: GoalStructure,
    indicators: Vec<Indicator>,
}

impl GoalYear {
    /// Checked: indicator keys unique, each indicator's goal exists.
    pub fn new(year: i32, scale: Scale, structure: GoalStructure, indicators: Vec<Indicator>) -> Result<GoalYear, GoalError> {
        let mut seen = std::collections::HashSet::new();
        for i in &indicators {
            if !seen.insert(i.key.as_str()) {
                return Err(GoalError::DuplicateKey(i.key.clone()));
            }
            if structure.goal(&i.goal).is_none() {
                return Err(GoalError::Unknown { key: i.key.clone(), missing: i.goal.clone() });
            }
        }
        Ok(GoalYear { year, scale, structure, indicators })
    }
    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }
    /// The assessment scale of the year's goals.
    pub fn scale(&self) -> &Scale {
        &self.scale
    }
    /// The goal structure.
    pub fn structure(&self) -> &GoalStructure {
        &self.structure
    }
    /// The indicators, in the order given.
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }
    /// An indicator by key.
    pub fn indicator(&self, key: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.key == key)
    }
    /// The indicators of a goal.
    pub fn indicators_of<'a>(&'a self, goal: &'a str) -> impl Iterator<Item = &'a Indicator> + 'a {
        self.indicators.iter().filter(move |i| i.goal == goal)
    }
}

/// An indicator's state for a period: the outcome, the previous year's, the target, and the
/// two computed fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// The period evaluated.
    pub period: Period,
    /// Its outcome (total), if entered.
    pub outcome: Option<Measure>,
    /// The same period a year earlier, if entered.
    pub previous: Option<Measure>,
    /// The target for the period, if set.
    pub target: Option<Target>,
    /// Against the previous year; `None` without both values.
    pub trend: Option<Trend>,
    /// Against the target; `NotAssessable` without outcome or target.
    pub attainment: Attainment,
}

/// Evaluates an indicator for `period` from its stored outcomes and targets.
pub fn evaluate(indicator: &Indicator, period: Period, outcomes: &[Outcome], targets: &[(Period, Target)]) -> Evaluation {
    let total_for = |p: Period| outcomes.iter().find(|o| o.period == p).and_then(|o| o.total);
    let outcome = total_for(period);
    let previous = total_for(period.previous_year());
    // The period's own target, else the year's (targets are usually set per year, and an
    // interim report follows the year's target up at its month).
    let target = targets
        .iter()
        .find(|(p, _)| *p == period)
        .or_else(|| targets.iter().find(|(p, _)| *p == Period::Year(period.year())))
        .map(|(_, t)| t.clone());
    let trend = match (previous, outcome) {
        (Some(a), Some(b)) => Some(trend(indicator.direction, a, b)),
        _ => None,
    };
    let attainment = match outcome {
        None => Attainment::NotAssessable,
        Some(o) => {
            let base = target.as_ref().and_then(|t| t.base_period(period)).and_then(total_for);
            attainment(indicator.direction, target.as_ref(), o, base)
        }
    };
    Evaluation { period, outcome, previous, target, trend, attainment }
}

#[cfg(test)]
mod tests;
