//! Every command the book, the README or a hint tells a student to run is
//! run by a test.
//!
//! Tata letak:
//! - [`collect`] reads the commands from `README.md` and `book/src/*.md`
//!   (lines typed in ```console, ```sh, ```bash and ```text blocks, and
//!   backtick spans of the prose) and from the hints in `labs.toml`.
//! - [`COMMANDS`] says how each one is verified: run by a test here, run by a
//!   named test elsewhere (`cli.rs`, `firmware.rs`, the lab suites...), run
//!   by `.ci/run`, or, never for a `cargo` command, not run and why.
//! - The static tests fail, naming the file and the command, when a command
//!   is not in the table, when a package, binary or example it names does
//!   not exist, or when a `cargo praktikum` command does not parse.
//! - The other tests run the commands as a student types them
//!   (`cargo run -p ...`), in a copy of the workbook with the reference
//!   solutions where a finished lab is needed ([`support::TempRepo`]), or in
//!   this repository when they only read it. Two changes only: servers
//!   listen on 127.0.0.1 and a port the system picks instead of 2004, and
//!   clients are pointed at that port.
//!
//! `cargo praktikum` is the alias in `.cargo/config.toml` for
//! `cargo run --package praktikum --`: the alias is checked, and the commands
//! run the `praktikum` program this test was built with.

#[allow(dead_code)]
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use support::{Labs, TempRepo, repo_root, shared_target, stdout_of};
use uji::RunningProgram;

/// A cold compile on a loaded 2-core machine.
const BUILD_LIMIT: Duration = Duration::from_secs(900);
/// A program that is already built, to its end (a 6-hour scenario in virtual time).
const RUN_LIMIT: Duration = Duration::from_secs(180);

// ---------------------------------------------------------------------------
// The commands run by this file. The table below names them, and the tests
// run exactly these texts, so that the two cannot drift apart.

const ALIAS: &str = "cargo run --package praktikum --";
const CARGO_VERSION: &str = "cargo --version";
const TCP_VS_UDP: &str = "cargo run -p contoh --bin tcp-vs-udp";
const DRIVER_SENSOR: &str = "cargo run -p contoh --bin driver-sensor";
const SPEED: &str = "cargo run --release -p virtual-hw --example kecepatan";
const PINMAP_TESTS: &str = "cargo test -p pinmap";
const SKETCH: &str = "python3 schematics/buat_sketsa.py";

const LAB01_SERVER: &str = "cargo run -p lab01-server-echo -- --port 2004";
const TELNET: &str = "telnet 127.0.0.1 2004";
const NC: &str = "nc 127.0.0.1 2004";
const LAB02_CLIENT: &str =
    "cargo run -p lab02-klien-esp -- --host 127.0.0.1 --port 2004 --ulang 2 --jeda-ms 500";
const LAB02_CLIENT_HINT: &str = "cargo run -p lab02-klien-esp -- --ulang 1";
const LAB01_TESTS: &str = "cargo test -p lab01-server-echo";

const UJI_LAB02: &str = "cargo praktikum uji lab02";
const UJI_LAB03: &str = "cargo praktikum uji lab03";
const LAB03_TESTS: &str = "cargo test -p lab03-rumah-pintar";
const NILAI: &str = "cargo praktikum nilai";
const NILAI_KELAS_FILE: &str =
    "cargo praktikum nilai --kelas ~/kumpulan/kelas-a --keluaran nilai-kelas-a.csv";

const LAB03_SERVER: &str = "cargo run -p rumah-pintar -- --akses akses.txt";
const LAB03_SERVER_BOARD: &str =
    "cargo run -p rumah-pintar -- --port 2004 --db rumah-pintar.db --akses akses.txt";
const LAB03_NODE: &str = "cargo run -p lab03-rumah-pintar --bin lab03-node -- --skenario simulation/virtual-hw/skenario/kartu-asing-malam.toml --waktu-virtual";
const SQLITE: &str = "sqlite3 rumah-pintar.db";
const SQL_PER_NODE: &str = "sqlite> SELECT node, COUNT(*), AVG(suhu) FROM bacaan GROUP BY node;";
const SQL_DOORS: &str = "sqlite> SELECT node, seq, uid, hasil, datetime(diterima_ms / 1000, 'unixepoch', 'localtime') FROM pintu;";
const SQL_LAST_FIVE: &str =
    "sqlite> SELECT * FROM bacaan WHERE node = 'node-1' ORDER BY diterima_ms DESC LIMIT 5;";
const DASBOR: &str = "cargo praktikum dasbor --db rumah-pintar.db";
const CURL_EVENTS: &str = "curl -N http://127.0.0.1:8080/api/peristiwa";

const MONITOR: &str = "cargo praktikum firmware monitor --port /dev/ttyUSB0";
const MONITOR_ROM: &str = "cargo praktikum firmware monitor --port /dev/ttyUSB0 --baud 74880";
const BANGUN: &str = "cargo praktikum firmware bangun";
const QEMU: &str = "cargo praktikum firmware qemu";
const IMAGE_INFO: &str =
    "esptool --chip esp8266 image-info target/esp8266/papan-lab/gambar/rumah-pintar-0x00000.bin";
const ESPTOOL_VERSION: &str = "esptool version";
const SIZE_OF_MY_LAB02: &str = "firmware/ukuran-esp8266/build.sh lab";

const SALIN_STARTER: &str = "cargo praktikum dev salin-starter";
const UPDATE_OUTPUTS: &str = "PERBARUI_KELUARAN=1 cargo test";
const UPDATE_FIRMWARE_OUTPUTS: &str = "PERBARUI_KELUARAN=1 cargo test -p rakit -p tiruan";

/// The access list the Tugas chapter tells the student to write.
const ACCESS_LIST: &str = "# kartu penghuni\nDEADBEEF\n04A22B1A5C8081\n";

// ---------------------------------------------------------------------------
// The table: every command, and how it is verified.

