//! One error type for every handler, mapped to HTTP in one place: a Swedish error page for
//! browsers, an RFC 9457 problem document for `/api/`. Internal details are logged, never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// An error a handler returns.
#[derive(Debug)]
pub struct AppError {
    /// HTTP status.
    pub status: StatusCode,
    /// Short Swedish title ("Sidan finns inte").
    pub title: String,
    /// What went wrong and what the user can do, in Swedish.
    pub detail: String,
}

impl AppError {
    /// 404 with a description of what was not found.
    pub fn not_found(what: impl Into<String>) -> AppError {
        AppError { status: StatusCode::NOT_FOUND, title: "Sidan finns inte".into(), detail: what.into() }
    }

    /// 400 with what was wrong in the request.
    pub fn bad_request(detail: impl Into<String>) -> AppError {
        AppError { status: StatusCode::BAD_REQUEST, title: "Felaktig uppgift".into(), detail: detail.into() }
    }

    /// 422: the request was understood but what it asks would break a rule (said in `detail`).
    pub fn unprocessable(detail: impl Into<String>) -> AppError {
        AppError { status: StatusCode::UNPROCESSABLE_ENTITY, title: "Det går inte".into(), detail: detail.into() }
    }

    /// 405: a form's address opened as a page.
    pub fn method_not_allowed() -> AppError {
        AppError {
            status: StatusCode::METHOD_NOT_ALLOWED,
            title: "Fel sorts anrop".into(),
            detail: "Adressen tar bara emot ett formulär som skickas. Gå tillbaka till sidan med formuläret.".into(),
        }
    }

    /// 403.
    pub fn forbidden() -> AppError {
        AppError {
            status: StatusCode::FORBIDDEN,
            title: "Ingen behörighet".into(),
            detail: "Din roll ger inte tillgång till den här sidan. Kontakta administratören om du behöver den.".into(),
        }
    }

    /// 403 with the reason.
    pub fn forbidden_because(detail: impl Into<String>) -> AppError {
        AppError { detail: detail.into(), ..AppError::forbidden() }
    }

    /// 500; the cause is logged, not shown.
    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        tracing::error!(%cause, "internal error");
        AppError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            title: "Något gick fel".into(),
            detail: "Ett internt fel inträffade. Felet är loggat; försök igen om en stund.".into(),
        }
    }
}

impl From<store::Error> for AppError {
    fn from(e: store::Error) -> AppError {
        match e {
            store::Error::NotFound(what) => AppError::not_found(format!("{} finns inte.", domain::sv::capitalise(&what))),
            // A change the stored data does not allow (say, a forecast a published report shows).
            store::Error::Conflict(why) => AppError { status: StatusCode::CONFLICT, title: "Det går inte".into(), detail: why },
            other => AppError::internal(other),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> AppError {
        AppError::internal(e)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        // The rendering (HTML or JSON) is chosen by `render_errors`, which knows the path.
        let mut res = self.status.into_response();
        res.extensions_mut().insert(std::sync::Arc::new(self));
        res
    }
}

/// The Swedish error for a request axum's extractors refused before a handler ran (their
/// answer is English plain text: "Invalid URL: Cannot parse value …").
fn rejection(res: &Response) -> Option<std::sync::Arc<AppError>> {
    let plain = res.headers().get(axum::http::header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/plain"));
    if !plain || !res.status().is_client_error() {
        return None;
    }
    let (title, detail) = match res.status() {
        StatusCode::BAD_REQUEST => (
            "Felaktig adress",
            "Adressen eller dess parametrar har fel form, till exempel bokstäver där ett år, en månad eller ett nummer ska stå. Kontrollera adressen.",
        ),
        StatusCode::METHOD_NOT_ALLOWED => return Some(std::sync::Arc::new(AppError::method_not_allowed())),
        StatusCode::PAYLOAD_TOO_LARGE => ("För stor fil", "Filen eller formuläret är större än vad som tas emot."),
        StatusCode::UNSUPPORTED_MEDIA_TYPE | StatusCode::UNPROCESSABLE_ENTITY => {
            ("Formuläret kunde inte läsas", "Något fält har fel form eller saknas. Gå tillbaka och försök igen.")
        }
        _ => return None,
    };
    Some(std::sync::Arc::new(AppError { status: res.status(), title: title.into(), detail: detail.into() }))
}

/// Middleware: turns an [`AppError`] left in a response into an HTML page or, under `/api/`,
/// a problem document.
pub async fn render_errors(auth: crate::auth::AuthSession, req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    let Some(err) = res.extensions().get::<std::sync::Arc<AppError>>().cloned().or_else(|| rejection(&res)) else {
        return res;
    };
    let mut out = if api {
        let body = serde_json::json!({
            "type": "about:blank",
            "status": err.status.as_u16(),
            "title": err.title,
            "detail": err.detail,
        });
        (err.status, [("content-type", "application/problem+json")], body.to_string()).into_response()
    } else {
        (err.status, axum::response::Html(crate::shell::error_page(&err, &auth))).into_response()
    };
    // Keep headers set by the handler (e.g. Retry-After), except the body's own.
    for (k, v) in res.headers() {
        if k != axum::http::header::CONTENT_TYPE && k != axum::http::header::CONTENT_LENGTH {
            out.headers_mut().insert(k.clone(), v.clone());
        }
    }
    out
}
