//! Internal control: the year's plan, its control items, results, actions and net list; and
//! the private-provider follow-up plan.

use crate::{Change, Error, Result, Store, Writer};
use domain::control::*;
use domain::period::{Date, Period};
use domain::providers::{OutsourcedActivity, Supplier};
use serde::{Deserialize, Serialize};
use sqlx::Row;

fn corrupt(e: impl std::fmt::Display) -> Error {
    Error::Corrupt(e.to_string())
}

/// A year's plan: its decision, scales, thresholds, analysis and net list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// The decision that adopted the plan ("SN 2020-12-15 § 123").
    pub decision: String,
    /// The plan's case number.
    pub case_number: String,
    /// Adopted on.
    pub adopted: Option<Date>,
    /// Sannolikhet labels.
    pub probability: LevelScale,
    /// Konsekvens labels.
    pub consequence: LevelScale,
    /// Risk matrix thresholds.
    pub thresholds: RiskThresholds,
    /// Result levels and rating thresholds.
    pub results: ResultScale,
    /// The year's analysis.
    pub analysis: String,
    /// The net list of risks.
    pub net_risks: Vec<NetRisk>,
}

/// Years with a plan, newest first.
pub async fn years(store: &Store, municipality: &str) -> Result<Vec<i32>> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT year FROM control_plan WHERE municipality = $1 ORDER BY year DESC")
        .bind(municipality)
        .fetch_all(store.pool())
        .await?;
    Ok(rows.into_iter().map(|(y,)| y as i32).collect())
}

/// Years with a plan for following up private providers, newest first.
pub async fn provider_years(store: &Store, municipality: &str) -> Result<Vec<i32>> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT DISTINCT year FROM provider_row WHERE municipality = $1 ORDER BY year DESC")
        .bind(municipality)
        .fetch_all(store.pool())
        .await?;
    Ok(rows.into_iter().map(|(y,)| y as i32).collect())
}

/// Creates or replaces a year's plan and its items (results and actions are kept by item key).
pub async fn save_plan(w: &mut Writer<'_>, municipality: &str, year: i32, plan: &Plan, items: &[ControlItem]) -> Result<()> {
    sqlx::query("INSERT INTO control_plan (municipality, year, plan_json) VALUES ($1, $2, $3) ON CONFLICT (municipality, year) DO UPDATE SET plan_json = excluded.plan_json")
        .bind(municipality)
        .bind(year as i64)
        .bind(serde_json::to_string(plan).map_err(corrupt)?)
        .execute(w.conn())
        .await?;
    sqlx::query("DELETE FROM control_item WHERE municipality = $1 AND year = $2")
        .bind(municipality)
        .bind(year as i64)
        .execute(w.conn())
        .await?;
    for (i, item) in items.iter().enumerate() {
        sqlx::query("INSERT INTO control_item (municipality, year, key, position, item_json) VALUES ($1, $2, $3, $4, $5)")
            .bind(municipality)
            .bind(year as i64)
            .bind(&item.key)
            .bind(i as i64)
            .bind(serde_json::to_string(item).map_err(corrupt)?)
            .execute(w.conn())
            .await?;
    }
    let after = serde_json::json!({ "plan": plan, "items": items });
    w.audit(Change::new(Some(municipality), "control.plan", "control_plan", &format!("{municipality}/{year}"), None, Some(&after))).await
}

/// The part of a year's plan the committee's decision gives it: the decision, the case
/// number, the day it was adopted and the year's analysis (the controls, scales and net list
/// stay). `false` when the year has no plan.
pub async fn set_plan_head(
    w: &mut Writer<'_>,
    municipality: &str,
    year: i32,
    decision: &str,
    case_number: &str,
    adopted: Option<Date>,
    analysis: &str,
) -> Result<bool> {
    let head: Option<(String,)> = sqlx::query_as("SELECT plan_json FROM control_plan WHERE municipality = $1 AND year = $2")
        .bind(municipality)
        .bind(year as i64)
        .fetch_optional(w.conn())
        .await?;
    let Some((j,)) = head else { return Ok(false) };
    let before: Plan = serde_json::from_str(&j).map_err(corrupt)?;
    let plan = Plan {
        decision: decision.to_string(),
        case_number: case_number.to_string(),
        adopted,
        analysis: analysis.to_string(),
        ..before.clone()
    };
    if plan == before {
        return Ok(true);
    }
    sqlx::query("UPDATE control_plan SET plan_json = $3 WHERE municipality = $1 AND year = $2")
        .bind(municipality)
        .bind(year as i64)
        .bind(serde_json::to_string(&plan).map_err(corrupt)?)
        .execute(w.conn())
        .await?;
    let head = |p: &Plan| serde_json::json!({ "decision": p.decision, "case_number": p.case_number, "adopted": p.adopted, "analysis": p.analysis });
    w.audit(Change::new(
        Some(municipality),
        "control.plan_head",
        "control_plan",
        &format!("{municipality}/{year}"),
        Some(&head(&before)),
        Some(&head(&plan)),
    ))
    .await?;
    Ok(true)
}

