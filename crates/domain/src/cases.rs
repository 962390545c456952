//! The diarium's case numbers (diarienummer, Dnr): the two grammars the seeds and practice
//! use, normalisation of the variants (meetings.md §2.5), extraction from running text that
//! never takes a law citation for a case, and the display form each municipality configures.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which grammar a case number was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Grammar {
    /// `SN/2022:00053`, `SN 2021:547` — series, year, serial.
    Slash,
    /// `ON.2024.17 702`, `EH-SOC.2023.205 742` — optional unit, series, year, serial, class.
    Dotted,
    /// `KS 2018/14` — series, space, year, slash, serial (a public AU protocol, sources.md §5).
    Spaced,
}

impl Grammar {
    /// The grammar a municipality writes its numbers in, from one example (`kommun.csv`'s
    /// `diarienummer`, "SN 2025/12"): that of the example, or `None` when it is no number.
    pub fn of_example(example: &str) -> Option<Grammar> {
        CaseNumber::parse(example).ok().map(|(n, _)| n.grammar)
    }
}

/// A diarienummer. Identity is (unit, series, year, serial); the classification code is an
/// attribute (SY-03: `SOC.2023.58` and `SOC.2023.58 715` are the same case).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseNumber {
    /// Sub-unit prefix of the dotted grammar (`EH` in `EH-SOC.2023.205`).
    pub unit: Option<String>,
    /// Diary series (`SN`, `KS`, `SOC`).
    pub series: String,
    /// Registration year (not the year the matter concerns, CN-16).
    pub year: i32,
    /// Running number within (series, year).
    pub serial: u32,
    /// Classification code from the filing plan (`702`), an attribute.
    pub class: Option<String>,
    /// How it was written.
    pub grammar: Grammar,
}

impl PartialEq for CaseNumber {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for CaseNumber {}

/// Something worth saying about how a case number was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// `;` instead of `:` before the serial (S:901).
    Semicolon,
}

/// Why a text is not a case number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseNumberError(pub String);

impl fmt::Display for CaseNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A number's parts for a search: letter runs lower-cased and digit runs without leading zeros;
/// separators dropped.
fn number_parts(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut last: Option<bool> = None;
    for c in s.chars() {
        let digit = c.is_ascii_digit();
        if !c.is_alphanumeric() {
            last = None;
            continue;
        }
        if last != Some(digit) {
            out.push(String::new());
        }
        out.last_mut().expect("pushed").extend(c.to_lowercase());
        last = Some(digit);
    }
    out.into_iter().map(|p| if p.starts_with(|c: char| c.is_ascii_digit()) { p.trim_start_matches('0').to_string() } else { p }).collect()
}

fn is_series(s: &str) -> bool {
    !s.is_empty() && s.chars().count() <= 5 && s.chars().all(|c| c.is_uppercase() && c.is_alphabetic())
}

impl CaseNumber {
    /// The identity: (unit, series, year, serial).
    pub fn key(&self) -> (Option<&str>, &str, i32, u32) {
        (self.unit.as_deref(), &self.series, self.year, self.serial)
    }

    /// Whether a search for `query` finds this number: the same number however it is written
    /// (`sn/2022:00036`, `SN 2022:36`), or a run of its parts — series, year, serial, class —
    /// zeros and separators aside (`2022:36`, `00036`, `2022.58`); `36` does not find 136 or
    /// 2036. A query without a digit is not a number and finds none.
    pub fn matches(&self, query: &str) -> bool {
        CaseNumber::matcher(query)(self)
    }

    /// [`CaseNumber::matches`] with the query read once, for a search through a whole diarium.
    pub fn matcher(query: &str) -> impl Fn(&CaseNumber) -> bool + use<> {
        let query = query.trim();
        let exact = CaseNumber::parse_any_case(query).ok().map(|(n, _)| n);
        let wanted = Some(number_parts(query)).filter(|w| !w.is_empty() && query.chars().any(|c| c.is_ascii_digit()));
        move |n| match (&exact, &wanted) {
            (Some(e), _) => e.key() == n.key(),
            (None, Some(w)) => number_parts(&n.to_string()).windows(w.len()).any(|x| x == w.as_slice()),
            (None, None) => false,
        }
    }

