//! Quality management (SOSFS 2011:9): deviations (avvikelser) with their Lex Maria and Lex
//! Sarah decisions, complaints and suggestions (klagomål och synpunkter), self-inspections
//! (egenkontroller), children's-rights follow-up, grant re-reporting (återrapportering), and
//! the statistics the patient safety report (Patientsäkerhetslagen 2010:659) prints.
//!
//! Nothing here holds a person's identity; [`personnummer_in`] finds what must never leave a
//! unit, so exports and publishing can refuse it.

use crate::period::Date;
use serde::{Deserialize, Serialize};

/// How serious a deviation was (the scale most HSL systems use).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Harm {
    /// Ingen skada.
    Ingen,
    /// Lindrig skada.
    Lindrig,
    /// Måttlig skada.
    Mattlig,
    /// Allvarlig skada — a possible Lex Maria or Lex Sarah case.
    Allvarlig,
}

impl Harm {
    /// All levels, least first.
    pub const ALL: [Harm; 4] = [Harm::Ingen, Harm::Lindrig, Harm::Mattlig, Harm::Allvarlig];

    /// As written in files and forms.
    pub fn key(self) -> &'static str {
        match self {
            Harm::Ingen => "ingen",
            Harm::Lindrig => "lindrig",
            Harm::Mattlig => "måttlig",
            Harm::Allvarlig => "allvarlig",
        }
    }

    /// Parses `ingen`, `lindrig`, `måttlig`, `allvarlig` (any case).
    pub fn parse(s: &str) -> Option<Harm> {
        Harm::ALL
            .into_iter()
            .find(|h| h.key() == s.trim().to_lowercase() || (s.trim().eq_ignore_ascii_case("mattlig") && *h == Harm::Mattlig))
    }

    /// Swedish label: "Måttlig skada".
    pub fn label_sv(self) -> &'static str {
        match self {
            Harm::Ingen => "Ingen skada",
            Harm::Lindrig => "Lindrig skada",
            Harm::Mattlig => "Måttlig skada",
            Harm::Allvarlig => "Allvarlig skada",
        }
    }
}

/// Which law the care falls under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CareLaw {
    /// Hälso- och sjukvårdslagen: health care; serious cases are Lex Maria.
    #[serde(rename = "HSL")]
    Hsl,
    /// Socialtjänstlagen: social care; missförhållanden are Lex Sarah.
    #[serde(rename = "SoL")]
    Sol,
    /// Lagen om stöd och service: as SoL, Lex Sarah.
    #[serde(rename = "LSS")]
    Lss,
}

impl CareLaw {
    /// Parses `HSL`, `SoL`, `LSS`.
    pub fn parse(s: &str) -> Option<CareLaw> {
        match s.trim().to_uppercase().as_str() {
            "HSL" => Some(CareLaw::Hsl),
            "SOL" => Some(CareLaw::Sol),
            "LSS" => Some(CareLaw::Lss),
            _ => None,
        }
    }

    /// As written.
    pub fn key(self) -> &'static str {
        match self {
            CareLaw::Hsl => "HSL",
            CareLaw::Sol => "SoL",
            CareLaw::Lss => "LSS",
        }
    }

    /// The reporting regime a serious case falls under here.
    pub fn lex(self) -> Lex {
        match self {
            CareLaw::Hsl => Lex::Maria,
            _ => Lex::Sarah,
        }
    }
}

/// Lex Maria (health care, reported to IVO by the MAS) or Lex Sarah (missförhållanden in
/// social care, reported to IVO when serious).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lex {
    /// Lex Maria (3 kap. 5 § PSL).
    Maria,
    /// Lex Sarah (14 kap. SoL, 24 a–g §§ LSS).
    Sarah,
}

