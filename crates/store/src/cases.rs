//! The diarium: registering cases (the serial is assigned inside the writing transaction, per
//! series and year) and their documents.

use crate::{Change, Error, Result, Store, Writer, json, parse};
use domain::cases::{Case, CaseDocument, CaseNumber, CaseStatus, Grammar};
use domain::period::Date;
use sqlx::any::{Any, AnyArguments};
use sqlx::query::{Query, QueryAs};

/// The columns that identify a case: municipality, then its number's key (unit, series, year,
/// serial; a number without unit has '' there). Bound by [`bind_key`].
macro_rules! case_key {
    () => {
        "municipality = $1 AND unit = $2 AND series = $3 AND year = $4 AND serial = $5"
    };
}

/// Binds `$1`–`$5` of [`case_key`].
fn bind_key<'q>(q: Query<'q, Any, AnyArguments>, municipality: &'q str, n: &'q CaseNumber) -> Query<'q, Any, AnyArguments> {
    q.bind(municipality).bind(n.unit.as_deref().unwrap_or("")).bind(&n.series).bind(n.year as i64).bind(n.serial as i64)
}

/// [`bind_key`] for a query that reads rows.
fn bind_key_as<'q, O>(q: QueryAs<'q, Any, O, AnyArguments>, municipality: &'q str, n: &'q CaseNumber) -> QueryAs<'q, Any, O, AnyArguments> {
    q.bind(municipality).bind(n.unit.as_deref().unwrap_or("")).bind(&n.series).bind(n.year as i64).bind(n.serial as i64)
}

/// Registers a new case in `series`, its number written in `grammar`: the next serial of the
/// series and the registration year (counted over every unit's cases of the series, so that no
/// serial is given twice).
pub async fn register(
    w: &mut Writer<'_>,
    municipality: &str,
    (series, grammar): (&str, Grammar),
    title: &str,
    registered: Date,
    handler: &str,
) -> Result<Case> {
    let used: Vec<(i64,)> = sqlx::query_as("SELECT serial FROM diary_case WHERE municipality = $1 AND series = $2 AND year = $3")
        .bind(municipality)
        .bind(series)
        .bind(registered.year() as i64)
        .fetch_all(w.conn())
        .await?;
    let serial = domain::cases::next_serial(&used.iter().map(|(s,)| *s as u32).collect::<Vec<_>>());
    let case = Case {
        number: CaseNumber { unit: None, series: series.to_string(), year: registered.year(), serial, class: None, grammar },
        title: title.to_string(),
        registered: Some(registered),
        handler: handler.to_string(),
        status: CaseStatus::Open,
        secrecy: None,
    };
    save(w, municipality, &case).await?;
    Ok(case)
}

/// Stores a case as it is (import, status changes), audited.
pub async fn save(w: &mut Writer<'_>, municipality: &str, c: &Case) -> Result<()> {
    let n = &c.number;
    // What it replaces, for the audit log.
    let before: Option<(String,)> =
        bind_key_as(sqlx::query_as(concat!("SELECT case_json FROM diary_case WHERE ", case_key!())), municipality, n)
            .fetch_optional(w.conn())
            .await?;
    let before: Option<serde_json::Value> = before.map(|(j,)| parse(&j)).transpose()?;
    bind_key(sqlx::query(concat!("DELETE FROM diary_case WHERE ", case_key!())), municipality, n).execute(w.conn()).await?;
    let j = json(c)?;
    bind_key(
        sqlx::query("INSERT INTO diary_case (municipality, unit, series, year, serial, case_json) VALUES ($1, $2, $3, $4, $5, $6)"),
        municipality,
        n,
    )
    .bind(j)
    .execute(w.conn())
    .await?;
    let a = serde_json::to_value(c).map_err(|e| Error::Corrupt(e.to_string()))?;
    w.audit(Change::new(Some(municipality), "diary.case", "diary_case", &format!("{municipality}/{n}"), before.as_ref(), Some(&a))).await
}

/// The cases of a municipality, newest year first, series in Swedish order (sorted here: the
/// databases' collations differ on Å, Ä, Ö), newest serial first.
pub async fn cases(store: &Store, municipality: &str) -> Result<Vec<Case>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT case_json FROM diary_case WHERE municipality = $1").bind(municipality).fetch_all(store.pool()).await?;
    let mut cases: Vec<Case> = rows.iter().map(|(j,)| parse(j)).collect::<Result<_>>()?;
    cases.sort_by(|a, b| {
        let (x, y) = (&a.number, &b.number);
        y.year
            .cmp(&x.year)
            .then_with(|| domain::sv::collate(&x.series, &y.series))
            .then_with(|| y.serial.cmp(&x.serial))
            .then_with(|| domain::sv::collate(x.unit.as_deref().unwrap_or(""), y.unit.as_deref().unwrap_or("")))
    });
    Ok(cases)
}

/// One case by its number (any written form).
pub async fn case(store: &Store, municipality: &str, number: &CaseNumber) -> Result<Option<Case>> {
    let row: Option<(String,)> =
        bind_key_as(sqlx::query_as(concat!("SELECT case_json FROM diary_case WHERE ", case_key!())), municipality, number)
            .fetch_optional(store.pool())
            .await?;
    row.map(|(j,)| parse(&j)).transpose()
}

/// Adds a document to a case; it gets the next number within the case.
pub async fn add_document(w: &mut Writer<'_>, municipality: &str, number: &CaseNumber, mut d: CaseDocument) -> Result<CaseDocument> {
    let used: Vec<(i64,)> =
        bind_key_as(sqlx::query_as(concat!("SELECT number FROM diary_document WHERE ", case_key!())), municipality, number)
            .fetch_all(w.conn())
            .await?;
    d.number = domain::cases::next_serial(&used.iter().map(|(s,)| *s as u32).collect::<Vec<_>>());
    let j = json(&d)?;
    bind_key(
        sqlx::query("INSERT INTO diary_document (municipality, unit, series, year, serial, number, document_json) VALUES ($1, $2, $3, $4, $5, $6, $7)"),
        municipality,
        number,
    )
    .bind(d.number as i64)
    .bind(j)
    .execute(w.conn())
    .await?;
    let a = serde_json::to_value(&d).map_err(|e| Error::Corrupt(e.to_string()))?;
    w.audit(Change::new(
        Some(municipality),
        "diary.document",
        "diary_document",
        &format!("{municipality}/{number}/{}", d.number),
        None,
        Some(&a),
    ))
    .await?;
    Ok(d)
}

/// A case's documents in order.
pub async fn documents(store: &Store, municipality: &str, number: &CaseNumber) -> Result<Vec<CaseDocument>> {
    let rows: Vec<(String,)> = bind_key_as(
        sqlx::query_as(concat!("SELECT document_json FROM diary_document WHERE ", case_key!(), " ORDER BY number")),
        municipality,
        number,
    )
    .fetch_all(store.pool())
    .await?;
    rows.iter().map(|(j,)| parse(j)).collect()
}
