//! The dashboard end to end: a database filled by the smart-home server's
//! own `Storage`, the dashboard on 127.0.0.1:0, and a tiny HTTP/1.0 client
//! over a tokio `TcpStream` (an HTTP/1.0 answer simply ends when the
//! connection closes, so no chunked decoding is needed).

use rumah_pintar::protocol::{Decimal, Reading};
use rumah_pintar::server::Storage;
use serde_json::Value;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::timeout;

/// Generous: the machine running the tests may be small and busy.
const PATIENCE: Duration = Duration::from_secs(20);

/// A fresh directory under the system's temp dir, removed at the end.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("dasbor-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    fn db(&self) -> PathBuf {
        self.0.join("rumah.db")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as i64
}

fn decimal(x: f64) -> Decimal {
    Decimal((x * Decimal::SCALE as f64).round() as i64)
}

fn reading(dht: f64, humidity: f64, temperature: f64, light: f64) -> Reading {
    Reading {
        dht_temperature: decimal(dht),
        humidity: decimal(humidity),
        temperature: decimal(temperature),
        light: decimal(light),
    }
}

/// A running dashboard; stops (and checks that it stopped cleanly) on
/// [`Dashboard::stop`].
struct Dashboard {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<Result<(), dasbor::DasborError>>,
}

impl Dashboard {
    async fn start(db: &Path) -> Dashboard {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let shutdown = async move {
            let _ = stopped.await;
        };
        let task = tokio::spawn(dasbor::serve(db.to_owned(), listener, shutdown));
        Dashboard { addr, stop, task }
    }

    /// Shuts down, even with event streams still open.
    async fn stop(self) {
        self.stop.send(()).unwrap();
        let result = timeout(PATIENCE, self.task).await.expect("the dashboard did not stop");
        result.unwrap().unwrap();
    }
}

struct Response {
    status: u16,
    /// The header lines, lowercased.
    headers: String,
    body: String,
}