impl Lex {
    /// "Lex Maria".
    pub fn label_sv(self) -> &'static str {
        match self {
            Lex::Maria => "Lex Maria",
            Lex::Sarah => "Lex Sarah",
        }
    }

    /// Parses `maria`, `sarah`.
    pub fn parse(s: &str) -> Option<Lex> {
        match s.trim().to_lowercase().as_str() {
            "maria" | "lex maria" => Some(Lex::Maria),
            "sarah" | "lex sarah" => Some(Lex::Sarah),
            _ => None,
        }
    }
}

/// The decision whether a possible Lex case is reported to IVO.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LexDecision {
    /// Reported to IVO (`anmäls`) or not (`anmäls inte`).
    pub report: bool,
    /// Decided on.
    pub date: Date,
    /// Who decided (MAS, the socialchef …).
    pub by: String,
}

/// Where a deviation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Reported, not yet looked into.
    Open,
    /// Being investigated.
    Investigating,
    /// Closed.
    Closed,
}

impl Status {
    /// Parses `öppen`, `utreds`, `avslutad`.
    pub fn parse(s: &str) -> Option<Status> {
        match s.trim().to_lowercase().as_str() {
            "öppen" | "oppen" => Some(Status::Open),
            "utreds" => Some(Status::Investigating),
            "avslutad" => Some(Status::Closed),
            _ => None,
        }
    }

    /// Swedish word.
    pub fn label_sv(self) -> &'static str {
        match self {
            Status::Open => "öppen",
            Status::Investigating => "utreds",
            Status::Closed => "avslutad",
        }
    }
}

/// A deviation (avvikelse) as reported by staff and handled by the unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deviation {
    /// Identifier, e.g. "A2021-001".
    pub id: String,
    /// When it happened (or was reported).
    pub date: Date,
    /// The unit (enhet) where it happened.
    pub unit: String,
    /// Type key (e.g. `lakemedel-utebliven-dos`).
    pub kind: String,
    /// How serious.
    pub harm: Harm,
    /// Health care or social care.
    pub law: CareLaw,
    /// What happened — free text, checked for personnummer before it leaves the unit.
    pub description: String,
    /// The investigation.
    pub investigation: String,
    /// Actions taken.
    pub actions: String,
    /// Classified as a possible Lex Maria / Lex Sarah case.
    pub lex: Option<Lex>,
    /// The decision on that case.
    pub decision: Option<LexDecision>,
    /// Where it stands.
    pub status: Status,
}

/// Why a deviation is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviationError(pub String);

impl std::fmt::Display for DeviationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Deviation {
    /// Checks the rules a deviation must keep: a decision only on a classified case, by a
    /// named decider, not before the deviation; Lex Maria only for health care, Lex Sarah only
    /// for social care.
    pub fn validate(&self) -> Result<(), DeviationError> {
        let err = |m: String| Err(DeviationError(m));
        if let Some(l) = self.lex
            && l != self.law.lex()
        {
            return err(format!(
                "{} gäller inte {}: {} gäller {}.",
                l.label_sv(),
                self.law.key(),
                self.law.lex().label_sv(),
                self.law.key()
            ));
        }
        if let Some(d) = &self.decision {
            if self.lex.is_none() {
                return err(
                    "Ett beslut om anmälan kräver att avvikelsen först bedömts som ett möjligt Lex Maria- eller Lex Sarah-ärende.".into()
                );
            }
            if d.by.trim().is_empty() {
                return err("Ange vem som fattade beslutet (till exempel MAS).".into());
            }
            if d.date < self.date {
                return err(format!("Beslutet {} kan inte ligga före avvikelsen {}.", d.date, self.date));
            }
        }
        Ok(())
    }

    /// Free text that must not leave the unit with a personnummer in it.
    pub fn texts(&self) -> [&str; 3] {
        [&self.description, &self.investigation, &self.actions]
    }
}

/// A complaint or a suggestion (klagomål eller synpunkt).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    /// Identifier.
    pub id: String,
    /// Received on.
    pub received: Date,
    /// The unit concerned.
    pub unit: String,
    /// `klagomål` or `synpunkt`.
    pub kind: String,
    /// What it is about, briefly (without names: the register is read by more than those who
    /// answer).
    #[serde(default)]
    pub subject: String,
    /// Answered on.
    pub answered: Option<Date>,
    /// What came of it.
    pub outcome: String,
}

