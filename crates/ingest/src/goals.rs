//! A year's goal files, and outcome files (CSV or XLSX) for entering many outcomes at once.
//!
//! | file | columns |
//! |---|---|
//! | `nivaer.csv` | `djup;namn` — the structure's levels, 1 = top (e.g. 1 Perspektiv, 2 Nämndmål) |
//! | `skala.csv` (optional) | `nyckel;etikett;rang;fras;symbol` — assessment scale, rank 0 = worst; default Uppfyllt / Delvis uppfyllt / Ej uppfyllt |
//! | `mal.csv` | `nyckel;nivå;överordnad;nummer;namn;kf_mål;agenda2030;uppdrag` — agenda2030 as `3,10`; uppdrag (the council's assignments under the goal, optional) separated by ` \| ` |
//! | `indikatorer.csv` | `nyckel;mål;namn;enhet;riktning;källa;metod;kolada_kpi;adressering` — enhet procent/antal/index/kr/dagar/timmar/veckor/janej, riktning högre/lägre |
//! | `malvarden.csv` | `indikator;period;målvärde;relativt` — a number, or a relative target such as "Öka jmf utfall 2023" |
//! | `utfall.csv` | `indikator;period;totalt;kvinnor;män;kommentar` — also the outcome import format (CSV or XLSX) |
//! | `bedomningar.csv` | `mål;period;nivå;analys` |

use crate::Error;
use crate::table::{Record, Table};
use domain::goals::*;
use domain::period::Period;

pub use crate::File;

/// The files of one year's goal setup.
pub struct GoalFiles<'a> {
    /// `nivaer.csv`.
    pub levels: File<'a>,
    /// `skala.csv`, optional.
    pub scale: Option<File<'a>>,
    /// `mal.csv`.
    pub goals: File<'a>,
    /// `indikatorer.csv`, optional.
    pub indicators: Option<File<'a>>,
    /// `malvarden.csv`, optional.
    pub targets: Option<File<'a>>,
    /// `utfall.csv`, optional.
    pub outcomes: Option<File<'a>>,
    /// `bedomningar.csv`, optional.
    pub assessments: Option<File<'a>>,
}

/// What the files hold, checked against each other.
#[derive(Debug)]
pub struct GoalData {
    /// Scale, structure and indicators.
    pub year: GoalYear,
    /// (indicator, period, target).
    pub targets: Vec<(String, Period, Target)>,
    /// (indicator, outcome).
    pub outcomes: Vec<(String, Outcome)>,
    /// Assessments.
    pub assessments: Vec<Assessment>,
}

fn period(r: &Record<'_>, col: &str) -> Result<Period, Error> {
    r.parse(col, "en period som 2024, 2024-03, 2024-T1 eller 2024-D08", |v| Period::parse(v).ok())
}

fn measure(r: &Record<'_>, col: &str) -> Result<Option<Measure>, Error> {
    match r.get(col) {
        "" | "-" | "–" => Ok(None),
        v => Measure::parse_sv(v)
            .map(Some)
            .ok_or_else(|| r.error(col, format!("ska vara ett tal som 10,74 (högst fyra decimaler), inte \"{v}\""))),
    }
}

