//! The JSON endpoints: `/api/node`, `/api/node/{id}/bacaan`, `/api/pintu`.
//!
//! Every answer is built with serde_json and then made safe to embed
//! anywhere: `<`, `>`, `&` and `'` inside strings become `\u003c`, ... (the
//! same JSON value, but a stored `<script>` can never come out as markup).

use crate::AppState;
use crate::db::{self, DbError};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rusqlite::Connection;
use serde::Serialize;

/// How many rows one request may ask for.
pub const MAX_ROWS: u32 = 1000;
/// Default `n` of `/api/node/{id}/bacaan`.
pub const DEFAULT_READINGS: u32 = 100;
/// Default `n` of `/api/pintu`.
pub const DEFAULT_DOOR_EVENTS: u32 = 50;

/// Serializes `value` to JSON with `<`, `>`, `&` and `'` escaped.
///
/// Those characters can only appear inside JSON strings, where `\uXXXX`
/// means the same character, so the value does not change.
pub fn to_safe_json<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned());
    let mut safe = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            '\'' => safe.push_str("\\u0027"),
            c => safe.push(c),
        }
    }
    safe
}

/// A JSON body with the headers every answer of the API has.
fn json_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// A failed request: a status and an Indonesian message, as
/// `{"galat": "..."}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn bad_request(message: String) -> ApiError {
        ApiError { status: StatusCode::BAD_REQUEST, message }
    }
}

impl From<DbError> for ApiError {
    fn from(error: DbError) -> ApiError {
        ApiError { status: StatusCode::SERVICE_UNAVAILABLE, message: error.to_string() }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body {
            galat: String,
        }
        json_response(self.status, to_safe_json(&Body { galat: self.message }))
    }
}

/// Runs `query` on a fresh read-only connection, off the async threads.
pub async fn with_db<T, F>(state: &AppState, query: F) -> Result<T, DbError>
where
    T: Send + 'static,
    F: FnOnce(&Connection) -> Result<T, DbError> + Send + 'static,
{
    let path = state.db.clone();
    tokio::task::spawn_blocking(move || query(&db::open(&path)?))
        .await
        .unwrap_or_else(|join| std::panic::resume_unwind(join.into_panic()))
}

/// The parameters a list endpoint accepts: `n` and `sejak_ms`.
#[derive(Debug, PartialEq)]
struct ListQuery {
    n: u32,
    since_ms: i64,
}

/// Reads `n=..&sejak_ms=..`; `n` is capped at [`MAX_ROWS`], anything else
/// in the query is ignored.
fn parse_query(raw: Option<&str>, default_n: u32) -> Result<ListQuery, ApiError> {
    let mut query = ListQuery { n: default_n, since_ms: i64::MIN };
    for pair in raw.unwrap_or("").split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "n" => {
                let n: u64 = value.parse().map_err(|_| {
                    ApiError::bad_request(format!(
                        "n harus bilangan bulat 0..{MAX_ROWS}, bukan {value:?}"
                    ))
                })?;
                query.n = n.min(u64::from(MAX_ROWS)) as u32;
            }
            "sejak_ms" => {
                query.since_ms = value.parse().map_err(|_| {
                    ApiError::bad_request(format!(
                        "sejak_ms harus waktu unix dalam milidetik, bukan {value:?}"
                    ))
                })?;
            }
            _ => {}
        }
    }
    Ok(query)
}

/// `GET /api/node`
pub async fn nodes(State(state): State<AppState>) -> Result<Response, ApiError> {
    let nodes = with_db(&state, |connection| db::nodes(connection, db::now_ms())).await?;
    Ok(json_response(StatusCode::OK, to_safe_json(&nodes)))
}

/// `GET /api/node/{id}/bacaan?n=100&sejak_ms=0`
pub async fn readings(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = parse_query(raw.as_deref(), DEFAULT_READINGS)?;
    let readings =
        with_db(&state, move |connection| db::readings(connection, &id, query.n, query.since_ms))
            .await?;
    Ok(json_response(StatusCode::OK, to_safe_json(&readings)))
}

/// `GET /api/pintu?n=50`
pub async fn door_events(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = parse_query(raw.as_deref(), DEFAULT_DOOR_EVENTS)?;
    let events = with_db(&state, move |connection| db::door_events(connection, query.n)).await?;
    Ok(json_response(StatusCode::OK, to_safe_json(&events)))
}

/// Any other path under `/api/`.
pub async fn not_found() -> ApiError {
    ApiError { status: StatusCode::NOT_FOUND, message: "alamat API tidak dikenal".to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_json_is_the_same_value_without_markup_characters() {
        let hostile = "<script>alert('x' & \"y\")</script>";
        let json = to_safe_json(&hostile);
        assert!(!json.contains(['<', '>', '&', '\'']), "{json}");
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), hostile);
    }

    #[test]
    fn n_has_a_default_and_a_cap() {
        assert_eq!(parse_query(None, 100).unwrap(), ListQuery { n: 100, since_ms: i64::MIN });
        assert_eq!(parse_query(Some("n=7"), 100).unwrap().n, 7);
        assert_eq!(parse_query(Some("n=99999999999"), 100).unwrap().n, MAX_ROWS);
        assert_eq!(
            parse_query(Some("x=1&sejak_ms=-5&n=0"), 100).unwrap(),
            ListQuery { n: 0, since_ms: -5 }
        );
        assert!(parse_query(Some("n=-1"), 100).is_err());
        assert!(parse_query(Some("n=abc"), 100).is_err());
    }
}
