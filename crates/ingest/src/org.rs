//! The organisation files of one municipality:
//!
//! | file | columns |
//! |---|---|
//! | `kommun.csv` | `kod;namn;diarienummer` — one row: SCB code, name and (optionally) an example of how the diarium writes case numbers: `SN/2022:00053`, `SN 2022/53` or `SOC.2023.58` |
//! | `organ.csv` | `nyckel;typ;namn;överordnad` — political bodies; `typ` is kommunfullmaktige, kommunstyrelse, namnd, arbetsutskott or utskott |
//! | `enheter.csv` | `nyckel;typ;namn;överordnad;ansvar;organ` — the administration's tree; `typ` is forvaltning, verksamhetsomrade or enhet |
//! | `uppfoljning.csv` | `år;prognosmånader;delårsmånader` — months as `3,4,5,8,10` |
//! | `konton.csv` (the demo's) | `konto;enhet` — accounts tied to a unit (key or name), as `arshjul user add --unit` ties one |
//!
//! See `demo/*/` in the repository for complete examples.

use crate::Error;
use crate::table::Table;
use domain::org::{Body, BodyKind, Municipality, Organisation, ScbCode, Unit, UnitKind};
use domain::period::FollowUpPlan;

/// The contents of one municipality's organisation files, by name.
pub struct OrgFiles<'a> {
    /// `kommun.csv`.
    pub kommun: (&'a str, &'a [u8]),
    /// `organ.csv`.
    pub organ: (&'a str, &'a [u8]),
    /// `enheter.csv`.
    pub enheter: (&'a str, &'a [u8]),
    /// `uppfoljning.csv`, if present.
    pub uppfoljning: Option<(&'a str, &'a [u8])>,
}

/// What the files describe.
#[derive(Debug)]
pub struct OrgData {
    /// The checked organisation.
    pub organisation: Organisation,
    /// Follow-up plans, by year.
    pub plans: Vec<FollowUpPlan>,
}

/// Reads and checks one municipality's organisation files.
pub fn read(files: &OrgFiles<'_>) -> Result<OrgData, Error> {
    let (kf, kb) = files.kommun;
    let kommun = Table::parse(kf, kb, &["kod", "namn"])?;
    let row = kommun.single("kommunens kod och namn")?;
    let municipality = Municipality {
        code: row.parse("kod", "en fyrsiffrig SCB-kod som 0486", |v| ScbCode::parse(v).ok())?,
        name: row.required("namn")?.to_string(),
        case_form: match row.get("diarienummer") {
            "" => String::new(),
            v => {
                let expected = "ett exempel på diariets nummer, som SN/2022:00053, SN 2022/53 eller SOC.2023.58";
                row.parse("diarienummer", expected, |v| domain::cases::Grammar::of_example(v).map(|_| v.to_string()))?;
                v.to_string()
            }
        },
    };

    let (of, ob) = files.organ;
    let organ = Table::parse(of, ob, &["nyckel", "typ", "namn"])?;
    let mut bodies = Vec::new();
    organ.each(|r| {
        bodies.push(Body {
            key: r.required("nyckel")?.to_string(),
            kind: r.parse("typ", "kommunfullmaktige, kommunstyrelse, namnd, arbetsutskott eller utskott", BodyKind::parse)?,
            name: r.required("namn")?.to_string(),
            parent: r.optional("överordnad"),
        });
        Ok(())
    })?;

    let (ef, eb) = files.enheter;
    let enheter = Table::parse(ef, eb, &["nyckel", "typ", "namn"])?;
    let mut units = Vec::new();
    enheter.each(|r| {
        units.push(Unit {
            key: r.required("nyckel")?.to_string(),
            kind: r.parse("typ", "forvaltning, verksamhetsomrade eller enhet", UnitKind::parse)?,
            name: r.required("namn")?.to_string(),
            ansvar: r.optional("ansvar"),
            parent: r.optional("överordnad"),
            body: r.optional("organ"),
        });
        Ok(())
    })?;

    let organisation = Organisation::new(municipality, bodies, units).map_err(|e| locate(&e, &[&enheter, &organ]))?;

    let mut plans = Vec::new();
    if let Some((uf, ub)) = files.uppfoljning {
        let t = Table::parse(uf, ub, &["år", "prognosmånader", "delårsmånader"])?;
        t.each(|r| {
            let year: i32 = r.parse("år", "ett år som 2023", |v| v.parse().ok().filter(|y| (1900..=2200).contains(y)))?;
            let months = |col: &str| {
                r.parse(col, "månader 1–12 åtskilda av kommatecken, t.ex. 3,4,5,8,10", |v| {
                    FollowUpPlan::parse_months(v).ok().filter(|m| m.iter().all(|x| (1..=12).contains(x)))
                })
            };
            let plan =
                FollowUpPlan::new(year, months("prognosmånader")?, months("delårsmånader")?).map_err(|e| r.error("år", e.to_string()))?;
            plans.push(plan);
            Ok(())
        })?;
    }
    Ok(OrgData { organisation, plans })
}

