//! Files for personnel statistics, internal control and private-provider follow-up.
//!
//! | folder / file | columns |
//! |---|---|
//! | `personal-YYYY/sjukfranvaro.csv` | `enhet;period;totalt;kvinnor;män;ålder_upp_till_29;ålder_30_49;ålder_50_och_över;dag_1_14;dag_15_59;dag_60_och_över;korttid;långtid_andel;not` (per cent) |
//! | `personal-YYYY/nyckeltal.csv` | `nyckel;namn;enhet;period;värde;definition;mätperiod;not` |
//! | `internkontroll-YYYY/plan.csv` | `år;beslut;diarienummer;antagen;analys` — one row |
//! | `internkontroll-YYYY/skalor.csv` | `skala;värde;etikett;symbol` — skala `sannolikhet`/`konsekvens` (värde 1–4), `resultat` (värde = order, best first), `tröskel` (etikett god/godtagbar, värde = %), `riskgräns` (etikett låg/medel, värde = highest risk value) |
//! | `internkontroll-YYYY/kontroller.csv` | `nyckel;perspektiv;mål;område;kontrollmoment;risk;sannolikhet;konsekvens;metod;frekvens;ansvarig;tidpunkt` — sannolikhet/konsekvens as 1–4 or as a label of the scale |
//! | `internkontroll-YYYY/resultat.csv` | `kontroll;period;resultat;granskade;avvikelser;godkända_andel;iakttagelser` |
//! | `internkontroll-YYYY/atgarder.csv` | `kontroll;åtgärd;ansvarig;senast;status` |
//! | `internkontroll-YYYY/nettolista.csv` | `risk;sannolikhet;konsekvens;riskvärde;kommentar` |
//! | `privata-utforare-YYYY/verksamheter.csv` | `verksamhet;antal_avtal;riskklass;uppföljning;frekvens;not` |
//! | `privata-utforare-YYYY/leverantorer.csv` | `verksamhet;leverantör;avtal_från;avtal_till` — `Tillsvidare` for open-ended |

use crate::Error;
use crate::table::{Record, Table};
use domain::control::*;
use domain::goals::Measure;
use domain::period::{Date, Period};
use domain::personnel::{KeyFigure, SickLeave};
use domain::providers::{OutsourcedActivity, Supplier};

pub use crate::File;

fn measure(r: &Record<'_>, col: &str) -> Result<Option<Measure>, Error> {
    match r.get(col) {
        "" | "-" | "–" => Ok(None),
        v => Measure::parse_sv(v).map(Some).ok_or_else(|| r.error(col, format!("ska vara ett tal som 9,4, inte \"{v}\""))),
    }
}

fn period(r: &Record<'_>, col: &str) -> Result<Period, Error> {
    r.parse(col, "en period som 2023 eller 2023-D08", |v| Period::parse(v).ok())
}

/// A period of the statistics for `year`: that year or an earlier one (for comparison), never later.
fn period_until(r: &Record<'_>, col: &str, year: i32) -> Result<Period, Error> {
    let p = period(r, col)?;
    if p.year() > year {
        return Err(r.error(col, format!("{p} ligger efter {year}: statistiken för {year} har perioder under {year} eller tidigare år")));
    }
    Ok(p)
}

fn count(r: &Record<'_>, col: &str) -> Result<Option<u32>, Error> {
    match r.get(col) {
        "" => Ok(None),
        _ => r.parse(col, "ett antal som 97 eller \"nitton\"", domain::personnel::parse_count_sv).map(Some),
    }
}

/// A percentage: 0–100.
fn percent(r: &Record<'_>, col: &str) -> Result<Option<Measure>, Error> {
    let m = measure(r, col)?;
    match m {
        Some(v) if v < Measure::from_int(0) || v > Measure::from_int(100) => {
            Err(r.error(col, format!("ska vara en procentsats 0–100, inte {}", v.present_natural())))
        }
        m => Ok(m),
    }
}