    /// [`CaseNumber::parse`], or else the text upper-cased (`sn/2022:36`); the first error.
    pub fn parse_any_case(text: &str) -> Result<(CaseNumber, Vec<Warning>), CaseNumberError> {
        CaseNumber::parse(text).or_else(|e| CaseNumber::parse(&text.to_uppercase()).map_err(|_| e))
    }

    /// Parses one case number, normalising the variants: whitespace around `/` (N1), `/`, ` `
    /// or `/ ` between series and year (N2), zero-padded serials (N3), surrounding parentheses
    /// and a leading "Dnr"/"Dnr:" (N4), `;` for `:` with a warning (N5), the dotted grammar with
    /// unit prefix and class code (N6, N7).
    pub fn parse(text: &str) -> Result<(CaseNumber, Vec<Warning>), CaseNumberError> {
        let bad =
            || CaseNumberError(format!("«{text}» är inget diarienummer (väntat t.ex. SN/2022:00053, SN 2022/53 eller SOC.2023.58 715)"));
        let mut t = text.trim().trim_start_matches('(').trim_end_matches(')').trim();
        for prefix in ["Dnr:", "Dnr", "dnr:", "dnr"] {
            if let Some(rest) = t.strip_prefix(prefix) {
                t = rest.trim();
            }
        }
        // Dotted: [UNIT-]SERIES.YEAR.SERIAL[ CLASS]
        if let Some((head, rest)) = t.split_once('.') {
            let (unit, series) = match head.split_once('-') {
                Some((u, s)) => (Some(u.to_string()), s),
                None => (None, head),
            };
            let (year, rest) = rest.split_once('.').ok_or_else(bad)?;
            let (serial, class) = match rest.split_once(char::is_whitespace) {
                Some((s, c)) => (s, Some(c.trim())),
                None => (rest, None),
            };
            let class_ok = class.is_none_or(|c| c.len() == 3 && c.chars().all(|ch| ch.is_ascii_digit()));
            if is_series_long(series) && unit.as_deref().is_none_or(is_series_long) && year.len() == 4 && class_ok {
                return Ok((
                    CaseNumber {
                        unit,
                        series: series.to_string(),
                        year: year.parse().map_err(|_| bad())?,
                        serial: serial.parse().map_err(|_| bad())?,
                        class: class.map(str::to_string),
                        grammar: Grammar::Dotted,
                    },
                    vec![],
                ));
            }
            return Err(bad());
        }
        // Slash: SERIES SEP YEAR [:;] SERIAL
        let series: String = t.chars().take_while(|c| c.is_alphabetic()).collect();
        if !is_series(&series) {
            return Err(bad());
        }
        let rest = t[series.len()..].trim_start();
        let rest = rest.strip_prefix('/').unwrap_or(rest).trim_start();
        let year: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if year.len() != 4 || !(year.starts_with("19") || year.starts_with("20")) {
            return Err(bad());
        }
        // `KS 2018/14`: a space, not a slash, between series and year.
        let after_series = &t[series.len()..];
        let spaced = after_series.starts_with(char::is_whitespace) && !after_series.trim_start().starts_with('/');
        let rest = &rest[4..];
        let (warning, rest, grammar) = match rest.chars().next() {
            Some(':') => (None, &rest[1..], Grammar::Slash),
            Some(';') => (Some(Warning::Semicolon), &rest[1..], Grammar::Slash),
            Some('/') if spaced => (None, &rest[1..], Grammar::Spaced),
            _ => return Err(bad()),
        };
        let serial = rest.trim();
        if serial.is_empty() || serial.len() > 5 || !serial.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        Ok((
            CaseNumber {
                unit: None,
                series,
                year: year.parse().map_err(|_| bad())?,
                serial: serial.parse().map_err(|_| bad())?,
                class: None,
                grammar,
            },
            warning.into_iter().collect(),
        ))
    }

