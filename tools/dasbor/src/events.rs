//! `GET /api/peristiwa`: Server-Sent Events, fed by one shared poller.
//!
//! SQLite cannot tell another process that a row was added, so somebody has
//! to look. One task (the poller) does it for every open page: every
//! [`POLL_INTERVAL`] it asks for the rows whose rowid is above the highest
//! one it has already seen, and compares the `node` table with the previous
//! look. Whatever is new goes into a [`broadcast`] channel; every open
//! stream is one receiver of that channel. Fifty open pages are fifty
//! receivers, and still one query every half second.
//!
//! The poller starts with the first stream (so [`crate::router`] needs no
//! runtime) and stops when the server shuts down.
//!
//! Events, each with a JSON `data`:
//! - `halo`: once, on connect: `{"sekarang_ms": ...}`, the server's clock.
//! - `bacaan`: a new row of `bacaan` (the fields of `/api/node/{id}/bacaan`).
//! - `pintu`: a new row of `pintu` (the fields of `/api/pintu`).
//! - `node`: a node sent a new HALO: its status, as one item of `/api/node`.
//! - `muat-ulang`: this stream fell behind and events were lost: load the
//!   JSON endpoints again.
//! - `galat` / `pulih`: the database cannot be read now / can be read again.

use crate::AppState;
use crate::api::{ApiError, to_safe_json};
use crate::db::{self, DbError, Halo};
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream, StreamExt};
use rusqlite::Connection;
use serde_json::json;
use std::collections::HashMap;
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, Weak};
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{OnceCell, broadcast, watch};

/// How often the poller looks at the database.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// How often an idle stream sends a comment, so that proxies and the
/// browser keep the connection open.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How long the browser waits before it reconnects a broken stream.
const RECONNECT: Duration = Duration::from_secs(2);
/// How many events a slow stream may be behind before it is told to reload.
const CHANNEL_CAPACITY: usize = 1024;
/// At most this many new rows of one table per look.
const BATCH: u32 = 500;

/// One event for every open stream: its name and its JSON data.
#[derive(Debug, Clone)]
struct Message {
    kind: &'static str,
    data: Arc<str>,
}

impl Message {
    fn new(kind: &'static str, data: String) -> Message {
        Message { kind, data: data.into() }
    }
}

/// What the streams share: the channel, the poller, the shutdown flag.
pub struct Hub {
    sender: broadcast::Sender<Message>,
    poller: OnceCell<()>,
    closed: watch::Sender<bool>,
}

impl Hub {
    pub fn new() -> Hub {
        Hub {
            sender: broadcast::channel(CHANNEL_CAPACITY).0,
            poller: OnceCell::new(),
            closed: watch::Sender::new(false),
        }
    }

    /// Ends every open stream and the poller (for a graceful shutdown:
    /// an open stream would otherwise keep the server waiting forever).
    pub fn close(&self) {
        self.closed.send_replace(true);
    }

    fn is_closed(&self) -> bool {
        *self.closed.borrow()
    }

    /// Starts the poller once; its starting point (the highest rowids, the
    /// HALOs) is read before this returns, so every row added afterwards
    /// is reported.
    async fn start_poller(self: &Arc<Hub>, path: Arc<PathBuf>) -> Result<(), DbError> {
        self.poller
            .get_or_try_init(|| async {
                let first_path = path.clone();
                let (connection, cursor) =
                    tokio::task::spawn_blocking(move || -> Result<_, DbError> {
                        let connection = db::open(&first_path)?;
                        let cursor = Cursor::new(&connection)?;
                        Ok((connection, cursor))
                    })
                    .await
                    .unwrap_or_else(|join| std::panic::resume_unwind(join.into_panic()))?;
                tokio::spawn(poll(Arc::downgrade(self), path, connection, cursor));
                Ok(())
            })
            .await
            .map(|_| ())
    }
}

impl Default for Hub {
    fn default() -> Hub {
        Hub::new()
    }
}

/// What the poller has already seen.
struct Cursor {
    reading_rowid: i64,
    door_rowid: i64,
    halos: HashMap<String, Halo>,
}

