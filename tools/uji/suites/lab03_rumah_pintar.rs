//! Graded tests for Lab 03 (the smart home). The same file is compiled as
//! the `uji` test of `lab03-rumah-pintar` (the starter) and
//! `solusi03-rumah-pintar` (the solution).
//!
//! - `protocol::...`: the text form of the messages, both ways.
//! - `server::...`: the server as a real program, over TCP, with its
//!   SQLite database read directly.
//! - `system::...`: the node program with virtual hardware playing a
//!   scenario against the server, in virtual time (exact counts on any machine).
//! - `node::...`: the node application with fakes (no sockets, no real time).

#[path = "lab03_rumah_pintar/fakes.rs"]
mod fakes;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use uji::client::NoLine;
use uji::{REPLY_TIMEOUT, STARTUP_TIMEOUT, ServerProcess, TestClient, lab_binary_named};

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
            "uji-lab03-{name}-{}-{}",
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
    ServerProcess::start(&lab_binary_named!("server"), &args)
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

mod protocol {
    use rumah_pintar::protocol::{
        Decimal, ErrorCode, Message, NodeId, ProtocolError, Reading, Uid,
    };

    fn data(seq: u32, sixteenths: i16) -> Message {
        let reading = Reading {
            dht_temperature: Decimal::whole(27),
            humidity: Decimal::whole(61),
            temperature: Decimal::from_sixteenths_to_hundredths(sixteenths),
            light: Decimal::whole(734),
        };
        Message::Data { id: NodeId::try_from("dapur-1").unwrap(), seq, reading }
    }

    #[test]
    fn the_node_writes_the_documented_lines() {
        let halo = Message::Halo {
            id: NodeId::try_from("dapur-1").unwrap(),
            session: 0x3fa9,
            period_s: 5,
        };
        assert_eq!(halo.encode().as_str(), "HALO dapur-1 sesi=3fa9 periode=5");
        assert_eq!(
            data(12, 429).encode().as_str(),
            "DATA dapur-1 seq=12 suhu_dht=27 lembap=61 suhu=26.81 cahaya=734"
        );
        let rfid = Message::Rfid {
            id: NodeId::try_from("pintu").unwrap(),
            seq: 3,
            uid: Uid::from_slice(&[0xDE, 0xAD, 0xBE, 0xEF]).unwrap(),
        };
        assert_eq!(rfid.encode().as_str(), "RFID pintu seq=3 uid=DEADBEEF");
    }

    #[test]
    fn ds18b20_temperatures_have_two_decimals_rounded_half_away_from_zero() {
        for (sixteenths, text) in [
            (2, "suhu=0.13"),
            (-2, "suhu=-0.13"),
            (-880, "suhu=-55.00"),
            (2000, "suhu=125.00"),
            (1, "suhu=0.06"),
        ] {
            let line = data(1, sixteenths).encode();
            assert!(line.contains(text), "{sixteenths}/16 °C harus ditulis {text}, baris: {line}");
        }
    }

    #[test]
    fn what_the_node_writes_the_server_reads_back() {
        for message in [data(1, 429), data(u32::MAX, -880)] {
            let line = message.encode();
            assert_eq!(Message::parse(&line), Ok(message), "{line}");
        }
    }

    #[test]
    fn the_parser_gives_the_documented_errors() {
        let cases = [
            ("HELLO a", ErrorCode::UnknownCommand),
            ("HALO Dapur sesi=1 periode=5", ErrorCode::BadId),
            ("HALO a sesi=xyz periode=5", ErrorCode::BadSession),
            ("HALO a sesi=1 periode=0", ErrorCode::BadPeriod),
            ("DATA a seq=0 suhu_dht=1 lembap=1 suhu=1 cahaya=1", ErrorCode::BadSeq),
            ("DATA a seq=1 suhu_dht=1 lembap=1 suhu=1", ErrorCode::MissingKey),
            ("DATA a seq=1 suhu_dht=1 lembap=1 suhu=1 cahaya=1 co2=4", ErrorCode::UnknownKey),
            ("DATA a seq=1 suhu=1 suhu=2 lembap=1 suhu_dht=1 cahaya=1", ErrorCode::DuplicateKey),
            ("DATA a seq=1 suhu_dht=1 lembap=1 suhu=1.23456 cahaya=1", ErrorCode::BadNumber),
            ("DATA a seq=1 suhu_dht=1 lembap=101 suhu=1 cahaya=1", ErrorCode::OutOfRange),
            ("RFID a seq=1 uid=DEADBE", ErrorCode::BadUid),
        ];
        for (line, code) in cases {
            match Message::parse(line) {
                Err(ProtocolError { code: got, .. }) => assert_eq!(got, code, "{line:?}"),
                Ok(message) => panic!(
                    "{line:?} harus ditolak dengan {}, tetapi terbaca sebagai {message:?}",
                    code.code()
                ),
            }
        }
    }
}

