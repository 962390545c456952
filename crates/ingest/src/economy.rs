//! A year's economy files, and budget files (CSV or XLSX):
//!
//! | file | columns |
//! |---|---|
//! | `ekonomi.csv` | `skala;decimaler;teckenkonvention;summa_av_avrundade;god_foljsamhet_procent`, optionally `netto_fg_ar` (kr) and `foljsamhet_fg_ar` (per cent, last year's total) — one row |
//! | `driftrader.csv` | `nyckel;namn;avvikelse_fg_ar`, optionally `foljsamhet_fg_ar` (per cent, as last year's report printed it) and `enhet` (the unit, key or name, whose head enters the row's forecasts) — the drift table's rows |
//! | `mappning.csv` | `konto_från;konto_till;dimension;objekt;rad;kategori` — ledger rows to drift rows |
//! | `budget.csv` / `.xlsx` | `rad;kategori;månad;belopp` — month 0 = the whole year |
//! | `ramprotokoll.csv` | `kategori;beslut;belopp` |
//! | `bidrag.csv` | `namn;ansökt;beviljat;not`, optionally `verksamhet` |
//! | `prognoser.csv` | `rad;månad;typ;belopp`, optionally `kommentar` (what the forecast rests on) — typ avvikelse or årsnetto |
//! | `atgardsplan.csv` | `åtgärd;status;datum;ansvarig;år;planerad;prognos_utfall` — one row per measure and year |
//! | `investeringar.csv` | `projekt;kategori;utfall;budget;totalt_utfall;total_budget;ombudgetering` |
//! | `delrader.csv` | `rad;namn;utfall;budget` — parts of a drift row reported on their own, net in kronor (income positive, costs negative) |
//! | `driftresultat.csv` | `år;slag;utfall;budget` — driftresultat per slag: the parts of the costs (`personalkostnader`, `kapitalkostnader`, …) and the totals (`intäkter`, `kostnader`) of a year whose drift table is not in Årshjul, such as last year's bokslut |
//! | `kontotyper.csv` | `kontotyp;kategori;i_år;i_fjol` — outcome per account type this year and last, kategori intäkt, kostnad or finansiell; an empty amount is none |
//! | `beloppslistor.csv` | `lista;namn;belopp;verksamhet` — named lists of amounts per verksamhet a report prints as tables (tilläggsanslag, intäkter från Migrationsverket) |
//! | `volymer.csv` | `serie;enhet;år;värde;budget;not` — verksamhetsstatistik, one row per series and year |
//! | `utfall.csv` | `rad;kategori;månad;belopp` — the outcome per drift row where there is no SIE ledger |
//!
//! Amounts are kronor (`-35500000`, `1 234,50`); income positive, costs negative, as tables print them.

use crate::Error;
use crate::table::{Record, Table};
use domain::economy::*;
use domain::goals::Measure;
use domain::money::{Ore, Scale};

pub use crate::File;

fn kr(r: &Record<'_>, col: &str) -> Result<Ore, Error> {
    r.parse(col, "ett belopp i kronor som -1 300 000 eller 1 234,50", Ore::parse_kr)
}

/// The `rad` column: the key of one of the year's drift rows.
fn drift_row(r: &Record<'_>, rows: &[RowDef]) -> Result<String, Error> {
    let row = r.required("rad")?;
    if !rows.iter().any(|x| x.key == row) {
        let keys = rows.iter().map(|x| x.key.as_str()).collect::<Vec<_>>().join(", ");
        return Err(r.error("rad", format!("ska vara nyckeln till en driftrad ({keys}), inte \"{row}\"")));
    }
    Ok(row.to_string())
}

fn opt_kr(r: &Record<'_>, col: &str) -> Result<Option<Ore>, Error> {
    if r.get(col).is_empty() { Ok(None) } else { kr(r, col).map(Some) }
}

