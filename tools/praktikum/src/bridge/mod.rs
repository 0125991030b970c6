//! `praktikum jembatan`: the serial bridge between a NodeMCU and the server.
//!
//! On the board, the Lab 03 node writes its protocol v1 lines to the USB
//! serial port (UART0, 115200 baud) instead of a Wi-Fi TCP connection. This
//! bridge, on the PC, carries them to the Lab 03 server over TCP and the
//! server's replies back: one TCP connection per serial port, as if the
//! board itself had connected. A live log shows every line and event.
//!
//! A serial line has no "connect" or "disconnect", so the bridge decides:
//!
//! - **`HALO` is the board's "connect".** The node opens every connection
//!   with `HALO`. A `HALO` on a connection that already carried one means
//!   the node reconnects (it gave up waiting, or the board was reset): the
//!   bridge closes that connection and opens a fresh one, just as the node
//!   does over TCP, so that a late reply from the old one never reaches it.
//! - **`DATA` and `RFID` only after `HALO`.** On a new connection (after a
//!   server restart) the server answers `ERR E08` to a `DATA` without
//!   `HALO`, and the node drops a message that the server refused. So they
//!   are forwarded only on a connection that has carried the board's
//!   `HALO`; otherwise they are dropped, with a log line.
//! - **Nothing is kept while the server is away, and the board is told
//!   nothing.** The node keeps every message until it is answered: when no
//!   answer comes in time (5 s), it says `HALO` again and resends, and the
//!   server stores each (id, sesi, seq) once. Lines kept in the bridge would
//!   only deliver replies that the node has stopped waiting for. So the
//!   board sees what it would see over Wi-Fi: silence, then a new start.
//! - **The connection is opened eagerly** and reopened with growing waits
//!   when it breaks, so that the server is ready when the board says `HALO`,
//!   and the log shows at once whether the server runs.
//! - **Not every line is protocol.** UART0 also carries the node's own log
//!   (what the Serial Monitor shows) and, at power-on, the boot ROM's
//!   messages at 74880 baud, which are noise at 115200. Lines that start with
//!   `HALO`, `DATA` or `RFID` are forwarded; other text is shown as the
//!   board's log; noise and lines over 256 bytes are dropped.
//! - **Unplugged:** when the port disappears, the board is off: the bridge
//!   closes its TCP connection and opens the port again when it comes back.
//!
//! Tata letak (layout):
//! - this file: the bridge itself, a loop over events from two reader
//!   threads (serial and TCP), with the retries and the log;
//! - [`lines`]: cutting bytes into lines, and sorting the board's lines;
//! - [`serial`]: opening the port, and errors a student can act on (also
//!   used by `praktikum firmware monitor`).

mod lines;
pub mod serial;

use anyhow::{Result, anyhow};
use lines::{Kind, LineSplitter, Piece, classify, printable};
use serialport::SerialPort;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

/// What `praktikum jembatan` was asked to connect.
pub struct BridgeOptions {
    /// The serial port: `/dev/ttyUSB0` on Linux, `COM3` on Windows, ...
    pub serial: String,
    pub baud: u32,
    /// The server, as `host:port`.
    pub server: String,
}

/// How long connecting to the server may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long writing one line to the server may take.
const SERVER_WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// The first wait before trying again; it doubles after every failure.
const FIRST_WAIT: Duration = Duration::from_secs(1);
const MAX_WAIT_SERVER: Duration = Duration::from_secs(8);
const MAX_WAIT_SERIAL: Duration = Duration::from_secs(4);

