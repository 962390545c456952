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
        bail!("filen innehåller inga utfall");
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

/// `arshjul import sie`: progress on a terminal, a summary after, `FILE:LINE: …` on error with
/// the database unchanged.
pub async fn sie(store: &Store, municipality: &str, year: i32, path: &std::path::Path) -> Result<i32> {
    use std::io::IsTerminal;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| anyhow::anyhow!("{name} går inte att öppna: {e}"))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0).max(1);
    let progress = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let ticker = std::io::stderr().is_terminal().then(|| {
        let (progress, done) = (progress.clone(), done.clone());
        tokio::spawn(async move {
            let started = std::time::Instant::now();
            while !done.load(Ordering::Relaxed) {
                let read = progress.load(Ordering::Relaxed);
                let secs = started.elapsed().as_secs_f64().max(0.001);
                eprint!(
                    "\r  läst {:.1} av {:.1} MB ({:.0} %), {:.1} MB/s   ",
                    read as f64 / 1e6,
                    size as f64 / 1e6,
                    read as f64 * 100.0 / size as f64,
                    read as f64 / 1e6 / secs
                );
                tokio::time::sleep(std::time::Duration::from_millis(250)).await;
            }
            eprintln!();
        })
    });
    let started = std::time::Instant::now();
    let result =
        web::imports::import_sie(store, &Actor::system("cli"), municipality, year, &name, web::imports::SieInput::File(file), progress)
            .await;
    done.store(true, Ordering::Relaxed);
    if let Some(t) = ticker {
        let _ = t.await;
    }
    let s = result?;
    let secs = started.elapsed().as_secs_f64();
    println!("{name} ({}) är inläst för {municipality} {year} på {secs:.1} s:", s.encoding);
    println!(
        "  {} rader, {} verifikationer, {} huvudboksrader ({} på verksamheter, {} resultatrader utan verksamhet, {} på balanskonton)",
        s.lines,
        s.vouchers,
        s.rows,
        s.mapped,
        s.unmapped,
        s.rows.saturating_sub(s.mapped + s.unmapped)
    );
    if let Some(at) = &s.same_as {
        println!(
            "  filen är densamma (samma SHA-256) som den som lästes in {}: huvudboken är oförändrad",
            domain::period::stockholm_minute(at)
        );
    }
    if s.budget_lines > 0 {
        println!("  budget: {} rader från #PBUDGET", s.budget_lines);
    }
    for (class, sum) in &s.per_class {
        println!("  klass {class}: {}", sum.present_with_unit(domain::money::Scale::Kr, 2));
    }
    if !s.warnings.is_empty() {
        println!("  {} varningar:", s.warnings.len());
        for w in s.warnings.iter().take(20) {
            println!("    {w}");
        }
        if s.warnings.len() > 20 {
            println!("    … och {} till", s.warnings.len() - 20);
        }
    }
    Ok(0)
}
