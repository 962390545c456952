//! Static files compiled into the binary, so the one binary needs no files beside it.

use crate::error::AppError;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// (name, content type, bytes).
const FILES: &[(&str, &str, &[u8])] = &[
    ("arshjul.css", "text/css; charset=utf-8", include_bytes!("../static/arshjul.css")),
    ("arshjul.js", "text/javascript; charset=utf-8", include_bytes!("../static/arshjul.js")),
    ("arshjul.svg", "image/svg+xml", include_bytes!("../static/arshjul.svg")),
    // htmx 2.0.11, vendored unchanged from the npm package htmx.org (licence 0BSD).
    ("htmx-2.0.11.min.js", "text/javascript; charset=utf-8", include_bytes!("../static/htmx-2.0.11.min.js")),
];

/// GET /static/{file}
pub async fn serve(Path(file): Path<String>) -> Result<Response, AppError> {
    let (_, content_type, bytes) =
        FILES.iter().find(|(name, _, _)| *name == file).ok_or_else(|| AppError::not_found(format!("Filen {file} finns inte.")))?;
    Ok(([(header::CONTENT_TYPE, *content_type), (header::CACHE_CONTROL, "public, max-age=3600")], *bytes).into_response())
}
