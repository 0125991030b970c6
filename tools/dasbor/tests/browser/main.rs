//! The dashboard in a real browser, on data from the real smart home.
//!
//! The database first gets the last hour (written with the server's own
//! `Storage`); then the Lab 03 reference server runs on it, the dashboard
//! serves it on 127.0.0.1:0, and headless Chromium opens the page. Only
//! then do two virtual nodes (`solusi03-node`, virtual time) play their
//! scenarios against the server, so everything new reaches the page
//! through the event stream. The test waits until the page shows what the
//! JSON API says (each node's latest values, the door log with the
//! scenario's TOLAK), checks that the console stayed free of errors and
//! that the page fits a phone, and takes the screenshots for the book.
//! Chromium is driven over the DevTools protocol on a pipe ([`cdp`]); the
//! Lab 03 programs are built with cargo, as `praktikum simulasi` does
//! ([`home`]).
//!
//! Along the way it writes the book's examples of the API
//! (`book/src/keluaran/dasbor-*.txt`).
//!
//! Without Chromium the browser part is skipped with a message, unless
//! `PRAKTIKUM_WAJIB_PERAMBAN=1` (CI) makes that a failure. With
//! `PERBARUI_KELUARAN=1` the screenshots go to `book/src/gambar/`, where
//! the book shows them (`tools/dasbor/tangkapan-layar.sh` does that);
//! otherwise to `target/tmp/` only.

mod cdp;
mod home;

use cdp::{Chromium, Tab, Viewport};
use home::{LIVE_NODES, Lab03, PERIOD_S, Program, get_json, pretty, root};
use serde_json::Value;
use std::io::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Generous: a small CI machine runs the browser, the server, a node and
/// the dashboard at once.
const PATIENCE: Duration = Duration::from_secs(240);

const DESKTOP: Viewport = Viewport { width: 1200, height: 900, scale: 1.0, mobile: false };
const PHONE: Viewport = Viewport { width: 390, height: 844, scale: 2.0, mobile: true };

fn updating() -> bool {
    std::env::var_os("PERBARUI_KELUARAN").is_some()
}

/// A fresh folder under target/tmp, removed at the end.
struct WorkDir(PathBuf);

impl WorkDir {
    fn new(name: &str) -> WorkDir {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        WorkDir(path)
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The dashboard, served by its own tokio runtime.
struct Dashboard {
    addr: SocketAddr,
    runtime: tokio::runtime::Runtime,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<(), dasbor::DasborError>>,
}

impl Dashboard {
    fn start(db: PathBuf) -> Dashboard {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let shutdown = async move {
            let _ = stopped.await;
        };
        let task = runtime.spawn(dasbor::serve(db, listener, shutdown));
        Dashboard { addr, runtime, stop, task }
    }

    fn stop(self) {
        self.stop.send(()).unwrap();
        let result = self
            .runtime
            .block_on(async { tokio::time::timeout(PATIENCE, self.task).await })
            .expect("the dashboard did not stop");
        result.unwrap().unwrap();
    }
}

/// Chromium, if it is installed; otherwise `None` after saying why, or a
/// failure when CI requires the browser.
fn chromium(profile: PathBuf) -> Option<Chromium> {
    let required = std::env::var("PRAKTIKUM_WAJIB_PERAMBAN").is_ok_and(|v| v == "1");
    let Some(program) = cdp::find_chromium() else {
        assert!(
            !required,
            "Chromium tidak ditemukan, padahal PRAKTIKUM_WAJIB_PERAMBAN=1. \
             Pasang dengan: apt-get install chromium"
        );
        // Straight to stderr: the test harness hides what a passing test prints.
        let _ = writeln!(
            std::io::stderr(),
            "LEWATI bagian peramban: Chromium tidak ditemukan (pasang dengan `apt-get install \
             chromium`); API dasbor tetap diuji.{}",
            if updating() { " Tangkapan layar TIDAK diperbarui." } else { "" }
        );
        return None;
    };
    Some(Chromium::launch(&program, profile).unwrap_or_else(|e| panic!("{e}")))
}

/// A number as the page writes it (`toLocaleString("id-ID")`): a decimal
/// comma, a dot every three digits, halves rounded away from zero.
fn id_number(x: f64, decimals: usize) -> String {
    let scaled = (x * 10f64.powi(decimals as i32)).round();
    let digits = format!("{:0>width$}", format!("{:.0}", scaled.abs()), width = decimals + 1);
    let (whole, fraction) = digits.split_at(digits.len() - decimals);
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if scaled < 0.0 { "-" } else { "" };
    if decimals == 0 { format!("{sign}{grouped}") } else { format!("{sign}{grouped},{fraction}") }
}

#[test]
fn numbers_are_written_the_indonesian_way() {
    assert_eq!(id_number(1023.0, 0), "1.023");
    assert_eq!(id_number(23.125, 2), "23,13");
    assert_eq!(id_number(24.0, 1), "24,0");
    assert_eq!(id_number(0.0625, 2), "0,06");
    assert_eq!(id_number(-3.5, 0), "-4");
    assert_eq!(id_number(1_234_567.0, 0), "1.234.567");
}

/// What the page shows, read from its DOM.
const READ_PAGE: &str = r##"(() => {
  const text = e => e ? e.textContent : null;
  return {
    sambungan: text(document.getElementById("sambungan")),
    galat: text(document.getElementById("galat")),
    node: [...document.querySelectorAll("#node article")].map(card => [
      text(card.querySelector("h3")),
      text(card.querySelector(".lencana")),
      ...[...card.querySelectorAll(".nilai b")].map(text),
    ]),
    pintu: [...document.querySelectorAll("#pintu tr")].map(row => [...row.cells].map(text)),
    garis: [...document.querySelectorAll("#grafik svg")].map(s => s.querySelectorAll("polyline").length),
  };
})()"##;

