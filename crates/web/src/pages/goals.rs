//! Goals and indicators: the year's goal tree, indicator pages with a chart, the outcome grid,
//! assessments with the system's suggestion beside them, completeness, import and publication.
//!
//! The public sees a year only when it is published; accounts of the municipality always do.

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
use domain::goals::*;
use domain::org::Municipality;
use domain::period::Period;
use domain::role::Role;
use serde::Deserialize;
use std::collections::HashMap;

/// Roles that change goal data.
pub const WRITERS: &[Role] = &[Role::Admin, Role::Controller];

/// A scale level as shown: symbol and label (never colour alone).
#[derive(Debug, Clone)]
pub struct LevelView {
    /// Symbol (●, ◐, ○).
    pub symbol: String,
    /// Label.
    pub label: String,
    /// Rank class for styling.
    pub class: String,
}

fn level_view(scale: &Scale, key: &str) -> Option<LevelView> {
    let top = scale.levels.iter().map(|l| l.rank).max().unwrap_or(0);
    scale.level(key).map(|l| LevelView {
        symbol: l.symbol.clone(),
        label: l.label.clone(),
        class: if l.rank == top {
            "lvl-top".into()
        } else if l.rank == 0 {
            "lvl-bottom".into()
        } else {
            "lvl-mid".into()
        },
    })
}

/// An indicator row.
pub struct IndicatorRow {
    name: String,
    outcome: String,
    previous: String,
    target: String,
    trend: Option<(&'static str, &'static str)>,
    attainment: (&'static str, &'static str, &'static str),
    href: String,
}

fn attainment_class(a: Attainment) -> &'static str {
    match a {
        Attainment::Met => "met",
        Attainment::NotMet => "not-met",
        Attainment::NotAssessable => "na",
    }
}

fn row(base: &str, ind: &Indicator, e: &Evaluation) -> IndicatorRow {
    let fmt = |v: Option<Measure>| v.map(|v| ind.unit.format(v)).unwrap_or_else(|| "–".into());
    IndicatorRow {
        name: ind.name.clone(),
        outcome: fmt(e.outcome),
        previous: fmt(e.previous),
        target: e.target.as_ref().map(|t| t.describe(&ind.unit)).unwrap_or_else(|| "–".into()),
        trend: e.trend.map(|t| (t.symbol(), t.label_sv())),
        attainment: (e.attainment.symbol(), e.attainment.label_sv(), attainment_class(e.attainment)),
        href: format!("{base}/indikator/{}", ind.key),
    }
}

/// Everything a goal page needs about a year.
pub(crate) struct YearData {
    pub(crate) m: Municipality,
    pub(crate) gy: GoalYear,
    pub(crate) published: bool,
    may_write: bool,
    pub(crate) outcomes: HashMap<String, Vec<Outcome>>,
    pub(crate) targets: HashMap<String, Vec<(Period, Target)>>,
}

impl YearData {
    pub(crate) fn evaluate(&self, ind: &Indicator, period: Period) -> Evaluation {
        evaluate(
            ind,
            period,
            self.outcomes.get(&ind.key).map(Vec::as_slice).unwrap_or(&[]),
            self.targets.get(&ind.key).map(Vec::as_slice).unwrap_or(&[]),
        )
    }
    fn base(&self) -> String {
        format!("/k/{}/mal/{}", self.m.code, self.gy.year())
    }
}

pub(crate) async fn year_data(state: &AppState, auth: &AuthSession, code: &str, year: i32) -> Result<YearData, AppError> {
    let m = municipality_or_404(state, code).await?;
    let not_found = || AppError::not_found(format!("{} har inga publicerade mål för {year}.", m.name));
    let gy = store::goals::goal_year(&state.store, code, year).await?.ok_or_else(not_found)?;
    let published = store::goals::is_published(&state.store, code, year).await?;
    let who = Who::of(auth);
    if !published && !who.belongs_to(code) {
        return Err(not_found());
    }
    // Outcomes and targets are kept per indicator and period, not per year: those outside the
    // municipality see the periods up to the (published) year they look at, never a later,
    // perhaps unpublished, year's figures.
    let shown = |p: &Period| who.belongs_to(code) || p.year() <= year;
    let mut outcomes = HashMap::new();
    let mut targets = HashMap::new();
    for ind in gy.indicators() {
        let mut o = store::goals::outcomes(&state.store, code, &ind.key).await?;
        o.retain(|o| shown(&o.period));
        let mut t = store::goals::targets(&state.store, code, &ind.key).await?;
        t.retain(|(p, _)| shown(p));
        outcomes.insert(ind.key.clone(), o);
        targets.insert(ind.key.clone(), t);
    }
    let may_write = WRITERS.contains(&who.role) && who.belongs_to(code);
    Ok(YearData { m, gy, published, may_write, outcomes, targets })
}

