//! Quality management rows (JSON of the domain types): deviation types, deviations, complaints,
//! self-inspections, children's-rights points, grant re-reports and their insatser.

use crate::{Change, Error, Result, Store, Writer, json, parse};
use domain::period::Date;
use domain::quality::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// What a quality row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Deviation type (key, name).
    Type,
    /// A deviation.
    Deviation,
    /// A complaint or suggestion.
    Complaint,
    /// A self-inspection.
    Inspection,
    /// A children's-rights follow-up point.
    ChildRights,
    /// A grant re-report.
    Grant,
    /// An insats of a grant re-report.
    Insats,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::Type => "type",
            Kind::Deviation => "deviation",
            Kind::Complaint => "complaint",
            Kind::Inspection => "inspection",
            Kind::ChildRights => "childrights",
            Kind::Grant => "grant",
            Kind::Insats => "insats",
        }
    }
}

/// Replaces every row of `kind` for `year` with `rows` (key, row).
pub async fn replace<T: Serialize>(w: &mut Writer<'_>, municipality: &str, year: i32, kind: Kind, rows: &[(String, T)]) -> Result<()> {
    sqlx::query("DELETE FROM quality_row WHERE municipality = $1 AND kind = $2 AND year = $3")
        .bind(municipality)
        .bind(kind.key())
        .bind(year as i64)
        .execute(w.conn())
        .await?;
    for (i, (k, r)) in rows.iter().enumerate() {
        sqlx::query("INSERT INTO quality_row (municipality, kind, row_key, year, position, row_json) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(municipality)
            .bind(kind.key())
            .bind(k)
            .bind(year as i64)
            .bind(i as i64)
            .bind(json(r)?)
            .execute(w.conn())
            .await?;
    }
    let after = serde_json::json!({ "rows": rows.len() });
    w.audit(Change::new(
        Some(municipality),
        &format!("quality.replace.{}", kind.key()),
        "quality_row",
        &format!("{municipality}/{year}"),
        None,
        Some(&after),
    ))
    .await
}

/// Rows of `kind` for `year`, in order.
pub async fn list<T: DeserializeOwned>(store: &Store, municipality: &str, year: i32, kind: Kind) -> Result<Vec<T>> {
    Ok(list_keyed(store, municipality, year, kind).await?.into_iter().map(|(_, r)| r).collect())
}

/// Rows of `kind` for `year` with their keys, in order.
pub async fn list_keyed<T: DeserializeOwned>(store: &Store, municipality: &str, year: i32, kind: Kind) -> Result<Vec<(String, T)>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT row_key, row_json FROM quality_row WHERE municipality = $1 AND kind = $2 AND year = $3 ORDER BY position, row_key",
    )
    .bind(municipality)
    .bind(kind.key())
    .bind(year as i64)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter().map(|(k, j)| Ok((k, parse(&j)?))).collect()
}

/// The deviation types in force in `year`: the year's own; or those of the nearest year that
/// has types (an earlier one first: a catalogue carries over until it is replaced); or, for a
/// municipality that has imported none, [`domain::quality::DEFAULT_TYPES`].
pub async fn types(store: &Store, municipality: &str, year: i32) -> Result<Vec<(String, String)>> {
    let years: Vec<(i64,)> = sqlx::query_as("SELECT DISTINCT year FROM quality_row WHERE municipality = $1 AND kind = $2")
        .bind(municipality)
        .bind(Kind::Type.key())
        .fetch_all(store.pool())
        .await?;
    let years: Vec<i32> = years.into_iter().map(|(y,)| y as i32).collect();
    let nearest = years.iter().filter(|y| **y <= year).max().or_else(|| years.iter().filter(|y| **y > year).min());
    match nearest {
        Some(y) => list(store, municipality, *y, Kind::Type).await,
        None => Ok(domain::quality::DEFAULT_TYPES.iter().map(|(k, n)| (k.to_string(), n.to_string())).collect()),
    }
}

