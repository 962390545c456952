//! Reports: municipality copies of templates and the narrative text per section.

use crate::{Change, Error, Result, Store, Writer, json, parse};
use domain::report::template::{self, Template};

/// The template a municipality uses for `kind`: its own copy, or the built-in one.
pub async fn template(store: &Store, municipality: &str, kind: &str) -> Result<Option<(Template, bool)>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT template_json FROM report_template WHERE municipality = $1 AND kind = $2")
        .bind(municipality)
        .bind(kind)
        .fetch_optional(store.pool())
        .await?;
    match row {
        Some((j,)) => Ok(Some((parse(&j)?, true))),
        None => Ok(template::built_in_kind(kind).map(|t| (t, false))),
    }
}

/// Every template available to a municipality: built-in kinds (or its copies of them) and its own kinds.
pub async fn templates(store: &Store, municipality: &str) -> Result<Vec<(Template, bool)>> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT template_json FROM report_template WHERE municipality = $1")
        .bind(municipality)
        .fetch_all(store.pool())
        .await?;
    let own: Vec<Template> = rows.into_iter().map(|(j,)| parse(&j)).collect::<Result<_>>()?;
    let mut out: Vec<(Template, bool)> = template::built_in()
        .into_iter()
        .map(|b| match own.iter().find(|o| o.kind == b.kind) {
            Some(o) => (o.clone(), true),
            None => (b, false),
        })
        .collect();
    for o in own {
        if !out.iter().any(|(t, _)| t.kind == o.kind) {
            out.push((o, true));
        }
    }
    Ok(out)
}

/// Saves a municipality's copy of a template (validated).
pub async fn save_template(w: &mut Writer<'_>, municipality: &str, t: &Template) -> Result<()> {
    t.validate().map_err(Error::Conflict)?;
    let before: Option<(String,)> = sqlx::query_as("SELECT template_json FROM report_template WHERE municipality = $1 AND kind = $2")
        .bind(municipality)
        .bind(&t.kind)
        .fetch_optional(w.conn())
        .await?;
    let text = json(t)?;
    sqlx::query("DELETE FROM report_template WHERE municipality = $1 AND kind = $2")
        .bind(municipality)
        .bind(&t.kind)
        .execute(w.conn())
        .await?;
    sqlx::query("INSERT INTO report_template (municipality, kind, template_json) VALUES ($1, $2, $3)")
        .bind(municipality)
        .bind(&t.kind)
        .bind(&text)
        .execute(w.conn())
        .await?;
    let before = before.and_then(|(b,)| serde_json::from_str::<serde_json::Value>(&b).ok());
    let after = serde_json::to_value(t).unwrap_or_default();
    w.audit(Change::new(
        Some(municipality),
        "report.template",
        "report_template",
        &format!("{municipality}/{}", t.kind),
        before.as_ref(),
        Some(&after),
    ))
    .await
}

/// The narrative texts of a report, by section key: the year's (those every period of an
/// interim report shares).
pub async fn texts(store: &Store, municipality: &str, kind: &str, year: i32) -> Result<Vec<(String, String)>> {
    texts_for(store, municipality, kind, year, None).await
}

/// The texts of an interim report for the period to `to_month`: each section's own text for
/// the period where it has one, else the year's; `None`: the year's.
pub async fn texts_for(store: &Store, municipality: &str, kind: &str, year: i32, to_month: Option<u8>) -> Result<Vec<(String, String)>> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT section, body, period FROM report_text WHERE municipality = $1 AND kind = $2 AND year = $3 AND period IN (0, $4) \
         ORDER BY section, period DESC",
    )
    .bind(municipality)
    .bind(kind)
    .bind(year as i64)
    .bind(to_month.map_or(0, i64::from))
    .fetch_all(store.pool())
    .await?;
    let mut out: Vec<(String, String)> = Vec::new();
    for (section, body, _) in rows {
        // The period's own first (ordered so), then the year's, which it hides.
        if out.last().is_none_or(|(s, _)| *s != section) {
            out.push((section, body));
        }
    }
    Ok(out)
}

/// Which sections have a text of their own for the period to `to_month`.
pub async fn own_sections(store: &Store, municipality: &str, kind: &str, year: i32, to_month: u8) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT section FROM report_text WHERE municipality = $1 AND kind = $2 AND year = $3 AND period = $4 ORDER BY section",
    )
    .bind(municipality)
    .bind(kind)
    .bind(year as i64)
    .bind(i64::from(to_month))
    .fetch_all(store.pool())
    .await?;
    Ok(rows.into_iter().map(|(s,)| s).collect())
}

/// Years with any text for a report kind, newest first.
pub async fn years(store: &Store, municipality: &str, kind: &str) -> Result<Vec<i32>> {
    let rows: Vec<(i64,)> =
        sqlx::query_as("SELECT DISTINCT year FROM report_text WHERE municipality = $1 AND kind = $2 ORDER BY year DESC")
            .bind(municipality)
            .bind(kind)
            .fetch_all(store.pool())
            .await?;
    Ok(rows.into_iter().map(|(y,)| y as i32).collect())
}