/// How a command is verified.
#[derive(Debug)]
enum Check {
    /// This test function, in this file (relative to the repository), runs it.
    Test(&'static str, &'static str),
    /// `.ci/run` runs this very command (`--locked` and `bash ` aside).
    Ci,
    /// No test runs it, for this reason. Never for a `cargo` command.
    NotRun(&'static str),
}

use Check::{Ci, NotRun, Test};

const HERE: &str = "tools/praktikum/tests/perintah.rs";
const CLI: &str = "tools/praktikum/tests/cli.rs";
const FIRMWARE: &str = "tools/praktikum/tests/firmware.rs";
const BRIDGE: &str = "tools/praktikum/tests/jembatan.rs";

/// Every command the workbook tells someone to run, normalized (one space
/// between words, no `$ ` prompt). A word `<...>` stands for any one word
/// (a port: `/dev/ttyUSB0`, `COM3`, `...`).
const COMMANDS: &[(&str, &[Check])] = &[
    // The front door.
    (
        "cargo praktikum",
        &[
            Test(CLI, "the_book_is_built_and_served"),
            Test(CLI, "status_of_an_untouched_lab_is_not_started"),
        ],
    ),
    (ALIAS, &[Test(HERE, "cargo_praktikum_is_the_alias_and_cargo_is_new_enough")]),
    (CARGO_VERSION, &[Test(HERE, "cargo_praktikum_is_the_alias_and_cargo_is_new_enough")]),
    (
        "cargo praktikum uji lab01",
        &[
            Test(CLI, "uji_explains_failures_of_the_starter"),
            Test(CLI, "uji_passes_the_solution_and_status_and_scores_follow"),
        ],
    ),
    (UJI_LAB02, &[Test(HERE, "uji_lab02_and_lab03_pass_on_a_solved_copy_and_nilai_adds_up")]),
    (UJI_LAB03, &[Test(HERE, "uji_lab02_and_lab03_pass_on_a_solved_copy_and_nilai_adds_up")]),
    (
        "cargo praktikum uji",
        &[
            Test(CLI, "uji_explains_failures_of_the_starter"),
            Test(CLI, "uji_passes_the_solution_and_status_and_scores_follow"),
        ],
    ),
    ("cargo praktikum pantau lab01", &[Test(CLI, "pantau_reruns_the_tests_when_a_file_is_saved")]),
    ("cargo praktikum petunjuk lab01", &[Test(CLI, "petunjuk_gives_one_more_hint_each_time")]),
    (NILAI, &[Test(HERE, "uji_lab02_and_lab03_pass_on_a_solved_copy_and_nilai_adds_up")]),
    (
        "cargo praktikum nilai --format csv",
        &[Test(CLI, "uji_passes_the_solution_and_status_and_scores_follow")],
    ),
    ("cargo praktikum cek", &[Test(CLI, "cek_reports_the_setup")]),
    (
        "cargo praktikum simulasi",
        &[Test(CLI, "simulasi_runs_a_server_and_virtual_nodes_to_the_end")],
    ),
    (
        DASBOR,
        &[
            Test(HERE, "lab03_runs_on_the_pc_as_the_tugas_chapter_shows"),
            Test(CLI, "simulasi_runs_a_server_and_virtual_nodes_to_the_end"),
        ],
    ),
    (
        "cargo praktikum dasbor --db target/praktikum/simulasi/rumah-pintar.db --alamat 127.0.0.1:8081",
        &[Test(CLI, "simulasi_runs_a_server_and_virtual_nodes_to_the_end")],
    ),
    (
        CURL_EVENTS,
        &[
            Test(HERE, "lab03_runs_on_the_pc_as_the_tugas_chapter_shows"),
            Test(
                "tools/dasbor/tests/dasbor.rs",
                "the_event_stream_delivers_rows_added_after_it_opened",
            ),
        ],
    ),
    // Lab 01 and Lab 02.
    (LAB01_TESTS, &[Test(HERE, "lab01_server_answers_telnet_nc_and_the_lab02_client")]),
    (LAB01_SERVER, &[Test(HERE, "lab01_server_answers_telnet_nc_and_the_lab02_client")]),
    (
        TELNET,
        &[
            Test(HERE, "lab01_server_answers_telnet_nc_and_the_lab02_client"),
            Test(
                "solutions/solusi01-server-echo/tests/keluaran_buku.rs",
                "session_shown_in_the_book",
            ),
        ],
    ),
    (NC, &[Test(HERE, "lab01_server_answers_telnet_nc_and_the_lab02_client")]),
    (
        "python3 book/asli/server.py 127.0.0.1 2004",
        &[Test(
            "solutions/solusi02-klien-esp/tests/dengan_server_python.rs",
            "the_seeds_server_makes_the_client_wait_for_its_timeout",
        )],
    ),
    (
        LAB02_CLIENT,
        &[
            Test(HERE, "lab01_server_answers_telnet_nc_and_the_lab02_client"),
            Test(
                "solutions/solusi02-klien-esp/tests/dengan_lab01.rs",
                "lab01_server_and_lab02_client_talk",
            ),
        ],
    ),
    (LAB02_CLIENT_HINT, &[Test(HERE, "lab01_server_answers_telnet_nc_and_the_lab02_client")]),
    ("ip addr", &[NotRun("perintah sistem operasi untuk melihat alamat IP komputer")]),
    ("ipconfig", &[NotRun("perintah Windows untuk melihat alamat IP komputer")]),
    // The book's examples.
    (
        TCP_VS_UDP,
        &[
            Test(HERE, "the_books_example_programs_run"),
            Test("book/contoh/tests/tcp_vs_udp.rs", "the_demo_program_runs"),
        ],
    ),
    (
        DRIVER_SENSOR,
        &[
            Test(HERE, "the_books_example_programs_run"),
            Test("book/contoh/tests/driver.rs", "the_demo_program_runs"),
        ],
    ),
    (SPEED, &[Test(HERE, "the_books_example_programs_run")]),
    // Lab 03.
    (LAB03_TESTS, &[Test(HERE, "uji_lab02_and_lab03_pass_on_a_solved_copy_and_nilai_adds_up")]),
    (LAB03_SERVER, &[Test(HERE, "lab03_runs_on_the_pc_as_the_tugas_chapter_shows")]),
    (LAB03_SERVER_BOARD, &[Test(HERE, "lab03_runs_on_the_pc_as_the_tugas_chapter_shows")]),
    (
        LAB03_NODE,
        &[
            Test(HERE, "lab03_runs_on_the_pc_as_the_tugas_chapter_shows"),
            Test(
                "tools/uji/suites/lab03_rumah_pintar.rs",
                "a_night_with_an_unknown_card_is_stored_exactly",
            ),
        ],
    ),
    (SQLITE, &[Test(HERE, "lab03_runs_on_the_pc_as_the_tugas_chapter_shows")]),
    (SQL_PER_NODE, &[Test(HERE, "lab03_runs_on_the_pc_as_the_tugas_chapter_shows")]),
    (SQL_DOORS, &[Test(HERE, "lab03_runs_on_the_pc_as_the_tugas_chapter_shows")]),
    (SQL_LAST_FIVE, &[Test(HERE, "lab03_runs_on_the_pc_as_the_tugas_chapter_shows")]),
    (
        "cargo praktikum nilai --kelas <folder>",
        &[Test(CLI, "nilai_kelas_grades_each_checkout_with_the_pristine_tests")],
    ),
    (
        "cargo praktikum dev classroom --ke <templat>",
        &[Test(
            CLI,
            "classroom_workflow_has_every_graded_test_with_its_points_and_each_command_runs",
        )],
    ),
    (
        "cargo praktikum dev classroom --ke ../templat-kelas-a",
        &[Test(
            CLI,
            "classroom_workflow_has_every_graded_test_with_its_points_and_each_command_runs",
        )],
    ),
    (
        "sudo apt-get install bubblewrap",
        &[NotRun("memasang paket Debian (root, internet); .ci/run memasang paket yang sama")],
    ),
    (
        NILAI_KELAS_FILE,
        &[
            Test(CLI, "nilai_kelas_grades_each_checkout_with_the_pristine_tests"),
            Test(HERE, "uji_lab02_and_lab03_pass_on_a_solved_copy_and_nilai_adds_up"),
        ],
    ),
    // Schematics.
    (SKETCH, &[Test(HERE, "the_sketch_script_remakes_the_committed_sketch")]),
    ("schematics/ekspor.sh", &[Ci]),
    (PINMAP_TESTS, &[Test(HERE, "the_pin_map_tests_pass")]),
    // The board: firmware, QEMU, flashing, the serial monitor and the bridge.
    (
        "sudo apt-get install rustc-web cargo-web rust-web-src gcc-xtensa-lx106 binutils-xtensa-lx106 qemu-system-misc",
        &[NotRun("memasang paket Debian (root, internet); .ci/run memasang paket yang sama")],
    ),
    (
        "sudo apt-get install pipx && pipx install esptool && pipx ensurepath",
        &[NotRun("memasang esptool (root, internet)")],
    ),
    ("pip install esptool", &[NotRun("memasang esptool (internet)")]),
    (
        "pip install",
        &[NotRun("disebut sebagai cara yang ditolak Debian 12, bukan untuk dijalankan")],
    ),
    (
        ESPTOOL_VERSION,
        &[Test(HERE, "the_firmware_commands_build_run_and_measure_the_students_code")],
    ),
    (BANGUN, &[Test(HERE, "the_firmware_commands_build_run_and_measure_the_students_code")]),
    (
        IMAGE_INFO,
        &[
            Test(HERE, "the_firmware_commands_build_run_and_measure_the_students_code"),
            Test("firmware/rakit/tests/gambar.rs", "the_board_image_is_valid_for_the_boot_rom"),
        ],
    ),
    (
        "esptool image-info",
        &[Test("firmware/rakit/tests/gambar.rs", "the_board_image_is_valid_for_the_boot_rom")],
    ),
    (
        "esptool elf2image",
        &[Test("firmware/rakit/tests/gambar.rs", "the_board_image_is_valid_for_the_boot_rom")],
    ),
    (QEMU, &[Test(HERE, "the_firmware_commands_build_run_and_measure_the_students_code")]),
    (
        "cargo praktikum firmware ...",
        &[Test(HERE, "the_firmware_commands_build_run_and_measure_the_students_code")],
    ),
    (
        "qemu-system-xtensa -M sim -cpu lx106",
        &[Test(
            "firmware/rakit/tests/qemu.rs",
            "the_node_under_qemu_prints_what_it_prints_on_the_pc",
        )],
    ),
    ("firmware/ukuran-esp8266/build.sh", &[Ci]),
    (
        SIZE_OF_MY_LAB02,
        &[Test(HERE, "the_firmware_commands_build_run_and_measure_the_students_code")],
    ),
    ("ls /dev/ttyUSB*", &[NotRun("mencari port papan yang dicolokkan: butuh papan sungguhan")]),
    ("sudo dmesg | tail", &[NotRun("mencari port papan yang dicolokkan: butuh papan sungguhan")]),
    (
        "cargo praktikum firmware flash --port <port>",
        &[
            Test(FIRMWARE, "flash_calls_esptool_with_dio_and_both_offsets"),
            Test(FIRMWARE, "a_missing_port_is_explained_in_indonesian"),
        ],
    ),
    (
        "cargo praktikum firmware flash",
        &[
            Test(FIRMWARE, "flash_calls_esptool_with_dio_and_both_offsets"),
            Test(HERE, "every_praktikum_command_parses"),
        ],
    ),
    (
        "esptool --chip esp8266 --port /dev/ttyUSB0 --baud 460800 write-flash --flash-mode dio --flash-size 4MB 0x0 target/esp8266/papan-lab/gambar/rumah-pintar-0x00000.bin 0x10000 target/esp8266/papan-lab/gambar/rumah-pintar-0x10000.bin",
        &[Test(FIRMWARE, "flash_calls_esptool_with_dio_and_both_offsets")],
    ),
    (
        MONITOR,
        &[
            Test(FIRMWARE, "the_monitor_shows_the_boards_lines_and_sends_what_is_typed"),
            Test(HERE, "the_serial_commands_accept_their_options"),
        ],
    ),
    (
        MONITOR_ROM,
        &[
            Test(HERE, "the_serial_commands_accept_their_options"),
            Test(FIRMWARE, "the_monitor_shows_the_boards_lines_and_sends_what_is_typed"),
        ],
    ),
    (
        "cargo praktikum jembatan --serial <port> --server 127.0.0.1:2004",
        &[
            Test(BRIDGE, "a_scenario_reaches_the_server_through_the_bridge_once_each"),
            Test(BRIDGE, "a_missing_serial_port_is_a_clear_error"),
        ],
    ),
    (
        "cargo praktikum jembatan",
        &[
            Test(BRIDGE, "a_scenario_reaches_the_server_through_the_bridge_once_each"),
            Test(HERE, "every_praktikum_command_parses"),
        ],
    ),
    (
        "sudo apt remove brltty",
        &[NotRun("mengubah sistem (root): hanya untuk papan CH340 di Ubuntu")],
    ),
    (
        "sudo usermod -aG dialout $USER",
        &[NotRun("mengubah sistem (root): izin membuka port serial")],
    ),
    ("esptool --port /dev/ttyUSB0 flash-id", &[NotRun("butuh papan sungguhan")]),
    // Instructors and developers.
    ("cargo test", &[Ci]),
    ("cargo praktikum dev cek", &[Ci]),
    ("cargo praktikum buku --ketat", &[Ci, Test(CLI, "buku_ketat_fails_on_a_missing_anchor")]),
    // Benchmarks of many minutes, which assert nothing: only their parsing is checked.
    ("cargo praktikum dev tolok-ukur-kelas", &[Test(HERE, "every_praktikum_command_parses")]),
    ("cargo praktikum dev tolok-ukur-uji-ulang", &[Test(HERE, "every_praktikum_command_parses")]),
    (SALIN_STARTER, &[Test(HERE, "salin_starter_lays_the_starters_over_the_books_copies")]),
    ("cargo fmt --all -- --check", &[Ci]),
    ("cargo clippy --workspace --all-targets -- -D warnings", &[Ci]),
    (UPDATE_OUTPUTS, &[Test(HERE, "perbarui_keluaran_renews_the_books_outputs")]),
    (UPDATE_FIRMWARE_OUTPUTS, &[Test(HERE, "perbarui_keluaran_renews_the_books_outputs")]),
    (
        "tools/dasbor/tangkapan-layar.sh",
        &[Test(
            "tools/dasbor/tests/browser/main.rs",
            "a_scenario_on_the_real_server_shows_in_the_api_and_live_in_the_browser",
        )],
    ),
    (".ci/run", &[NotRun("CI itu sendiri: memasang perkakas lalu menjalankan semua pemeriksaan")]),
    ("git clone", &[NotRun("mengunduh repositori mahasiswa")]),
    (
        "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh",
        &[NotRun("memasang Rust dari internet, sebelum repositori ini bisa dipakai")],
    ),
];

// ---------------------------------------------------------------------------
// Collecting the commands.

/// A command found in the workbook, and where.
#[derive(Debug, Clone)]
struct Found {
    /// `file:line`, or the lab and hint in `labs.toml`.
    place: String,
    command: String,
}

/// Every command in `README.md`, `book/src/*.md` and the hints of `labs.toml`.
fn collect(root: &Path) -> Vec<Found> {
    let mut files = vec![PathBuf::from("README.md")];
    let mut chapters: Vec<PathBuf> = std::fs::read_dir(root.join("book/src"))
        .expect("book/src ada")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .map(|path| Path::new("book/src").join(path.file_name().unwrap()))
        .collect();
    chapters.sort();
    files.extend(chapters);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(root.join(&file)).unwrap();
        let name = file.to_string_lossy().replace('\\', "/");
        for (line, command) in commands_in_markdown(&text) {
            found.push(Found { place: format!("{name}:{line}"), command });
        }
    }
    found.extend(commands_in_hints(root));
    found
}