    /// Shown in a municipality's form: `pattern` with `{series}`, `{year}`, `{serial}` or
    /// `{serial:05}` (zero-padded to five), `{unit}` and `{class}`; e.g. `SN/{year}:{serial:05}`.
    pub fn format(&self, pattern: &str) -> String {
        let mut out = pattern
            .replace("{series}", &self.series)
            .replace("{year}", &self.year.to_string())
            .replace("{unit}", self.unit.as_deref().unwrap_or(""))
            .replace("{class}", self.class.as_deref().unwrap_or(""));
        for width in 1..=6 {
            out = out.replace(&format!("{{serial:0{width}}}"), &format!("{:0width$}", self.serial, width = width));
        }
        out.replace("{serial}", &self.serial.to_string()).trim().to_string()
    }
}

fn is_series_long(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_uppercase() && c.is_alphabetic())
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.grammar {
            Grammar::Slash => write!(f, "{}/{}:{:05}", self.series, self.year, self.serial),
            Grammar::Spaced => write!(f, "{} {}/{}", self.series, self.year, self.serial),
            Grammar::Dotted => {
                if let Some(u) = &self.unit {
                    write!(f, "{u}-")?;
                }
                write!(f, "{}.{}.{}", self.series, self.year, self.serial)?;
                if let Some(c) = &self.class {
                    write!(f, " {c}")?;
                }
                Ok(())
            }
        }
    }
}

/// A case number found in running text, with an external reference printed in parentheses
/// just before it (CN-13: `(S/20/0008-89) KS/2021:00431`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The case number.
    pub number: CaseNumber,
    /// As written.
    pub written: String,
    /// The sender's own reference, when printed just before.
    pub external: Option<String>,
    /// Warnings on how it was written.
    pub warnings: Vec<Warning>,
}

/// Every case number in a text. A series prefix (capital letters) is required before the year,
/// so law citations such as `(2001:453)` are never taken (N10), nor form ids such as
/// `UPH973321` (no year separator).
pub fn extract(text: &str) -> Vec<Found> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let boundary = i == 0 || !chars[i - 1].1.is_alphanumeric();
        if !(c.is_uppercase() && boundary) {
            i += 1;
            continue;
        }
        // Try the longest candidate first: up to 30 characters.
        let mut best: Option<(usize, CaseNumber, Vec<Warning>)> = None;
        for j in (i + 4..=(i + 30).min(chars.len())).rev() {
            let end = if j == chars.len() { text.len() } else { chars[j].0 };
            let cand = &text[start..end];
            if cand.ends_with(char::is_whitespace) || cand.ends_with(')') {
                continue;
            }
            if j < chars.len() && chars[j].1.is_alphanumeric() {
                continue;
            }
            if let Ok((n, w)) = CaseNumber::parse(cand) {
                best = Some((j, n, w));
                break;
            }
        }
        match best {
            Some((j, number, warnings)) => {
                let end = if j == chars.len() { text.len() } else { chars[j].0 };
                let before = text[..start].trim_end();
                let external = before
                    .strip_suffix(')')
                    .and_then(|b| b.rfind('(').map(|k| b[k + 1..].to_string()))
                    .filter(|e| !e.is_empty() && CaseNumber::parse(e).is_err() && e.contains('/'));
                out.push(Found { number, written: text[start..end].to_string(), external, warnings });
                i = j;
            }
            None => i += 1,
        }
    }
    out
}

