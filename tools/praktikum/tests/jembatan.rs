//! `praktikum jembatan` end to end, as it is used with a real NodeMCU.
//!
//! A socat pseudo-terminal pair is the USB cable ([`kabel`]). On the board's
//! end, the real Lab 03 node with virtual hardware plays a scenario, and
//! writes boot noise, its own log and its protocol lines to that one port,
//! as the ESP8266 does on UART0 ([`papan`]). On the PC's end, the bridge
//! runs as the real program. The Lab 03 reference server stores what
//! arrives ([`server`]). The database must hold every message exactly once,
//! also when the server restarts in the middle.
//!
//! socat is needed (`apt-get install socat`): without it these tests say so
//! and pass, unless `PRAKTIKUM_WAJIB_SOCAT=1` (set in CI), which makes them
//! fail.

mod jembatan_support;

use jembatan_support::{kabel, papan, server};
use kabel::{Kabel, socat_available};
use rumah_pintar::server::local::LocalServer;
use server::{ACCESS, Stored, stored};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use uji::RunningProgram;

/// How long one expected log line may take (a loaded 2-core machine is slow).
const PATIENCE: Duration = Duration::from_secs(60);
/// How long the board may take to play a scenario and have it all answered.
const SCENARIO_LIMIT: Duration = Duration::from_secs(240);

/// A fresh folder for one test, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("jembatan-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn db(&self) -> PathBuf {
        self.0.join("rumah-pintar.db")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn praktikum() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_praktikum"));
    command.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."));
    command
}

/// `praktikum jembatan` running between `serial` and `server`.
fn start_bridge(serial: &Path, server: &str) -> RunningProgram {
    let mut command = praktikum();
    command.args(["jembatan", "--serial"]).arg(serial).args(["--server", server]);
    RunningProgram::from_command(command)
}

/// Waits for a log line containing `text` from line `from` on; its index.
fn wait_log(bridge: &RunningProgram, from: usize, text: &str) -> usize {
    let found = bridge.wait_line(from, PATIENCE, |line| line.contains(text));
    found.unwrap_or_else(|| panic!("tidak ada baris log berisi {text:?}\n{}", bridge.report())).0
}

fn log_lines_with(bridge: &RunningProgram, text: &str) -> usize {
    bridge.stdout_lines().iter().filter(|line| line.contains(text)).count()
}

/// A scenario of `minutes` minutes: one DATA every 5 s, and the cards
/// (`"hh:mm:ss"`, UID) tapped.
fn scenario(minutes: u32, cards: &[(&str, &str)]) -> String {
    let end = format!("{:02}:{:02}", minutes / 60, minutes % 60);
    let mut text = format!(
        "nama = \"Uji jembatan\"\ndurasi = \"{end}\"\n\
         suhu = [[\"00:00\", 24.0], [\"{end}\", 26.5]]\n\
         lembap = [[\"00:00\", 60]]\ncahaya = [[\"00:00\", 300], [\"{end}\", 700]]\n"
    );
    for (at, uid) in cards {
        text.push_str(&format!("[[kartu]]\nwaktu = \"{at}\"\nuid = \"{uid}\"\n"));
    }
    text
}

/// Each message of the scenario is in the database exactly once: `readings`
/// readings, the door events, and their `seq`s 1, 2, 3, ... without a gap
/// (DATA and RFID share one count).
fn assert_stored_once(stored: &Stored, readings: usize, doors: &[(&str, bool)]) {
    let mut seqs = stored.reading_seqs.clone();
    assert_eq!(seqs.len(), readings, "setiap bacaan tersimpan tepat sekali: {seqs:?}");
    let door_uids: Vec<(&str, bool)> =
        stored.doors.iter().map(|(_, uid, opened)| (uid.as_str(), *opened)).collect();
    assert_eq!(door_uids, doors, "setiap peristiwa pintu tersimpan tepat sekali");
    seqs.extend(stored.doors.iter().map(|(seq, _, _)| *seq));
    seqs.sort();
    let expected: Vec<u32> = (1..=(readings + doors.len()) as u32).collect();
    assert_eq!(seqs, expected, "tidak ada seq yang hilang atau tersimpan dua kali");
}