fn opt_pct(r: &crate::table::Record<'_>, col: &str) -> Result<Option<Measure>, Error> {
    match r.get(col) {
        "" => Ok(None),
        v => Measure::parse_sv(v.trim_end_matches('%').trim())
            .map(Some)
            .ok_or_else(|| r.error(col, format!("ska vara en procentsats som −0,5, inte \"{v}\""))),
    }
}

/// `ekonomi.csv`.
pub fn read_config((f, b): File<'_>) -> Result<EconomyConfig, Error> {
    let t = Table::parse(f, b, &["skala", "decimaler", "teckenkonvention"])?;
    let r = t.single("presentationsinställningarna")?;
    Ok(EconomyConfig {
        scale: r.parse("skala", "kr, tkr eller mkr", Scale::parse)?,
        decimals: r.parse("decimaler", "0–2", |v| v.parse().ok().filter(|d| *d <= 2))?,
        // The drift table compares the outcome with the budget: "prognos − budget" is a forecast
        // table's, and would head outcome − budget with the wrong name.
        convention: r.parse("teckenkonvention", "utfall-budget eller budget-utfall", |v| {
            SignConvention::parse(v).filter(|c| *c != SignConvention::ForecastMinusBudget)
        })?,
        total_of_rounded: r.flag("summa_av_avrundade")?,
        good_compliance: match r.get("god_foljsamhet_procent") {
            "" => Measure::from_int(1),
            _ => r.parse("god_foljsamhet_procent", "en procentsats som 1,0", Measure::parse_sv)?,
        },
        prior_net: opt_kr(&r, "netto_fg_ar")?,
        prior_compliance: opt_pct(&r, "foljsamhet_fg_ar")?,
        prior_follows_last_year: false,
    })
}

/// `driftrader.csv`. `unknown_unit` says why a row's unit (whose head enters its forecasts) is
/// not one of the organisation's (`None` when it is).
pub fn read_rows((f, b): File<'_>, unknown_unit: &dyn Fn(&str) -> Option<String>) -> Result<Vec<RowDef>, Error> {
    let t = Table::parse(f, b, &["nyckel", "namn"])?;
    let mut out: Vec<RowDef> = Vec::new();
    t.each(|r| {
        let key = r.required("nyckel")?.to_string();
        if out.iter().any(|x| x.key == key) {
            return Err(r.error("nyckel", format!("nyckeln \"{key}\" används två gånger")));
        }
        out.push(RowDef {
            key,
            label: r.required("namn")?.into(),
            prior_deviation: opt_kr(&r, "avvikelse_fg_ar")?,
            prior_compliance: opt_pct(&r, "foljsamhet_fg_ar")?,
            unit: match r.get("enhet").trim() {
                "" => None,
                u => match unknown_unit(u) {
                    Some(why) => return Err(r.error("enhet", why)),
                    None => Some(u.to_string()),
                },
            },
        });
        Ok(())
    })?;
    Ok(out)
}

/// `mappning.csv`; every target row must be one of `rows`.
pub fn read_mapping((f, b): File<'_>, rows: &[RowDef]) -> Result<Mapping, Error> {
    let t = Table::parse(f, b, &["konto_från", "konto_till", "rad", "kategori"])?;
    let mut rules = Vec::new();
    t.each(|r| {
        let account = |col: &str| r.parse(col, "ett kontonummer", |v| v.parse::<u32>().ok());
        let (from, to) = (account("konto_från")?, account("konto_till")?);
        let object = match (r.get("dimension"), r.get("objekt")) {
            ("", "") => None,
            (_, "") => return Err(r.error("objekt", "saknas: ange objektet i dimensionen, eller lämna båda tomma för alla objekt")),
            ("", _) => return Err(r.error("dimension", "saknas: ange objektets dimension, eller lämna båda tomma för alla objekt")),
            (d, o) => Some((r.parse("dimension", "ett dimensionsnummer", |_| d.parse::<u32>().ok())?, o.to_string())),
        };
        let row = r.required("rad")?.to_string();
        if !rows.iter().any(|x| x.key == row) {
            let keys: Vec<&str> = rows.iter().map(|x| x.key.as_str()).collect();
            return Err(r.error("rad", format!("ska vara nyckeln till en av årets verksamheter ({}), inte «{row}»", keys.join(", "))));
        }
        let rule = MappingRule {
            account_from: from,
            account_to: to,
            object,
            unit: row,
            category: r.parse("kategori", "intäkt eller kostnad", Category::parse)?,
        };
        if let Some((field, why)) = rule.account_problem() {
            return Err(r.error(field, why));
        }
        rules.push(rule);
        Ok(())
    })?;
    Ok(Mapping { rules })
}

