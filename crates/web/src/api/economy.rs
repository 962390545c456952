//! `/api/v1/municipalities/{code}/economy/{year}`: the drift table (exact amounts in öre and
//! as presented), budget compliance, forecasts, frame, grants, action plan and investments;
//! the ledger rows behind a cell; forecast entry.

use super::Body;
use crate::AppState;
use crate::auth::AuthSession;
use crate::error::AppError;
use crate::pages::economy::year_data;
use axum::Json;
use axum::extract::{Path, Query, State};
use domain::economy::*;
use domain::money::Ore;
use serde::Deserialize;
use serde_json::{Value, json};

/// GET /api/v1/municipalities/{code}/economy/{year}
pub async fn year(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Query(q): Query<PeriodQuery>,
) -> Result<Json<Value>, AppError> {
    let y = year_data(&state, &auth, &code, year).await?;
    // January to a month (the budget for the same months), as the page's `?manad=`.
    if let Some(m) = q.to_month.filter(|m| !(1..=12).contains(m)) {
        return Err(AppError::bad_request(format!("\"to_month\": {m} är ingen månad 1–12")));
    }
    let to_month = q.to_month.filter(|m| *m < 12);
    let part = match to_month {
        Some(m) => store::economy::drift_table_to(&state.store, &code, year, Some(m)).await?,
        None => None,
    };
    let t = part.as_ref().unwrap_or(&y.table);
    let forecasts = store::economy::forecasts(&state.store, &code, year).await?;
    // The months forecasts were made in (to the month asked for), with the committee's sum
    // where every row has one, by the same rule as the page and the reports.
    let forecast_months: Vec<Value> = domain::economy::forecast_months(
        &store::economy::forecast_deviations(&state.store, &code, year).await?,
        y.table.rows.iter().map(|r| r.key.as_str()),
        to_month,
    )
    .iter()
    .map(|f| json!({ "month": f.month, "complete": f.complete, "total_ore": f.complete.then_some(f.total.ore()) }))
    .collect();
    let cell = |v: Option<Ore>| v.map(|v| json!({ "ore": v.ore(), "presented": t.present(v) })).unwrap_or(Value::Null);
    let columns: Vec<&str> = DriftColumn::ALL.iter().map(|c| c.key()).collect();
    let rows: Vec<Value> = t
        .rows
        .iter()
        .map(|r| {
            let mut cells = serde_json::Map::new();
            for c in DriftColumn::ALL {
                cells.insert(c.key().into(), cell(r.cell(c, t.convention)));
            }
            let compliance = r.cell(DriftColumn::Deviation, t.convention).and_then(|d| budget_compliance(d, r.budget.net()));
            json!({ "key": r.key, "label": r.label, "cells": cells, "budget_compliance_percent": compliance.map(|p| p.present(2).replace(',', ".").replace('\u{2212}', "-")) })
        })
        .collect();
    let mut totals = serde_json::Map::new();
    for c in DriftColumn::ALL {
        totals.insert(c.key().into(), json!({ "ore": t.total(c).map(Ore::ore), "presented": t.present_total(c) }));
    }
    let ore = |v: Option<Ore>| v.map(Ore::ore);
    Ok(Json(json!({
        "municipality": code,
        "year": year,
        "published": y.published,
        "scale": y.setup.config.scale.unit(),
        "decimals": y.setup.config.decimals,
        "convention": t.convention.key(),
        "columns": columns,
        "rows": rows,
        "totals": totals,
        "to_month": to_month,
        "forecast_months": forecast_months,
        "forecasts": forecasts.iter().filter(|f| to_month.is_none_or(|m| f.month <= m)).map(|f| json!({ "row": f.row, "month": f.month, "kind": f.kind.key(), "ore": f.amount.ore(), "comment": f.comment })).collect::<Vec<_>>(),
        "frame": store::economy::frame(&state.store, &code, year).await?.iter().map(|l| json!({ "category": l.category, "decision": l.decision, "ore": l.amount.ore() })).collect::<Vec<_>>(),
        "grants": store::economy::grants(&state.store, &code, year).await?.iter().map(|g| json!({ "name": g.name, "applied_ore": ore(g.applied), "granted_ore": ore(g.granted), "note": g.note })).collect::<Vec<_>>(),
        "action_plan": store::economy::ACTION_PLAN.read(&state.store, &code, year).await?,
        "investments": store::economy::investments(&state.store, &code, year).await?.iter().map(|i| json!({
            "project": i.project, "category": i.category, "outcome_ore": i.outcome.ore(), "budget_ore": i.budget.ore(),
            "deviation_ore": i.deviation().ore(), "cumulative_outcome_ore": i.cumulative_outcome.ore(), "cumulative_budget_ore": i.cumulative_budget.ore(),
            "remaining_ore": i.remaining().ore(), "carry_over_ore": ore(i.carry_over), "carry_over_valid": i.carry_over_valid(),
        })).collect::<Vec<_>>(),
    })))
}

