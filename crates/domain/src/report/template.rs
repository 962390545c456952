//! Report templates as data: a report is a configured sequence of sections, each with a heading
//! and content — narrative text written in the system, generated tables and charts, the cover
//! memo. Built-in templates live in `crates/domain/templates/*.json`; a municipality copies one and
//! edits headings, order, units and decimals, which is stored as the same JSON.

use crate::money::Scale;
use serde::{Deserialize, Serialize};

/// A report template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// Kind key, used on the command line (`--kind arsrapport`).
    pub kind: String,
    /// Name shown in lists.
    pub name: String,
    /// Document title; `{year}` and `{month}` are replaced.
    pub title: String,
    /// Whether the report is an interim report cut at a month (`--to-month`).
    #[serde(default)]
    pub interim: bool,
    /// Roles that write this report's texts besides those who write every report (the MAS
    /// writes the patient-safety report).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<crate::role::Role>,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

/// One section of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Key, unique in the template; narrative text is stored under it.
    pub key: String,
    /// Heading as printed (empty: no heading).
    pub heading: String,
    /// Heading level 1–3.
    #[serde(default = "one")]
    pub level: u8,
    /// Whether the section is printed.
    #[serde(default = "yes")]
    pub include: bool,
    /// Starts on a new page.
    #[serde(default)]
    pub new_page: bool,
    /// What the section holds, in order.
    #[serde(default)]
    pub content: Vec<Content>,
}

fn one() -> u8 {
    1
}

fn yes() -> bool {
    true
}

impl Template {
    /// The name without the built-in template's origin ("… (som Strängnäs 2023)", "(…, som
    /// Botkyrka 2021)"), which says nothing to another municipality.
    pub fn plain_name(&self) -> String {
        let Some(at) = self.name.find("som ").filter(|_| self.name.ends_with(')')) else {
            return self.name.clone();
        };
        let before = &self.name[..at];
        if let Some(b) = before.strip_suffix('(') {
            b.trim_end().to_string()
        } else if let Some(b) = before.strip_suffix(", ") {
            format!("{b})")
        } else {
            self.name.clone()
        }
    }
}

/// A piece of section content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Content {
    /// The section's narrative text (stored under the section key).
    Text,
    /// A generated table.
    Table(TableSpec),
    /// A generated chart.
    Chart(String),
    /// The cover memo (tjänsteskrivelse) fields, stored as `memo.*` texts.
    Memo,
    /// Per goal: status sentence and the stored analysis, grouped under the top goal level.
    GoalAnalyses,
    /// The count sentence of the goal assessments ("Sex av tio mål …").
    CountSentence,
}

/// How one generated table is laid out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableSpec {
    /// Which table (see [`TABLE_KINDS`]).
    pub kind: String,
    /// Caption; the default caption of the kind when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Currency unit for money tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Scale>,
    /// Decimals for money tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// Print the sum of the rounded values as the total, as some municipalities do.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sum_of_rounded: bool,
    /// The table's own sign convention where it differs from the year's setup (a sign
    /// convention is a property of each table): `drift`, `driftnetto` and `delredovisning`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub convention: Option<crate::economy::SignConvention>,
    /// Which list of amounts (`beloppslista` only): the `lista` of `beloppslistor.csv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
    /// A footnote the municipality prints under the table (a legend of its classes, say),
    /// after any the table writes itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The generated tables a template may use, with a Swedish description.