/// The commands in a markdown text, with their line numbers.
fn commands_in_markdown(text: &str) -> Vec<(usize, String)> {
    let mut commands = Vec::new();
    // The text outside the code blocks, line for line (a block's lines empty).
    let mut prose = String::new();
    let mut block: Option<(String, Vec<(usize, String)>)> = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if let Some(info) = trimmed.strip_prefix("```") {
            match block.take() {
                Some((language, lines)) => commands.extend(commands_in_block(&language, &lines)),
                None => {
                    let language = info.split(',').next().unwrap_or("").trim().to_string();
                    block = Some((language, Vec::new()));
                }
            }
            prose.push('\n');
        } else if let Some((_, lines)) = &mut block {
            lines.push((index + 1, trimmed.to_string()));
            prose.push('\n');
        } else {
            prose.push_str(line);
            prose.push('\n');
        }
    }
    for (offset, span) in backtick_spans(&prose) {
        if let Some(command) = command_in_span(&span) {
            commands.push((prose[..offset].matches('\n').count() + 1, command));
        }
    }
    commands.sort_by_key(|(line, _)| *line);
    commands
}

/// The lines typed in a code block: in ```console (after `$ `, or every
/// line when none has a prompt), ```sh and ```bash (every line but
/// comments), and ```text (`$ ` and `cargo ` lines). Lines typed at the
/// `sqlite> ` prompt count too. A line ending in `\` goes on on the next.
fn commands_in_block(language: &str, lines: &[(usize, String)]) -> Vec<(usize, String)> {
    let mut joined: Vec<(usize, String)> = Vec::new();
    let mut continued = false;
    for (number, line) in lines {
        if continued {
            let last = joined.last_mut().expect("a line to continue");
            last.1.push(' ');
            last.1.push_str(line);
        } else {
            joined.push((*number, line.clone()));
        }
        let last = joined.last_mut().expect("just pushed");
        continued = last.1.ends_with('\\');
        if continued {
            last.1.pop();
        }
    }
    let typed = |line: &str| line.starts_with("$ ") || line.starts_with("sqlite> ");
    let prompts = joined.iter().any(|(_, line)| line.starts_with("$ "));
    joined
        .into_iter()
        .filter(|(_, line)| match language {
            "console" if prompts => typed(line),
            "console" | "sh" | "bash" | "shell" => !line.is_empty() && !line.starts_with('#'),
            "text" => line.starts_with("$ ") || line.starts_with("cargo "),
            _ => false,
        })
        .map(|(number, line)| (number, normalize(&line)))
        .collect()
}