/// Days within which a complaint is answered (B: "inom tio dagar").
pub const ANSWER_DAYS: i64 = 10;

/// The kinds of complaint: `klagomål` and `synpunkt`.
pub const COMPLAINT_KINDS: [&str; 2] = ["klagomål", "synpunkt"];

impl Complaint {
    /// Answered within [`ANSWER_DAYS`] (`None` while unanswered).
    pub fn answered_in_time(&self) -> Option<bool> {
        self.answered.map(|a| self.received.days_until(a) <= ANSWER_DAYS)
    }

    /// Days from receipt to the answer, or to `today` while unanswered.
    pub fn days_open(&self, today: crate::period::Date) -> i64 {
        self.received.days_until(self.answered.unwrap_or(today))
    }

    /// Answered later than [`ANSWER_DAYS`], or unanswered past them on `today`.
    pub fn late_on(&self, today: crate::period::Date) -> bool {
        self.days_open(today) > ANSWER_DAYS
    }
}

/// One self-inspection (egenkontroll) in the programme, with its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfInspection {
    /// The control.
    pub control: String,
    /// What is checked and how.
    pub description: String,
    /// Unit.
    pub unit: String,
    /// How often.
    pub frequency: String,
    /// Result of the year.
    pub result: String,
}

/// One point of the children's-rights follow-up (S Bilaga 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildRightsPoint {
    /// Number.
    pub number: u32,
    /// The follow-up point.
    pub point: String,
    /// Ej uppfyllt / Delvis uppfyllt / Uppfyllt, or empty when not assessed.
    pub status: String,
    /// Comment.
    pub comment: String,
}

/// The three levels of the children's-rights follow-up.
pub const CHILD_RIGHTS_LEVELS: [&str; 3] = ["Ej uppfyllt", "Delvis uppfyllt", "Uppfyllt"];

/// A grant re-reported: amounts received and used, deadlines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantReport {
    /// Key.
    pub key: String,
    /// The grant.
    pub name: String,
    /// Received (öre).
    pub received: crate::money::Ore,
    /// Used (öre).
    pub used: Option<crate::money::Ore>,
    /// Deadline of the regional body.
    pub regional_deadline: Option<Date>,
    /// Deadline of the national reporting.
    pub national_deadline: Option<Date>,
    /// Deadline of the report to the government.
    pub government_deadline: Option<Date>,
}

/// One insats of a grant's re-reporting form (up to ten per form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantInsats {
    /// The grant's key.
    pub grant: String,
    /// Number 1–10.
    pub number: u32,
    /// Content.
    pub content: String,
    /// Responsible unit.
    pub unit: String,
    /// Money used (öre).
    pub used: Option<crate::money::Ore>,
    /// Partners.
    pub partners: String,
    /// Target group.
    pub target_group: String,
    /// Goal.
    pub goal: String,
    /// Result.
    pub result: String,
}

/// Most insatser per form.
pub const MAX_INSATSER: u32 = 10;

/// The deviation types a municipality starts with until it imports its own
/// (`avvikelsetyper.csv`): (key, name).
pub const DEFAULT_TYPES: [(&str, &str); 9] = [
    ("lakemedel", "Läkemedel"),
    ("fall", "Fall"),
    ("vard-och-behandling", "Vård och behandling"),
    ("dokumentation", "Dokumentation"),
    ("informationsoverforing", "Informationsöverföring"),
    ("bemotande", "Bemötande"),
    ("hot-och-vald", "Hot och våld"),
    ("hygien", "Hygien"),
    ("ovrigt", "Övrigt"),
];

