//! Report models → documents and charts.
//!
//! Today: spreadsheets (`xlsx`) and SVG charts (`chart`) drawn with plotters' SVG backend — the same chart on the
//! indicator page and, when the report issues land, in the PDF reports (typst), DOCX and XLSX.
//!
//! **Invariant:** `render` reads plain data handed to it; it never queries the store, and it
//! never decides what is secret — callers pass only what may be shown.

pub mod chart;

/// A semicolon-separated file (as Swedish spreadsheets read it): a cell with `;`, `"` or a
/// line break is quoted, its quotes doubled.
pub fn csv_text(header: &[&str], rows: &[Vec<String>]) -> String {
    let cell = |v: &str| {
        if v.contains([';', '"', '\n']) { format!("\"{}\"", v.replace('"', "\"\"")) } else { v.to_string() }
    };
    let mut out = header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(";");
    out.push('\n');
    for r in rows {
        out.push_str(&r.iter().map(|v| cell(v)).collect::<Vec<_>>().join(";"));
        out.push('\n');
    }
    out
}
pub mod doc;
pub mod evb;
pub mod pdf;
pub mod xlsx;