pub const TABLE_KINDS: &[(&str, &str)] = &[
    ("malbedomning", "Målbedömning: perspektiv, mål och bedömning"),
    ("drift", "Driftredovisning per verksamhet"),
    ("driftnetto", "Driftredovisning netto per verksamhet: utfall, budget, avvikelse (tabellens teckenkonvention)"),
    (
        "driftresultat",
        "Driftresultat per slag: intäkter, kostnader (varav personal- och kapitalkostnader), resultat, föregående års bokslut",
    ),
    ("verksamhetsanalys", "Verksamhetsanalys: intäkter och kostnader per verksamhet med nettoavvikelse"),
    ("delredovisning", "Redovisning av en verksamhets delar (den första driftraden med delrader)"),
    ("nettokostnad", "Nettokostnadsförändring mot föregående år"),
    ("ramprotokoll", "Ramprotokoll: budgetramens delar och beslut"),
    ("bidrag", "Riktade statsbidrag: ansökt och beviljat"),
    ("kontotyper", "Intäkter och kostnader per kontotyp i år och i fjol, med summor, netto och förändring"),
    ("beloppslista", "En lista av belopp per verksamhet (tilläggsanslag, intäkter från Migrationsverket …), med summa"),
    ("budgetfoljsamhet", "Budgetföljsamhet per verksamhet"),
    ("prognossakerhet", "Prognossäkerhet: prognoser per månad och utfall"),
    ("atgardsplan", "Åtgärdsplan med planerad och realiserad effekt"),
    ("investeringar", "Investeringsredovisning"),
    ("ombudgetering", "Investeringar: ombudgetering till nästa år"),
    ("verksamhetsstatistik", "Verksamhetsstatistik (volymer) över åren"),
    ("indikatorer", "Indikatorer per mål: målvärde, utfall, bedömning"),
    ("kf-uppdrag", "Fullmäktiges målområden och uppdragen till nämnden"),
    ("sjukfranvaro", "Sjukfrånvaro"),
    ("kontrollpunkter", "Internkontrollpunkter med risk (sannolikhet × konsekvens)"),
    ("kontrollresultat", "Internkontroll: resultat per kontroll"),
    ("privata-utforare", "Verksamhet i privat regi: uppföljningsplan"),
    ("privat-regi", "Om plan ska skapas: nämnd, år och om det finns verksamhet i privat regi"),
    ("avvikelser", "Avvikelser per typ och allvarlighet (räknade ur registret)"),
    ("lex", "Lex Maria och Lex Sarah: bedömda ärenden och beslut"),
    ("klagomal", "Klagomål och synpunkter: antal och svarstid"),
    ("egenkontroller", "Egenkontroller: programmet och resultaten"),
    ("barnratt", "Barnrätt: uppföljningspunkter med status"),
    ("aterrapportering", "Återrapportering: mottagna och använda bidrag, tidsfrister"),
    ("aterrapportering-insatser", "Återrapportering: insatser per bidrag"),
];

/// The charts a template may use.
pub const CHART_KINDS: &[(&str, &str)] = &[
    ("avvikelse", "Avvikelse mot budget per verksamhet"),
    ("prognoser", "Prognoser för årets avvikelse per månad"),
    ("volymer", "En kurva per volymserie (verksamhetsstatistik)"),
    ("sjukfranvaro", "Sjukfrånvaro totalt över åren"),
    ("langtidssjukfranvaro", "Långtidssjukfrånvaro över åren, andel av den totala sjukfrånvaron"),
    ("korttidssjukfranvaro", "Korttidssjukfrånvaro över åren"),
];

static BUILT_IN: &[&str] = &[
    include_str!("../../templates/arsrapport.json"),
    include_str!("../../templates/forvaltningsberattelse.json"),
    include_str!("../../templates/verksamhetsberattelse.json"),
    include_str!("../../templates/delarsrapport.json"),
    include_str!("../../templates/internkontroll.json"),
    include_str!("../../templates/patientsakerhetsberattelse.json"),
    include_str!("../../templates/aterrapportering.json"),
];

/// The built-in templates.
pub fn built_in() -> Vec<Template> {
    BUILT_IN.iter().map(|s| serde_json::from_str(s).expect("built-in templates are valid JSON (tested)")).collect()
}

/// A built-in template by kind.
pub fn built_in_kind(kind: &str) -> Option<Template> {
    built_in().into_iter().find(|t| t.kind == kind)
}

