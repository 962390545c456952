//! Ej verkställda beslut: the register, its configuration and its report history.
//!
//! Identity is kept apart: [`decisions`] returns the register without pseudonyms, and only
//! [`decisions_identifiable`] — which takes a [`Writer`] and writes the read to the audit log —
//! returns them.

use crate::{Change, Error, Result, Store, Writer};
use domain::evb::*;
use domain::period::Date;

fn corrupt(e: impl std::fmt::Display) -> Error {
    Error::Corrupt(e.to_string())
}

/// Everything an import replaces.
#[derive(Debug, Clone, Default)]
pub struct Register {
    /// Insats types.
    pub catalog: InsatsCatalog,
    /// Law references.
    pub law_refs: Vec<LawRef>,
    /// Decisions, with their pseudonyms.
    pub decisions: Vec<Decision>,
    /// Reports.
    pub reports: Vec<ReportInfo>,
    /// (report, decision id) open after each report.
    pub open_after: Vec<(String, String)>,
}

/// Replaces a municipality's register, configuration and report history.
pub async fn replace(w: &mut Writer<'_>, municipality: &str, r: &Register) -> Result<()> {
    for sql in [
        "DELETE FROM evb_decision WHERE municipality = $1",
        "DELETE FROM evb_identity WHERE municipality = $1",
        "DELETE FROM evb_report WHERE municipality = $1",
        "DELETE FROM evb_open_after WHERE municipality = $1",
        "DELETE FROM evb_config WHERE municipality = $1",
    ] {
        sqlx::query(sql).bind(municipality).execute(w.conn()).await?;
    }
    save_config(w, municipality, &r.catalog, &r.law_refs).await?;
    for d in &r.decisions {
        insert(w, municipality, d).await?;
    }
    for info in &r.reports {
        sqlx::query("INSERT INTO evb_report (municipality, key, cutoff, info_json) VALUES ($1, $2, $3, $4)")
            .bind(municipality)
            .bind(&info.key)
            .bind(info.cutoff.to_string())
            .bind(serde_json::to_string(info).map_err(corrupt)?)
            .execute(w.conn())
            .await?;
    }
    for (rep, id) in &r.open_after {
        sqlx::query("INSERT INTO evb_open_after (municipality, report, decision_id) VALUES ($1, $2, $3)")
            .bind(municipality)
            .bind(rep)
            .bind(id)
            .execute(w.conn())
            .await?;
    }
    // The audit entry names what changed, never who: no pseudonyms in the log.
    let after = serde_json::json!({
        "decisions": r.decisions.len(),
        "with_pseudonym": r.decisions.iter().filter(|d| d.pseudonym.is_some()).count(),
        "reports": r.reports.iter().map(|x| &x.key).collect::<Vec<_>>(),
    });
    w.audit(Change::new(Some(municipality), "evb.replace", "evb_decision", municipality, None, Some(&after))).await
}

async fn save_config(w: &mut Writer<'_>, municipality: &str, catalog: &InsatsCatalog, law_refs: &[LawRef]) -> Result<()> {
    sqlx::query(
        "INSERT INTO evb_config (municipality, catalog_json, law_refs_json) VALUES ($1, $2, $3) ON CONFLICT (municipality) DO UPDATE SET catalog_json = excluded.catalog_json, law_refs_json = excluded.law_refs_json",
    )
    .bind(municipality)
    .bind(serde_json::to_string(catalog).map_err(corrupt)?)
    .bind(serde_json::to_string(law_refs).map_err(corrupt)?)
    .execute(w.conn())
    .await?;
    Ok(())
}

async fn insert(w: &mut Writer<'_>, municipality: &str, d: &Decision) -> Result<()> {
    let plain = Decision { pseudonym: None, ..d.clone() };
    sqlx::query("INSERT INTO evb_decision (municipality, id, decided, decision_json) VALUES ($1, $2, $3, $4)")
        .bind(municipality)
        .bind(&d.id)
        .bind(d.decided.to_string())
        .bind(serde_json::to_string(&plain).map_err(corrupt)?)
        .execute(w.conn())
        .await?;
    if let Some(p) = &d.pseudonym {
        sqlx::query("INSERT INTO evb_identity (municipality, decision_id, pseudonym) VALUES ($1, $2, $3)")
            .bind(municipality)
            .bind(&d.id)
            .bind(p.as_str())
            .execute(w.conn())
            .await?;
    }
    Ok(())
}

/// Registers one decision; the id must be new.
pub async fn add_decision(w: &mut Writer<'_>, municipality: &str, d: &Decision) -> Result<()> {
    let exists: Option<(String,)> = sqlx::query_as("SELECT id FROM evb_decision WHERE municipality = $1 AND id = $2")
        .bind(municipality)
        .bind(&d.id)
        .fetch_optional(w.conn())
        .await?;
    if exists.is_some() {
        return Err(Error::Conflict(format!("beslut {} finns redan", d.id)));
    }
    insert(w, municipality, d).await?;
    let plain = Decision { pseudonym: None, ..d.clone() };
    w.audit(Change::new(Some(municipality), "evb.decision.add", "evb_decision", &d.id, None, Some(&plain))).await
}

/// Sets the execution date (or closes) a decision.
pub async fn update_decision(w: &mut Writer<'_>, municipality: &str, d: &Decision) -> Result<()> {
    let before = one(w, municipality, &d.id).await?;
    let plain = Decision { pseudonym: None, ..d.clone() };
    sqlx::query("UPDATE evb_decision SET decision_json = $3 WHERE municipality = $1 AND id = $2")
        .bind(municipality)
        .bind(&d.id)
        .bind(serde_json::to_string(&plain).map_err(corrupt)?)
        .execute(w.conn())
        .await?;
    w.audit(Change::new(Some(municipality), "evb.decision.update", "evb_decision", &d.id, Some(&before), Some(&plain))).await
}