/// Runs the bridge until Ctrl-C. Fails at once when the serial port cannot
/// be opened or the server address is not valid; anything later (the
/// server away, the cable pulled) is logged and retried.
pub fn run(options: BridgeOptions) -> Result<()> {
    let server_addrs = resolve(&options.server)?;
    let port = serial::open(&options.serial, options.baud).map_err(|e| {
        // A port that is not there: say which ones are.
        if e.missing {
            anyhow!("{}. {}", e.message, serial::available())
        } else {
            anyhow!("{}", e.message)
        }
    })?;
    let (events_tx, events) = mpsc::channel();
    stop_on_ctrl_c(events_tx.clone())?;

    let mut bridge = Bridge::new(options, server_addrs, events_tx);
    bridge.log(&format!(
        "Jembatan: papan di {} ({} baud) ⇄ server {}. Hentikan dengan Ctrl-C.",
        bridge.options.serial, bridge.options.baud, bridge.options.server
    ));
    bridge.attach_board(port);
    loop {
        bridge.retry_what_is_due();
        match events.recv_timeout(bridge.time_to_next_retry()) {
            Ok(Event::Stop) => break,
            Ok(Event::Board { link, incoming }) => bridge.handle_board(link, incoming),
            Ok(Event::Server { link, incoming }) => bridge.handle_server(link, incoming),
            Err(RecvTimeoutError::Timeout) => {}
            // Never: the bridge itself holds a sender.
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    bridge.finish();
    Ok(())
}

/// The server's address(es), checked once at the start.
fn resolve(server: &str) -> Result<Vec<SocketAddr>> {
    let invalid = || {
        anyhow!("alamat server '{server}' tidak valid: tulis host:port, misalnya 127.0.0.1:2004")
    };
    let addrs: Vec<SocketAddr> = server.to_socket_addrs().map_err(|_| invalid())?.collect();
    if addrs.is_empty() { Err(invalid()) } else { Ok(addrs) }
}

/// What the reader threads and the Ctrl-C handler report to the loop.
enum Event {
    /// From the serial port opened as number `link`.
    Board {
        link: u64,
        incoming: Incoming,
    },
    /// From the TCP connection opened as number `link`.
    Server {
        link: u64,
        incoming: Incoming,
    },
    Stop,
}

enum Incoming {
    Piece(Piece),
    /// The port or connection ended: `None` when closed cleanly.
    Gone(Option<io::Error>),
}

/// The open serial port. Dropping it stops its reader thread.
struct Board {
    link: u64,
    writer: Box<dyn SerialPort>,
    stop_reader: Arc<AtomicBool>,
}

impl Drop for Board {
    fn drop(&mut self) {
        self.stop_reader.store(true, Ordering::Relaxed);
    }
}

/// The TCP connection to the server. Dropping it closes the connection,
/// which also ends its reader thread.
struct Server {
    link: u64,
    stream: TcpStream,
    /// The board's `HALO` has gone through this connection.
    greeted: bool,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

/// When to try again: waits that double after every failure, up to a limit.
struct Retry {
    first: Duration,
    max: Duration,
    wait: Duration,
    at: Instant,
}

impl Retry {
    fn new(max: Duration) -> Retry {
        Retry { first: FIRST_WAIT, max, wait: FIRST_WAIT, at: Instant::now() }
    }

    /// Something failed: the next try is after the current wait (returned),
    /// and the wait after that is twice as long.
    fn failed(&mut self) -> Duration {
        let wait = self.wait;
        self.at = Instant::now() + wait;
        self.wait = (wait * 2).min(self.max);
        wait
    }

    /// It works again: the next failure waits the shortest time.
    fn worked(&mut self) {
        self.wait = self.first;
    }

    fn is_due(&self) -> bool {
        Instant::now() >= self.at
    }
}

/// How many lines went which way, for the last log line.
#[derive(Default)]
struct Counts {
    to_server: u64,
    to_board: u64,
    dropped: u64,
}

struct Bridge {
    options: BridgeOptions,
    server_addrs: Vec<SocketAddr>,
    events: Sender<Event>,
    started: Instant,
    board: Option<Board>,
    board_retry: Retry,
    server: Option<Server>,
    server_retry: Retry,
    /// Numbers the ports and connections opened, so that a late event from
    /// one already closed is recognised and ignored.
    last_link: u64,
    counts: Counts,
}

impl Bridge {
    fn new(options: BridgeOptions, server_addrs: Vec<SocketAddr>, events: Sender<Event>) -> Bridge {
        Bridge {
            options,
            server_addrs,
            events,
            started: Instant::now(),
            board: None,
            board_retry: Retry::new(MAX_WAIT_SERIAL),
            server: None,
            server_retry: Retry::new(MAX_WAIT_SERVER),
            last_link: 0,
            counts: Counts::default(),
        }
    }

    /// One line of the live log, with the time since the bridge started.
    fn log(&self, text: &str) {
        let line = format!("[{}] {text}\n", clock(self.started.elapsed()));
        // A closed stdout (`| head`) must not stop the bridge.
        let _ = io::stdout().lock().write_all(line.as_bytes());
    }

    fn next_link(&mut self) -> u64 {
        self.last_link += 1;
        self.last_link
    }

    // ---- the serial port ----

    fn attach_board(&mut self, port: serial::OpenPort) {
        let link = self.next_link();
        let stop_reader = Arc::new(AtomicBool::new(false));
        let events = self.events.clone();
        spawn_reader(port.reader, Arc::clone(&stop_reader), move |incoming| {
            events.send(Event::Board { link, incoming }).is_ok()
        });
        self.board = Some(Board { link, writer: port.writer, stop_reader });
        self.board_retry.worked();
        self.log(&format!("port {} terbuka", self.options.serial));
    }

    fn board_gone(&mut self, error: Option<io::Error>) {
        self.board = None;
        let wait = self.board_retry.failed();
        // A pulled cable is a hang-up (`BrokenPipe`); say more only about other errors.
        let detail = match error {
            Some(e) if e.kind() != io::ErrorKind::BrokenPipe => format!(" ({e})"),
            _ => String::new(),
        };
        self.log(&format!(
            "port {} hilang{detail}: kabel USB dicabut? Coba buka lagi dalam {} s",
            self.options.serial,
            wait.as_secs()
        ));
        if self.server.take().is_some() {
            self.log("sambungan ke server ditutup (papan tidak ada)");
        }
    }

    fn handle_board(&mut self, link: u64, incoming: Incoming) {
        if self.board.as_ref().is_none_or(|board| board.link != link) {
            return;
        }
        let line = match incoming {
            Incoming::Gone(error) => return self.board_gone(error),
            Incoming::Piece(Piece::Line(line)) => line,
            Incoming::Piece(Piece::TooLong(bytes)) => {
                return self.log(&format!(
                    "papan: baris terlalu panjang ({bytes} byte, batasnya 256) dibuang (derau saat papan menyala, atau baud salah?)"
                ));
            }
            Incoming::Piece(Piece::NotText(bytes)) => {
                return self.log(&format!(
                    "papan: {bytes} byte yang bukan teks dibuang (derau, atau baud salah?)"
                ));
            }
        };
        match classify(&line) {
            Kind::Log if line.trim().is_empty() => {}
            Kind::Log => self.log(&format!("papan (log): {}", printable(&line))),
            Kind::Halo => {
                if self.server.as_ref().is_some_and(|server| server.greeted) {
                    self.log("papan menyapa lagi (HALO): sambungan lama ditutup, buka yang baru");
                    self.server = None;
                }
                // The board wants a connection: try at once, whatever the
                // retry schedule says.
                if self.server.is_none()
                    && let Err(error) = self.connect_server()
                {
                    let why = why_not_connected(&error);
                    self.log(&format!("server {} {why}", self.options.server));
                    return self.drop_line(&line, "server belum tersambung");
                }
                self.send_to_server(&line, true);
            }
            Kind::Message => match &self.server {
                Some(server) if server.greeted => self.send_to_server(&line, false),
                Some(_) => self.drop_line(&line, "belum ada HALO di sambungan ini"),
                None => self.drop_line(&line, "server belum tersambung"),
            },
        }
    }

    /// A protocol line that is not forwarded. The node sends it again after
    /// its reply timeout, with a `HALO` first.
    fn drop_line(&mut self, line: &str, why: &str) {
        self.counts.dropped += 1;
        self.log(&format!(
            "papan ✗ server: {line} (tidak diteruskan: {why}; papan akan mengirim ulang)"
        ));
    }

    // ---- the server ----

    /// Opens the connection now.
    fn connect_server(&mut self) -> io::Result<()> {
        let stream = connect(&self.server_addrs)?;
        let reader = stream.try_clone()?;
        let link = self.next_link();
        let events = self.events.clone();
        spawn_reader(reader, Arc::new(AtomicBool::new(false)), move |incoming| {
            events.send(Event::Server { link, incoming }).is_ok()
        });
        self.server = Some(Server { link, stream, greeted: false });
        self.log(&format!("tersambung ke server {}", self.options.server));
        Ok(())
    }

    fn send_to_server(&mut self, line: &str, halo: bool) {
        let Some(server) = &mut self.server else { return };
        match server.stream.write_all(format!("{line}\n").as_bytes()) {
            Ok(()) => {
                server.greeted |= halo;
                self.counts.to_server += 1;
                self.log(&format!("papan → server: {line}"));
            }
            Err(error) => {
                self.counts.dropped += 1;
                self.log(&format!("papan ✗ server: {line} (tidak terkirim)"));
                self.server_gone(Some(error));
            }
        }
    }

    fn server_gone(&mut self, error: Option<io::Error>) {
        self.server = None;
        let wait = self.server_retry.failed();
        let what = match error {
            None => "server menutup sambungan".to_string(),
            Some(e) => format!("sambungan ke server putus ({e})"),
        };
        self.log(&format!("{what}; sambung lagi dalam {} s", wait.as_secs()));
    }

    fn handle_server(&mut self, link: u64, incoming: Incoming) {
        if self.server.as_ref().is_none_or(|server| server.link != link) {
            return;
        }
        let line = match incoming {
            Incoming::Gone(error) => return self.server_gone(error),
            Incoming::Piece(Piece::Line(line)) => line,
            Incoming::Piece(Piece::TooLong(bytes) | Piece::NotText(bytes)) => {
                return self
                    .log(&format!("server mengirim {bytes} byte yang bukan baris: dibuang"));
            }
        };
        // The server answers: it works, so a later failure waits briefly.
        self.server_retry.worked();
        let Some(board) = &mut self.board else { return };
        match board.writer.write_all(format!("{line}\n").as_bytes()) {
            Ok(()) => {
                self.counts.to_board += 1;
                self.log(&format!("server → papan: {}", printable(&line)));
            }
            Err(error) if serial::is_quiet(&error) => {
                self.counts.dropped += 1;
                self.log(&format!("server ✗ papan: {line} (papan tidak membaca: sedang reset?)"));
            }
            Err(error) => self.board_gone(Some(error)),
        }
    }

    // ---- retries and the end ----

    /// Reopens the port and reconnects to the server, when their time has come.
    fn retry_what_is_due(&mut self) {
        if self.board.is_none() && self.board_retry.is_due() {
            match serial::open(&self.options.serial, self.options.baud) {
                Ok(port) => self.attach_board(port),
                Err(error) => {
                    let wait = self.board_retry.failed();
                    self.log(&format!("{}, coba lagi dalam {} s", error.message, wait.as_secs()));
                }
            }
        }
        // One connection per board: none while the board is away.
        if self.board.is_some()
            && self.server.is_none()
            && self.server_retry.is_due()
            && let Err(error) = self.connect_server()
        {
            let wait = self.server_retry.failed();
            let why = why_not_connected(&error);
            let server = &self.options.server;
            self.log(&format!("server {server} {why}, coba lagi dalam {} s", wait.as_secs()));
        }
    }

    /// How long the loop may wait for an event before a retry is due.
    fn time_to_next_retry(&self) -> Duration {
        let mut next = Instant::now() + Duration::from_secs(1);
        if self.board.is_none() {
            next = next.min(self.board_retry.at);
        } else if self.server.is_none() {
            next = next.min(self.server_retry.at);
        }
        next.saturating_duration_since(Instant::now())
    }

    fn finish(&mut self) {
        self.server = None;
        self.board = None;
        let Counts { to_server, to_board, dropped } = self.counts;
        self.log(&format!(
            "Jembatan berhenti: {to_server} baris papan → server, {to_board} baris server → papan, \
             {dropped} baris tidak diteruskan."
        ));
    }
}

/// Connects to the first address that answers.
fn connect(addrs: &[SocketAddr]) -> io::Result<TcpStream> {
    let mut last_error = io::Error::from(io::ErrorKind::NotFound);
    for addr in addrs {
        match TcpStream::connect_timeout(addr, CONNECT_TIMEOUT) {
            Ok(stream) => {
                // Lines are short and each waits for its reply: send at once.
                stream.set_nodelay(true)?;
                stream.set_write_timeout(Some(SERVER_WRITE_TIMEOUT))?;
                return Ok(stream);
            }
            Err(error) => last_error = error,
        }
    }
    Err(last_error)
}

fn why_not_connected(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::ConnectionRefused => {
            "menolak sambungan (server belum berjalan? port lain?)".to_string()
        }
        io::ErrorKind::TimedOut => {
            format!("tidak menjawab dalam {} s (firewall?)", CONNECT_TIMEOUT.as_secs())
        }
        _ => format!("tidak bisa dihubungi ({error})"),
    }
}

/// Reads `source` in its own thread, cutting it into lines for `report`,
/// until it ends, `stop` is set, or `report` returns false (nobody listens).
fn spawn_reader<R: Read + Send + 'static>(
    mut source: R,
    stop: Arc<AtomicBool>,
    report: impl Fn(Incoming) -> bool + Send + 'static,
) {
    thread::spawn(move || {
        let mut splitter = LineSplitter::default();
        let mut buffer = [0u8; 1024];
        let ended = loop {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            match source.read(&mut buffer) {
                Ok(0) => break None,
                Ok(n) => {
                    for piece in splitter.push(&buffer[..n]) {
                        if !report(Incoming::Piece(piece)) {
                            return;
                        }
                    }
                }
                // The serial port's read timeout: look at `stop` again.
                Err(error) if serial::is_quiet(&error) => {}
                Err(error) => break Some(error),
            }
        };
        report(Incoming::Gone(ended));
    });
}

/// Sends [`Event::Stop`] on Ctrl-C. The handler is in place when this
/// returns, so a Ctrl-C right after the first log line is not missed.
fn stop_on_ctrl_c(events: Sender<Event>) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let mut ctrl_c = Box::pin(tokio::signal::ctrl_c());
    // Polling the future once installs the handler.
    runtime.block_on(std::future::poll_fn(|cx| {
        let _ = ctrl_c.as_mut().poll(cx);
        std::task::Poll::Ready(())
    }));
    thread::spawn(move || {
        if runtime.block_on(ctrl_c).is_ok() {
            let _ = events.send(Event::Stop);
        }
    });
    Ok(())
}

