//! Every query the dashboard runs, on a read-only SQLite connection.
//!
//! The server writes the file in WAL mode, so these readers see the last
//! committed state and never block it. Each request opens its own
//! connection (cheap for SQLite, and nothing is shared between threads);
//! the connection is opened with `SQLITE_OPEN_READ_ONLY`, so no query here
//! could change the file even by mistake.

use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, params};
use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long a query waits for the server's lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How many silent periods before a node counts as offline.
pub const SILENT_PERIODS: i64 = 3;

/// Why the database could not be read.
#[derive(Debug)]
pub enum DbError {
    /// There is no file at this path.
    Missing(PathBuf),
    /// The file is there but SQLite could not open it.
    Open { path: PathBuf, source: rusqlite::Error },
    /// A query failed (not a database of the server, locked too long, ...).
    Query(rusqlite::Error),
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::Missing(path) => write!(
                f,
                "berkas basis data {} tidak ada; jalankan dulu server rumah pintar \
                 (server membuat berkas itu)",
                path.display()
            ),
            DbError::Open { path, source } => {
                write!(f, "basis data {} tidak bisa dibuka (hanya baca): {source}", path.display())
            }
            DbError::Query(source) => write!(f, "basis data gagal dibaca: {source}"),
        }
    }
}

impl std::error::Error for DbError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DbError::Missing(_) => None,
            DbError::Open { source, .. } | DbError::Query(source) => Some(source),
        }
    }
}

impl From<rusqlite::Error> for DbError {
    fn from(source: rusqlite::Error) -> DbError {
        DbError::Query(source)
    }
}

// ANCHOR: open
/// Opens the file read-only, with a busy timeout, and checks that it has
/// the server's tables.
pub fn open(path: &Path) -> Result<Connection, DbError> {
    if !path.is_file() {
        return Err(DbError::Missing(path.to_owned()));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let opened = Connection::open_with_flags(path, flags).and_then(|connection| {
        connection.busy_timeout(BUSY_TIMEOUT)?;
        // Fails early ("no such table") on a file that is not the server's.
        connection.prepare("SELECT 1 FROM node, bacaan, pintu LIMIT 0")?;
        Ok(connection)
    });
    opened.map_err(|source| DbError::Open { path: path.to_owned(), source })
}
// ANCHOR_END: open

/// Unix time now, in milliseconds, like the server's `*_ms` columns.
pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// A row of `bacaan`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    pub node: String,
    pub sesi: i64,
    pub seq: i64,
    /// DHT11, °C.
    pub suhu_dht: f64,
    /// DHT11, %RH.
    pub lembap: f64,
    /// DS18B20, °C.
    pub suhu: f64,
    /// LDR, ADC 0..1023.
    pub cahaya: f64,
    pub diterima_ms: i64,
}

/// A row of `pintu`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DoorEvent {
    pub node: String,
    pub sesi: i64,
    pub seq: i64,
    pub uid: String,
    /// `"BUKA"` or `"TOLAK"`.
    pub hasil: String,
    pub diterima_ms: i64,
}

/// A row of `node` (the latest HALO).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Halo {
    pub id: String,
    pub sesi: i64,
    pub periode: i64,
    pub halo_ms: i64,
}

/// A node as the dashboard shows it: its HALO, its latest reading, and
/// whether it still talks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeStatus {
    pub id: String,
    pub sesi: i64,
    /// Seconds between two DATA.
    pub periode: i64,
    pub halo_ms: i64,
    /// When its latest reading arrived; `null` before the first one.
    pub terakhir_ms: Option<i64>,
    /// False once the node has been silent (no HALO, no DATA) for more
    /// than [`SILENT_PERIODS`] of its periods.
    pub online: bool,
    /// Its latest reading; `null` before the first one.
    pub bacaan: Option<Reading>,
}

impl NodeStatus {
    fn new(halo: Halo, latest: Option<Reading>, now_ms: i64) -> NodeStatus {
        let terakhir_ms = latest.as_ref().map(|reading| reading.diterima_ms);
        let seen_ms = terakhir_ms.map_or(halo.halo_ms, |t| t.max(halo.halo_ms));
        let allowed_ms = SILENT_PERIODS.saturating_mul(halo.periode.max(1)).saturating_mul(1000);
        NodeStatus {
            online: now_ms.saturating_sub(seen_ms) <= allowed_ms,
            id: halo.id,
            sesi: halo.sesi,
            periode: halo.periode,
            halo_ms: halo.halo_ms,
            terakhir_ms,
            bacaan: latest,
        }
    }
}

const READING_COLUMNS: &str = "node, sesi, seq, suhu_dht, lembap, suhu, cahaya, diterima_ms";
const DOOR_COLUMNS: &str = "node, sesi, seq, uid, hasil, diterima_ms";

/// Reads the columns of [`READING_COLUMNS`], starting at `first`.
fn reading_from(row: &Row<'_>, first: usize) -> rusqlite::Result<Reading> {
    Ok(Reading {
        node: row.get(first)?,
        sesi: row.get(first + 1)?,
        seq: row.get(first + 2)?,
        suhu_dht: row.get(first + 3)?,
        lembap: row.get(first + 4)?,
        suhu: row.get(first + 5)?,
        cahaya: row.get(first + 6)?,
        diterima_ms: row.get(first + 7)?,
    })
}

/// Reads the columns of [`DOOR_COLUMNS`], starting at `first`.
fn door_from(row: &Row<'_>, first: usize) -> rusqlite::Result<DoorEvent> {
    Ok(DoorEvent {
        node: row.get(first)?,
        sesi: row.get(first + 1)?,
        seq: row.get(first + 2)?,
        uid: row.get(first + 3)?,
        hasil: row.get(first + 4)?,
        diterima_ms: row.get(first + 5)?,
    })
}