async fn one(w: &mut Writer<'_>, municipality: &str, id: &str) -> Result<Decision> {
    let row: Option<(String,)> = sqlx::query_as("SELECT decision_json FROM evb_decision WHERE municipality = $1 AND id = $2")
        .bind(municipality)
        .bind(id)
        .fetch_optional(w.conn())
        .await?;
    let (j,) = row.ok_or_else(|| Error::NotFound(format!("beslut {id}")))?;
    serde_json::from_str(&j).map_err(corrupt)
}

/// The register without identity, by decision date.
pub async fn decisions(store: &Store, municipality: &str) -> Result<Vec<Decision>> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT decision_json FROM evb_decision WHERE municipality = $1 ORDER BY decided, id")
        .bind(municipality)
        .fetch_all(store.pool())
        .await?;
    rows.into_iter().map(|(j,)| serde_json::from_str(&j).map_err(corrupt)).collect()
}

/// The register with pseudonyms. The read is written to the audit log (`evb.read_identifiable`,
/// with `purpose`) in the caller's transaction, so it is logged when the caller commits.
pub async fn decisions_identifiable(w: &mut Writer<'_>, municipality: &str, purpose: &str) -> Result<Vec<Decision>> {
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT d.decision_json, i.pseudonym FROM evb_decision d LEFT JOIN evb_identity i ON i.municipality = d.municipality AND i.decision_id = d.id WHERE d.municipality = $1 ORDER BY d.decided, d.id",
    )
    .bind(municipality)
    .fetch_all(w.conn())
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (j, p) in rows {
        let mut d: Decision = serde_json::from_str(&j).map_err(corrupt)?;
        d.pseudonym = p.map(|p| Pseudonym::parse(&p).map_err(corrupt)).transpose()?;
        out.push(d);
    }
    let note = serde_json::json!({ "purpose": purpose, "rows": out.len() });
    w.audit(Change::new(Some(municipality), "evb.read_identifiable", "evb_identity", municipality, None, Some(&note))).await?;
    Ok(out)
}

/// Insats types and law references.
pub async fn config(store: &Store, municipality: &str) -> Result<(InsatsCatalog, Vec<LawRef>)> {
    let row: Option<(String, String)> = sqlx::query_as("SELECT catalog_json, law_refs_json FROM evb_config WHERE municipality = $1")
        .bind(municipality)
        .fetch_optional(store.pool())
        .await?;
    match row {
        Some((c, l)) => Ok((serde_json::from_str(&c).map_err(corrupt)?, serde_json::from_str(&l).map_err(corrupt)?)),
        None => Ok((InsatsCatalog::default(), Vec::new())),
    }
}

/// The stored reports, oldest first.
pub async fn reports(store: &Store, municipality: &str) -> Result<Vec<ReportInfo>> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT info_json FROM evb_report WHERE municipality = $1 ORDER BY cutoff")
        .bind(municipality)
        .fetch_all(store.pool())
        .await?;
    rows.into_iter().map(|(j,)| serde_json::from_str(&j).map_err(corrupt)).collect()
}

/// The report for a quarter: the stored one whose measured period it is, or else one with the
/// quarter's last day as cut-off. Returns it with the ids open after the latest earlier report
/// and that report's cut-off.
pub async fn report_for(
    store: &Store,
    municipality: &str,
    quarter: domain::period::Period,
) -> Result<(ReportInfo, Vec<String>, Option<Date>)> {
    let all = reports(store, municipality).await?;
    let info = all.iter().find(|r| r.measured == quarter).cloned().unwrap_or_else(|| ReportInfo {
        key: quarter.to_string().replace('-', ""),
        measured: quarter,
        reporting: quarter.shift_quarters(1),
        cutoff: quarter.end(),
        meeting: None,
        case_number: String::new(),
        title: String::new(),
    });
    // Start from the latest earlier report whose open set is stored (IVO's list as it was),
    // then carry it forward quarter by quarter up to the one asked for.
    let mut start = None;
    for r in all.iter().filter(|r| r.cutoff < info.cutoff).rev() {
        let ids: Vec<(String,)> =
            sqlx::query_as("SELECT decision_id FROM evb_open_after WHERE municipality = $1 AND report = $2 ORDER BY decision_id")
                .bind(municipality)
                .bind(&r.key)
                .fetch_all(store.pool())
                .await?;
        if !ids.is_empty() {
            start = Some((r, ids.into_iter().map(|(i,)| i).collect::<Vec<_>>()));
            break;
        }
    }
    let decisions = decisions(store, municipality).await?;
    // Without a stored list, the register's history is computed from the first quarter in
    // which any decision passed its limit.
    let (mut open, mut cutoff, mut q) = match start {
        Some((stored, open)) => (open, Some(stored.cutoff), stored.measured.shift_quarters(1)),
        None => match decisions.iter().map(|d| d.limit()).min() {
            Some(first) => (Vec::new(), None, domain::period::Period::quarter_of(first)),
            None => return Ok((info, Vec::new(), None)),
        },
    };
    while q != info.measured && q.end() < info.cutoff {
        let c = all.iter().find(|r| r.measured == q).map_or(q.end(), |r| r.cutoff);
        let rows = report(&decisions, &open, cutoff, c);
        open = rows.into_iter().filter(|r| r.category.open()).map(|r| r.id).collect();
        cutoff = Some(c);
        q = q.shift_quarters(1);
    }
    Ok((info, open, cutoff))
}