/// The backtick spans of a markdown text, each with the byte offset where it
/// starts. A span may go on over a line break, never over a blank line.
fn backtick_spans(text: &str) -> Vec<(usize, String)> {
    let bytes = text.as_bytes();
    let run_at = |at: usize| bytes[at..].iter().take_while(|b| **b == b'`').count();
    let mut spans = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] != b'`' {
            at += 1;
            continue;
        }
        let run = run_at(at);
        let start = at + run;
        let mut end = None;
        let mut next = start;
        while next < bytes.len() {
            if bytes[next] == b'`' {
                let close = run_at(next);
                if close == run {
                    end = Some(next);
                    break;
                }
                next += close;
            } else {
                next += 1;
            }
        }
        let content = end.map(|end| &text[start..end]);
        let pieces: Vec<&str> = content.unwrap_or("").split('\n').collect();
        let blank_line =
            pieces.len() > 2 && pieces[1..pieces.len() - 1].iter().any(|p| p.trim().is_empty());
        match (end, content) {
            (Some(end), Some(content)) if !blank_line => {
                spans.push((at, content.to_string()));
                at = end + run;
            }
            _ => at = start,
        }
    }
    spans
}

/// Programs whose backtick spans with at least one argument are commands
/// (a program's bare name, like `nc`, is not).
const PROGRAMS: &[&str] = &[
    "cargo",
    "python3",
    "python",
    "pip",
    "pipx",
    "nc",
    "ncat",
    "telnet",
    "sqlite3",
    "esptool",
    "curl",
    "sudo",
    "apt",
    "apt-get",
    "git",
    "ls",
    "ip",
    "rustup",
    "socat",
    "qemu-system-xtensa",
    "bash",
    "sh",
    "mdbook",
];
/// Commands typed without arguments.
const ALONE: &[&str] = &["ipconfig", ".ci/run"];

/// The command in a backtick span, if it is one: a known program with
/// arguments, a script by its path (`folder/x.sh`; a bare `x.sh` names the
/// file), or one of [`ALONE`], after any `VAR=value`.
fn command_in_span(span: &str) -> Option<String> {
    let command = normalize(span);
    let words: Vec<&str> = command.split(' ').collect();
    let program = words.iter().position(|word| !is_assignment(word))?;
    let name = words[program];
    let arguments = words.len() - program - 1;
    let is_command = (PROGRAMS.contains(&name) && arguments > 0)
        || ALONE.contains(&name)
        || (name.ends_with(".sh") && name.contains('/'));
    is_command.then_some(command)
}

fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '_' || c == '*')
    })
}

/// One space between words, without the `$ ` prompt.
fn normalize(command: &str) -> String {
    let command = command.trim();
    let command = command.strip_prefix("$ ").unwrap_or(command);
    command.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The commands in the hints of `labs.toml` (each lab's `hints`, each test's `hint`).
fn commands_in_hints(root: &Path) -> Vec<Found> {
    let text = std::fs::read_to_string(root.join("labs.toml")).unwrap();
    let table: toml::Table = toml::from_str(&text).expect("labs.toml adalah TOML");
    let mut found = Vec::new();
    let labs = table.get("lab").and_then(|l| l.as_array()).expect("labs.toml punya [[lab]]");
    for lab in labs {
        let id = lab.get("id").and_then(|v| v.as_str()).unwrap_or("?");
        let hints = lab.get("hints").and_then(|h| h.as_array()).cloned().unwrap_or_default();
        let mut texts: Vec<(String, String)> = hints
            .iter()
            .enumerate()
            .map(|(i, hint)| {
                (format!("petunjuk {}", i + 1), hint.as_str().unwrap_or("").to_string())
            })
            .collect();
        for test in lab.get("test").and_then(|t| t.as_array()).cloned().unwrap_or_default() {
            let name = test.get("name").and_then(|v| v.as_str()).unwrap_or("?");
            let hint = test.get("hint").and_then(|v| v.as_str()).unwrap_or("");
            texts.push((format!("petunjuk uji {name}"), hint.to_string()));
        }
        for (which, text) in texts {
            for (_, span) in backtick_spans(&text) {
                if let Some(command) = command_in_span(&span) {
                    found.push(Found { place: format!("labs.toml ({id}, {which})"), command });
                }
            }
        }
    }
    found
}

/// True when `command` is an instance of the table's `pattern`.
fn matches(pattern: &str, command: &str) -> bool {
    let (pattern, command): (Vec<&str>, Vec<&str>) =
        (pattern.split(' ').collect(), command.split(' ').collect());
    pattern.len() == command.len()
        && pattern
            .iter()
            .zip(&command)
            .all(|(p, c)| p == c || (p.starts_with('<') && p.ends_with('>')))
}

fn entry_for(command: &str) -> Option<&'static (&'static str, &'static [Check])> {
    COMMANDS.iter().find(|(pattern, _)| matches(pattern, command))
}

// ---------------------------------------------------------------------------
// The static tests.

#[test]
fn every_command_is_in_the_table() {
    let root = repo_root();
    let found = collect(&root);
    // A parser that finds nothing would make this test pass for nothing.
    assert!(
        found.iter().any(|f| f.place.starts_with("README.md") && f.command == "cargo praktikum")
            && found.iter().any(|f| f.place.starts_with("labs.toml"))
            && found.iter().any(|f| f.command.starts_with("sqlite> ")),
        "Pengumpul perintah tidak menemukan perintah yang pasti ada: {found:#?}"
    );
    // PERINTAH_DAFTAR=1 lists what was found and how each is verified.
    if std::env::var_os("PERINTAH_DAFTAR").is_some() {
        for f in &found {
            let checks = entry_for(&f.command).map(|(_, checks)| *checks);
            eprintln!("{}: {}\n    {checks:?}", f.place, f.command);
        }
    }
    let missing: Vec<String> = found
        .iter()
        .filter(|f| entry_for(&f.command).is_none())
        .map(|f| format!("  {}: {}", f.place, f.command))
        .collect();
    assert!(
        missing.is_empty(),
        "Perintah ini disuruh dijalankan oleh buku, README atau petunjuk, tetapi tidak ada di \
         tabel COMMANDS ({HERE}), jadi tidak ada uji yang menjalankannya:\n{}\n\
         Periksa perintahnya, lalu tambahkan ke tabel beserta uji yang menjalankannya.",
        missing.join("\n")
    );
    let unused: Vec<&str> = COMMANDS
        .iter()
        .map(|(pattern, _)| *pattern)
        .filter(|pattern| !found.iter().any(|f| matches(pattern, &f.command)))
        .collect();
    assert!(
        unused.is_empty(),
        "Perintah di tabel COMMANDS ({HERE}) ini tidak disebut lagi di buku, README atau \
         petunjuk: hapus dari tabel (dan ujinya bila tidak dipakai lagi):\n  {}",
        unused.join("\n  ")
    );
}

/// The collector itself, on a small text with every case it knows.
#[test]
fn the_collector_reads_blocks_spans_and_prompts() {
    let text = "Jalankan `cargo run -p a --\n  --port 1`, bukan `nc` saja.\n\n\
                ```console\n$ cargo test \\\n    -p b\nkeluaran\nsqlite> SELECT 1;\n```\n\
                ```console\ncargo praktikum\n```\n\
                ```text\n# bukan perintah\n$ cargo c\nkeluaran\n```\n\
                ```rust\ncargo d\n```\n\
                `PERBARUI_KELUARAN=1 cargo e` `PRAKTIKUM_WAJIB_*=1` `alat/buat.sh x` `buat.sh` `ipconfig`\n\
                `a\n\nb` `cargo`\n";
    let found = commands_in_markdown(text);
    let commands: Vec<&str> = found.iter().map(|(_, command)| command.as_str()).collect();
    assert_eq!(
        commands,
        [
            "cargo run -p a -- --port 1",
            "cargo test -p b",
            "sqlite> SELECT 1;",
            "cargo praktikum",
            "cargo c",
            "PERBARUI_KELUARAN=1 cargo e",
            "alat/buat.sh x",
            "ipconfig",
        ]
    );
    assert_eq!((found[0].0, found[1].0, found[4].0), (1, 5, 15), "{found:?}");
    assert!(matches("cargo x --port <port>", "cargo x --port COM3"));
    assert!(!matches("cargo x --port <port>", "cargo x --port COM3 --baud 1"));
    assert!(!matches("cargo x", "cargo y"));
}