/// Budget lines from a CSV or XLSX file.
pub fn read_budget(name: &str, bytes: &[u8], rows: &[RowDef]) -> Result<Vec<BudgetLine>, Error> {
    Ok(read_budget_at(name, bytes, rows)?.into_iter().map(|(l, _)| l).collect())
}

/// [`read_budget`], each line with the line of the file it stood on.
pub fn read_budget_at(name: &str, bytes: &[u8], rows: &[RowDef]) -> Result<Vec<(BudgetLine, u64)>, Error> {
    let cols = &["rad", "kategori", "månad", "belopp"];
    let t = if name.to_lowercase().ends_with(".xlsx") {
        crate::xlsx::first_sheet(name, bytes, cols)?
    } else {
        Table::parse(name, bytes, cols)?
    };
    let mut out = Vec::new();
    let mut seen = crate::table::Seen::default();
    t.each(|r| {
        let row = drift_row(&r, rows)?;
        let category = r.parse("kategori", "intäkt eller kostnad", Category::parse)?;
        let month = r.parse("månad", "en månad 1–12, eller 0 för hela året", |v| v.parse().ok().filter(|m: &u8| *m <= 12))?;
        seen.once(&r, "rad", (row.clone(), category, month), &format!("budgeten för {row}, {}, månad {month}", r.get("kategori")))?;
        // Net = income + costs: a cost with a plus sign would be counted as income.
        let amount = kr(&r, "belopp")?;
        let sign_ok = match category {
            Category::Income => amount.ore() >= 0,
            Category::Cost => amount.ore() <= 0,
        };
        if !sign_ok {
            let (what, sign) = if category == Category::Cost { ("en kostnad", "minus") } else { ("en intäkt", "plus") };
            return Err(
                r.error("belopp", format!("{what} skrivs med {sign} (nettot är intäkter + kostnader), inte \"{}\"", r.get("belopp")))
            );
        }
        out.push((BudgetLine { row, category, month, amount }, r.line()));
        Ok(())
    })?;
    Ok(out)
}

/// `ramprotokoll.csv`.
pub fn read_frame((f, b): File<'_>) -> Result<Vec<FrameLine>, Error> {
    let t = Table::parse(f, b, &["kategori", "beslut", "belopp"])?;
    t.rows(|r| Ok(FrameLine { category: r.required("kategori")?.into(), decision: r.get("beslut").into(), amount: kr(&r, "belopp")? }))
}

/// `bidrag.csv`.
pub fn read_grants((f, b): File<'_>) -> Result<Vec<Grant>, Error> {
    let t = Table::parse(f, b, &["namn", "ansökt", "beviljat"])?;
    let mut seen = crate::table::Seen::default();
    t.rows(|r| {
        let (name, activity) = (r.required("namn")?, r.get("verksamhet"));
        let what = if activity.is_empty() { format!("statsbidraget {name}") } else { format!("statsbidraget {name} till {activity}") };
        seen.once(&r, "namn", format!("{name}\u{0}{activity}"), &what)?;
        Ok(Grant {
            name: name.into(),
            applied: opt_kr(&r, "ansökt")?,
            granted: opt_kr(&r, "beviljat")?,
            note: r.optional("not"),
            activity: activity.into(),
        })
    })
}

