//! `GET /`: the dashboard page, one static HTML file (`page.html`).
//!
//! The page holds no data: it loads the JSON endpoints, then listens to
//! `/api/peristiwa`. Its script builds every element with `textContent`
//! and `setAttribute` (never `innerHTML`), so a stored value is
//! shown as text, whatever it contains. It loads nothing from other hosts:
//! no CDN, no web font, no library; the charts are hand-drawn SVG.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// The page, compiled into the binary.
pub const PAGE: &str = include_str!("page.html");

/// Only this server may be contacted, and only the page's own inline
/// script and style run: a second line of defence if a value ever did
/// reach the markup.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'unsafe-inline'; \
     style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";

/// `GET /`
pub async fn index() -> Response {
    let mut response = PAGE.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers
        .insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    response
}