/// Writes one section's text for the year (every period of an interim report), an empty text
/// removing it, audited with the text before.
pub async fn save_text(w: &mut Writer<'_>, municipality: &str, kind: &str, year: i32, section: &str, body: &str) -> Result<()> {
    save_text_for(w, municipality, kind, year, None, section, body).await
}

/// [`save_text`] for the period of an interim report to `to_month` (`None`: the year's): an
/// empty text removes the period's own, and the year's shows again.
pub async fn save_text_for(
    w: &mut Writer<'_>,
    municipality: &str,
    kind: &str,
    year: i32,
    to_month: Option<u8>,
    section: &str,
    body: &str,
) -> Result<()> {
    let period = to_month.map_or(0, i64::from);
    let before: Option<(String,)> =
        sqlx::query_as("SELECT body FROM report_text WHERE municipality = $1 AND kind = $2 AND year = $3 AND section = $4 AND period = $5")
            .bind(municipality)
            .bind(kind)
            .bind(year as i64)
            .bind(section)
            .bind(period)
            .fetch_optional(w.conn())
            .await?;
    if before.as_ref().is_some_and(|(b,)| b == body) {
        return Ok(());
    }
    sqlx::query("DELETE FROM report_text WHERE municipality = $1 AND kind = $2 AND year = $3 AND section = $4 AND period = $5")
        .bind(municipality)
        .bind(kind)
        .bind(year as i64)
        .bind(section)
        .bind(period)
        .execute(w.conn())
        .await?;
    if !body.trim().is_empty() {
        sqlx::query("INSERT INTO report_text (municipality, kind, year, period, section, body) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(municipality)
            .bind(kind)
            .bind(year as i64)
            .bind(period)
            .bind(section)
            .bind(body)
            .execute(w.conn())
            .await?;
    }
    let b = before.map(|(b,)| serde_json::json!({ "text": b }));
    let a = serde_json::json!({ "text": body });
    let at = to_month.map(|m| format!("/{m}")).unwrap_or_default();
    w.audit(Change::new(
        Some(municipality),
        "report.text",
        "report_text",
        &format!("{municipality}/{kind}/{year}{at}/{section}"),
        b.as_ref(),
        Some(&a),
    ))
    .await
}

/// The case in the diarium a report is decided in, as its number is written (normalised).
pub async fn case_of(store: &Store, municipality: &str, kind: &str, year: i32) -> Result<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT case_number FROM report_case WHERE municipality = $1 AND kind = $2 AND year = $3")
        .bind(municipality)
        .bind(kind)
        .bind(year as i64)
        .fetch_optional(store.pool())
        .await?;
    Ok(row.map(|(c,)| c))
}

/// The reports decided in a case: (kind, year).
pub async fn reports_of_case(store: &Store, municipality: &str, case: &str) -> Result<Vec<(String, i32)>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT kind, year FROM report_case WHERE municipality = $1 AND case_number = $2 ORDER BY year, kind")
            .bind(municipality)
            .bind(case)
            .fetch_all(store.pool())
            .await?;
    Ok(rows.into_iter().map(|(k, y)| (k, y as i32)).collect())
}

/// Sets (or, with `None`, removes) the case a report is decided in.
pub async fn set_case(w: &mut Writer<'_>, municipality: &str, kind: &str, year: i32, case: Option<&str>) -> Result<()> {
    let before: Option<(String,)> =
        sqlx::query_as("SELECT case_number FROM report_case WHERE municipality = $1 AND kind = $2 AND year = $3")
            .bind(municipality)
            .bind(kind)
            .bind(year as i64)
            .fetch_optional(w.conn())
            .await?;
    let before = before.map(|(c,)| c);
    if before.as_deref() == case {
        return Ok(());
    }
    sqlx::query("DELETE FROM report_case WHERE municipality = $1 AND kind = $2 AND year = $3")
        .bind(municipality)
        .bind(kind)
        .bind(year as i64)
        .execute(w.conn())
        .await?;
    if let Some(c) = case {
        sqlx::query("INSERT INTO report_case (municipality, kind, year, case_number) VALUES ($1, $2, $3, $4)")
            .bind(municipality)
            .bind(kind)
            .bind(year as i64)
            .bind(c)
            .execute(w.conn())
            .await?;
    }
    let json = |c: Option<&str>| c.map(|c| serde_json::json!({ "case": c }));
    w.audit(Change::new(
        Some(municipality),
        "report.case",
        "report",
        &format!("{municipality}/{kind}/{year}"),
        json(before.as_deref()).as_ref(),
        json(case).as_ref(),
    ))
    .await
}
