//! # Dasbor: the smart home, live in the browser
//!
//! A small web server that shows what the smart-home server (lab 03) has
//! stored: each node's latest values, a chart of the last hour, and the
//! door log. It is a separate process that only **reads** the server's
//! SQLite file: the file is opened with `SQLITE_OPEN_READ_ONLY` (and a busy
//! timeout), and no endpoint changes anything. Because the server keeps
//! the file in WAL mode, reading never blocks the server's writes.
//!
//! ```no_run
//! # async fn run() -> Result<(), dasbor::DasborError> {
//! let listener = tokio::net::TcpListener::bind(dasbor::DEFAULT_ADDR).await?;
//! let ctrl_c = async { tokio::signal::ctrl_c().await.unwrap_or(()) };
//! dasbor::serve("rumah.db".into(), listener, ctrl_c).await
//! # }
//! ```
//!
//! ## Endpoints
//!
//! Times are unix time in milliseconds, names are those of the database.
//! Every JSON answer escapes `<`, `>`, `&` and `'` as `\u003c`, ... A
//! failed request answers `{"galat": "<pesan>"}` with a 4xx/5xx status.
//!
//! - `GET /`: the page (HTML, Indonesian, no external resources).
//! - `GET /api/node`: every node, by id:
//!   `[{"id", "sesi", "periode", "halo_ms", "terakhir_ms", "online", "bacaan"}]`.
//!   `periode` is the seconds between two DATA; `terakhir_ms` is when its
//!   latest reading arrived and `bacaan` is that reading (both `null`
//!   before the first one); `online` is false once the node has been silent
//!   (no HALO and no DATA) for more than three of its periods, measured
//!   against the server's clock now.
//! - `GET /api/node/{id}/bacaan?n=100&sejak_ms=T`: the last `n` readings of
//!   a node (default 100, at most 1000), received at or after `T`
//!   (optional), **oldest first**:
//!   `[{"node", "sesi", "seq", "suhu_dht", "lembap", "suhu", "cahaya", "diterima_ms"}]`.
//!   An unknown node gives `[]`.
//! - `GET /api/pintu?n=50`: the last `n` door events (default 50, at most
//!   1000), **newest first**: `[{"node", "sesi", "seq", "uid", "hasil", "diterima_ms"}]`,
//!   `hasil` is `"BUKA"` or `"TOLAK"`.
//! - `GET /api/peristiwa`: Server-Sent Events (`text/event-stream`):
//!   `halo` on connect, then `bacaan`, `pintu` and `node` as rows arrive;
//!   see [`events`] for every event.
//!
//! ## Why Server-Sent Events
//!
//! The updates only go one way, from the server to the browser, and that
//! is exactly what SSE is: one long plain-HTTP response of text events.
//! - Compared with the page polling the JSON endpoints, an event arrives
//!   within one poll of the database (about half a second) without every
//!   page asking again and again; the server does the polling once, for
//!   all pages (see [`events`]).
//! - Compared with a WebSocket, there is no second protocol (no upgrade, no
//!   frames, no extra crate or axum feature): it is an ordinary `GET` that
//!   goes through the same small axum stack, proxies and the browser's
//!   developer tools, and the browser's `EventSource` reconnects by itself
//!   when the connection drops. A WebSocket's strength, the browser
//!   talking back, is not needed: the dashboard only reads.
//!
//! ## Layout
//!
//! - [`db`]: the read-only connection and every query.
//! - [`api`]: the JSON endpoints and their escaping.
//! - [`events`]: the SSE endpoint and the one poller shared by all streams.
//! - [`page`]: the HTML page (`page.html`, compiled in with `include_str!`).

pub mod api;
pub mod db;
pub mod events;
pub mod page;

use axum::Router;
use axum::routing::get;
use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

pub use db::DbError;

/// Where the dashboard listens unless told otherwise.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// What every handler gets: the database path and the event hub.
#[derive(Clone)]
pub struct AppState {
    db: Arc<PathBuf>,
    hub: Arc<events::Hub>,
}

/// Why the dashboard could not start or stopped with an error.
#[derive(Debug)]
pub enum DasborError {
    /// The database is missing or cannot be read.
    Db(DbError),
    /// Binding or serving failed.
    Io(std::io::Error),
}

impl fmt::Display for DasborError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DasborError::Db(error) => write!(f, "{error}"),
            DasborError::Io(error) => write!(f, "dasbor gagal melayani: {error}"),
        }
    }
}

impl std::error::Error for DasborError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DasborError::Db(error) => Some(error),
            DasborError::Io(error) => Some(error),
        }
    }
}

impl From<DbError> for DasborError {
    fn from(error: DbError) -> DasborError {
        DasborError::Db(error)
    }
}

impl From<std::io::Error> for DasborError {
    fn from(error: std::io::Error) -> DasborError {
        DasborError::Io(error)
    }
}

/// The dashboard's routes, reading the database at `db`.
///
/// The file is only opened by the requests (a missing file gives each
/// request a 503 with the reason); [`serve`] checks it first.
pub fn router(db: PathBuf) -> Router {
    app(db, Arc::new(events::Hub::new()))
}

// ANCHOR: routes
fn app(db: PathBuf, hub: Arc<events::Hub>) -> Router {
    Router::new()
        .route("/", get(page::index))
        .route("/api/node", get(api::nodes))
        .route("/api/node/{id}/bacaan", get(api::readings))
        .route("/api/pintu", get(api::door_events))
        .route("/api/peristiwa", get(events::stream))
        .fallback(api::not_found)
        .with_state(AppState { db: Arc::new(db), hub })
}
// ANCHOR_END: routes

/// Serves the dashboard for the database at `db` on `listener` until
/// `shutdown` completes; then the open event streams are ended and the
/// server stops.
///
/// Fails at once, with an Indonesian message, when the file is missing or
/// is not a database of the smart-home server.
/// Checks that `db` is a smart-home database the dashboard can read (so a
/// program can say so before it announces its address).
pub fn check_database(db: &std::path::Path) -> Result<(), DasborError> {
    db::open(db)?;
    Ok(())
}

pub async fn serve(
    db: PathBuf,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), DasborError> {
    let check = db.clone();
    tokio::task::spawn_blocking(move || db::open(&check).map(drop))
        .await
        .unwrap_or_else(|join| std::panic::resume_unwind(join.into_panic()))?;
    let hub = Arc::new(events::Hub::new());
    let app = app(db, hub.clone());
    let shutdown = async move {
        shutdown.await;
        // Open streams never end by themselves, and a graceful shutdown
        // waits for every response to end.
        hub.close();
    };
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await?;
    Ok(())
}