/// `?row=&column=`
#[derive(Deserialize)]
pub struct CellQuery {
    row: Option<String>,
    column: Option<String>,
    /// Rows up to the end of this month (an interim report's cell); the whole year without.
    to_month: Option<u8>,
}

/// The month and the row a cell query names, where the year has them (a bad request if not).
fn check_cell(y: &crate::pages::economy::Year, q: &CellQuery) -> Result<(), AppError> {
    if let Some(m) = q.to_month.filter(|m| !(1..=12).contains(m)) {
        return Err(AppError::bad_request(format!("\"to_month\": månad {m} finns inte; ange 1–12.")));
    }
    if let Some(row) = q.row.as_deref().filter(|r| !y.setup.rows.iter().any(|d| d.key == *r)) {
        return Err(AppError::bad_request(format!("\"row\": ingen verksamhet {row}")));
    }
    Ok(())
}

/// `?to_month=8`: the drift table of January–August against the budget for those months.
#[derive(serde::Deserialize)]
pub struct PeriodQuery {
    to_month: Option<u8>,
}

/// GET /api/v1/municipalities/{code}/economy/{year}/ledger
pub async fn ledger(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Query(q): Query<CellQuery>,
) -> Result<Json<Value>, AppError> {
    let y = year_data(&state, &auth, &code, year).await?;
    // Amounts as the drift table prints them (net cost positive on a budget − utfall table).
    let shown = |ledger: Ore| y.table.convention.shown(-ledger).ore();
    let col = q
        .column
        .as_deref()
        .map(|c| DriftColumn::parse(c).ok_or_else(|| AppError::bad_request(format!("\"column\": okänd kolumn {c}"))))
        .transpose()?
        .unwrap_or(DriftColumn::OutcomeNet);
    if !col.from_ledger() {
        return Err(AppError::bad_request(format!("\"column\": {} kommer inte från huvudboken", col.key())));
    }
    let category = col.category();
    check_cell(&y, &q)?;
    // At most LIMIT rows are listed; `count` and `sum_ore` are the whole cell's, `truncated` says
    // when rows were left out.
    const LIMIT: i64 = 10_000;
    let (rows, count, sum) = store::economy::cell_rows(&state.store, &code, year, q.row.as_deref(), category, q.to_month, LIMIT).await?;
    let source = if count > 0 { store::economy::ledger_source(&state.store, &code, year).await? } else { None };
    let source =
        source.map(|s| json!({ "import_id": s.id, "file": s.file, "imported_at": s.imported_at, "actor": s.actor, "sha256": s.sha256 }));
    Ok(Json(
        json!({ "count": count, "sum_ore": shown(sum), "truncated": count as usize > rows.len(), "source": source, "rows": rows.iter().map(|r| json!({
        "line": r.line, "voucher": r.voucher, "date": r.date, "account": r.account, "objects": r.objects, "amount_ore": shown(r.amount), "text": r.text,
    })).collect::<Vec<_>>() }),
    ))
}

