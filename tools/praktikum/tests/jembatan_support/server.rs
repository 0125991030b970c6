//! What the given Lab 03 server (run in this process with
//! `rumah_pintar::server::local::LocalServer`) stored.

use rumah_pintar::server::Storage;
use std::path::Path;

/// The cards the test's access list lets in.
pub const ACCESS: &str = "# kartu penghuni\nDEADBEEF\n";

/// What the database holds, read through the server's own `Storage`.
pub struct Stored {
    /// `seq` of every reading of `rumah-1`, in order.
    pub reading_seqs: Vec<u32>,
    /// (seq, uid, opened) of every door event.
    pub doors: Vec<(u32, String, bool)>,
}

pub fn stored(db: &Path) -> Stored {
    let storage = Storage::open(db).expect("basis data tidak bisa dibuka");
    let readings = storage.readings_of("rumah-1").unwrap();
    let mut doors: Vec<(u32, String, bool)> =
        storage.door_events().unwrap().into_iter().map(|d| (d.seq, d.uid, d.opened)).collect();
    doors.sort();
    Stored { reading_seqs: readings.into_iter().map(|r| r.seq).collect(), doors }
}