/// The periods one can follow up in a year: the year, its tertials, interim periods and months.
fn periods_of(year: i32) -> Vec<Period> {
    let mut v = vec![Period::Year(year)];
    v.extend((1..=3).map(|n| Period::Tertial { year, n }));
    v.extend([4u8, 8].map(|to_month| Period::Interim { year, to_month }));
    v.extend((1..=12).map(|month| Period::Month { year, month }));
    v
}

/// `?period=` query.
#[derive(Deserialize, Default)]
pub struct PeriodQuery {
    period: Option<String>,
    sparat: Option<String>,
}

fn chosen_period(q: &PeriodQuery, year: i32) -> Result<Period, AppError> {
    match q.period.as_deref().filter(|p| !p.is_empty()) {
        None => Ok(Period::Year(year)),
        Some(p) => Period::parse(p).ok().filter(|p| p.year() == year).ok_or_else(|| {
            AppError::bad_request(format!("Perioden \"{p}\" hör inte till {year}. Ange till exempel {year} eller {year}-D08."))
        }),
    }
}

/// (value, label, selected) for a period select.
fn period_options(year: i32, chosen: Period) -> Vec<(String, String, bool)> {
    periods_of(year).into_iter().map(|p| (p.to_string(), domain::sv::capitalise(&p.label_sv()), p == chosen)).collect()
}

// ---------------------------------------------------------------- index

#[derive(Template)]
#[template(path = "goals/index.html")]
struct IndexPage {
    shell: Shell,
    years: Vec<(i32, bool)>,
    code: String,
    /// The year a controller may start from the latest one (its goals and indicators).
    next: Option<(i32, i32)>,
    error: Option<String>,
}

/// GET /k/{kommun}/mal
pub async fn index(State(state): State<AppState>, auth: AuthSession, Path(code): Path<String>) -> Result<Response, AppError> {
    index_page(&state, &auth, code, None).await
}

async fn index_page(state: &AppState, auth: &AuthSession, code: String, error: Option<String>) -> Result<Response, AppError> {
    let m = municipality_or_404(state, &code).await?;
    let who = Who::of(auth);
    let mut years = Vec::new();
    let all = store::goals::years(&state.store, &code).await?;
    for y in &all {
        let p = store::goals::is_published(&state.store, &code, *y).await?;
        if p || who.belongs_to(&code) {
            years.push((*y, p));
        }
    }
    let may_start = who.belongs_to(&code) && crate::access::CONTROLLERS.contains(&who.role);
    let next = all.iter().max().filter(|_| may_start).map(|y| (*y, y + 1));
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page =
        IndexPage { shell: Shell::new("Mål och indikatorer", auth, Some(&m)).at(&format!("/k/{code}/mal")), years, code, next, error };
    Ok((status, render(page)?).into_response())
}

/// POST /k/{kommun}/mal/{ar}/nasta-ar — starts the next year's goals from this year's: the same
/// scale, goals and indicators (the indicators keep their keys, so their outcomes over the
/// years stay one series); targets, outcomes and assessments are the new year's to enter.
pub async fn start_next_year(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Form(f): Form<super::NextYearForm>,
) -> Result<Response, AppError> {
    municipality_or_404(&state, &code).await?;
    let next = year + 1;
    if !f.starts_after(year) {
        return index_page(&state, &auth, code, Some(format!("Välj året att lägga upp ({next})."))).await;
    }
    let Some(gy) = store::goals::goal_year(&state.store, &code, year).await? else {
        return Err(AppError::not_found(format!("Det finns inga mål för {year}.")));
    };
    if store::goals::goal_year(&state.store, &code, next).await?.is_some() {
        return index_page(&state, &auth, code, Some(format!("Målen för {next} finns redan."))).await;
    }
    let new = GoalYear::new(next, gy.scale().clone(), gy.structure().clone(), gy.indicators().to_vec())
        .map_err(|e| AppError::unprocessable(e.to_string()))?;
    let mut w = state.store.begin(&actor(&auth)).await?;
    store::goals::save_goal_year(&mut w, &code, &new).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!("/k/{code}/mal/{next}")).into_response())
}

