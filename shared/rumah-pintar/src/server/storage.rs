//! Where the server keeps what the nodes send: one SQLite file.
//!
//! The file is opened in WAL mode (write-ahead log), so another process, for
//! example a dashboard, can read it while the server writes: readers see the
//! last committed state and never block the writer. Every connection waits
//! up to [`BUSY_TIMEOUT`] for a lock instead of failing at once.
//!
//! The tables are created when they are missing. Times are unix time in
//! milliseconds (UTC). Names are Indonesian, like the protocol:
//!
//! ```sql
//! -- Each node's latest HALO: one row per node.
//! node(id      TEXT PRIMARY KEY,
//!      sesi    INTEGER NOT NULL,  -- the session chosen when the node booted
//!      periode INTEGER NOT NULL,  -- seconds between two DATA
//!      halo_ms INTEGER NOT NULL)  -- when that HALO arrived
//!
//! -- One row per DATA.
//! bacaan(node        TEXT NOT NULL,
//!        sesi        INTEGER NOT NULL,
//!        seq         INTEGER NOT NULL,
//!        suhu_dht    REAL NOT NULL,     -- DHT11, °C
//!        lembap      REAL NOT NULL,     -- DHT11, %RH
//!        suhu        REAL NOT NULL,     -- DS18B20, °C
//!        cahaya      REAL NOT NULL,     -- LDR, ADC 0..1023
//!        diterima_ms INTEGER NOT NULL,  -- when the server received it
//!        PRIMARY KEY (node, sesi, seq))
//!
//! -- One row per RFID.
//! pintu(node        TEXT NOT NULL,
//!       sesi        INTEGER NOT NULL,
//!       seq         INTEGER NOT NULL,
//!       uid         TEXT NOT NULL,     -- uppercase hex, no separators: 'DEADBEEF'
//!       hasil       TEXT NOT NULL,     -- 'BUKA' or 'TOLAK'
//!       diterima_ms INTEGER NOT NULL,
//!       PRIMARY KEY (node, sesi, seq))
//!
//! -- For "the latest reading of each node" and "the last N readings of a node".
//! INDEX bacaan_node_waktu ON bacaan(node, diterima_ms)
//! INDEX pintu_node_waktu  ON pintu(node, diterima_ms)
//! ```
//!
//! The primary key (`node`, `sesi`, `seq`) is how the protocol recognises a
//! message, so a message that is sent again after a reconnect can never be
//! stored twice: [`Storage::store_reading`] and [`Storage::store_door_event`]
//! then change nothing and return `Ok(false)`.

use crate::protocol::Reading;
use rusqlite::{Connection, OptionalExtension, params};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a connection waits for another one's lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Creates whatever is missing; running it on a complete file changes nothing.
const SCHEMA: &str = "
-- ANCHOR: schema
CREATE TABLE IF NOT EXISTS node (
    id      TEXT PRIMARY KEY,
    sesi    INTEGER NOT NULL,
    periode INTEGER NOT NULL,
    halo_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS bacaan (
    node        TEXT NOT NULL,
    sesi        INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    suhu_dht    REAL NOT NULL,
    lembap      REAL NOT NULL,
    suhu        REAL NOT NULL,
    cahaya      REAL NOT NULL,
    diterima_ms INTEGER NOT NULL,
    PRIMARY KEY (node, sesi, seq)
);
CREATE TABLE IF NOT EXISTS pintu (
    node        TEXT NOT NULL,
    sesi        INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    uid         TEXT NOT NULL,
    hasil       TEXT NOT NULL CHECK (hasil IN ('BUKA', 'TOLAK')),
    diterima_ms INTEGER NOT NULL,
    PRIMARY KEY (node, sesi, seq)
);
CREATE INDEX IF NOT EXISTS bacaan_node_waktu ON bacaan (node, diterima_ms);
CREATE INDEX IF NOT EXISTS pintu_node_waktu ON pintu (node, diterima_ms);
-- ANCHOR_END: schema
";

/// The server's database: one SQLite connection.
///
/// A connection is `Send` but not `Sync`: one task at a time may use it, so
/// a server shares it behind a mutex.
pub struct Storage {
    connection: Connection,
}

/// Why the database could not be used.
#[derive(Debug)]
pub enum StorageError {
    /// The file could not be opened, or its tables not created.
    Open { path: PathBuf, source: rusqlite::Error },
    /// A read or a write failed: disk full, locked for too long, ...
    Query(rusqlite::Error),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Open { path, source } => {
                write!(f, "basis data {} tidak bisa dibuka: {source}", path.display())
            }
            StorageError::Query(source) => write!(f, "basis data gagal dipakai: {source}"),
        }
    }
}

