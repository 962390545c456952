//! Publication: of a year of an area whose years have no table of their own (personnel
//! statistics, internal control, the plan for following up private providers): the public sees
//! such a year only once the committee's staff publish it; and of reports, each kept as the
//! document it was when published (`published_report`), so that the public's copy does not
//! change with the data behind it.

use crate::{Change, Result, Store, Writer};
use domain::report::Document;

/// An area published year by year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// Personnel statistics ([`crate::personnel`]).
    Personnel,
    /// Internal control: plan, results, actions ([`crate::control`]).
    Control,
    /// The plan for following up private providers ([`crate::control`]).
    Providers,
}

impl Area {
    /// Its key in the table and in the audit log (`personnel.publish`).
    pub fn key(self) -> &'static str {
        match self {
            Area::Personnel => "personnel",
            Area::Control => "control",
            Area::Providers => "providers",
        }
    }

    /// The years that have data, newest first.
    pub async fn years(self, store: &Store, municipality: &str) -> Result<Vec<i32>> {
        match self {
            Area::Personnel => crate::personnel::years(store, municipality).await,
            Area::Control => crate::control::years(store, municipality).await,
            Area::Providers => crate::control::provider_years(store, municipality).await,
        }
    }
}

/// Whether `area`'s year is public (a year never published is not).
pub async fn is_published(store: &Store, municipality: &str, area: Area, year: i32) -> Result<bool> {
    published_in(store, municipality, area.key(), year).await
}

/// Publishes or withdraws `area`'s year, logged as `{area}.publish` or `{area}.withdraw` with
/// what it was.
pub async fn set_published(w: &mut Writer<'_>, municipality: &str, area: Area, year: i32, published: bool) -> Result<()> {
    let key = area.key();
    write(w, municipality, key, year, published, (key, &format!("{key}_year"), &format!("{municipality}/{year}"))).await
}

/// The `publication` area of a report kind (`report:arsrapport`): a report is published per
/// kind and year in the same table as the areas above.
fn report_area(kind: &str) -> String {
    format!("report:{kind}")
}

/// Whether the report `kind` of `year` is public.
pub async fn report_published(store: &Store, municipality: &str, kind: &str, year: i32) -> Result<bool> {
    published_in(store, municipality, &report_area(kind), year).await
}

/// The published reports: (kind, year), newest year first.
pub async fn published_reports(store: &Store, municipality: &str) -> Result<Vec<(String, i32)>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT area, year FROM publication WHERE municipality = $1 AND area LIKE 'report:%' AND published <> 0 ORDER BY year DESC, area",
    )
    .bind(municipality)
    .fetch_all(store.pool())
    .await?;
    Ok(rows.into_iter().filter_map(|(a, y)| Some((a.strip_prefix("report:")?.to_string(), y as i32))).collect())
}

/// The key of a published copy: the month an interim report runs to, 0 for a whole year.
fn period(to_month: Option<u8>) -> i64 {
    to_month.map_or(0, i64::from)
}

/// Publishes the report `kind` of `year` as `document` stands now, for its period (`to_month`
/// of an interim report; published again for the same period: the new document replaces the
/// old; an interim report published for another period is public beside it), logged as
/// `report.publish`. The public reads this document, not the data as it changes afterwards.
pub async fn publish_report(
    w: &mut Writer<'_>,
    municipality: &str,
    kind: &str,
    year: i32,
    document: &Document,
    to_month: Option<u8>,
) -> Result<()> {
    let json = serde_json::to_string(document).map_err(|e| crate::Error::Config(format!("the report cannot be stored: {e}")))?;
    let actor = w.actor().as_str().to_string();
    sqlx::query(
        "INSERT INTO published_report (municipality, kind, year, period, published_at, actor, document, to_month) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (municipality, kind, year, period) DO UPDATE SET published_at = excluded.published_at, actor = excluded.actor, document = excluded.document, to_month = excluded.to_month",
    )
    .bind(municipality)
    .bind(kind)
    .bind(year as i64)
    .bind(period(to_month))
    .bind(crate::now_iso())
    .bind(actor)
    .bind(&json)
    .bind(to_month.map(i64::from))
    .execute(w.conn())
    .await?;
    sqlx::query(
        "INSERT INTO published_report_version (municipality, kind, year, published_at, actor, document, to_month) \
         SELECT municipality, kind, year, published_at, actor, document, to_month FROM published_report \
         WHERE municipality = $1 AND kind = $2 AND year = $3 AND period = $4",
    )
    .bind(municipality)
    .bind(kind)
    .bind(year as i64)
    .bind(period(to_month))
    .execute(w.conn())
    .await?;
    write(w, municipality, &report_area(kind), year, true, ("report", "report", &format!("{municipality}/{kind}/{year}"))).await
}