// ---------------------------------------------------------------- year

struct GoalRow {
    key: String,
    depth: u8,
    number: String,
    title: String,
    level_name: String,
    assessment: Option<LevelView>,
    indicators: Vec<IndicatorRow>,
    href: String,
    assessable: bool,
}

struct SummaryRow {
    group: Option<(String, usize)>,
    goal: String,
    assessment: Option<LevelView>,
}

#[derive(Template)]
#[template(path = "goals/year.html")]
struct YearPage {
    shell: Shell,
    base: String,
    year: i32,
    period_label: String,
    period: String,
    periods: Vec<(String, String, bool)>,
    published: bool,
    may_write: bool,
    sentence: String,
    top_level: String,
    leaf_level: String,
    summary: Vec<SummaryRow>,
    goals: Vec<GoalRow>,
    scale: Vec<LevelView>,
}

/// GET /k/{kommun}/mal/{ar}
pub async fn year(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Query(q): Query<PeriodQuery>,
) -> Result<Html<String>, AppError> {
    let d = year_data(&state, &auth, &code, year).await?;
    let period = chosen_period(&q, year)?;
    let assessments = store::goals::assessments(&state.store, &code, period).await?;
    let st = d.gy.structure();
    let scale = d.gy.scale();
    let leaf = st.leaf_depth();
    let by_goal: HashMap<&str, &Assessment> = assessments.iter().map(|a| (a.goal(), a)).collect();
    let base = d.base();
    let goals = st
        .tree()
        .into_iter()
        .map(|g| GoalRow {
            key: g.key.clone(),
            depth: g.depth,
            number: g.number.clone().unwrap_or_default(),
            title: g.title.clone(),
            level_name: st.level_name(g.depth).to_string(),
            assessment: by_goal.get(g.key.as_str()).and_then(|a| level_view(scale, a.level())),
            indicators: d.gy.indicators_of(&g.key).map(|i| row(&base, i, &d.evaluate(i, period))).collect(),
            href: format!("{base}/mal/{}?period={period}", g.key),
            assessable: g.depth == leaf,
        })
        .collect();
    // The summary table: top level → leaf goals, the group label spanning its rows.
    let mut summary = Vec::new();
    for top in st.goals().iter().filter(|g| g.depth == 1) {
        let leaves: Vec<&Goal> = st.tree().into_iter().filter(|g| g.depth == leaf && st.root_of(g).key == top.key).collect();
        for (i, g) in leaves.iter().enumerate() {
            summary.push(SummaryRow {
                group: (i == 0).then(|| (top.title.clone(), leaves.len())),
                goal: g.title.clone(),
                assessment: by_goal.get(g.key.as_str()).and_then(|a| level_view(scale, a.level())),
            });
        }
    }
    let leaf_count = st.goals().iter().filter(|g| g.depth == leaf).count();
    let leaf_assessments: Vec<&Assessment> = assessments.iter().filter(|a| st.goal(a.goal()).is_some_and(|g| g.depth == leaf)).collect();
    let page = YearPage {
        shell: Shell::new(&format!("Mål och indikatorer {year}"), &auth, Some(&d.m)).at(&format!("/k/{code}/mal")),
        base: base.clone(),
        year,
        period_label: domain::sv::capitalise(&period.label_sv()),
        period: period.to_string(),
        periods: period_options(year, period),
        published: d.published,
        may_write: d.may_write,
        sentence: count_sentence(scale, &leaf_assessments, leaf_count),
        top_level: st.level_name(1).to_string(),
        leaf_level: st.level_name(leaf).to_string(),
        summary,
        goals,
        scale: scale.best_first().into_iter().filter_map(|l| level_view(scale, &l.key)).collect(),
    };
    render(page)
}

// ---------------------------------------------------------------- indicator