/// Reads one year's goal files. A target may not lie before `year`, nor an assessment outside
/// it: those are another year's files, read into this one by mistake.
pub fn read_year(year: i32, files: &GoalFiles<'_>) -> Result<GoalData, Error> {
    let (lf, lb) = files.levels;
    let lt = Table::parse(lf, lb, &["djup", "namn"])?;
    let levels = lt.rows(|r| {
        Ok(GoalLevel {
            depth: r.parse("djup", "ett nivånummer 1–9", |v| v.parse().ok().filter(|d| (1..=9).contains(d)))?,
            name: r.required("namn")?.into(),
        })
    })?;

    let scale = match files.scale {
        None => Scale::three_words(),
        Some((sf, sb)) => {
            let st = Table::parse(sf, sb, &["nyckel", "etikett", "rang"])?;
            let levels = st.rows(|r| {
                Ok(ScaleLevel {
                    key: r.required("nyckel")?.into(),
                    label: r.required("etikett")?.into(),
                    rank: r.parse("rang", "en rang 0–9 (0 = sämst)", |v| v.parse().ok().filter(|n| *n < 10))?,
                    phrase: r.optional("fras").unwrap_or_else(|| r.get("etikett").to_lowercase()),
                    symbol: r.optional("symbol").unwrap_or_default(),
                })
            })?;
            Scale { key: "egen".into(), name: "Egen skala".into(), levels }
        }
    };

    let (gf, gb) = files.goals;
    let gt = Table::parse(gf, gb, &["nyckel", "nivå", "namn"])?;
    let goals = gt.rows(|r| {
        let agenda = match r.get("agenda2030") {
            "" => Vec::new(),
            v => r.parse("agenda2030", "Agenda 2030-mål 1–17 åtskilda av kommatecken, t.ex. 3,10", |_| {
                v.split(',').map(|n| n.trim().parse::<u8>().ok().filter(|n| (1..=17).contains(n))).collect::<Option<Vec<_>>>()
            })?,
        };
        Ok(Goal {
            key: r.required("nyckel")?.into(),
            depth: r.parse("nivå", "ett nivånummer 1–9", |v| v.parse().ok().filter(|d| (1..=9).contains(d)))?,
            parent: r.optional("överordnad"),
            number: r.optional("nummer"),
            title: r.required("namn")?.into(),
            kf_goal: r.optional("kf_mål"),
            agenda2030: agenda,
            // Several assignments in one cell, separated by " | ".
            assignments: r.get("uppdrag").split(" | ").map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect(),
        })
    })?;
    let structure = GoalStructure::new(levels, goals).map_err(|e| locate(&gt, "nyckel", e))?;

    let mut indicators = Vec::new();
    let mut it_table = None;
    if let Some((f, b)) = files.indicators {
        let t = Table::parse(f, b, &["nyckel", "mål", "namn", "enhet", "riktning"])?;
        t.each(|r| {
            indicators.push(Indicator {
                key: r.required("nyckel")?.into(),
                goal: r.required("mål")?.into(),
                name: r.required("namn")?.into(),
                unit: r.parse("enhet", "procent, antal, index, kr, dagar, timmar, veckor eller janej", IndicatorUnit::parse)?,
                direction: r.parse("riktning", "högre eller lägre (det håll som är bättre)", Direction::parse)?,
                source: r.optional("källa"),
                method: r.optional("metod"),
                kolada_kpi: r.optional("kolada_kpi"),
                responsible: r.optional("adressering"),
            });
            Ok(())
        })?;
        it_table = Some(t);
    }
    let gy = GoalYear::new(year, scale, structure, indicators).map_err(|e| match &it_table {
        Some(t) => locate(t, "nyckel", e),
        None => Error::file(gf, e.to_string()),
    })?;

    let known = |r: &Record<'_>, col: &str| -> Result<String, Error> {
        let k = r.required(col)?;
        if gy.indicator(k).is_some() {
            Ok(k.to_string())
        } else {
            Err(r.error(col, format!("ska vara nyckeln till en indikator i indikatorer.csv, inte \"{k}\"")))
        }
    };

    // Targets, outcomes and assessments are read each, and their errors named together.
    let mut g = crate::Gather::default();
    let mut targets = Vec::new();
    if let Some((f, b)) = files.targets {
        g.take(Table::parse(f, b, &["indikator", "period"]).and_then(|t| {
            t.each(|r| {
                let ind = known(&r, "indikator")?;
                let p = period(&r, "period")?;
                // A target of an earlier year is a file of that year read into this one.
                if p.year() < year {
                    return Err(r.error("period", format!("ska vara en period i {year} eller senare (målåret som läses in), inte \"{p}\"")));
                }
                let target = match (measure(&r, "målvärde")?, r.optional("relativt")) {
                    (Some(v), _) => Target::Value { value: v },
                    (None, Some(rel)) => Target::parse_relative(&rel).ok_or_else(|| {
                        r.error(
                        "relativt",
                        format!(
                            "ska vara ett relativt mål som \"öka\", \"minska\", \"bibehålla\" eller \"Öka jmf utfall 2023\", inte \"{rel}\""
                        ),
                    )
                    })?,
                    (None, None) => return Err(r.error("målvärde", "ange ett målvärde eller ett relativt mål")),
                };
                targets.push((ind, p, target));
                Ok(())
            })
        }));
    }

    let outcomes = g
        .take_opt(files.outcomes.map(|(f, b)| {
            Table::parse(f, b, OUTCOME_COLUMNS).and_then(|t| read_outcomes(&t, None, &|k| gy.indicator(k).map(|i| i.unit.clone())))
        }))
        .unwrap_or_default();

    let mut assessments = Vec::new();
    if let Some((f, b)) = files.assessments {
        g.take(Table::parse(f, b, &["mål", "period", "nivå", "analys"]).and_then(|t| {
            t.each(|r| {
                let goal = r.required("mål")?;
                if gy.structure().goal(goal).is_none() {
                    return Err(r.error("mål", format!("ska vara nyckeln till ett mål i mal.csv, inte \"{goal}\"")));
                }
                let p = period(&r, "period")?;
                if p.year() != year {
                    return Err(r.error("period", format!("ska vara en period i {year} (målåret som läses in), inte \"{p}\"")));
                }
                let analysis = r.get("analys").replace("\\n", "\n");
                let a = Assessment::new(goal, p, r.required("nivå")?, &analysis, gy.scale()).map_err(|e| r.error("nivå", e.to_string()))?;
                assessments.push(a);
                Ok(())
            })
        }));
    }
    g.finish()?;
    Ok(GoalData { year: gy, targets, outcomes, assessments })
}