/// Counts per deviation type and harm level (types in `types` order, then any other).
pub fn counts_by_type(deviations: &[&Deviation], types: &[(String, String)]) -> Vec<(String, [usize; 4])> {
    let mut out: Vec<(String, [usize; 4])> = Vec::new();
    let mut keys: Vec<&str> = types.iter().map(|(k, _)| k.as_str()).collect();
    for d in deviations {
        if !keys.contains(&d.kind.as_str()) {
            keys.push(&d.kind);
        }
    }
    for k in keys {
        let mut c = [0usize; 4];
        for d in deviations.iter().filter(|d| d.kind == k) {
            c[Harm::ALL.iter().position(|h| *h == d.harm).unwrap_or(0)] += 1;
        }
        if c.iter().sum::<usize>() > 0 {
            let name = types.iter().find(|(kk, _)| kk == k).map(|(_, n)| n.clone()).unwrap_or_else(|| k.to_string());
            out.push((name, c));
        }
    }
    out
}

/// The possible Lex Maria or Lex Sarah cases of one law and how they were decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LexCount {
    /// Which.
    pub lex: Lex,
    /// Deviations judged possible cases.
    pub total: usize,
    /// Reported to IVO.
    pub reported: usize,
    /// Decided not to report.
    pub not_reported: usize,
    /// Not yet decided.
    pub undecided: usize,
}

/// [`LexCount`] for Lex Maria and Lex Sarah, in that order (`total` is the sum of the other
/// three).
pub fn lex_counts(deviations: &[Deviation]) -> [LexCount; 2] {
    [Lex::Maria, Lex::Sarah].map(|lex| {
        let mut c = LexCount { lex, total: 0, reported: 0, not_reported: 0, undecided: 0 };
        for d in deviations.iter().filter(|d| d.lex == Some(lex)) {
            c.total += 1;
            match &d.decision {
                Some(x) if x.report => c.reported += 1,
                Some(_) => c.not_reported += 1,
                None => c.undecided += 1,
            }
        }
        c
    })
}

fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let d = *d as u32;
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Luhn-valid Swedish personnummer (and samordningsnummer) in a text: 10 or 12 digits, with or
/// without a dash, plus or space before the last four ("19121212-1212", "121212-1212",
/// "19121212 1212", "1212121212"). Returns the matches as written. The check digit is what tells
/// a personnummer from other numbers of the same shape (telephone numbers, dates and amounts).
pub fn personnummer_in(text: &str) -> Vec<String> {
    scan_personnummer(text, true)
}

/// What looks like a personnummer even where its check digit is wrong (a mistyped number still
/// points at someone): a date, a `-` or `+`, four digits — or twelve digits starting 19 or 20.
/// For refusing free text where it is written; [`personnummer_in`] is for what is already
/// stored (fewer false alarms on other numbers).
pub fn looks_like_personnummer(text: &str) -> Vec<String> {
    // Spaces inside the number do not hide it ("19450312 - 1234", "1945 03 12-1234"): they
    // are taken out between digits and around the dash first.
    let mut squeezed = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let before = chars[..i].iter().rev().find(|c| !c.is_whitespace());
            let after = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            let joins = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+'));
            if joins(before) && joins(after) {
                continue;
            }
        }
        squeezed.push(*c);
    }
    // The text as written too: squeezing joins a number before it ("ärende 3 850101-1236").
    let mut found: Vec<String> = scan_personnummer(&squeezed, false)
        .into_iter()
        .chain(scan_personnummer(text, false))
        .filter(|p| shaped_like_personnummer(p))
        .collect();
    let mut seen = std::collections::HashSet::new();
    found.retain(|p| seen.insert(p.clone()));
    found
}

/// Whether a date-and-four-digits found without its check digit checked is written as a
/// personnummer is: with `-`, `+` or a space before the four digits ("850312 1234"), or as
/// twelve digits starting 19 or 20 (ten bare digits are as often a phone or account number).
fn shaped_like_personnummer(p: &str) -> bool {
    p.contains(['-', '+', ' ']) || (p.len() == 12 && (p.starts_with("19") || p.starts_with("20")))
}