impl std::error::Error for StorageError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StorageError::Open { source, .. } | StorageError::Query(source) => Some(source),
        }
    }
}

/// Lets `?` turn any failed query into a [`StorageError::Query`].
impl From<rusqlite::Error> for StorageError {
    fn from(source: rusqlite::Error) -> StorageError {
        StorageError::Query(source)
    }
}

/// A row of `node`.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredNode {
    pub id: String,
    pub session: u32,
    pub period_s: u32,
    pub halo_ms: i64,
}

/// A row of `bacaan`.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredReading {
    pub node: String,
    pub session: u32,
    pub seq: u32,
    pub dht_temperature: f64,
    pub humidity: f64,
    pub temperature: f64,
    pub light: f64,
    pub received_ms: i64,
}

/// A row of `pintu`.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDoorEvent {
    pub node: String,
    pub session: u32,
    pub seq: u32,
    /// Uppercase hex, as in the `RFID` line: `"DEADBEEF"`.
    pub uid: String,
    pub opened: bool,
    pub received_ms: i64,
}

impl Storage {
    /// Opens (or creates) the database file, in WAL mode, with every table.
    pub fn open(path: &Path) -> Result<Storage, StorageError> {
        let opened = Connection::open(path).and_then(|connection| {
            connection.busy_timeout(BUSY_TIMEOUT)?;
            // This pragma answers with the mode now in use (a row to read).
            connection.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
            Storage::prepare(connection)
        });
        opened.map_err(|source| StorageError::Open { path: path.to_owned(), source })
    }

    /// A database that lives only in memory, for tests. (It cannot be in
    /// WAL mode, and no other connection can see it.)
    pub fn open_in_memory() -> Result<Storage, StorageError> {
        Connection::open_in_memory()
            .and_then(Storage::prepare)
            .map_err(|source| StorageError::Open { path: PathBuf::from(":memory:"), source })
    }

    fn prepare(connection: Connection) -> rusqlite::Result<Storage> {
        connection.execute_batch(SCHEMA)?;
        Ok(Storage { connection })
    }

    /// Remembers a node's latest `HALO`, replacing the one before.
    pub fn record_halo(
        &self,
        id: &str,
        session: u32,
        period_s: u32,
        at_ms: i64,
    ) -> Result<(), StorageError> {
        self.connection.execute(
            "INSERT INTO node (id, sesi, periode, halo_ms) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE
             SET sesi = excluded.sesi, periode = excluded.periode, halo_ms = excluded.halo_ms",
            params![id, session, period_s, at_ms],
        )?;
        Ok(())
    }