/// Every node's latest HALO, by id.
pub fn halos(connection: &Connection) -> Result<Vec<Halo>, DbError> {
    let mut statement =
        connection.prepare_cached("SELECT id, sesi, periode, halo_ms FROM node ORDER BY id")?;
    let rows = statement.query_map([], |row| {
        Ok(Halo { id: row.get(0)?, sesi: row.get(1)?, periode: row.get(2)?, halo_ms: row.get(3)? })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The latest reading of one node (by arrival time), if any.
pub fn latest_reading(connection: &Connection, node: &str) -> Result<Option<Reading>, DbError> {
    let query = format!(
        "SELECT {READING_COLUMNS} FROM bacaan WHERE node = ?1
         ORDER BY diterima_ms DESC, rowid DESC LIMIT 1"
    );
    let mut statement = connection.prepare_cached(&query)?;
    Ok(statement.query_row([node], |row| reading_from(row, 0)).optional()?)
}

/// One node's status, from its HALO.
pub fn node_status(
    connection: &Connection,
    halo: Halo,
    now_ms: i64,
) -> Result<NodeStatus, DbError> {
    let latest = latest_reading(connection, &halo.id)?;
    Ok(NodeStatus::new(halo, latest, now_ms))
}

/// Every node's status, by id.
pub fn nodes(connection: &Connection, now_ms: i64) -> Result<Vec<NodeStatus>, DbError> {
    halos(connection)?.into_iter().map(|halo| node_status(connection, halo, now_ms)).collect()
}

/// The last `n` readings of a node that arrived at or after `since_ms`,
/// oldest first.
pub fn readings(
    connection: &Connection,
    node: &str,
    n: u32,
    since_ms: i64,
) -> Result<Vec<Reading>, DbError> {
    let query = format!(
        "SELECT {READING_COLUMNS} FROM bacaan WHERE node = ?1 AND diterima_ms >= ?2
         ORDER BY diterima_ms DESC, rowid DESC LIMIT ?3"
    );
    let mut statement = connection.prepare_cached(&query)?;
    let rows = statement.query_map(params![node, since_ms, n], |row| reading_from(row, 0))?;
    let mut newest_first: Vec<Reading> = rows.collect::<Result<_, _>>()?;
    newest_first.reverse();
    Ok(newest_first)
}

/// The last `n` door events, newest first.
pub fn door_events(connection: &Connection, n: u32) -> Result<Vec<DoorEvent>, DbError> {
    let query =
        format!("SELECT {DOOR_COLUMNS} FROM pintu ORDER BY diterima_ms DESC, rowid DESC LIMIT ?1");
    let mut statement = connection.prepare_cached(&query)?;
    let rows = statement.query_map([n], |row| door_from(row, 0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The highest rowid of `bacaan` and of `pintu` (0 when empty): where the
/// event poller starts, so that it only reports rows added later.
pub fn last_rowids(connection: &Connection) -> Result<(i64, i64), DbError> {
    Ok(connection.query_row(
        "SELECT (SELECT COALESCE(MAX(rowid), 0) FROM bacaan),
                (SELECT COALESCE(MAX(rowid), 0) FROM pintu)",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?)
}

/// At most `limit` readings added after rowid `after`, with their rowids,
/// in insertion order.
pub fn readings_after(
    connection: &Connection,
    after: i64,
    limit: u32,
) -> Result<Vec<(i64, Reading)>, DbError> {
    let query = format!(
        "SELECT rowid, {READING_COLUMNS} FROM bacaan WHERE rowid > ?1 ORDER BY rowid LIMIT ?2"
    );
    let mut statement = connection.prepare_cached(&query)?;
    let rows = statement
        .query_map(params![after, limit], |row| Ok((row.get(0)?, reading_from(row, 1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// At most `limit` door events added after rowid `after`, with their
/// rowids, in insertion order.
pub fn door_events_after(
    connection: &Connection,
    after: i64,
    limit: u32,
) -> Result<Vec<(i64, DoorEvent)>, DbError> {
    let query =
        format!("SELECT rowid, {DOOR_COLUMNS} FROM pintu WHERE rowid > ?1 ORDER BY rowid LIMIT ?2");
    let mut statement = connection.prepare_cached(&query)?;
    let rows =
        statement.query_map(params![after, limit], |row| Ok((row.get(0)?, door_from(row, 1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn halo(periode: i64, halo_ms: i64) -> Halo {
        Halo { id: "dapur".into(), sesi: 1, periode, halo_ms }
    }

    fn reading_at(diterima_ms: i64) -> Reading {
        Reading {
            node: "dapur".into(),
            sesi: 1,
            seq: 1,
            suhu_dht: 27.0,
            lembap: 61.0,
            suhu: 26.5,
            cahaya: 700.0,
            diterima_ms,
        }
    }

    #[test]
    fn a_node_is_online_for_three_periods_after_it_was_last_heard() {
        let now = 1_000_000;
        assert!(NodeStatus::new(halo(5, now - 15_000), None, now).online);
        assert!(!NodeStatus::new(halo(5, now - 15_001), None, now).online);
        // A recent reading counts, even with an old HALO.
        assert!(NodeStatus::new(halo(5, now - 60_000), Some(reading_at(now - 1_000)), now).online);
        assert!(
            !NodeStatus::new(halo(5, now - 60_000), Some(reading_at(now - 16_000)), now).online
        );
    }

    #[test]
    fn a_period_of_zero_still_leaves_a_few_seconds() {
        let now = 1_000_000;
        assert!(NodeStatus::new(halo(0, now - 2_000), None, now).online);
        assert!(!NodeStatus::new(halo(0, now - 4_000), None, now).online);
    }
}