/// The columns of an outcome file.
pub const OUTCOME_COLUMNS: &[&str] = &["indikator", "period", "totalt"];

/// Reads outcome rows: `indikator;period;totalt;kvinnor;män;kommentar`. `unit_of` gives an
/// indicator's unit, `None` for a key that is none of the year's (an error on its line); a value
/// its unit cannot have (a share over 100 %, a negative count) is one too.
pub fn read_outcomes(
    t: &Table,
    year: Option<i32>,
    unit_of: &dyn Fn(&str) -> Option<IndicatorUnit>,
) -> Result<Vec<(String, Outcome)>, Error> {
    let mut out = Vec::new();
    let mut seen = crate::table::Seen::default();
    t.each(|r| {
        let key = r.required("indikator")?;
        let Some(unit) = unit_of(key) else {
            return Err(r.error("indikator", format!("ska vara nyckeln till en av årets indikatorer, inte \"{key}\"")));
        };
        let p = period(&r, "period")?;
        if let Some(y) = year.filter(|y| p.year() < *y) {
            return Err(r.error("period", format!("ska vara en period i {y} eller senare (året som importeras), inte \"{p}\"")));
        }
        seen.once(&r, "period", (key.to_string(), p), &format!("utfallet för {key} {p}"))?;
        let o = Outcome {
            period: p,
            total: measure(&r, "totalt")?,
            women: measure(&r, "kvinnor")?,
            men: measure(&r, "män")?,
            note: r.optional("kommentar"),
        };
        if let Some(why) = o.implausible(&unit) {
            return Err(r.error("totalt", why));
        }
        out.push((key.to_string(), o));
        Ok(())
    })?;
    Ok(out)
}

/// Reads an outcome file by its name: `.xlsx` through calamine (first sheet), anything else as CSV.
/// No period may lie before `year`, the year imported to (so that an import cannot rewrite an
/// earlier, perhaps published, year's outcomes; later periods follow the same indicators up).
pub fn read_outcome_file(
    name: &str,
    bytes: &[u8],
    year: i32,
    unit_of: &dyn Fn(&str) -> Option<IndicatorUnit>,
) -> Result<Vec<(String, Outcome)>, Error> {
    let table = if name.to_lowercase().ends_with(".xlsx") {
        crate::xlsx::first_sheet(name, bytes, OUTCOME_COLUMNS)?
    } else {
        Table::parse(name, bytes, OUTCOME_COLUMNS)?
    };
    read_outcomes(&table, Some(year), unit_of)
}