/// GET /api/v1/municipalities/{code}/economy/{year}/budget — the budget lines behind a budget
/// cell, each with what it counts for (a whole-year line pro rata to `to_month`), in the drift
/// table's signs; `sum_ore` is the cell.
pub async fn budget(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Query(q): Query<CellQuery>,
) -> Result<Json<Value>, AppError> {
    let y = year_data(&state, &auth, &code, year).await?;
    let shown = |o: Ore| y.table.convention.shown(o).ore();
    let col = match q.column.as_deref() {
        None => DriftColumn::BudgetNet,
        Some(c) => DriftColumn::parse(c).filter(|c| c.from_budget()).ok_or_else(|| {
            AppError::bad_request(format!("\"column\": {c} är ingen budgetkolumn (budget-netto, budget-intakter, budget-kostnader)"))
        })?,
    };
    check_cell(&y, &q)?;
    let all = store::economy::budget(&state.store, &code, year).await?;
    let lines = domain::economy::budget_cell(&all, q.row.as_deref(), col.category(), q.to_month.filter(|m| *m < 12));
    let sum: Ore = lines.iter().map(|(_, c)| *c).sum();
    let source = store::economy::budget_source(&state.store, &code, year).await?;
    let at = store::economy::budget_file_lines(&state.store, &code, year).await?;
    Ok(Json(json!({ "count": lines.len(), "sum_ore": shown(sum), "source": source, "lines": lines.iter().map(|(b, counted)| json!({
        "row": b.row, "category": b.category.key(), "month": b.month, "amount_ore": shown(b.amount), "counted_ore": shown(*counted),
        "file_lines": at.of(b),
    })).collect::<Vec<_>>() })))
}

/// Forecasts to store.
#[derive(Deserialize)]
pub struct ForecastsIn {
    month: u8,
    #[serde(default = "deviation")]
    kind: String,
    /// Row key → amount in öre.
    amounts: std::collections::BTreeMap<String, i64>,
    /// Row key → what the forecast rests on.
    #[serde(default)]
    comments: std::collections::BTreeMap<String, String>,
    /// Saves a deviation larger than the row's whole budget (refused without, as the page's
    /// «Spara ändå»).
    #[serde(default)]
    despite_implausible: bool,
}

fn deviation() -> String {
    "avvikelse".into()
}

/// POST /api/v1/municipalities/{code}/economy/{year}/forecasts
pub async fn save_forecasts(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Body(body): Body<ForecastsIn>,
) -> Result<Json<Value>, AppError> {
    let y = year_data(&state, &auth, &code, year).await?;
    if !(1..=12).contains(&body.month) {
        return Err(AppError::bad_request("\"month\": 1–12"));
    }
    let kind = ForecastKind::parse(&body.kind).ok_or_else(|| AppError::bad_request("\"kind\": avvikelse eller arsnetto"))?;
    // A head of unit forecasts the rows of their unit only.
    let own = crate::pages::economy::rows_forecast_by(&state, &auth, &y).await?;
    // A row sent without a comment keeps the one it has (a client that sends amounts only
    // erases no one's words).
    let stored = store::economy::forecasts(&state.store, &code, year).await?;
    let mut list = Vec::new();
    for (row, amount) in body.amounts {
        if !y.setup.rows.iter().any(|r| r.key == row) {
            return Err(AppError::bad_request(format!("\"amounts\": ingen verksamhet {row}")));
        }
        if !own.contains(&row) {
            return Err(AppError::forbidden_because(format!("\"amounts\": {row} är inte din enhets verksamhet")));
        }
        let comment = match body.comments.get(&row) {
            Some(c) => c.trim().to_string(),
            None => stored.iter().find(|f| f.row == row && f.month == body.month).map(|f| f.comment.clone()).unwrap_or_default(),
        };
        let named = domain::quality::looks_like_personnummer(&comment);
        if !named.is_empty() {
            return Err(AppError::unprocessable(format!("\"comments\": {row} liknar ett personnummer ({})", named.join(", "))));
        }
        let forecast = Forecast { row, month: body.month, kind, amount: Ore::new(amount), comment };
        // As on the page: a deviation beyond the row's whole budget is most likely in another unit.
        let budget = y.table.rows.iter().find(|r| r.key == forecast.row).map_or(Ore::ZERO, |r| r.budget.net());
        if !body.despite_implausible && domain::economy::implausible_deviation(forecast.as_deviation(budget), budget) {
            return Err(AppError::unprocessable(format!(
                "\"amounts\": {}: en avvikelse på {} öre är större än verksamhetens hela budget ({} öre); skicka \"despite_implausible\": true om den stämmer",
                forecast.row,
                forecast.as_deviation(budget).ore(),
                budget.abs().ore()
            )));
        }
        list.push(forecast);
    }
    let mut w = state.store.begin(&store::Actor::user(auth.user.as_ref().map(|u| u.username.as_str()).unwrap_or("okänd"))).await?;
    store::economy::save_forecasts(&mut w, &code, year, &list).await?;
    w.commit().await?;
    Ok(Json(json!({ "saved": list.len() })))
}