#[derive(Template)]
#[template(path = "goals/indicator.html")]
struct IndicatorPage {
    shell: Shell,
    base: String,
    ind: Indicator,
    goal_title: String,
    goal_href: String,
    unit_label: &'static str,
    direction: &'static str,
    current: IndicatorRow,
    period_label: String,
    svg: String,
    /// (period label, total, women, men, target, note)
    history: Vec<(String, String, String, String, String, String)>,
}

/// GET /k/{kommun}/mal/{ar}/indikator/{nyckel}
pub async fn indicator(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year, key)): Path<(String, i32, String)>,
    Query(q): Query<PeriodQuery>,
) -> Result<Html<String>, AppError> {
    let d = year_data(&state, &auth, &code, year).await?;
    let period = chosen_period(&q, year)?;
    let ind = d.gy.indicator(&key).ok_or_else(|| AppError::not_found(format!("Det finns ingen indikator {key} för {year}.")))?.clone();
    let outcomes = d.outcomes.get(&key).cloned().unwrap_or_default();
    let targets = d.targets.get(&key).cloned().unwrap_or_default();
    let fmt = |v: Option<Measure>| v.map(|v| ind.unit.format(v)).unwrap_or_default();
    let mut periods: Vec<Period> = outcomes.iter().map(|o| o.period).chain(targets.iter().map(|(p, _)| *p)).collect();
    periods.sort_by_key(|p| (p.end(), p.start()));
    periods.dedup();
    let history = periods
        .iter()
        .map(|p| {
            let o = outcomes.iter().find(|o| o.period == *p);
            let t = targets.iter().find(|(tp, _)| tp == p).map(|(_, t)| t.describe(&ind.unit)).unwrap_or_default();
            (
                p.label_sv(),
                fmt(o.and_then(|o| o.total)),
                fmt(o.and_then(|o| o.women)),
                fmt(o.and_then(|o| o.men)),
                t,
                o.and_then(|o| o.note.clone()).unwrap_or_default(),
            )
        })
        .collect();
    // The chart: one point per period that has an outcome or a numeric target.
    let labels: Vec<String> = periods.iter().map(|p| p.to_string()).collect();
    let total_at = |p: &Period| outcomes.iter().find(|o| o.period == *p).and_then(|o| o.total).map(Measure::as_f64);
    let target_at = |p: &Period| {
        targets.iter().find(|(tp, _)| tp == p).and_then(|(_, t)| match t {
            Target::Value { value } => Some(value.as_f64()),
            _ => None,
        })
    };
    let described: Vec<String> = periods
        .iter()
        .filter_map(|p| total_at(p).map(|_| format!("{} {}", p, fmt(outcomes.iter().find(|o| o.period == *p).and_then(|o| o.total)))))
        .collect();
    let chart = render::chart::LineChart {
        title: ind.name.clone(),
        description: format!("Utfall: {}.", if described.is_empty() { "inga värden".to_string() } else { described.join(", ") }),
        labels,
        unit: ind.unit.suffix().to_string(),
        series: vec![
            render::chart::Series { name: "Utfall".into(), points: periods.iter().map(total_at).collect(), is_target: false },
            render::chart::Series { name: "Målvärde".into(), points: periods.iter().map(target_at).collect(), is_target: true },
        ],
    };
    // No chart without a value to draw, nor of a ja/nej answer (an axis from 0 to 1 says nothing
    // the table does not): the page says why instead.
    let drawn = ind.unit != IndicatorUnit::YesNo && periods.iter().any(|p| total_at(p).is_some() || target_at(p).is_some());
    let svg = if drawn { render::chart::line_chart(&chart, 720, 320).map_err(AppError::internal)? } else { String::new() };
    let goal = d.gy.structure().goal(&ind.goal);
    let base = d.base();
    let e = d.evaluate(&ind, period);
    let page = IndicatorPage {
        shell: Shell::new(&ind.name, &auth, Some(&d.m)).at(&format!("/k/{code}/mal")),
        goal_title: goal.map(|g| g.title.clone()).unwrap_or_default(),
        goal_href: format!("{base}/mal/{}", ind.goal),
        unit_label: unit_label(&ind.unit),
        direction: match ind.direction {
            Direction::Higher => "Högre värde är bättre",
            Direction::Lower => "Lägre värde är bättre",
        },
        current: row(&base, &ind, &e),
        period_label: domain::sv::capitalise(&period.label_sv()),
        base,
        svg,
        history,
        ind,
    };
    render(page)
}

