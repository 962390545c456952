//! Goal structures, indicators, targets, outcomes and assessments.

use crate::{Change, Error, Result, Store, Writer};
use domain::goals::*;
use domain::period::Period;
use sqlx::{AnyConnection, Row};

fn corrupt(what: impl std::fmt::Display) -> Error {
    Error::Corrupt(what.to_string())
}

fn period(s: &str) -> Result<Period> {
    Period::parse(s).map_err(corrupt)
}

fn measure(v: Option<i64>) -> Option<Measure> {
    v.map(Measure::from_raw)
}

/// The years with a goal setup, newest first.
pub async fn years(store: &Store, municipality: &str) -> Result<Vec<i32>> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT year FROM goal_year WHERE municipality = $1 ORDER BY year DESC")
        .bind(municipality)
        .fetch_all(store.pool())
        .await?;
    Ok(rows.into_iter().map(|(y,)| y as i32).collect())
}

/// A year's goal setup, if there is one.
pub async fn goal_year(store: &Store, municipality: &str, year: i32) -> Result<Option<GoalYear>> {
    let mut conn = store.pool().acquire().await?;
    load_year(&mut conn, municipality, year).await
}

async fn load_year(conn: &mut AnyConnection, municipality: &str, year: i32) -> Result<Option<GoalYear>> {
    let head: Option<(String, String)> =
        sqlx::query_as("SELECT scale_json, levels_json FROM goal_year WHERE municipality = $1 AND year = $2")
            .bind(municipality)
            .bind(year as i64)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((scale_json, levels_json)) = head else { return Ok(None) };
    let scale: Scale = serde_json::from_str(&scale_json).map_err(corrupt)?;
    let levels: Vec<GoalLevel> = serde_json::from_str(&levels_json).map_err(corrupt)?;
    let goals = sqlx::query(
        "SELECT key, depth, parent_key, number, title, kf_goal, agenda2030, assignments FROM goal WHERE municipality = $1 AND year = $2 ORDER BY position",
    )
    .bind(municipality)
    .bind(year as i64)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let agenda: String = r.try_get("agenda2030")?;
        Ok(Goal {
            key: r.try_get("key")?,
            depth: r.try_get::<i64, _>("depth")? as u8,
            parent: r.try_get("parent_key")?,
            number: r.try_get("number")?,
            title: r.try_get("title")?,
            kf_goal: r.try_get("kf_goal")?,
            agenda2030: agenda.split(',').filter(|s| !s.is_empty()).map(|s| s.parse().map_err(corrupt)).collect::<Result<_>>()?,
            assignments: r.try_get::<String, _>("assignments")?.lines().map(str::to_string).collect(),
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let indicators = sqlx::query(
        "SELECT key, goal_key, name, unit, direction, source, method, kolada_kpi, responsible FROM indicator \
         WHERE municipality = $1 AND year = $2 ORDER BY position",
    )
    .bind(municipality)
    .bind(year as i64)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let unit: String = r.try_get("unit")?;
        let dir: String = r.try_get("direction")?;
        Ok(Indicator {
            key: r.try_get("key")?,
            goal: r.try_get("goal_key")?,
            name: r.try_get("name")?,
            unit: IndicatorUnit::parse(&unit).ok_or_else(|| corrupt(format!("unit {unit}")))?,
            direction: Direction::parse(&dir).ok_or_else(|| corrupt(format!("direction {dir}")))?,
            source: r.try_get("source")?,
            method: r.try_get("method")?,
            kolada_kpi: r.try_get("kolada_kpi")?,
            responsible: r.try_get("responsible")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let structure = GoalStructure::new(levels, goals).map_err(corrupt)?;
    Ok(Some(GoalYear::new(year, scale, structure, indicators).map_err(corrupt)?))
}

/// Creates or replaces a year's goal setup. Goals and indicators are matched by key; those no
/// longer present are removed (their outcomes and assessments, kept by key, stay).
pub async fn save_goal_year(w: &mut Writer<'_>, municipality: &str, gy: &GoalYear) -> Result<()> {
    let year = gy.year() as i64;
    let before = load_year(w.conn(), municipality, gy.year()).await?;
    let scale_json = serde_json::to_string(gy.scale()).map_err(corrupt)?;
    let levels_json = serde_json::to_string(gy.structure().levels()).map_err(corrupt)?;
    sqlx::query(
        "INSERT INTO goal_year (municipality, year, scale_json, levels_json) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (municipality, year) DO UPDATE SET scale_json = excluded.scale_json, levels_json = excluded.levels_json",
    )
    .bind(municipality)
    .bind(year)
    .bind(&scale_json)
    .bind(&levels_json)
    .execute(w.conn())
    .await?;
    for (i, g) in gy.structure().goals().iter().enumerate() {
        let agenda = g.agenda2030.iter().map(u8::to_string).collect::<Vec<_>>().join(",");
        sqlx::query(
            "INSERT INTO goal (municipality, year, key, depth, parent_key, number, title, kf_goal, agenda2030, position, assignments) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (municipality, year, key) DO UPDATE SET depth = excluded.depth, parent_key = excluded.parent_key, \
             number = excluded.number, title = excluded.title, kf_goal = excluded.kf_goal, agenda2030 = excluded.agenda2030, position = excluded.position, \
             assignments = excluded.assignments",
        )
        .bind(municipality)
        .bind(year)
        .bind(&g.key)
        .bind(g.depth as i64)
        .bind(&g.parent)
        .bind(&g.number)
        .bind(&g.title)
        .bind(&g.kf_goal)
        .bind(agenda)
        .bind(i as i64)
        .bind(g.assignments.join("\n"))
        .execute(w.conn())
        .await?;
    }
    for (i, ind) in gy.indicators().iter().enumerate() {
        sqlx::query(
            "INSERT INTO indicator (municipality, year, key, goal_key, name, unit, direction, source, method, kolada_kpi, responsible, position) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
             ON CONFLICT (municipality, year, key) DO UPDATE SET goal_key = excluded.goal_key, name = excluded.name, unit = excluded.unit, \
             direction = excluded.direction, source = excluded.source, method = excluded.method, kolada_kpi = excluded.kolada_kpi, \
             responsible = excluded.responsible, position = excluded.position",
        )
        .bind(municipality)
        .bind(year)
        .bind(&ind.key)
        .bind(&ind.goal)
        .bind(&ind.name)
        .bind(ind.unit.key())
        .bind(ind.direction.key())
        .bind(&ind.source)
        .bind(&ind.method)
        .bind(&ind.kolada_kpi)
        .bind(&ind.responsible)
        .bind(i as i64)
        .execute(w.conn())
        .await?;
    }
    let keep_ind: Vec<&str> = gy.indicators().iter().map(|i| i.key.as_str()).collect();
    let keep_goal: Vec<&str> = gy.structure().goals().iter().map(|g| g.key.as_str()).collect();
    let stored: Vec<(String,)> = sqlx::query_as("SELECT key FROM indicator WHERE municipality = $1 AND year = $2")
        .bind(municipality)
        .bind(year)
        .fetch_all(w.conn())
        .await?;
    for (k,) in stored.iter().filter(|(k,)| !keep_ind.contains(&k.as_str())) {
        sqlx::query("DELETE FROM indicator WHERE municipality = $1 AND year = $2 AND key = $3")
            .bind(municipality)
            .bind(year)
            .bind(k)
            .execute(w.conn())
            .await?;
    }
    let stored: Vec<(String,)> = sqlx::query_as("SELECT key FROM goal WHERE municipality = $1 AND year = $2")
        .bind(municipality)
        .bind(year)
        .fetch_all(w.conn())
        .await?;
    for (k,) in stored.iter().filter(|(k,)| !keep_goal.contains(&k.as_str())) {
        sqlx::query("DELETE FROM goal WHERE municipality = $1 AND year = $2 AND key = $3")
            .bind(municipality)
            .bind(year)
            .bind(k)
            .execute(w.conn())
            .await?;
    }
    let action = if before.is_some() { "goals.replace" } else { "goals.create" };
    w.audit(Change::new(Some(municipality), action, "goal_year", &format!("{municipality}/{year}"), before.as_ref(), Some(gy))).await
}

async fn indicator_exists(conn: &mut AnyConnection, municipality: &str, key: &str) -> Result<bool> {
    let row: Option<(String,)> = sqlx::query_as("SELECT key FROM indicator WHERE municipality = $1 AND key = $2 LIMIT 1")
        .bind(municipality)
        .bind(key)
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

/// Stores (or replaces) an indicator's target for a period.
pub async fn save_target(w: &mut Writer<'_>, municipality: &str, indicator: &str, period: Period, target: &Target) -> Result<()> {
    if !indicator_exists(w.conn(), municipality, indicator).await? {
        return Err(Error::NotFound(format!("indikator {indicator}")));
    }
    let before = targets_in(w.conn(), municipality, indicator).await?.into_iter().find(|(p, _)| *p == period).map(|(_, t)| t);
    let (kind, value, base) = match target {
        Target::Value { value } => ("value", Some(value.raw()), None),
        Target::Increase { base } => ("increase", None, base.map(|p| p.to_string())),
        Target::Decrease { base } => ("decrease", None, base.map(|p| p.to_string())),
        Target::Maintain { base } => ("maintain", None, base.map(|p| p.to_string())),
    };
    sqlx::query(
        "INSERT INTO indicator_target (municipality, indicator_key, period, kind, value, base_period) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (municipality, indicator_key, period) DO UPDATE SET kind = excluded.kind, value = excluded.value, base_period = excluded.base_period",
    )
    .bind(municipality)
    .bind(indicator)
    .bind(period.to_string())
    .bind(kind)
    .bind(value)
    .bind(base)
    .execute(w.conn())
    .await?;
    let key = format!("{indicator}/{period}");
    w.audit(Change::new(Some(municipality), "indicator.target", "indicator_target", &key, before.as_ref(), Some(target))).await
}

/// An indicator's targets, by period.
pub async fn targets(store: &Store, municipality: &str, indicator: &str) -> Result<Vec<(Period, Target)>> {
    let mut conn = store.pool().acquire().await?;
    targets_in(&mut conn, municipality, indicator).await
}

async fn targets_in(conn: &mut AnyConnection, municipality: &str, indicator: &str) -> Result<Vec<(Period, Target)>> {
    let rows: Vec<(String, String, Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT period, kind, value, base_period FROM indicator_target WHERE municipality = $1 AND indicator_key = $2 ORDER BY period",
    )
    .bind(municipality)
    .bind(indicator)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(p, kind, value, base)| {
            let base = base.map(|b| period(&b)).transpose()?;
            let t = match kind.as_str() {
                "value" => Target::Value { value: Measure::from_raw(value.ok_or_else(|| corrupt("target without value"))?) },
                "increase" => Target::Increase { base },
                "decrease" => Target::Decrease { base },
                "maintain" => Target::Maintain { base },
                other => return Err(corrupt(format!("target kind {other}"))),
            };
            Ok((period(&p)?, t))
        })
        .collect::<Result<Vec<_>>>()
        // In time order (the text order of "2021", "2021-D08", "2021T1" differs between the
        // databases).
        .map(|mut v| {
            v.sort_by_key(|(p, _)| (p.end(), p.start()));
            v
        })
}

/// Stores (or replaces) an outcome. An outcome with no values removes the stored one.
pub async fn save_outcome(w: &mut Writer<'_>, municipality: &str, indicator: &str, outcome: &Outcome) -> Result<()> {
    if !indicator_exists(w.conn(), municipality, indicator).await? {
        return Err(Error::NotFound(format!("indikator {indicator}")));
    }
    let before = outcomes_in(w.conn(), municipality, indicator).await?.into_iter().find(|o| o.period == outcome.period);
    let empty = outcome.total.is_none() && outcome.women.is_none() && outcome.men.is_none() && outcome.note.is_none();
    if empty {
        sqlx::query("DELETE FROM indicator_outcome WHERE municipality = $1 AND indicator_key = $2 AND period = $3")
            .bind(municipality)
            .bind(indicator)
            .bind(outcome.period.to_string())
            .execute(w.conn())
            .await?;
    } else {
        sqlx::query(
            "INSERT INTO indicator_outcome (municipality, indicator_key, period, total, women, men, note) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (municipality, indicator_key, period) DO UPDATE SET total = excluded.total, women = excluded.women, men = excluded.men, note = excluded.note",
        )
        .bind(municipality)
        .bind(indicator)
        .bind(outcome.period.to_string())
        .bind(outcome.total.map(Measure::raw))
        .bind(outcome.women.map(Measure::raw))
        .bind(outcome.men.map(Measure::raw))
        .bind(&outcome.note)
        .execute(w.conn())
        .await?;
    }
    if before.as_ref() == Some(outcome) {
        return Ok(());
    }
    let key = format!("{indicator}/{}", outcome.period);
    let after = (!empty).then_some(outcome);
    w.audit(Change::new(Some(municipality), "indicator.outcome", "indicator_outcome", &key, before.as_ref(), after)).await
}

/// An indicator's outcomes, oldest period first.
pub async fn outcomes(store: &Store, municipality: &str, indicator: &str) -> Result<Vec<Outcome>> {
    let mut conn = store.pool().acquire().await?;
    outcomes_in(&mut conn, municipality, indicator).await
}

async fn outcomes_in(conn: &mut AnyConnection, municipality: &str, indicator: &str) -> Result<Vec<Outcome>> {
    let rows: Vec<(String, Option<i64>, Option<i64>, Option<i64>, Option<String>)> =
        sqlx::query_as("SELECT period, total, women, men, note FROM indicator_outcome WHERE municipality = $1 AND indicator_key = $2")
            .bind(municipality)
            .bind(indicator)
            .fetch_all(conn)
            .await?;
    let mut out = rows
        .into_iter()
        .map(|(p, t, w, m, note)| Ok(Outcome { period: period(&p)?, total: measure(t), women: measure(w), men: measure(m), note }))
        .collect::<Result<Vec<_>>>()?;
    out.sort_by_key(|o| (o.period.start(), o.period.end()));
    Ok(out)
}

/// Stores (or replaces) a goal's assessment, with who made it.
pub async fn save_assessment(w: &mut Writer<'_>, municipality: &str, a: &Assessment) -> Result<()> {
    let before = assessments_in(w.conn(), municipality, a.period()).await?.into_iter().find(|x| x.goal() == a.goal());
    sqlx::query(
        "INSERT INTO goal_assessment (municipality, goal_key, period, level, analysis, assessed_by, assessed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (municipality, goal_key, period) DO UPDATE SET level = excluded.level, analysis = excluded.analysis, \
         assessed_by = excluded.assessed_by, assessed_at = excluded.assessed_at",
    )
    .bind(municipality)
    .bind(a.goal())
    .bind(a.period().to_string())
    .bind(a.level())
    .bind(a.analysis())
    .bind(w.actor().as_str().to_string())
    .bind(crate::now_iso())
    .execute(w.conn())
    .await?;
    let key = format!("{}/{}", a.goal(), a.period());
    w.audit(Change::new(Some(municipality), "goal.assess", "goal_assessment", &key, before.as_ref(), Some(a))).await
}

/// The assessments of a period.
pub async fn assessments(store: &Store, municipality: &str, period: Period) -> Result<Vec<Assessment>> {
    let mut conn = store.pool().acquire().await?;
    assessments_in(&mut conn, municipality, period).await
}

async fn assessments_in(conn: &mut AnyConnection, municipality: &str, p: Period) -> Result<Vec<Assessment>> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT goal_key, level, analysis FROM goal_assessment WHERE municipality = $1 AND period = $2")
            .bind(municipality)
            .bind(p.to_string())
            .fetch_all(&mut *conn)
            .await?;
    let scale = match load_year(conn, municipality, p.year()).await? {
        Some(gy) => gy.scale().clone(),
        None => return Ok(Vec::new()),
    };
    rows.into_iter().map(|(g, level, analysis)| Assessment::new(&g, p, &level, &analysis, &scale).map_err(corrupt)).collect()
}

/// Who assessed a goal for a period, and when (ISO 8601 UTC), if it is assessed.
pub async fn assessed_by(store: &Store, municipality: &str, goal: &str, period: Period) -> Result<Option<(String, String)>> {
    Ok(sqlx::query_as("SELECT assessed_by, assessed_at FROM goal_assessment WHERE municipality = $1 AND goal_key = $2 AND period = $3")
        .bind(municipality)
        .bind(goal)
        .bind(period.to_string())
        .fetch_optional(store.pool())
        .await?)
}

/// Whether a year's goals and results are published (visible to the public).
pub async fn is_published(store: &Store, municipality: &str, year: i32) -> Result<bool> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT published FROM goal_year WHERE municipality = $1 AND year = $2")
        .bind(municipality)
        .bind(year as i64)
        .fetch_optional(store.pool())
        .await?;
    Ok(row.is_some_and(|(p,)| p != 0))
}

/// Publishes or withdraws a year's goals and results.
pub async fn set_published(w: &mut Writer<'_>, municipality: &str, year: i32, published: bool) -> Result<()> {
    let before: Option<(i64,)> = sqlx::query_as("SELECT published FROM goal_year WHERE municipality = $1 AND year = $2")
        .bind(municipality)
        .bind(year as i64)
        .fetch_optional(w.conn())
        .await?;
    let Some((before,)) = before else { return Err(Error::NotFound(format!("målen för {year}"))) };
    sqlx::query("UPDATE goal_year SET published = $1 WHERE municipality = $2 AND year = $3")
        .bind(i64::from(published))
        .bind(municipality)
        .bind(year as i64)
        .execute(w.conn())
        .await?;
    let action = if published { "goals.publish" } else { "goals.withdraw" };
    w.audit(Change::new(Some(municipality), action, "goal_year", &format!("{municipality}/{year}"), Some(&(before != 0)), Some(&published)))
        .await
}
