//! The Lab 03 reference server, run from its library in this process (the
//! `solusi03-server` program is this same `run` with its arguments parsed),
//! on its own runtime so that it can be stopped and started again.

use rumah_pintar::server::handler::Context;
use rumah_pintar::server::{AccessList, Storage};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::oneshot;

/// The cards the test's access list lets in.
pub const ACCESS: &str = "# kartu penghuni\nDEADBEEF\n";

pub struct HomeServer {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl HomeServer {
    /// Serves on 127.0.0.1:`port` (0: any free port), storing into `db`.
    pub fn start(db: &Path, port: u16) -> HomeServer {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime tokio tidak bisa dibuat");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(("127.0.0.1", port)))
            .unwrap_or_else(|e| panic!("server tidak bisa dibuka di port {port}: {e}"));
        let addr = listener.local_addr().unwrap();
        let storage = Storage::open(db).expect("basis data tidak bisa dibuka");
        let access = AccessList::parse(ACCESS).unwrap();
        let context = Arc::new(Context { storage: Mutex::new(storage), access });
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let shutdown = async {
                let _ = stopped.await;
            };
            let idle = Duration::from_secs(120);
            runtime.block_on(rumah_pintar::server::run::run(listener, context, idle, shutdown));
            // Dropping the runtime ends every connection, as a stopped
            // server process does.
            drop(runtime);
        });
        HomeServer { addr, stop: Some(stop), thread: Some(thread) }
    }

    /// Stops the server: every connection closes, the port is free again.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            thread.join().expect("thread server berhenti karena panic");
        }
    }
}

impl Drop for HomeServer {
    fn drop(&mut self) {
        self.shut_down();
    }
}

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