/// Withdraws the copy of the report `kind` of `year` published for `to_month` from the public,
/// logged as `report.withdraw`; the report stays public in the other periods it was published
/// for, if any. `false` when there was no such copy (nothing is written).
pub async fn withdraw_report(w: &mut Writer<'_>, municipality: &str, kind: &str, year: i32, to_month: Option<u8>) -> Result<bool> {
    let deleted = sqlx::query("DELETE FROM published_report WHERE municipality = $1 AND kind = $2 AND year = $3 AND period = $4")
        .bind(municipality)
        .bind(kind)
        .bind(year as i64)
        .bind(period(to_month))
        .execute(w.conn())
        .await?
        .rows_affected();
    if deleted == 0 {
        return Ok(false);
    }
    let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM published_report WHERE municipality = $1 AND kind = $2 AND year = $3")
        .bind(municipality)
        .bind(kind)
        .bind(year as i64)
        .fetch_one(w.conn())
        .await?;
    let key = format!("{municipality}/{kind}/{year}");
    if left > 0 {
        let what = serde_json::json!({ "withdrawn_to_month": to_month, "periods_left": left });
        w.audit(Change::new(Some(municipality), "report.withdraw", "report", &key, None, Some(&what))).await?;
        return Ok(true);
    }
    write(w, municipality, &report_area(kind), year, false, ("report", "report", &key)).await?;
    Ok(true)
}

/// A published report as it was published.
#[derive(Debug, Clone)]
pub struct Published {
    /// When (ISO 8601 UTC) and by whom.
    pub at: String,
    pub actor: String,
    pub document: Document,
    /// The month an interim report runs to.
    pub to_month: Option<u8>,
}

/// Every copy the report `kind` of `year` has been published as for `to_month`'s period, newest
/// first: (version id, when, by whom).
pub async fn published_versions(
    store: &Store,
    municipality: &str,
    kind: &str,
    year: i32,
    to_month: Option<u8>,
) -> Result<Vec<(i64, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, published_at, actor FROM published_report_version WHERE municipality = $1 AND kind = $2 AND year = $3 \
         AND COALESCE(to_month, 0) = $4 ORDER BY id DESC",
    )
    .bind(municipality)
    .bind(kind)
    .bind(year as i64)
    .bind(period(to_month))
    .fetch_all(store.pool())
    .await?)
}

/// One published copy of the report `kind` of `year` by its version id.
pub async fn published_version(store: &Store, municipality: &str, kind: &str, year: i32, id: i64) -> Result<Option<Published>> {
    let row: Option<(String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT published_at, actor, document, to_month FROM published_report_version WHERE municipality = $1 AND kind = $2 AND year = $3 AND id = $4",
    )
    .bind(municipality)
    .bind(kind)
    .bind(year as i64)
    .bind(id)
    .fetch_optional(store.pool())
    .await?;
    row.map(|r| read_published(municipality, kind, year, r)).transpose()
}