/// Two ways of writing what should be one case (agenda and heading of the same item): equal,
/// or a conflict to flag — same series and serial, different year (N8, CN-05) — never resolved
/// automatically.
pub fn conflict(a: &CaseNumber, b: &CaseNumber) -> bool {
    a.series == b.series && a.serial == b.serial && a.unit == b.unit && a.year != b.year
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> CaseNumber {
        CaseNumber::parse(s).unwrap_or_else(|e| panic!("{e}")).0
    }

    #[test]
    fn cn_01_to_04_normalisation() {
        let a = p("SN/2021:00547");
        assert_eq!((a.series.as_str(), a.year, a.serial), ("SN", 2021, 547));
        assert_eq!(a.to_string(), "SN/2021:00547");
        assert_eq!(p("SN 2021:547"), a); // CN-02
        assert_eq!(p("SN/ 2022:00019").to_string(), "SN/2022:00019"); // CN-03
        assert_eq!(p("SN 2022:00053"), p("SN/2022:00053")); // CN-04
    }

    #[test]
    fn the_spaced_grammar_of_series_year_slash_serial() {
        let n = p("KS 2018/14");
        assert_eq!((n.series.as_str(), n.year, n.serial, n.grammar), ("KS", 2018, 14, Grammar::Spaced));
        assert_eq!(p("Dnr VSN 2025/0012").to_string(), "VSN 2025/12");
        assert_eq!(p("VSN  2025/12"), p("VSN/2025:00012"), "the same case however written");
        // A slash on both sides of the year, or none before it, is no number.
        for bad in ["KS/2018/14", "KS2018/14", "S/20/0008-89", "(2001:453)"] {
            assert!(CaseNumber::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Grammar::of_example("SN 2025/1"), Some(Grammar::Spaced));
        assert_eq!(Grammar::of_example("ON.2024.17 702"), Some(Grammar::Dotted));
        assert_eq!(Grammar::of_example("x"), None);
        assert_eq!(new_form("VSN 2025/1", Some(&p("SN/2022:00053"))), (Grammar::Spaced, "VSN".to_string()));
        assert_eq!(new_form("", Some(&p("SOC.2023.58"))), (Grammar::Dotted, "SOC".to_string()));
        assert_eq!(new_form("", None), (Grammar::Slash, "SN".to_string()));
        let found = extract("Beslut i ärende Dnr KS 2018/14 och SN/2022:675.");
        assert_eq!(found.iter().map(|f| f.number.to_string()).collect::<Vec<_>>(), ["KS 2018/14", "SN/2022:00675"]);
    }

    #[test]
    fn cn_05_06_year_conflicts_are_flagged() {
        assert!(conflict(&p("SN 2021:00064"), &p("SN 2022:00064")));
        assert!(conflict(&p("SN 2022:00061"), &p("SN 2021:00061")));
        assert_ne!(p("SN 2021:00064"), p("SN 2022:00064"));
        assert!(!conflict(&p("SN 2022:00053"), &p("SN/2022:00053")));
    }

    #[test]
    fn cn_07_11_12_series_padding_and_semicolon() {
        let k = p("KS/2021:00826");
        assert_eq!((k.series.as_str(), k.year, k.serial), ("KS", 2021, 826));
        let s = p("Dnr SN/2022:675");
        assert_eq!((s.year, s.serial), (2022, 675));
        assert_eq!(s.format("SN/{year}:{serial}"), "SN/2022:675");
        let (n, w) = CaseNumber::parse("Dnr: SN/2024;147").unwrap();
        assert_eq!((n.year, n.serial), (2024, 147));
        assert_eq!(w, vec![Warning::Semicolon]);
    }

    #[test]
    fn cn_08_to_10_law_citations_are_not_case_numbers() {
        assert!(extract("Socialtjänstlagen (2001:453)").is_empty());
        assert!(extract("Patientsäkerhetslagen (2010:659)").is_empty());
        assert!(extract("kommunallagen (1991:900)").is_empty());
    }

    #[test]
    fn cn_13_external_reference_and_cn_14_form_ids() {
        let f = extract("§ 10 KS Rekommendation om överenskommelse (S/20/0008-89) KS/2021:00431");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].number, p("KS/2021:00431"));
        assert_eq!(f[0].external.as_deref(), Some("S/20/0008-89"));
        assert!(extract("UPH973321").is_empty());
    }

    #[test]
    fn cn_16_17_registration_year_and_parentheses() {
        let f = extract("Internkontrollplan 2021 (SN/2020:00548)");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].number.year, 2020);
        assert_eq!(p("(SN 2022:00016)").to_string(), "SN/2022:00016");
        let f = extract("Sammanställning av ej verkställda beslut (SN 2022:00016)");
        assert_eq!(f[0].number.to_string(), "SN/2022:00016");
    }

    #[test]
    fn sy_01_to_03_dotted_grammar() {
        let a = p("ON.2024.17 702");
        assert_eq!((a.series.as_str(), a.year, a.serial, a.class.as_deref()), ("ON", 2024, 17, Some("702")));
        assert_eq!(a.to_string(), "ON.2024.17 702");
        let b = p("EH-SOC.2023.205 742");
        assert_eq!(
            (b.unit.as_deref(), b.series.as_str(), b.year, b.serial, b.class.as_deref()),
            (Some("EH"), "SOC", 2023, 205, Some("742"))
        );
        assert_eq!(p("SOC.2023.58"), p("SOC.2023.58 715"));
        assert_eq!(p("SOC.2023.58 715").format("{series}.{year}.{serial} {class}"), "SOC.2023.58 715");
    }

    #[test]
    fn several_in_one_text() {
        let f = extract("§ 12 KS Firmateknare 2022, 2022-01-10 KS/2021:00826 och SN/2022:00001.");
        assert_eq!(f.iter().map(|x| x.number.to_string()).collect::<Vec<_>>(), vec!["KS/2021:00826", "SN/2022:00001"]);
    }
}

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CaseStatus {
    /// Registered, being handled.
    Open,
    /// Decided and closed (avslutat).
    Closed,
}