mod server {
    use super::*;

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
        expect_error(
            &mut node,
            "DATA garasi seq=1 suhu_dht=27 lembap=61 suhu=26.81 cahaya=734",
            "E09",
        );
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
}

mod system {
    use super::*;
    use std::process::Command;

    fn scenario(name: &str) -> String {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../firmware/virtual-hw/skenario")
            .join(name)
            .to_string_lossy()
            .into_owned()
    }

    /// Runs the node program to the end of a scenario, in virtual time.
    fn run_node(home: &Home, port: u16, scenario_file: &str, session: &str) {
        let output = Command::new(lab_binary_named!("node"))
            .args([
                "--server",
                &format!("127.0.0.1:{port}"),
                "--skenario",
                scenario_file,
                "--waktu-virtual",
            ])
            .args(["--id", "rumah-1", "--sesi", session])
            .current_dir(&home.dir)
            .output()
            .expect("the node program runs");
        assert!(
            output.status.success(),
            "Node harus menyelesaikan skenario dan keluar dengan kode 0.\nstdout (akhir):\n{}\nstderr:\n{}",
            tail(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn tail(bytes: &[u8]) -> String {
        let text = String::from_utf8_lossy(bytes);
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(15)..].join("\n")
    }

    #[test]
    fn a_night_with_an_unknown_card_is_stored_exactly() {
        let home = Home::new("malam");
        run_node(&home, home.server.addr().port(), &scenario("kartu-asing-malam.toml"), "c0ffee");
        // Six hours, one DATA every 5 s, no faults.
        assert_eq!(home.count("SELECT COUNT(*) FROM bacaan"), 6 * 3600 / 5);
        assert_eq!(home.count("SELECT COUNT(DISTINCT seq) FROM bacaan"), 6 * 3600 / 5);
        assert_eq!(
            home.count("SELECT COUNT(*) FROM pintu"),
            4,
            "Empat kartu ditempelkan, masing-masing sekali."
        );
        assert_eq!(home.count("SELECT COUNT(*) FROM pintu WHERE hasil = 'BUKA'"), 1);
        assert_eq!(
            home.count("SELECT COUNT(*) FROM pintu WHERE hasil = 'TOLAK' AND uid = '0BADC0DE'"),
            2
        );
        assert_eq!(
            home.count("SELECT MIN(seq) FROM bacaan"),
            1,
            "seq dimulai dari 1 pada setiap sesi."
        );
    }

    #[test]
    fn failing_sensors_skip_their_data_and_nothing_else() {
        let home = Home::new("rusak");
        run_node(&home, home.server.addr().port(), &scenario("sensor-rusak.toml"), "5e4501");
        // Four hours every 5 s, minus the readings in the fault windows:
        // DHT11 15 + 10 + 5 minutes, DS18B20 10 minutes.
        let faulty = (15 + 10 + 5 + 10) * 60 / 5;
        assert_eq!(home.count("SELECT COUNT(*) FROM bacaan"), 4 * 3600 / 5 - faulty);
    }

    #[test]
    fn a_server_restart_loses_and_duplicates_nothing() {
        let home = Home::new("restart");
        let port = home.server.addr().port();
        let dir = home.dir.clone();
        let node = std::thread::spawn({
            let scenario = scenario("kartu-asing-malam.toml");
            move || {
                Command::new(lab_binary_named!("node"))
                    .args([
                        "--server",
                        &format!("127.0.0.1:{port}"),
                        "--skenario",
                        &scenario,
                        "--waktu-virtual",
                    ])
                    .args(["--id", "rumah-1", "--sesi", "abc"])
                    .current_dir(dir)
                    .output()
                    .expect("the node program runs")
            }
        });
        let mut home = home;
        // Let some data arrive, then restart the server on the same port.
        let started = std::time::Instant::now();
        while home.count("SELECT COUNT(*) FROM bacaan") < 50 && started.elapsed() < STARTUP_TIMEOUT
        {
            std::thread::sleep(Duration::from_millis(20));
        }
        home.server.interrupt();
        home.server.wait_exit(REPLY_TIMEOUT);
        std::thread::sleep(Duration::from_millis(300));
        home.server = start_server(&home.dir, &port.to_string(), &[]);
        let output = node.join().unwrap();
        assert!(
            output.status.success(),
            "Node harus selesai setelah server kembali.\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            home.count("SELECT COUNT(*) FROM bacaan"),
            6 * 3600 / 5,
            "Tidak ada DATA yang hilang atau tersimpan dua kali."
        );
        assert_eq!(
            home.count("SELECT MAX(seq) FROM bacaan") - home.count("SELECT MIN(seq) FROM bacaan")
                + 1,
            6 * 3600 / 5 + 4,
            "seq tanpa celah (DATA dan RFID berbagi hitungan)"
        );
        assert_eq!(home.count("SELECT COUNT(*) FROM pintu"), 4);
    }

    #[test]
    fn a_rebooted_node_is_stored_afresh() {
        let home = Home::new("nyala-ulang");
        let port = home.server.addr().port();
        run_node(&home, port, &scenario("kartu-asing-malam.toml"), "1111");
        run_node(&home, port, &scenario("kartu-asing-malam.toml"), "2222");
        assert_eq!(home.count("SELECT COUNT(DISTINCT sesi) FROM bacaan"), 2);
        assert_eq!(home.count("SELECT COUNT(*) FROM bacaan"), 2 * 6 * 3600 / 5);
        assert_eq!(
            home.count("SELECT sesi FROM node WHERE id = 'rumah-1'"),
            0x2222,
            "Tabel node menyimpan HALO terakhir."
        );
    }
}

mod node {
    use super::fakes::{FakeBoard, FakeServer};
    use rumah_pintar::node::{Node, NodeConfig, Wake};
    use rumah_pintar::protocol::{NodeId, Uid};

    fn config() -> NodeConfig {
        NodeConfig::new(NodeId::try_from("dapur-1").unwrap(), 0x3fa9)
    }

    /// Steps the node at `now` until it waits for time, not for the network.
    fn settle(node: &mut Node, now: u64, server: &mut FakeServer, board: &mut FakeBoard) -> Wake {
        let mut log = String::new();
        for _ in 0..100 {
            let wake = node.step(now, server, board, &mut log);
            if wake != Wake::Network {
                return wake;
            }
        }
        Wake::Network
    }

    #[test]
    fn it_greets_then_sends_data_every_period() {
        let (mut server, mut board) = (FakeServer::up(), FakeBoard::new());
        server.answers.extend(["OK", "OK 1", "OK 2"].map(String::from));
        let mut node = Node::new(config(), 0);
        settle(&mut node, 0, &mut server, &mut board);
        settle(&mut node, 5_000, &mut server, &mut board);
        assert_eq!(
            server.lines(),
            [
                "HALO dapur-1 sesi=3fa9 periode=5",
                "DATA dapur-1 seq=1 suhu_dht=27 lembap=61 suhu=26.81 cahaya=734",
                "DATA dapur-1 seq=2 suhu_dht=27 lembap=61 suhu=26.81 cahaya=734"
            ]
        );
    }

    #[test]
    fn unanswered_messages_are_sent_again_after_a_reconnect() {
        let (mut server, mut board) = (FakeServer::up(), FakeBoard::new());
        server.answers.extend(["OK".to_string()]); // HALO answered, DATA 1 not
        let mut node = Node::new(config(), 0);
        settle(&mut node, 0, &mut server, &mut board);
        // No answer within the timeout: the node gives up on the connection.
        settle(&mut node, 6_000, &mut server, &mut board);
        server.auto_answer = true;
        for now in [7_000, 8_000, 9_000, 10_000, 12_000] {
            settle(&mut node, now, &mut server, &mut board);
        }
        let lines = server.lines();
        let data_1 = lines.iter().filter(|l| l.starts_with("DATA dapur-1 seq=1 ")).count();
        assert!(data_1 >= 2, "DATA seq=1 harus dikirim ulang setelah tersambung lagi: {lines:#?}");
        assert!(lines.iter().filter(|l| l.starts_with("HALO")).count() >= 2, "{lines:#?}");
        assert!(node.is_idle(), "semua pesan akhirnya dijawab");
    }

    #[test]
    fn buka_lights_the_led_for_two_seconds() {
        let (mut server, mut board) = (FakeServer::up(), FakeBoard::new());
        server.answers.extend(["OK", "BUKA 1", "OK 2"].map(String::from));
        board.cards.push_back(Uid::from_slice(&[0xDE, 0xAD, 0xBE, 0xEF]).unwrap());
        let mut node = Node::new(config(), 0);
        settle(&mut node, 0, &mut server, &mut board);
        assert!(
            server.lines().contains(&"RFID dapur-1 seq=1 uid=DEADBEEF"),
            "{:#?}",
            server.lines()
        );
        assert!(board.led, "BUKA menyalakan LED");
        settle(&mut node, 1_999, &mut server, &mut board);
        assert!(board.led, "LED menyala 2 detik");
        settle(&mut node, 2_000, &mut server, &mut board);
        assert!(!board.led, "LED padam setelah 2 detik");
    }

    #[test]
    fn a_failed_sensor_skips_that_period() {
        let (mut server, mut board) = (FakeServer::up(), FakeBoard::new());
        server.answers.extend(["OK", "OK 1"].map(String::from));
        board.climate = Err(rumah_pintar::node::SensorError::Dht11);
        let mut node = Node::new(config(), 0);
        settle(&mut node, 0, &mut server, &mut board);
        board.climate = Ok((20, 50));
        settle(&mut node, 5_000, &mut server, &mut board);
        let data: Vec<&str> =
            server.lines().into_iter().filter(|l| l.starts_with("DATA")).collect();
        assert_eq!(data, ["DATA dapur-1 seq=1 suhu_dht=20 lembap=50 suhu=26.81 cahaya=734"]);
    }
}
