//! Ingest tests against real files in `../shared/` (skipped with a message outside the
//! workspace; a failure under CI=true).

mod evb;
mod file_formats;
mod sie_samples;

/// The folder of shared test data, if present.
pub fn shared(sub: &str) -> Option<std::path::PathBuf> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared").join(sub);
    if p.is_dir() {
        Some(p)
    } else if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{} is missing: CI must run with shared/ beside the checkout", p.display())
    } else {
        eprintln!("skipped: {} is not here (a clone outside the workspace)", p.display());
        None
    }
}
