//! The EVB folder: the register of favourable decisions and its report history.
//!
//! | file | columns |
//! |---|---|
//! | `insatser.csv` | `nyckel;namn;alias` — alias: other printed forms separated by `\|` |
//! | `lagrum.csv` | `nyckel;lag;sfs;etikett;gäller_från;gäller_till;verifierad` |
//! | `beslut.csv` | `id;lagrum;insats;beslutsdatum;avbrottsdatum;verkställt;avslutat;avslutsdatum;enhet;skäl;skälkod;tillfällig_insats;händelser;pseudonym;kön;åldersgrupp`, optionally `källa` (where the row comes from, not read) — kön defaults to the pseudonym's; insats as printed, matched against insatser.csv; händelser `2021-05-25 erbjuden träningslägenhet: tackat nej` (a date, what happened, after a colon the answer) separated by `\|`; avslutat `ja` when closed without execution |
//! | `rapporter.csv` | `rapport;mätperiod;rapporteringsperiod;brytdag;sammanträde;diarienummer;rubrik` |
//! | `rapporterade.csv` | `rapport;beslut` — the decisions that stood open after each report (IVO's list) |

use crate::Error;
use crate::table::Table;
use domain::evb::*;
use domain::period::{Date, Period};

pub use crate::File;

/// Everything in an EVB folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvbData {
    /// The insats types.
    pub catalog: InsatsCatalog,
    /// Law references.
    pub law_refs: Vec<LawRef>,
    /// The register.
    pub decisions: Vec<Decision>,
    /// Reports, in file order.
    pub reports: Vec<ReportInfo>,
    /// (report key, decision id) that stood open after that report.
    pub open_after: Vec<(String, String)>,
}

/// The files of an EVB folder.
pub struct EvbFiles<'a> {
    /// `insatser.csv`.
    pub types: File<'a>,
    /// `lagrum.csv`.
    pub law_refs: Option<File<'a>>,
    /// `beslut.csv`.
    pub decisions: File<'a>,
    /// `rapporter.csv`.
    pub reports: Option<File<'a>>,
    /// `rapporterade.csv`.
    pub open_after: Option<File<'a>>,
}

