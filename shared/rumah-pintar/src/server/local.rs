//! The server run from this library inside another program, on a thread
//! of its own, so that it can be stopped and started again: the graded
//! tests, the bridge's tests and the dashboard's tests use it. (The
//! `server-rumah-pintar` program is the same [`run`](super::run::run) with
//! its arguments parsed.)

use super::handler::Context;
use super::{AccessList, Storage};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::oneshot;

pub struct LocalServer {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl LocalServer {
    /// Serves on 127.0.0.1:`port` (0: any free port), storing into `db`,
    /// with `access` as the access list's text.
    ///
    /// # Panics
    /// When the port, the database or the access list cannot be used: this
    /// is for tests and tools that chose them.
    pub fn start(db: &Path, access: &str, port: u16) -> LocalServer {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime tokio tidak bisa dibuat");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(("127.0.0.1", port)))
            .unwrap_or_else(|e| panic!("server tidak bisa dibuka di port {port}: {e}"));
        let addr = listener.local_addr().expect("listener punya alamat");
        let storage = Storage::open(db)
            .unwrap_or_else(|e| panic!("basis data {} tidak bisa dibuka: {e}", db.display()));
        let access = AccessList::parse(access).expect("daftar akses valid");
        let context = Arc::new(Context { storage: Mutex::new(storage), access });
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let shutdown = async {
                let _ = stopped.await;
            };
            let idle = Duration::from_secs(120);
            runtime.block_on(super::run::run(listener, context, idle, shutdown));
            // Dropping the runtime ends every connection, as a stopped
            // server process does.
            drop(runtime);
        });
        LocalServer { addr, stop: Some(stop), thread: Some(thread) }
    }

    /// Stops the server: every connection closes, the port is free again.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            thread.join().expect("thread server berhenti karena panic");
        }
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        self.stop();
    }
}