/// The page as the test expects it, in the shape of [`READ_PAGE`]: each
/// card `[id, status, suhu DHT, lembap, suhu, cahaya]`, each door row
/// `[node, uid, hasil]` (sorted: rows of the same millisecond may come in
/// either order).
#[derive(Debug, PartialEq)]
struct Shown {
    connection: String,
    error: String,
    cards: Vec<Vec<String>>,
    doors: Vec<[String; 3]>,
    lines_per_chart: Vec<u64>,
}

impl Shown {
    fn from_page(page: &Value) -> Shown {
        let strings = |value: &Value| -> Vec<String> {
            value
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| v.as_str().unwrap_or("").to_owned())
                .collect()
        };
        let mut doors: Vec<[String; 3]> = page["pintu"]
            .as_array()
            .into_iter()
            .flatten()
            .map(strings)
            .filter(|cells| cells.len() == 4)
            .map(|cells| {
                let result = cells[3].split_whitespace().next().unwrap_or("").to_owned();
                [cells[1].clone(), cells[2].clone(), result]
            })
            .collect();
        doors.sort();
        Shown {
            connection: page["sambungan"].as_str().unwrap_or("").to_owned(),
            error: page["galat"].as_str().unwrap_or("").to_owned(),
            cards: page["node"].as_array().into_iter().flatten().map(strings).collect(),
            doors,
            lines_per_chart: page["garis"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|n| n.as_u64().unwrap_or(0))
                .collect(),
        }
    }

    fn from_api(nodes: &Value, doors: &Value) -> Shown {
        let cards = nodes
            .as_array()
            .unwrap()
            .iter()
            .map(|node| {
                let reading = &node["bacaan"];
                let value = |key: &str, decimals| {
                    reading[key].as_f64().map_or("–".to_owned(), |x| id_number(x, decimals))
                };
                vec![
                    node["id"].as_str().unwrap().to_owned(),
                    if node["online"] == true { "online" } else { "offline" }.to_owned(),
                    value("suhu_dht", 1),
                    value("lembap", 0),
                    value("suhu", 2),
                    value("cahaya", 0),
                ]
            })
            .collect();
        let mut doors: Vec<[String; 3]> = doors
            .as_array()
            .unwrap()
            .iter()
            .map(|row| ["node", "uid", "hasil"].map(|key| row[key].as_str().unwrap().to_owned()))
            .collect();
        doors.sort();
        Shown {
            connection: "langsung · tersambung".to_owned(),
            error: String::new(),
            cards,
            doors,
            lines_per_chart: vec![3; 4],
        }
    }
}

