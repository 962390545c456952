//! Personnel statistics: sick leave and key figures per year.

use crate::{Change, Result, Store, Writer, json, parse};
use domain::personnel::{KeyFigure, SickLeave};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Replaces the rows of one kind (`sick` or `key`) for a year; returns the rows replaced (for
/// the audit log).
async fn replace<T: Serialize>(
    w: &mut Writer<'_>,
    municipality: &str,
    year: i32,
    kind: &str,
    rows: &[T],
) -> Result<Vec<serde_json::Value>> {
    let before: Vec<serde_json::Value> = list_in(w.conn(), municipality, year, kind).await?;
    sqlx::query("DELETE FROM personnel_row WHERE municipality = $1 AND year = $2 AND kind = $3")
        .bind(municipality)
        .bind(year as i64)
        .bind(kind)
        .execute(w.conn())
        .await?;
    for (i, r) in rows.iter().enumerate() {
        sqlx::query("INSERT INTO personnel_row (municipality, year, kind, position, row_json) VALUES ($1, $2, $3, $4, $5)")
            .bind(municipality)
            .bind(year as i64)
            .bind(kind)
            .bind(i as i64)
            .bind(json(r)?)
            .execute(w.conn())
            .await?;
    }
    Ok(before)
}

async fn list<T: DeserializeOwned>(store: &Store, municipality: &str, year: i32, kind: &str) -> Result<Vec<T>> {
    list_in(&mut *store.pool().acquire().await?, municipality, year, kind).await
}

/// [`list`] on a connection (a writer's, to read what it replaces).
async fn list_in<T: DeserializeOwned>(conn: &mut sqlx::AnyConnection, municipality: &str, year: i32, kind: &str) -> Result<Vec<T>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT row_json FROM personnel_row WHERE municipality = $1 AND year = $2 AND kind = $3 ORDER BY position")
            .bind(municipality)
            .bind(year as i64)
            .bind(kind)
            .fetch_all(conn)
            .await?;
    rows.into_iter().map(|(j,)| parse(&j)).collect()
}

/// Replaces a year's personnel statistics.
pub async fn replace_year(w: &mut Writer<'_>, municipality: &str, year: i32, sick: &[SickLeave], figures: &[KeyFigure]) -> Result<()> {
    let sick_before = replace(w, municipality, year, "sick", sick).await?;
    let key_before = replace(w, municipality, year, "key", figures).await?;
    let before = (!sick_before.is_empty() || !key_before.is_empty())
        .then(|| serde_json::json!({ "sick_leave": sick_before, "key_figures": key_before }));
    let after = serde_json::json!({ "sick_leave": sick, "key_figures": figures });
    w.audit(Change::new(
        Some(municipality),
        "personnel.replace",
        "personnel",
        &format!("{municipality}/{year}"),
        before.as_ref(),
        Some(&after),
    ))
    .await
}

/// A year's sick-leave rows.
pub async fn sick_leave(store: &Store, municipality: &str, year: i32) -> Result<Vec<SickLeave>> {
    list(store, municipality, year, "sick").await
}

/// A year's key figures.
pub async fn key_figures(store: &Store, municipality: &str, year: i32) -> Result<Vec<KeyFigure>> {
    list(store, municipality, year, "key").await
}

/// Years with personnel statistics, newest first.
pub async fn years(store: &Store, municipality: &str) -> Result<Vec<i32>> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT DISTINCT year FROM personnel_row WHERE municipality = $1 ORDER BY year DESC")
        .bind(municipality)
        .fetch_all(store.pool())
        .await?;
    Ok(rows.into_iter().map(|(y,)| y as i32).collect())
}
