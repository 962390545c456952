//! PDF/UA-1 documents through typst, with every font embedded in the binary (typst-assets and
//! the vendored OFL Fira Sans in `fonts/`), so no system fonts are needed.
//!
//! A template is a typst file in `templates/`; its data arrives as one JSON text in
//! `sys.inputs.data`, built by the caller from a report model. typst refuses a PDF/UA document
//! without a title or with an image lacking alt text, so those are checked at every render.

use typst::foundations::{Dict, IntoValue};
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

/// The vendored sans-serif (SIL Open Font License, `fonts/FiraSans-OFL.txt`).
static SANS: [&[u8]; 3] = [
    include_bytes!("../fonts/FiraSans-Regular.ttf"),
    include_bytes!("../fonts/FiraSans-Medium.ttf"),
    include_bytes!("../fonts/FiraSans-Italic.ttf"),
];

/// The templates, by the name a caller gives; `common.typ` is the shared page set-up they import.
static TEMPLATES: [(&str, &str); 4] = [
    ("common.typ", include_str!("../templates/common.typ")),
    ("report.typ", include_str!("../templates/report.typ")),
    ("evb_statistics.typ", include_str!("../templates/evb_statistics.typ")),
    ("evb_case_paper.typ", include_str!("../templates/evb_case_paper.typ")),
];

/// One engine for the process: fonts are parsed once, and typst's memoisation (comemo) makes a
/// second compile of the same template reuse what did not change.
fn engine() -> &'static TypstEngine {
    static ENGINE: std::sync::OnceLock<TypstEngine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| {
        TypstEngine::builder().with_static_source_file_resolver(TEMPLATES).fonts(SANS.iter().copied().chain(typst_assets::fonts())).build()
    })
}

/// Compiles the template `name` (a file in `templates/`) with `data` (JSON) and writes a
/// PDF/UA-1 document.
pub fn pdf_ua(name: &'static str, data: &serde_json::Value) -> Result<Vec<u8>, String> {
    let mut inputs = Dict::new();
    inputs.insert("data".into(), data.to_string().into_value());
    let t = std::time::Instant::now();
    let doc: PagedDocument = engine().compile_with_input(name, inputs).output.map_err(|e| format!("typst: {e:?}"))?;
    let compiled = t.elapsed();
    let options = typst_pdf::PdfOptions {
        standards: typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::Ua_1]).map_err(|e| format!("{e:?}"))?,
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&doc, &options).map_err(|e| format!("PDF/UA-1: {e:?}"));
    if std::env::var_os("ARSHJUL_PDF_TIMING").is_some() {
        eprintln!(
            "typst {name}: compile {:.3} s, PDF export {:.3} s",
            compiled.as_secs_f64(),
            t.elapsed().as_secs_f64() - compiled.as_secs_f64()
        );
    }
    pdf
}
