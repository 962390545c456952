//! Files for quality management, children's rights and grant re-reporting.
//!
//! | folder / file | columns |
//! |---|---|
//! | `kvalitet-YYYY/avvikelsetyper.csv` | `nyckel;namn` |
//! | `kvalitet-YYYY/avvikelser.csv` | `id;datum;enhet;typ;allvarlighet;område;beskrivning;utredning;åtgärder;lex;lex_bedömning;lex_beslutsdatum;lex_beslutad_av;status` — allvarlighet `ingen`/`lindrig`/`måttlig`/`allvarlig`, område `HSL`/`SoL`/`LSS`, lex empty/`maria`/`sarah`, lex_bedömning empty/`anmäls`/`anmäls inte`, status `öppen`/`utreds`/`avslutad` |
//! | `kvalitet-YYYY/klagomal.csv` | `id;mottaget;enhet;typ;besvarat;utfall` and optionally `gäller` (what it is about) — typ `klagomål`/`synpunkt` |
//! | `kvalitet-YYYY/egenkontroller.csv` | `kontroll;beskrivning;enhet;frekvens;resultat` |
//! | `barnratt-YYYY/barnratt.csv` | `nr;punkt;status;kommentar` — status empty or Ej uppfyllt/Delvis uppfyllt/Uppfyllt |
//! | `aterrapportering-YYYY/bidrag.csv` | `nyckel;bidrag;mottaget;använt;regional_deadline;nationell_deadline;regeringen_deadline` — kronor |
//! | `aterrapportering-YYYY/insatser.csv` | `bidrag;nr;innehåll;ansvarig_enhet;använt;samverkan;målgrupp;mål;resultat` — at most ten per grant |

use crate::Error;
use crate::table::{Record, Table};
use domain::money::Ore;
use domain::quality::*;

pub use crate::File;

fn kr(r: &Record<'_>, col: &str) -> Result<Option<Ore>, Error> {
    match r.get(col) {
        "" => Ok(None),
        v => Ore::parse_kr(v).map(Some).ok_or_else(|| r.error(col, format!("ska vara ett belopp i kronor som 1 300 000, inte \"{v}\""))),
    }
}

/// Deviation types: (key, name).
pub fn read_types((f, b): File<'_>) -> Result<Vec<(String, String)>, Error> {
    let t = Table::parse(f, b, &["nyckel", "namn"])?;
    t.rows(|r| Ok((r.required("nyckel")?.to_string(), r.required("namn")?.to_string())))
}

/// Deviations, each checked ([`Deviation::validate`]); a type must be one of `types`.
pub fn read_deviations((f, b): File<'_>, types: &[(String, String)]) -> Result<Vec<Deviation>, Error> {
    let t = Table::parse(f, b, &["id", "datum", "enhet", "typ", "allvarlighet", "område"])?;
    let mut out: Vec<Deviation> = Vec::new();
    t.each(|r| {
        let kind = r.required("typ")?;
        if !types.is_empty() && !types.iter().any(|(k, _)| k == kind) {
            return Err(r.error("typ", format!("ska vara en typ i avvikelsetyper.csv, inte \"{kind}\"")));
        }
        let lex = match r.get("lex") {
            "" => None,
            v => Some(Lex::parse(v).ok_or_else(|| r.error("lex", format!("ska vara maria eller sarah, inte \"{v}\"")))?),
        };
        let decision = match r.get("lex_bedömning") {
            "" => None,
            v => {
                let report = match v.trim().to_lowercase().as_str() {
                    "anmäls" => true,
                    "anmäls inte" | "anmäls ej" => false,
                    _ => return Err(r.error("lex_bedömning", format!("ska vara «anmäls» eller «anmäls inte», inte \"{v}\""))),
                };
                Some(LexDecision { report, date: r.date("lex_beslutsdatum")?, by: r.required("lex_beslutad_av")?.to_string() })
            }
        };
        let d = Deviation {
            id: r.required("id")?.to_string(),
            date: r.date("datum")?,
            unit: r.required("enhet")?.to_string(),
            kind: kind.to_string(),
            harm: r.parse("allvarlighet", "ingen, lindrig, måttlig eller allvarlig", Harm::parse)?,
            law: r.parse("område", "HSL, SoL eller LSS", CareLaw::parse)?,
            description: r.get("beskrivning").to_string(),
            investigation: r.get("utredning").to_string(),
            actions: r.get("åtgärder").to_string(),
            lex,
            decision,
            status: match r.get("status") {
                "" => Status::Open,
                v => r.parse("status", "öppen, utreds eller avslutad", |_| Status::parse(v))?,
            },
        };
        d.validate().map_err(|e| r.error("lex", e.0))?;
        if out.iter().any(|x| x.id == d.id) {
            return Err(r.error("id", format!("id:t \"{}\" används två gånger", d.id)));
        }
        out.push(d);
        Ok(())
    })?;
    Ok(out)
}