fn unit_label(u: &IndicatorUnit) -> &'static str {
    match u {
        IndicatorUnit::Percent => "Procent",
        IndicatorUnit::Count => "Antal",
        IndicatorUnit::Index => "Index",
        IndicatorUnit::Kr => "Kronor",
        IndicatorUnit::Days => "Dagar",
        IndicatorUnit::Hours => "Timmar",
        IndicatorUnit::Weeks => "Veckor",
        IndicatorUnit::YesNo => "Ja/Nej",
    }
}

// ---------------------------------------------------------------- outcome grid

struct GridRow {
    key: String,
    name: String,
    unit: &'static str,
    total: String,
    women: String,
    men: String,
    note: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "goals/grid.html")]
struct GridPage {
    shell: Shell,
    base: String,
    year: i32,
    period: String,
    period_label: String,
    periods: Vec<(String, String, bool)>,
    rows: Vec<GridRow>,
    notice: Option<String>,
    errors: Vec<String>,
}

fn grid_rows(d: &YearData, period: Period) -> Vec<GridRow> {
    d.gy.indicators()
        .iter()
        .map(|ind| {
            let o = d.outcomes.get(&ind.key).and_then(|v| v.iter().find(|o| o.period == period));
            let v = |m: Option<Measure>| m.map(|m| m.present_natural()).unwrap_or_default();
            GridRow {
                key: ind.key.clone(),
                name: ind.name.clone(),
                unit: ind.unit.suffix(),
                total: v(o.and_then(|o| o.total)),
                women: v(o.and_then(|o| o.women)),
                men: v(o.and_then(|o| o.men)),
                note: o.and_then(|o| o.note.clone()).unwrap_or_default(),
                error: None,
            }
        })
        .collect()
}

fn grid_page(
    auth: &AuthSession,
    d: &YearData,
    period: Period,
    rows: Vec<GridRow>,
    notice: Option<String>,
    errors: Vec<String>,
) -> Result<Html<String>, AppError> {
    render(GridPage {
        shell: Shell::new(&format!("Registrera utfall {}", d.gy.year()), auth, Some(&d.m)).at(&format!("/k/{}/mal", d.m.code)),
        base: d.base(),
        year: d.gy.year(),
        period: period.to_string(),
        period_label: domain::sv::capitalise(&period.label_sv()),
        periods: period_options(d.gy.year(), period),
        rows,
        notice,
        errors,
    })
}

/// GET /k/{kommun}/mal/{ar}/utfall
pub async fn grid(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Query(q): Query<PeriodQuery>,
) -> Result<Html<String>, AppError> {
    let d = year_data(&state, &auth, &code, year).await?;
    let period = chosen_period(&q, year)?;
    let notice = q.sparat.map(|n| if n == "1" { "1 utfall sparat.".to_string() } else { format!("{n} utfall sparade.") });
    grid_page(&auth, &d, period, grid_rows(&d, period), notice, Vec::new())
}

/// POST /k/{kommun}/mal/{ar}/utfall — every row in one transaction, or none.
pub async fn save_grid(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let d = year_data(&state, &auth, &code, year).await?;
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    let period = chosen_period(&PeriodQuery { period: Some(field("period")), sparat: None }, year)?;
    let mut rows = grid_rows(&d, period);
    let mut outcomes = Vec::new();
    let mut errors = Vec::new();
    for r in &mut rows {
        r.total = field(&format!("t_{}", r.key));
        r.women = field(&format!("k_{}", r.key));
        r.men = field(&format!("m_{}", r.key));
        r.note = field(&format!("n_{}", r.key));
        let parse = |label: &str, v: &str| -> Result<Option<Measure>, String> {
            if v.is_empty() {
                Ok(None)
            } else {
                Measure::parse_sv(v).map(Some).ok_or_else(|| format!("{label} \"{v}\" är inte ett tal (skriv till exempel 10,74)."))
            }
        };
        match (parse("Totalt", &r.total), parse("Kvinnor", &r.women), parse("Män", &r.men)) {
            (Ok(total), Ok(women), Ok(men)) => {
                let note = Some(r.note.clone()).filter(|n| !n.is_empty());
                let o = Outcome { period, total, women, men, note };
                if let Some(why) = d.gy.indicator(&r.key).and_then(|ind| o.implausible(&ind.unit)) {
                    errors.push(format!("{}: {why}", r.name));
                    r.error = Some(why);
                    continue;
                }
                let stored = d.outcomes.get(&r.key).and_then(|v| v.iter().find(|x| x.period == period));
                let empty = o.total.is_none() && o.women.is_none() && o.men.is_none() && o.note.is_none();
                if stored != Some(&o) && !(stored.is_none() && empty) {
                    outcomes.push((r.key.clone(), o));
                }
            }
            (a, b, c) => {
                let msg = [a.err(), b.err(), c.err()].into_iter().flatten().collect::<Vec<_>>().join(" ");
                errors.push(format!("{}: {msg}", r.name));
                r.error = Some(msg);
            }
        }
    }
    if !errors.is_empty() {
        let html = grid_page(&auth, &d, period, rows, None, errors)?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    }
    let n = outcomes.len();
    if n > 0 {
        let mut w = state.store.begin(&actor(&auth)).await?;
        for (key, o) in &outcomes {
            store::goals::save_outcome(&mut w, &code, key, o).await?;
        }
        w.commit().await?;
    }
    Ok(Redirect::to(&format!("/k/{code}/mal/{year}/utfall?period={period}&sparat={n}")).into_response())
}