/// `prognoser.csv`.
pub fn read_forecasts((f, b): File<'_>, rows: &[RowDef]) -> Result<Vec<Forecast>, Error> {
    let t = Table::parse(f, b, &["rad", "månad", "typ", "belopp"])?;
    t.rows(|r| {
        let row = drift_row(&r, rows)?;
        Ok(Forecast {
            row,
            month: r.parse("månad", "en månad 1–12", |v| v.parse().ok().filter(|m: &u8| (1..=12).contains(m)))?,
            kind: r.parse("typ", "avvikelse eller årsnetto", ForecastKind::parse)?,
            amount: kr(&r, "belopp")?,
            comment: {
                // Forecasts are public: a comment names no one.
                let c = r.get("kommentar").trim().to_string();
                let named = domain::quality::looks_like_personnummer(&c);
                if !named.is_empty() {
                    return Err(r.error("kommentar", format!("liknar ett personnummer ({}); prognoserna är offentliga", named.join(", "))));
                }
                c
            },
        })
    })
}

/// `atgardsplan.csv`: rows with the same measure (name, status, date, responsible) are its years.
pub fn read_action_plan((f, b): File<'_>) -> Result<Vec<ActionMeasure>, Error> {
    let t = Table::parse(f, b, &["åtgärd", "status", "år", "planerad"])?;
    let mut out: Vec<ActionMeasure> = Vec::new();
    t.each(|r| {
        let name = r.required("åtgärd")?.to_string();
        let status = r.parse("status", "pågående eller förslag", MeasureStatus::parse)?;
        let date = r.opt_date("datum")?;
        let responsible = r.get("ansvarig").to_string();
        let effect = YearEffect {
            year: r.parse("år", "ett år som 2023", |v| v.parse().ok().filter(|y| (1900..=2200).contains(y)))?,
            planned: kr(&r, "planerad")?,
            realised: opt_kr(&r, "prognos_utfall")?,
        };
        match out.iter_mut().find(|m| m.name == name && m.status == status && m.date == date && m.responsible == responsible) {
            Some(m) => m.effects.push(effect),
            None => out.push(ActionMeasure { name, status, date, responsible, effects: vec![effect] }),
        }
        Ok(())
    })?;
    Ok(out)
}

/// `delrader.csv`: `rad;namn;utfall;budget`, the parts of drift rows reported on their own.
pub fn read_subrows((f, b): File<'_>, rows: &[RowDef]) -> Result<Vec<SubRow>, Error> {
    let t = Table::parse(f, b, &["rad", "namn", "utfall", "budget"])?;
    t.rows(|r| {
        Ok(SubRow {
            parent: drift_row(&r, rows)?,
            label: r.required("namn")?.into(),
            outcome: kr(&r, "utfall")?,
            budget: kr(&r, "budget")?,
        })
    })
}

/// `driftresultat.csv`: `år;slag;utfall;budget` (either amount may be empty); one line per
/// year and slag.
pub fn read_result_lines((f, b): File<'_>) -> Result<Vec<ResultLine>, Error> {
    let t = Table::parse(f, b, &["år", "slag", "utfall", "budget"])?;
    let mut out: Vec<ResultLine> = Vec::new();
    t.each(|r| {
        let kind = r.parse("slag", "intäkter, kostnader eller namnet på en del av kostnaderna", ResultKind::parse)?;
        let amount = |col: &str| -> Result<Option<Ore>, Error> {
            let v = opt_kr(&r, col)?;
            if v.is_some_and(|v| !kind.signed_as(v)) {
                let sign = if kind == ResultKind::Income { "positivt (intäkter)" } else { "negativt (kostnader)" };
                return Err(r.error(col, format!("ska vara {sign}, inte \"{}\"", r.get(col))));
            }
            Ok(v)
        };
        let line = ResultLine {
            year: r.parse("år", "ett år som 2024", |v| v.parse().ok().filter(|y| (1900..=2200).contains(y)))?,
            outcome: amount("utfall")?,
            budget: amount("budget")?,
            kind,
        };
        if out.iter().any(|l| l.year == line.year && l.kind == line.kind) {
            return Err(r.error("slag", format!("finns redan för {}: en rad per år och slag", line.year)));
        }
        out.push(line);
        Ok(())
    })?;
    Ok(out)
}

