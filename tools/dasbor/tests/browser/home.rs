//! The smart home the browser test looks at: the given Lab 03 server
//! (`server-rumah-pintar`) and the reference solution's node program
//! (`solusi03-node`), built with cargo, on a database that already holds
//! the last hour.

use rumah_pintar::protocol::{Decimal, Reading};
use rumah_pintar::server::Storage;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The repository's root.
pub fn root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as i64
}

/// The paths of the Lab 03 server and reference node, built (or found up to date)
/// by cargo, as `praktikum simulasi` does.
pub struct Lab03 {
    pub server: PathBuf,
    pub node: PathBuf,
}

impl Lab03 {
    pub fn build() -> Lab03 {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let output = Command::new(cargo)
            .arg("build")
            .arg("--manifest-path")
            .arg(root().join("Cargo.toml"))
            .args([
                "--quiet",
                "--package",
                "rumah-pintar",
                "--package",
                "solusi03-rumah-pintar",
                "--bins",
            ])
            .args(["--message-format", "json-render-diagnostics"])
            .stderr(Stdio::inherit())
            .output()
            .expect("cargo runs");
        assert!(output.status.success(), "the Lab 03 solution does not build");
        let executables: Vec<PathBuf> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter_map(|message| message["executable"].as_str().map(PathBuf::from))
            .collect();
        let find = |name: &str| {
            executables
                .iter()
                .find(|path| path.file_stem().is_some_and(|stem| stem == name))
                .unwrap_or_else(|| panic!("cargo built no {name}"))
                .clone()
        };
        Lab03 { server: find("server-rumah-pintar"), node: find("solusi03-node") }
    }
}