/// Reads the page every quarter second until `done` accepts it.
fn wait_for_page(
    browser: &mut Chromium,
    tab: &Tab,
    what: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = Instant::now() + PATIENCE;
    let mut last = Err("not read yet".to_owned());
    while Instant::now() < deadline {
        last = tab.eval(browser, READ_PAGE);
        if let Ok(page) = &last
            && done(page)
        {
            return page.clone();
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    panic!(
        "Halaman tidak menunjukkan {what} dalam {PATIENCE:?}.\nTerakhir: {last:#?}\n\
         Masalah konsol: {:#?}",
        tab.problems(browser)
    );
}

fn assert_no_problems(browser: &mut Chromium, tab: &Tab, when: &str) {
    let problems = tab.problems(browser);
    assert!(problems.is_empty(), "Galat di konsol peramban ({when}):\n{}", problems.join("\n"));
}

/// Saves a screenshot in target/tmp, and for the book when updating.
fn save_screenshot(name: &str, png: &[u8]) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{name} is not a PNG");
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&scratch, png).unwrap();
    println!("tangkapan layar: {}", scratch.display());
    if updating() {
        // One copy, where the book shows it.
        let path = root().join("book/src/gambar").join(name);
        std::fs::write(&path, png).unwrap();
        println!("tangkapan layar: {}", path.display());
    }
}