impl Cursor {
    fn new(connection: &Connection) -> Result<Cursor, DbError> {
        let (reading_rowid, door_rowid) = db::last_rowids(connection)?;
        let halos = db::halos(connection)?.into_iter().map(|h| (h.id.clone(), h)).collect();
        Ok(Cursor { reading_rowid, door_rowid, halos })
    }

    // ANCHOR: advance
    /// One look at the database: the new HALOs first (so that a page knows
    /// a node before its readings), then the new rows.
    fn advance(&mut self, connection: &Connection) -> Result<Vec<Message>, DbError> {
        let now_ms = db::now_ms();
        let mut messages = Vec::new();
        for halo in db::halos(connection)? {
            if self.halos.get(&halo.id) != Some(&halo) {
                self.halos.insert(halo.id.clone(), halo.clone());
                let status = db::node_status(connection, halo, now_ms)?;
                messages.push(Message::new("node", to_safe_json(&status)));
            }
        }
        for (rowid, reading) in db::readings_after(connection, self.reading_rowid, BATCH)? {
            self.reading_rowid = rowid;
            messages.push(Message::new("bacaan", to_safe_json(&reading)));
        }
        for (rowid, event) in db::door_events_after(connection, self.door_rowid, BATCH)? {
            self.door_rowid = rowid;
            messages.push(Message::new("pintu", to_safe_json(&event)));
        }
        Ok(messages)
    }
    // ANCHOR_END: advance
}

/// The poller: looks every [`POLL_INTERVAL`] until the hub is closed or
/// dropped.
async fn poll(hub: Weak<Hub>, path: Arc<PathBuf>, connection: Connection, mut cursor: Cursor) {
    let mut connection = Some(connection);
    let mut failing = false;
    let mut ticks = tokio::time::interval(POLL_INTERVAL);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match hub.upgrade() {
            Some(hub) if !hub.is_closed() => {}
            _ => return,
        }
        // The blocking part owns the connection and the cursor while it
        // runs, and hands them back.
        let task_path = path.clone();
        let looked = tokio::task::spawn_blocking(move || {
            let result = match connection {
                Some(open) => Ok(open),
                None => db::open(&task_path),
            }
            .and_then(|open| {
                let messages = cursor.advance(&open);
                // A connection that failed is opened again next time.
                let keep = messages.is_ok().then_some(open);
                messages.map(|messages| (keep, messages))
            });
            (result, cursor)
        })
        .await;
        let Ok((result, returned_cursor)) = looked else { return };
        cursor = returned_cursor;
        let Some(hub) = hub.upgrade() else { return };
        match result {
            Ok((open, messages)) => {
                connection = open;
                if failing {
                    failing = false;
                    let _ = hub.sender.send(Message::new("pulih", "{}".to_owned()));
                }
                for message in messages {
                    // Err only means that no stream is open right now.
                    let _ = hub.sender.send(message);
                }
            }
            Err(error) => {
                connection = None;
                if !failing {
                    failing = true;
                    let data = to_safe_json(&json!({ "pesan": error.to_string() }));
                    let _ = hub.sender.send(Message::new("galat", data));
                }
            }
        }
    }
}

// ANCHOR: stream
/// `GET /api/peristiwa`
pub async fn stream(
    State(state): State<AppState>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    // Subscribe first: whatever the poller sends from now on reaches us.
    let receiver = state.hub.sender.subscribe();
    state.hub.start_poller(state.db.clone()).await?;
    let closed = state.hub.closed.subscribe();
    let hello = Event::default()
        .event("halo")
        .retry(RECONNECT)
        .data(to_safe_json(&json!({ "sekarang_ms": db::now_ms() })));
    let events = stream::unfold((receiver, closed), |(mut receiver, mut closed)| async move {
        let event = tokio::select! {
            _ = closed.wait_for(|closed| *closed) => return None,
            message = receiver.recv() => match message {
                Ok(message) => Event::default().event(message.kind).data(&*message.data),
                Err(RecvError::Lagged(_)) => Event::default().event("muat-ulang").data("{}"),
                Err(RecvError::Closed) => return None,
            },
        };
        Some((Ok(event), (receiver, closed)))
    });
    let all = stream::once(async { Ok(hello) }).chain(events);
    Ok(Sse::new(all).keep_alive(KeepAlive::new().interval(KEEP_ALIVE).text("tetap-hidup")))
}
// ANCHOR_END: stream
