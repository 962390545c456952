//! PDF/UA-1 documents through typst, with every font embedded in the binary (typst-assets and
//! the vendored OFL Fira Sans in `fonts/`), so no system fonts are needed.
//!
//! A template is a typst file in `templates/`; its data arrives as the virtual file `data.json`
//! (`json("data.json")` in the template), built by the caller from a report model. The data is a
//! file rather than `sys.inputs` so that the engine's library stays the same between renders and
//! typst's memoisation can reuse what did not change. typst refuses a PDF/UA document without a
//! title or with an image lacking alt text, so those are checked at every render.

use std::borrow::Cow;
use std::sync::{Arc, Mutex, RwLock};
use typst::diag::{FileError, FileResult};
use typst::foundations::Bytes;
use typst::syntax::{FileId, Source};
use typst_as_lib::TypstEngine;
use typst_as_lib::file_resolver::FileResolver;
use typst_layout::PagedDocument;

/// The vendored sans-serif (SIL Open Font License, `fonts/FiraSans-OFL.txt`).
pub(crate) static SANS: [&[u8]; 3] = [
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

/// The current render's data, served as `data.json`.
#[derive(Clone)]
struct DataFile(Arc<RwLock<Bytes>>);

impl FileResolver for DataFile {
    fn resolve_binary(&self, id: FileId) -> FileResult<Cow<'_, Bytes>> {
        let path = id.vpath().get_without_slash();
        if path == "data.json" {
            return Ok(Cow::Owned(self.0.read().map_err(|_| FileError::AccessDenied)?.clone()));
        }
        Err(FileError::NotFound(path.into()))
    }

    fn resolve_source(&self, id: FileId) -> FileResult<Cow<'_, Source>> {
        Err(FileError::NotFound(id.vpath().get_without_slash().into()))
    }
}

/// One engine for the process: fonts are parsed once, and typst's memoisation (comemo) makes a
/// second compile reuse what did not change. Renders take turns (the data file is shared).
fn engine() -> &'static (TypstEngine, DataFile, Mutex<()>) {
    static ENGINE: std::sync::OnceLock<(TypstEngine, DataFile, Mutex<()>)> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| {
        let data = DataFile(Arc::new(RwLock::new(Bytes::new(b"{}".to_vec()))));
        let engine = TypstEngine::builder()
            .with_static_source_file_resolver(TEMPLATES)
            .add_file_resolver(data.clone())
            .fonts(SANS.iter().copied().chain(typst_assets::fonts()))
            // Keep memoised results for ten compiles (typst-as-lib evicts after each by default),
            // so re-rendering a report after an edit redoes only what changed.
            .comemo_evict_max_age(Some(10))
            .build();
        (engine, data, Mutex::new(()))
    })
}

/// Whether one of the fonts the templates use can draw `c` (their character maps, read once). PDF/UA-1
/// refuses a document with a glyph no font has, so a character none draws (an emoji pasted into
/// a text: 👍, ✅, ❌) is left out rather than the whole PDF.
fn drawable(c: char) -> bool {
    static COVERAGE: std::sync::OnceLock<Vec<typst::text::Coverage>> = std::sync::OnceLock::new();
    if c.is_ascii() {
        return true;
    }
    let coverage = COVERAGE.get_or_init(|| {
        SANS.iter()
            .copied()
            .chain(typst_assets::fonts())
            .flat_map(|b| typst::text::Font::iter(Bytes::new(b)))
            // The families the templates set (templates/common.typ).
            .filter(|f| matches!(f.info().family.as_str(), "Fira Sans" | "Libertinus Serif"))
            .map(|f| f.info().coverage.clone())
            .collect()
    });
    coverage.iter().any(|cv| cv.contains(c as u32))
}

/// `v` with every string holding only [`drawable`] characters.
fn drawable_only(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::String(s) if !s.chars().all(drawable) => Value::String(s.chars().filter(|c| drawable(*c)).collect()),
        Value::Array(a) => Value::Array(a.iter().map(drawable_only).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), drawable_only(v))).collect()),
        other => other.clone(),
    }
}

/// Compiles the template `name` (a file in `templates/`) with `data` (JSON) and writes a
/// PDF/UA-1 document.
pub fn pdf_ua(name: &'static str, data: &serde_json::Value) -> Result<Vec<u8>, String> {
    let data = &drawable_only(data);
    let (engine, file, turn) = engine();
    let _turn = turn.lock().unwrap_or_else(|e| e.into_inner());
    *file.0.write().map_err(|_| "the data file is poisoned".to_string())? = Bytes::new(data.to_string().into_bytes());
    let t = std::time::Instant::now();
    let doc: PagedDocument = engine.compile(name).output.map_err(|e| format!("typst: {e:?}"))?;
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

#[cfg(test)]
mod glyph_tests {
    /// The signs the reports print are drawn; emoji are left out.
    #[test]
    fn the_reports_signs_are_drawable_and_emoji_are_not() {
        for c in ['å', 'Ö', '−', '–', '●', '▲', '▼', '◆', '○', '◐', '◔', '◕', '€', '§', '×'] {
            assert!(super::drawable(c), "{c} (U+{:04X})", c as u32);
        }
        for c in ['👍', '✅', '❌', '✨'] {
            assert!(!super::drawable(c), "{c}");
        }
    }
}