/// A year's plan and items.
pub async fn plan(store: &Store, municipality: &str, year: i32) -> Result<Option<(Plan, Vec<ControlItem>)>> {
    let head: Option<(String,)> = sqlx::query_as("SELECT plan_json FROM control_plan WHERE municipality = $1 AND year = $2")
        .bind(municipality)
        .bind(year as i64)
        .fetch_optional(store.pool())
        .await?;
    let Some((j,)) = head else { return Ok(None) };
    let plan: Plan = serde_json::from_str(&j).map_err(corrupt)?;
    let rows: Vec<(String,)> = sqlx::query_as("SELECT item_json FROM control_item WHERE municipality = $1 AND year = $2 ORDER BY position")
        .bind(municipality)
        .bind(year as i64)
        .fetch_all(store.pool())
        .await?;
    let items = rows.into_iter().map(|(j,)| serde_json::from_str(&j).map_err(corrupt)).collect::<Result<Vec<_>>>()?;
    Ok(Some((plan, items)))
}

/// Stores (or replaces) a control's result for a period.
pub async fn save_result(w: &mut Writer<'_>, municipality: &str, year: i32, result: &ControlResult) -> Result<()> {
    let exists: Option<(String,)> = sqlx::query_as("SELECT key FROM control_item WHERE municipality = $1 AND year = $2 AND key = $3")
        .bind(municipality)
        .bind(year as i64)
        .bind(result.item.split('#').next().unwrap_or(&result.item))
        .fetch_optional(w.conn())
        .await?;
    if exists.is_none() {
        return Err(Error::NotFound(format!("kontroll {} i {year}", result.item)));
    }
    // What it replaces, for the audit log.
    let before: Option<(String,)> =
        sqlx::query_as("SELECT result_json FROM control_result WHERE municipality = $1 AND year = $2 AND item = $3 AND period = $4")
            .bind(municipality)
            .bind(year as i64)
            .bind(&result.item)
            .bind(result.period.to_string())
            .fetch_optional(w.conn())
            .await?;
    let before: Option<ControlResult> = before.map(|(j,)| serde_json::from_str(&j).map_err(corrupt)).transpose()?;
    sqlx::query(
        "INSERT INTO control_result (municipality, year, item, period, result_json) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (municipality, year, item, period) DO UPDATE SET result_json = excluded.result_json",
    )
    .bind(municipality)
    .bind(year as i64)
    .bind(&result.item)
    .bind(result.period.to_string())
    .bind(serde_json::to_string(result).map_err(corrupt)?)
    .execute(w.conn())
    .await?;
    w.audit(Change::new(
        Some(municipality),
        "control.result",
        "control_result",
        &format!("{}/{}", result.item, result.period),
        before.as_ref(),
        Some(result),
    ))
    .await
}

/// Takes away a year's results and actions before a folder's are stored again (reading the
/// same folder twice must not list its actions twice), with what they were in the audit log.
pub async fn clear_results_and_actions(w: &mut Writer<'_>, municipality: &str, year: i32, results: bool, actions: bool) -> Result<()> {
    let tables = [
        (results, "control_result", "DELETE FROM control_result WHERE municipality = $1 AND year = $2"),
        (actions, "control_action", "DELETE FROM control_action WHERE municipality = $1 AND year = $2"),
    ];
    for (table, delete) in tables.into_iter().filter(|t| t.0).map(|(_, t, d)| (t, d)) {
        let count = sqlx::query(delete).bind(municipality).bind(year as i64).execute(w.conn()).await?.rows_affected();
        if count > 0 {
            let before = serde_json::json!({ "rows": count });
            w.audit(Change::new(Some(municipality), "control.cleared", table, &format!("{municipality}/{year}"), Some(&before), None))
                .await?;
        }
    }
    Ok(())
}

/// A year's results.
pub async fn results(store: &Store, municipality: &str, year: i32) -> Result<Vec<ControlResult>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT result_json FROM control_result WHERE municipality = $1 AND year = $2 ORDER BY item, period")
            .bind(municipality)
            .bind(year as i64)
            .fetch_all(store.pool())
            .await?;
    rows.into_iter().map(|(j,)| serde_json::from_str(&j).map_err(corrupt)).collect()
}

