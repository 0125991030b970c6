//! The given smart-home server (`server-rumah-pintar`) as a real program,
//! over TCP, with its SQLite database read directly. (These tests were
//! graded while students wrote `handle_line`; it is given code now.)

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use uji::client::NoLine;
use uji::{REPLY_TIMEOUT, ServerProcess, TestClient};

const ACCESS: &str = "# kartu penghuni\nDEADBEEF\n04A22B1A5C8081  # kartu kedua\n";

/// A scratch folder with an access list, a database and a server.
struct Home {
    dir: PathBuf,
    server: ServerProcess,
}

impl Home {
    fn new(name: &str) -> Home {
        Home::with_server_args(name, &[])
    }

    fn with_server_args(name: &str, extra: &[&str]) -> Home {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let unique = format!(
            "server-rumah-pintar-{name}-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        );
        let dir = std::env::temp_dir().join(unique);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("akses.txt"), ACCESS).unwrap();
        let server = start_server(&dir, "0", extra);
        Home { dir, server }
    }

    fn db(&self) -> PathBuf {
        self.dir.join("rumah-pintar.db")
    }

    fn client(&self, name: &str) -> TestClient {
        self.server.client(name)
    }

    /// Runs one SQL query returning a number.
    fn count(&self, sql: &str) -> i64 {
        let db = rusqlite::Connection::open_with_flags(
            self.db(),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap_or_else(|e| panic!("Basis data {} tidak bisa dibuka: {e}", self.db().display()));
        db.query_row(sql, [], |row| row.get(0)).unwrap_or_else(|e| {
            panic!("Kueri {sql:?} gagal: {e}. Apakah skemanya sesuai bab Tugas?")
        })
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn start_server(dir: &Path, port: &str, extra: &[&str]) -> ServerProcess {
    let db = dir.join("rumah-pintar.db");
    let access = dir.join("akses.txt");
    let mut args = vec![
        "--host",
        "127.0.0.1",
        "--port",
        port,
        "--db",
        db.to_str().unwrap(),
        "--akses",
        access.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    ServerProcess::start(env!("CARGO_BIN_EXE_server-rumah-pintar"), &args)
}

/// Sends one line and returns the answer line (without `\n`).
fn ask(client: &mut TestClient, line: &str) -> String {
    client.send(format!("{line}\n").as_bytes());
    match client.read_line(REPLY_TIMEOUT) {
        Ok(reply) => String::from_utf8_lossy(&reply).trim_end().to_string(),
        Err(NoLine::TimedOut(partial)) => panic!(
            "{} mengirim {line:?} tetapi tidak menerima jawaban satu baris dalam {} detik (diterima: {:?}).",
            client.name(),
            REPLY_TIMEOUT.as_secs(),
            String::from_utf8_lossy(&partial)
        ),
        Err(other) => {
            panic!("{} mengirim {line:?}, lalu koneksinya gagal: {other:?}", client.name())
        }
    }
}

fn expect_answer(client: &mut TestClient, line: &str, expected: &str) {
    let answer = ask(client, line);
    assert_eq!(answer, expected, "Untuk {line:?} jawaban server harus {expected:?}.");
}

/// The answer must be an `ERR` with this code.
fn expect_error(client: &mut TestClient, line: &str, code: &str) {
    let answer = ask(client, line);
    assert!(
        answer.starts_with(&format!("ERR {code} ")),
        "Untuk {line:?} jawaban server harus \"ERR {code} <pesan>\", tetapi {answer:?}. Lihat tabel kode kesalahan di bab Tugas."
    );
}

#[test]
fn a_node_greets_sends_data_and_opens_the_door() {
    let home = Home::new("sapa");
    let mut node = home.client("node dapur-1");
    expect_answer(&mut node, "HALO dapur-1 sesi=3fa9 periode=5", "OK");
    expect_answer(
        &mut node,
        "DATA dapur-1 seq=1 suhu_dht=27 lembap=61 suhu=26.81 cahaya=734",
        "OK 1",
    );
    expect_answer(&mut node, "RFID dapur-1 seq=2 uid=DEADBEEF", "BUKA 2");
    expect_answer(&mut node, "RFID dapur-1 seq=3 uid=0BADC0DE", "TOLAK 3");
    expect_answer(&mut node, "RFID dapur-1 seq=4 uid=04a22b1a5c8081", "BUKA 4");
    assert_eq!(home.count("SELECT COUNT(*) FROM bacaan"), 1);
    assert_eq!(home.count("SELECT COUNT(*) FROM pintu"), 3);
    assert_eq!(
        home.count("SELECT COUNT(*) FROM pintu WHERE hasil = 'BUKA' AND uid = 'DEADBEEF'"),
        1
    );
    assert_eq!(home.count("SELECT periode FROM node WHERE id = 'dapur-1' AND sesi = 16297"), 5);
    assert_eq!(home.count("SELECT CAST(suhu * 100 AS INTEGER) FROM bacaan WHERE node = 'dapur-1' AND sesi = 16297 AND seq = 1"), 2681);
}

#[test]
fn malformed_lines_get_their_error_and_the_connection_stays_usable() {
    let home = Home::new("salah");
    let mut node = home.client("node");
    expect_error(
        &mut node,
        "DATA dapur-1 seq=1 suhu_dht=27 lembap=61 suhu=26.81 cahaya=734",
        "E08",
    );
    expect_error(&mut node, "HELLO dapur-1", "E03");
    expect_error(&mut node, "HALO Dapur-1 sesi=1 periode=5", "E05");
    expect_answer(&mut node, "HALO dapur-1 sesi=1 periode=5", "OK");
    expect_error(&mut node, "DATA garasi seq=1 suhu_dht=27 lembap=61 suhu=26.81 cahaya=734", "E09");
    expect_error(&mut node, "DATA dapur-1 seq=1 suhu_dht=27 lembap=61 suhu=26.81", "E11");
    expect_error(
        &mut node,
        "DATA dapur-1 seq=1 suhu_dht=27 lembap=161 suhu=26.81 cahaya=734",
        "E15",
    );
    expect_error(&mut node, "RFID dapur-1 seq=1 uid=XYZ", "E16");
    // The connection still works, and nothing wrong was stored.
    expect_answer(
        &mut node,
        "DATA dapur-1 seq=1 suhu_dht=27 lembap=61 suhu=26.81 cahaya=734",
        "OK 1",
    );
    assert_eq!(home.count("SELECT COUNT(*) FROM bacaan"), 1);
}

#[test]
fn an_overlong_line_is_refused_without_ending_the_connection() {
    let home = Home::new("panjang");
    let mut node = home.client("node");
    let long = format!("DATA dapur-1 seq=1 {}", "x".repeat(10_000));
    expect_error(&mut node, &long, "E01");
    expect_answer(&mut node, "HALO dapur-1 sesi=1 periode=5", "OK");
}

#[test]
fn invalid_utf8_is_refused() {
    let home = Home::new("utf8");
    let mut node = home.client("node");
    node.send(b"HALO dapur-1 sesi=1 periode=5 \xff\xfe\n");
    let answer = node.read_line(REPLY_TIMEOUT).map(|l| String::from_utf8_lossy(&l).to_string());
    assert!(
        matches!(&answer, Ok(a) if a.starts_with("ERR E02 ")),
        "Byte yang bukan UTF-8 dijawab \"ERR E02 ...\", bukan {answer:?}"
    );
    expect_answer(&mut node, "HALO dapur-1 sesi=1 periode=5", "OK");
}

#[test]
fn a_resend_is_answered_again_but_stored_once() {
    let home = Home::new("ulang");
    let mut node = home.client("node");
    expect_answer(&mut node, "HALO dapur-1 sesi=a1 periode=5", "OK");
    let data = "DATA dapur-1 seq=1 suhu_dht=27 lembap=61 suhu=26.81 cahaya=734";
    expect_answer(&mut node, data, "OK 1");
    expect_answer(&mut node, "RFID dapur-1 seq=2 uid=0BADC0DE", "TOLAK 2");
    drop(node);
    // The node reconnects with the same session and sends both again.
    let mut again = home.client("node (tersambung lagi)");
    expect_answer(&mut again, "HALO dapur-1 sesi=a1 periode=5", "OK");
    expect_answer(&mut again, data, "OK 1");
    expect_answer(&mut again, "RFID dapur-1 seq=2 uid=0BADC0DE", "TOLAK 2");
    assert_eq!(
        home.count("SELECT COUNT(*) FROM bacaan"),
        1,
        "Pesan ulang tidak boleh disimpan dua kali."
    );
    assert_eq!(
        home.count("SELECT COUNT(*) FROM pintu"),
        1,
        "Pesan ulang tidak boleh disimpan dua kali."
    );
    // A new session (the board rebooted) starts afresh.
    expect_answer(&mut again, "HALO dapur-1 sesi=b2 periode=5", "OK");
    expect_answer(&mut again, data, "OK 1");
    assert_eq!(home.count("SELECT COUNT(*) FROM bacaan"), 2, "Sesi baru disimpan dari awal.");
}

#[test]
fn five_nodes_at_once() {
    let home = Home::new("lima");
    let nodes: Vec<_> = (1..=5)
        .map(|n| {
            let mut client = home.client(&format!("node-{n}"));
            std::thread::spawn(move || {
                expect_answer(&mut client, &format!("HALO node-{n} sesi={n} periode=5"), "OK");
                for seq in 1..=20 {
                    let line = format!(
                        "DATA node-{n} seq={seq} suhu_dht=27 lembap=61 suhu=26.81 cahaya={}",
                        seq * n
                    );
                    expect_answer(&mut client, &line, &format!("OK {seq}"));
                }
            })
        })
        .collect();
    for node in nodes {
        if let Err(panic) = node.join() {
            std::panic::resume_unwind(panic);
        }
    }
    assert_eq!(home.count("SELECT COUNT(*) FROM bacaan"), 100);
    assert_eq!(home.count("SELECT COUNT(DISTINCT node) FROM bacaan"), 5);
}

#[test]
fn an_idle_connection_is_closed() {
    let home = Home::with_server_args("diam", &["--batas-diam", "1"]);
    let mut node = home.client("node diam");
    expect_answer(&mut node, "HALO dapur-1 sesi=1 periode=5", "OK");
    let closed = node.read_line(Duration::from_secs(30));
    assert!(
        matches!(closed, Err(NoLine::Closed(_))),
        "Koneksi yang diam lebih dari --batas-diam harus ditutup server, bukan {closed:?}"
    );
    let mut other = home.client("node lain");
    expect_answer(&mut other, "HALO garasi sesi=1 periode=5", "OK");
}
