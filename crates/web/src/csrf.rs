//! Cross-site request forgery guard by Fetch Metadata and Origin, with no per-form tokens.
//!
//! A state-changing request (anything but GET, HEAD, OPTIONS) is admitted when the browser says
//! it comes from this site (`Sec-Fetch-Site: same-origin`, or `none` for a user's own
//! navigation), or, from browsers that send no Fetch Metadata, when `Origin` matches `Host`. A
//! request with neither header comes from a non-browser client, which cannot carry a victim's
//! cookies, and is admitted (the rule Go's `http.CrossOriginProtection` uses).
//! Session cookies are also `SameSite=Lax`.

use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Middleware: refuses cross-site state-changing requests with 403.
pub async fn guard(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || same_site(&req) {
        return next.run(req).await;
    }
    tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-site request refused");
    crate::error::AppError {
        status: StatusCode::FORBIDDEN,
        title: "Begäran nekades".into(),
        detail: "Formuläret skickades från en annan webbplats och togs därför inte emot. Ladda om sidan och försök igen.".into(),
    }
    .into_response()
}

fn same_site(req: &Request) -> bool {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        return site == "same-origin" || site == "none";
    }
    match (header("origin"), header("host")) {
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, h)| h) == Some(host),
        (Some(_), None) => false,
        (None, _) => true,
    }
}