/// Reads an EVB folder.
pub fn read_evb(files: &EvbFiles<'_>) -> Result<EvbData, Error> {
    let (f, b) = files.types;
    let t = Table::parse(f, b, &["nyckel", "namn"])?;
    let mut catalog = InsatsCatalog::default();
    t.each(|r| {
        let key = r.required("nyckel")?.to_string();
        if catalog.get(&key).is_some() {
            return Err(r.error("nyckel", format!("nyckeln \"{key}\" används två gånger")));
        }
        catalog.types.push(InsatsType {
            key,
            name: r.required("namn")?.into(),
            aliases: r.get("alias").split('|').map(str::trim).filter(|a| !a.is_empty()).map(String::from).collect(),
        });
        Ok(())
    })?;
    let mut law_refs = Vec::new();
    if let Some((f, b)) = files.law_refs {
        let t = Table::parse(f, b, &["nyckel", "etikett"])?;
        t.each(|r| {
            law_refs.push(LawRef {
                key: r.required("nyckel")?.into(),
                law: r.get("lag").into(),
                sfs: r.get("sfs").into(),
                label: r.required("etikett")?.into(),
                valid_from: r.opt_date("gäller_från")?,
                valid_to: r.opt_date("gäller_till")?,
                verified: r.flag("verifierad")?,
            });
            Ok(())
        })?;
    }
    let (f, b) = files.decisions;
    let t = Table::parse(f, b, &["id", "insats", "beslutsdatum"])?;
    let mut decisions: Vec<Decision> = Vec::new();
    t.each(|r| {
        let id = r.required("id")?.to_string();
        if decisions.iter().any(|d| d.id == id) {
            return Err(r.error("id", format!("id:t \"{id}\" används två gånger")));
        }
        let text = r.required("insats")?;
        let insats = match catalog.classify(text) {
            Some(t) => t.key.clone(),
            None => {
                let names: Vec<&str> = catalog.types.iter().map(|t| t.name.as_str()).collect();
                return Err(r.error("insats", format!("ska vara en insats i insatser.csv ({}), inte \"{text}\"", names.join(", "))));
            }
        };
        let law = r.get("lagrum").to_string();
        if !law.is_empty() && !law_refs.is_empty() && !law_refs.iter().any(|l| l.key == law) {
            return Err(r.error("lagrum", format!("ska vara en nyckel i lagrum.csv, inte \"{law}\"")));
        }
        let decided = r.date("beslutsdatum")?;
        let executed = r.opt_date("verkställt")?;
        let closed = r.flag("avslutat")?;
        let (interrupted, closed_on) = (r.opt_date("avbrottsdatum")?, r.opt_date("avslutsdatum")?);
        let events = r
            .get("händelser")
            .split('|')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(|e| {
                r.parse("händelser", "händelser som 2021-05-25 erbjuden träningslägenhet: tackat nej, åtskilda av |", |_| {
                    Event::parse(e)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let pseudonym = match r.get("pseudonym") {
            "" => None,
            v => Some(Pseudonym::parse(v).map_err(|e| r.error("pseudonym", format!("ska vara {e}, inte \"{v}\"")))?),
        };
        let sex = match r.get("kön").to_lowercase().as_str() {
            "" => pseudonym.as_ref().map(Pseudonym::sex),
            "kvinna" | "k" | "flicka" => Some(Sex::Female),
            "man" | "m" | "pojke" => Some(Sex::Male),
            other => return Err(r.error("kön", format!("ska vara kvinna eller man, inte \"{other}\""))),
        };
        decisions.push(Decision {
            id,
            law,
            insats,
            insats_text: text.into(),
            decided,
            interrupted,
            executed,
            closed,
            closed_on,
            unit: r.get("enhet").into(),
            reason: r.get("skäl").into(),
            reason_code: r.get("skälkod").into(),
            interim: r.get("tillfällig_insats").into(),
            events,
            pseudonym,
            sex,
            age_group: r.get("åldersgrupp").into(),
        });
        let d = decisions.last().expect("just pushed");
        d.check().map_err(|(col, message)| r.error(col, message))?;
        Ok(())
    })?;
    let mut reports: Vec<ReportInfo> = Vec::new();
    if let Some((f, b)) = files.reports {
        let t = Table::parse(f, b, &["rapport", "mätperiod", "brytdag"])?;
        t.each(|r| {
            let quarter = |col: &str| {
                r.parse(col, "ett kvartal som 2021Q4", |v| Period::parse(v).ok().filter(|p| matches!(p, Period::Quarter { .. })))
            };
            let measured = quarter("mätperiod")?;
            reports.push(ReportInfo {
                key: r.required("rapport")?.into(),
                measured,
                reporting: if r.get("rapporteringsperiod").is_empty() { measured } else { quarter("rapporteringsperiod")? },
                cutoff: r.date("brytdag")?,
                meeting: r.opt_date("sammanträde")?,
                case_number: r.get("diarienummer").into(),
                title: r.get("rubrik").into(),
            });
            Ok(())
        })?;
    }
    let mut open_after = Vec::new();
    if let Some((f, b)) = files.open_after {
        let t = Table::parse(f, b, &["rapport", "beslut"])?;
        t.each(|r| {
            let rep = r.required("rapport")?;
            if !reports.iter().any(|x| x.key == rep) {
                return Err(r.error("rapport", format!("ska vara en rapport i rapporter.csv, inte \"{rep}\"")));
            }
            let id = r.required("beslut")?;
            if !decisions.iter().any(|d| d.id == id) {
                return Err(r.error("beslut", format!("ska vara ett id i beslut.csv, inte \"{id}\"")));
            }
            open_after.push((rep.to_string(), id.to_string()));
            Ok(())
        })?;
    }
    Ok(EvbData { catalog, law_refs, decisions, reports, open_after })
}

impl EvbData {
    /// The report with `key`, the ids that stood open after the report before it, and that
    /// report's cut-off.
    pub fn previous(&self, key: &str) -> (Vec<String>, Option<Date>) {
        let Some(i) = self.reports.iter().position(|r| r.key == key) else { return (Vec::new(), None) };
        let Some(prev) = i.checked_sub(1).map(|j| &self.reports[j]) else { return (Vec::new(), None) };
        (self.open_after.iter().filter(|(r, _)| *r == prev.key).map(|(_, id)| id.clone()).collect(), Some(prev.cutoff))
    }
}