/// A mapping rule as the API reads and writes it.
#[derive(Deserialize, serde::Serialize)]
pub struct RuleDto {
    account_from: u32,
    account_to: u32,
    /// Dimension and object the row must carry (both or neither).
    dimension: Option<u32>,
    object: Option<String>,
    /// The drift row's key.
    row: String,
    /// `intakt` or `kostnad`.
    category: String,
}

fn rule_dto(r: &MappingRule) -> RuleDto {
    RuleDto {
        account_from: r.account_from,
        account_to: r.account_to,
        dimension: r.object.as_ref().map(|(d, _)| *d),
        object: r.object.as_ref().map(|(_, o)| o.clone()),
        row: r.unit.clone(),
        category: r.category.key().into(),
    }
}

/// GET /api/v1/municipalities/{code}/economy/{year}/mapping — the rules in priority order and
/// the ledger's result-account rows that none of them places (by account and objects).
pub async fn mapping(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Json<Value>, AppError> {
    let y = year_data(&state, &auth, &code, year).await?;
    let unmapped: Vec<Value> = store::economy::unmapped(&state.store, &code, year)
        .await?
        .into_iter()
        .map(|(account, objects, rows, sum)| json!({ "account": account, "objects": objects, "rows": rows, "sum_ore": sum.ore() }))
        .collect();
    Ok(Json(json!({ "rules": y.setup.mapping.rules.iter().map(rule_dto).collect::<Vec<_>>(), "unmapped": unmapped })))
}

/// `{"rules": [...]}`
#[derive(Deserialize)]
pub struct MappingIn {
    rules: Vec<RuleDto>,
}

/// POST /api/v1/municipalities/{code}/economy/{year}/mapping — replaces the rules and places
/// the year's ledger rows again by them, in one transaction.
pub async fn save_mapping(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Body(body): Body<MappingIn>,
) -> Result<Json<Value>, AppError> {
    let y = year_data(&state, &auth, &code, year).await?;
    if body.rules.is_empty() {
        return Err(AppError::unprocessable("\"rules\": minst en regel; utan regler hör ingen kontopost till en verksamhet"));
    }
    let mut rules = Vec::new();
    for (i, r) in body.rules.into_iter().enumerate() {
        let at = |what: &str| AppError::unprocessable(format!("\"rules\"[{i}]: {what}"));
        if !y.setup.rows.iter().any(|x| x.key == r.row) {
            return Err(at(&format!("row: ingen verksamhet {}", r.row)));
        }
        let category = Category::parse(&r.category).ok_or_else(|| at("category: intakt eller kostnad"))?;
        let object = match (r.dimension, r.object) {
            (None, None) => None,
            (Some(d), Some(o)) if !o.is_empty() => Some((d, o)),
            _ => return Err(at("dimension och object anges båda eller ingen av dem")),
        };
        let rule = MappingRule { account_from: r.account_from, account_to: r.account_to, object, unit: r.row, category };
        if let Some((field, why)) = rule.account_problem() {
            let field = if field == "konto_från" { "account_from" } else { "account_to" };
            return Err(at(&format!("{field} {why}")));
        }
        rules.push(rule);
    }
    let mut w = state.store.begin(&crate::pages::actor(&auth)).await?;
    let done = store::economy::replace_mapping(&mut w, &code, year, &Mapping { rules }).await?;
    w.commit().await?;
    Ok(Json(json!({ "moved_rows": done.moved, "unmapped_rows": done.unmapped })))
}
