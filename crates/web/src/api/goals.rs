//! `/api/v1/municipalities/{code}/goals/…`: the goal structure, indicators with outcomes,
//! targets and evaluations, and writes for controllers. Values are decimal strings with a
//! point ("10.74") so no client loses precision to floats.

use super::Body;
use crate::AppState;
use crate::auth::AuthSession;
use crate::error::AppError;
use crate::pages::goals::year_data;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::goals::*;
use domain::period::Period;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::num;

fn target_json(t: &Target) -> Value {
    match t {
        Target::Value { value } => json!({ "kind": "value", "value": num(Some(*value)) }),
        Target::Increase { base } => json!({ "kind": "increase", "base": base.map(|p| p.to_string()) }),
        Target::Decrease { base } => json!({ "kind": "decrease", "base": base.map(|p| p.to_string()) }),
        Target::Maintain { base } => json!({ "kind": "maintain", "base": base.map(|p| p.to_string()) }),
    }
}

fn evaluation_json(e: &Evaluation) -> Value {
    json!({
        "period": e.period.to_string(),
        "outcome": num(e.outcome),
        "previous": num(e.previous),
        "target": e.target.as_ref().map(target_json),
        "trend": e.trend,
        "attainment": e.attainment,
    })
}

/// GET /api/v1/municipalities/{code}/goals/{year}
pub async fn year(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
) -> Result<Json<Value>, AppError> {
    let d = year_data(&state, &auth, &code, year).await?;
    let period = Period::Year(year);
    let assessments = store::goals::assessments(&state.store, &code, period).await?;
    let st = d.gy.structure();
    Ok(Json(json!({
        "municipality": code,
        "year": year,
        "published": d.published,
        "levels": st.levels(),
        "scale": d.gy.scale(),
        "goals": st.tree().iter().map(|g| json!({
            "key": g.key, "depth": g.depth, "parent": g.parent, "number": g.number, "title": g.title,
            "kf_goal": g.kf_goal, "agenda2030": g.agenda2030,
            "assessment": assessments.iter().find(|a| a.goal() == g.key).map(|a| json!({ "level": a.level(), "analysis": a.analysis() })),
        })).collect::<Vec<_>>(),
        "indicators": d.gy.indicators().iter().map(|i| json!({
            "key": i.key, "goal": i.goal, "name": i.name, "unit": i.unit.key(), "direction": i.direction.key(),
            "source": i.source, "method": i.method, "kolada_kpi": i.kolada_kpi, "responsible": i.responsible,
            "evaluation": evaluation_json(&d.evaluate(i, period)),
        })).collect::<Vec<_>>(),
    })))
}

/// GET /api/v1/municipalities/{code}/goals/{year}/indicators/{key}
pub async fn indicator(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year, key)): Path<(String, i32, String)>,
) -> Result<Json<Value>, AppError> {
    let d = year_data(&state, &auth, &code, year).await?;
    let ind = d.gy.indicator(&key).ok_or_else(|| AppError::not_found(format!("Det finns ingen indikator {key} för {year}.")))?;
    let outcomes = d.outcomes.get(&key).cloned().unwrap_or_default();
    let targets = d.targets.get(&key).cloned().unwrap_or_default();
    Ok(Json(json!({
        "key": ind.key, "name": ind.name, "unit": ind.unit.key(), "direction": ind.direction.key(),
        "outcomes": outcomes.iter().map(|o| json!({
            "period": o.period.to_string(), "total": num(o.total), "women": num(o.women), "men": num(o.men), "note": o.note,
        })).collect::<Vec<_>>(),
        "targets": targets.iter().map(|(p, t)| json!({ "period": p.to_string(), "target": target_json(t) })).collect::<Vec<_>>(),
        "evaluation": evaluation_json(&d.evaluate(ind, Period::Year(year))),
    })))
}

fn actor(auth: &AuthSession) -> store::Actor {
    store::Actor::user(auth.user.as_ref().map(|u| u.username.as_str()).unwrap_or("okänd"))
}

fn parse_period(p: &str, year: i32) -> Result<Period, AppError> {
    Period::parse(p).ok().filter(|x| x.year() == year).ok_or_else(|| {
        AppError::bad_request(format!("\"period\": \"{p}\" är inte en period i {year} (till exempel {year} eller {year}-D08)."))
    })
}

