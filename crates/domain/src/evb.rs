//! Ej verkställda beslut (EVB): favourable decisions not carried out within three months.
//!
//! A decision's limit is three *calendar* months after its decision date (or after the date
//! its execution was interrupted), clamped to the month's last day. A report at a cut-off date
//! puts each decision in one of four categories, depending on whether it was in an earlier
//! report (the report history is data, not recomputed: IVO's own list is what counts).
//! Identifiable data (the pseudonym) lives on the decision; everything the council and the
//! auditors get is computed from counts and never carries it.

use serde::{Deserialize, Serialize};

use crate::period::Date;

/// One kind of insats in the municipality's list, with the printed forms it is known by
/// ("intern träningslägenhet" and "träningslägenhet och stödboende" are träningslägenhet in B).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsatsType {
    /// Key, e.g. `traningslagenhet`.
    pub key: String,
    /// Name as shown, e.g. "träningslägenhet".
    pub name: String,
    /// Other printed forms (lower case compared).
    pub aliases: Vec<String>,
}

/// The configurable list of insats types.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsatsCatalog {
    /// Types in display order.
    pub types: Vec<InsatsType>,
}

impl InsatsCatalog {
    /// The type a printed insats text names: its name or one of its aliases, case-insensitive.
    pub fn classify(&self, printed: &str) -> Option<&InsatsType> {
        let p = printed.trim().to_lowercase();
        self.types.iter().find(|t| t.name.to_lowercase() == p || t.key == p || t.aliases.iter().any(|a| a.to_lowercase() == p))
    }

    /// The type with `key`.
    pub fn get(&self, key: &str) -> Option<&InsatsType> {
        self.types.iter().find(|t| t.key == key)
    }
}

/// A reference to a section of law, valid between two dates (SoL 2001:453 was replaced by
/// SoL 2025:400 on 2025-07-01). Configuration, never a literal in code or templates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LawRef {
    /// What the reference is for, e.g. `EVB_REPORT_SOL`.
    pub key: String,
    /// Name of the law.
    pub law: String,
    /// SFS number, e.g. `2001:453`.
    pub sfs: String,
    /// As printed in a report, e.g. "16 kap. 6 f § SoL".
    pub label: String,
    /// First day of validity (None: since before anything we hold).
    pub valid_from: Option<Date>,
    /// Last day of validity (None: still valid).
    pub valid_to: Option<Date>,
    /// Whether the section number has been verified against the statute.
    pub verified: bool,
}

/// The reference for `key` valid on `on`.
pub fn law_ref<'r>(refs: &'r [LawRef], key: &str, on: Date) -> Option<&'r LawRef> {
    refs.iter().find(|r| r.key == key && r.valid_from.is_none_or(|f| f <= on) && r.valid_to.is_none_or(|t| on <= t))
}

/// Sex, as IVO's pseudonym encodes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    /// Kvinna/flicka.
    Female,
    /// Man/pojke.
    Male,
}

impl Sex {
    /// Swedish word for statistics.
    pub fn label_sv(self) -> &'static str {
        match self {
            Sex::Female => "Kvinnor/flickor",
            Sex::Male => "Män/pojkar",
        }
    }
}

/// IVO's pseudonymous individual id: birth date and a four-character suffix whose third
/// character is a digit encoding sex (even = kvinna, odd = man): `19800101-T123`,
/// `20100315-TF10`. Identifiable: never in a public output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pseudonym(String);