/// GET /k/{kommun}/mal/{ar}/mall/{fil} — utfall.csv or utfall.xlsx: an outcome file with the year's indicators.
pub async fn template(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year, file)): Path<(String, i32, String)>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let d = year_data(&state, &auth, &code, year).await?;
    let period = chosen_period(&q, year)?;
    let header = ["indikator", "period", "totalt", "kvinnor", "män", "kommentar", "namn", "enhet"];
    let rows: Vec<Vec<String>> = grid_rows(&d, period)
        .into_iter()
        .map(|r| vec![r.key, period.to_string(), r.total, r.women, r.men, r.note, r.name, r.unit.to_string()])
        .collect();
    let name = format!("utfall-{code}-{period}");
    match file.as_str() {
        "utfall.csv" => {
            // The shared CSV writer, with a comment line for whoever fills it in after its BOM.
            let body = ::render::csv_text(&header, &rows);
            let out = format!(
                "\u{feff}# Årshjul: utfall. Fyll i totalt och gärna kvinnor/män; decimalkomma. Kolumnerna namn och enhet läses inte.\n{}",
                body.trim_start_matches('\u{feff}')
            );
            Ok((
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                    (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.csv\"")),
                ],
                out,
            )
                .into_response())
        }
        "utfall.xlsx" => {
            let bytes = render::xlsx::simple_sheet("Utfall", &header, &rows, &[12.0, 10.0, 10.0, 10.0, 10.0, 30.0, 60.0, 8.0])
                .map_err(AppError::internal)?;
            Ok((
                [
                    (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
                    (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.xlsx\"")),
                ],
                bytes,
            )
                .into_response())
        }
        other => Err(AppError::not_found(format!("Det finns ingen mall {other}; välj utfall.csv eller utfall.xlsx."))),
    }
}

