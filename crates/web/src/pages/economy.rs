//! Economic follow-up: the drift table with deviation symbols and drill-down to the ledger,
//! budget compliance, forecast accuracy, frame, grants, action plan and investments; import of
//! the ledger (SIE) and the budget; forecast entry; publication.

use super::grid::{self, GridPage};
use super::{actor, municipality_or_404, render};
use crate::AppState;
use crate::access::Who;
use crate::auth::AuthSession;
use crate::error::AppError;
use crate::shell::Shell;
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::economy::*;
use domain::money::{Ore, Scale};
use domain::org::Municipality;
use domain::period::MONTHS_SV;
use serde::Deserialize;

/// Roles that change economy data.
pub const WRITERS: &[domain::role::Role] = &[domain::role::Role::Admin, domain::role::Role::Controller];

pub(crate) struct Year {
    pub(crate) m: Municipality,
    pub(crate) setup: store::economy::Setup,
    pub(crate) table: DriftTable,
    pub(crate) published: bool,
    pub(crate) may_write: bool,
    pub(crate) staff: bool,
}

/// The drift rows (keys) the viewer enters forecasts for: every row for those who write the
/// economy, a head of unit's own rows (those of the unit the account is tied to, or of units
/// under it: `RowDef::answered_by`), none for anyone else.
pub(crate) async fn rows_forecast_by(state: &AppState, auth: &AuthSession, y: &Year) -> Result<Vec<String>, AppError> {
    if y.may_write {
        return Ok(y.setup.rows.iter().map(|r| r.key.clone()).collect());
    }
    let Some(unit) = super::own_unit(auth).filter(|_| y.staff) else { return Ok(Vec::new()) };
    let org = store::org::organisation(&state.store, y.m.code.as_str()).await?;
    Ok(y.setup.rows.iter().filter(|r| r.answered_by(&unit, &org)).map(|r| r.key.clone()).collect())
}

pub(crate) async fn year_data(state: &AppState, auth: &AuthSession, code: &str, year: i32) -> Result<Year, AppError> {
    let m = municipality_or_404(state, code).await?;
    let not_found = || AppError::not_found(format!("{} har ingen publicerad ekonomisk uppföljning för {year}.", m.name));
    let Some(setup) = store::economy::setup(&state.store, code, year).await? else {
        // The municipality's own staff are told how a year comes about.
        if Who::of(auth).belongs_to(code) {
            return Err(AppError::not_found(format!(
                "{} har ingen ekonomisk uppföljning för {year} ännu. En controller lägger upp den från föregående år på sidan Ekonomi.",
                m.name
            )));
        }
        return Err(not_found());
    };
    let published = store::economy::is_published(&state.store, code, year).await?;
    let who = Who::of(auth);
    let staff = who.belongs_to(code);
    if !published && !staff {
        return Err(not_found());
    }
    let table = store::economy::drift_table(&state.store, code, year).await?.ok_or_else(not_found)?;
    let may_write = staff && WRITERS.contains(&who.role);
    Ok(Year { m, setup, table, published, may_write, staff })
}

/// A cell as shown: text, optional symbol for deviations, optional drill-down link.
pub struct Cell {
    text: String,
    symbol: Option<(&'static str, &'static str)>,
    href: Option<String>,
}

fn deviation_symbol(v: Ore, shown: &str) -> Option<(&'static str, &'static str)> {
    if shown.trim_start_matches('−') == "0,0" || shown == "0" || v.ore() == 0 {
        Some(("●", "i balans"))
    } else if v.ore() > 0 {
        Some(("▲", "överskott"))
    } else {
        Some(("▼", "underskott"))
    }
}

/// Where a drift cell opens to what it sums: the ledger rows behind an outcome cell, the budget
/// lines behind a budget cell (`to` is the interim month's `&manad=`, or empty).
fn cell_link(base: &str, row: Option<&str>, col: DriftColumn, to: &str) -> Option<String> {
    let page = if col.from_ledger() {
        "huvudbok"
    } else if col.from_budget() {
        "budgetrader"
    } else {
        return None;
    };
    let row = row.map(|r| format!("rad={}&", crate::auth::encode_query(r))).unwrap_or_default();
    Some(format!("{base}/{page}?{row}kolumn={}{to}", col.key()))
}

struct DriftRowView {
    label: String,
    cells: Vec<Cell>,
    total: bool,
}

/// The drift table's columns: the prior year's deviation where some row has one, and not for
/// an interim period (a whole year's figure beside part of this one's).
fn drift_columns(t: &DriftTable, month: Option<u8>) -> Vec<DriftColumn> {
    let prior = month.is_none() && t.rows.iter().any(|r| r.prior_deviation.is_some());
    DriftColumn::ALL.into_iter().filter(|c| prior || *c != DriftColumn::PriorDeviation).collect()
}

/// The drift table's rows as shown; `month` is the interim period's last month (the links to
/// the ledger rows then stop at its end).
fn drift_rows(y: &Year, t: &DriftTable, base: &str, month: Option<u8>) -> Vec<DriftRowView> {
    let to = month.map(|m| format!("&manad={m}")).unwrap_or_default();
    let columns = drift_columns(t, month);
    let mut out: Vec<DriftRowView> = t
        .rows
        .iter()
        .map(|r| DriftRowView {
            label: r.label.clone(),
            total: false,
            cells: columns
                .iter()
                .map(|&col| {
                    let v = r.cell(col, t.convention);
                    let text = v.map(|v| t.present(v)).unwrap_or_default();
                    let symbol = match (col, v) {
                        (DriftColumn::Deviation | DriftColumn::PriorDeviation, Some(v)) => deviation_symbol(v, &text),
                        _ => None,
                    };
                    let href = y.staff.then(|| cell_link(base, Some(&r.key), col, &to)).flatten();
                    Cell { text, symbol, href }
                })
                .collect(),
        })
        .collect();
    out.push(DriftRowView {
        label: "Summa".into(),
        total: true,
        cells: columns
            .iter()
            .map(|&col| {
                let text = t.present_total(col).unwrap_or_default();
                let symbol = match (col, t.total(col)) {
                    (DriftColumn::Deviation | DriftColumn::PriorDeviation, Some(v)) => deviation_symbol(v, &text),
                    _ => None,
                };
                let href = y.staff.then(|| cell_link(base, None, col, &to)).flatten();
                Cell { text, symbol, href }
            })
            .collect(),
    });
    out
}

#[derive(Template)]
#[template(path = "economy/index.html")]
struct IndexPage {
    shell: Shell,
    code: String,
    years: Vec<(i32, bool)>,
    /// The newest year, when the viewer may start the next from it.
    next: Option<i32>,
}

/// GET /k/{kommun}/ekonomi
pub async fn index(State(state): State<AppState>, auth: AuthSession, Path(code): Path<String>) -> Result<Html<String>, AppError> {
    let m = municipality_or_404(&state, &code).await?;
    let staff = Who::of(&auth).belongs_to(&code);
    let mut years = Vec::new();
    for y in store::economy::years(&state.store, &code).await? {
        let p = store::economy::is_published(&state.store, &code, y).await?;
        if p || staff {
            years.push((y, p));
        }
    }
    // The newest year can start the next, for those who write the economy.
    let who = Who::of(&auth);
    let next = years.first().map(|(y, _)| *y).filter(|_| staff && WRITERS.contains(&who.role));
    render(IndexPage { shell: Shell::new("Ekonomi", &auth, Some(&m)).at(&format!("/k/{code}/ekonomi")), code, years, next })
}

struct ComplianceRow {
    label: String,
    pct: String,
    good: bool,
}

struct ForecastRow {
    label: String,
    values: Vec<String>,
    outcome: String,
}

struct MeasureRow {
    name: String,
    date: String,
    responsible: String,
    cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "economy/year.html")]
struct YearPage {
    shell: Shell,
    base: String,
    year: i32,
    unit: &'static str,
    convention: &'static str,
    /// The drift table's totals are the sums of its rounded rows (as the municipality prints them).
    drift_sums_rounded: bool,
    published: bool,
    may_write: bool,
    /// May read the import history (the auditor).
    may_read_imports: bool,
    staff: bool,
    /// The year has a ledger / a budget read in.
    has_ledger: bool,
    has_budget: bool,
    headings: Vec<&'static str>,
    rows: Vec<DriftRowView>,
    deviation_svg: String,
    compliance: Vec<ComplianceRow>,
    threshold: String,
    forecast_months: Vec<String>,
    forecasts: Vec<ForecastRow>,
    forecast_errors: Vec<String>,
    /// Months some rows have no forecast for, said in words.
    forecast_gaps: Vec<String>,
    /// An edited table just saved, said in words.
    saved_table: Option<String>,
    /// The forecast form is open (a month asked for, or a refused entry).
    entry_open: bool,
    /// The drift table's period ("2023", "januari–augusti 2023") and its last month when not
    /// the whole year.
    period: String,
    month: Option<u8>,
    /// The ledger's last month, when the page shows the year to it because none was asked for.
    ledger_to: Option<String>,
    /// The ledger's last month, when the whole year is shown but the ledger stops before
    /// December: the outcome is not the year's.
    ledger_short: Option<String>,
    forecast_svg: String,
    frame: Vec<(String, String, String, bool)>,
    frame_total: String,
    frame_matches: bool,
    grants: Vec<(String, String, String, String)>,
    grants_total: (String, String),
    /// Some grant has an amount applied for (else the column is left out, not summed to 0).
    grants_applied: bool,
    measures: Vec<(&'static str, Vec<MeasureRow>)>,
    measure_years: Vec<i32>,
    measure_totals: Vec<String>,
    investments: Vec<(String, Vec<String>, String, bool)>,
    investment_totals: Vec<String>,
    unmapped: usize,
    volume_years: Vec<i32>,
    /// The year's volume budget is shown as a last column.
    volume_budget: bool,
    volumes: Vec<(String, String, Vec<String>, String)>,
    /// (key, label, value, refused): the forecast form's rows.
    entry_rows: Vec<EntryRow>,
    /// What the forecasts rest on: (month, [(verksamhet, comment)]), the newest month first.
    forecast_comments: Vec<(String, Vec<(String, String)>)>,
    /// The viewer enters forecasts (for the rows in `entry_rows`).
    may_forecast: bool,
    /// A head of unit without rows of their own this year.
    no_forecast_rows: bool,
    /// …for some rows only: a head of unit's.
    own_rows_only: bool,
    entry_month: u8,
    /// Why the month's forecasts cannot be changed (a published report shows them), and the
    /// page of that report, where it is unpublished.
    entry_frozen: Option<String>,
    frozen_by: String,
    /// The latest published report with the year's economy.
    reported: Option<Reported>,
    entry_error: Option<String>,
    /// The refused entry was implausible only: "Spara ändå" is offered.
    entry_implausible: bool,
    /// The forecast form's months: (number, name).
    month_names: Vec<(u8, String)>,
    /// Why the period asked for has no table: its outcome is not in Årshjul (a year whose
    /// outcome was read for the whole year only), rather than zeros and the budget as surplus.
    period_missing: Option<String>,
    /// Said after a forecast was saved.
    saved: Option<String>,
}

/// The year page's query: the month whose forecast was just saved.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct YearQuery {
    prognos: Option<u8>,
    /// The drift table to the end of this month (1–11; 12 is the whole year).
    manad: Option<u8>,
    /// The forecast month whose figures the entry form shows.
    registrera: Option<u8>,
    /// An edited table just saved (`atgardsplan`, `investeringar`, `bidrag`).
    sparad: Option<String>,
}