/// Years with deviations or grant reports, newest first.
pub async fn years(store: &Store, municipality: &str) -> Result<Vec<i32>> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT DISTINCT year FROM quality_row WHERE municipality = $1 ORDER BY year DESC")
        .bind(municipality)
        .fetch_all(store.pool())
        .await?;
    Ok(rows.into_iter().map(|(y,)| y as i32).collect())
}

/// One deviation by id.
pub async fn deviation(store: &Store, municipality: &str, id: &str) -> Result<Option<Deviation>> {
    row(store, municipality, Kind::Deviation, id).await
}

/// Saves one deviation (new or changed), validated, audited with what it was before.
pub async fn save_deviation(w: &mut Writer<'_>, municipality: &str, d: &Deviation) -> Result<()> {
    d.validate().map_err(|e| Error::Conflict(e.0))?;
    save_row(w, municipality, Kind::Deviation, &d.id, d.date.year(), d).await
}

/// Adds a complaint or suggestion, numbered K{year}-NNN in this transaction; returns its id.
pub async fn add_complaint(w: &mut Writer<'_>, municipality: &str, mut c: Complaint) -> Result<String> {
    c.id = next_id(w, municipality, Kind::Complaint, &format!("K{}-", c.received.year())).await?;
    save_row(w, municipality, Kind::Complaint, &c.id, c.received.year(), &c).await?;
    Ok(c.id)
}

/// Records when a complaint was answered and what came of it, if `may` admits it (a head of
/// unit answers the own unit's only); refused when it is answered already or the answer
/// predates it. `None` when there is no such complaint (or `may` refuses it).
pub async fn answer_complaint(
    w: &mut Writer<'_>,
    municipality: &str,
    id: &str,
    answered: Date,
    outcome: &str,
    correction: bool,
    may: impl Fn(&Complaint) -> bool,
) -> Result<Option<Complaint>> {
    let Some(mut c) = row_in::<Complaint>(w, municipality, Kind::Complaint, id).await?.filter(|c| may(c)) else { return Ok(None) };
    // Answered once; a wrong answer is corrected as such (the audit log keeps what it was).
    if let (Some(a), false) = (c.answered, correction) {
        return Err(Error::Conflict(format!("Klagomål {id} besvarades redan {a}; rätta svaret om det är fel registrerat.")));
    }
    if answered < c.received {
        return Err(Error::Conflict(format!("Svaret kan inte vara daterat före mottagandet {}.", c.received)));
    }
    c.answered = Some(answered);
    c.outcome = outcome.to_string();
    save_row(w, municipality, Kind::Complaint, id, c.received.year(), &c).await?;
    Ok(Some(c))
}

/// Adds a control to a year's self-inspection programme under the next key of the year
/// ("2021-5", as the import numbers them), taken in this transaction; returns the key.
pub async fn add_inspection(w: &mut Writer<'_>, municipality: &str, year: i32, i: &SelfInspection) -> Result<String> {
    let prefix = format!("{year}-");
    let next = last_number(w, municipality, Kind::Inspection, &prefix).await?.map_or(0, |n| n + 1);
    let key = format!("{prefix}{next}");
    save_row(w, municipality, Kind::Inspection, &key, year, i).await?;
    Ok(key)
}

/// Writes the result of a self-inspection, if `may` admits it; `None` when there is no such
/// self-inspection (or `may` refuses it).
pub async fn set_inspection_result(
    w: &mut Writer<'_>,
    municipality: &str,
    year: i32,
    key: &str,
    result: &str,
    may: impl Fn(&SelfInspection) -> bool,
) -> Result<Option<SelfInspection>> {
    if !key.starts_with(&format!("{year}-")) {
        return Ok(None);
    }
    let Some(mut i) = row_in::<SelfInspection>(w, municipality, Kind::Inspection, key).await?.filter(|i| may(i)) else { return Ok(None) };
    i.result = result.to_string();
    save_row(w, municipality, Kind::Inspection, key, year, &i).await?;
    Ok(Some(i))
}