/// `kontotyper.csv`: `kontotyp;kategori;i_år;i_fjol`.
pub fn read_account_types((f, b): File<'_>) -> Result<Vec<AccountTypeLine>, Error> {
    let t = Table::parse(f, b, &["kontotyp", "kategori", "i_år", "i_fjol"])?;
    t.rows(|r| {
        Ok(AccountTypeLine {
            label: r.required("kontotyp")?.into(),
            group: r.parse("kategori", "intäkt, kostnad eller finansiell", AccountGroup::parse)?,
            this_year: opt_kr(&r, "i_år")?,
            last_year: opt_kr(&r, "i_fjol")?,
        })
    })
}

/// `beloppslistor.csv`: `lista;namn;belopp;verksamhet`.
pub fn read_amount_lines((f, b): File<'_>) -> Result<Vec<AmountLine>, Error> {
    let t = Table::parse(f, b, &["lista", "namn", "belopp"])?;
    t.rows(|r| {
        Ok(AmountLine {
            list: r.required("lista")?.into(),
            name: r.required("namn")?.into(),
            amount: kr(&r, "belopp")?,
            activity: r.get("verksamhet").into(),
        })
    })
}

/// `volymer.csv`: `serie;enhet;år;värde;budget;not`.
pub fn read_volumes((f, b): File<'_>) -> Result<Vec<VolumeValue>, Error> {
    let t = Table::parse(f, b, &["serie", "år", "värde"])?;
    let mut seen = crate::table::Seen::default();
    t.rows(|r| {
        let m = |col: &str| -> Result<Option<Measure>, Error> {
            match r.get(col) {
                "" => Ok(None),
                v => r.parse(col, "ett tal som 95077 eller 3,5", |_| Measure::parse_sv(v)).map(Some),
            }
        };
        let series = r.required("serie")?;
        let year: i32 = r.parse("år", "ett år som 2024", |v| v.parse().ok().filter(|y| (1900..=2200).contains(y)))?;
        // One value per series and year: a second would hide the first.
        seen.once(&r, "år", format!("{series}\u{0}{year}"), &format!("{series} {year}"))?;
        Ok(VolumeValue {
            series: series.into(),
            unit: r.get("enhet").into(),
            year,
            value: m("värde")?.ok_or_else(|| r.error("värde", "saknar värde"))?,
            budget: m("budget")?,
            note: r.optional("not"),
        })
    })
}