/// What the year's page is asked to show besides the year itself.
#[derive(Default)]
struct Asked {
    /// What was just saved, said in words: a forecast, an edited table.
    saved: Option<String>,
    saved_table: Option<String>,
    /// The month whose forecast the entry form shows (else the latest).
    form_month: Option<u8>,
    /// The drift table's last month, for part of a year (`None`: as far as the ledger goes).
    drift_month: Option<u8>,
    /// The whole year was asked for, however far the ledger goes.
    whole_year: bool,
    /// A refused forecast entry.
    refused: Option<Entry>,
}

/// A refused forecast entry: the month and the values as typed, and why.
struct Entry {
    month: u8,
    /// Per row: the amount and the comment as typed.
    values: Vec<(String, String, String)>,
    /// The rows refused (every one, so that all can be mended at once) and why.
    refused: Vec<String>,
    error: String,
    /// Refused as implausible only: the form offers to save it anyway.
    implausible: bool,
}

/// A row of the forecast form.
struct EntryRow {
    key: String,
    label: String,
    value: String,
    comment: String,
    refused: bool,
}

/// GET /k/{kommun}/ekonomi/{ar}
pub async fn year(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Query(q): Query<YearQuery>,
) -> Result<Html<String>, AppError> {
    let drift_month = match q.manad {
        Some(m) if !(1..=12).contains(&m) => return Err(AppError::bad_request("Ange en månad 1–12 (manad=8 är januari–augusti).")),
        m => m.filter(|m| *m < 12),
    };
    let asked = Asked {
        saved: q.prognos.filter(|m| (1..=12).contains(m)).map(|m| format!("Prognosen för {} är sparad.", MONTHS_SV[m as usize - 1])),
        saved_table: q
            .sparad
            .as_deref()
            .and_then(|t| EDITABLE.iter().find(|(k, ..)| *k == t))
            .map(|(_, title, _)| format!("Tabellen «{title}» är sparad.")),
        // The entry form shows the chosen month's forecast (or the month just saved).
        form_month: q.registrera.or(q.prognos).filter(|m| (1..=12).contains(m)),
        drift_month,
        whole_year: q.manad == Some(12),
        refused: None,
    };
    render(year_view(&state, &auth, &code, year, asked).await?)
}