impl CaseStatus {
    /// As a list shows it: "Öppet", "Avslutat".
    pub fn label_sv(self) -> &'static str {
        match self {
            CaseStatus::Open => "Öppet",
            CaseStatus::Closed => "Avslutat",
        }
    }
}

/// A case in the diarium.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// Its number.
    pub number: CaseNumber,
    /// What it concerns.
    pub title: String,
    /// Registered on (unknown for cases imported from a printed notice).
    #[serde(default)]
    pub registered: Option<crate::period::Date>,
    /// Handläggare.
    pub handler: String,
    /// Open or closed.
    pub status: CaseStatus,
    /// OSL reference when the case as a whole is secret (its title is shown, nothing else).
    #[serde(default)]
    pub secrecy: Option<String>,
}

/// Which way a document went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Inkommande.
    In,
    /// Utgående.
    Out,
    /// Upprättad (drawn up by the authority, e.g. a tjänsteskrivelse).
    Internal,
}

impl Direction {
    /// "Inkommande", "Utgående", "Upprättad".
    pub fn label_sv(self) -> &'static str {
        match self {
            Direction::In => "Inkommande",
            Direction::Out => "Utgående",
            Direction::Internal => "Upprättad",
        }
    }

    /// Parses `in`, `ut`, `upprättad` (or the labels).
    pub fn parse(s: &str) -> Option<Direction> {
        match s.trim().to_lowercase().as_str() {
            "in" | "inkommande" => Some(Direction::In),
            "ut" | "utgående" => Some(Direction::Out),
            "upprättad" | "intern" => Some(Direction::Internal),
            _ => None,
        }
    }
}

/// A document of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDocument {
    /// Number within the case (1, 2, …).
    pub number: u32,
    /// Direction.
    pub direction: Direction,
    /// Dated (the document's own date).
    pub date: crate::period::Date,
    /// Received or sent on, when it differs (N13).
    #[serde(default)]
    pub registered: Option<crate::period::Date>,
    /// What it is.
    pub title: String,
    /// Sender or recipient.
    #[serde(default)]
    pub party: String,
    /// Handläggare.
    #[serde(default)]
    pub handler: String,
    /// OSL reference when the document is secret ("OSL 26 kap. 1 §").
    #[serde(default)]
    pub secrecy: Option<String>,
}

impl Case {
    /// The case as the public reads it in the register: its title without personnummer (a new
    /// title with one is refused, but one registered earlier or imported may hold one).
    pub fn public(mut self) -> Case {
        self.title = crate::quality::without_personnummer(&self.title);
        self
    }
}

/// What the public reads of a secret document's title: nothing of it.
pub const SECRET_DOCUMENT_TITLE: &str = "Handling med sekretess";