    /// The highest `seq` stored for this node and session, in `bacaan` or
    /// `pintu` (`DATA` and `RFID` share one count); 0 when there is none.
    /// A message with a `seq` at or below it was already stored.
    pub fn last_seq(&self, id: &str, session: u32) -> Result<u32, StorageError> {
        let seq = self.connection.query_row(
            "SELECT MAX(
                (SELECT COALESCE(MAX(seq), 0) FROM bacaan WHERE node = ?1 AND sesi = ?2),
                (SELECT COALESCE(MAX(seq), 0) FROM pintu WHERE node = ?1 AND sesi = ?2))",
            params![id, session],
            |row| row.get(0),
        )?;
        Ok(seq)
    }

    /// Stores one `DATA`. `Ok(false)`: this (node, session, seq) was
    /// already stored, and nothing changed.
    pub fn store_reading(
        &self,
        id: &str,
        session: u32,
        seq: u32,
        reading: &Reading,
        at_ms: i64,
    ) -> Result<bool, StorageError> {
        let inserted = self.connection.execute(
            "INSERT INTO bacaan (node, sesi, seq, suhu_dht, lembap, suhu, cahaya, diterima_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT DO NOTHING",
            params![
                id,
                session,
                seq,
                reading.dht_temperature.to_f64(),
                reading.humidity.to_f64(),
                reading.temperature.to_f64(),
                reading.light.to_f64(),
                at_ms,
            ],
        )?;
        Ok(inserted == 1)
    }

    /// Stores one `RFID` and the answer it got. `Ok(false)`: this (node,
    /// session, seq) was already stored, and the first answer is kept (see
    /// [`Storage::door_result`]).
    pub fn store_door_event(
        &self,
        id: &str,
        session: u32,
        seq: u32,
        uid: &[u8],
        opened: bool,
        at_ms: i64,
    ) -> Result<bool, StorageError> {
        let uid_hex: String = uid.iter().map(|byte| format!("{byte:02X}")).collect();
        let result = if opened { "BUKA" } else { "TOLAK" };
        let inserted = self.connection.execute(
            "INSERT INTO pintu (node, sesi, seq, uid, hasil, diterima_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT DO NOTHING",
            params![id, session, seq, uid_hex, result, at_ms],
        )?;
        Ok(inserted == 1)
    }

    /// The answer an `RFID` got (`Some(true)`: `BUKA`), so that the same
    /// message sent again gets the same answer, even if the access list
    /// changed in between. `None`: not stored.
    pub fn door_result(
        &self,
        id: &str,
        session: u32,
        seq: u32,
    ) -> Result<Option<bool>, StorageError> {
        let result: Option<String> = self
            .connection
            .query_row(
                "SELECT hasil FROM pintu WHERE node = ?1 AND sesi = ?2 AND seq = ?3",
                params![id, session, seq],
                |row| row.get(0),
            )
            .optional()?;
        Ok(result.map(|result| result == "BUKA"))
    }

    /// Every node's latest `HALO`, by id.
    pub fn nodes(&self) -> Result<Vec<StoredNode>, StorageError> {
        let mut statement =
            self.connection.prepare("SELECT id, sesi, periode, halo_ms FROM node ORDER BY id")?;
        let rows = statement.query_map([], |row| {
            Ok(StoredNode {
                id: row.get(0)?,
                session: row.get(1)?,
                period_s: row.get(2)?,
                halo_ms: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many readings are stored, over all nodes.
    pub fn count_readings(&self) -> Result<u64, StorageError> {
        self.count("SELECT COUNT(*) FROM bacaan")
    }

    /// How many door events are stored, over all nodes.
    pub fn count_door_events(&self) -> Result<u64, StorageError> {
        self.count("SELECT COUNT(*) FROM pintu")
    }

    fn count(&self, query: &str) -> Result<u64, StorageError> {
        // SQLite integers are i64; a count is never negative.
        let count: i64 = self.connection.query_row(query, [], |row| row.get(0))?;
        Ok(count as u64)
    }

    /// Every reading of one node, by session then seq.
    pub fn readings_of(&self, id: &str) -> Result<Vec<StoredReading>, StorageError> {
        let mut statement = self.connection.prepare(
            "SELECT node, sesi, seq, suhu_dht, lembap, suhu, cahaya, diterima_ms
             FROM bacaan WHERE node = ?1 ORDER BY sesi, seq",
        )?;
        let rows = statement.query_map([id], |row| {
            Ok(StoredReading {
                node: row.get(0)?,
                session: row.get(1)?,
                seq: row.get(2)?,
                dht_temperature: row.get(3)?,
                humidity: row.get(4)?,
                temperature: row.get(5)?,
                light: row.get(6)?,
                received_ms: row.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every door event, in the order they arrived.
    pub fn door_events(&self) -> Result<Vec<StoredDoorEvent>, StorageError> {
        let mut statement = self.connection.prepare(
            "SELECT node, sesi, seq, uid, hasil, diterima_ms
             FROM pintu ORDER BY diterima_ms, node, sesi, seq",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(StoredDoorEvent {
                node: row.get(0)?,
                session: row.get(1)?,
                seq: row.get(2)?,
                uid: row.get(3)?,
                opened: row.get::<_, String>(4)? == "BUKA",
                received_ms: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Decimal;

    /// A fresh directory under the system's temp dir, removed at the end.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> TempDir {
            let path =
                std::env::temp_dir().join(format!("rumah-pintar-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).unwrap();
            TempDir(path)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn reading(temperature_hundredths: i64) -> Reading {
        Reading {
            dht_temperature: Decimal::whole(27),
            humidity: Decimal::whole(61),
            temperature: Decimal(temperature_hundredths * 100),
            light: Decimal::whole(734),
        }
    }

    #[test]
    fn a_file_database_is_in_wal_mode_with_every_table() {
        let dir = TempDir::new("wal");
        let storage = Storage::open(&dir.0.join("rumah.db")).unwrap();
        let mode: String =
            storage.connection.query_row("PRAGMA journal_mode", [], |row| row.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let names: Vec<String> = storage
            .connection
            .prepare("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(names, ["bacaan", "bacaan_node_waktu", "node", "pintu", "pintu_node_waktu"]);
    }

    #[test]
    fn opening_an_existing_file_again_keeps_its_rows() {
        let dir = TempDir::new("reopen");
        let path = dir.0.join("rumah.db");
        Storage::open(&path).unwrap().store_reading("dapur", 1, 1, &reading(2681), 10).unwrap();
        assert_eq!(Storage::open(&path).unwrap().count_readings().unwrap(), 1);
    }

    #[test]
    fn a_second_connection_sees_what_the_first_writes() {
        let dir = TempDir::new("reader");
        let path = dir.0.join("rumah.db");
        let server = Storage::open(&path).unwrap();
        let dashboard = Storage::open(&path).unwrap();
        server.store_reading("dapur", 1, 1, &reading(2681), 10).unwrap();
        server.store_door_event("pintu", 1, 1, &[0xDE, 0xAD, 0xBE, 0xEF], true, 11).unwrap();
        assert_eq!(dashboard.count_readings().unwrap(), 1);
        assert_eq!(dashboard.door_events().unwrap().len(), 1);
        // And the writer keeps writing while the reader holds the file open.
        server.store_reading("dapur", 1, 2, &reading(2700), 20).unwrap();
        assert_eq!(dashboard.readings_of("dapur").unwrap().len(), 2);
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_the_file() {
        let dir = TempDir::new("missing");
        let path = dir.0.join("tidak-ada").join("rumah.db");
        let error = Storage::open(&path).err().unwrap();
        let message = format!("{error}");
        assert!(message.starts_with("basis data "), "{message}");
        assert!(message.contains("rumah.db tidak bisa dibuka: "), "{message}");
    }

    #[test]
    fn only_the_latest_halo_of_a_node_is_kept() {
        let storage = Storage::open_in_memory().unwrap();
        storage.record_halo("dapur", 0x3fa9, 5, 100).unwrap();
        storage.record_halo("garasi", 7, 60, 150).unwrap();
        storage.record_halo("dapur", 0xbeef, 10, 200).unwrap();
        let nodes = storage.nodes().unwrap();
        assert_eq!(
            nodes,
            [
                StoredNode { id: "dapur".into(), session: 0xbeef, period_s: 10, halo_ms: 200 },
                StoredNode { id: "garasi".into(), session: 7, period_s: 60, halo_ms: 150 },
            ]
        );
    }

    #[test]
    fn a_reading_is_stored_once_with_its_values() {
        let storage = Storage::open_in_memory().unwrap();
        assert!(storage.store_reading("dapur", 9, 1, &reading(2681), 1_000).unwrap());
        // The same message again (a resend after a reconnect): nothing changes.
        assert!(!storage.store_reading("dapur", 9, 1, &reading(9999), 2_000).unwrap());
        assert_eq!(storage.count_readings().unwrap(), 1);
        let stored = storage.readings_of("dapur").unwrap();
        assert_eq!(
            stored,
            [StoredReading {
                node: "dapur".into(),
                session: 9,
                seq: 1,
                dht_temperature: 27.0,
                humidity: 61.0,
                temperature: 26.81,
                light: 734.0,
                received_ms: 1_000,
            }]
        );
    }

    #[test]
    fn readings_come_back_by_session_then_seq() {
        let storage = Storage::open_in_memory().unwrap();
        for (session, seq) in [(2, 1), (1, 3), (1, 1), (2, 2), (1, 2)] {
            storage.store_reading("dapur", session, seq, &reading(2000), 0).unwrap();
        }
        storage.store_reading("garasi", 1, 1, &reading(2000), 0).unwrap();
        let order: Vec<(u32, u32)> =
            storage.readings_of("dapur").unwrap().iter().map(|r| (r.session, r.seq)).collect();
        assert_eq!(order, [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2)]);
        assert_eq!(storage.count_readings().unwrap(), 6);
    }

    #[test]
    fn a_door_event_is_stored_once_and_keeps_its_first_answer() {
        let storage = Storage::open_in_memory().unwrap();
        let uid = [0x04, 0xA2, 0x2B, 0x1A, 0x5C, 0x80, 0x81];
        assert_eq!(storage.door_result("pintu", 1, 1).unwrap(), None);
        assert!(storage.store_door_event("pintu", 1, 1, &uid, true, 50).unwrap());
        assert!(!storage.store_door_event("pintu", 1, 1, &uid, false, 60).unwrap());
        assert!(
            storage.store_door_event("pintu", 1, 2, &[0xDE, 0xAD, 0xBE, 0xEF], false, 70).unwrap()
        );
        assert_eq!(storage.count_door_events().unwrap(), 2);
        assert_eq!(storage.door_result("pintu", 1, 1).unwrap(), Some(true));
        assert_eq!(storage.door_result("pintu", 1, 2).unwrap(), Some(false));
        assert_eq!(storage.door_result("pintu", 2, 1).unwrap(), None);
        let events = storage.door_events().unwrap();
        assert_eq!(events[0].uid, "04A22B1A5C8081");
        assert!(events[0].opened);
        assert_eq!((events[1].uid.as_str(), events[1].opened), ("DEADBEEF", false));
    }

    #[test]
    fn only_buka_and_tolak_fit_in_hasil() {
        let storage = Storage::open_in_memory().unwrap();
        let written = storage.connection.execute(
            "INSERT INTO pintu (node, sesi, seq, uid, hasil, diterima_ms)
             VALUES ('pintu', 1, 1, 'DEADBEEF', 'MUNGKIN', 0)",
            [],
        );
        assert!(written.is_err());
    }

    #[test]
    fn last_seq_counts_data_and_rfid_of_one_session() {
        let storage = Storage::open_in_memory().unwrap();
        assert_eq!(storage.last_seq("dapur", 1).unwrap(), 0);
        storage.store_reading("dapur", 1, 1, &reading(2000), 0).unwrap();
        storage.store_reading("dapur", 1, 2, &reading(2000), 0).unwrap();
        assert_eq!(storage.last_seq("dapur", 1).unwrap(), 2);
        storage.store_door_event("dapur", 1, 3, &[1, 2, 3, 4], true, 0).unwrap();
        assert_eq!(storage.last_seq("dapur", 1).unwrap(), 3);
        storage.store_reading("dapur", 1, 4, &reading(2000), 0).unwrap();
        assert_eq!(storage.last_seq("dapur", 1).unwrap(), 4);
        // Other sessions and other nodes count for themselves.
        storage.store_reading("dapur", 2, 1, &reading(2000), 0).unwrap();
        storage.store_door_event("garasi", 1, 9, &[1, 2, 3, 4], false, 0).unwrap();
        assert_eq!(storage.last_seq("dapur", 1).unwrap(), 4);
        assert_eq!(storage.last_seq("dapur", 2).unwrap(), 1);
        assert_eq!(storage.last_seq("garasi", 1).unwrap(), 9);
        assert_eq!(storage.last_seq("garasi", 2).unwrap(), 0);
        // The whole range of seq and of the session fits.
        storage.store_reading("dapur", u32::MAX, u32::MAX, &reading(2000), 0).unwrap();
        assert_eq!(storage.last_seq("dapur", u32::MAX).unwrap(), u32::MAX);
    }
}