/// Adds an action; returns it with its id.
pub async fn add_action(w: &mut Writer<'_>, municipality: &str, year: i32, action: &Action) -> Result<Action> {
    let row = sqlx::query(
        "INSERT INTO control_action (municipality, year, item, text, owner, due, done) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(municipality)
    .bind(year as i64)
    .bind(&action.item)
    .bind(&action.text)
    .bind(&action.owner)
    .bind(action.due.map(|d| d.to_string()))
    .bind(i64::from(action.done))
    .fetch_one(w.conn())
    .await?;
    let stored = Action { id: row.try_get("id")?, ..action.clone() };
    w.audit(Change::new(Some(municipality), "control.action.add", "control_action", &stored.id.to_string(), None, Some(&stored))).await?;
    Ok(stored)
}

/// Marks an action of `year`'s plan done, or open again (an action already so is left as it is,
/// and nothing is logged for it).
pub async fn set_action_done(w: &mut Writer<'_>, municipality: &str, year: i32, id: i64, done: bool) -> Result<()> {
    let stored: Option<(i64,)> = sqlx::query_as("SELECT done FROM control_action WHERE municipality = $1 AND year = $2 AND id = $3")
        .bind(municipality)
        .bind(year as i64)
        .bind(id)
        .fetch_optional(w.conn())
        .await?;
    match stored {
        None => Err(Error::NotFound(format!("åtgärd {id} i {year}"))),
        Some((d,)) if (d != 0) == done => Ok(()),
        Some(_) => {
            sqlx::query("UPDATE control_action SET done = $4 WHERE municipality = $1 AND year = $2 AND id = $3")
                .bind(municipality)
                .bind(year as i64)
                .bind(id)
                .bind(done as i64)
                .execute(w.conn())
                .await?;
            let action = if done { "control.action.done" } else { "control.action.reopened" };
            w.audit(Change::new(Some(municipality), action, "control_action", &id.to_string(), Some(&!done), Some(&done))).await
        }
    }
}

/// A year's actions.
pub async fn actions(store: &Store, municipality: &str, year: i32) -> Result<Vec<Action>> {
    let rows = sqlx::query("SELECT id, item, text, owner, due, done FROM control_action WHERE municipality = $1 AND year = $2 ORDER BY id")
        .bind(municipality)
        .bind(year as i64)
        .fetch_all(store.pool())
        .await?;
    rows.iter()
        .map(|r| {
            let due: Option<String> = r.try_get("due")?;
            Ok(Action {
                id: r.try_get("id")?,
                item: r.try_get("item")?,
                text: r.try_get("text")?,
                owner: r.try_get("owner")?,
                due: due.map(|d| Date::parse(&d).map_err(corrupt)).transpose()?,
                done: r.try_get::<i64, _>("done")? != 0,
            })
        })
        .collect()
}

/// Replaces a year's private-provider follow-up plan.
pub async fn replace_providers(
    w: &mut Writer<'_>,
    municipality: &str,
    year: i32,
    activities: &[OutsourcedActivity],
    suppliers: &[Supplier],
) -> Result<()> {
    sqlx::query("DELETE FROM provider_row WHERE municipality = $1 AND year = $2")
        .bind(municipality)
        .bind(year as i64)
        .execute(w.conn())
        .await?;
    let rows = activities
        .iter()
        .map(|a| ("activity", serde_json::to_string(a)))
        .chain(suppliers.iter().map(|s| ("supplier", serde_json::to_string(s))));
    for (i, (kind, json)) in rows.enumerate() {
        sqlx::query("INSERT INTO provider_row (municipality, year, kind, position, row_json) VALUES ($1, $2, $3, $4, $5)")
            .bind(municipality)
            .bind(year as i64)
            .bind(kind)
            .bind(i as i64)
            .bind(json.map_err(corrupt)?)
            .execute(w.conn())
            .await?;
    }
    let after = serde_json::json!({ "activities": activities, "suppliers": suppliers });
    w.audit(Change::new(Some(municipality), "providers.replace", "provider_plan", &format!("{municipality}/{year}"), None, Some(&after)))
        .await
}

/// A year's private-provider plan.
pub async fn providers(store: &Store, municipality: &str, year: i32) -> Result<(Vec<OutsourcedActivity>, Vec<Supplier>)> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, row_json FROM provider_row WHERE municipality = $1 AND year = $2 ORDER BY position")
            .bind(municipality)
            .bind(year as i64)
            .fetch_all(store.pool())
            .await?;
    let mut a = Vec::new();
    let mut s = Vec::new();
    for (kind, j) in rows {
        if kind == "activity" {
            a.push(serde_json::from_str(&j).map_err(corrupt)?);
        } else {
            s.push(serde_json::from_str(&j).map_err(corrupt)?);
        }
    }
    Ok((a, s))
}

/// Whether a period string is a valid period (used by callers building results).
pub fn period(s: &str) -> Result<Period> {
    Period::parse(s).map_err(corrupt)
}