#[test]
fn a_scenario_on_the_real_server_shows_in_the_api_and_live_in_the_browser() {
    let work = WorkDir::new("dasbor-peramban");
    let db = work.0.join("rumah-pintar.db");
    let access = work.0.join("akses.txt");
    std::fs::write(&access, home::ACCESS).unwrap();
    home::write_last_hour(&db, home::now_ms());

    let lab03 = Lab03::build();
    let server = Program::start(
        "solusi03-server",
        Command::new(&lab03.server)
            .args(["--host", "127.0.0.1", "--port", "0", "--db"])
            .arg(&db)
            .arg("--akses")
            .arg(&access),
    );
    let server_addr = server.wait_line("Server berjalan di ", PATIENCE);
    let dashboard = Dashboard::start(db.clone());
    let addr = dashboard.addr;

    // The page is open before the nodes start: what they send must arrive live.
    let mut browser = chromium(work.0.join("profil-chromium"));
    let tab = browser.as_mut().map(|browser| {
        let tab = Tab::open(browser, DESKTOP).unwrap_or_else(|e| panic!("{e}"));
        tab.navigate(browser, &format!("http://{addr}/")).unwrap_or_else(|e| panic!("{e}"));
        wait_for_page(browser, &tab, "riwayat satu jam", |page| {
            let shown = Shown::from_page(page);
            shown.connection == "langsung · tersambung"
                && shown.cards.len() == 3
                && shown.doors.len() == 2
        });
        tab
    });

    // The event stream's first events about the front door, for the book.
    let capture = home::EventCapture::start(addr, |block, kept| {
        let kind = block.lines().next().unwrap_or("").trim_start_matches("event: ");
        let about_the_door =
            block.contains(r#""id":"pintu-depan""#) || block.contains(r#""node":"pintu-depan""#);
        let new_kind = !kept.iter().any(|k| k.starts_with(&format!("event: {kind}\n")));
        let keep = new_kind && (kind == "halo" || about_the_door);
        (keep, keep && kept.len() + 1 == 4)
    });

    for node in &LIVE_NODES {
        let scenario = root().join("simulation/virtual-hw/skenario").join(node.scenario);
        let mut program = Program::start(
            node.id,
            Command::new(&lab03.node)
                .args(["--server", &server_addr, "--id", node.id, "--sesi", node.session])
                .args(["--periode", &PERIOD_S.to_string(), "--waktu-virtual", "--skenario"])
                .arg(&scenario),
        );
        program.wait_success(PATIENCE);
    }
    let events = capture.finish();
    assert_eq!(events.len(), 4, "{events:#?}");
    uji::book_output::check("dasbor-peristiwa", &events.join("\n"));

    // The API, against the database itself.
    let (nodes_text, nodes) = get_json(addr, "/api/node");
    let ids: Vec<&str> =
        nodes.as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["garasi", "pintu-depan", "ruang-tamu"]);
    assert_eq!(nodes[0]["online"], false, "garasi has been silent for 25 minutes");
    let sql =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    for live in &LIVE_NODES {
        let node = nodes.as_array().unwrap().iter().find(|n| n["id"] == live.id).unwrap();
        assert_eq!(node["online"], true, "{node}");
        assert_eq!(node["sesi"].as_i64(), i64::from_str_radix(live.session, 16).ok(), "{node}");
        let (seq, suhu, cahaya): (i64, f64, f64) = sql
            .query_row(
                "SELECT seq, suhu, cahaya FROM bacaan WHERE node = ?1 ORDER BY rowid DESC LIMIT 1",
                [live.id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .unwrap();
        let latest = &node["bacaan"];
        assert_eq!(
            (latest["seq"].as_i64(), latest["suhu"].as_f64(), latest["cahaya"].as_f64()),
            (Some(seq), Some(suhu), Some(cahaya)),
            "{node}"
        );
    }
    uji::book_output::check("dasbor-api-node", &pretty(&nodes_text));
    let (readings_text, readings) = get_json(addr, "/api/node/pintu-depan/bacaan?n=2");
    assert_eq!(readings.as_array().unwrap().len(), 2);
    uji::book_output::check("dasbor-api-bacaan", &pretty(&readings_text));
    let (doors_text, doors) = get_json(addr, "/api/pintu?n=4");
    let newest: Vec<(&str, &str, &str)> = doors
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (d["node"].as_str().unwrap(), d["uid"].as_str().unwrap(), d["hasil"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        newest,
        [
            ("pintu-depan", "04C3A1F2901280", "TOLAK"),
            ("pintu-depan", "0BADC0DE", "TOLAK"),
            ("pintu-depan", "0BADC0DE", "TOLAK"),
            ("pintu-depan", "DEADBEEF", "BUKA"),
        ],
        "the scenario's cards, newest first"
    );
    uji::book_output::check("dasbor-api-pintu", &pretty(&doors_text));

    if let (Some(mut browser), Some(tab)) = (browser.take(), tab) {
        let (_, all_doors) = get_json(addr, "/api/pintu?n=50");
        let expected = Shown::from_api(&nodes, &all_doors);
        assert!(expected.doors.iter().any(|d| d[1] == "0BADC0DE" && d[2] == "TOLAK"));
        wait_for_page(&mut browser, &tab, "nilai terakhir setiap node dan log pintu", |page| {
            Shown::from_page(page) == expected
        });
        assert_no_problems(&mut browser, &tab, "di layar lebar");

        // The whole page at desktop width.
        let height = tab.eval(&mut browser, "document.documentElement.scrollHeight").unwrap();
        let height = height.as_u64().unwrap() as u32;
        tab.set_viewport(&mut browser, Viewport { height, ..DESKTOP }).unwrap();
        tab.settle(&mut browser).unwrap();
        save_screenshot("dasbor.png", &tab.screenshot(&mut browser).unwrap());

        // A phone: one column, nothing wider than the screen.
        tab.set_viewport(&mut browser, PHONE).unwrap();
        tab.settle(&mut browser).unwrap();
        let layout = tab
            .eval(
                &mut browser,
                r##"({ width: document.documentElement.scrollWidth, screen: window.innerWidth,
                      lefts: [...document.querySelectorAll("#node article, #grafik section")]
                        .map(e => Math.round(e.getBoundingClientRect().left)) })"##,
            )
            .unwrap();
        assert_eq!(layout["screen"], PHONE.width, "{layout}");
        assert!(
            layout["width"].as_u64() <= layout["screen"].as_u64(),
            "wider than a phone: {layout}"
        );
        let lefts = layout["lefts"].as_array().unwrap();
        assert!(
            lefts.len() == 7 && lefts.iter().all(|l| *l == lefts[0]),
            "not one column: {layout}"
        );
        save_screenshot("dasbor-ponsel.png", &tab.screenshot(&mut browser).unwrap());
        assert_no_problems(&mut browser, &tab, "di layar ponsel");

        // The check above can fail: errors in another tab are seen (and kept apart).
        let other = Tab::open(&mut browser, DESKTOP).unwrap();
        other
            .eval(
                &mut browser,
                "console.error('sengaja'); setTimeout(() => { throw new Error('juga') }); 1",
            )
            .unwrap();
        let deadline = Instant::now() + PATIENCE;
        while other.problems(&mut browser).len() < 2 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let problems = other.problems(&mut browser);
        assert!(
            problems.len() == 2 && problems[0].contains("sengaja") && problems[1].contains("juga"),
            "{problems:#?}"
        );
        assert_no_problems(&mut browser, &tab, "setelah tab lain");
        browser.close();
    }

    dashboard.stop();
    drop(server);
}

/// The PNG's size, from its header.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 24, "not a PNG");
    let number = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

#[test]
fn the_book_shows_the_screenshots_at_their_sizes() {
    if updating() {
        return; // the other test is writing them right now
    }
    for (name, width) in [("dasbor.png", DESKTOP.width), ("dasbor-ponsel.png", 2 * PHONE.width)] {
        let png = std::fs::read(root().join("book/src/gambar").join(name)).unwrap();
        assert_eq!(png_size(&png).0, width, "{name}");
    }
}