#[test]
fn a_scenario_reaches_the_server_through_the_bridge_once_each() {
    if !socat_available() {
        return;
    }
    let scratch = Scratch::new("skenario");
    let server = LocalServer::start(&scratch.db(), ACCESS, 0);
    let kabel = Kabel::plug_in(&scratch.0);
    let mut bridge = start_bridge(&kabel.pc, &server.addr.to_string());
    wait_log(&bridge, 0, &format!("tersambung ke server {}", server.addr));

    let cards = [("00:02:30", "DEADBEEF"), ("00:07:10", "0BADC0DE")];
    papan::play(&kabel.papan, &scenario(10, &cards), 0xc0ffee, SCENARIO_LIMIT)
        .unwrap_or_else(|e| panic!("{e}\n{}", bridge.report()));
    assert_stored_once(
        &stored(&scratch.db()),
        10 * 60 / 5,
        &[("DEADBEEF", true), ("0BADC0DE", false)],
    );

    // The live log: the boot noise dropped, the node's own log shown, every
    // protocol line with its direction, and no error from the server.
    wait_log(&bridge, 0, "baris terlalu panjang");
    wait_log(&bridge, 0, "papan (log): # terhubung ke server (sesi c0ffee)");
    wait_log(&bridge, 0, "papan → server: HALO rumah-1 sesi=c0ffee periode=5");
    wait_log(&bridge, 0, "server → papan: BUKA");
    wait_log(&bridge, 0, "server → papan: TOLAK");
    let data_lines = log_lines_with(&bridge, "papan → server: DATA rumah-1");
    assert!(data_lines >= 120, "setiap DATA tampil di log\n{}", bridge.report());
    let errors = log_lines_with(&bridge, "→ papan: ERR");
    assert_eq!(errors, 0, "server tidak boleh menjawab ERR\n{}", bridge.report());

    // Ctrl-C ends the bridge cleanly, with a summary.
    bridge.interrupt();
    let status = bridge.wait_exit(PATIENCE).expect("jembatan harus berhenti pada Ctrl-C");
    assert!(status.success(), "jembatan harus keluar dengan kode 0\n{}", bridge.report());
    wait_log(&bridge, 0, "Jembatan berhenti: ");
}

#[test]
fn a_server_restart_in_the_middle_loses_and_duplicates_nothing() {
    if !socat_available() {
        return;
    }
    let scratch = Scratch::new("restart");
    let mut server = LocalServer::start(&scratch.db(), ACCESS, 0);
    let address = server.addr;
    let kabel = Kabel::plug_in(&scratch.0);
    let bridge = start_bridge(&kabel.pc, &address.to_string());
    wait_log(&bridge, 0, &format!("tersambung ke server {address}"));

    let cards = [("00:10", "DEADBEEF"), ("00:30", "0BADC0DE"), ("00:50", "DEADBEEF")];
    let board = {
        let (port, scenario) = (kabel.papan.clone(), scenario(60, &cards));
        std::thread::spawn(move || papan::play(&port, &scenario, 0xabc, SCENARIO_LIMIT))
    };
    // Let some data arrive, then stop the server, in the middle.
    let deadline = Instant::now() + PATIENCE;
    while stored(&scratch.db()).reading_seqs.len() < 50 {
        assert!(Instant::now() < deadline, "tidak ada data yang sampai\n{}", bridge.report());
        std::thread::sleep(Duration::from_millis(20));
    }
    let before = bridge.stdout_lines().len();
    server.stop();
    let stored_before_restart = stored(&scratch.db()).reading_seqs.len();
    // The bridge sees the server go, and keeps trying while it is away.
    let gone = bridge.wait_line(before, PATIENCE, |line| {
        line.contains("server menutup sambungan") || line.contains("sambungan ke server putus")
    });
    assert!(gone.is_some(), "jembatan harus melihat server pergi\n{}", bridge.report());
    wait_log(&bridge, before, &format!("server {address} menolak sambungan"));
    let _server = LocalServer::start(&scratch.db(), ACCESS, address.port());

    board
        .join()
        .expect("thread papan berhenti karena panic")
        .unwrap_or_else(|e| panic!("{e}\n{}", bridge.report()));
    assert!(
        stored_before_restart < 60 * 60 / 5,
        "server harus dijalankan ulang di tengah skenario"
    );
    assert_stored_once(
        &stored(&scratch.db()),
        60 * 60 / 5,
        &[("DEADBEEF", true), ("0BADC0DE", false), ("DEADBEEF", true)],
    );
    let errors = log_lines_with(&bridge, "→ papan: ERR");
    assert_eq!(errors, 0, "server tidak boleh menjawab ERR\n{}", bridge.report());
}