/// Complaints and suggestions.
pub fn read_complaints((f, b): File<'_>) -> Result<Vec<Complaint>, Error> {
    let t = Table::parse(f, b, &["id", "mottaget", "enhet", "typ"])?;
    t.rows(|r| {
        Ok(Complaint {
            id: r.required("id")?.to_string(),
            received: r.date("mottaget")?,
            unit: r.required("enhet")?.to_string(),
            kind: r.parse("typ", "klagomål eller synpunkt", |v| {
                let v = v.trim().to_lowercase();
                COMPLAINT_KINDS.contains(&v.as_str()).then_some(v)
            })?,
            subject: r.get("gäller").to_string(),
            answered: r.opt_date("besvarat")?,
            outcome: r.get("utfall").to_string(),
        })
    })
}

/// The self-inspection programme with results.
pub fn read_self_inspections((f, b): File<'_>) -> Result<Vec<SelfInspection>, Error> {
    let t = Table::parse(f, b, &["kontroll"])?;
    t.rows(|r| {
        Ok(SelfInspection {
            control: r.required("kontroll")?.to_string(),
            description: r.get("beskrivning").to_string(),
            unit: r.get("enhet").to_string(),
            frequency: r.get("frekvens").to_string(),
            result: r.get("resultat").to_string(),
        })
    })
}

/// The children's-rights follow-up points.
pub fn read_child_rights((f, b): File<'_>) -> Result<Vec<ChildRightsPoint>, Error> {
    let t = Table::parse(f, b, &["nr", "punkt"])?;
    t.rows(|r| {
        let status = r.get("status").trim().to_string();
        if !status.is_empty() && !CHILD_RIGHTS_LEVELS.iter().any(|l| l.eq_ignore_ascii_case(&status)) {
            return Err(r.error("status", format!("ska vara Ej uppfyllt, Delvis uppfyllt eller Uppfyllt, inte \"{status}\"")));
        }
        Ok(ChildRightsPoint {
            number: r.parse("nr", "ett tal", |v| v.trim().parse().ok())?,
            point: r.required("punkt")?.to_string(),
            status,
            comment: r.get("kommentar").to_string(),
        })
    })
}

/// Grant re-reporting: grants and their insatser (at most ten per grant).
pub fn read_grant_reports((gf, gb): File<'_>, insatser: Option<File<'_>>) -> Result<(Vec<GrantReport>, Vec<GrantInsats>), Error> {
    let t = Table::parse(gf, gb, &["nyckel", "bidrag", "mottaget"])?;
    let grants = t.rows(|r| {
        Ok(GrantReport {
            key: r.required("nyckel")?.to_string(),
            name: r.required("bidrag")?.to_string(),
            received: kr(&r, "mottaget")?.ok_or_else(|| r.error("mottaget", "ange mottaget belopp"))?,
            used: kr(&r, "använt")?,
            regional_deadline: r.opt_date("regional_deadline")?,
            national_deadline: r.opt_date("nationell_deadline")?,
            government_deadline: r.opt_date("regeringen_deadline")?,
        })
    })?;
    let mut list: Vec<GrantInsats> = Vec::new();
    if let Some((f, b)) = insatser {
        let t = Table::parse(f, b, &["bidrag", "nr", "innehåll"])?;
        t.each(|r| {
            let grant = r.required("bidrag")?.to_string();
            if !grants.iter().any(|g| g.key == grant) {
                return Err(r.error("bidrag", format!("ska vara en nyckel i bidrag.csv, inte \"{grant}\"")));
            }
            let number: u32 = r.parse("nr", "ett tal 1–10", |v| v.trim().parse().ok().filter(|n| (1..=MAX_INSATSER).contains(n)))?;
            if list.iter().any(|i| i.grant == grant && i.number == number) {
                return Err(r.error("nr", format!("insats {number} för {grant} finns två gånger")));
            }
            list.push(GrantInsats {
                grant,
                number,
                content: r.required("innehåll")?.to_string(),
                unit: r.get("ansvarig_enhet").to_string(),
                used: kr(&r, "använt")?,
                partners: r.get("samverkan").to_string(),
                target_group: r.get("målgrupp").to_string(),
                goal: r.get("mål").to_string(),
                result: r.get("resultat").to_string(),
            });
            Ok(())
        })?;
    }
    Ok((grants, list))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_harm_level_names_file_line_and_column() {
        let types = vec![("fall".to_string(), "Fall".to_string())];
        let e = read_deviations(
            ("avvikelser.csv", "id;datum;enhet;typ;allvarlighet;område\nA1;2021-01-02;BOSS;fall;svår;HSL\n".as_bytes()),
            &types,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.to_string().contains("allvarlighet"), "{e}");
    }

    #[test]
    fn a_lex_sarah_on_health_care_is_refused() {
        let types = vec![("fall".to_string(), "Fall".to_string())];
        let e = read_deviations(
            ("avvikelser.csv", "id;datum;enhet;typ;allvarlighet;område;lex\nA1;2021-01-02;BOSS;fall;ingen;HSL;sarah\n".as_bytes()),
            &types,
        )
        .unwrap_err();
        assert!(e.to_string().contains("Lex Sarah"), "{e}");
    }
}