fn scan_personnummer(text: &str, luhn_checked: bool) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '-')) {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut digits = Vec::new();
        let mut sep = false;
        while j < chars.len() {
            if chars[j].is_ascii_digit() {
                digits.push(chars[j] as u8 - b'0');
            } else if matches!(chars[j], '-' | '+' | ' ')
                && !sep
                && (digits.len() == 6 || digits.len() == 8)
                && chars.get(j + 1).is_some_and(|c| c.is_ascii_digit())
            {
                sep = true;
            } else {
                break;
            }
            j += 1;
        }
        let n = digits.len();
        let tail_ok = !chars.get(j).is_some_and(|c| c.is_ascii_digit());
        if tail_ok && (n == 10 || n == 12) {
            let ten = &digits[n - 10..];
            let (mm, dd) = (ten[2] * 10 + ten[3], ten[4] * 10 + ten[5]);
            // Day 61–91 is a samordningsnummer.
            let day_ok = (1..=31).contains(&dd) || (61..=91).contains(&dd);
            if (1..=12).contains(&mm) && day_ok && (!luhn_checked || luhn(ten)) {
                out.push(chars[i..j].iter().collect());
            }
        }
        i = j.max(i + 1);
    }
    out
}

/// What public output prints instead of a personnummer.
pub const PERSONNUMMER_REMOVED: &str = "[personnummer borttaget]";