impl Pseudonym {
    /// Checks the form.
    pub fn parse(s: &str) -> Result<Pseudonym, String> {
        let t = s.trim();
        let expected = "en IVO-pseudonym som 19800101-T123 (födelsedatum, '-', fyra tecken, det tredje en siffra)";
        let (date, suffix) = t.split_once('-').ok_or_else(|| expected.to_string())?;
        let ok_date = date.len() == 8
            && date.bytes().all(|b| b.is_ascii_digit())
            && Date::parse(&format!("{}-{}-{}", &date[..4], &date[4..6], &date[6..])).is_ok();
        let chars: Vec<char> = suffix.chars().collect();
        if !ok_date || chars.len() != 4 || !chars.iter().all(|c| c.is_ascii_alphanumeric()) || !chars[2].is_ascii_digit() {
            return Err(expected.to_string());
        }
        // Four digits after the date are a personnummer, not IVO's pseudonym (which starts its
        // suffix with a letter).
        if chars.iter().all(|c| c.is_ascii_digit()) {
            return Err(format!(
                "«{t}» är ett personnummer, inte en pseudonym: IVO:s pseudonym har en bokstav först bland de fyra sista tecknen (19800101-T123)"
            ));
        }
        Ok(Pseudonym(t.to_uppercase()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Birth date.
    pub fn birth_date(&self) -> Date {
        let d = &self.0[..8];
        Date::parse(&format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..])).expect("checked in parse")
    }

    /// Sex from the third character of the suffix.
    pub fn sex(&self) -> Sex {
        let c = self.0[9..].chars().nth(2).and_then(|c| c.to_digit(10)).expect("checked in parse");
        if c.is_multiple_of(2) { Sex::Female } else { Sex::Male }
    }
}

/// Something that happened with a decision on a day: an offer and its answer ("erbjuden
/// extern träningslägenhet", "tackat nej"), a meeting booked or cancelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "EventRepr")]
pub struct Event {
    /// The day.
    pub date: Date,
    /// What happened; empty when only the date is known.
    pub what: String,
    /// The answer to an offer, if any.
    pub answer: String,
}

/// An event as stored: a bare date (as events were stored before they had a text) or whole.
#[derive(Deserialize)]
#[serde(untagged)]
enum EventRepr {
    Date(Date),
    Whole { date: Date, what: String, answer: String },
}

impl From<EventRepr> for Event {
    fn from(r: EventRepr) -> Event {
        match r {
            EventRepr::Date(date) => Event { date, what: String::new(), answer: String::new() },
            EventRepr::Whole { date, what, answer } => Event { date, what, answer },
        }
    }
}

impl Event {
    /// Parses `2021-05-25 erbjuden extern träningslägenhet: tackat nej` — a date, then what
    /// happened and, after the last colon and a space, the answer (both optional).
    pub fn parse(s: &str) -> Option<Event> {
        let s = s.trim();
        let (date, rest) = s.split_at(s.find(char::is_whitespace).unwrap_or(s.len()));
        let date = Date::parse(date).ok()?;
        // The answer follows the last colon ("möte kl. 10:00 bokat: inställt").
        let (what, answer) = rest.rsplit_once(": ").or_else(|| rest.trim_end().strip_suffix(':').map(|w| (w, ""))).unwrap_or((rest, ""));
        Some(Event { date, what: what.trim().to_string(), answer: answer.trim().to_string() })
    }
}

impl std::fmt::Display for Event {
    /// `2021-05-25 erbjuden extern träningslägenhet: tackat nej`, as [`Event::parse`] reads it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.date)?;
        if !self.what.is_empty() {
            write!(f, " {}", self.what)?;
        }
        if !self.answer.is_empty() {
            write!(f, ": {}", self.answer)?;
        }
        Ok(())
    }
}

/// A favourable decision under SoL 4 kap. 1 § or LSS 9 §.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Internal id (type and date are not unique: B rows 5 and 18).
    pub id: String,
    /// Law-reference key the decision falls under, e.g. `EVB_REPORT_SOL`.
    pub law: String,
    /// Insats type key (see [`InsatsCatalog`]).
    pub insats: String,
    /// The insats as written in the decision / report.
    pub insats_text: String,
    /// Beslutsdatum.
    pub decided: Date,
    /// Avbrottsdatum: the day an execution was interrupted.
    pub interrupted: Option<Date>,
    /// Verkställighetsdatum.
    pub executed: Option<Date>,
    /// Closed without execution (withdrawn, need ended, moved, died).
    pub closed: bool,
    /// Avslutsdatum, when known (B does not print it).
    pub closed_on: Option<Date>,
    /// Unit (verksamhetsområde) responsible.
    pub unit: String,
    /// Reason for the delay, as written.
    pub reason: String,
    /// Coded reason for statistics (e.g. `NO_FLAT`, `CLIENT_DECLINED`).
    pub reason_code: String,
    /// Interim measure (familjehem, stödboende, …).
    pub interim: String,
    /// What has happened on the way (offers and their answers, meetings booked or cancelled),
    /// oldest first: IVO asks for the offers made and their dates.
    pub events: Vec<Event>,
    /// IVO pseudonym (identifiable).
    pub pseudonym: Option<Pseudonym>,
    /// Sex, for statistics; kept when the pseudonym is not (taken from it on entry).
    #[serde(default)]
    pub sex: Option<Sex>,
    /// Age group for statistics, e.g. "0–17", "18–64", "65–".
    pub age_group: String,
}

