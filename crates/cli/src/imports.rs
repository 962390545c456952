//! Storing what `ingest` read: each import is one transaction.

use anyhow::{Result, bail};
use domain::goals::{GoalYear, Outcome};
use store::{Actor, Store};

/// Stores outcomes in one transaction; returns how many.
pub async fn store_outcomes(store: &Store, municipality: &str, rows: &[(String, Outcome)], actor: &Actor) -> Result<usize> {
    let mut w = store.begin(actor).await?;
    for (ind, o) in rows {
        store::goals::save_outcome(&mut w, municipality, ind, o).await?;
    }
    if rows.is_empty() {
        bail!("the file holds no outcomes");
    }
    w.commit().await?;
    Ok(rows.len())
}

/// Matches Kolada rows to the year's indicators by KPI id. Rows for other municipalities are
/// skipped (counted); a KPI that no indicator carries is an error, so nothing is written.
pub fn match_kolada(gy: &GoalYear, municipality: &str, rows: Vec<ingest::kolada::KoladaRow>) -> Result<(Vec<(String, Outcome)>, usize)> {
    let mut out = Vec::new();
    let mut skipped = 0;
    for r in rows {
        if r.municipality != municipality {
            skipped += 1;
            continue;
        }
        let Some(ind) = gy.indicators().iter().find(|i| i.kolada_kpi.as_deref() == Some(r.kpi.as_str())) else {
            bail!(
                "Kolada KPI {} is not linked to any of {municipality}'s indicators for {}; set kolada_kpi in indikatorer.csv",
                r.kpi,
                gy.year()
            );
        };
        out.push((ind.key.clone(), r.outcome));
    }
    Ok((out, skipped))
}