/// `sjukfranvaro.csv`: percentages 0–100, a unit and period once.
pub fn read_sick_leave((f, b): File<'_>, year: i32) -> Result<Vec<SickLeave>, Error> {
    let t = Table::parse(f, b, &["enhet", "period"])?;
    let mut seen = crate::table::Seen::default();
    t.rows(|r| {
        let (unit, p) = (r.required("enhet")?, period_until(&r, "period", year)?);
        seen.once(&r, "period", format!("{unit}\u{0}{p}"), &format!("sjukfrånvaron för {unit} {p}"))?;
        let total = percent(&r, "totalt")?;
        // A part of the total (a band of spell lengths, the short-term) cannot exceed it;
        // women's, men's and an age group's rates can.
        let part = |col: &str| -> Result<Option<Measure>, Error> {
            let v = percent(&r, col)?;
            match (v, total) {
                (Some(v), Some(t)) if v > t => {
                    Err(r.error(col, format!("{v} % är mer än totalt ({t} %): en del av sjukfrånvaron kan inte vara större än hela")))
                }
                _ => Ok(v),
            }
        };
        Ok(SickLeave {
            unit: unit.into(),
            period: p,
            total,
            women: percent(&r, "kvinnor")?,
            men: percent(&r, "män")?,
            age_to_29: percent(&r, "ålder_upp_till_29")?,
            age_30_49: percent(&r, "ålder_30_49")?,
            age_50_up: percent(&r, "ålder_50_och_över")?,
            days_1_14: part("dag_1_14")?,
            days_15_59: part("dag_15_59")?,
            days_60_up: part("dag_60_och_över")?,
            short_term: part("korttid")?,
            long_term_share: percent(&r, "långtid_andel")?,
            note: r.optional("not"),
        })
    })
}

/// `nyckeltal.csv`. Counts written in words ("nitton") are read as numbers.
pub fn read_key_figures((f, b): File<'_>, year: i32) -> Result<Vec<KeyFigure>, Error> {
    let t = Table::parse(f, b, &["nyckel", "namn", "period", "värde"])?;
    t.rows(|r| {
        let v = r.get("värde");
        let value = Measure::parse_sv(v)
            .or_else(|| domain::personnel::parse_count_sv(v).map(|n| Measure::from_int(n as i64)))
            .ok_or_else(|| r.error("värde", format!("ska vara ett tal som 15 eller 10,74 (eller ett räkneord), inte \"{v}\"")))?;
        Ok(KeyFigure {
            key: r.required("nyckel")?.into(),
            name: r.required("namn")?.into(),
            unit: r.get("enhet").into(),
            period: period_until(&r, "period", year)?,
            value,
            definition: r.optional("definition"),
            measured: r.optional("mätperiod"),
            note: r.optional("not"),
        })
    })
}

/// What an internal-control folder holds.
#[derive(Debug)]
pub struct ControlData {
    /// Decision, case number, adopted date, analysis.
    pub decision: String,
    /// Case number.
    pub case_number: String,
    /// Adopted.
    pub adopted: Option<Date>,
    /// Analysis.
    pub analysis: String,
    /// Scales.
    pub probability: LevelScale,
    /// Scales.
    pub consequence: LevelScale,
    /// Risk thresholds.
    pub thresholds: RiskThresholds,
    /// Result scale.
    pub results_scale: ResultScale,
    /// Items.
    pub items: Vec<ControlItem>,
    /// Results.
    pub results: Vec<ControlResult>,
    /// Actions.
    pub actions: Vec<Action>,
    /// Net list.
    pub net_risks: Vec<NetRisk>,
}

/// The files of an internal-control folder.
pub struct ControlFiles<'a> {
    /// `plan.csv`.
    pub plan: Option<File<'a>>,
    /// `skalor.csv`.
    pub scales: Option<File<'a>>,
    /// `kontroller.csv`.
    pub items: File<'a>,
    /// `resultat.csv`.
    pub results: Option<File<'a>>,
    /// `atgarder.csv`.
    pub actions: Option<File<'a>>,
    /// `nettolista.csv`.
    pub net: Option<File<'a>>,
}