fn read_published(
    municipality: &str,
    kind: &str,
    year: i32,
    (at, actor, json, to_month): (String, String, String, Option<i64>),
) -> Result<Published> {
    let document = serde_json::from_str(&json)
        .map_err(|e| crate::Error::Config(format!("the published report {municipality}/{kind}/{year} cannot be read: {e}")))?;
    Ok(Published { at, actor, document, to_month: to_month.and_then(|m| u8::try_from(m).ok()) })
}

/// The tables of a report that show the economy's forecasts (the drift table of an interim
/// report ends with them; the prognossäkerhet table is made of them): a report published with
/// one has told the public the forecasts of its months.
const FORECAST_TABLES: [&str; 2] = ["drift", "prognossakerhet"];

/// A published report that shows a year's forecasts up to a month: while it stays published,
/// those forecasts are what it says and cannot be changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForecastFreeze {
    /// The report's kind (`arsrapport`) and the month an interim report runs to.
    pub kind: String,
    pub to_month: Option<u8>,
    /// The report's title as published ("Årsrapport 2023", "Delårsrapport januari–augusti 2023").
    pub title: String,
    /// When it was published (ISO).
    pub published_at: String,
}

impl ForecastFreeze {
    /// The last month it shows (12 for a whole year's report).
    pub fn through(&self) -> u8 {
        self.to_month.unwrap_or(12)
    }

    /// The day it was published (yyyy-mm-dd), in Swedish time as every page shows times (a
    /// report published at 00:27 on the 24th is not published on the 23rd).
    pub fn published_on(&self) -> String {
        domain::period::stockholm_date(&self.published_at).map_or_else(|| self.published_at.clone(), |d| d.to_string())
    }

    /// Why a forecast of `month` cannot be changed, or `None` when it can.
    pub fn refuses(&self, month: u8, year: i32) -> Option<String> {
        (month <= self.through()).then(|| {
            format!(
                "Prognosen för {} {year} ingår i {}, publicerad {}, och kan inte ändras medan rapporten är publicerad. \
                 Ska den ändras, avpublicera rapporten först, på rapportens sida (att avpublicera årets ekonomi räcker inte).",
                domain::period::MONTHS_SV[(month.clamp(1, 12) - 1) as usize],
                self.title,
                self.published_on(),
            )
        })
    }
}

/// The published report that freezes the most forecast months of `year`, if any does.
pub async fn forecast_freeze(store: &Store, municipality: &str, year: i32) -> Result<Option<ForecastFreeze>> {
    let mut conn = store.pool().acquire().await?;
    forecast_freeze_in(&mut conn, municipality, year).await
}

/// [`forecast_freeze`] in a writer's transaction.
pub(crate) async fn forecast_freeze_in(conn: &mut sqlx::AnyConnection, municipality: &str, year: i32) -> Result<Option<ForecastFreeze>> {
    let rows: Vec<(String, Option<i64>, String, String)> = sqlx::query_as(
        "SELECT r.kind, r.to_month, r.published_at, r.document FROM published_report r \
         JOIN publication p ON p.municipality = r.municipality AND p.year = r.year AND p.area = 'report:' || r.kind \
         WHERE r.municipality = $1 AND r.year = $2 AND p.published <> 0",
    )
    .bind(municipality)
    .bind(year as i64)
    .fetch_all(&mut *conn)
    .await?;
    let mut freeze: Option<ForecastFreeze> = None;
    for (kind, to_month, at, json) in rows {
        let document: Document = serde_json::from_str(&json)
            .map_err(|e| crate::Error::Corrupt(format!("the published report {municipality}/{kind}/{year}: {e}")))?;
        let shows =
            document.blocks.iter().any(|b| matches!(b, domain::report::Block::Table(t) if FORECAST_TABLES.contains(&t.id.as_str())));
        let report =
            ForecastFreeze { kind, to_month: to_month.and_then(|m| u8::try_from(m).ok()), title: document.title, published_at: at };
        if shows && freeze.as_ref().is_none_or(|f| report.through() > f.through()) {
            freeze = Some(report);
        }
    }
    Ok(freeze)
}