impl Decision {
    /// The rules a decision's dates and state keep, as the register file and the web form apply
    /// them: the register column concerned and what is wrong.
    pub fn check(&self) -> Result<(), (&'static str, &'static str)> {
        const NOT_BEFORE: &str = "ska vara ett datum från och med beslutsdatum";
        if self.executed.is_some_and(|e| e < self.decided) {
            return Err(("verkställt", NOT_BEFORE));
        }
        if self.closed && self.executed.is_some() {
            return Err(("avslutat", "ett beslut är antingen verkställt eller avslutat utan verkställighet, inte båda"));
        }
        if self.interrupted.is_some_and(|d| d < self.decided) {
            return Err(("avbrottsdatum", NOT_BEFORE));
        }
        if self.closed_on.is_some_and(|d| d < self.decided) {
            return Err(("avslutsdatum", NOT_BEFORE));
        }
        if self.closed_on.is_some() && !self.closed {
            return Err(("avslutsdatum", "ett avslutsdatum kräver avslutat = ja"));
        }
        if self.events.iter().any(|e| e.date < self.decided) {
            return Err(("händelser", "en händelse ska vara daterad från och med beslutsdatum"));
        }
        Ok(())
    }

    /// The date the three months run from: the interruption if any, else the decision.
    pub fn start(&self) -> Date {
        self.interrupted.unwrap_or(self.decided)
    }

    /// The last day within three calendar months (B row 30: 2021-08-31 → 2021-11-30).
    pub fn limit(&self) -> Date {
        three_months(self.start())
    }

    /// Not executed and not closed on `day`.
    pub fn open_on(&self, day: Date) -> bool {
        self.executed.is_none_or(|e| e > day) && !(self.closed && self.closed_on.is_none_or(|c| c <= day))
    }

    /// Sex: as recorded, else from the pseudonym.
    pub fn sex(&self) -> Option<Sex> {
        self.sex.or_else(|| self.pseudonym.as_ref().map(Pseudonym::sex))
    }

    /// Calendar days from the start to execution.
    pub fn days_to_execution(&self) -> Option<i64> {
        self.executed.map(|e| self.start().days_until(e))
    }

    /// Calendar days from the limit to execution.
    pub fn days_past_limit(&self) -> Option<i64> {
        self.executed.map(|e| self.limit().days_until(e))
    }

    /// Calendar days from the start to `day`.
    pub fn days_open(&self, day: Date) -> i64 {
        self.start().days_until(day)
    }
}

/// `start` + 3 calendar months with the month-end rule (2021-11-30 → 2022-02-28).
pub fn three_months(start: Date) -> Date {
    start.add_months(3)
}

/// Whole calendar months from `from` to `to` (2021-09-29 → 2021-12-31: 3).
pub fn full_months(from: Date, to: Date) -> u32 {
    let mut n = 0;
    while from.add_months(n as i32 + 1) <= to {
        n += 1;
    }
    n
}

/// The four headings of the nämnd report (B:2626–2634).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Category {
    /// Reported before, now executed.
    Executed,
    /// Reported before, now closed without execution.
    ClosedNotExecuted,
    /// Reported before, still not executed (återrapportering).
    StillOpen,
    /// Passed its limit since the last report, not executed (ny rapportering).
    New,
}

impl Category {
    /// All, in the report's order.
    pub const ALL: [Category; 4] = [Category::Executed, Category::ClosedNotExecuted, Category::StillOpen, Category::New];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            Category::Executed => "verkstallt",
            Category::ClosedNotExecuted => "avslutat",
            Category::StillOpen => "ej-verkstallt",
            Category::New => "ny",
        }
    }

    /// The heading as the report prints it.
    pub fn heading_sv(self) -> &'static str {
        match self {
            Category::Executed => "Återrapportering av beslut som har verkställts",
            Category::ClosedNotExecuted => "Återrapportering av beslut som avslutats utan att beslutet verkställts",
            Category::StillOpen => "Återrapportering av beslut som rapporterats tidigare och ännu inte verkställts",
            Category::New => "Ny rapportering av ej verkställda beslut",
        }
    }

    /// Short label for tables.
    pub fn short_sv(self) -> &'static str {
        match self {
            Category::Executed => "Verkställt",
            Category::ClosedNotExecuted => "Avslutat utan verkställighet",
            Category::StillOpen => "Ej verkställt (återrapport)",
            Category::New => "Ny",
        }
    }

    /// Still open after the report.
    pub fn open(self) -> bool {
        matches!(self, Category::StillOpen | Category::New)
    }
}