impl Template {
    /// Checks keys, levels and table/chart kinds; the message is Swedish.
    pub fn validate(&self) -> Result<(), String> {
        if self.kind.is_empty() || !self.kind.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            return Err(format!("mallens typ «{}» ska bestå av a–z och bindestreck", self.kind));
        }
        let mut seen = std::collections::HashSet::new();
        for s in &self.sections {
            if !seen.insert(s.key.as_str()) {
                return Err(format!("avsnittet «{}» finns två gånger", s.key));
            }
            if !(1..=3).contains(&s.level) {
                return Err(format!("avsnittet «{}»: rubriknivå ska vara 1–3", s.key));
            }
            for c in &s.content {
                match c {
                    Content::Table(t) if !TABLE_KINDS.iter().any(|(k, _)| *k == t.kind) => {
                        return Err(format!("avsnittet «{}»: okänd tabell «{}»", s.key, t.kind));
                    }
                    Content::Table(t) if t.decimals.is_some_and(|d| d > 3) => {
                        return Err(format!("avsnittet «{}»: högst tre decimaler", s.key));
                    }
                    Content::Chart(k) if !CHART_KINDS.iter().any(|(kk, _)| kk == k) => {
                        return Err(format!("avsnittet «{}»: okänt diagram «{k}»", s.key));
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// The title for a year (and month for interim reports).
    pub fn title_for(&self, year: i32, month: Option<u8>) -> String {
        let m = month.map(|m| crate::period::MONTHS_SV[m as usize - 1]).unwrap_or("december");
        self.title.replace("{year}", &year.to_string()).replace("{month}", m)
    }

    /// The keys of the sections that hold narrative text (and the memo's fields).
    pub fn text_keys(&self) -> Vec<String> {
        let mut out = Vec::new();
        for s in &self.sections {
            for c in &s.content {
                match c {
                    Content::Text => out.push(s.key.clone()),
                    Content::Memo => out.extend(MEMO_FIELDS.iter().map(|(k, _)| format!("memo.{k}"))),
                    _ => {}
                }
            }
        }
        out
    }
}

/// The cover memo's fields (tjänsteskrivelse) in print order, with their headings.
pub const MEMO_FIELDS: &[(&str, &str)] = &[
    ("handlaggare", "Handläggare"),
    ("forslag", "Förslag till beslut"),
    ("beskrivning", "Beskrivning av ärendet"),
    ("ekonomiska-konsekvenser", "Ekonomiska konsekvenser för kommunen"),
    ("barnkonsekvenser", "Barnkonsekvenser"),
    ("uppfoljning", "Uppföljning"),
    ("beslutsunderlag", "Beslutsunderlag"),
    ("skickas-till", "Beslutet skickas till"),
    ("underskrifter", "Underskrifter"),
];

#[cfg(test)]
mod tests {
    #[test]
    fn plain_names_leave_out_the_origin() {
        let names: Vec<String> = super::built_in().iter().map(|t| t.plain_name()).collect();
        assert!(names.contains(&"Årsrapport med tjänsteskrivelse och bilagor".to_string()), "{names:?}");
        assert!(names.contains(&"Patientsäkerhetsberättelse (Patientsäkerhetslagen 2010:659)".to_string()), "{names:?}");
        assert!(names.contains(&"Rapport genomförd internkontroll".to_string()), "{names:?}");
        assert!(names.iter().all(|n| !n.contains("(som ") && !n.contains(", som ")), "{names:?}");
    }

    use super::*;

    #[test]
    fn every_built_in_template_is_valid() {
        let all = built_in();
        assert_eq!(all.len(), 7);
        for t in &all {
            t.validate().unwrap_or_else(|e| panic!("{}: {e}", t.kind));
            // Round trip: what a municipality stores is the same JSON.
            let back: Template = serde_json::from_str(&serde_json::to_string(t).unwrap()).unwrap();
            assert_eq!(&back, t);
        }
        let s = built_in_kind("arsrapport").unwrap();
        assert_eq!(s.title_for(2023, None), "Årsrapport 2023");
        assert!(s.text_keys().contains(&"memo.forslag".to_string()));
    }

    #[test]
    fn unknown_table_kind_is_refused() {
        let mut t = built_in_kind("arsrapport").unwrap();
        t.sections[1].content.push(Content::Table(TableSpec {
            kind: "nope".into(),
            caption: None,
            unit: None,
            decimals: None,
            sum_of_rounded: false,
            convention: None,
            note: None,
            list: None,
        }));
        assert!(t.validate().unwrap_err().contains("okänd tabell"));
    }
}