/// `mm:ss.mmm` (or `h:mm:ss.mmm`) since the start, for the log.
fn clock(elapsed: Duration) -> String {
    let millis = elapsed.as_millis();
    let (hours, minutes) = (millis / 3_600_000, millis / 60_000 % 60);
    let (seconds, millis) = (millis / 1000 % 60, millis % 1000);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}.{millis:03}")
    } else {
        format!("{minutes:02}:{seconds:02}.{millis:03}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_reads_minutes_seconds_and_millis() {
        assert_eq!(clock(Duration::from_millis(5_213)), "00:05.213");
        assert_eq!(clock(Duration::from_millis(61_005)), "01:01.005");
        assert_eq!(clock(Duration::from_millis(3_723_456)), "1:02:03.456");
    }

    #[test]
    fn waits_double_up_to_the_limit_and_start_over_once_it_works() {
        let mut retry = Retry::new(Duration::from_secs(8));
        let waits: Vec<u64> = (0..6).map(|_| retry.failed().as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 8, 8]);
        assert!(!retry.is_due());
        retry.worked();
        assert_eq!(retry.failed().as_secs(), 1);
    }

    #[test]
    fn a_server_address_needs_a_port() {
        assert!(resolve("127.0.0.1:2004").is_ok());
        let error = resolve("127.0.0.1").unwrap_err().to_string();
        assert!(error.contains("tulis host:port"), "{error}");
    }
}