/// The copies the report `kind` of `year` is public as, the latest period first (an interim
/// report's januari–augusti before its januari–april); empty when it is not published.
pub async fn published_copies(store: &Store, municipality: &str, kind: &str, year: i32) -> Result<Vec<Published>> {
    if !report_published(store, municipality, kind, year).await? {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT published_at, actor, document, to_month FROM published_report WHERE municipality = $1 AND kind = $2 AND year = $3 ORDER BY period DESC",
    )
    .bind(municipality)
    .bind(kind)
    .bind(year as i64)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter().map(|r| read_published(municipality, kind, year, r)).collect()
}

/// The document the report `kind` of `year` was published as for `to_month`'s period, or,
/// with `None` for an interim report, its latest period; `None` when it is not published so.
pub async fn published_report_for(
    store: &Store,
    municipality: &str,
    kind: &str,
    year: i32,
    to_month: Option<u8>,
) -> Result<Option<Published>> {
    let copies = published_copies(store, municipality, kind, year).await?;
    Ok(match to_month {
        Some(m) => copies.into_iter().find(|p| p.to_month == Some(m)),
        None => copies.into_iter().next(),
    })
}

/// The document the report `kind` of `year` was published as (an interim report's latest
/// period), when it is published.
pub async fn published_report(store: &Store, municipality: &str, kind: &str, year: i32) -> Result<Option<Published>> {
    published_report_for(store, municipality, kind, year, None).await
}

async fn published_in(store: &Store, municipality: &str, area: &str, year: i32) -> Result<bool> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT published FROM publication WHERE municipality = $1 AND area = $2 AND year = $3")
        .bind(municipality)
        .bind(area)
        .bind(year as i64)
        .fetch_optional(store.pool())
        .await?;
    Ok(row.is_some_and(|(p,)| p != 0))
}

/// Writes a publication and logs it as `{action}.publish` or `{action}.withdraw` on
/// (entity kind, entity key), with what it was.
async fn write(
    w: &mut Writer<'_>,
    municipality: &str,
    area: &str,
    year: i32,
    published: bool,
    (action, entity, key): (&str, &str, &str),
) -> Result<()> {
    let before: Option<(i64,)> = sqlx::query_as("SELECT published FROM publication WHERE municipality = $1 AND area = $2 AND year = $3")
        .bind(municipality)
        .bind(area)
        .bind(year as i64)
        .fetch_optional(w.conn())
        .await?;
    sqlx::query(
        "INSERT INTO publication (municipality, area, year, published) VALUES ($1, $2, $3, $4)
         ON CONFLICT (municipality, area, year) DO UPDATE SET published = excluded.published",
    )
    .bind(municipality)
    .bind(area)
    .bind(year as i64)
    .bind(i64::from(published))
    .execute(w.conn())
    .await?;
    let before = before.map(|(p,)| p != 0);
    let action = format!("{action}.{}", if published { "publish" } else { "withdraw" });
    w.audit(Change::new(Some(municipality), &action, entity, key, before.as_ref(), Some(&published))).await
}

#[cfg(test)]
mod tests {
    use super::ForecastFreeze;

    #[test]
    fn a_report_is_published_on_the_swedish_day() {
        let freeze = |at: &str| ForecastFreeze {
            kind: "arsrapport".into(),
            to_month: None,
            title: "Årsrapport 2023".into(),
            published_at: at.into(),
        };
        assert_eq!(freeze("2026-11-23T23:27:00Z").published_on(), "2026-11-24");
        assert_eq!(freeze("2026-07-01T21:59:00Z").published_on(), "2026-07-01");
        assert!(freeze("2026-11-23T23:27:00Z").refuses(10, 2023).unwrap().contains("publicerad 2026-11-24"));
    }
}