#[test]
fn every_check_in_the_table_exists() {
    let root = repo_root();
    let ci = std::fs::read_to_string(root.join(".ci/run")).expect(".ci/run ada");
    let ci_runs = |command: &str| {
        ci.lines().any(|line| {
            let words: Vec<&str> =
                line.split_whitespace().filter(|word| *word != "--locked").collect();
            let words = words.strip_prefix(&["bash"]).unwrap_or(&words);
            words.join(" ") == command
        })
    };
    let mut problems = Vec::new();
    for (command, checks) in COMMANDS {
        if checks.is_empty() {
            problems.push(format!("{command}: tanpa cara pemeriksaan"));
        }
        for check in *checks {
            match check {
                Test(file, function) => {
                    let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
                    if !text.contains(&format!("fn {function}(")) {
                        problems
                            .push(format!("{command}: tidak ada fungsi uji {function} di {file}"));
                    }
                }
                Ci if !ci_runs(command) => {
                    problems.push(format!("{command}: .ci/run tidak menjalankan perintah ini"));
                }
                NotRun("") => {
                    problems.push(format!("{command}: tanpa alasan mengapa tidak dijalankan"));
                }
                NotRun(_) if command.starts_with("cargo ") || command.contains(" cargo ") => {
                    problems.push(format!(
                        "{command}: perintah cargo harus dijalankan oleh sebuah uji atau .ci/run"
                    ));
                }
                _ => {}
            }
        }
    }
    assert!(problems.is_empty(), "Tabel COMMANDS ({HERE}):\n  {}", problems.join("\n  "));
}

/// The packages of the workspace, each with its binaries and examples.
fn workspace_packages(root: &Path) -> BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> {
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
    let members = manifest["workspace"]["members"].as_array().expect("workspace.members");
    let mut packages = BTreeMap::new();
    for member in members {
        let dir = root.join(member.as_str().unwrap());
        let manifest: toml::Table =
            toml::from_str(&std::fs::read_to_string(dir.join("Cargo.toml")).unwrap()).unwrap();
        let name = manifest["package"]["name"].as_str().unwrap().to_string();
        let named = |section: &str| -> BTreeSet<String> {
            let targets = manifest.get(section).and_then(|t| t.as_array()).cloned();
            targets
                .unwrap_or_default()
                .iter()
                .filter_map(|t| t.get("name").and_then(|n| n.as_str()).map(String::from))
                .collect()
        };
        let stems = |folder: &str| -> BTreeSet<String> {
            std::fs::read_dir(dir.join(folder))
                .into_iter()
                .flatten()
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|e| e == "rs"))
                .map(|path| path.file_stem().unwrap().to_string_lossy().to_string())
                .collect()
        };
        let mut bins = named("bin");
        bins.extend(stems("src/bin"));
        if dir.join("src/main.rs").is_file()
            && !manifest.get("bin").and_then(|b| b.as_array()).is_some_and(|bins| {
                bins.iter().any(|b| b.get("path").and_then(|p| p.as_str()) == Some("src/main.rs"))
            })
        {
            bins.insert(name.clone());
        }
        let mut examples = named("example");
        examples.extend(stems("examples"));
        packages.insert(name, (bins, examples));
    }
    packages
}