/// The year's page with what it is `asked` to show.
async fn year_view(state: &AppState, auth: &AuthSession, code: &str, year: i32, asked: Asked) -> Result<YearPage, AppError> {
    let Asked { saved, saved_table, form_month, drift_month, whole_year, refused: entry } = asked;
    let y = year_data(state, auth, code, year).await?;
    // Without a month asked for, the months the ledger has: January–August against the budget
    // for the same months, not part of a year against the whole year's budget.
    let ledger_last = store::economy::ledger_last_month(&state.store, code, year).await?.filter(|m| (1..12).contains(m));
    let ledger_to = ledger_last.filter(|_| drift_month.is_none() && !whole_year);
    let drift_month = drift_month.or(ledger_to);
    let month_name = |m: u8| MONTHS_SV[m as usize - 1].to_string();
    let base = format!("/k/{code}/ekonomi/{year}");
    let t = &y.table;
    let cfg = &y.setup.config;
    let fmt = |v: Ore| t.present(v);
    // What the year has been given yet: a year without budget or ledger shows no zeros "in
    // balance", but says what is missing.
    let has_ledger = store::economy::ledger_last_month(&state.store, code, year).await?.is_some();
    let has_budget = !store::economy::budget(&state.store, code, year).await?.is_empty();

    // Budget compliance per row and in total, with the decimals that make the figure agree
    // with the verdict beside it.
    let shown = |p: Share| format!("{}\u{a0}%", compliance_shown(p, cfg.good_compliance, 1));
    let mut compliance: Vec<ComplianceRow> = t
        .rows
        .iter()
        .filter_map(|r| {
            let p = budget_compliance(r.cell(DriftColumn::Deviation, t.convention)?, r.budget.net())?;
            Some(ComplianceRow { label: r.label.clone(), pct: shown(p), good: compliance_is_good(p, cfg.good_compliance) })
        })
        .collect();
    if let (Some(dev), Some(bn)) = (t.total(DriftColumn::Deviation), t.total(DriftColumn::BudgetNet))
        && let Some(p) = budget_compliance(dev, bn)
    {
        compliance.push(ComplianceRow { label: "Summa".into(), pct: shown(p), good: compliance_is_good(p, cfg.good_compliance) });
    }

    // Forecast accuracy: forecasts per month beside the outcome (deviation).
    let forecasts = store::economy::forecast_deviations(&state.store, code, year).await?;
    let forecast_months = domain::economy::forecast_months(&forecasts, t.rows.iter().map(|r| r.key.as_str()), None);
    let months: Vec<u8> = forecast_months.iter().map(|m| m.month).collect();
    let value = |row: &str, m: u8| forecasts.iter().find(|f| f.row == row && f.month == m).map(|f| f.amount);
    // A month every row has a forecast for: only its sum is the committee's forecast.
    let complete = |m: u8| forecast_months.iter().any(|f| f.month == m && f.complete);
    // No forecast yet: no table of outcomes beside nothing (the section says so).
    let mut forecast_rows: Vec<ForecastRow> = t
        .rows
        .iter()
        .filter(|_| !months.is_empty())
        .map(|r| ForecastRow {
            label: r.label.clone(),
            values: months.iter().map(|m| value(&r.key, *m).map(fmt).unwrap_or_else(|| "–".into())).collect(),
            outcome: r.cell(DriftColumn::Deviation, t.convention).map(fmt).unwrap_or_default(),
        })
        .collect();
    let month_total = |m: u8| forecast_months.iter().find(|f| f.month == m).map_or(Ore::ZERO, |f| f.total);
    let total_dev = t.total(DriftColumn::Deviation).unwrap_or(Ore::ZERO);
    if !months.is_empty() {
        forecast_rows.push(ForecastRow {
            label: "Summa".into(),
            // An incomplete month has no sum for the committee (the note below says which rows it lacks).
            values: months.iter().map(|m| if complete(*m) { fmt(month_total(*m)) } else { "ofullständig".into() }).collect(),
            outcome: fmt(total_dev),
        });
    }
    // The budget net in the ledger's signs (the table may print it as net cost positive): the
    // frame is its opposite.
    let frame_amount: Ore = t.rows.iter().map(|r| r.budget.net()).sum();
    let forecast_errors = months
        .iter()
        .map(|m| {
            if !complete(*m) {
                return "–".to_string();
            }
            let (e, p) = forecast_error(total_dev, month_total(*m), frame_amount);
            format!("{} ({})", fmt(e), p.map(|p| format!("{}\u{a0}% av ramen", p.present(1))).unwrap_or_default())
        })
        .collect();
    // What the forecasts rest on, month by month (the newest first), row by row.
    let forecast_comments: Vec<(String, Vec<(String, String)>)> = months
        .iter()
        .rev()
        .filter_map(|m| {
            let notes: Vec<(String, String)> = t
                .rows
                .iter()
                .filter_map(|r| {
                    let f = forecasts.iter().find(|f| f.row == r.key && f.month == *m && !f.comment.is_empty())?;
                    Some((r.label.clone(), f.comment.clone()))
                })
                .collect();
            (!notes.is_empty()).then(|| (MONTHS_SV[*m as usize - 1].to_string(), notes))
        })
        .collect();
    // The chart draws the months whose forecast is the whole committee's.
    let chart_months: Vec<u8> = months.iter().copied().filter(|m| complete(*m)).collect();
    let month_names: Vec<String> = months.iter().map(|m| domain::sv::capitalise(MONTHS_SV[*m as usize - 1])).collect();
    // A month some rows have no forecast for: its sum is not the whole committee's.
    let forecast_gaps: Vec<String> = months
        .iter()
        .filter_map(|m| {
            let missing: Vec<&str> = t.rows.iter().filter(|r| value(&r.key, *m).is_none()).map(|r| r.label.as_str()).collect();
            (!missing.is_empty()).then(|| {
                format!(
                    "Prognosen för {} saknar {}: månaden får ingen summa för nämnden förrän alla verksamheter har en prognos.",
                    MONTHS_SV[*m as usize - 1],
                    domain::sv::join_and(&missing)
                )
            })
        })
        .collect();
    let unit = cfg.scale.unit();
    let to_units = |o: Ore| o.ore() as f64 / cfg.scale.ore_per_unit() as f64;
    // The year's outcome only beside a whole year's table (as the table's Utfall column): in
    // part of the year, or with a ledger short of December, there is no outcome to draw yet.
    let outcome = drift_month.is_none().then(|| to_units(total_dev));
    let forecast_svg = if chart_months.is_empty() {
        String::new()
    } else {
        let mut labels: Vec<String> = chart_months.iter().map(|m| domain::sv::capitalise(MONTHS_SV[*m as usize - 1])).collect();
        let mut points: Vec<Option<f64>> = chart_months.iter().map(|m| Some(to_units(month_total(*m)))).collect();
        if let Some(o) = outcome {
            labels.push("Utfall".into());
            points.push(Some(o));
        }
        render::chart::line_chart(
            &render::chart::LineChart {
                title: format!("Prognoser för årets avvikelse {year}"),
                description: format!(
                    "Prognos per månad{}, {unit}: {}.",
                    if outcome.is_some() { " och utfall" } else { "" },
                    labels
                        .iter()
                        .zip(&points)
                        .map(|(l, p)| format!("{l} {}", p.map(|v| domain::sv::format_number(v, cfg.decimals)).unwrap_or_default()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                labels,
                unit: unit.into(),
                series: render::chart::forecasts_and_outcome(
                    &chart_months.iter().map(|m| to_units(month_total(*m))).collect::<Vec<_>>(),
                    outcome,
                ),
            },
            720,
            300,
        )
        .map_err(AppError::internal)?
    };
    // The chart is the year's deviation: not drawn beside part of the year.
    let deviation_svg = if drift_month.is_some() {
        String::new()
    } else {
        render::chart::bar_chart(
            &render::chart::BarChart {
                title: format!("Avvikelse mot budget per verksamhet {year}"),
                description: t
                    .rows
                    .iter()
                    .map(|r| format!("{} {}", r.label, r.cell(DriftColumn::Deviation, t.convention).map(fmt).unwrap_or_default()))
                    .collect::<Vec<_>>()
                    .join("; "),
                labels: t.rows.iter().map(|r| r.label.clone()).collect(),
                values: t.rows.iter().map(|r| r.cell(DriftColumn::Deviation, t.convention).map(to_units).unwrap_or(0.0)).collect(),
                value_labels: t.rows.iter().map(|r| r.cell(DriftColumn::Deviation, t.convention).map(fmt).unwrap_or_default()).collect(),
            },
            720,
            40 + 34 * t.rows.len() as u32,
        )
        .map_err(AppError::internal)?
    };

    // Frame (ramprotokoll): Σ = −(budget net).
    let frame = store::economy::frame(&state.store, code, year).await?;
    let frame_sum: Ore = frame.iter().map(|l| l.amount).sum();
    let frame_rows = frame
        .iter()
        .map(|l| {
            let plausible = DecisionRef::parse(&l.decision).is_none_or(|d| d.plausible_for(year));
            (l.category.clone(), l.decision.clone(), fmt(l.amount), plausible)
        })
        .collect();
    // The lines are often rounded to the table's unit: allow half a unit per line.
    let half_unit = cfg.scale.ore_per_unit() / 10i64.pow(cfg.decimals) / 2;
    let frame_matches = frame.is_empty() || (frame_sum + frame_amount).ore().abs() <= half_unit * frame.len() as i64;

    let grants = store::economy::grants(&state.store, code, year).await?;
    let g_fmt = |v: Option<Ore>| v.map(fmt).unwrap_or_default();
    let grants_total = (fmt(grants.iter().filter_map(|g| g.applied).sum()), fmt(grants.iter().filter_map(|g| g.granted).sum()));
    let grants_rows = grants
        .iter()
        .map(|g| {
            let name = if g.activity.is_empty() { g.name.clone() } else { format!("{} – {}", g.name, g.activity) };
            (name, g_fmt(g.applied), g_fmt(g.granted), g.note.clone().unwrap_or_default())
        })
        .collect();

    // Action plan in tkr, as plans are written.
    let plan = store::economy::ACTION_PLAN.read(&state.store, code, year).await?;
    let mut measure_years: Vec<i32> = plan.iter().flat_map(|m| m.effects.iter().map(|e| e.year)).collect();
    measure_years.sort_unstable();
    measure_years.dedup();
    let tkr = |o: Ore| o.present(Scale::Tkr, 0);
    let measure_cells = |m: &ActionMeasure| -> Vec<String> {
        let mut v = Vec::new();
        for y in &measure_years {
            v.push(m.planned_cell(*y).map(tkr).unwrap_or_default());
            v.push(m.realised_cell(*y).map(tkr).unwrap_or_default());
        }
        v.push(tkr(m.planned_total()));
        v.push(tkr(m.realised_total()));
        v
    };
    let measures = [MeasureStatus::Ongoing, MeasureStatus::Proposed]
        .into_iter()
        .map(|s| {
            (
                s.heading(),
                plan.iter()
                    .filter(|m| m.status == s)
                    .map(|m| MeasureRow {
                        name: m.name.clone(),
                        date: m.date.map(|d| d.to_string()).unwrap_or_default(),
                        responsible: m.responsible.clone(),
                        cells: measure_cells(m),
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let mut measure_totals = Vec::new();
    for y in &measure_years {
        measure_totals.push(tkr(plan.iter().map(|m| m.planned_in(*y)).sum()));
        measure_totals.push(tkr(plan.iter().map(|m| m.realised_in(*y)).sum()));
    }
    measure_totals.push(tkr(plan.iter().map(|m| m.planned_total()).sum()));
    measure_totals.push(tkr(plan.iter().map(|m| m.realised_total()).sum()));

    let inv = store::economy::investments(&state.store, code, year).await?;
    let investments = inv
        .iter()
        .map(|i| {
            (
                i.project.clone(),
                vec![
                    fmt(i.outcome),
                    fmt(i.budget),
                    fmt(i.deviation()),
                    fmt(i.cumulative_outcome),
                    fmt(i.cumulative_budget),
                    fmt(i.remaining()),
                ],
                i.carry_over.map(fmt).unwrap_or_default(),
                i.carry_over_valid(),
            )
        })
        .collect();
    let s = |f: fn(&Investment) -> Ore| fmt(inv.iter().map(f).sum());
    let investment_totals = if inv.is_empty() {
        Vec::new()
    } else {
        vec![
            s(|i| i.outcome),
            s(|i| i.budget),
            s(|i| i.deviation()),
            s(|i| i.cumulative_outcome),
            s(|i| i.cumulative_budget),
            s(|i| i.remaining()),
            fmt(inv.iter().filter_map(|i| i.carry_over).sum()),
        ]
    };
    let vols = store::economy::volumes(&state.store, code, year).await?;
    let mut volume_years: Vec<i32> = vols.iter().map(|v| v.year).collect();
    volume_years.sort_unstable();
    volume_years.dedup();
    volume_years.reverse();
    let mut volumes: Vec<(String, String, Vec<String>, String)> = Vec::new();
    // The year's budget as a last column, when any series has one.
    let volume_budget = vols.iter().any(|v| v.year == year && v.budget.is_some());
    for v in &vols {
        if volumes.iter().any(|(n, ..)| *n == v.series) {
            continue;
        }
        let series: Vec<&VolumeValue> = vols.iter().filter(|x| x.series == v.series).collect();
        let cells = volume_years
            .iter()
            .map(|yy| {
                series
                    .iter()
                    .find(|x| x.year == *yy)
                    .map(|x| format!("{}{}", x.value.present_natural(), if x.note.is_some() { " *" } else { "" }))
                    .unwrap_or_default()
            })
            .collect();
        let notes = series.iter().filter_map(|x| x.note.as_ref().map(|n| format!("* {}: {n}", x.year))).collect::<Vec<_>>().join(" ");
        let mut cells: Vec<String> = cells;
        if volume_budget {
            cells.push(series.iter().find(|x| x.year == year).and_then(|x| x.budget).map(|b| b.present_natural()).unwrap_or_default());
        }
        volumes.push((v.series.clone(), v.unit.clone(), cells, notes));
    }
    // Ledger rows (not account and object groups), as the list of them and the import count them.
    // Everyone is told when the table leaves ledger rows out (staff get the list).
    let unmapped: usize = store::economy::unmapped(&state.store, code, year).await?.iter().map(|(_, _, n, _)| *n as usize).sum();
    // The month to enter: the one asked for, else the latest of the last forecast and the
    // months the table shows (the ledger's, by default), else the year's first forecast month
    // (its follow-up plan's; March where it has none).
    let first_planned = store::org::follow_up_plans(&state.store, code)
        .await?
        .into_iter()
        .find(|p| p.year() == year)
        .and_then(|p| p.forecast_months().first().copied())
        .unwrap_or(3);
    let entry_month =
        entry.as_ref().map(|e| e.month).or(form_month).unwrap_or(months.last().copied().max(drift_month).unwrap_or(first_planned));
    let own = rows_forecast_by(state, auth, &y).await?;
    let entry_rows: Vec<EntryRow> = t
        .rows
        .iter()
        .filter(|r| own.contains(&r.key))
        .map(|r| match &entry {
            // A refused entry: as typed.
            Some(e) => {
                let (value, comment) =
                    e.values.iter().find(|(k, ..)| *k == r.key).map(|(_, v, c)| (v.clone(), c.clone())).unwrap_or_default();
                EntryRow { key: r.key.clone(), label: r.label.clone(), value, comment, refused: e.refused.contains(&r.key) }
            }
            // The month's stored figures.
            _ => {
                let stored = forecasts.iter().find(|f| f.row == r.key && f.month == entry_month);
                EntryRow {
                    key: r.key.clone(),
                    label: r.label.clone(),
                    value: stored.map(|f| f.amount.to_unit_text(t.scale)).unwrap_or_default(),
                    comment: stored.map(|f| f.comment.clone()).unwrap_or_default(),
                    refused: false,
                }
            }
        })
        .collect();
    // The latest published report with the year's economy: named on the page (whose figures
    // are the data as it is now), and keeping the forecasts of its months as it shows them.
    let reported = store::publication::forecast_freeze(&state.store, code, year).await?;
    let entry_frozen = reported.as_ref().filter(|_| !entry_rows.is_empty()).and_then(|f| f.refuses(entry_month, year));
    let frozen_by = reported.as_ref().map(|f| format!("/k/{code}/rapporter/{}/{year}", f.kind)).unwrap_or_default();
    let reported = reported.map(|f| Reported {
        href: format!("/k/{code}/rapporter/{}/{year}/fil/html{}", f.kind, super::report::published_query(f.to_month)),
        date: f.published_on(),
        title: f.title,
    });
    // A month asked for, or a refused entry: the form is open.
    let entry_open = entry.is_some() || form_month.is_some();
    let entry_implausible = entry.as_ref().is_some_and(|e| e.implausible);
    let entry_error = entry.map(|e| e.error);
    // Up to a month: the drift table of January to that month (the ledger rows dated up to its
    // end, the budget for those months); the forecasts stay against the year.
    let period_missing = match drift_month {
        Some(m) => match store::economy::outcome_rows_to(&state.store, code, year, m).await? {
            (all, 0) if all > 0 => Some(format!(
                "Utfallet för {} saknas i Årshjul: årets utfall är inläst för helår. Välj Helår {year} för att se driftredovisningen.",
                domain::period::Period::Interim { year, to_month: m }.label_sv()
            )),
            _ => None,
        },
        None => None,
    };
    let part = match drift_month {
        Some(m) => Some(
            store::economy::drift_table_to(&state.store, code, year, Some(m))
                .await?
                .ok_or_else(|| AppError::not_found(format!("Ingen driftredovisning för {year}.")))?,
        ),
        None => None,
    };
    let shown_table = part.as_ref().unwrap_or(&y.table);
    Ok(YearPage {
        shell: Shell::new(&format!("Ekonomisk uppföljning {year}"), auth, Some(&y.m)).at(&format!("/k/{code}/ekonomi")),
        base: base.clone(),
        year,
        unit,
        convention: t.convention.heading(),
        drift_sums_rounded: shown_table.total_of_rounded,
        published: y.published,
        may_write: y.may_write,
        may_read_imports: y.staff && crate::access::allows(crate::access::Who::of(auth).role, "GET", "/k/{kommun}/ekonomi/{ar}/import"),
        staff: y.staff,
        has_ledger,
        has_budget,
        headings: drift_columns(shown_table, drift_month).iter().map(|c| c.heading()).collect(),
        rows: drift_rows(&y, shown_table, &base, drift_month),
        period: match drift_month {
            None => format!("{year}"),
            Some(m) => format!("{} {year}", domain::period::months_to(m)),
        },
        month: drift_month,
        ledger_to: ledger_to.map(month_name),
        ledger_short: ledger_last.filter(|_| drift_month.is_none()).map(month_name),
        deviation_svg,
        compliance,
        threshold: cfg.good_compliance.present(1),
        forecast_months: month_names,
        forecasts: forecast_rows,
        forecast_errors,
        forecast_gaps,
        forecast_svg,
        frame: frame_rows,
        frame_total: fmt(frame_sum),
        frame_matches,
        grants: grants_rows,
        grants_total,
        grants_applied: grants.iter().any(|g| g.applied.is_some()),
        measures,
        measure_years,
        measure_totals,
        investments,
        investment_totals,
        unmapped,
        volume_years,
        volume_budget,
        volumes,
        forecast_comments,
        may_forecast: !entry_rows.is_empty(),
        // A head of unit whose account has no unit among the year's rows is told why there is
        // no form, and what to do.
        no_forecast_rows: y.staff
            && entry_rows.is_empty()
            && auth.user.as_ref().is_some_and(|u| u.role == domain::role::Role::Verksamhetschef),
        own_rows_only: !y.may_write && !entry_rows.is_empty(),
        entry_rows,
        entry_month,
        entry_frozen,
        frozen_by,
        reported,
        period_missing,
        month_names: (1..=12u8).map(|m| (m, domain::sv::capitalise(MONTHS_SV[m as usize - 1]))).collect(),
        saved,
        entry_error,
        entry_implausible,
        saved_table,
        entry_open,
    })
}

/// A published report with a year's economy, as the year's page names it.
struct Reported {
    title: String,
    date: String,
    href: String,
}

/// `?rad=&kolumn=`
#[derive(Deserialize)]
pub struct CellQuery {
    rad: Option<String>,
    kolumn: Option<String>,
    /// An interim report's cell: rows up to the end of this month.
    manad: Option<u8>,
}

#[derive(Template)]
#[template(path = "economy/ledger.html")]
struct LedgerPage {
    shell: Shell,
    base: String,
    what: String,
    cell_value: String,
    count: String,
    /// How the table signs its amounts, in words.
    signs: &'static str,
    /// How many are listed, when fewer than all.
    shown: Option<String>,
    sum_text: String,
    rows: Vec<(i64, String, String, i64, String, String, String)>,
    /// The file the rows were read from (an import replaces the year's rows, so it is the
    /// year's latest): its name, when and by whom, and its SHA-256.
    source: Option<store::economy::ImportInfo>,
    /// When it was read in, in Swedish time, and by whom.
    source_at: String,
    source_by: String,
    /// The import page, for a viewer who may read it.
    imports_href: Option<String>,
    /// The file itself, where it is kept and the viewer may download it.
    file_href: Option<String>,
}

/// GET /k/{kommun}/ekonomi/{ar}/huvudbok — the ledger rows behind a drift cell.
pub async fn ledger(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Query(q): Query<CellQuery>,
) -> Result<Html<String>, AppError> {
    let (y, col) = drill_down(&state, &auth, &code, year, &q, DriftColumn::OutcomeNet).await?;
    let c = CellAsked::of(&state, &y, year, col, &q).await?;
    let (rows, count, sum) = store::economy::cell_rows(&state.store, &code, year, c.row_key(), col.category(), c.month, 2_000).await?;
    // Rows in the table's signs, so that they sum to the cell as printed.
    let conv = y.table.convention;
    let kr = |o: Ore| o.present(Scale::Kr, 2);
    let source = if count > 0 { store::economy::ledger_source(&state.store, &code, year).await? } else { None };
    let may = |route: &str| crate::access::allows(crate::access::Who::of(&auth).role, "GET", route);
    let imports_href = may("/k/{kommun}/ekonomi/{ar}/import").then(|| format!("/k/{code}/ekonomi/{year}/import"));
    let file_href = source
        .as_ref()
        .filter(|s| s.file_size.is_some() && may("/k/{kommun}/ekonomi/{ar}/import/{id}/fil"))
        .map(|s| format!("/k/{code}/ekonomi/{year}/import/{}/fil", s.id));
    render(LedgerPage {
        file_href,
        source_at: source.as_ref().map(|s| domain::period::stockholm_minute(&s.imported_at)).unwrap_or_default(),
        source_by: source.as_ref().map(|s| super::audit::actor_sv(&s.actor)).unwrap_or_default(),
        source,
        imports_href,
        shell: Shell::new("Huvudboken bakom cellen", &auth, Some(&y.m)).at(&format!("/k/{code}/ekonomi")),
        base: c.back(&code, year),
        what: c.what(col, year),
        cell_value: format!("{} {} ({})", y.table.present(c.value), y.table.scale.unit(), kr(c.value)),
        count: domain::sv::count(count.max(0) as i64),
        signs: signs_in_words(conv),
        shown: (rows.len() < count.max(0) as usize).then(|| domain::sv::count(rows.len() as i64)),
        sum_text: conv.shown(-sum).present_with_unit(Scale::Kr, 2),
        rows: rows.into_iter().map(|r| (r.line, r.voucher, r.date, r.account, r.objects, kr(conv.shown(-r.amount)), r.text)).collect(),
    })
}

/// The year and the column a drill-down page is asked for: an outcome column for the ledger's
/// page (`default` the outcome net), a budget column for the budget's; another is a bad request.
async fn drill_down(
    state: &AppState,
    auth: &AuthSession,
    code: &str,
    year: i32,
    q: &CellQuery,
    default: DriftColumn,
) -> Result<(Year, DriftColumn), AppError> {
    let y = year_data(state, auth, code, year).await?;
    let col = asked_column(q, default)?;
    let (fits, from) = if default.from_ledger() {
        (col.from_ledger(), "huvudboken; välj en utfallskolumn")
    } else {
        (col.from_budget(), "budgeten; välj en budgetkolumn")
    };
    if !fits {
        return Err(AppError::bad_request(format!("Kolumnen {} kommer inte från {from}.", col.heading())));
    }
    Ok((y, col))
}

/// The column a drill-down page is asked for (`default` without `kolumn`); a column the drift
/// table does not have is a bad request.
fn asked_column(q: &CellQuery, default: DriftColumn) -> Result<DriftColumn, AppError> {
    match q.kolumn.as_deref() {
        None | Some("") => Ok(default),
        Some(c) => DriftColumn::parse(c).ok_or_else(|| {
            let known: Vec<&str> = DriftColumn::ALL.iter().map(|c| c.key()).collect();
            AppError::bad_request(format!("Driftredovisningen har ingen kolumn «{c}»; välj en av {}.", known.join(", ")))
        }),
    }
}

/// How a table on `conv` signs its amounts, in words.
fn signs_in_words(conv: SignConvention) -> &'static str {
    if conv == SignConvention::BudgetMinusOutcome {
        "nettokostnad positiv: kostnader positiva, intäkter negativa"
    } else {
        "intäkter positiva, kostnader negativa"
    }
}

/// The drift cell a drill-down page was asked for: its row (all rows when `None`), its interim
/// month, and its value as the (interim) table shows it.
struct CellAsked<'a> {
    row: Option<&'a DriftRow>,
    month: Option<u8>,
    value: Ore,
}

impl<'a> CellAsked<'a> {
    async fn of(state: &AppState, y: &'a Year, year: i32, col: DriftColumn, q: &CellQuery) -> Result<CellAsked<'a>, AppError> {
        let row = match q.rad.as_deref().filter(|r| !r.is_empty()) {
            Some(r) => Some(
                y.table
                    .rows
                    .iter()
                    .find(|x| x.key == r)
                    .ok_or_else(|| AppError::not_found(format!("Det finns ingen verksamhet {r} i driftredovisningen {year}.")))?,
            ),
            None => None,
        };
        if let Some(m) = q.manad.filter(|m| !(1..=12).contains(m)) {
            return Err(AppError::bad_request(format!("Månad {m} finns inte: ange en månad 1–12.")));
        }
        let month = q.manad.filter(|m| *m < 12);
        let interim = match month {
            Some(_) => store::economy::drift_table_to(&state.store, y.m.code.as_str(), year, month).await?,
            None => None,
        };
        let table = interim.as_ref().unwrap_or(&y.table);
        let value = match row.and_then(|r| table.rows.iter().find(|x| x.key == r.key)) {
            Some(r) => r.cell(col, table.convention).unwrap_or(Ore::ZERO),
            None => table.total(col).unwrap_or(Ore::ZERO),
        };
        Ok(CellAsked { row, month, value })
    }

    /// The year page at the cell's period, to go back to.
    fn back(&self, code: &str, year: i32) -> String {
        format!("/k/{code}/ekonomi/{year}{}#drift", self.month.map(|m| format!("?manad={m}")).unwrap_or_default())
    }

    fn row_key(&self) -> Option<&str> {
        self.row.map(|r| r.key.as_str())
    }

    /// "Äldreomsorg – budget kostnader januari–april 2023", "… – utfall netto helår 2023".
    fn what(&self, col: DriftColumn, year: i32) -> String {
        format!(
            "{} – {} {}",
            self.row.map(|r| r.label.as_str()).unwrap_or("Alla verksamheter"),
            col.heading().to_lowercase(),
            self.month.map(|m| format!("{} {year}", domain::period::months_to(m))).unwrap_or_else(|| format!("helår {year}"))
        )
    }
}

#[derive(Template)]
#[template(path = "economy/budget_lines.html")]
struct BudgetLinesPage {
    shell: Shell,
    base: String,
    what: String,
    cell_value: String,
    count: String,
    signs: &'static str,
    sum_text: String,
    /// An interim cell: what each line counts for is shown (the column "Räknas i perioden").
    interim: bool,
    /// Some line is a whole year's, counted pro rata in this interim cell.
    pro_rata: bool,
    /// (verksamhet, kategori, månad, budgeterat, räknas, rad i filen)
    lines: Vec<(String, &'static str, String, String, String, String)>,
    /// Some line names the lines of the file it was read from.
    file_lines: bool,
    /// Who last changed the year's budget, and when.
    source: Option<String>,
}

/// GET /k/{kommun}/ekonomi/{ar}/budgetrader — the budget lines behind a budget cell of the drift
/// table, each with what it counts for (a whole-year line pro rata in an interim cell), and
/// who last changed the budget.
pub async fn budget_lines(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Query(q): Query<CellQuery>,
) -> Result<Html<String>, AppError> {
    let (y, col) = drill_down(&state, &auth, &code, year, &q, DriftColumn::BudgetNet).await?;
    let c = CellAsked::of(&state, &y, year, col, &q).await?;
    let budget = store::economy::budget(&state.store, &code, year).await?;
    let lines = domain::economy::budget_cell(&budget, c.row_key(), col.category(), c.month);
    let conv = y.table.convention;
    let kr = |o: Ore| o.present(Scale::Kr, 2);
    let label = |key: &str| y.setup.rows.iter().find(|r| r.key == key).map_or(key.to_string(), |r| r.label.clone());
    let sum: Ore = lines.iter().map(|(_, counted)| *counted).sum();
    let file_lines = store::economy::budget_file_lines(&state.store, &code, year).await?;
    // The file the budget was read from (every budget comes from a file: a budget file or a
    // ledger's #PBUDGET), else when it was last changed and by whom.
    let source = match store::economy::budget_source(&state.store, &code, year).await? {
        Some(b) => Some(format!(
            "Budgeten lästes in ur filen {} den {} av {}{}.",
            b.file,
            domain::period::stockholm_minute(&b.imported_at),
            super::audit::actor_sv(&b.actor),
            if b.sha256.is_empty() { String::new() } else { format!(", kontrollsumma (SHA-256) {}", b.sha256) }
        )),
        None => store::audit::last_of(&state.store, "budget", &format!("{code}/{year}"), &["economy.budget"]).await?.map(|e| {
            format!(
                "Budgeten lästes in eller ändrades senast {} av {}.",
                domain::period::stockholm_minute(&e.at),
                super::audit::actor_sv(&e.actor)
            )
        }),
    };
    render(BudgetLinesPage {
        shell: Shell::new("Budgeten bakom cellen", &auth, Some(&y.m)).at(&format!("/k/{code}/ekonomi")),
        base: c.back(&code, year),
        what: c.what(col, year),
        cell_value: format!("{} {} ({})", y.table.present(c.value), y.table.scale.unit(), kr(c.value)),
        count: domain::sv::count(lines.len() as i64),
        signs: signs_in_words(conv),
        sum_text: conv.shown(sum).present_with_unit(Scale::Kr, 2),
        interim: c.month.is_some(),
        pro_rata: c.month.is_some() && lines.iter().any(|(b, _)| b.month == 0),
        lines: lines
            .iter()
            .map(|(b, counted)| {
                let month = match b.month {
                    0 => "Helår".to_string(),
                    m => domain::sv::capitalise(domain::period::MONTHS_SV[m as usize - 1]),
                };
                let category = if b.category == Category::Income { "Intäkt" } else { "Kostnad" };
                (label(&b.row), category, month, kr(conv.shown(b.amount)), kr(conv.shown(*counted)), file_lines.of(b).to_string())
            })
            .collect(),
        file_lines: lines.iter().any(|(b, _)| !file_lines.of(b).is_empty()),
        source,
    })
}

#[derive(Template)]
#[template(path = "economy/unmapped.html")]
struct UnmappedPage {
    shell: Shell,
    base: String,
    rows: Vec<UnmappedRow>,
    /// What saving the mapping did.
    notice: Option<String>,
    may_write: bool,
}

struct UnmappedRow {
    account: i64,
    objects: String,
    rows: i64,
    sum: String,
    /// The mapping editor with a rule for this account and object to complete.
    rule: String,
}

/// GET /k/{kommun}/ekonomi/{ar}/omappade
pub async fn unmapped(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Html<String>, AppError> {
    let y = year_data(&state, &auth, &code, year).await?;
    let base = format!("/k/{code}/ekonomi/{year}");
    let rows = store::economy::unmapped(&state.store, &code, year)
        .await?
        .into_iter()
        .map(|(a, o, n, s)| {
            // The first object, for a rule to start from (a rule names one object at the most).
            let first = domain::economy::objects_from_text(&o)
                .into_iter()
                .next()
                .map(|(d, id)| format!("&objekt={}", crate::auth::encode_query(&format!("{d}:{id}"))))
                .unwrap_or_default();
            let rule = format!("{base}/redigera/mappning?konto={a}{first}");
            UnmappedRow { account: a, objects: o, rows: n, sum: (-s).present(Scale::Kr, 2), rule }
        })
        .collect();
    render(UnmappedPage {
        shell: Shell::new("Kontoposter utan verksamhet", &auth, Some(&y.m)).at(&format!("/k/{code}/ekonomi")),
        notice: crate::flash::take(&auth).await,
        may_write: y.may_write,
        base,
        rows,
    })
}

#[derive(Template)]
#[template(path = "economy/import.html")]
struct ImportPage {
    shell: Shell,
    base: String,
    imports: Vec<store::economy::ImportInfo>,
    notice: Option<String>,
    error: Option<String>,
    /// May read files in (the auditor reads the history only).
    may_import: bool,
}

async fn import_page(
    state: &AppState,
    auth: &AuthSession,
    y: &Year,
    year: i32,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Html<String>, AppError> {
    let code = y.m.code.as_str();
    render(ImportPage {
        shell: Shell::new("Läs in huvudbok och budget", auth, Some(&y.m)).at(&format!("/k/{code}/ekonomi")),
        base: format!("/k/{code}/ekonomi/{year}"),
        imports: store::economy::imports(&state.store, code, year).await?,
        may_import: crate::access::CONTROLLERS.contains(&crate::access::Who::of(auth).role),
        notice,
        error,
    })
}

/// GET /k/{kommun}/ekonomi/{ar}/import
pub async fn import_form(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Html<String>, AppError> {
    let y = year_data(&state, &auth, &code, year).await?;
    let done = crate::flash::take(&auth).await;
    import_page(&state, &auth, &y, year, done, None).await
}

async fn read_upload(
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(String, Vec<u8>, Vec<(String, String)>), AppError> {
    let mut multipart = multipart.map_err(|_| AppError::bad_request("Skicka filen med formuläret (multipart/form-data)."))?;
    let (mut file, mut fields) = ((String::new(), Vec::new()), Vec::new());
    while let Some(field) = multipart.next_field().await.map_err(|e| AppError::bad_request(format!("Filen kunde inte tas emot: {e}")))? {
        let key = field.name().unwrap_or_default().to_string();
        if key == "fil" {
            let name = field.file_name().unwrap_or("fil").to_string();
            let bytes = field.bytes().await.map_err(|e| AppError::bad_request(format!("Filen kunde inte tas emot: {e}")))?;
            file = (name, bytes.to_vec());
        } else {
            let text = field.text().await.map_err(|e| AppError::bad_request(format!("Formuläret kunde inte tas emot: {e}")))?;
            fields.push((key, text));
        }
    }
    // An empty or missing file is the form's to say (see `empty_upload`), not an error page.
    Ok((file.0, file.1, fields))
}

/// Why an uploaded file cannot be read at all: none chosen, or empty.
fn empty_upload(name: &str, len: u64) -> Option<String> {
    match (name.is_empty(), len) {
        (true, _) => Some("Välj en fil att läsa in.".into()),
        (false, 0) => Some(format!("Filen «{name}» är tom (0 byte): välj den igen, eller en annan fil.")),
        _ => None,
    }
}

/// The uploaded file of the field `fil`, written to a temporary file a piece at a time.
async fn save_upload(
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Option<crate::imports::Upload>, AppError> {
    use tokio::io::AsyncWriteExt;
    let mut multipart = multipart.map_err(|_| AppError::bad_request("Skicka filen med formuläret (multipart/form-data)."))?;
    let received = |e: axum::extract::multipart::MultipartError| AppError::bad_request(format!("Filen kunde inte tas emot: {e}"));
    while let Some(mut field) = multipart.next_field().await.map_err(received)? {
        if field.name() == Some("fil") {
            let (mut upload, mut file) =
                crate::imports::Upload::create(field.file_name().unwrap_or("fil")).await.map_err(AppError::internal)?;
            while let Some(chunk) = field.chunk().await.map_err(received)? {
                file.write_all(&chunk).await.map_err(AppError::internal)?;
                upload.len += chunk.len() as u64;
            }
            file.flush().await.map_err(AppError::internal)?;
            return Ok(Some(upload));
        }
    }
    Ok(None)
}

/// POST /k/{kommun}/ekonomi/{ar}/import — a SIE file (streamed to disk, up to
/// [`crate::imports::SIE_UPLOAD_LIMIT`]); all of it or nothing.
pub async fn import(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, AppError> {
    let y = year_data(&state, &auth, &code, year).await?;
    let upload = save_upload(multipart).await?;
    if let Some(why) = empty_upload(upload.as_ref().map_or("", |u| u.name.as_str()), upload.as_ref().map_or(0, |u| u.len)) {
        let html = import_page(&state, &auth, &y, year, None, Some(format!("Inget lästes in. {why}"))).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    }
    let upload = upload.expect("checked by empty_upload");
    let name = upload.name.clone();
    let file = upload.open().map_err(AppError::internal)?;
    let progress = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let result =
        crate::imports::import_sie(&state.store, &actor(&auth), &code, year, &name, crate::imports::SieInput::File(file), progress).await;
    drop(upload);
    match result {
        Ok(s) => {
            // The same file again (the same SHA-256): said, so that no one thinks it was another.
            let same = s.same_as.as_deref().map_or(String::new(), |at| {
                format!(
                    " Filen är densamma (samma SHA-256) som den som lästes in {}; huvudboken är oförändrad.",
                    domain::period::stockholm_minute(at)
                )
            });
            let msg = format!(
                "{name}: {} huvudboksrader ({} på verksamheter, {} resultatrader utan verksamhet, {} på balanskonton, som inte hör till driften), {} {}.",
                domain::sv::count(s.rows as i64),
                domain::sv::count(s.mapped as i64),
                domain::sv::count(s.unmapped as i64),
                domain::sv::count(s.rows.saturating_sub(s.mapped + s.unmapped) as i64),
                s.warnings.len(),
                if s.warnings.len() == 1 { "varning" } else { "varningar" }
            ) + &warned(&s.warnings)
                + &same;
            crate::flash::set(&auth, &msg).await;
            Ok(Redirect::to(&format!("/k/{code}/ekonomi/{year}/import")).into_response())
        }
        Err(e) => {
            let html = import_page(&state, &auth, &y, year, None, Some(format!("Inget lästes in. {e}"))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
    }
}

/// The first warnings of a read, said where the read is reported (an unbalanced voucher is
/// stored, and must not pass unseen): " Varningar: rad 32: …; rad 40: … (och 3 till, under
/// Inlästa huvudböcker)."
fn warned(warnings: &[String]) -> String {
    const SHOWN: usize = 3;
    if warnings.is_empty() {
        return String::new();
    }
    let more = match warnings.len().saturating_sub(SHOWN) {
        0 => String::new(),
        n => format!(" (och {n} till, under Inlästa huvudböcker)"),
    };
    format!(" {}: {}{more}.", if warnings.len() == 1 { "Varning" } else { "Varningar" }, warnings[..warnings.len().min(SHOWN)].join("; "))
}

/// GET /k/{kommun}/ekonomi/{ar}/import/{id}/fil — the file an import read, byte for byte (so
/// that an auditor can open the lines a drill-down names, and check the SHA-256), streamed a
/// part at a time. Only the latest import's file is kept.
pub async fn import_file(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year, id)): Path<(String, i32, i64)>,
) -> Result<Response, AppError> {
    year_data(&state, &auth, &code, year).await?;
    let imports = store::economy::imports(&state.store, &code, year).await?;
    let info = imports.into_iter().find(|i| i.id == id).ok_or_else(|| AppError::not_found("Det finns ingen sådan inläsning för året."))?;
    let Some(size) = info.file_size else {
        return Err(AppError::not_found(format!(
            "Filen {} sparas inte längre: bara den senaste inläsningens fil sparas, den som årets huvudboksrader kommer från.",
            info.file
        )));
    };
    let store = state.store.clone();
    let parts = futures_util::stream::try_unfold(0i64, move |seq| {
        let store = store.clone();
        async move {
            let part = store::economy::ledger_file_part(&store, id, seq).await.map_err(std::io::Error::other)?;
            Ok::<_, std::io::Error>(part.map(|bytes| (axum::body::Bytes::from(bytes), seq + 1)))
        }
    });
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (header::CONTENT_LENGTH, size.to_string()),
            (header::CONTENT_DISPOSITION, attachment(&info.file)),
        ],
        axum::body::Body::from_stream(parts),
    )
        .into_response())
}

/// A `Content-Disposition` that saves a download as `name`: an ASCII stand-in for old clients,
/// and the name itself percent-encoded (RFC 6266), so that "huvudbok å.se" stays its name.
fn attachment(name: &str) -> String {
    // The name, not the folders it was read from ("demo/…/huvudbok-2023.se").
    let name = name.rsplit(['/', '\\']).next().filter(|n| !n.is_empty()).unwrap_or("fil");
    let plain: String = name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' { c } else { '_' }).collect();
    let encoded: String = name
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    format!("attachment; filename=\"{plain}\"; filename*=UTF-8''{encoded}")
}

/// GET /k/{kommun}/ekonomi/{ar}/budget.xlsx — the budget as a spreadsheet (the import format).
pub async fn budget_export(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Response, AppError> {
    let y = year_data(&state, &auth, &code, year).await?;
    let lines = store::economy::budget(&state.store, &code, year).await?;
    let label = |k: &str| y.setup.rows.iter().find(|r| r.key == k).map(|r| r.label.clone()).unwrap_or_default();
    let rows: Vec<Vec<String>> = lines
        .iter()
        // Whole kronor as numbers (the sheet sums them); an amount with öre as its exact text.
        .map(|l| {
            let amount = if l.amount.ore() % 100 == 0 { (l.amount.ore() / 100).to_string() } else { l.amount.to_kr_text() };
            vec![l.row.clone(), l.category.word_sv().into(), l.month.to_string(), amount, label(&l.row)]
        })
        .collect();
    let bytes =
        render::xlsx::simple_sheet("Budget", &["rad", "kategori", "månad", "belopp", "namn"], &rows, &[12.0, 10.0, 8.0, 16.0, 40.0])
            .map_err(AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"budget-{code}-{year}.xlsx\"")),
        ],
        bytes,
    )
        .into_response())
}

/// POST /k/{kommun}/ekonomi/{ar}/budget — a budget file (XLSX or CSV) replaces the year's budget.
pub async fn budget_import(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, AppError> {
    let y = year_data(&state, &auth, &code, year).await?;
    let (name, bytes, fields) = read_upload(multipart).await?;
    let refuse = |why: String| {
        let (state, auth, y) = (&state, &auth, &y);
        async move {
            let html = import_page(state, auth, y, year, None, Some(format!("Inget lästes in. {why}"))).await?;
            Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
    };
    if let Some(why) = empty_upload(&name, bytes.len() as u64) {
        return refuse(why).await;
    }
    match ingest::economy::read_budget_at(&name, &bytes, &y.setup.rows) {
        Err(e) => refuse(e.to_string()).await,
        Ok(read) => {
            let (lines, at): (Vec<_>, Vec<_>) = read.into_iter().unzip();
            if lines.is_empty() {
                return refuse(format!("{name} har inga budgetrader: inget lästes in (budgeten är som förut).")).await;
            }
            // The file replaces the whole year's budget: a file without rows the budget has
            // now (one row uploaded by mistake) needs the controller's say-so.
            let replace_all = fields.iter().any(|(k, v)| k == "ersatt" && v == "ja");
            let before = store::economy::budget(&state.store, &code, year).await?;
            let dropped: Vec<&str> = y
                .setup
                .rows
                .iter()
                .filter(|r| before.iter().any(|b| b.row == r.key && b.amount != Ore::ZERO) && !lines.iter().any(|l| l.row == r.key))
                .map(|r| r.label.as_str())
                .collect();
            if !dropped.is_empty() && !replace_all {
                return refuse(format!(
                    "{name} har ingen budget för {}, som årets budget har nu. Filen ersätter hela årets budget: kryssa i «Ersätt hela budgeten» och läs in filen igen om det är meningen.",
                    domain::sv::join_and(&dropped)
                ))
                .await;
            }
            let mut w = state.store.begin(&actor(&auth)).await?;
            store::economy::replace_budget(&mut w, &code, year, &lines, &at, &name, &crate::imports::sha256_hex(&bytes)).await?;
            w.commit().await?;
            let msg = format!("{name}: {} budgetrader.", lines.len());
            crate::flash::set(&auth, &msg).await;
            Ok(Redirect::to(&format!("/k/{code}/ekonomi/{year}/import")).into_response())
        }
    }
}

/// POST /k/{kommun}/ekonomi/{ar}/prognos — `manad` and `f_<rad>` in kronor (forecast of the
/// year-end deviation); every row in one transaction.
pub async fn save_forecast(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let y = year_data(&state, &auth, &code, year).await?;
    let field = |n: &str| form.iter().find(|(k, _)| k == n).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    let month: u8 =
        field("manad").parse().ok().filter(|m| (1..=12).contains(m)).ok_or_else(|| AppError::bad_request("Välj prognosmånad (1–12)."))?;
    // A head of unit enters the rows of their unit; the other rows are neither read nor cleared.
    let own = rows_forecast_by(&state, &auth, &y).await?;
    if own.is_empty() {
        return Err(AppError::forbidden_because(
            "Ditt konto är inte knutet till någon av årets verksamheter; be en controller knyta det till din enhet.",
        ));
    }
    // Amounts in the tables' unit (as the page shows them); a row left empty has no forecast
    // for the month (one it had is taken back).
    let scale = y.setup.config.scale;
    let decimals = y.setup.config.decimals;
    let despite = field("trots_allt") == "1";
    let budget_net = |row: &str| y.table.rows.iter().find(|t| t.key == row).map_or(Ore::ZERO, |t| t.budget.net());
    let (mut list, mut blank) = (Vec::new(), Vec::new());
    // Every refused row: (its key, why, whether only as implausible).
    let mut refusals: Vec<(String, String, bool)> = Vec::new();
    for r in y.setup.rows.iter().filter(|r| own.contains(&r.key)) {
        let name = format!("f_{}", r.key);
        // A row the form does not hold is left as it is; one it holds empty is taken back.
        if !form.iter().any(|(k, _)| *k == name) {
            continue;
        }
        let v = field(&name);
        if v.is_empty() {
            blank.push(r.key.clone());
            continue;
        }
        let comment = field(&format!("k_{}", r.key));
        // The economy's pages are public: a comment names no one.
        let named = domain::quality::looks_like_personnummer(&comment);
        let parsed = Ore::parse_in(&v, scale);
        let implausible = parsed.is_some_and(|a| named.is_empty() && !despite && implausible_deviation(a, budget_net(&r.key)));
        let checked = match parsed {
            None => {
                let example = Ore::from_kr(-2_500_000).to_unit_text(scale).replace('-', "−");
                Err(format!("{}: «{v}» är inte ett belopp i {} (till exempel {example}).", r.label, scale.unit()))
            }
            Some(_) if !named.is_empty() => Err(format!(
                "{}: kommentaren innehåller något som liknar ett personnummer ({}); prognoserna är offentliga.",
                r.label,
                named.join(", ")
            )),
            // A deviation larger than the row's whole budget is most likely typed in another
            // unit (kronor in an mkr form): refused unless its maker says it stands.
            Some(amount) if implausible => Err(format!(
                "{}: en avvikelse på {} {unit} är större än verksamhetens hela budget för året ({} {unit}). \
                 Står beloppet i {unit}? Stämmer prognosen, kryssa i «Spara ändå» och spara igen.",
                r.label,
                amount.present(scale, decimals),
                budget_net(&r.key).abs().present(scale, decimals),
                unit = scale.unit(),
            )),
            Some(amount) => Ok(amount),
        };
        match checked {
            Ok(amount) => list.push(Forecast { row: r.key.clone(), month, kind: ForecastKind::Deviation, amount, comment }),
            Err(why) => refusals.push((r.key.clone(), why, implausible)),
        }
    }
    if !refusals.is_empty() {
        // The page again, with every amount and comment as typed and every reason beside the form.
        let values = y.setup.rows.iter().map(|x| (x.key.clone(), field(&format!("f_{}", x.key)), field(&format!("k_{}", x.key)))).collect();
        let implausible = refusals.iter().all(|(_, _, i)| *i);
        let error = format!("Inget sparades. {}", refusals.iter().map(|(_, why, _)| why.as_str()).collect::<Vec<_>>().join(" "));
        let entry = Entry { month, values, refused: refusals.into_iter().map(|(k, ..)| k).collect(), error, implausible };
        let page = year_view(&state, &auth, &code, year, Asked { refused: Some(entry), ..Asked::default() }).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response());
    }
    let mut w = state.store.begin(&actor(&auth)).await?;
    store::economy::save_forecasts(&mut w, &code, year, &list).await?;
    store::economy::remove_forecasts(&mut w, &code, year, month, &blank).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!("/k/{code}/ekonomi/{year}?prognos={month}#prognoser")).into_response())
}

/// POST /k/{kommun}/ekonomi/{ar}/nasta-ar — starts the next year's follow-up from this one:
/// the same rows and mapping, this year's deviation and compliance as "föregående år"; then
/// on to its import page for the budget and the ledger.
pub async fn start_next_year(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Form(f): Form<super::NextYearForm>,
) -> Result<Response, AppError> {
    let y = year_data(&state, &auth, &code, year).await?;
    // The form names the year it starts: a form sent twice, or from an old page, starts nothing.
    if !f.starts_after(year) {
        return Err(AppError::unprocessable(format!("Formuläret ska ange året som läggs upp ({}), inte «{}».", year + 1, f.sent())));
    }
    let mut w = state.store.begin(&actor(&auth)).await?;
    match store::economy::start_next_year(&mut w, &code, year, &y.table).await {
        Ok(Some((next, carried))) => {
            w.commit().await?;
            let measures = match carried {
                0 => String::new(),
                1 => format!("; en åtgärd i åtgärdsplanen har effekt {next} och följer med"),
                n => format!("; {n} åtgärder i åtgärdsplanen har effekt {next} och följer med"),
            };
            let msg = format!(
                "Uppföljningen för {next} är upplagd med {year} års verksamheter och kontoplan; avvikelsen {year} står som föregående års{measures}. Läs in budget och huvudbok för {next}."
            );
            crate::flash::set(&auth, &msg).await;
            Ok(Redirect::to(&format!("/k/{code}/ekonomi/{next}/import")).into_response())
        }
        Ok(None) => Err(AppError::not_found(format!("{} har ingen ekonomisk uppföljning för {year}.", y.m.name))),
        Err(store::Error::Conflict(why)) => Err(AppError::unprocessable(why)),
        Err(e) => Err(e.into()),
    }
}

/// POST /k/{kommun}/ekonomi/{ar}/publicering
pub async fn publish(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Form(f): Form<super::PublishForm>,
) -> Result<Redirect, AppError> {
    year_data(&state, &auth, &code, year).await?;
    let mut w = state.store.begin(&actor(&auth)).await?;
    store::economy::set_published(&mut w, &code, year, f.publish()).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!("/k/{code}/ekonomi/{year}")))
}

/// The tables that can be edited in the browser, with their file's columns. The form is turned
/// into that file and read by the same reader as an import, so the rules and messages are one.
const EDITABLE: &[grid::Spec] = &[
    ("atgardsplan", "Åtgärdsplan", &["åtgärd", "status", "datum", "ansvarig", "år", "planerad", "prognos_utfall"]),
    ("investeringar", "Investeringar", &["projekt", "kategori", "utfall", "budget", "totalt_utfall", "total_budget", "ombudgetering"]),
    ("bidrag", "Riktade statsbidrag", &["namn", "ansökt", "beviljat", "not", "verksamhet"]),
    ("volymer", "Verksamhetsstatistik", &["serie", "enhet", "år", "värde", "budget", "not"]),
    ("mappning", "Kontomappning", &["konto_från", "konto_till", "dimension", "objekt", "rad", "kategori"]),
];

/// The values a column of an edited table takes, where they are few.
fn choices(table: &str, column: &str) -> Vec<&'static str> {
    match (table, column) {
        ("atgardsplan", "status") => vec!["pågående", "förslag"],
        ("mappning", "kategori") => vec!["intäkt", "kostnad"],
        _ => vec![],
    }
}

fn editable(table: &str) -> Result<&'static grid::Spec, AppError> {
    EDITABLE.iter().find(|(k, ..)| *k == table).ok_or_else(|| {
        AppError::not_found(format!(
            "Tabellen {table} kan inte redigeras här; välj åtgärdsplan, investeringar, bidrag, volymer eller mappning."
        ))
    })
}

/// A mapping rule as a row of the editor (and of `mappning.csv`).
fn rule_cells(r: &MappingRule) -> Vec<String> {
    let (dim, object) = r.object.clone().map_or((String::new(), String::new()), |(d, o)| (d.to_string(), o));
    let category = if r.category == Category::Income { "intäkt" } else { "kostnad" };
    vec![r.account_from.to_string(), r.account_to.to_string(), dim, object, r.unit.clone(), category.into()]
}

async fn stored_rows(state: &AppState, y: &Year, year: i32, table: &str) -> Result<Vec<Vec<String>>, AppError> {
    let code = y.m.code.as_str();
    let kr = |o: Option<Ore>| o.map(|o| o.to_kr_form_text()).unwrap_or_default();
    Ok(match table {
        "mappning" => y.setup.mapping.rules.iter().map(rule_cells).collect(),
        "atgardsplan" => store::economy::ACTION_PLAN
            .read(&state.store, code, year)
            .await?
            .iter()
            .flat_map(|m| {
                m.effects.iter().map(move |e| {
                    vec![
                        m.name.clone(),
                        if m.status == MeasureStatus::Ongoing { "pågående".into() } else { "förslag".into() },
                        m.date.map(|d| d.to_string()).unwrap_or_default(),
                        m.responsible.clone(),
                        e.year.to_string(),
                        e.planned.to_kr_form_text(),
                        kr(e.realised),
                    ]
                })
            })
            .collect(),
        "investeringar" => store::economy::investments(&state.store, code, year)
            .await?
            .iter()
            .map(|i| {
                vec![
                    i.project.clone(),
                    i.category.clone(),
                    i.outcome.to_kr_form_text(),
                    i.budget.to_kr_form_text(),
                    i.cumulative_outcome.to_kr_form_text(),
                    i.cumulative_budget.to_kr_form_text(),
                    kr(i.carry_over),
                ]
            })
            .collect(),
        "volymer" => store::economy::volumes(&state.store, code, year)
            .await?
            .iter()
            .map(|v| {
                vec![
                    v.series.clone(),
                    v.unit.clone(),
                    v.year.to_string(),
                    v.value.present_natural(),
                    v.budget.map(|b| b.present_natural()).unwrap_or_default(),
                    v.note.clone().unwrap_or_default(),
                ]
            })
            .collect(),
        _ => store::economy::grants(&state.store, code, year)
            .await?
            .iter()
            .map(|g| vec![g.name.clone(), kr(g.applied), kr(g.granted), g.note.clone().unwrap_or_default(), g.activity.clone()])
            .collect(),
    })
}

fn editor_page(auth: &AuthSession, y: &Year, year: i32, spec: &'static grid::Spec, rows: Vec<Vec<String>>) -> GridPage {
    let shell = Shell::new(&format!("Redigera {} {year}", spec.1.to_lowercase()), auth, Some(&y.m)).at(&format!("/k/{}/ekonomi", y.m.code));
    let hint = match spec.0 {
        "volymer" => "Ett värde per serie och år, med decimalkomma (till exempel 95 077 eller 3,5).".to_string(),
        "mappning" => {
            let rows: Vec<String> = y.setup.rows.iter().map(|r| format!("{} = {}", r.key, r.label)).collect();
            format!(
                "Reglerna gäller i ordning uppifrån: den första som passar en kontopost på ett resultatkonto (klass 3–8) avgör \
                 verksamhet och kategori. Konton från och till (till exempel 4000 och 7999); dimension och objekt för att bara \
                 ta poster med det objektet (till exempel 1 och 6100), tomma för alla. Verksamhet är verksamhetens nyckel: {}. \
                 När tabellen sparas placeras årets huvudboksrader om efter den; budgeten placeras om när den läses in nästa gång.{}",
                rows.join(", "),
                if y.published {
                    " Årets sidor är publicerade: allmänheten ser driftredovisningen med den nya mappningen så snart den sparas."
                } else {
                    ""
                }
            )
        }
        "atgardsplan" => "Belopp i kronor (till exempel -1 300 000). En åtgärd med effekt flera år har en rad per år med samma namn: \
             byter du namn på åtgärden, byt på alla dess rader, annars blir den två åtgärder."
            .to_string(),
        _ => "Belopp i kronor (till exempel -1 300 000).".to_string(),
    };
    // The mapping's hint says what a published year means for it in its own words.
    let mut page = GridPage::new(shell, format!("/k/{}/ekonomi/{year}", y.m.code), "Ekonomisk uppföljning", spec, hint, rows)
        .published(y.published && spec.0 != "mappning");
    // The amounts are entered in kronor while the year's page shows them in its own unit (tkr,
    // mkr): each amount column says so.
    if matches!(spec.0, "atgardsplan" | "investeringar" | "bidrag") {
        const KRONOR: &[&str] =
            &["planerad", "prognos_utfall", "utfall", "budget", "totalt_utfall", "total_budget", "ombudgetering", "ansökt", "beviljat"];
        for (h, c) in page.headings.iter_mut().zip(spec.2.iter()) {
            if KRONOR.contains(c) {
                h.push_str(" (kr)");
            }
        }
    }
    if spec.0 == "mappning" {
        // The rows the rules leave without a verksamhet, whether there are any now or not.
        page.see_also.push((format!("/k/{}/ekonomi/{year}/omappade", y.m.code), "Kontoposter utan verksamhet".into()));
    }
    page.choices = spec.2.iter().map(|c| choices(spec.0, c)).collect();
    // A grant's verksamhet is free text (Botkyrka names activities, not drift rows); the drift
    // rows are offered.
    page.suggestions = spec
        .2
        .iter()
        .map(|c| match (spec.0, *c) {
            ("bidrag", "verksamhet") => y.setup.rows.iter().map(|r| r.label.clone()).collect(),
            ("mappning", "rad") => y.setup.rows.iter().map(|r| r.key.clone()).collect(),
            _ => vec![],
        })
        .collect();
    page
}

/// What the editor starts with besides the stored rows: the mapping editor, reached from a
/// ledger row without a verksamhet, a rule for that account and object to complete.
#[derive(Debug, Default, Deserialize)]
pub struct EditorQuery {
    konto: Option<u32>,
    /// `dimension:objekt`, as the list of rows without a verksamhet writes it.
    objekt: Option<String>,
}

fn suggested_rule(q: &EditorQuery) -> Option<Vec<String>> {
    let account = q.konto?;
    let object = q.objekt.as_deref().map(domain::economy::objects_from_text).and_then(|o| o.into_iter().next());
    let (dim, id) = object.map_or((String::new(), String::new()), |(d, o)| (d.to_string(), o));
    // Kommun-Bas: class 3 is income; the other result classes are costs.
    let category = if account.to_string().starts_with('3') { "intäkt" } else { "kostnad" };
    Some(vec![account.to_string(), account.to_string(), dim, id, String::new(), category.into()])
}

/// GET /k/{kommun}/ekonomi/{ar}/redigera/{tabell}
pub async fn editor(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year, table)): Path<(String, i32, String)>,
    Query(q): Query<EditorQuery>,
) -> Result<Html<String>, AppError> {
    let y = year_data(&state, &auth, &code, year).await?;
    let spec = editable(&table)?;
    let mut rows = stored_rows(&state, &y, year, spec.0).await?;
    let mut offered = None;
    if spec.0 == "mappning"
        && let Some(rule) = suggested_rule(&q)
    {
        // Its verksamhet is what is left to fill in.
        offered = Some((rows.len(), 4));
        rows.push(rule);
    }
    let mut page = editor_page(&auth, &y, year, spec, rows);
    page.offered = offered;
    render(page)
}

/// POST /k/{kommun}/ekonomi/{ar}/redigera/{tabell} — the whole table replaced in one
/// transaction; empty rows are left out.
pub async fn save_editor(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year, table)): Path<(String, i32, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let y = year_data(&state, &auth, &code, year).await?;
    let spec = editable(&table)?;
    let rows = grid::rows_of(&form, spec.2.len());
    if spec.0 == "mappning" {
        return save_mapping(&state, &auth, &y, year, rows).await;
    }
    let parsed = match spec.0 {
        "atgardsplan" => grid::read_choosing(spec, &rows, |c| choices(spec.0, c), ingest::economy::read_action_plan).map(Edited::Plan),
        "investeringar" => grid::read(spec, &rows, ingest::economy::read_investments).map(Edited::Investments),
        "volymer" => grid::read(spec, &rows, ingest::economy::read_volumes).map(Edited::Volumes),
        _ => grid::read(spec, &rows, ingest::economy::read_grants).map(Edited::Grants),
    };
    match parsed {
        Err(why) => editor_page(&auth, &y, year, spec, rows).refused(why),
        Ok(edited) => {
            let mut w = state.store.begin(&actor(&auth)).await?;
            match &edited {
                Edited::Plan(p) => store::economy::ACTION_PLAN.replace(&mut w, &code, year, p).await?,
                Edited::Investments(i) => store::economy::replace_investments(&mut w, &code, year, i).await?,
                Edited::Grants(g) => store::economy::replace_grants(&mut w, &code, year, g).await?,
                Edited::Volumes(v) => store::economy::replace_volumes(&mut w, &code, year, v).await?,
            }
            w.commit().await?;
            Ok(Redirect::to(&format!("/k/{code}/ekonomi/{year}?sparad={}", spec.0)).into_response())
        }
    }
}