/// `text` with every personnummer of [`personnummer_in`] replaced by [`PERSONNUMMER_REMOVED`],
/// and every number written as one whatever its check digit (a mistyped number still points at
/// someone), for public output that is not blocked as a whole, such as an agenda item's case
/// paper.
pub fn without_personnummer(text: &str) -> String {
    let shaped = scan_personnummer(text, false).into_iter().filter(|p| shaped_like_personnummer(p));
    personnummer_in(text).into_iter().chain(shaped).fold(text.to_string(), |t, n| t.replace(n.as_str(), PERSONNUMMER_REMOVED))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personnummer_are_removed_from_public_text() {
        assert_eq!(
            without_personnummer("Brukaren 19121212-1212 och 121212-1212 ringde 0152-296640."),
            "Brukaren [personnummer borttaget] och [personnummer borttaget] ringde 0152-296640."
        );
    }

    fn dev() -> Deviation {
        Deviation {
            id: "A1".into(),
            date: Date::parse("2021-03-04").unwrap(),
            unit: "BOSS".into(),
            kind: "lakemedel-utebliven-dos".into(),
            harm: Harm::Ingen,
            law: CareLaw::Hsl,
            description: "Kvällsdosen gavs inte.".into(),
            investigation: String::new(),
            actions: String::new(),
            lex: None,
            decision: None,
            status: Status::Open,
        }
    }

    #[test]
    fn personnummer_are_found_only_when_luhn_valid() {
        assert_eq!(personnummer_in("Brukaren 19121212-1212 föll."), vec!["19121212-1212"]);
        assert_eq!(personnummer_in("pnr 121212-1212"), vec!["121212-1212"]);
        assert_eq!(personnummer_in("1212121212"), vec!["1212121212"]);
        assert_eq!(personnummer_in("född 19121212 1212, bor"), vec!["19121212 1212"]);
        assert_eq!(personnummer_in("121212 1212"), vec!["121212 1212"]);
        assert!(personnummer_in("från 121212 till 1212").is_empty());
        assert_eq!(personnummer_in("samordningsnummer 701063-2391"), vec!["701063-2391"]);
        // Not Luhn-valid, a phone number, an amount, a date, a case number.
        assert!(personnummer_in("121212-1213").is_empty());
        // Written in free text, a mistyped number is refused all the same; phone numbers and
        // dates are not.
        assert_eq!(looks_like_personnummer("Brukaren 19450312-1234 föll"), vec!["19450312-1234"]);
        assert_eq!(looks_like_personnummer("i ärende nr 3 850101-1236 och § 12 19850101-1236"), vec!["850101-1236", "19850101-1236"]);
        assert_eq!(looks_like_personnummer("pnr 450312-1234"), vec!["450312-1234"]);
        assert_eq!(looks_like_personnummer("194503121234"), vec!["194503121234"]);
        assert!(looks_like_personnummer("ring 0701234567 eller 0152-296640, 2023-05-22").is_empty());
        // Spaces do not hide one.
        assert_eq!(looks_like_personnummer("Brukare 19450312 - 1234 föll").len(), 1);
        assert_eq!(looks_like_personnummer("1945 03 12-1234").len(), 1);
        assert!(looks_like_personnummer("kostnaden 1 125 100 kr den 2023-05-22").is_empty());
        assert_eq!(looks_like_personnummer("lex Sarah, brukare 850312 1234"), vec!["850312 1234"]);
        // Public text loses them too, check digit right or not; phone numbers and dates stay.
        assert_eq!(
            without_personnummer("Klagomål från 19700101-1234 och 850312 1234, ring 0152-296640 före 2023-05-22."),
            "Klagomål från [personnummer borttaget] och [personnummer borttaget], ring 0152-296640 före 2023-05-22."
        );
        assert!(personnummer_in("ring 0152-296640 eller 08-123 456 78").is_empty());
        assert!(personnummer_in("kostnaden 1 125 100 kr, 2021-03-04, SN/2021:00547").is_empty());
    }

    #[test]
    fn lex_follows_the_law_and_a_decision_needs_a_case() {
        let mut d = dev();
        d.lex = Some(Lex::Sarah);
        assert!(d.validate().unwrap_err().0.contains("Lex Sarah gäller inte HSL"));
        d.lex = None;
        d.decision = Some(LexDecision { report: false, date: Date::parse("2021-03-10").unwrap(), by: "MAS".into() });
        assert!(d.validate().is_err());
        d.lex = Some(Lex::Maria);
        assert!(d.validate().is_ok());
        d.decision.as_mut().unwrap().date = Date::parse("2021-03-01").unwrap();
        assert!(d.validate().is_err());
    }

    #[test]
    fn complaints_are_answered_within_ten_days() {
        let c = |a: &str| Complaint {
            id: "K1".into(),
            received: Date::parse("2021-05-03").unwrap(),
            unit: "BOSS".into(),
            kind: "klagomål".into(),
            subject: String::new(),
            answered: Some(Date::parse(a).unwrap()),
            outcome: String::new(),
        };
        assert_eq!(c("2021-05-13").answered_in_time(), Some(true));
        assert_eq!(c("2021-05-14").answered_in_time(), Some(false));
    }

    #[test]
    fn counts_per_type_and_harm() {
        let a = dev();
        let mut b = dev();
        b.harm = Harm::Lindrig;
        let mut c = dev();
        c.kind = "fall".into();
        let types = vec![("lakemedel-utebliven-dos".to_string(), "Läkemedel – utebliven dos".to_string()), ("fall".into(), "Fall".into())];
        let counts = counts_by_type(&[&a, &b, &c], &types);
        assert_eq!(counts, vec![("Läkemedel – utebliven dos".to_string(), [1, 1, 0, 0]), ("Fall".to_string(), [1, 0, 0, 0])]);
    }

    #[test]
    fn lex_cases_are_counted_by_decision() {
        let decided = |report| Some(LexDecision { report, date: Date::parse("2021-04-01").unwrap(), by: "MAS".into() });
        let maria = |decision| Deviation { lex: Some(Lex::Maria), decision, ..dev() };
        let sarah = Deviation { law: CareLaw::Sol, lex: Some(Lex::Sarah), ..dev() };
        let devs = [maria(decided(true)), maria(decided(false)), maria(None), maria(decided(true)), sarah, dev()];
        let [m, s] = lex_counts(&devs);
        assert_eq!(m, LexCount { lex: Lex::Maria, total: 4, reported: 2, not_reported: 1, undecided: 1 });
        assert_eq!(s, LexCount { lex: Lex::Sarah, total: 1, reported: 0, not_reported: 0, undecided: 1 });
    }
}