/// Reads an internal-control folder.
pub fn read_control(files: &ControlFiles<'_>) -> Result<ControlData, Error> {
    let mut probability = LevelScale::default();
    let mut consequence = LevelScale::default();
    let mut thresholds = RiskThresholds::default();
    let mut results_scale = ResultScale::god_godtagbar();
    if let Some((f, b)) = files.scales {
        let t = Table::parse(f, b, &["skala", "värde", "etikett"])?;
        let mut levels: Vec<(u32, (String, String, String))> = Vec::new();
        t.each(|r| {
            let label = r.get("etikett").to_string();
            match r.get("skala").to_lowercase().as_str() {
                s @ ("sannolikhet" | "konsekvens") => {
                    let v: u8 = r.parse("värde", "en nivå 1–4", |v| v.parse().ok().filter(|n| (1..=4).contains(n)))?;
                    let scale = if s == "sannolikhet" { &mut probability } else { &mut consequence };
                    scale.labels.push((v, label));
                }
                "resultat" => {
                    let order: u32 = r.parse("värde", "en placering, 1 = bäst", |v| v.parse().ok())?;
                    let key = label.to_lowercase().replace(' ', "-").replace('ä', "a").replace('ö', "o").replace('å', "a");
                    levels.push((order, (key, label, r.get("symbol").to_string())));
                }
                "tröskel" => {
                    let v = r.parse("värde", "en procentsats som 90", Measure::parse_sv)?;
                    match label.to_lowercase().as_str() {
                        "god" => results_scale.good_from = v,
                        "godtagbar" => results_scale.acceptable_from = v,
                        other => return Err(r.error("etikett", format!("ska vara god eller godtagbar, inte \"{other}\""))),
                    }
                }
                "riskgräns" => {
                    let v: u8 = r.parse("värde", "ett riskvärde 1–16", |v| v.parse().ok().filter(|n| (1..=16).contains(n)))?;
                    match label.to_lowercase().as_str() {
                        "låg" => thresholds.low_max = v,
                        "medel" => thresholds.medium_max = v,
                        other => return Err(r.error("etikett", format!("ska vara låg eller medel, inte \"{other}\""))),
                    }
                }
                other => {
                    return Err(
                        r.error("skala", format!("ska vara sannolikhet, konsekvens, resultat, tröskel eller riskgräns, inte \"{other}\""))
                    );
                }
            }
            Ok(())
        })?;
        if !levels.is_empty() {
            levels.sort_by_key(|(o, _)| *o);
            results_scale.levels = levels.into_iter().map(|(_, l)| l).collect();
        }
        // Limits in order: a low risk ends below a medium one, a good result starts above an
        // acceptable one.
        if thresholds.low_max >= thresholds.medium_max {
            return Err(Error::file(
                f,
                format!("riskgränsen för låg ({}) ska ligga under den för medel ({})", thresholds.low_max, thresholds.medium_max),
            ));
        }
        if results_scale.good_from <= results_scale.acceptable_from {
            return Err(Error::file(
                f,
                format!(
                    "tröskeln för god ({}) ska ligga över den för godtagbar ({})",
                    results_scale.good_from.present_natural(),
                    results_scale.acceptable_from.present_natural()
                ),
            ));
        }
    }
    let level = |r: &Record<'_>, col: &str, scale: &LevelScale| -> Result<u8, Error> {
        let v = r.get(col);
        v.parse::<u8>()
            .ok()
            .filter(|n| (1..=4).contains(n))
            .or_else(|| scale.value_of(v))
            .ok_or_else(|| r.error(col, format!("ska vara 1–4 eller en av skalans etiketter, inte \"{v}\"")))
    };
    let (f, b) = files.items;
    let t = Table::parse(f, b, &["nyckel", "kontrollmoment", "sannolikhet", "konsekvens"])?;
    let mut items: Vec<ControlItem> = Vec::new();
    t.each(|r| {
        let key = r.required("nyckel")?.to_string();
        if items.iter().any(|i| i.key == key) {
            return Err(r.error("nyckel", format!("nyckeln \"{key}\" används två gånger")));
        }
        items.push(ControlItem {
            key,
            perspective: r.get("perspektiv").into(),
            goal: r.get("mål").into(),
            area: r.get("område").into(),
            what: r.required("kontrollmoment")?.into(),
            risk: r.get("risk").into(),
            probability: level(&r, "sannolikhet", &probability)?,
            consequence: level(&r, "konsekvens", &consequence)?,
            method: r.get("metod").into(),
            frequency: r.get("frekvens").into(),
            responsible: r.get("ansvarig").into(),
            timing: r.get("tidpunkt").into(),
        });
        Ok(())
    })?;
    let known = |r: &Record<'_>, col: &str| -> Result<String, Error> {
        let k = r.required(col)?;
        // `key#part` is a sub-result of a control (one row per area of a sample).
        let base = k.split_once('#').map_or(k, |(b, _)| b);
        if items.iter().any(|i| i.key == base) {
            Ok(k.to_string())
        } else {
            Err(r.error(col, format!("ska vara nyckeln till en kontroll i kontroller.csv, inte \"{k}\"")))
        }
    };
    let mut results = Vec::new();
    if let Some((f, b)) = files.results {
        let t = Table::parse(f, b, &["kontroll", "period", "resultat"])?;
        t.each(|r| {
            let item = known(&r, "kontroll")?;
            // An empty level: the report gives the result as text only (not rated).
            let level = match r.get("resultat") {
                "" => String::new(),
                _ => r.parse("resultat", "en nivå i resultatskalan", |v| results_scale.level(v).map(|l| l.0.clone()))?,
            };
            let (reviewed, deviations) = (count(&r, "granskade")?, count(&r, "avvikelser")?);
            if let (Some(n), Some(d)) = (reviewed, deviations)
                && d > n
            {
                return Err(r.error("avvikelser", format!("får vara högst antalet granskade ({n}), inte {d}")));
            }
            results.push(ControlResult {
                item,
                period: period(&r, "period")?,
                level,
                reviewed,
                deviations,
                approved_share: measure(&r, "godkända_andel")?,
                findings: r.get("iakttagelser").replace("\\n", "\n"),
            });
            Ok(())
        })?;
    }
    let mut actions = Vec::new();
    if let Some((f, b)) = files.actions {
        let t = Table::parse(f, b, &["kontroll", "åtgärd"])?;
        t.each(|r| {
            actions.push(Action {
                id: 0,
                // An empty control: an action for the plan as a whole (from the conclusions).
                item: if r.get("kontroll").is_empty() { String::new() } else { known(&r, "kontroll")? },
                text: r.required("åtgärd")?.into(),
                owner: r.get("ansvarig").into(),
                due: r.opt_date("senast")?,
                // A status is done or not; a word that is neither is an error, not "not done".
                done: r.parse(
                    "status",
                    "klar, genomförd eller avslutad, eller tomt, pågående, påbörjad, ej påbörjad, planerad eller försenad",
                    |v| match v.to_lowercase().as_str() {
                        "klar" | "genomförd" | "avslutad" | "ja" => Some(true),
                        "" | "pågående" | "påbörjad" | "ej påbörjad" | "planerad" | "försenad" | "ej klar" | "nej" => Some(false),
                        _ => None,
                    },
                )?,
            });
            Ok(())
        })?;
    }
    let mut net_risks = Vec::new();
    if let Some((f, b)) = files.net {
        let t = Table::parse(f, b, &["risk", "sannolikhet", "konsekvens"])?;
        t.each(|r| {
            let n = NetRisk {
                risk: r.required("risk")?.into(),
                probability: level(&r, "sannolikhet", &probability)?,
                consequence: level(&r, "konsekvens", &consequence)?,
                comment: r.get("kommentar").into(),
            };
            if let Some(printed) = r.optional("riskvärde")
                && printed.parse::<u8>().ok() != Some(risk_value(n.probability, n.consequence))
            {
                return Err(r.error(
                    "riskvärde",
                    format!("ska vara {} (sannolikhet × konsekvens), inte \"{printed}\"", risk_value(n.probability, n.consequence)),
                ));
            }
            net_risks.push(n);
            Ok(())
        })?;
    }
    let (mut decision, mut case_number, mut adopted, mut analysis) = (String::new(), String::new(), None, String::new());
    if let Some((f, b)) = files.plan {
        let t = Table::parse(f, b, &["beslut"])?;
        if let Some(r) = (t.records().next().is_some()).then(|| t.single("planens beslut")).transpose()? {
            decision = r.get("beslut").into();
            case_number = r.get("diarienummer").into();
            adopted = r.opt_date("antagen")?;
            analysis = r.get("analys").replace("\\n", "\n");
        }
    }
    Ok(ControlData {
        decision,
        case_number,
        adopted,
        analysis,
        probability,
        consequence,
        thresholds,
        results_scale,
        items,
        results,
        actions,
        net_risks,
    })
}