/// Points an organisation error at the line of the key it names (last occurrence, so a
/// duplicate points at the second row).
fn locate(e: &domain::org::OrgError, tables: &[&Table]) -> Error {
    use domain::org::OrgError::*;
    let key = match e {
        DuplicateKey(k) | Cycle(k) | UnknownParent { key: k, .. } => k.as_str(),
        BadScbCode(_) => "",
    };
    for t in tables {
        if let Some(r) = t.records().filter(|r| r.get("nyckel") == key).last() {
            return Error::at(t.file(), r.line(), None, e.to_string());
        }
    }
    Error::file(tables[0].file(), e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files<'a>(enheter: &'a str, organ: &'a str) -> OrgFiles<'a> {
        OrgFiles {
            kommun: ("kommun.csv", b"kod;namn\n0486;Str\xc3\xa4ngn\xc3\xa4s kommun\n"),
            organ: ("organ.csv", organ.as_bytes()),
            enheter: ("enheter.csv", enheter.as_bytes()),
            uppfoljning: Some(("uppfoljning.csv", b"\xc3\xa5r;prognosm\xc3\xa5nader;del\xc3\xa5rsm\xc3\xa5nader\n2023;3,4,5,8,10;8\n")),
        }
    }

    const ORGAN: &str = "nyckel;typ;namn;överordnad\nKF;kommunfullmaktige;Kommunfullmäktige;\nSN;namnd;Socialnämnden;KF\n";

    #[test]
    fn reads_a_complete_set() {
        let data = read(&files(
            "nyckel;typ;namn;överordnad;ansvar;organ\nSK;forvaltning;Socialkontoret;;;SN\nAO;verksamhetsomrade;Äldreomsorg;SK;610;\n",
            ORGAN,
        ))
        .unwrap();
        assert_eq!(data.organisation.municipality().name, "Strängnäs kommun");
        assert_eq!(data.organisation.units()[1].ansvar.as_deref(), Some("610"));
        assert_eq!(data.plans[0].forecast_months(), [3, 4, 5, 8, 10]);
    }

    #[test]
    fn the_diarium_form_is_an_example_number() {
        let enheter = "nyckel;typ;namn;överordnad;ansvar;organ\nSK;forvaltning;Socialkontoret;;;SN\n";
        let with = |kommun: &'static str| read(&OrgFiles { kommun: ("kommun.csv", kommun.as_bytes()), ..files(enheter, ORGAN) });
        let data = with("kod;namn;diarienummer\n1999;Västerby kommun;VSN 2025/12\n").unwrap();
        assert_eq!(data.organisation.municipality().case_form, "VSN 2025/12");
        let err = with("kod;namn;diarienummer\n1999;Västerby kommun;VSN-2025-0012\n").unwrap_err().to_string();
        assert!(err.contains("kommun.csv:2") && err.contains("diarienummer") && err.contains("SN 2022/53"), "{err}");
    }

    #[test]
    fn bad_kind_names_line_and_field() {
        let err = read(&files(
            "nyckel;typ;namn;överordnad;ansvar;organ\nSK;forvaltning;Socialkontoret;;;SN\nAO;avdelning;Äldreomsorg;SK;;\n",
            ORGAN,
        ))
        .unwrap_err();
        assert_eq!(err.to_string(), "enheter.csv:3: fält \"typ\": ska vara forvaltning, verksamhetsomrade eller enhet, inte \"avdelning\"");
    }

    #[test]
    fn unknown_parent_names_its_line() {
        let err =
            read(&files("nyckel;typ;namn;överordnad;ansvar;organ\nSK;forvaltning;Socialkontoret;;;SN\nAO;enhet;Äldreomsorg;XX;;\n", ORGAN))
                .unwrap_err();
        assert_eq!(err.to_string(), "enheter.csv:3: \"AO\" hänvisar till \"XX\", som inte finns");
    }

    #[test]
    fn bad_body_parent_names_organ_file() {
        let err =
            read(&files("nyckel;typ;namn\nSK;forvaltning;S\n", "nyckel;typ;namn;överordnad\nSN;namnd;Socialnämnden;KF\n")).unwrap_err();
        assert_eq!(err.to_string(), "organ.csv:2: \"SN\" hänvisar till \"KF\", som inte finns");
    }
}

/// `konton.csv`: accounts tied to a unit of the organisation (`konto;enhet`, the unit by key or
/// name), as `arshjul user add --unit` ties one: (account, unit).
pub fn read_account_units((f, b): (&str, &[u8])) -> Result<Vec<(String, String)>, Error> {
    let t = Table::parse(f, b, &["konto", "enhet"])?;
    t.rows(|r| Ok((r.required("konto")?.to_string(), r.required("enhet")?.to_string())))
}