/// POST /k/{kommun}/mal/{ar}/import — an outcome file (CSV or XLSX), all rows or none.
pub async fn import(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, AppError> {
    let d = year_data(&state, &auth, &code, year).await?;
    let mut multipart =
        multipart.map_err(|_| AppError::bad_request("Skicka filen med formuläret \"Läs in från fil\" (multipart/form-data)."))?;
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut period_field = String::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| AppError::bad_request(format!("Filen kunde inte tas emot: {e}")))? {
        match field.name() {
            Some("fil") => {
                let name = field.file_name().unwrap_or("utfall.csv").to_string();
                let bytes = field.bytes().await.map_err(|e| AppError::bad_request(format!("Filen kunde inte tas emot: {e}")))?;
                file = Some((name, bytes.to_vec()));
            }
            Some("period") => period_field = field.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    let period = chosen_period(&PeriodQuery { period: Some(period_field), sparat: None }, year)?;
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        let html = grid_page(&auth, &d, period, grid_rows(&d, period), None, vec!["Välj en fil att läsa in.".into()])?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    };
    match ingest::goals::read_outcome_file(&name, &bytes, year, &|k| d.gy.indicator(k).map(|i| i.unit.clone())) {
        Err(e) => {
            let html = grid_page(&auth, &d, period, grid_rows(&d, period), None, vec![format!("Inget lästes in. {e}")])?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Ok(rows) => {
            let mut w = state.store.begin(&actor(&auth)).await?;
            for (key, o) in &rows {
                store::goals::save_outcome(&mut w, &code, key, o).await?;
            }
            w.commit().await?;
            Ok(Redirect::to(&format!("/k/{code}/mal/{year}/utfall?period={period}&sparat={}", rows.len())).into_response())
        }
    }
}

// ---------------------------------------------------------------- goal and assessment

#[derive(Template)]
#[template(path = "goals/goal.html")]
struct GoalPage {
    shell: Shell,
    base: String,
    number: String,
    title: String,
    level_name: String,
    parent: Option<(String, String)>,
    kf_goal: String,
    agenda2030: String,
    period: String,
    period_label: String,
    periods: Vec<(String, String, bool)>,
    indicators: Vec<IndicatorRow>,
    current: Option<LevelView>,
    /// Who assessed it and when (Swedish time), for the municipality's accounts.
    assessed: Option<(String, String)>,
    suggestion: Option<LevelView>,
    levels: Vec<(String, String, bool)>,
    analysis: String,
    assessable: bool,
    may_write: bool,
    error: Option<String>,
    notice: Option<String>,
}

/// Assessment form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AssessmentForm {
    period: String,
    level: String,
    analysis: String,
}

async fn goal_page(
    state: &AppState,
    auth: &AuthSession,
    d: &YearData,
    key: &str,
    period: Period,
    form: Option<&AssessmentForm>,
    error: Option<String>,
    notice: Option<String>,
) -> Result<Html<String>, AppError> {
    let st = d.gy.structure();
    let g = st.goal(key).ok_or_else(|| AppError::not_found(format!("Det finns inget mål {key} för {}.", d.gy.year())))?;
    let base = d.base();
    let evals: Vec<(&Indicator, Evaluation)> = d.gy.indicators_of(key).map(|i| (i, d.evaluate(i, period))).collect();
    let attainments: Vec<Attainment> = evals.iter().map(|(_, e)| e.attainment).collect();
    let stored = store::goals::assessments(&state.store, &d.m.code.to_string(), period).await?.into_iter().find(|a| a.goal() == key);
    let assessed = match crate::access::Who::of(auth).belongs_to(d.m.code.as_str()) {
        true => store::goals::assessed_by(&state.store, d.m.code.as_str(), key, period)
            .await?
            .map(|(by, at)| (super::audit::actor_sv(&by), domain::period::stockholm_minute(&at))),
        false => None,
    };
    let scale = d.gy.scale();
    let chosen = form.map(|f| f.level.clone()).or_else(|| stored.as_ref().map(|a| a.level().to_string())).unwrap_or_default();
    render(GoalPage {
        assessed,
        shell: Shell::new(&g.title, auth, Some(&d.m)).at(&format!("/k/{}/mal", d.m.code)),
        number: g.number.clone().unwrap_or_default(),
        title: g.title.clone(),
        level_name: st.level_name(g.depth).to_string(),
        parent: g.parent.as_deref().and_then(|p| st.goal(p)).map(|p| (st.level_name(p.depth).to_string(), p.title.clone())),
        kf_goal: g.kf_goal.clone().unwrap_or_default(),
        agenda2030: g.agenda2030.iter().map(u8::to_string).collect::<Vec<_>>().join(", "),
        period: period.to_string(),
        period_label: domain::sv::capitalise(&period.label_sv()),
        periods: period_options(d.gy.year(), period),
        indicators: evals.iter().map(|(i, e)| row(&base, i, e)).collect(),
        current: stored.as_ref().and_then(|a| level_view(scale, a.level())),
        suggestion: suggest(scale, &attainments).and_then(|l| level_view(scale, &l.key)),
        levels: scale.best_first().into_iter().map(|l| (l.key.clone(), l.label.clone(), l.key == chosen)).collect(),
        analysis: form.map(|f| f.analysis.clone()).or_else(|| stored.as_ref().map(|a| a.analysis().to_string())).unwrap_or_default(),
        assessable: g.depth == st.leaf_depth(),
        may_write: d.may_write,
        error,
        notice,
        base,
    })
}

/// GET /k/{kommun}/mal/{ar}/mal/{mal}
pub async fn goal(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year, key)): Path<(String, i32, String)>,
    Query(q): Query<PeriodQuery>,
) -> Result<Html<String>, AppError> {
    let d = year_data(&state, &auth, &code, year).await?;
    let period = chosen_period(&q, year)?;
    let notice = q.sparat.map(|_| "Bedömningen är sparad.".to_string());
    goal_page(&state, &auth, &d, &key, period, None, None, notice).await
}

