//! Documents built from stored data, shared by the pages and the CLI (`arshjul evb report`).

use domain::evb::*;
use domain::period::Period;
use store::{Actor, Store};

/// Why an output could not be built.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] store::Error),
    /// Something asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The kind/format combination is not offered.
    #[error("{0}")]
    Unsupported(String),
    /// The renderer failed.
    #[error("rendering failed: {0}")]
    Render(String),
}

/// Builds a quarter's EVB report in the given kind and format.
pub async fn evb_report(
    store: &Store,
    actor: &Actor,
    municipality: &str,
    quarter: Period,
    kind: &str,
    format: &str,
) -> Result<Vec<u8>, OutputError> {
    let m = store::org::municipality(store, municipality)
        .await?
        .ok_or_else(|| OutputError::NotFound(format!("no municipality with the code {municipality}")))?;
    let (catalog, law_refs) = store::evb::config(store, municipality).await?;
    let (info, open_before, since) = store::evb::report_for(store, municipality, quarter).await?;
    match (kind, format) {
        ("ivo", "csv" | "xlsx") => {
            let mut w = store.begin(actor).await?;
            let decisions =
                store::evb::decisions_identifiable(&mut w, municipality, &format!("IVO-rapport {} ({format})", info.key)).await?;
            w.commit().await?;
            let rows = report(&decisions, &open_before, since, info.cutoff);
            let table = render::evb::ivo_rows(&info, &catalog, &law_refs, &decisions, &rows);
            if format == "csv" {
                Ok(render::evb::ivo_csv(&table).into_bytes())
            } else {
                render::evb::ivo_xlsx(&table).map_err(OutputError::Render)
            }
        }
        ("ivo", other) => return Err(OutputError::Unsupported(format!("the IVO report is written as csv or xlsx, not {other}"))),
        ("case-paper", "html" | "pdf") => {
            let decisions = store::evb::decisions(store, municipality).await?;
            let rows = report(&decisions, &open_before, since, info.cutoff);
            let stats = Statistics::of(&catalog, &decisions, &rows, info.cutoff, &Bands::default());
            let doc = render::evb::StatisticsReport {
                municipality: &m.name,
                info: &info,
                stats: &stats,
                catalog: &catalog,
                law: law_ref(&law_refs, "EVB_REPORT_SOL", info.cutoff),
                open_waiting: None,
                executed_waiting: None,
            };
            if format == "html" {
                Ok(render::evb::case_paper_html(&doc, &decisions, &rows).into_bytes())
            } else {
                render::evb::case_paper_pdf(&doc, &decisions, &rows).map_err(OutputError::Render)
            }
        }
        ("case-paper", other) => return Err(OutputError::Unsupported(format!("the case paper is written as html or pdf, not {other}"))),
        ("statistics", "html" | "csv" | "pdf" | "docx") => {
            let decisions = store::evb::decisions(store, municipality).await?;
            let rows = report(&decisions, &open_before, since, info.cutoff);
            let stats = Statistics::of(&catalog, &decisions, &rows, info.cutoff, &Bands::default());
            let open: Vec<i64> = rows
                .iter()
                .filter(|r| r.category.open())
                .filter_map(|r| decisions.iter().find(|d| d.id == r.id))
                .map(|d| d.days_open(info.cutoff))
                .collect();
            let executed: Vec<i64> = rows
                .iter()
                .filter(|r| r.category == Category::Executed)
                .filter_map(|r| decisions.iter().find(|d| d.id == r.id))
                .filter_map(Decision::days_to_execution)
                .collect();
            let law = law_ref(&law_refs, "EVB_REPORT_SOL", info.cutoff);
            let doc = render::evb::StatisticsReport {
                municipality: &m.name,
                info: &info,
                stats: &stats,
                catalog: &catalog,
                law,
                open_waiting: waiting(&open),
                executed_waiting: waiting(&executed),
            };
            match format {
                "html" => Ok(render::evb::statistics_html(&doc).into_bytes()),
                "csv" => Ok(render::evb::statistics_csv(&doc).into_bytes()),
                "pdf" => render::evb::statistics_pdf(&doc).map_err(OutputError::Render),
                _ => render::evb::statistics_docx(&doc).map_err(OutputError::Render),
            }
        }
        (_, other) => {
            return Err(OutputError::Unsupported(format!("the statistics report is written as html, csv, pdf or docx, not {other}")));
        }
    }
}