enum Edited {
    Plan(Vec<ActionMeasure>),
    Investments(Vec<Investment>),
    Grants(Vec<Grant>),
    Volumes(Vec<VolumeValue>),
}

/// The mapping editor's table saved: the rules replaced and the year's ledger placed again by
/// them, in one transaction; then on to the rows still without a verksamhet, with what moved.
async fn save_mapping(state: &AppState, auth: &AuthSession, y: &Year, year: i32, rows: Vec<Vec<String>>) -> Result<Response, AppError> {
    let spec = editable("mappning")?;
    let mapping = match grid::read_choosing(spec, &rows, |c| choices(spec.0, c), |file| ingest::economy::read_mapping(file, &y.setup.rows))
    {
        Err(why) => return editor_page(auth, y, year, spec, rows).refused(why),
        // Without rules every ledger row would leave the drift table.
        Ok(m) if m.rules.is_empty() => {
            let why = "Inget sparades. Mappningen behöver minst en regel; utan regler hör ingen kontopost till en verksamhet.";
            return editor_page(auth, y, year, spec, rows).refused(grid::Refusal::plain(why));
        }
        Ok(m) => m,
    };
    let code = y.m.code.as_str();
    let mut w = state.store.begin(&actor(auth)).await?;
    let done = store::economy::replace_mapping(&mut w, code, year, &mapping).await?;
    w.commit().await?;
    let posts = |n: u64| if n == 1 { "1 kontopost".to_string() } else { format!("{} kontoposter", domain::sv::count(n as i64)) };
    let moved = match (done.moved - done.lost, done.lost) {
        (0, 0) => "Ingen kontopost i huvudboken bytte verksamhet eller kategori.".to_string(),
        (n, 0) => format!("{} i huvudboken fick en annan verksamhet eller kategori.", domain::sv::capitalise(&posts(n))),
        (0, l) => format!("{} i huvudboken förlorade sin verksamhet.", domain::sv::capitalise(&posts(l))),
        (n, l) => format!(
            "{} i huvudboken fick en annan verksamhet eller kategori och {} förlorade sin.",
            domain::sv::capitalise(&posts(n)),
            posts(l)
        ),
    };
    let left = match done.unmapped {
        0 => "Alla kontoposter på resultatkonton hör till en verksamhet.".to_string(),
        n => format!("{} på resultatkonton hör inte till någon verksamhet.", domain::sv::capitalise(&posts(n))),
    };
    let rules = if mapping.rules.len() == 1 { "1 regel".to_string() } else { format!("{} regler", mapping.rules.len()) };
    crate::flash::set(auth, &format!("Mappningen är sparad med {rules}. {moved} {left}")).await;
    Ok(Redirect::to(&format!("/k/{code}/ekonomi/{year}/omappade")).into_response())
}