/// Sets how much of a grant has been used (`None`: not reported yet); `None` back when the
/// year has no such grant.
pub async fn set_grant_used(
    w: &mut Writer<'_>,
    municipality: &str,
    year: i32,
    grant: &str,
    used: Option<domain::money::Ore>,
) -> Result<Option<GrantReport>> {
    let key = format!("{year}-{grant}");
    let Some(mut g) = row_in::<GrantReport>(w, municipality, Kind::Grant, &key).await? else { return Ok(None) };
    g.used = used;
    save_row(w, municipality, Kind::Grant, &key, year, &g).await?;
    Ok(Some(g))
}

/// Saves an insats of a grant's re-report (new or changed), numbered 1–[`MAX_INSATSER`]; a
/// new one without a number gets the next free. Refused for a grant the year does not have, and
/// for an insats `may` does not admit (a head of unit changes the own unit's only).
pub async fn save_insats(
    w: &mut Writer<'_>,
    municipality: &str,
    year: i32,
    mut i: GrantInsats,
    may: impl Fn(&GrantInsats) -> bool,
) -> Result<GrantInsats> {
    if row_in::<GrantReport>(w, municipality, Kind::Grant, &format!("{year}-{}", i.grant)).await?.is_none() {
        return Err(Error::Conflict(format!("Bidraget {} finns inte för {year}.", i.grant)));
    }
    if i.number == 0 {
        i.number = last_number(w, municipality, Kind::Insats, &format!("{year}-{}-", i.grant)).await?.unwrap_or(0) + 1;
    }
    if !(1..=MAX_INSATSER).contains(&i.number) {
        return Err(Error::Conflict(format!("Återrapporteringen rymmer högst {MAX_INSATSER} insatser per bidrag.")));
    }
    if i.content.trim().is_empty() {
        return Err(Error::Conflict("Beskriv insatsen.".into()));
    }
    let key = format!("{year}-{}-{}", i.grant, i.number);
    let before: Option<GrantInsats> = row_in(w, municipality, Kind::Insats, &key).await?;
    if !before.as_ref().is_none_or(&may) || !may(&i) {
        return Err(Error::Conflict(format!("Insats {} hör till en annan enhet.", i.number)));
    }
    save_row(w, municipality, Kind::Insats, &key, year, &i).await?;
    Ok(i)
}

/// One row of `kind` by key, read in the writer's transaction.
async fn row_in<T: DeserializeOwned>(w: &mut Writer<'_>, municipality: &str, kind: Kind, key: &str) -> Result<Option<T>> {
    row_on(w.conn(), municipality, kind, key).await
}

async fn row_on<T: DeserializeOwned>(conn: &mut sqlx::AnyConnection, municipality: &str, kind: Kind, key: &str) -> Result<Option<T>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT row_json FROM quality_row WHERE municipality = $1 AND kind = $2 AND row_key = $3")
        .bind(municipality)
        .bind(kind.key())
        .bind(key)
        .fetch_optional(conn)
        .await?;
    row.map(|(j,)| parse(&j)).transpose()
}

/// The highest number after `prefix` among the keys of `kind` ("A2021-038" → 38 for "A2021-"),
/// read in the writer's transaction; `None` when no key has the prefix.
async fn last_number(w: &mut Writer<'_>, municipality: &str, kind: Kind, prefix: &str) -> Result<Option<u32>> {
    let keys: Vec<(String,)> = sqlx::query_as("SELECT row_key FROM quality_row WHERE municipality = $1 AND kind = $2")
        .bind(municipality)
        .bind(kind.key())
        .fetch_all(w.conn())
        .await?;
    Ok(keys.iter().filter_map(|(k,)| k.strip_prefix(prefix)?.parse::<u32>().ok()).max())
}

/// One row of `kind` by key, or `None`.
pub async fn row<T: DeserializeOwned>(store: &Store, municipality: &str, kind: Kind, key: &str) -> Result<Option<T>> {
    row_on(&mut *store.pool().acquire().await?, municipality, kind, key).await
}