/// The category of `d` in a report at `cutoff`, or None when it is not reported.
/// `reported_open_before`: it stood as not executed in the previous report, whose cut-off was
/// `since` (None for the first report held).
pub fn categorize(d: &Decision, reported_open_before: bool, since: Option<Date>, cutoff: Date) -> Option<Category> {
    let executed = d.executed.filter(|e| *e <= cutoff);
    let closed = d.closed && d.closed_on.is_none_or(|c| c <= cutoff);
    if reported_open_before {
        return Some(match (executed, closed) {
            (Some(_), _) => Category::Executed,
            (None, true) => Category::ClosedNotExecuted,
            (None, false) => Category::StillOpen,
        });
    }
    let limit = d.limit();
    if limit > cutoff {
        return None;
    }
    // Passed its limit before the previous report and is not on its list: it was executed or
    // closed then, and reported then.
    let passed_before = since.is_some_and(|s| limit <= s);
    match executed {
        Some(_) if passed_before => None,
        // Executed late without ever being reported: reported once, as executed.
        Some(e) if e > limit => Some(Category::Executed),
        Some(_) => None,
        None if closed && passed_before => None,
        None if closed => match d.closed_on {
            Some(c) if c <= limit => None,
            _ => Some(Category::ClosedNotExecuted),
        },
        None => Some(Category::New),
    }
}

/// A quarterly report: the quarter the data concern, the quarter it is sent, its cut-off and
/// the meeting that adopts it (B's "Kvartal 1 2022" concerns Q4 2021).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportInfo {
    /// Key, e.g. `2021Q4` (the measured quarter).
    pub key: String,
    /// The quarter the data concern.
    pub measured: crate::period::Period,
    /// The quarter the report is sent.
    pub reporting: crate::period::Period,
    /// Cut-off date.
    pub cutoff: Date,
    /// The committee meeting that adopts it.
    pub meeting: Option<Date>,
    /// Diarienummer of the case.
    pub case_number: String,
    /// Title as printed.
    pub title: String,
}

/// One reported row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reported {
    /// Decision id.
    pub id: String,
    /// Its category in this report.
    pub category: Category,
}

/// The report at `cutoff`: every decision that belongs in it, in category order and by
/// decision date within a category. `open_before` holds the ids that stood open (new or still
/// open) in the previous report, whose cut-off was `since`.
pub fn report(decisions: &[Decision], open_before: &[String], since: Option<Date>, cutoff: Date) -> Vec<Reported> {
    let mut rows: Vec<(Category, Date, &str)> = decisions
        .iter()
        .filter_map(|d| categorize(d, open_before.contains(&d.id), since, cutoff).map(|c| (c, d.decided, d.id.as_str())))
        .collect();
    rows.sort();
    rows.into_iter().map(|(category, _, id)| Reported { id: id.to_string(), category }).collect()
}

/// Decisions open at `today` whose limit falls within `warn_days` (or has passed), soonest
/// first — the alert list.
pub fn approaching(decisions: &[Decision], today: Date, warn_days: i64) -> Vec<(&Decision, i64)> {
    let mut v: Vec<(&Decision, i64)> = decisions
        .iter()
        .filter(|d| d.open_on(today))
        .map(|d| (d, today.days_until(d.limit())))
        .filter(|(_, left)| *left <= warn_days)
        .collect();
    v.sort_by_key(|(d, left)| (*left, d.decided));
    v
}

/// Waiting-time bands in whole months since the start, for the council's statistics: each
/// bound is the first month of a band (B's view: 3, 6, 9, 12 → "3–<6", …, "≥12").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bands(pub Vec<u32>);

impl Default for Bands {
    fn default() -> Self {
        Bands(vec![3, 6, 9, 12])
    }
}

impl Bands {
    /// Index of the band `months` falls in (months below the first bound go to the first).
    pub fn index(&self, months: u32) -> usize {
        self.0.iter().rposition(|b| months >= *b).unwrap_or(0)
    }

    /// Labels: "3 till < 6 mån", …, "≥ 12 mån".
    pub fn labels(&self) -> Vec<String> {
        (0..self.0.len())
            .map(|i| match self.0.get(i + 1) {
                Some(next) => format!("{} till < {next} mån", self.0[i]),
                None => format!("≥ {} mån", self.0[i]),
            })
            .collect()
    }
}