fn parse_measure(field: &str, v: &Option<String>) -> Result<Option<Measure>, AppError> {
    v.as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| Measure::parse_sv(s).ok_or_else(|| AppError::bad_request(format!("\"{field}\": \"{s}\" är inte ett tal."))))
        .transpose()
}

/// An outcome to store.
#[derive(Deserialize, Serialize)]
pub struct OutcomeIn {
    period: String,
    #[serde(default)]
    total: Option<String>,
    #[serde(default)]
    women: Option<String>,
    #[serde(default)]
    men: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

/// POST /api/v1/municipalities/{code}/goals/{year}/indicators/{key}/outcomes
pub async fn save_outcome(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year, key)): Path<(String, i32, String)>,
    Body(body): Body<OutcomeIn>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let d = year_data(&state, &auth, &code, year).await?;
    let Some(indicator) = d.gy.indicator(&key) else {
        return Err(AppError::not_found(format!("Det finns ingen indikator {key} för {year}.")));
    };
    let o = Outcome {
        period: parse_period(&body.period, year)?,
        total: parse_measure("total", &body.total)?,
        women: parse_measure("women", &body.women)?,
        men: parse_measure("men", &body.men)?,
        note: body.note.filter(|n| !n.is_empty()),
    };
    // A value its unit cannot have (a share over 100 %, a negative count), as the grid refuses.
    if let Some(why) = o.implausible(&indicator.unit) {
        return Err(AppError::bad_request(format!("\"total\", \"women\" eller \"men\": {why}")));
    }
    let mut w = state.store.begin(&actor(&auth)).await?;
    store::goals::save_outcome(&mut w, &code, &key, &o).await?;
    w.commit().await?;
    Ok((StatusCode::OK, Json(json!({ "saved": true, "period": o.period.to_string() }))))
}

/// A target to store: a value, or a relative target ("öka", "minska", "bibehålla").
#[derive(Deserialize)]
pub struct TargetIn {
    period: String,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    relative: Option<String>,
}

/// POST /api/v1/municipalities/{code}/goals/{year}/indicators/{key}/targets
pub async fn save_target(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year, key)): Path<(String, i32, String)>,
    Body(body): Body<TargetIn>,
) -> Result<Json<Value>, AppError> {
    let d = year_data(&state, &auth, &code, year).await?;
    if d.gy.indicator(&key).is_none() {
        return Err(AppError::not_found(format!("Det finns ingen indikator {key} för {year}.")));
    }
    let period = parse_period(&body.period, year)?;
    let target = match (parse_measure("value", &body.value)?, body.relative.as_deref()) {
        (Some(v), _) => Target::Value { value: v },
        (None, Some(r)) => Target::parse_relative(r)
            .ok_or_else(|| AppError::bad_request(format!("\"relative\": \"{r}\" är inget relativt mål (öka, minska, bibehålla).")))?,
        (None, None) => return Err(AppError::bad_request("Ange \"value\" eller \"relative\".")),
    };
    let mut w = state.store.begin(&actor(&auth)).await?;
    store::goals::save_target(&mut w, &code, &key, period, &target).await?;
    w.commit().await?;
    Ok(Json(json!({ "saved": true })))
}

/// An assessment to store.
#[derive(Deserialize)]
pub struct AssessmentIn {
    goal: String,
    period: String,
    level: String,
    analysis: String,
}

/// POST /api/v1/municipalities/{code}/goals/{year}/assessments
pub async fn save_assessment(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((code, year)): Path<(String, i32)>,
    Body(body): Body<AssessmentIn>,
) -> Result<Json<Value>, AppError> {
    let d = year_data(&state, &auth, &code, year).await?;
    if d.gy.structure().goal(&body.goal).is_none() {
        return Err(AppError::not_found(format!("Det finns inget mål {} för {year}.", body.goal)));
    }
    let a = Assessment::new(&body.goal, parse_period(&body.period, year)?, &body.level, &body.analysis, d.gy.scale())
        .map_err(|e| AppError::bad_request(e.to_string()))?;
    let mut w = state.store.begin(&actor(&auth)).await?;
    store::goals::save_assessment(&mut w, &code, &a).await?;
    w.commit().await?;
    Ok(Json(json!({ "saved": true, "level": a.level() })))
}
