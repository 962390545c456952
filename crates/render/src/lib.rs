//! Report models → documents and charts.
//!
//! Today: spreadsheets (`xlsx`) and SVG charts (`chart`) drawn with plotters' SVG backend — the same chart on the
//! indicator page and, when the report issues land, in the PDF reports (typst), DOCX and XLSX.
//!
//! **Invariant:** `render` reads plain data handed to it; it never queries the store, and it
//! never decides what is secret — callers pass only what may be shown.

pub mod chart;
pub mod doc;
pub mod evb;
pub mod pdf;
pub mod xlsx;