/// POST /k/{kommun}/mal/{ar}/mal/{mal}
pub async fn assess(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year, key)): Path<(String, i32, String)>,
    Form(form): Form<AssessmentForm>,
) -> Result<Response, AppError> {
    let d = year_data(&state, &auth, &code, year).await?;
    let period = chosen_period(&PeriodQuery { period: Some(form.period.clone()), sparat: None }, year)?;
    if d.gy.structure().goal(&key).is_none() {
        return Err(AppError::not_found(format!("Det finns inget mål {key} för {year}.")));
    }
    match Assessment::new(&key, period, &form.level, &form.analysis, d.gy.scale()) {
        Err(_) => {
            let msg =
                if form.analysis.trim().is_empty() { "Skriv en analys: bedömningen ska motiveras." } else { "Välj en nivå på skalan." };
            let html = goal_page(&state, &auth, &d, &key, period, Some(&form), Some(msg.into()), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Ok(a) => {
            let mut w = state.store.begin(&actor(&auth)).await?;
            store::goals::save_assessment(&mut w, &code, &a).await?;
            w.commit().await?;
            Ok(Redirect::to(&format!("/k/{code}/mal/{year}/mal/{key}?period={period}&sparat=1")).into_response())
        }
    }
}

// ---------------------------------------------------------------- completeness and publication

#[derive(Template)]
#[template(path = "goals/completeness.html")]
struct CompletenessPage {
    shell: Shell,
    base: String,
    period: String,
    period_label: String,
    periods: Vec<(String, String, bool)>,
    missing_outcomes: Vec<(String, String, String)>,
    missing_assessments: Vec<(String, String)>,
    indicators: usize,
    goals: usize,
}

/// GET /k/{kommun}/mal/{ar}/komplett
pub async fn completeness(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Query(q): Query<PeriodQuery>,
) -> Result<Html<String>, AppError> {
    let d = year_data(&state, &auth, &code, year).await?;
    let period = chosen_period(&q, year)?;
    let base = d.base();
    let missing_outcomes =
        d.gy.indicators()
            .iter()
            .filter(|i| d.evaluate(i, period).outcome.is_none())
            .map(|i| {
                (
                    i.name.clone(),
                    format!("{base}/indikator/{}", i.key),
                    d.gy.structure().goal(&i.goal).map(|g| g.title.clone()).unwrap_or_default(),
                )
            })
            .collect();
    let assessed: Vec<String> =
        store::goals::assessments(&state.store, &code, period).await?.iter().map(|a| a.goal().to_string()).collect();
    let leaf = d.gy.structure().leaf_depth();
    let leaves: Vec<&Goal> = d.gy.structure().tree().into_iter().filter(|g| g.depth == leaf).collect();
    let missing_assessments = leaves
        .iter()
        .filter(|g| !assessed.contains(&g.key))
        .map(|g| (g.title.clone(), format!("{base}/mal/{}?period={period}", g.key)))
        .collect();
    render(CompletenessPage {
        shell: Shell::new(&format!("Komplett inför rapport {year}?"), &auth, Some(&d.m)).at(&format!("/k/{code}/mal")),
        base,
        period: period.to_string(),
        period_label: domain::sv::capitalise(&period.label_sv()),
        periods: period_options(year, period),
        missing_outcomes,
        missing_assessments,
        indicators: d.gy.indicators().len(),
        goals: leaves.len(),
    })
}

/// POST /k/{kommun}/mal/{ar}/publicering
pub async fn publish(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Form(f): Form<super::PublishForm>,
) -> Result<Redirect, AppError> {
    year_data(&state, &auth, &code, year).await?;
    let mut w = state.store.begin(&actor(&auth)).await?;
    store::goals::set_published(&mut w, &code, year, f.publish()).await?;
    w.commit().await?;
    Ok(Redirect::to(&format!("/k/{code}/mal/{year}")))
}