/// `verksamheter.csv` and `leverantorer.csv`.
pub fn read_providers((af, ab): File<'_>, suppliers: Option<File<'_>>) -> Result<(Vec<OutsourcedActivity>, Vec<Supplier>), Error> {
    let t = Table::parse(af, ab, &["verksamhet", "antal_avtal", "riskklass"])?;
    let activities = t.rows(|r| {
        Ok(OutsourcedActivity {
            name: r.required("verksamhet")?.into(),
            contracts: r.parse("antal_avtal", "ett antal avtal", |v| v.parse().ok())?,
            risk_class: r.parse("riskklass", "A, B, C eller D", |v| {
                v.trim().chars().next().filter(|c| "ABCD".contains(*c) && v.trim().len() == 1)
            })?,
            follow_up: r.flag("uppföljning")?,
            frequency: r.get("frekvens").into(),
            note: r.get("not").into(),
        })
    })?;
    let mut list = Vec::new();
    if let Some((f, b)) = suppliers {
        let t = Table::parse(f, b, &["verksamhet", "leverantör"])?;
        t.each(|r| {
            list.push(Supplier {
                activity: r.required("verksamhet")?.into(),
                // Empty: the report gives the contract period but names no supplier.
                name: r.get("leverantör").into(),
                from: r.opt_date("avtal_från")?,
                to: r.parse("avtal_till", "ett datum skrivet ÅÅÅÅ-MM-DD eller Tillsvidare", |v| {
                    domain::providers::parse_contract_end(v).ok()
                })?,
            });
            Ok(())
        })?;
    }
    Ok((activities, list))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files<'a>(items: &'a [u8], actions: &'a [u8]) -> ControlFiles<'a> {
        ControlFiles {
            plan: None,
            scales: None,
            items: ("kontroller.csv", items),
            results: None,
            actions: Some(("atgarder.csv", actions)),
            net: None,
        }
    }

    /// The statistics for a year hold that year and earlier ones, never a later period; a part of
    /// the sick leave (short-term, a band of spell lengths) is no more than the total.
    #[test]
    fn sick_leave_periods_and_parts_are_checked() {
        let file = |rows: &str| format!("enhet;period;totalt;kvinnor;korttid;dag_1_14\n{rows}");
        let ok = file("Förvaltningen;2023;8,5;9,9;4,1;3\nFörvaltningen;2024;8,0;10,2;4;2,5\n");
        assert_eq!(read_sick_leave(("s.csv", ok.as_bytes()), 2024).unwrap().len(), 2, "women above the total is no error");
        let e = read_sick_leave(("s.csv", file("Förvaltningen;2099;8,5;;;\n").as_bytes()), 2024).unwrap_err();
        assert_eq!(
            e.to_string(),
            "s.csv:2: fält \"period\": 2099 ligger efter 2024: statistiken för 2024 har perioder under 2024 eller tidigare år"
        );
        let e = read_sick_leave(("s.csv", file("Förvaltningen;2024;8,5;;12;\n").as_bytes()), 2024).unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("korttid")), "{e}");
        assert!(e.message.starts_with("12 % är mer än totalt (8,5 %)"), "{e}");
        let e = read_key_figures(("n.csv", "nyckel;namn;period;värde\nx;X;2025;3\n".as_bytes()), 2024).unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("period")), "{e}");
    }

    /// An action's status is done or not done; a word that is neither is an error at its line.
    #[test]
    fn an_action_status_is_known_or_refused() {
        let items = "nyckel;kontrollmoment;sannolikhet;konsekvens\n1;Attest;2;3\n".as_bytes();
        let ok = "kontroll;åtgärd;status\n1;Ny rutin;Klar\n1;Utbildning;pågående\n1;Uppföljning;\n".as_bytes();
        let done: Vec<bool> = read_control(&files(items, ok)).unwrap().actions.iter().map(|a| a.done).collect();
        assert_eq!(done, [true, false, false]);
        // Limits out of order in skalor.csv.
        let scales = |text: &'static str| ControlFiles { scales: Some(("skalor.csv", text.as_bytes())), ..files(items, ok) };
        let e = read_control(&scales("skala;värde;etikett\nriskgräns;9;låg\nriskgräns;6;medel\n")).unwrap_err();
        assert_eq!(e.to_string(), "skalor.csv: riskgränsen för låg (9) ska ligga under den för medel (6)");
        let e = read_control(&scales("skala;värde;etikett\ntröskel;70;god\ntröskel;80;godtagbar\n")).unwrap_err();
        assert_eq!(e.to_string(), "skalor.csv: tröskeln för god (70) ska ligga över den för godtagbar (80)");
        let bad = "kontroll;åtgärd;status\n1;Ny rutin;typ klar\n".as_bytes();
        let e = read_control(&files(items, bad)).unwrap_err();
        assert!(e.to_string().starts_with("atgarder.csv:2: fält \"status\": ska vara klar, genomförd eller avslutad"), "{e}");
    }
}