#[test]
fn packages_binaries_and_examples_named_exist() {
    let root = repo_root();
    let packages = workspace_packages(&root);
    let mut problems = Vec::new();
    for found in collect(&root) {
        let words: Vec<&str> = found.command.split(' ').collect();
        let Some(cargo) = words.iter().position(|w| *w == "cargo") else { continue };
        let words = &words[cargo + 1..];
        let before_args = words.iter().position(|w| *w == "--").unwrap_or(words.len());
        let words = &words[..before_args];
        let value = |flags: &[&str]| -> Vec<&str> {
            words.windows(2).filter(|pair| flags.contains(&pair[0])).map(|pair| pair[1]).collect()
        };
        let wanted = value(&["-p", "--package"]);
        let place = format!("{}: {}", found.place, found.command);
        for package in &wanted {
            if !packages.contains_key(*package) {
                let known: Vec<&String> = packages.keys().collect();
                problems
                    .push(format!("{place}\n    paket {package} tidak ada; yang ada: {known:?}"));
            }
        }
        let [package] = wanted[..] else { continue };
        let Some((bins, examples)) = packages.get(package) else { continue };
        for bin in value(&["--bin"]) {
            if !bins.contains(bin) {
                problems.push(format!(
                    "{place}\n    paket {package} tidak punya biner {bin}: {bins:?}"
                ));
            }
        }
        for example in value(&["--example"]) {
            if !examples.contains(example) {
                problems.push(format!(
                    "{place}\n    paket {package} tidak punya contoh {example}: {examples:?}"
                ));
            }
        }
        let chooses = words.contains(&"--bin") || words.contains(&"--example");
        if words.first() == Some(&"run") && !chooses && bins.len() != 1 {
            problems.push(format!(
                "{place}\n    paket {package} punya {} biner: sebutkan satu dengan --bin {bins:?}",
                bins.len()
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "Perintah cargo yang menyebut paket, biner atau contoh yang tidak ada:\n{}",
        problems.join("\n")
    );
}

/// Every `cargo praktikum ...` command (without a placeholder) is accepted
/// by `praktikum`: its subcommands and options exist (`--help` at the end
/// stops before anything runs).
#[test]
fn every_praktikum_command_parses() {
    let root = repo_root();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for found in collect(&root) {
        let Some(arguments) = found.command.strip_prefix("cargo praktikum") else { continue };
        if arguments.contains("...")
            || arguments.contains('<')
            || !seen.insert(arguments.to_string())
        {
            continue;
        }
        let output = Command::new(env!("CARGO_BIN_EXE_praktikum"))
            .args(arguments.split_whitespace())
            .arg("--help")
            .current_dir(&root)
            .output()
            .unwrap();
        if !output.status.success() {
            problems.push(format!(
                "{}: {}\n{}",
                found.place,
                found.command,
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    assert!(problems.is_empty(), "praktikum menolak perintah ini:\n{}", problems.join("\n"));
}

#[test]
fn cargo_praktikum_is_the_alias_and_cargo_is_new_enough() {
    let root = repo_root();
    let config: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join(".cargo/config.toml")).unwrap())
            .expect(".cargo/config.toml adalah TOML");
    let alias = config.get("alias").and_then(|a| a.get("praktikum")).and_then(|p| p.as_str());
    assert_eq!(
        alias.map(|a| format!("cargo {a}")).as_deref(),
        Some(ALIAS),
        "Bab Pendahuluan menyebut `cargo praktikum` singkatan untuk `{ALIAS}`"
    );

    let output = cargo_command(&root, CARGO_VERSION).output().unwrap();
    let text = stdout_of(&output);
    assert!(output.status.success(), "{CARGO_VERSION}: {text}");
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
    let wanted = manifest["workspace"]["package"]["rust-version"].as_str().unwrap();
    let version = |text: &str| -> Vec<u32> {
        text.split('.').map(|part| part.parse().unwrap_or(0)).take(2).collect()
    };
    let actual = text.split_whitespace().nth(1).unwrap_or("");
    assert!(
        version(actual) >= version(wanted),
        "`{CARGO_VERSION}`: {actual}, tetapi buku meminta Rust {wanted} atau lebih baru"
    );
}

/// On a copy whose book copies of the starters went stale, `dev salin-starter`
/// makes them equal to the starters again.
#[test]
fn salin_starter_lays_the_starters_over_the_books_copies() {
    let repo = TempRepo::new("perintah-salin-starter", Labs::Starter);
    let copy = repo.dir.join("book/starter/lab01-server-echo/src");
    std::fs::write(copy.join("lib.rs"), "// usang\n").unwrap();
    std::fs::write(copy.join("lama.rs"), "// tidak ada di starter\n").unwrap();
    let output = repo.praktikum().args(&cargo_words(SALIN_STARTER)[1..]).output().unwrap();
    assert!(output.status.success(), "`{SALIN_STARTER}`: {}", stdout_of(&output));
    for lab in ["lab01-server-echo", "lab02-klien-esp", "lab03-rumah-pintar"] {
        let starter = repo.dir.join("labs").join(lab).join("src");
        let copy = repo.dir.join("book/starter").join(lab).join("src");
        let contents = |dir: &Path| -> BTreeMap<PathBuf, Vec<u8>> {
            files_under(dir)
                .into_iter()
                .map(|file| {
                    (file.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&file).unwrap())
                })
                .collect()
        };
        assert!(contents(&starter) == contents(&copy), "`{SALIN_STARTER}`: {lab} berbeda");
    }
}

#[test]
fn perbarui_keluaran_renews_the_books_outputs() {
    let root = repo_root();
    let book_output = std::fs::read_to_string(root.join("tools/uji/src/book_output.rs")).unwrap();
    assert!(
        book_output.contains("\"PERBARUI_KELUARAN\""),
        "`{UPDATE_OUTPUTS}`: uji::book_output harus membaca PERBARUI_KELUARAN"
    );
    // `-p rakit -p tiruan`: the tests of both packages write book outputs.
    for folder in ["firmware/rakit/tests", "simulation/tiruan/tests"] {
        let writes = std::fs::read_dir(root.join(folder)).unwrap().flatten().any(|entry| {
            std::fs::read_to_string(entry.path())
                .is_ok_and(|text| text.contains("uji::book_output::check("))
        });
        assert!(writes, "`{UPDATE_FIRMWARE_OUTPUTS}`: uji di {folder} tidak menulis keluaran buku");
    }
}

// ---------------------------------------------------------------------------
// Running commands.

/// The words of a command after `cargo`.
fn cargo_words(command: &str) -> Vec<&str> {
    let words: Vec<&str> = command.split(' ').collect();
    assert_eq!(words[0], "cargo", "{command}");
    words[1..].to_vec()
}

/// `command` (a `cargo ...` text) in `dir`, building into the shared target.
fn cargo_command(dir: &Path, command: &str) -> Command {
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cargo
        .args(cargo_words(command))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", shared_target())
        // The book's outputs are never rewritten by running its commands.
        .env_remove("PERBARUI_KELUARAN");
    cargo
}

/// Builds what a `cargo run` or `cargo test` command runs, so that the run
/// itself can have a short time limit.
fn build_first(dir: &Path, command: &str) {
    let words = cargo_words(command);
    let end = words.iter().position(|w| *w == "--").unwrap_or(words.len());
    let build = match words[0] {
        "run" => format!("cargo build {}", words[1..end].join(" ")),
        "test" => format!("cargo test --no-run {}", words[1..end].join(" ")),
        other => panic!("{other}: bukan cargo run atau cargo test"),
    };
    let output = assert_cmd::Command::from_std(cargo_command(dir, build.trim()))
        .timeout(BUILD_LIMIT)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "`{build}` (untuk `{command}`) gagal:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `command` with `from` replaced by `to`; `from` must be there.
fn replaced(command: &str, from: &str, to: &str) -> String {
    assert!(command.contains(from), "`{command}` tidak berisi `{from}`");
    command.replacen(from, to, 1)
}

/// Runs a built `cargo run`/`cargo test` command to its end, with a time limit.
fn run_to_end(dir: &Path, command: &str) -> (bool, String, String) {
    let output = assert_cmd::Command::from_std(cargo_command(dir, command))
        .timeout(RUN_LIMIT)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    (output.status.success(), stdout_of(&output), stderr)
}

/// Starts a server command and waits for `Server berjalan di <address>`.
fn start_server(dir: &Path, command: &str) -> (RunningProgram, SocketAddr) {
    let server = RunningProgram::from_command(cargo_command(dir, command));
    let line =
        server.wait_line(0, uji::STARTUP_TIMEOUT, |l| l.starts_with(uji::server::STARTUP_PREFIX));
    let (_, line) = line
        .unwrap_or_else(|| panic!("`{command}` tidak mencetak baris awalnya\n{}", server.report()));
    let address = line[uji::server::STARTUP_PREFIX.len()..].trim().parse().unwrap();
    (server, address)
}

/// Ctrl-C, as the book says to stop a server; it must end cleanly.
fn stop_with_ctrl_c(mut server: RunningProgram, command: &str) {
    #[cfg(unix)]
    {
        server.interrupt();
        let status = server.wait_exit(uji::REPLY_TIMEOUT);
        assert!(
            status.is_some_and(|s| s.success()),
            "`{command}` tidak berhenti dengan rapi setelah Ctrl-C: {status:?}\n{}",
            server.report()
        );
    }
    #[cfg(not(unix))]
    {
        // No Ctrl-C for another process here: the server is ended.
        let _ = (&mut server, command);
    }
}

/// Sends `line` as one write, as telnet or nc sends a typed line, and reads the answer line.
fn exchange(address: SocketAddr, line: &[u8]) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(uji::REPLY_TIMEOUT)).unwrap();
    stream.write_all(line).unwrap();
    let mut answer = String::new();
    BufReader::new(stream).read_line(&mut answer).unwrap();
    answer
}

/// A GET request; the whole response.
fn http_get(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

/// The labs' test counts and points, from `labs.toml`.
fn lab_totals(root: &Path, id: &str) -> (usize, u64) {
    let table: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("labs.toml")).unwrap()).unwrap();
    let lab = table["lab"]
        .as_array()
        .unwrap()
        .iter()
        .find(|lab| lab["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("{id} tidak ada di labs.toml"));
    let tests = lab["test"].as_array().unwrap();
    let points = tests.iter().map(|t| t["points"].as_integer().unwrap() as u64).sum();
    (tests.len(), points)
}

fn has_program(program: &str, version: &str) -> bool {
    Command::new(program).arg(version).output().is_ok_and(|o| o.status.success())
}

// ---------------------------------------------------------------------------
// The commands, run.

#[test]
fn the_books_example_programs_run() {
    let root = repo_root();
    for (command, expected) in [
        (TCP_VS_UDP, "ConnectionRefused"),
        (DRIVER_SENSOR, "Err(Timeout)"),
        (SPEED, "detik simulasi per detik nyata"),
    ] {
        build_first(&root, command);
        let (ok, stdout, stderr) = run_to_end(&root, command);
        assert!(ok && stdout.contains(expected), "`{command}`:\n{stdout}\n{stderr}");
    }
}

#[test]
fn the_pin_map_tests_pass() {
    let root = repo_root();
    build_first(&root, PINMAP_TESTS);
    let (ok, stdout, stderr) = run_to_end(&root, PINMAP_TESTS);
    assert!(ok && stdout.contains("test result: ok"), "`{PINMAP_TESTS}`:\n{stdout}\n{stderr}");
}

/// The script writes next to itself: run in a scratch copy, its files must
/// equal the committed ones.
#[test]
fn the_sketch_script_remakes_the_committed_sketch() {
    if !has_program("python3", "--version") {
        eprintln!("python3 tidak ada: `{SKETCH}` tidak dijalankan");
        return;
    }
    let root = repo_root();
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("perintah-sketsa");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(scratch.join("schematics")).unwrap();
    let script = "schematics/buat_sketsa.py";
    std::fs::copy(root.join(script), scratch.join(script)).unwrap();
    let words: Vec<&str> = SKETCH.split(' ').collect();
    let output = Command::new(words[0]).args(&words[1..]).current_dir(&scratch).output().unwrap();
    assert!(output.status.success(), "`{SKETCH}`:\n{}", String::from_utf8_lossy(&output.stderr));
    let mut compared = 0;
    let mut different = Vec::new();
    for folder in ["schematics/parts", "schematics/rumah-pintar"] {
        for file in files_under(&scratch.join(folder)) {
            let relative = file.strip_prefix(&scratch).unwrap();
            compared += 1;
            if std::fs::read(&file).ok() != std::fs::read(root.join(relative)).ok() {
                different.push(relative.display().to_string());
            }
        }
    }
    assert!(compared > 10, "`{SKETCH}` hanya menulis {compared} berkas");
    assert!(
        different.is_empty(),
        "`{SKETCH}` menulis berkas yang berbeda dari yang di repositori: {different:?}"
    );
    let _ = std::fs::remove_dir_all(&scratch);
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// The Lab 01 chapter's server, telnet and nc, the Lab 02 chapter's client
/// and the Lab 02 hint's client against it, and `cargo test -p lab01-...`,
/// on the reference solutions.
#[test]
fn lab01_server_answers_telnet_nc_and_the_lab02_client() {
    let repo = TempRepo::new("perintah-lab01", Labs::Solution);
    let dir = &repo.dir;
    for command in [LAB01_SERVER, LAB02_CLIENT, LAB01_TESTS] {
        build_first(dir, command);
    }
    let server_command =
        format!("{} --host 127.0.0.1", replaced(LAB01_SERVER, "--port 2004", "--port 0"));
    let (server, address) = start_server(dir, &server_command);

    // What telnet sends for a typed line (`\r\n`), and what nc sends (`\n`).
    assert!(TELNET.ends_with(" 2004") && NC.ends_with(" 2004"));
    let answer = exchange(address, b"halo server\r\n");
    assert_eq!(answer, "OK\n", "`{TELNET}` lalu `halo server`\n{}", server.report());
    let answer = exchange(address, b"Hai from ESP8266\n");
    assert_eq!(answer, "OK\n", "`{NC}` lalu `Hai from ESP8266`\n{}", server.report());

    let port = address.port().to_string();
    let client = replaced(LAB02_CLIENT, "--port 2004", &format!("--port {port}"));
    let (ok, stdout, stderr) = run_to_end(dir, &client);
    assert!(ok, "`{LAB02_CLIENT}`:\n{stdout}\n{stderr}");
    assert_eq!(stdout.matches("[Balasan:]\nOK\n").count(), 2, "`{LAB02_CLIENT}`:\n{stdout}");

    let hinted = format!("{LAB02_CLIENT_HINT} --port {port}");
    let (ok, stdout, stderr) = run_to_end(dir, &hinted);
    assert!(ok, "`{LAB02_CLIENT_HINT}`:\n{stdout}\n{stderr}");
    assert_eq!(stdout.matches("[Balasan:]\nOK\n").count(), 1, "`{LAB02_CLIENT_HINT}`:\n{stdout}");
    stop_with_ctrl_c(server, LAB01_SERVER);

    let (ok, stdout, stderr) = run_to_end(dir, LAB01_TESTS);
    assert!(ok && stdout.contains("test result: ok"), "`{LAB01_TESTS}`:\n{stdout}\n{stderr}");
}

/// `uji lab02` and `uji lab03` on a solved copy print their full summary,
/// `cargo test -p lab03-...` passes, and `nilai` adds up every lab.
#[test]
fn uji_lab02_and_lab03_pass_on_a_solved_copy_and_nilai_adds_up() {
    let root = repo_root();
    let repo = TempRepo::new("perintah-uji", Labs::Solution);
    let mut max_total = 0;
    for (command, lab) in [(UJI_LAB02, "lab02"), (UJI_LAB03, "lab03")] {
        let output = repo.praktikum().args(&cargo_words(command)[1..]).output().unwrap();
        let text = stdout_of(&output);
        let (tests, points) = lab_totals(&root, lab);
        let summary =
            format!("Hasil: {tests} dari {tests} uji lulus, {points} dari {points} poin.");
        assert!(output.status.success() && text.contains(&summary), "`{command}`:\n{text}");
    }
    build_first(&repo.dir, LAB03_TESTS);
    let (ok, stdout, stderr) = run_to_end(&repo.dir, LAB03_TESTS);
    assert!(ok && stdout.contains("test result: ok"), "`{LAB03_TESTS}`:\n{stdout}\n{stderr}");

    for lab in ["lab01", "lab02", "lab03"] {
        max_total += lab_totals(&root, lab).1;
    }
    let output = repo.praktikum().args(&cargo_words(NILAI)[1..]).output().unwrap();
    let text = stdout_of(&output);
    let total = format!("{max_total} / {max_total} poin");
    assert!(output.status.success() && text.contains(&total), "`{NILAI}`:\n{text}");

    // --keluaran writes the same scores to a file (--kelas: see cli.rs).
    let into_file = replaced(NILAI_KELAS_FILE, " --kelas ~/kumpulan/kelas-a", "");
    let output = repo.praktikum().args(&cargo_words(&into_file)[1..]).output().unwrap();
    let written = std::fs::read_to_string(repo.dir.join("nilai-kelas-a.csv")).unwrap_or_default();
    assert!(
        output.status.success() && stdout_of(&output).starts_with("Nilai ditulis ke"),
        "`{into_file}`:\n{}",
        stdout_of(&output)
    );
    assert_eq!(written, text, "`{into_file}` menulis yang sama dengan `{NILAI}`");
}

/// The Tugas chapter's system on one PC: the given server with the chapter's
/// access list, the student's node (here the reference solution) to the end
/// of its scenario, the chapter's SQL, the dashboard and its event stream;
/// and the server as the hint and the firmware chapter start it.
#[test]
fn lab03_runs_on_the_pc_as_the_tugas_chapter_shows() {
    let root = repo_root();
    let chapter = std::fs::read_to_string(root.join("book/src/05-tugas-rumah-pintar.md")).unwrap();
    assert!(
        chapter.contains(&format!("```text\n{ACCESS_LIST}```")),
        "Bab Tugas tidak lagi menunjukkan daftar akses yang dipakai uji ini:\n{ACCESS_LIST}"
    );
    let repo = TempRepo::new("perintah-lab03", Labs::Solution);
    let dir = &repo.dir;
    std::fs::write(dir.join("akses.txt"), ACCESS_LIST).unwrap();
    for command in [LAB03_SERVER, LAB03_NODE] {
        build_first(dir, command);
    }

    let (server, address) = start_server(dir, &format!("{LAB03_SERVER} --host 127.0.0.1 --port 0"));
    let node = format!("{LAB03_NODE} --server {address}");
    let (ok, stdout, stderr) = run_to_end(dir, &node);
    let tail: Vec<&str> = stdout.lines().rev().take(15).collect();
    assert!(ok, "`{LAB03_NODE}` (server {address}):\n{tail:?}\n{stderr}\n{}", server.report());

    // The chapter's queries, while the server runs (WAL).
    let queries: Vec<&str> = [SQL_PER_NODE, SQL_DOORS, SQL_LAST_FIVE]
        .iter()
        .map(|q| q.strip_prefix("sqlite> ").unwrap())
        .collect();
    let answers = sqlite_answers(dir, &queries);
    assert_eq!(answers[0].len(), 1, "`{SQL_PER_NODE}`: {answers:?}");
    assert!(answers[0][0].starts_with("node-1|4320|"), "`{SQL_PER_NODE}`: {answers:?}");
    assert_eq!(answers[1].len(), 4, "`{SQL_DOORS}`: empat kartu, {answers:?}");
    let refused = answers[1].iter().filter(|row| row.contains("|0BADC0DE|TOLAK|")).count();
    assert_eq!(refused, 2, "`{SQL_DOORS}`: {answers:?}");
    assert_eq!(answers[2].len(), 5, "`{SQL_LAST_FIVE}`: {answers:?}");

    // The dashboard on the server's database, and its event stream.
    let mut dashboard = Command::new(env!("CARGO_BIN_EXE_praktikum"));
    dashboard.args(&cargo_words(DASBOR)[1..]).args(["--alamat", "127.0.0.1:0"]).current_dir(dir);
    let dashboard = RunningProgram::from_command(dashboard);
    let (_, line) = dashboard
        .wait_line(0, uji::STARTUP_TIMEOUT, |l| l.starts_with("Dasbor di http://"))
        .unwrap_or_else(|| panic!("`{DASBOR}` tidak mulai\n{}", dashboard.report()));
    let dashboard_address =
        line.trim_start_matches("Dasbor di http://").split('/').next().unwrap().to_string();
    let nodes = http_get(&dashboard_address, "/api/node");
    assert!(nodes.starts_with("HTTP/1.1 200") && nodes.contains("\"node-1\""), "{nodes}");
    if has_program("curl", "--version") {
        let url = replaced(CURL_EVENTS, "127.0.0.1:8080", &dashboard_address);
        let words: Vec<&str> = url.split(' ').collect();
        // The stream never ends by itself: curl stops after 3 seconds.
        let output = Command::new(words[0])
            .args(&words[1..])
            .args(["--max-time", "3", "--noproxy", "*"])
            .output()
            .unwrap();
        let events = stdout_of(&output);
        assert!(events.starts_with("event: halo\n"), "`{CURL_EVENTS}`:\n{events}");
    } else {
        eprintln!("curl tidak ada: `{CURL_EVENTS}` tidak dijalankan");
    }
    drop(dashboard);
    stop_with_ctrl_c(server, LAB03_SERVER);

    // The server as the firmware chapter starts it.
    let local =
        format!("{} --host 127.0.0.1", replaced(LAB03_SERVER_BOARD, "--port 2004", "--port 0"));
    let (server, _) = start_server(dir, &local);
    stop_with_ctrl_c(server, LAB03_SERVER_BOARD);
}

/// The rows of each query, as `sqlite3` prints them (`|` between columns):
/// with `sqlite3 rumah-pintar.db` when the program is there, otherwise
/// through the SQLite library.
fn sqlite_answers(dir: &Path, queries: &[&str]) -> Vec<Vec<String>> {
    let words: Vec<&str> = SQLITE.split(' ').collect();
    if has_program(words[0], "--version") {
        return queries
            .iter()
            .map(|query| {
                let mut sqlite = Command::new(words[0]);
                sqlite.args(&words[1..]).current_dir(dir);
                let output = assert_cmd::Command::from_std(sqlite)
                    .write_stdin(format!("{query}\n"))
                    .timeout(RUN_LIMIT)
                    .output()
                    .unwrap();
                let stderr = String::from_utf8_lossy(&output.stderr);
                assert!(
                    output.status.success() && stderr.is_empty(),
                    "`{SQLITE}`, {query}: {stderr}"
                );
                stdout_of(&output).lines().map(String::from).collect()
            })
            .collect();
    }
    eprintln!("sqlite3 tidak ada: kueri bab Tugas dijalankan lewat pustaka SQLite");
    let db = rusqlite::Connection::open(dir.join(words[1])).unwrap();
    queries
        .iter()
        .map(|query| {
            let mut statement = db.prepare(query).unwrap_or_else(|e| panic!("{query}: {e}"));
            let columns = statement.column_count();
            let rows = statement.query_map([], |row| {
                let cells: Vec<String> = (0..columns)
                    .map(|i| match row.get_ref(i) {
                        Ok(rusqlite::types::ValueRef::Null) => String::new(),
                        Ok(rusqlite::types::ValueRef::Integer(n)) => n.to_string(),
                        Ok(rusqlite::types::ValueRef::Real(x)) => x.to_string(),
                        Ok(rusqlite::types::ValueRef::Text(t)) => String::from_utf8_lossy(t).into(),
                        _ => "?".into(),
                    })
                    .collect();
                Ok(cells.join("|"))
            });
            rows.unwrap().map(|row| row.unwrap()).collect()
        })
        .collect()
}

/// The serial monitor with the options the firmware chapter gives: with a
/// port that is not there, `praktikum` gets as far as looking for it.
#[test]
fn the_serial_commands_accept_their_options() {
    let missing = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tidak-ada-papan");
    let missing = missing.to_string_lossy();
    for command in [MONITOR, MONITOR_ROM] {
        let local = replaced(command, "/dev/ttyUSB0", &missing);
        let output = Command::new(env!("CARGO_BIN_EXE_praktikum"))
            .args(&cargo_words(&local)[1..])
            .current_dir(repo_root())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !output.status.success() && stderr.contains(&format!("port {missing} tidak ada")),
            "`{command}` dengan port yang tidak ada:\n{stderr}"
        );
    }
}

/// The firmware chapter's commands on a solved copy: the image from the
/// student's node and esptool's look at it, the node under QEMU against the
/// PC, and the Lab 02 exercise's size. They need Debian's rustc-web, QEMU
/// and esptool; without them this test says so and passes (CI sets
/// PRAKTIKUM_WAJIB_ESP8266=1, which makes it fail instead).
#[test]
fn the_firmware_commands_build_run_and_measure_the_students_code() {
    if !rakit::toolchain::ready_for_test(true, true) {
        return;
    }
    let root = repo_root();
    let repo = TempRepo::new("perintah-firmware", Labs::Solution);
    let dir = &repo.dir;
    for folder in ["simulation/tiruan", "firmware/ukuran-esp8266", "solutions/solusi02-klien-esp"] {
        support::copy_tree(&root.join(folder), &dir.join(folder));
    }
    std::fs::copy(
        root.join("firmware/xtensa-esp8266-none-elf.json"),
        dir.join("firmware/xtensa-esp8266-none-elf.json"),
    )
    .unwrap();
    // `firmware qemu` runs the same node on the PC with `cargo run -p tiruan`.
    let manifest_path = dir.join("Cargo.toml");
    let mut manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(&manifest_path).unwrap()).unwrap();
    let members = manifest["workspace"]["members"].as_array().unwrap().clone();
    let mut members: Vec<toml::Value> = members;
    members.push("simulation/tiruan".into());
    manifest["workspace"].as_table_mut().unwrap().insert("members".into(), members.into());
    std::fs::write(&manifest_path, toml::to_string(&manifest).unwrap()).unwrap();
    // The ESP8266 builds (with `core` itself) are kept between runs.
    let kept = Path::new(env!("CARGO_TARGET_TMPDIR")).join("perintah-esp8266");
    std::fs::create_dir_all(&kept).unwrap();
    std::fs::create_dir_all(dir.join("target")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&kept, dir.join("target/esp8266")).unwrap();

    let esptool = rakit::toolchain::esptool().expect("esptool ada");
    let version_words: Vec<&str> = ESPTOOL_VERSION.split(' ').skip(1).collect();
    let output =
        Command::new(&esptool[0]).args(&esptool[1..]).args(version_words).output().unwrap();
    assert!(output.status.success(), "`{ESPTOOL_VERSION}`: {}", stdout_of(&output));

    let output = repo.praktikum().args(&cargo_words(BANGUN)[1..]).output().unwrap();
    let text = stdout_of(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && text.contains("Firmware siap: "),
        "`{BANGUN}`:\n{text}\n{stderr}"
    );

    let info_words: Vec<&str> = IMAGE_INFO.split(' ').skip(1).collect();
    let output = Command::new(&esptool[0])
        .args(&esptool[1..])
        .args(info_words)
        .current_dir(dir)
        .output()
        .unwrap();
    let info = stdout_of(&output);
    assert!(
        output.status.success() && info.contains("Image version: 1"),
        "`{IMAGE_INFO}`:\n{info}"
    );

    let output = repo.praktikum().args(&cargo_words(QEMU)[1..]).output().unwrap();
    let text = stdout_of(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && text.contains("sama persis dengan transkrip PC"),
        "`{QEMU}`:\n{text}\n{stderr}"
    );

    let words: Vec<&str> = SIZE_OF_MY_LAB02.split(' ').collect();
    let output = Command::new("bash")
        .arg(dir.join(words[0]))
        .args(&words[1..])
        .current_dir(dir)
        .env_remove("PERBARUI_KELUARAN")
        .output()
        .unwrap();
    let text = stdout_of(&output);
    assert!(
        output.status.success() && text.contains("Klien Lab 02 untuk ESP8266 (lx106): kode "),
        "`{SIZE_OF_MY_LAB02}`:\n{text}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