/// Saves one row of `kind` under `key` (new rows last in the list), audited as
/// `quality.<kind>` with what it was before.
async fn save_row<T: Serialize>(w: &mut Writer<'_>, municipality: &str, kind: Kind, key: &str, year: i32, row: &T) -> Result<()> {
    let before: Option<(String, i64)> =
        sqlx::query_as("SELECT row_json, position FROM quality_row WHERE municipality = $1 AND kind = $2 AND row_key = $3")
            .bind(municipality)
            .bind(kind.key())
            .bind(key)
            .fetch_optional(w.conn())
            .await?;
    let position = match &before {
        Some((_, p)) => *p,
        None => {
            let (n,): (i64,) = sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM quality_row WHERE municipality = $1 AND kind = $2")
                .bind(municipality)
                .bind(kind.key())
                .fetch_one(w.conn())
                .await?;
            n
        }
    };
    sqlx::query("DELETE FROM quality_row WHERE municipality = $1 AND kind = $2 AND row_key = $3")
        .bind(municipality)
        .bind(kind.key())
        .bind(key)
        .execute(w.conn())
        .await?;
    sqlx::query("INSERT INTO quality_row (municipality, kind, row_key, year, position, row_json) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(municipality)
        .bind(kind.key())
        .bind(key)
        .bind(year as i64)
        .bind(position)
        .bind(json(row)?)
        .execute(w.conn())
        .await?;
    let b = before.and_then(|(j, _)| serde_json::from_str::<serde_json::Value>(&j).ok());
    let a = serde_json::to_value(row).map_err(|e| Error::Corrupt(e.to_string()))?;
    w.audit(Change::new(
        Some(municipality),
        &format!("quality.{}", kind.key()),
        "quality_row",
        &format!("{municipality}/{key}"),
        b.as_ref(),
        Some(&a),
    ))
    .await
}

/// Saves a changed deviation only if it is still as the caller read it (`read`): two people
/// working on the same deviation get a conflict, not a silently lost change. The row is
/// compared and replaced in one statement, so it holds on both databases.
pub async fn update_deviation(w: &mut Writer<'_>, municipality: &str, read: &Deviation, d: &Deviation) -> Result<()> {
    d.validate().map_err(|e| Error::Conflict(e.0))?;
    if read.id != d.id {
        return Err(Error::Conflict(format!("avvikelse {} kan inte byta nummer till {}", read.id, d.id)));
    }
    let changed = sqlx::query(
        "UPDATE quality_row SET row_json = $3, year = $4 WHERE municipality = $1 AND kind = 'deviation' AND row_key = $2 AND row_json = $5",
    )
    .bind(municipality)
    .bind(&d.id)
    .bind(json(d)?)
    .bind(d.date.year() as i64)
    .bind(json(read)?)
    .execute(w.conn())
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(Error::Conflict(format!(
            "Avvikelse {} har ändrats av någon annan sedan du öppnade den. Läs in sidan igen och gör din ändring på nytt.",
            d.id
        )));
    }
    let b = serde_json::to_value(read).map_err(|e| Error::Corrupt(e.to_string()))?;
    let a = serde_json::to_value(d).map_err(|e| Error::Corrupt(e.to_string()))?;
    w.audit(Change::new(Some(municipality), "quality.deviation", "quality_row", &format!("{municipality}/{}", d.id), Some(&b), Some(&a)))
        .await
}

/// The next free deviation id of a year ("A2021-038").
pub async fn next_deviation_id(w: &mut Writer<'_>, municipality: &str, year: i32) -> Result<String> {
    next_id(w, municipality, Kind::Deviation, &format!("A{year}-")).await
}

/// The next free id of `kind` that starts with `prefix`: the prefix and a three-digit number.
async fn next_id(w: &mut Writer<'_>, municipality: &str, kind: Kind, prefix: &str) -> Result<String> {
    Ok(format!("{prefix}{:03}", last_number(w, municipality, kind, prefix).await?.unwrap_or(0) + 1))
}