/// `investeringar.csv`.
pub fn read_investments((f, b): File<'_>) -> Result<Vec<Investment>, Error> {
    let t = Table::parse(f, b, &["projekt", "utfall", "budget"])?;
    t.rows(|r| {
        // Kronor: an amount under a thousand is millions written as kronor ("−0,8" for −0,8 mkr),
        // which would pass as 80 öre.
        let amount = |col: &str| -> Result<Option<Ore>, Error> {
            match opt_kr(&r, col)? {
                Some(v) if v.ore() != 0 && v.ore().abs() < 100_000 => Err(r.error(
                    col,
                    format!("«{}» är {v}, för litet för en investering: beloppen skrivs i kronor (−800 000 för −0,8 mkr)", r.get(col)),
                )),
                v => Ok(v),
            }
        };
        // Outflows are negative (Återstår = totalt utfall − total budget is money left): a
        // positive budget is a table written with the other sign, whose every figure would turn.
        let outflow = |col: &str| -> Result<Option<Ore>, Error> {
            match amount(col)? {
                Some(v) if v.ore() > 0 => {
                    Err(r
                        .error(col, format!("ska vara negativ: budgeten är en utgift och skrivs med minus, som utfallet (−{v}, inte {v})")))
                }
                v => Ok(v),
            }
        };
        let outcome = kr(&r, "utfall").and_then(|_| amount("utfall"))?.unwrap_or(Ore::ZERO);
        let budget = kr(&r, "budget").and_then(|_| outflow("budget"))?.unwrap_or(Ore::ZERO);
        Ok(Investment {
            project: r.required("projekt")?.into(),
            category: r.get("kategori").into(),
            outcome,
            budget,
            cumulative_outcome: amount("totalt_utfall")?.unwrap_or(outcome),
            cumulative_budget: outflow("total_budget")?.unwrap_or(budget),
            carry_over: amount("ombudgetering")?,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<RowDef> {
        read_rows(
            ("driftrader.csv", "nyckel;namn;avvikelse_fg_ar\nIFO;Individ och familjeomsorg;21300000\nAO;Äldreomsorg;\n".as_bytes()),
            &|_| None,
        )
        .unwrap()
    }

    #[test]
    fn reads_config_rows_mapping_and_budget() {
        let c = read_config((
            "ekonomi.csv",
            b"skala;decimaler;teckenkonvention;summa_av_avrundade;god_foljsamhet_procent\nmkr;1;utfall-budget;nej;1,0\n",
        ))
        .unwrap();
        assert_eq!((c.scale, c.decimals, c.convention, c.total_of_rounded), (Scale::Mkr, 1, SignConvention::OutcomeMinusBudget, false));
        let r = rows();
        assert_eq!(r[0].prior_deviation, Some(Ore::from_kr(21_300_000)));
        let m = read_mapping(
            ("mappning.csv", "konto_från;konto_till;dimension;objekt;rad;kategori\n3000;3999;1;IFO;IFO;intäkt\n".as_bytes()),
            &r,
        )
        .unwrap();
        assert_eq!(m.classify(3510, &[(1, "IFO".into())]), Some(("IFO", Category::Income)));
        let err =
            read_mapping(("mappning.csv", "konto_från;konto_till;dimension;objekt;rad;kategori\n3000;3999;1;X;XX;intäkt\n".as_bytes()), &r)
                .unwrap_err();
        assert_eq!(err.to_string(), "mappning.csv:2: fält \"rad\": ska vara nyckeln till en av årets verksamheter (IFO, AO), inte «XX»");
        let refused = |line: &str| {
            read_mapping(("mappning.csv", format!("konto_från;konto_till;dimension;objekt;rad;kategori\n{line}\n").as_bytes()), &r)
                .unwrap_err()
                .to_string()
        };
        assert!(refused("4000;7999;1;;IFO;kostnad").contains("fält \"objekt\": saknas"));
        assert!(refused("4000;7999;;IFO;IFO;kostnad").contains("fält \"dimension\": saknas"));
        assert!(refused("1000;1999;;;IFO;kostnad").contains("fält \"konto_från\": ska vara ett resultatkonto (klass 3–8), inte 1000"));
        assert!(refused("4000;59999;;;IFO;kostnad").contains("fält \"konto_till\": ska ha lika många siffror som 4000"));
        // Kommun-Bas: income accounts as income, cost accounts as costs, never both in one rule.
        assert!(refused("3000;3999;;;IFO;kostnad").contains("fält \"kategori\": 3000–3999 är intäktskonton (klass 3)"));
        assert!(refused("4000;7999;;;IFO;intäkt").contains("fält \"kategori\": 4000–7999 är kostnadskonton (klass 4–7)"));
        assert!(refused("3000;4999;;;IFO;intäkt").contains("fält \"konto_till\": 3000–4999 tar både intäktskonton"));
        for financial in ["8000;8999;;;IFO;kostnad", "8000;8999;;;IFO;intäkt"] {
            assert!(
                read_mapping(
                    ("mappning.csv", format!("konto_från;konto_till;dimension;objekt;rad;kategori\n{financial}\n").as_bytes()),
                    &r
                )
                .is_ok()
            );
        }
        assert!(
            read_mapping(
                ("mappning.csv", "konto_från;konto_till;dimension;objekt;rad;kategori\n45000;45999;;;IFO;kostnad\n".as_bytes()),
                &r
            )
            .is_ok()
        );
        let b = read_budget("budget.csv", "rad;kategori;månad;belopp\nIFO;kostnad;0;-115 900 000\n".as_bytes(), &r).unwrap();
        assert_eq!(b[0].amount, Ore::from_kr(-115_900_000));
        assert!(
            read_budget("budget.csv", "rad;kategori;månad;belopp\nIFO;kostnad;13;1\n".as_bytes(), &r)
                .unwrap_err()
                .to_string()
                .contains("fält \"månad\"")
        );
        let err = read_budget("budget.csv", "rad;kategori;månad;belopp\nIFO;kostnad;0;115 900 000\n".as_bytes(), &r).unwrap_err();
        assert_eq!(
            err.to_string(),
            "budget.csv:2: fält \"belopp\": en kostnad skrivs med minus (nettot är intäkter + kostnader), inte \"115 900 000\""
        );
        let err = read_budget("budget.csv", "rad;kategori;månad;belopp\nIFO;intäkt;0;-5\n".as_bytes(), &r).unwrap_err();
        assert!(err.to_string().contains("en intäkt skrivs med plus"), "{err}");
        let err = read_budget("budget.csv", "rad;kategori;månad;belopp\nIFO;kostnad;0;-1\n# ändrad\nIFO;kostnad;0;-2\n".as_bytes(), &r)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "budget.csv:4: fält \"rad\": budgeten för IFO, kostnad, månad 0 finns redan på rad 2 och får bara förekomma en gång"
        );
    }

    /// One value per series and year: a second row for the same would hide the first.
    #[test]
    fn an_investment_budget_is_an_outflow() {
        let f = "projekt;utfall;budget;total_budget\nIT;-65 000;-100 000;\nMöbler;-417000;350000;\nLokaler;-100 000;-100 000;2 000 000\n";
        let e = read_investments(("i.csv", f.as_bytes())).unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("budget")), "{e}");
        assert!(e.message.contains("ska vara negativ") && e.message.contains("inte 350\u{a0}000,00"), "{e}");
        assert_eq!((e.others[0].line, e.others[0].field.as_deref()), (Some(4), Some("total_budget")), "{e}");
        let ok = read_investments(("i.csv", "projekt;utfall;budget\nIT;12 000;0\n".as_bytes())).unwrap();
        assert_eq!(ok[0].outcome.ore(), 1_200_000, "an outcome may be an inflow (a grant booked on the project)");
        // Millions written where kronor are asked for.
        let e = read_investments(("i.csv", "projekt;utfall;budget\nIT;-0,8;-1 000 000\n".as_bytes())).unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("utfall")), "{e}");
        assert!(e.message.contains("«-0,8» är") && e.message.contains("skrivs i kronor"), "{e}");
    }

    #[test]
    fn a_volume_series_has_one_value_a_year() {
        let f = "serie;år;värde\nBeviljade timmar;2022;87 424\nBeviljade timmar;2023;90 782\n";
        assert_eq!(read_volumes(("v.csv", f.as_bytes())).unwrap().len(), 2);
        let twice = f.replace(";2023;", ";2022;");
        let e = read_volumes(("v.csv", twice.as_bytes())).unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("år")), "{e}");
        assert!(e.message.starts_with("Beviljade timmar 2022 finns redan på rad 2"), "{e}");
    }

    #[test]
    fn reads_result_lines_and_names_a_bad_line() {
        let f = "år;slag;utfall;budget\n2024;personalkostnader;-281 924 000;-267414000\n2023;intäkter;72287000;\n";
        let l = read_result_lines(("driftresultat.csv", f.as_bytes())).unwrap();
        assert_eq!(l[0].kind, ResultKind::CostPart("personalkostnader".into()));
        assert_eq!((l[0].outcome, l[0].budget), (Some(Ore::from_kr(-281_924_000)), Some(Ore::from_kr(-267_414_000))));
        assert_eq!((l[1].year, &l[1].kind, l[1].budget), (2023, &ResultKind::Income, None));
        let err =
            read_result_lines(("driftresultat.csv", "år;slag;utfall;budget\n2024;intäkter;1;\n2024;Intäkter;2;\n".as_bytes())).unwrap_err();
        assert_eq!(err.to_string(), "driftresultat.csv:3: fält \"slag\": finns redan för 2024: en rad per år och slag");
        let err = read_result_lines(("driftresultat.csv", "år;slag;utfall;budget\n2024;Varav Kapitalkostnader;2108000;\n".as_bytes()))
            .unwrap_err();
        assert_eq!(err.to_string(), "driftresultat.csv:2: fält \"utfall\": ska vara negativt (kostnader), inte \"2108000\"");
        let parts =
            read_result_lines(("driftresultat.csv", "år;slag;utfall;budget\n2024;Varav Kapitalkostnader;-1;\n".as_bytes())).unwrap();
        assert_eq!(parts[0].kind, ResultKind::CostPart("kapitalkostnader".into()));
        let err = read_result_lines(("driftresultat.csv", "år;slag;utfall;budget\n2024;intäkter;12 tkr;\n".as_bytes())).unwrap_err();
        assert!(err.to_string().starts_with("driftresultat.csv:2: fält \"utfall\": ska vara ett belopp i kronor"), "{err}");
    }

    #[test]
    fn reads_account_types() {
        let f = "kontotyp;kategori;i_år;i_fjol\nIntäkter konto 39;intäkt;;694000\nFinansiella poster;finansiell;-60000;-115000\n";
        let l = read_account_types(("kontotyper.csv", f.as_bytes())).unwrap();
        assert_eq!((l[0].group, l[0].this_year, l[0].last_year), (AccountGroup::Income, None, Some(Ore::from_kr(694_000))));
        assert_eq!(l[1].group, AccountGroup::Financial);
        let err = read_account_types(("kontotyper.csv", "kontotyp;kategori;i_år;i_fjol\nX;övrigt;1;1\n".as_bytes())).unwrap_err();
        assert_eq!(err.to_string(), "kontotyper.csv:2: fält \"kategori\": ska vara intäkt, kostnad eller finansiell, inte \"övrigt\"");
    }

    #[test]
    fn reads_amount_lists() {
        let f = "lista;namn;belopp;verksamhet\nTilläggsanslag;Bemöta kriminalitet;2 100 000;Barn och unga (73)\n";
        let l = read_amount_lines(("beloppslistor.csv", f.as_bytes())).unwrap();
        assert_eq!(
            (l[0].list.as_str(), l[0].amount, l[0].activity.as_str()),
            ("Tilläggsanslag", Ore::from_kr(2_100_000), "Barn och unga (73)")
        );
        let err = read_amount_lines(("beloppslistor.csv", "lista;namn;belopp\nX;Y;2,1 mkr\n".as_bytes())).unwrap_err();
        assert!(err.to_string().starts_with("beloppslistor.csv:2: fält \"belopp\""), "{err}");
    }

    #[test]
    fn groups_action_plan_years() {
        let plan = read_action_plan((
            "atgardsplan.csv",
            "åtgärd;status;datum;ansvarig;år;planerad;prognos_utfall\nA;pågående;2023-05-22;Chef;2023;-500000;-530000\nA;pågående;2023-05-22;Chef;2024;-840000;\nB;förslag;;;2024;-3300000;\n".as_bytes(),
        ))
        .unwrap();
        assert_eq!(plan.len(), 2);
        assert_eq!((plan[0].planned_total(), plan[0].realised_total()), (Ore::from_kr(-1_340_000), Ore::from_kr(-530_000)));
        assert_eq!(plan[1].status, MeasureStatus::Proposed);
    }
}
