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
    /// The document holds personnummer and is not rendered; `places` says where each is, for
    /// those who can take them away.
    #[error("«{title}» innehåller personnummer och skrivs inte ut: {}. Ta bort dem där de står och skriv ut igen.", places.join("; "))]
    PersonalData { title: String, places: Vec<String> },
    /// The renderer failed.
    #[error("dokumentet kunde inte skapas: {0}")]
    Render(String),
}

/// A quarter's EVB report without identity: its decisions, the rows it reports and their
/// counts. The one loader behind the statistics, the case paper, the pages and the API.
pub struct EvbQuarter {
    /// Municipality name.
    pub municipality: String,
    /// The report (stored, or computed for the quarter).
    pub info: ReportInfo,
    /// Insats types.
    pub catalog: InsatsCatalog,
    /// Law references.
    pub law_refs: Vec<LawRef>,
    /// The register (no pseudonyms).
    pub decisions: Vec<Decision>,
    /// What the report holds.
    pub rows: Vec<Reported>,
    /// Counts.
    pub stats: Statistics,
}

impl EvbQuarter {
    /// Loads and computes the quarter's report.
    pub async fn load(store: &Store, municipality: &str, quarter: Period) -> Result<EvbQuarter, OutputError> {
        let m = store::org::municipality(store, municipality)
            .await?
            .ok_or_else(|| OutputError::NotFound(format!("Kommunen {municipality} finns inte.")))?;
        let (catalog, law_refs) = store::evb::config(store, municipality).await?;
        let (info, open_before, since) = store::evb::report_for(store, municipality, quarter).await?;
        let decisions = store::evb::decisions(store, municipality).await?;
        let rows = report(&decisions, &open_before, since, info.cutoff);
        let stats = Statistics::of(&catalog, &decisions, &rows, info.cutoff, &Bands::default());
        Ok(EvbQuarter { municipality: m.name, info, catalog, law_refs, decisions, rows, stats })
    }

    fn days(&self, category: impl Fn(Category) -> bool, days: impl Fn(&Decision) -> Option<i64>) -> Vec<i64> {
        self.rows
            .iter()
            .filter(|r| category(r.category))
            .filter_map(|r| self.decisions.iter().find(|d| d.id == r.id))
            .filter_map(days)
            .collect()
    }

    /// The report model for the renderers.
    pub fn document(&self) -> render::evb::StatisticsReport<'_> {
        let cutoff = self.info.cutoff;
        render::evb::StatisticsReport {
            municipality: &self.municipality,
            info: &self.info,
            stats: &self.stats,
            catalog: &self.catalog,
            law: law_ref(&self.law_refs, "EVB_REPORT_SOL", cutoff),
            open_waiting: waiting(&self.days(Category::open, |d| Some(d.days_open(cutoff)))),
            executed_waiting: waiting(&self.days(|c| c == Category::Executed, Decision::days_to_execution)),
        }
    }
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
    match (kind, format) {
        ("ivo", "csv" | "xlsx") => {
            store::org::municipality(store, municipality)
                .await?
                .ok_or_else(|| OutputError::NotFound(format!("Kommunen {municipality} finns inte.")))?;
            let (catalog, law_refs) = store::evb::config(store, municipality).await?;
            let (info, open_before, since) = store::evb::report_for(store, municipality, quarter).await?;
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
        ("ivo", other) => Err(OutputError::Unsupported(format!("IVO-rapporten skrivs som csv eller xlsx, inte {other}."))),
        ("case-paper", "html" | "pdf") => {
            let q = EvbQuarter::load(store, municipality, quarter).await?;
            let doc = q.document();
            if format == "html" {
                Ok(render::evb::case_paper_html(&doc, &q.decisions, &q.rows).into_bytes())
            } else {
                render::evb::case_paper_pdf(&doc, &q.decisions, &q.rows).map_err(OutputError::Render)
            }
        }
        ("case-paper", other) => Err(OutputError::Unsupported(format!("Ärendeunderlaget skrivs som html eller pdf, inte {other}."))),
        ("statistics", "html" | "csv" | "pdf" | "docx") => {
            let q = EvbQuarter::load(store, municipality, quarter).await?;
            let doc = q.document();
            match format {
                "html" => Ok(render::evb::statistics_html(&doc).into_bytes()),
                "csv" => Ok(render::evb::statistics_csv(&doc).into_bytes()),
                "pdf" => render::evb::statistics_pdf(&doc).map_err(OutputError::Render),
                _ => render::evb::statistics_docx(&doc).map_err(OutputError::Render),
            }
        }
        (_, other) => Err(OutputError::Unsupported(format!("Statistikrapporten skrivs som html, csv, pdf eller docx, inte {other}."))),
    }
}