/// The documents of `case` as the public reads them: none of a secret case; of the others no
/// sender or recipient (a social-services diarium holds matters about individuals), no title of a
/// secret one, and no personnummer in any title.
pub fn public_documents(case: &Case, documents: Vec<CaseDocument>) -> Vec<CaseDocument> {
    if case.secrecy.is_some() {
        return Vec::new();
    }
    documents
        .into_iter()
        .map(|mut d| {
            d.party.clear();
            d.title = match d.secrecy {
                Some(_) => SECRET_DOCUMENT_TITLE.into(),
                None => crate::quality::without_personnummer(&d.title),
            };
            d
        })
        .collect()
}

/// How a municipality's next case is numbered, (grammar, series): those of its example
/// ([`crate::org::Municipality::case_form`]), else those of its newest case, else `SN/ÅÅÅÅ:00001`.
pub fn new_form(example: &str, newest: Option<&CaseNumber>) -> (Grammar, String) {
    match CaseNumber::parse(example).ok().map(|(n, _)| n).as_ref().or(newest) {
        Some(n) => (n.grammar, n.series.clone()),
        None => (Grammar::Slash, "SN".to_string()),
    }
}

/// The next serial of a series and year: one more than the highest used (serials are never
/// reused, even when a case is removed).
pub fn next_serial(used: &[u32]) -> u32 {
    used.iter().max().copied().unwrap_or(0) + 1
}

#[cfg(test)]
mod diary_tests {
    use super::*;

    #[test]
    fn the_public_reads_no_party_no_secret_title_and_no_personnummer() {
        let case = |secrecy: Option<&str>| Case {
            number: CaseNumber::parse("SN/2023:00010").unwrap().0,
            title: "Överklagan 19121212-1212".into(),
            registered: None,
            handler: "Anna".into(),
            status: CaseStatus::Open,
            secrecy: secrecy.map(String::from),
        };
        let doc = |title: &str, secrecy: Option<&str>| CaseDocument {
            number: 1,
            direction: Direction::In,
            date: crate::period::Date::parse("2023-05-02").unwrap(),
            registered: None,
            title: title.into(),
            party: "Förvaltningsrätten".into(),
            handler: String::new(),
            secrecy: secrecy.map(String::from),
        };
        assert_eq!(case(None).public().title, "Överklagan [personnummer borttaget]");
        let docs = vec![doc("Dom i mål 121212-1212", None), doc("Utredning", Some("OSL 26 kap. 1 §"))];
        let public = public_documents(&case(None), docs.clone());
        assert_eq!(
            public.iter().map(|d| d.title.as_str()).collect::<Vec<_>>(),
            ["Dom i mål [personnummer borttaget]", SECRET_DOCUMENT_TITLE]
        );
        assert!(public.iter().all(|d| d.party.is_empty()));
        assert!(public_documents(&case(Some("OSL 26 kap. 1 §")), docs).is_empty());
    }

    #[test]
    fn a_search_finds_a_number_however_it_is_typed_and_by_its_parts() {
        let p = |s: &str| CaseNumber::parse(s).unwrap().0;
        let n = p("SN/2022:00036");
        for q in
            ["SN/2022:00036", "sn/2022:00036", "SN 2022:36", " sn 2022:36 ", "2022:00036", "2022:36", "00036", "36", "2022.36", "sn/2022"]
        {
            assert!(n.matches(q), "{q}");
        }
        for q in ["SN/2022:00037", "2021:36", "2022:361", "sn", "", "KS/2022:36", "3", "6", "2", "02", "2022:3"] {
            assert!(!n.matches(q), "{q}");
        }
        assert!(p("SOC.2023.58 715").matches("soc.2023.58"));
        assert!(p("SOC.2023.58 715").matches("2023.58"));
        // A part is matched whole: 36 is not 136, 360 or the year 2036.
        for other in ["SN/2022:00136", "SN/2022:00360", "SN/2036:00001"] {
            assert!(!p(other).matches("00036"), "{other}");
        }
    }

    #[test]
    fn serials_per_series_and_year_never_reuse() {
        assert_eq!(next_serial(&[]), 1);
        assert_eq!(next_serial(&[1, 2, 5]), 6);
        assert_eq!(Direction::parse("ut"), Some(Direction::Out));
    }
}