impl Response {
    fn json(&self) -> Value {
        assert!(
            self.headers.contains("content-type: application/json"),
            "not JSON: {}",
            self.headers
        );
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

async fn request(addr: SocketAddr, method: &str, path: &str) -> Response {
    let exchange = async {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let head = format!("{method} {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n");
        stream.write_all(head.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.unwrap();
        raw
    };
    let raw = timeout(PATIENCE, exchange).await.expect("no answer in time");
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").expect("no end of headers");
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Response { status, headers: head.to_lowercase(), body: body.to_owned() }
}

async fn get(addr: SocketAddr, path: &str) -> Response {
    request(addr, "GET", path).await
}

async fn get_json(addr: SocketAddr, path: &str) -> Value {
    let response = get(addr, path).await;
    assert_eq!(response.status, 200, "{path}: {}", response.body);
    response.json()
}

/// One open `/api/peristiwa` stream.
struct EventStream {
    reader: BufReader<TcpStream>,
}

impl EventStream {
    /// Opens the stream and reads up to its `halo` event.
    async fn open(addr: SocketAddr) -> EventStream {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let head = format!("GET /api/peristiwa HTTP/1.0\r\nHost: {addr}\r\n\r\n");
        stream.write_all(head.as_bytes()).await.unwrap();
        let mut reader = BufReader::new(stream);
        let mut headers = String::new();
        loop {
            let mut line = String::new();
            let read = timeout(PATIENCE, reader.read_line(&mut line)).await.unwrap().unwrap();
            assert!(read > 0, "the stream closed during the headers: {headers}");
            if line == "\r\n" {
                break;
            }
            headers.push_str(&line.to_lowercase());
        }
        assert!(headers.starts_with("http/1.0 200") || headers.starts_with("http/1.1 200"));
        assert!(headers.contains("content-type: text/event-stream"), "{headers}");
        let mut events = EventStream { reader };
        let (kind, data) = events.next().await;
        assert_eq!(kind, "halo");
        assert!(data["sekarang_ms"].as_i64().unwrap() > 0);
        events
    }

    /// The next event: its name and its JSON data (comments skipped).
    async fn next(&mut self) -> (String, Value) {
        let mut kind = String::from("message");
        let mut data = String::new();
        loop {
            let mut line = String::new();
            let read = self.reader.read_line(&mut line).await.unwrap();
            assert!(read > 0, "the stream ended");
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !data.is_empty() {
                    return (kind, serde_json::from_str(&data).unwrap());
                }
            } else if let Some(name) = line.strip_prefix("event:") {
                kind = name.trim().to_owned();
            } else if let Some(more) = line.strip_prefix("data:") {
                data.push_str(more.strip_prefix(' ').unwrap_or(more));
            }
        }
    }

    /// Waits (at most `patience`) for an event `kind` whose data satisfies `wanted`.
    async fn wait_for(&mut self, kind: &str, patience: Duration, wanted: impl Fn(&Value) -> bool) {
        let search = async {
            loop {
                let (name, data) = self.next().await;
                if name == kind && wanted(&data) {
                    return;
                }
            }
        };
        timeout(patience, search).await.unwrap_or_else(|_| panic!("no `{kind}` event in time"));
    }
}

fn seqs(rows: &Value) -> Vec<i64> {
    rows.as_array().unwrap().iter().map(|row| row["seq"].as_i64().unwrap()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_endpoints_show_latest_values_offline_nodes_limits_and_order() {
    let dir = TempDir::new("json");
    let storage = Storage::open(&dir.db()).unwrap();
    let now = now_ms();
    // dapur: every 5 s, five readings, the last one just now.
    storage.record_halo("dapur", 7, 5, now - 20_000).unwrap();
    for seq in 1..=5u32 {
        let at = now - (5 - i64::from(seq)) * 1_000;
        let value = reading(25.0 + f64::from(seq), 60.0, 26.0 + f64::from(seq) / 4.0, 700.0);
        storage.store_reading("dapur", 7, seq, &value, at).unwrap();
    }
    // garasi: every minute, but silent for two hours.
    storage.record_halo("garasi", 3, 60, now - 7_200_000).unwrap();
    storage
        .store_reading("garasi", 3, 1, &reading(20.0, 40.0, 19.5, 12.0), now - 7_199_000)
        .unwrap();
    // loteng: said HALO a second ago, no reading yet.
    storage.record_halo("loteng", 9, 10, now - 1_000).unwrap();
    // Door events, arriving in this order.
    storage.store_door_event("pintu", 1, 1, &[0xDE, 0xAD, 0xBE, 0xEF], true, now - 3_000).unwrap();
    storage.store_door_event("pintu", 1, 2, &[0x01, 0x02, 0x03, 0x04], false, now - 2_000).unwrap();
    storage.store_door_event("pintu", 1, 3, &[0xDE, 0xAD, 0xBE, 0xEF], true, now - 1_000).unwrap();

    let dashboard = Dashboard::start(&dir.db()).await;
    let addr = dashboard.addr;

    let nodes = get_json(addr, "/api/node").await;
    let ids: Vec<&str> =
        nodes.as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["dapur", "garasi", "loteng"]);
    let dapur = &nodes[0];
    assert_eq!((dapur["sesi"].as_i64(), dapur["periode"].as_i64()), (Some(7), Some(5)));
    assert_eq!(dapur["halo_ms"].as_i64(), Some(now - 20_000));
    assert_eq!(dapur["terakhir_ms"].as_i64(), Some(now));
    assert_eq!(dapur["online"], true);
    let latest = &dapur["bacaan"];
    assert_eq!(latest["seq"], 5);
    assert_eq!(latest["suhu_dht"].as_f64(), Some(30.0));
    assert_eq!(latest["lembap"].as_f64(), Some(60.0));
    assert_eq!(latest["suhu"].as_f64(), Some(27.25));
    assert_eq!(latest["cahaya"].as_f64(), Some(700.0));
    assert_eq!(latest["diterima_ms"].as_i64(), Some(now));
    let garasi = &nodes[1];
    assert_eq!(garasi["online"], false, "{garasi}");
    assert_eq!(garasi["terakhir_ms"].as_i64(), Some(now - 7_199_000));
    let loteng = &nodes[2];
    assert_eq!(loteng["online"], true);
    assert!(loteng["terakhir_ms"].is_null() && loteng["bacaan"].is_null(), "{loteng}");

    // Readings: the last n, oldest first.
    assert_eq!(seqs(&get_json(addr, "/api/node/dapur/bacaan").await), [1, 2, 3, 4, 5]);
    assert_eq!(seqs(&get_json(addr, "/api/node/dapur/bacaan?n=3").await), [3, 4, 5]);
    assert_eq!(seqs(&get_json(addr, "/api/node/dapur/bacaan?n=0").await), Vec::<i64>::new());
    let since = format!("/api/node/dapur/bacaan?sejak_ms={}", now - 1_500);
    assert_eq!(seqs(&get_json(addr, &since).await), [4, 5]);
    assert_eq!(seqs(&get_json(addr, "/api/node/entah/bacaan").await), Vec::<i64>::new());
    let bad = get(addr, "/api/node/dapur/bacaan?n=banyak").await;
    assert_eq!(bad.status, 400);
    assert!(bad.json()["galat"].as_str().unwrap().contains("bilangan bulat"));

    // Door events: the last n, newest first.
    let door = get_json(addr, "/api/pintu?n=2").await;
    assert_eq!(seqs(&door), [3, 2]);
    assert_eq!(door[1]["uid"], "01020304");
    assert_eq!(door[1]["hasil"], "TOLAK");
    assert_eq!(door[1]["node"], "pintu");
    assert_eq!(door[1]["diterima_ms"].as_i64(), Some(now - 2_000));
    assert_eq!(seqs(&get_json(addr, "/api/pintu").await), [3, 2, 1]);

    // A node with more readings than one request may ask for.
    {
        let mut writer = rusqlite::Connection::open(dir.db()).unwrap();
        let batch = writer.transaction().unwrap();
        for seq in 1..=1_100 {
            batch
                .execute(
                    "INSERT INTO bacaan VALUES ('banyak', 1, ?1, 20, 50, 20, 500, ?2)",
                    (seq, now - 2_000_000 + seq),
                )
                .unwrap();
        }
        batch.commit().unwrap();
    }
    let many = seqs(&get_json(addr, "/api/node/banyak/bacaan?n=5000").await);
    assert_eq!(many.len(), 1_000);
    assert_eq!((many[0], many[999]), (101, 1_100));

    // Nothing else answers, and nothing can be changed.
    let unknown = get(addr, "/api/entah").await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.json()["galat"].is_string());
    assert_eq!(request(addr, "POST", "/api/node").await.status, 405);
    assert_eq!(request(addr, "DELETE", "/api/pintu").await.status, 405);

    dashboard.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_event_stream_delivers_rows_added_after_it_opened() {
    let dir = TempDir::new("sse");
    let storage = Storage::open(&dir.db()).unwrap();
    storage.record_halo("dapur", 1, 5, now_ms()).unwrap();
    storage.store_reading("dapur", 1, 1, &reading(25.0, 50.0, 25.0, 100.0), now_ms()).unwrap();
    let dashboard = Dashboard::start(&dir.db()).await;

    let mut events = EventStream::open(dashboard.addr).await;
    storage.store_reading("dapur", 1, 2, &reading(31.0, 55.5, 30.25, 1023.0), now_ms()).unwrap();
    events
        .wait_for("bacaan", PATIENCE, |row| {
            row["node"] == "dapur"
                && row["seq"] == 2
                && row["suhu"].as_f64() == Some(30.25)
                && row["cahaya"].as_f64() == Some(1023.0)
        })
        .await;
    storage.store_door_event("pintu", 4, 1, &[0xAB, 0xCD], false, now_ms()).unwrap();
    events.wait_for("pintu", PATIENCE, |row| row["uid"] == "ABCD" && row["hasil"] == "TOLAK").await;
    storage.record_halo("dapur", 2, 10, now_ms()).unwrap();
    events
        .wait_for("node", PATIENCE, |node| {
            node["id"] == "dapur" && node["sesi"] == 2 && node["periode"] == 10
        })
        .await;

    // Stopping ends the open stream too.
    dashboard.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_stored_values_come_out_escaped() {
    let hostile = r#"<script>alert("x")</script>'&"#;
    let dir = TempDir::new("hostile");
    let storage = Storage::open(&dir.db()).unwrap();
    let now = now_ms();
    storage.record_halo(hostile, 1, 5, now).unwrap();
    storage.store_reading(hostile, 1, 1, &reading(25.0, 50.0, 25.0, 100.0), now).unwrap();
    // The server only stores hex UIDs; write one directly, as an attacker with the file could.
    let writer = rusqlite::Connection::open(dir.db()).unwrap();
    writer.execute("INSERT INTO pintu VALUES (?1, 1, 2, ?1, 'TOLAK', ?2)", (hostile, now)).unwrap();
    let dashboard = Dashboard::start(&dir.db()).await;
    let addr = dashboard.addr;

    let encoded: String = hostile.bytes().map(|b| format!("%{b:02X}")).collect();
    let mut events = EventStream::open(addr).await;
    storage.store_reading(hostile, 1, 3, &reading(26.0, 50.0, 25.0, 100.0), now_ms()).unwrap();
    for path in
        ["/api/node".to_owned(), "/api/pintu".to_owned(), format!("/api/node/{encoded}/bacaan")]
    {
        let response = get(addr, &path).await;
        assert_eq!(response.status, 200, "{path}");
        assert!(response.headers.contains("x-content-type-options: nosniff"));
        for raw in ["<", ">", "'", "&"] {
            assert!(!response.body.contains(raw), "{path} has a raw {raw}: {}", response.body);
        }
        let value = response.json();
        let first = &value[0];
        let node = first.get("id").or(first.get("node")).unwrap();
        assert_eq!(node, hostile, "{path}");
    }
    assert_eq!(get_json(addr, "/api/pintu").await[0]["uid"], hostile);
    assert_eq!(seqs(&get_json(addr, &format!("/api/node/{encoded}/bacaan")).await), [1, 3]);
    // The stream escapes the same way (the reader parses the JSON back).
    events.wait_for("bacaan", PATIENCE, |row| row["node"] == hostile && row["seq"] == 3).await;

    // The page is static: no data in it, and it never uses innerHTML.
    let page = get(addr, "/").await;
    assert!(!page.body.contains("alert("));
    assert!(!page.body.contains("innerHTML"));
    assert!(page.body.contains("textContent"));
    dashboard.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_open_pages_all_get_the_new_readings() {
    let dir = TempDir::new("fifty");
    let storage = Storage::open(&dir.db()).unwrap();
    storage.record_halo("dapur", 1, 1, now_ms()).unwrap();
    let dashboard = Dashboard::start(&dir.db()).await;
    let addr = dashboard.addr;

    let mut opening = Vec::new();
    for _ in 0..50 {
        opening.push(tokio::spawn(EventStream::open(addr)));
    }
    let mut streams = Vec::new();
    for stream in opening {
        streams.push(stream.await.unwrap());
    }

    // A writer keeps adding readings, as a node would, until every page has one.
    let done = Arc::new(AtomicBool::new(false));
    let writing = done.clone();
    let writer = std::thread::spawn(move || {
        let mut seq = 0;
        while !writing.load(Ordering::Relaxed) && seq < 2_000 {
            seq += 1;
            storage
                .store_reading("dapur", 1, seq, &reading(25.0, 50.0, 25.0, 100.0), now_ms())
                .unwrap();
            std::thread::sleep(Duration::from_millis(50));
        }
        seq
    });
    let mut waiting = Vec::new();
    for mut stream in streams {
        waiting.push(tokio::spawn(async move {
            stream.wait_for("bacaan", Duration::from_secs(40), |row| row["node"] == "dapur").await;
        }));
    }
    let mut received = 0;
    for wait in waiting {
        if wait.await.is_ok() {
            received += 1;
        }
    }
    done.store(true, Ordering::Relaxed);
    let written = writer.join().unwrap();
    assert_eq!(received, 50, "only {received} of 50 pages got a reading ({written} written)");
    dashboard.stop().await;
}

/// Everything about the file that a write would change.
fn fingerprint(path: &Path) -> (Vec<u8>, SystemTime) {
    (std::fs::read(path).unwrap(), std::fs::metadata(path).unwrap().modified().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_never_modifies_the_database() {
    let dir = TempDir::new("readonly");
    {
        let storage = Storage::open(&dir.db()).unwrap();
        let now = now_ms();
        storage.record_halo("dapur", 1, 5, now).unwrap();
        for seq in 1..=3 {
            storage.store_reading("dapur", 1, seq, &reading(25.0, 50.0, 25.0, 100.0), now).unwrap();
        }
        storage.store_door_event("pintu", 1, 1, &[1, 2, 3, 4], true, now).unwrap();
        // Dropped: the server has stopped, its WAL is folded into the file.
    }
    let mut permissions = std::fs::metadata(dir.db()).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(dir.db(), permissions).unwrap();
    let before = fingerprint(&dir.db());

    let dashboard = Dashboard::start(&dir.db()).await;
    let addr = dashboard.addr;
    let _events = EventStream::open(addr).await;
    for path in ["/", "/api/node", "/api/node/dapur/bacaan?n=1000", "/api/pintu?n=1000"] {
        assert_eq!(get(addr, path).await.status, 200, "{path}");
    }
    assert_eq!(get_json(addr, "/api/node/dapur/bacaan").await.as_array().unwrap().len(), 3);
    // Let the poller look a few times.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    dashboard.stop().await;

    assert!(before == fingerprint(&dir.db()), "the database file changed");
}

#[tokio::test]
async fn a_missing_database_is_an_error_in_indonesian() {
    let dir = TempDir::new("missing");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let error = dasbor::serve(dir.db(), listener, std::future::pending()).await.unwrap_err();
    let message = error.to_string();
    assert!(message.contains("rumah.db tidak ada"), "{message}");
    assert!(!dir.db().exists(), "the dashboard created the file");

    // A file that is not the server's database is refused too.
    std::fs::write(dir.db(), "bukan basis data").unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let error = dasbor::serve(dir.db(), listener, std::future::pending()).await.unwrap_err();
    assert!(error.to_string().contains("tidak bisa dibuka"), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_is_html_with_nothing_from_other_hosts() {
    let dir = TempDir::new("page");
    drop(Storage::open(&dir.db()).unwrap());
    let dashboard = Dashboard::start(&dir.db()).await;
    let page = get(dashboard.addr, "/").await;
    assert_eq!(page.status, 200);
    assert!(page.headers.contains("content-type: text/html"), "{}", page.headers);
    assert!(page.headers.contains("content-security-policy: default-src 'none'"));
    assert!(page.body.starts_with("<!doctype html>"));
    assert!(page.body.contains("<html lang=\"id\">"));
    // The SVG namespace is a name, not an address that is fetched.
    let without_namespace = page.body.replace("\"http://www.w3.org/2000/svg\"", "");
    assert!(!without_namespace.contains("http://"), "a reference to another host");
    assert!(!without_namespace.contains("https://"), "a reference to another host");
    assert!(!page.body.contains("//cdn") && !page.body.contains("@import"));
    for endpoint in ["/api/node", "/api/pintu", "/api/peristiwa", "EventSource"] {
        assert!(page.body.contains(endpoint), "the page does not use {endpoint}");
    }
    dashboard.stop().await;
}