fn locate(t: &Table, col: &str, e: GoalError) -> Error {
    let key = match &e {
        GoalError::DuplicateKey(k) | GoalError::BadDepth(k) | GoalError::Unknown { key: k, .. } => k.clone(),
        GoalError::BadAgenda2030(k) => k.split(' ').next().unwrap_or("").to_string(),
        GoalError::BadAssessment(_) => String::new(),
    };
    match t.records().filter(|r| r.get(col) == key).last() {
        Some(r) => Error::at(t.file(), r.line(), None, e.to_string()),
        None => Error::file(t.file(), e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEVELS: &[u8] = "djup;namn\n1;Målområde\n2;Nämndens mål\n".as_bytes();
    const GOALS: &[u8] = "nyckel;nivå;överordnad;nummer;namn;kf_mål;agenda2030\nMO1;1;;1;God ekonomisk hushållning;;\nG1;2;MO1;;Attraktiv arbetsgivare;;3,8\n".as_bytes();
    const INDICATORS: &[u8] = "nyckel;mål;namn;enhet;riktning;källa;metod;kolada_kpi;adressering\nSJUK;G1;Sjukfrånvaro;procent;lägre;personalsystem;;;Socialförvaltningen\nTRYGG;G1;Trygg hemgång;antal;högre;;;;\n".as_bytes();

    fn files<'a>(targets: &'a [u8], outcomes: &'a [u8], assessments: &'a [u8]) -> GoalFiles<'a> {
        GoalFiles {
            levels: ("nivaer.csv", LEVELS),
            scale: None,
            goals: ("mal.csv", GOALS),
            indicators: Some(("indikatorer.csv", INDICATORS)),
            targets: Some(("malvarden.csv", targets)),
            outcomes: Some(("utfall.csv", outcomes)),
            assessments: Some(("bedomningar.csv", assessments)),
        }
    }

    #[test]
    fn reads_a_year() {
        let d = read_year(
            2024,
            &files(
                "indikator;period;målvärde;relativt\nSJUK;2024;7;\nTRYGG;2024;;Öka jmf utfall 2023\n".as_bytes(),
                "indikator;period;totalt;kvinnor;män;kommentar\nSJUK;2023;11,5;;;\nSJUK;2024;10,74;12,1;6,2;\n".as_bytes(),
                "mål;period;nivå;analys\nG1;2024;Delvis uppfyllt;\"Rad ett.\\n\\nRad två.\"\n".as_bytes(),
            ),
        )
        .unwrap();
        assert_eq!(d.year.structure().goal("G1").unwrap().agenda2030, [3, 8]);
        assert_eq!(d.targets[1].2, Target::Increase { base: Some(Period::parse("2023").unwrap()) });
        assert_eq!(d.outcomes[1].1.women, Measure::parse_sv("12,1"));
        assert_eq!(d.assessments[0].analysis(), "Rad ett.\n\nRad två.");
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let e = |t: &str, o: &str, a: &str| read_year(2024, &files(t.as_bytes(), o.as_bytes(), a.as_bytes())).unwrap_err().to_string();
        let ok_t = "indikator;period;målvärde;relativt\n";
        let ok_o = "indikator;period;totalt\n";
        let ok_a = "mål;period;nivå;analys\n";
        assert_eq!(
            e(ok_t, "indikator;period;totalt\nSJUK;2024;tio\n", ok_a),
            "utfall.csv:2: fält \"totalt\": ska vara ett tal som 10,74 (högst fyra decimaler), inte \"tio\""
        );
        assert_eq!(
            e(ok_t, "indikator;period;totalt\nXX;2024;1\n", ok_a),
            "utfall.csv:2: fält \"indikator\": ska vara nyckeln till en av årets indikatorer, inte \"XX\""
        );
        // A value the indicator's unit cannot have: a share over 100 %, a count below zero.
        assert_eq!(
            e(ok_t, "indikator;period;totalt\nSJUK;2024;150\nTRYGG;2024;-5\n", ok_a),
            "utfall.csv:2: fält \"totalt\": En andel i procent ska vara mellan 0 och 100, inte 150.\n\
             utfall.csv:3: fält \"totalt\": Ett antal ska vara ett heltal (0 eller fler), inte −5."
        );
        assert_eq!(
            e(ok_t, "indikator;period;totalt\nSJUK;24;1\n", ok_a),
            "utfall.csv:2: fält \"period\": ska vara en period som 2024, 2024-03, 2024-T1 eller 2024-D08, inte \"24\""
        );
        assert!(e("indikator;period;målvärde;relativt\nSJUK;2024;;kanske\n", ok_o, ok_a).starts_with("malvarden.csv:2: fält \"relativt\""));
        assert!(
            e(ok_t, ok_o, "mål;period;nivå;analys\nG1;2024;Grönt;Text\n")
                .starts_with("bedomningar.csv:2: fält \"nivå\": \"Grönt\" är ingen nivå")
        );
        assert!(e(ok_t, ok_o, "mål;period;nivå;analys\nG1;2024;Uppfyllt;\n").contains("saknar analystext"));
        // Another year's files read into this one: its targets and assessments are refused.
        assert_eq!(
            e("indikator;period;målvärde;relativt\nSJUK;2023;7;\nTRYGG;2023;;öka\n", ok_o, ok_a),
            "malvarden.csv:2: fält \"period\": ska vara en period i 2024 eller senare (målåret som läses in), inte \"2023\"\n\
             malvarden.csv:3: fält \"period\": ska vara en period i 2024 eller senare (målåret som läses in), inte \"2023\""
        );
        assert!(
            e(ok_t, ok_o, "mål;period;nivå;analys\nG1;2023;Uppfyllt;Text\n")
                .starts_with("bedomningar.csv:2: fält \"period\": ska vara en period i 2024 (målåret som läses in), inte \"2023\"")
        );
        // Targets, outcomes and assessments are each read, and their errors named together.
        let both = e(
            "indikator;period;målvärde;relativt\nSJUK;2024;sju;\n",
            "indikator;period;totalt\nXX;2024;1\n",
            "mål;period;nivå;analys\nG9;2024;Uppfyllt;T\n",
        );
        let files: Vec<&str> = both.lines().map(|l| l.split(':').next().unwrap()).collect();
        assert_eq!(files, ["malvarden.csv", "utfall.csv", "bedomningar.csv"], "{both}");
        // The same indicator and period twice: which one is meant is not for the reader to guess.
        assert_eq!(
            e(ok_t, "indikator;period;totalt\nSJUK;2024;1\nSJUK;2024-03;2\nSJUK;2024;3\n", ok_a),
            "utfall.csv:4: fält \"period\": utfallet för SJUK 2024 finns redan på rad 2 och får bara förekomma en gång"
        );
    }
}