#[test]
fn a_server_that_is_not_running_yet_is_tried_again_until_it_is() {
    if !socat_available() {
        return;
    }
    let scratch = Scratch::new("belum-jalan");
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let kabel = Kabel::plug_in(&scratch.0);
    let bridge = start_bridge(&kabel.pc, &format!("127.0.0.1:{port}"));
    let refused = format!("server 127.0.0.1:{port} menolak sambungan (server belum berjalan?");
    wait_log(&bridge, 0, &refused);
    wait_log(&bridge, 0, "coba lagi dalam 2 s");

    let board = {
        let (port, scenario) = (kabel.papan.clone(), scenario(1, &[("00:00:30", "DEADBEEF")]));
        std::thread::spawn(move || papan::play(&port, &scenario, 0x5e4, SCENARIO_LIMIT))
    };
    // The node's HALO finds no server: dropped, and the node tries again.
    wait_log(&bridge, 0, "papan ✗ server: HALO rumah-1 sesi=5e4 periode=5 (tidak diteruskan");
    let _server = LocalServer::start(&scratch.db(), ACCESS, port);
    board
        .join()
        .expect("thread papan berhenti karena panic")
        .unwrap_or_else(|e| panic!("{e}\n{}", bridge.report()));
    wait_log(&bridge, 0, &format!("tersambung ke server 127.0.0.1:{port}"));
    assert_stored_once(&stored(&scratch.db()), 60 / 5, &[("DEADBEEF", true)]);
}

/// Sends one line from the board's end and reads the reply line.
fn ask(
    board: &mut (Box<dyn serialport::SerialPort>, Box<dyn serialport::SerialPort>),
    line: &str,
) -> String {
    use std::io::{Read, Write};
    let (reader, writer) = board;
    writer.write_all(format!("{line}\n").as_bytes()).unwrap();
    let deadline = Instant::now() + PATIENCE;
    let mut reply = Vec::new();
    let mut byte = [0u8; 1];
    while !reply.ends_with(b"\n") {
        assert!(Instant::now() < deadline, "tidak ada jawaban untuk {line:?}");
        match reader.read(&mut byte) {
            Ok(1) => reply.push(byte[0]),
            _ => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    String::from_utf8_lossy(&reply).trim_end().to_string()
}

#[test]
fn a_pulled_cable_closes_the_connection_and_the_port_is_opened_again() {
    if !socat_available() {
        return;
    }
    let scratch = Scratch::new("kabel");
    let server = LocalServer::start(&scratch.db(), ACCESS, 0);
    let kabel = Kabel::plug_in(&scratch.0);
    let bridge = start_bridge(&kabel.pc, &server.addr.to_string());
    wait_log(&bridge, 0, "tersambung ke server");
    let data = "suhu_dht=27 lembap=61 suhu=26.81 cahaya=734";

    let mut board = papan::open(&kabel.papan);
    assert_eq!(ask(&mut board, "HALO rumah-1 sesi=1 periode=5"), "OK");
    assert_eq!(ask(&mut board, &format!("DATA rumah-1 seq=1 {data}")), "OK 1");
    drop(board);

    let before = bridge.stdout_lines().len();
    kabel.pull_out();
    wait_log(&bridge, before, &format!("port {} hilang", scratch.0.join("pc").display()));
    wait_log(&bridge, before, "sambungan ke server ditutup (papan tidak ada)");

    // Plugged in again (the board has restarted: a new session).
    let kabel = Kabel::plug_in(&scratch.0);
    let replugged = wait_log(&bridge, before, &format!("port {} terbuka", kabel.pc.display()));
    wait_log(&bridge, replugged, "tersambung ke server");
    let mut board = papan::open(&kabel.papan);
    assert_eq!(ask(&mut board, "HALO rumah-1 sesi=2 periode=5"), "OK");
    assert_eq!(ask(&mut board, &format!("DATA rumah-1 seq=1 {data}")), "OK 1");
    assert_eq!(stored(&scratch.db()).reading_seqs, [1, 1], "satu bacaan di setiap sesi");
}

#[test]
fn a_missing_serial_port_is_a_clear_error() {
    let scratch = Scratch::new("tanpa-port");
    let missing = scratch.0.join("ttyUSB9");
    let output = assert_cmd::Command::from_std(praktikum())
        .args(["jembatan", "--serial"])
        .arg(&missing)
        .args(["--server", "127.0.0.1:2004"])
        .timeout(PATIENCE)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "jembatan tanpa port harus gagal\n{stderr}");
    assert!(
        stderr.contains(&format!("Kesalahan: port {} tidak ada. ", missing.display())),
        "{stderr}"
    );
    // What is there instead (or that nothing is), so the student can pick.
    assert!(stderr.contains("Port serial") || stderr.contains("port serial"), "{stderr}");
}