/// De-identified statistics of one report: counts only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statistics {
    /// Cut-off date.
    pub cutoff: Date,
    /// Per insats type key (catalog order, types with rows only): counts per category in
    /// [`Category::ALL`] order.
    pub by_category: Vec<(String, [u32; 4])>,
    /// Per insats type: open decisions per waiting band.
    pub by_band: Vec<(String, Vec<u32>)>,
    /// Open decisions per sex (women, men, unknown).
    pub by_sex: [u32; 3],
    /// The band labels.
    pub band_labels: Vec<String>,
}

impl Statistics {
    /// Counts `rows` of `decisions` at `cutoff`.
    pub fn of(catalog: &InsatsCatalog, decisions: &[Decision], rows: &[Reported], cutoff: Date, bands: &Bands) -> Statistics {
        let find = |id: &str| decisions.iter().find(|d| d.id == id);
        let mut keys: Vec<&str> = catalog.types.iter().map(|t| t.key.as_str()).collect();
        for r in rows {
            if let Some(d) = find(&r.id)
                && !keys.contains(&d.insats.as_str())
            {
                keys.push(d.insats.as_str());
            }
        }
        let mut by_category = Vec::new();
        let mut by_band = Vec::new();
        let mut by_sex = [0; 3];
        for key in keys {
            let mut c = [0u32; 4];
            let mut b = vec![0u32; bands.0.len()];
            for r in rows {
                let Some(d) = find(&r.id).filter(|d| d.insats == key) else { continue };
                c[Category::ALL.iter().position(|x| *x == r.category).expect("all")] += 1;
                if r.category.open() {
                    b[bands.index(full_months(d.start(), cutoff))] += 1;
                    by_sex[match d.sex() {
                        Some(Sex::Female) => 0,
                        Some(Sex::Male) => 1,
                        None => 2,
                    }] += 1;
                }
            }
            if c.iter().sum::<u32>() > 0 {
                by_category.push((key.to_string(), c));
                if b.iter().sum::<u32>() > 0 {
                    by_band.push((key.to_string(), b));
                }
            }
        }
        Statistics { cutoff, by_category, by_band, by_sex, band_labels: bands.labels() }
    }

    /// Totals per category.
    pub fn totals(&self) -> [u32; 4] {
        let mut t = [0; 4];
        for (_, c) in &self.by_category {
            for i in 0..4 {
                t[i] += c[i];
            }
        }
        t
    }

    /// Open at the end (still open + new).
    pub fn open(&self) -> u32 {
        let t = self.totals();
        t[2] + t[3]
    }
}

/// n, min, max, mean and median of a set of day counts; mean and median in tenths of a day,
/// exact (236,3 and 225,5 for B's executed rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    /// Number of values.
    pub n: usize,
    /// Smallest.
    pub min: i64,
    /// Largest.
    pub max: i64,
    /// Mean, tenths of a day, rounded half away from zero.
    pub mean_tenths: i64,
    /// Median, tenths of a day.
    pub median_tenths: i64,
}

/// Statistics of `days`; None when empty.
pub fn waiting(days: &[i64]) -> Option<Waiting> {
    if days.is_empty() {
        return None;
    }
    let mut v = days.to_vec();
    v.sort_unstable();
    let n = v.len();
    let sum: i64 = v.iter().sum();
    let median_tenths = if n % 2 == 1 { v[n / 2] * 10 } else { (v[n / 2 - 1] + v[n / 2]) * 5 };
    Some(Waiting { n, min: v[0], max: v[n - 1], mean_tenths: crate::sv::div_round(sum as i128 * 10, n as i128) as i64, median_tenths })
}

/// Consistency findings for a report (evb.md §8.2): a decision reported open in the previous
/// report although its execution date lies before that report's cut-off (C4), and a limit not
/// yet passed for a decision listed as new.
pub fn anomalies(decisions: &[Decision], rows: &[Reported], previous_cutoff: Option<Date>, cutoff: Date) -> Vec<String> {
    let mut out = Vec::new();
    for r in rows {
        let Some(d) = decisions.iter().find(|d| d.id == r.id) else { continue };
        if let (Some(prev), Some(e)) = (previous_cutoff, d.executed)
            && r.category == Category::Executed
            && e <= prev
        {
            out.push(format!(
                "{}: verkställt {e}, före förra rapportens brytdag {prev}, men rapporterat som ej verkställt då (sen registrering?)",
                d.id
            ));
        }
        if r.category == Category::New && d.limit() > cutoff {
            out.push(format!("{}: tremånadersgränsen {} har inte passerats vid brytdagen {cutoff}", d.id, d.limit()));
        }
    }
    out
}

#[cfg(test)]
mod tests;