/// A program whose output is collected (the last lines only) and which is
/// killed when dropped.
pub struct Program {
    pub name: String,
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Program {
    pub fn start(name: &str, command: &mut Command) -> Program {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{name} does not start: {e}"));
        let lines = Arc::new(Mutex::new(Vec::new()));
        let stdout: Box<dyn Read + Send> = Box::new(child.stdout.take().unwrap());
        let stderr: Box<dyn Read + Send> = Box::new(child.stderr.take().unwrap());
        for pipe in [stdout, stderr] {
            let lines = lines.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let mut lines = lines.lock().unwrap();
                    if lines.len() >= 400 {
                        lines.drain(..200);
                    }
                    lines.push(line);
                }
            });
        }
        Program { name: name.to_owned(), child, lines }
    }

    /// The last lines of output, for a failure message.
    pub fn report(&self) -> String {
        format!("--- {} ---\n{}", self.name, self.lines.lock().unwrap().join("\n"))
    }

    /// Waits until a line of output starts with `prefix`; returns the rest.
    pub fn wait_line(&self, prefix: &str, patience: Duration) -> String {
        let deadline = Instant::now() + patience;
        while Instant::now() < deadline {
            let found = self
                .lines
                .lock()
                .unwrap()
                .iter()
                .find_map(|line| line.strip_prefix(prefix).map(|rest| rest.trim().to_owned()));
            if let Some(rest) = found {
                return rest;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("no line `{prefix}...` in {patience:?}\n{}", self.report());
    }

    /// Waits for the program to end by itself and checks that it succeeded.
    pub fn wait_success(&mut self, patience: Duration) {
        let deadline = Instant::now() + patience;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "{} ended with {status}\n{}", self.name, self.report());
                return;
            }
            assert!(Instant::now() < deadline, "{} still runs\n{}", self.name, self.report());
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Program {
    fn drop(&mut self) {
        if !matches!(self.child.try_wait(), Ok(Some(_))) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The cards the access list lets in (as in `praktikum simulasi`).
pub const ACCESS: &str = "# kartu penghuni\nDEADBEEF\n04A22B1A5C8081\n";

/// A live node: its id, its session (hex, as `--sesi` takes it) and its
/// scenario in simulation/virtual-hw/skenario.
pub struct LiveNode {
    pub id: &'static str,
    pub session: &'static str,
    pub scenario: &'static str,
}

/// The nodes that play a scenario, one after the other. The front door
/// goes last, so the newest door events are its own: one BUKA, then three
/// TOLAK of cards the access list does not know.
pub const LIVE_NODES: [LiveNode; 2] = [
    LiveNode { id: "ruang-tamu", session: "11c2", scenario: "hari-biasa.toml" },
    LiveNode { id: "pintu-depan", session: "5eed", scenario: "kartu-asing-malam.toml" },
];

/// Seconds between two DATA of the live nodes: a whole day is 720
/// readings, fewer than the 1000 the page loads per node.
pub const PERIOD_S: u32 = 120;

/// The hour before the test, so that the charts have something to show:
/// the two live nodes in an earlier session, and a garage node that went
/// silent 25 minutes ago. Written with the server's own `Storage`, as the
/// server would have; each curve ends where its node's scenario begins.
pub fn write_last_hour(db: &Path, now: i64) {
    let storage = Storage::open(db).unwrap();
    let minute = 60_000;
    // (id, session, minutes before now of the first and the last reading, values at m minutes)
    type Values = fn(f64) -> (f64, f64, f64, f64);
    let nodes: [(&str, u32, i64, i64, Values); 3] = [
        ("garasi", 0x07d1, 60, 25, |m| {
            let t = 21.4 + 0.9 * (m - 25.0) / 35.0 + 0.4 * wave(m, 21.0);
            (t.round(), (66.0 - m / 12.0 + 2.0 * wave(m, 17.0)).round(), t, 330.0 + 4.0 * m)
        }),
        ("pintu-depan", 0x2b1c, 60, 1, |m| {
            let t = 25.0 + 1.4 * m / 60.0 + 0.5 * wave(m, 26.0);
            let light = 757.0 + 235.0 * (m / 60.0).sqrt() + 20.0 * wave(m, 11.0);
            (t.round(), (75.0 - 6.0 * m / 60.0 + 2.0 * wave(m, 19.0)).round(), t, light)
        }),
        ("ruang-tamu", 0x0a17, 60, 1, |m| {
            let t = 24.5 + 1.1 * m / 60.0 + 0.4 * wave(m, 14.0);
            let light = if m > 12.0 { 787.0 } else { 10.0 };
            (t.round(), (78.0 - 5.0 * m / 60.0 + 1.5 * wave(m, 23.0)).round(), t, light)
        }),
    ];
    for (id, session, first, last, values) in nodes {
        storage.record_halo(id, session, 60, now - (first + 2) * minute).unwrap();
        for (seq, m) in (last..=first).rev().enumerate() {
            let m_f = m as f64;
            let (dht, humidity, temperature, light) = values(m_f);
            let temperature = temperature + 0.12 * wave(m_f, 9.0);
            let reading = Reading {
                dht_temperature: decimal(dht),
                humidity: decimal(humidity),
                temperature: decimal((temperature * 16.0).round() / 16.0),
                light: decimal(light.round()),
            };
            storage.store_reading(id, session, seq as u32 + 1, &reading, now - m * minute).unwrap();
        }
    }
    let doors: [(&[u8], bool, i64); 2] = [
        (&[0xDE, 0xAD, 0xBE, 0xEF], true, 47),
        (&[0x04, 0xA2, 0x2B, 0x1A, 0x5C, 0x80, 0x81], true, 18),
    ];
    for (seq, (uid, opened, m)) in doors.into_iter().enumerate() {
        storage
            .store_door_event(
                "pintu-depan",
                0x2b1c,
                1000 + seq as u32,
                uid,
                opened,
                now - m * minute,
            )
            .unwrap();
    }
}

/// A sine of period `period` minutes, 0 at `m` = 0 (now).
fn wave(m: f64, period: f64) -> f64 {
    (m / period * std::f64::consts::TAU).sin()
}

fn decimal(x: f64) -> Decimal {
    Decimal((x * Decimal::SCALE as f64).round() as i64)
}

/// `GET path` over HTTP/1.0 (the answer ends when the connection closes):
/// the status and the body.
pub fn http_get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").expect("no end of headers");
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_owned())
}

pub fn get_json(addr: SocketAddr, path: &str) -> (String, serde_json::Value) {
    let (status, body) = http_get(addr, path);
    assert_eq!(status, 200, "{path}: {body}");
    let value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"));
    (body, value)
}

/// Indents compact JSON text, keeping the order of the keys as sent.
pub fn pretty(json: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = json.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                if matches!(chars.peek(), Some('}' | ']')) {
                    out.push(chars.next().unwrap());
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out.push('\n');
    out
}

#[test]
fn pretty_keeps_the_order_and_the_strings() {
    let text = r#"[{"b":1,"a":[],"s":"x,{\"y\":[]}"},{}]"#;
    assert_eq!(
        pretty(text),
        "[\n  {\n    \"b\": 1,\n    \"a\": [],\n    \"s\": \"x,{\\\"y\\\":[]}\"\n  },\n  {}\n]\n"
    );
}

/// The raw text of the first events of `/api/peristiwa` that `wanted`
/// picks, read in a thread while the nodes play: event blocks as they are
/// on the wire.
pub struct EventCapture {
    done: std::thread::JoinHandle<Vec<String>>,
}

impl EventCapture {
    /// Opens the stream; `wanted` sees each block (`event: ...\ndata: ...`)
    /// and says whether to keep it and whether that was the last one.
    pub fn start(
        addr: SocketAddr,
        mut wanted: impl FnMut(&str, &[String]) -> (bool, bool) + Send + 'static,
    ) -> EventCapture {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(300))).unwrap();
        write!(stream, "GET /api/peristiwa HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
        let deadline = Instant::now() + Duration::from_secs(300);
        let done = std::thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let mut kept = Vec::new();
            let mut block = String::new();
            let mut in_headers = true;
            for line in reader.by_ref().lines() {
                let Ok(line) = line else { break };
                if Instant::now() > deadline {
                    break;
                }
                if in_headers {
                    in_headers = !line.is_empty();
                } else if line.is_empty() {
                    if !block.is_empty() {
                        let (keep, last) = wanted(&block, &kept);
                        if keep {
                            kept.push(std::mem::take(&mut block));
                        }
                        if last {
                            break;
                        }
                        block.clear();
                    }
                } else if !line.starts_with(':') {
                    // (a line starting with ':' is a keep-alive comment)
                    block.push_str(&line);
                    block.push('\n');
                }
            }
            kept
        });
        EventCapture { done }
    }

    pub fn finish(self) -> Vec<String> {
        self.done.join().expect("the event reader panicked")
    }
}
