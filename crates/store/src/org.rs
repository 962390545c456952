//! Municipalities, their organisation, and their follow-up plans.

use crate::{Change, Error, Result, Store, Writer};
use domain::org::{Body, BodyKind, Municipality, Organisation, ScbCode, Unit, UnitKind};
use domain::period::FollowUpPlan;
use sqlx::Row;

/// Every municipality, sorted in Swedish order by name.
pub async fn municipalities(store: &Store) -> Result<Vec<Municipality>> {
    let rows = sqlx::query("SELECT code, name, case_form FROM municipality").fetch_all(store.pool()).await?;
    let mut out = rows
        .iter()
        .map(|r| {
            let code: String = r.try_get("code")?;
            Ok(Municipality {
                code: ScbCode::parse(&code).map_err(|e| Error::Corrupt(e.to_string()))?,
                name: r.try_get("name")?,
                case_form: r.try_get("case_form")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    domain::sv::sort_by_key_sv(&mut out, |m| &m.name);
    Ok(out)
}

/// One municipality, or `None`.
pub async fn municipality(store: &Store, code: &str) -> Result<Option<Municipality>> {
    Ok(municipalities(store).await?.into_iter().find(|m| m.code.as_str() == code))
}

/// [`Organisation::unknown_unit`] of the municipality's organisation as stored.
pub async fn unknown_unit(store: &Store, code: &str, unit: &str) -> Result<Option<String>> {
    Ok(organisation(store, code).await?.unknown_unit(unit))
}

/// [`Organisation::unknown_body`] of the municipality's organisation as stored.
pub async fn unknown_body(store: &Store, code: &str, body: &str) -> Result<Option<String>> {
    Ok(organisation(store, code).await?.unknown_body(body))
}

/// The organisation of a municipality as stored.
pub async fn organisation(store: &Store, code: &str) -> Result<Organisation> {
    let mut conn = store.pool().acquire().await?;
    load_in(&mut conn, code).await
}

/// Creates or replaces a municipality's organisation: the municipality row, its bodies and
/// its units. Rows whose keys are gone are removed; the rest are updated in place.
pub async fn save_organisation(w: &mut Writer<'_>, org: &Organisation) -> Result<()> {
    let code = org.municipality().code.as_str().to_string();
    let existing: Option<(String,)> =
        sqlx::query_as("SELECT name FROM municipality WHERE code = $1").bind(&code).fetch_optional(w.conn()).await?;
    let before = match existing {
        // Read through the writer's own transaction: the "before" state is the one replaced.
        Some(_) => Some(load_in(w.conn(), &code).await?),
        None => None,
    };
    sqlx::query(
        "INSERT INTO municipality (code, name, case_form) VALUES ($1, $2, $3) \
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, case_form = excluded.case_form",
    )
    .bind(&code)
    .bind(&org.municipality().name)
    .bind(&org.municipality().case_form)
    .execute(w.conn())
    .await?;
    sqlx::query("DELETE FROM body WHERE municipality = $1").bind(&code).execute(w.conn()).await?;
    for (i, b) in org.bodies().iter().enumerate() {
        sqlx::query("INSERT INTO body (municipality, key, kind, name, parent_key, position) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&code)
            .bind(&b.key)
            .bind(b.kind.key())
            .bind(&b.name)
            .bind(&b.parent)
            .bind(i as i64)
            .execute(w.conn())
            .await?;
    }
    let keep: Vec<&str> = org.units().iter().map(|u| u.key.as_str()).collect();
    let stored: Vec<(String,)> = sqlx::query_as("SELECT key FROM unit WHERE municipality = $1").bind(&code).fetch_all(w.conn()).await?;
    for (key,) in stored.iter().filter(|(k,)| !keep.contains(&k.as_str())) {
        sqlx::query("DELETE FROM unit WHERE municipality = $1 AND key = $2").bind(&code).bind(key).execute(w.conn()).await?;
    }
    for (i, u) in org.units().iter().enumerate() {
        sqlx::query(
            "INSERT INTO unit (municipality, key, kind, name, ansvar, parent_key, body_key, position) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (municipality, key) DO UPDATE SET kind = excluded.kind, name = excluded.name, \
             ansvar = excluded.ansvar, parent_key = excluded.parent_key, body_key = excluded.body_key, position = excluded.position",
        )
        .bind(&code)
        .bind(&u.key)
        .bind(u.kind.key())
        .bind(&u.name)
        .bind(&u.ansvar)
        .bind(&u.parent)
        .bind(&u.body)
        .bind(i as i64)
        .execute(w.conn())
        .await?;
    }
    let action = if before.is_some() { "org.replace" } else { "org.create" };
    w.audit(Change::new(Some(&code), action, "organisation", &code, before.as_ref(), Some(org))).await
}

async fn load_in(conn: &mut sqlx::AnyConnection, code: &str) -> Result<Organisation> {
    let name: Option<(String, String)> =
        sqlx::query_as("SELECT name, case_form FROM municipality WHERE code = $1").bind(code).fetch_optional(&mut *conn).await?;
    let Some((name, case_form)) = name else {
        return Err(Error::NotFound(format!("kommunen {code}")));
    };
    let bodies: Vec<(String, String, String, Option<String>)> =
        sqlx::query_as("SELECT key, kind, name, parent_key FROM body WHERE municipality = $1 ORDER BY position")
            .bind(code)
            .fetch_all(&mut *conn)
            .await?;
    #[allow(clippy::type_complexity)]
    let units: Vec<(String, String, String, Option<String>, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT key, kind, name, ansvar, parent_key, body_key FROM unit WHERE municipality = $1 ORDER BY position")
            .bind(code)
            .fetch_all(&mut *conn)
            .await?;
    let corrupt = |v: &str| Error::Corrupt(format!("kind \"{v}\" in municipality {code}"));
    let bodies = bodies
        .into_iter()
        .map(|(key, kind, name, parent)| Ok(Body { key, kind: BodyKind::parse(&kind).ok_or_else(|| corrupt(&kind))?, name, parent }))
        .collect::<Result<Vec<_>>>()?;
    let units = units
        .into_iter()
        .map(|(key, kind, name, ansvar, parent, body)| {
            Ok(Unit { key, kind: UnitKind::parse(&kind).ok_or_else(|| corrupt(&kind))?, name, ansvar, parent, body })
        })
        .collect::<Result<Vec<_>>>()?;
    let m = Municipality { code: ScbCode::parse(code).map_err(|e| Error::Corrupt(e.to_string()))?, name, case_form };
    Organisation::new(m, bodies, units).map_err(|e| Error::Corrupt(e.to_string()))
}

/// Stores (or replaces) a municipality's follow-up plan for a year.
pub async fn save_follow_up_plan(w: &mut Writer<'_>, municipality: &str, plan: &FollowUpPlan) -> Result<()> {
    let before = follow_up_plan_in(w.conn(), municipality, plan.year()).await?;
    sqlx::query(
        "INSERT INTO follow_up_plan (municipality, year, forecast_months, interim_months) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (municipality, year) DO UPDATE SET forecast_months = excluded.forecast_months, interim_months = excluded.interim_months",
    )
    .bind(municipality)
    .bind(plan.year() as i64)
    .bind(FollowUpPlan::months_text(plan.forecast_months()))
    .bind(FollowUpPlan::months_text(plan.interim_months()))
    .execute(w.conn())
    .await?;
    let key = format!("{municipality}/{}", plan.year());
    w.audit(Change::new(Some(municipality), "period.plan", "follow_up_plan", &key, before.as_ref(), Some(plan))).await
}

/// The follow-up plans of a municipality, by year.
pub async fn follow_up_plans(store: &Store, municipality: &str) -> Result<Vec<FollowUpPlan>> {
    let mut conn = store.pool().acquire().await?;
    let years: Vec<(i64,)> = sqlx::query_as("SELECT year FROM follow_up_plan WHERE municipality = $1 ORDER BY year")
        .bind(municipality)
        .fetch_all(&mut *conn)
        .await?;
    let mut out = Vec::new();
    for (y,) in years {
        if let Some(p) = follow_up_plan_in(&mut conn, municipality, y as i32).await? {
            out.push(p);
        }
    }
    Ok(out)
}

async fn follow_up_plan_in(conn: &mut sqlx::AnyConnection, municipality: &str, year: i32) -> Result<Option<FollowUpPlan>> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT forecast_months, interim_months FROM follow_up_plan WHERE municipality = $1 AND year = $2")
            .bind(municipality)
            .bind(year as i64)
            .fetch_optional(conn)
            .await?;
    row.map(|(f, i)| {
        let bad = |e: domain::period::PeriodError| Error::Corrupt(e.to_string());
        FollowUpPlan::new(year, FollowUpPlan::parse_months(&f).map_err(bad)?, FollowUpPlan::parse_months(&i).map_err(bad)?).map_err(bad)
    })
    .transpose()
}
