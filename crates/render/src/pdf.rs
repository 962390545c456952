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

/// Shared page set-up, imported by the templates as `common.typ`.
static COMMON: &str = include_str!("../templates/common.typ");

/// Compiles `template` with `data` (JSON) and writes a PDF/UA-1 document.
pub fn pdf_ua(template: &'static str, data: &serde_json::Value) -> Result<Vec<u8>, String> {
    let engine = TypstEngine::builder()
        .main_file(template)
        .with_static_source_file_resolver([("common.typ", COMMON)])
        .fonts(SANS.iter().copied().chain(typst_assets::fonts()))
        .build();
    let mut inputs = Dict::new();
    inputs.insert("data".into(), data.to_string().into_value());
    let doc: PagedDocument = engine.compile_with_input(inputs).output.map_err(|e| format!("typst: {e:?}"))?;
    let options = typst_pdf::PdfOptions {
        standards: typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::Ua_1]).map_err(|e| format!("{e:?}"))?,
        ..Default::default()
    };
    typst_pdf::pdf(&doc, &options).map_err(|e| format!("PDF/UA-1: {e:?}"))
}
