//! `praktikum` subcommands, run as a real program against copies of the
//! workbook with the starter or the solution in Lab 01.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;
use support::{Labs, TempRepo, stdout_of};
use uji::RunningProgram;

const SLOW: Duration = Duration::from_secs(900);

#[test]
fn uji_explains_failures_of_the_starter() {
    if !support::starters_are_pristine() {
        return;
    }
    let repo = TempRepo::new("uji-starter", Labs::Starter);
    let output = repo.praktikum().args(["uji", "lab01"]).output().unwrap();
    let text = stdout_of(&output);
    assert!(!output.status.success(), "{text}");
    assert!(text.contains("Hasil: 0 dari 10 uji lulus, 0 dari 100 poin."), "{text}");
    assert!(text.contains("── Gagal: startup_line_shows_real_port ──"), "{text}");
    assert!(
        text.contains("not yet implemented: Langkah 1"),
        "the student's todo! is shown: {text}"
    );
    assert!(text.contains("Petunjuk: "), "{text}");
    assert!(text.contains("03-lab01-server-socket.html"), "the chapter is linked: {text}");
    // The Pendahuluan chapter shows this very output.
    uji::book_output::check("uji-lab01-awal", &text);
}

#[test]
fn uji_passes_the_solution_and_status_and_scores_follow() {
    let repo = TempRepo::new("uji-solusi", Labs::Solution);
    let output = repo.praktikum().args(["uji", "lab01"]).output().unwrap();
    let text = stdout_of(&output);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("Hasil: 10 dari 10 uji lulus, 100 dari 100 poin."), "{text}");

    let status = stdout_of(&repo.praktikum().arg("--tanpa-buku").output().unwrap());
    assert!(
        status.contains("lab01") && status.contains("lulus") && status.contains("10/10 uji"),
        "{status}"
    );
    // `praktikum` also ran lab02 and lab03, whose results were not known yet.
    assert!(status.contains("16/16 uji") && status.contains("23/23 uji"), "{status}");
    assert!(status.contains("Semua lab lulus"), "{status}");

    let json = stdout_of(&repo.praktikum().args(["nilai", "--format", "json"]).output().unwrap());
    let rows: serde_json::Value = serde_json::from_str(&json).expect("nilai --format json is JSON");
    assert_eq!(rows[0]["total"], 300, "{json}");
    assert_eq!(rows[0]["labs"][0]["lab"], "lab01", "{json}");
    assert_eq!(rows[0]["labs"][1]["points"], 100, "{json}");

    let csv = stdout_of(&repo.praktikum().args(["nilai", "--format", "csv"]).output().unwrap());
    // One student's own grades name the checkout's folder.
    let me = repo.dir.file_name().unwrap().to_string_lossy().to_string();
    assert_eq!(
        csv,
        format!("mahasiswa,lab01,lab02,lab03,total,maksimum,catatan\n{me},100,100,100,300,300,\n")
    );
}

#[test]
fn status_of_an_untouched_lab_is_not_started() {
    if !support::starters_are_pristine() {
        return;
    }
    let repo = TempRepo::new("status-starter", Labs::Starter);
    let status = stdout_of(&repo.praktikum().arg("--tanpa-buku").output().unwrap());
    assert!(status.contains("belum dimulai") && status.contains("0/10 uji"), "{status}");
    assert!(status.contains("0/16 uji") && status.contains("0/23 uji"), "{status}");
    assert!(status.contains("Langkah berikutnya: kerjakan lab01"), "{status}");
    assert!(status.contains("cargo praktikum uji lab01"), "{status}");
    // The Pendahuluan chapter shows this very output.
    uji::book_output::check("status-awal", &status);
}

#[test]
fn petunjuk_gives_one_more_hint_each_time() {
    let repo = TempRepo::new("petunjuk", Labs::Starter);
    let first = stdout_of(&repo.praktikum().args(["petunjuk", "lab01"]).output().unwrap());
    assert!(first.contains("Petunjuk 1 dari 5") && !first.contains("Petunjuk 2 dari 5"), "{first}");
    let second = stdout_of(&repo.praktikum().args(["petunjuk", "1"]).output().unwrap());
    assert!(
        second.contains("Petunjuk 1 dari 5") && second.contains("Petunjuk 2 dari 5"),
        "{second}"
    );
    assert!(!second.contains("Petunjuk 3 dari 5"), "{second}");
    let unknown = repo.praktikum().args(["petunjuk", "lab99"]).output().unwrap();
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("lab 'lab99' tidak dikenal"));
}

#[test]
fn nilai_kelas_grades_each_checkout_with_the_pristine_tests() {
    if !support::starters_are_pristine() {
        return;
    }
    let repo = TempRepo::new("kelas", Labs::Starter);
    let class = repo.dir.join("kelas");
    let root = support::repo_root();
    let lab = |student: &str| class.join(student).join("labs/lab01-server-echo/src");
    // Complete: the reference solutions of both labs. The others only did lab01.
    support::copy_tree(&root.join("solutions/solusi01-server-echo/src"), &lab("andi"));
    let andi_lab02 = class.join("andi/labs/lab02-klien-esp/src");
    support::copy_tree(&root.join("solutions/solusi02-klien-esp/src"), &andi_lab02);
    let lab03 = |student: &str| class.join(student).join("labs/lab03-rumah-pintar");
    let solution03 = root.join("solutions/solusi03-rumah-pintar");
    support::copy_tree(&solution03.join("src"), &lab03("andi").join("src"));
    support::copy_tree(&solution03.join("skematik"), &lab03("andi").join("skematik"));
    // Partial: only step 1 (the listening socket) done; in Lab 03 only the
    // schematic (langkah 0), which is graded from the student's own folder.
    support::copy_tree(&root.join("labs/lab01-server-echo/src"), &lab("budi"));
    std::fs::copy(
        root.join("solutions/solusi01-server-echo/src/listener.rs"),
        lab("budi").join("listener.rs"),
    )
    .unwrap();
    support::copy_tree(&root.join("labs/lab03-rumah-pintar/src"), &lab03("budi").join("src"));
    support::copy_tree(&solution03.join("skematik"), &lab03("budi").join("skematik"));
    // The starter, with the tests and the test support "edited" to pass.
    support::copy_tree(&root.join("labs/lab01-server-echo/src"), &lab("citra"));
    let edited = class.join("citra/tools/uji");
    std::fs::create_dir_all(edited.join("suites")).unwrap();
    std::fs::write(
        edited.join("suites/lab01_server_echo.rs"),
        "#[test]\nfn startup_line_shows_real_port() {}\n",
    )
    .unwrap();
    // Code that reaches outside its src/ folder is not graded.
    support::copy_tree(&root.join("solutions/solusi01-server-echo/src"), &lab("dedi"));
    let mut main =
        std::fs::OpenOptions::new().append(true).open(lab("dedi").join("lib.rs")).unwrap();
    writeln!(main, "include!(\"../../../tools/uji/src/lib.rs\");").unwrap();

    // Fajar's Lab 03 forges the test output: prints every test as passed
    // from inside `encode` and exits with status 0. Gita's Lab 01 server
    // reaches out of its sandbox: a file in the grader's /tmp and a
    // connection to a port on the grader's machine.
    support::copy_tree(&root.join("labs/lab03-rumah-pintar/src"), &lab03("fajar").join("src"));
    let lines_rs = lab03("fajar").join("src/lines.rs");
    let forged = std::fs::read_to_string(&lines_rs).unwrap().replace(
        "    todo!(\"Langkah 1: encode untuk {message:?}\")",
        "    extern crate std;\n    use std::io::Write;\n    let _ = writeln!(std::io::stdout(), \"test lines::the_node_writes_the_documented_lines ... ok\");\n    std::process::exit(0)",
    );
    assert!(forged.contains("std::process::exit"), "the starter's encode changed");
    std::fs::write(&lines_rs, forged).unwrap();
    support::copy_tree(&root.join("solutions/solusi01-server-echo/src"), &lab("gita"));
    let mut server =
        std::fs::OpenOptions::new().append(true).open(lab("gita").join("server.rs")).unwrap();
    writeln!(
        server,
        "pub fn escape() {{ let _ = std::fs::write(\"/tmp/dari-gita\", \"x\"); let _ = std::net::TcpStream::connect(\"127.0.0.1:22\"); }}"
    )
    .unwrap();
    // Eka's Lab 01 is a link to Andi's finished one.
    #[cfg(unix)]
    {
        std::fs::create_dir_all(lab("eka").parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(lab("andi"), lab("eka")).unwrap();
    }
    let work = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("kelas-kerja");
    let output = repo
        .praktikum()
        .args(["nilai", "--kelas"])
        .arg(&class)
        .arg("--kerja")
        .arg(&work)
        .args(["--paralel", "2", "--batas-waktu", "600"])
        .output()
        .unwrap();
    let csv = stdout_of(&output);
    assert!(output.status.success(), "{csv}\n{}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<&str> = csv.lines().collect();
    let no_lab02 = "lab02: folder labs/lab02-klien-esp/src tidak ada; lab03: folder labs/lab03-rumah-pintar/src tidak ada";
    assert_eq!(lines[0], "mahasiswa,lab01,lab02,lab03,total,maksimum,catatan");
    assert_eq!(lines[1], "andi,100,100,100,300,300,");
    // Only the two address tests pass without an accept loop; the schematic
    // passes in Lab 03.
    assert_eq!(lines[2], "budi,15,0,10,25,300,lab02: folder labs/lab02-klien-esp/src tidak ada");
    assert_eq!(lines[3], format!("citra,0,0,0,0,300,{no_lab02}"));
    let dedi = "dedi,0,0,0,0,300,\"lab01: perlu diperiksa, tidak dinilai: labs/lab01-server-echo/src/lib.rs:";
    assert!(lines[4].starts_with(dedi) && lines[4].contains("`include!`"), "{csv}");
    assert!(lines[4].ends_with(&format!("; {no_lab02}\"")), "{csv}");
    // A symlink to another student's finished work is not followed (the
    // link is made on Unix; Windows needs extra rights to make one).
    if cfg!(unix) {
        let eka = "eka,0,0,0,0,300,\"lab01: symlink labs/lab01-server-echo/src tidak diterima";
        assert!(lines[5].starts_with(eka), "{csv}");
    }
    let rest = &lines[if cfg!(unix) { 6 } else { 5 }..];
    // The forged output and the escape are caught before anything runs.
    let fajar = "fajar,0,0,0,0,300,\"lab01: folder labs/lab01-server-echo/src tidak ada; lab02: folder labs/lab02-klien-esp/src tidak ada; lab03: perlu diperiksa, tidak dinilai: labs/lab03-rumah-pintar/src/lines.rs:";
    assert!(rest[0].starts_with(fajar) && rest[0].contains("`std`"), "{csv}");
    let gita = "gita,0,0,0,0,300,\"lab01: perlu diperiksa, tidak dinilai: labs/lab01-server-echo/src/server.rs:";
    assert!(rest[1].starts_with(gita) && rest[1].contains("`std::fs::write`"), "{csv}");
    assert!(!std::path::Path::new("/tmp/dari-gita").exists());
    assert_eq!(rest.len(), 2, "{csv}");
}

#[test]
fn pantau_reruns_the_tests_when_a_file_is_saved() {
    let repo = TempRepo::new("pantau", Labs::Solution);
    // Build first, so that the watch run does not wait for a cold compile.
    repo.praktikum().args(["uji", "lab01"]).output().unwrap();
    let target = support::shared_target();
    let watch = {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_praktikum"));
        child.args(["pantau", "lab01"]).current_dir(&repo.dir).env("CARGO_TARGET_DIR", &target);
        RunningProgram::from_command(child)
    };
    let waiting = |from| watch.wait_line(from, SLOW, |l| l.starts_with("Menunggu perubahan"));
    let (first, _) = waiting(0).unwrap_or_else(|| panic!("the first run ends\n{}", watch.report()));
    assert!(
        watch.stdout_lines().iter().any(|l| l.contains("Hasil: 10 dari 10 uji lulus")),
        "{}",
        watch.report()
    );

    let display = repo.dir.join("labs/lab01-server-echo/src/display.rs");
    let mut file = std::fs::OpenOptions::new().append(true).open(display).unwrap();
    writeln!(file, "// saved again").unwrap();
    drop(file);
    let (changed, _) = watch
        .wait_line(first, SLOW, |l| l.starts_with("Berkas berubah"))
        .unwrap_or_else(|| panic!("the change is seen\n{}", watch.report()));
    waiting(changed).unwrap_or_else(|| panic!("the second run ends\n{}", watch.report()));
}

#[test]
fn the_book_is_built_and_served() {
    let repo = TempRepo::new("buku", Labs::Solution);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_praktikum"));
    child
        .args(["--alamat", "127.0.0.1:0"])
        .current_dir(&repo.dir)
        .env("CARGO_TARGET_DIR", support::shared_target());
    let served = RunningProgram::from_command(child);
    let (_, line) = served
        .wait_line(0, SLOW, |l| l.starts_with("Buku tersedia di http://"))
        .unwrap_or_else(|| panic!("the book is served\n{}", served.report()));
    let address =
        line.trim_start_matches("Buku tersedia di http://").split('/').next().unwrap().to_string();
    let mut stream = TcpStream::connect(&address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        stream,
        "GET /03-lab01-server-socket.html HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut page = String::new();
    stream.read_to_string(&mut page).unwrap();
    assert!(page.starts_with("HTTP/1.1 200"), "{page:.200}");
    assert!(page.contains("Lab 01: Server Socket"), "the chapter is there");
    // The included starter code is in the page, not the include directive.
    assert!(
        page.contains("create_listener") && !page.contains("{{#include"),
        "includes are expanded"
    );
}

#[test]
fn cek_reports_the_setup() {
    let repo = TempRepo::new("cek", Labs::Starter);
    let output = repo.praktikum().args(["--alamat", "127.0.0.1:0", "cek"]).output().unwrap();
    let text = stdout_of(&output);
    assert!(text.contains("✓ Rust: rustc 1."), "{text}");
    assert!(text.contains("✓ Cargo: cargo 1."), "{text}");
    assert!(text.contains("✓ lab01 ada di labs/lab01-server-echo"), "{text}");
    std::fs::remove_dir_all(repo.dir.join("labs/lab01-server-echo/src")).unwrap();
    let broken = repo.praktikum().args(["--alamat", "127.0.0.1:0", "cek"]).output().unwrap();
    let text = stdout_of(&broken);
    assert!(!broken.status.success(), "{text}");
    assert!(text.contains("✗ labs/lab01-server-echo/src tidak ada"), "{text}");
}

#[test]
fn buku_ketat_fails_on_a_missing_anchor() {
    let repo = TempRepo::new("buku-ketat", Labs::Starter);
    let built = repo.praktikum().args(["buku", "--ketat"]).output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let index = repo.dir.join("target/praktikum/buku/html/index.html");
    assert!(index.is_file() || repo.dir.join("target/praktikum/buku/index.html").is_file());

    let chapter = repo.dir.join("book/src/02-tcp-vs-udp.md");
    let mut text = std::fs::read_to_string(&chapter).unwrap();
    text.push_str("\n```rust\n{{#include ../contoh/src/udp.rs:tidak_ada}}\n```\n");
    std::fs::write(&chapter, text).unwrap();
    let broken = repo.praktikum().args(["buku", "--ketat"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(!broken.status.success(), "a missing anchor fails the strict build");
    assert!(stderr.contains("anchor 'tidak_ada' tidak ada di ../contoh/src/udp.rs"), "{stderr}");
}

#[test]
fn simulasi_runs_a_server_and_virtual_nodes_to_the_end() {
    let repo = TempRepo::new("simulasi", Labs::Starter);
    let scenario = repo.dir.join("pendek.toml");
    std::fs::write(
        &scenario,
        "nama = \"Pendek\"\ndurasi = \"00:02\"\nsuhu = [[\"00:00\", 24.0]]\nlembap = [[\"00:00\", 60]]\ncahaya = [[\"00:00\", 300]]\n\
         [[kartu]]\nwaktu = \"00:01\"\nuid = \"DEADBEEF\"\n",
    )
    .unwrap();
    let output = repo
        .praktikum()
        .args([
            "simulasi",
            "--node",
            "2",
            "--waktu-virtual",
            "--port",
            "0",
            "--alamat-dasbor",
            "127.0.0.1:0",
            "--skenario",
        ])
        .arg(&scenario)
        .output()
        .unwrap();
    let text = stdout_of(&output);
    assert!(output.status.success(), "{text}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(text.contains("Simulasi selesai: 2 node, 0 gagal."), "{text}");
    assert_eq!(text.matches("semua pesan sudah dijawab server").count(), 2, "{text}");
    // Each node's card tap is opened by the simulation's access list.
    assert_eq!(text.matches("-> BUKA").count(), 2, "{text}");
    // 2 minutes, one DATA every 5 s, per node.
    assert_eq!(text.matches("-> OK ").count(), 2 * 24, "{text}");
    assert!(text.contains("Dasbor di http://127.0.0.1:"), "{text}");

    // The dashboard reads the simulation's database.
    let db = repo.dir.join("target/praktikum/simulasi/rumah-pintar.db");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_praktikum"));
    command.args(["dasbor", "--alamat", "127.0.0.1:0", "--db"]).arg(&db).current_dir(&repo.dir);
    let dashboard = RunningProgram::from_command(command);
    let (_, line) = dashboard
        .wait_line(0, SLOW, |l| l.starts_with("Dasbor di http://"))
        .unwrap_or_else(|| panic!("the dashboard starts\n{}", dashboard.report()));
    let address =
        line.trim_start_matches("Dasbor di http://").split('/').next().unwrap().to_string();
    let mut stream = TcpStream::connect(&address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(stream, "GET /api/node HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:.300}");
    assert!(answer.contains("\"rumah-1\"") && answer.contains("\"rumah-2\""), "{answer}");
}

#[test]
fn classroom_workflow_has_every_graded_test_with_its_points_and_each_command_runs() {
    let solved = TempRepo::new("classroom-solusi", Labs::Solution);
    let template = solved.dir.join("templat");
    let output =
        solved.praktikum().args(["dev", "classroom", "--ke"]).arg(&template).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let workflow =
        std::fs::read_to_string(template.join(".github/workflows/classroom.yml")).unwrap();
    let commands: Vec<&str> =
        workflow.lines().filter_map(|l| l.trim().strip_prefix("command: ")).collect();
    let points: u32 = workflow
        .lines()
        .filter_map(|l| l.trim().strip_prefix("max-score: "))
        .map(|p| p.parse::<u32>().unwrap())
        .sum();
    assert_eq!(commands.len(), 10 + 16 + 23, "{workflow}");
    assert_eq!(points, 300, "the points of labs.toml");
    assert!(workflow.contains("runners: lab01-1,lab01-2,"), "{workflow}");
    // A graded step passes on the solution and fails on the starter.
    let command = commands[0];
    let run_in = |repo: &TempRepo| {
        let words: Vec<&str> = command.split_whitespace().collect();
        std::process::Command::new(env!("CARGO"))
            .args(&words[1..])
            .current_dir(&repo.dir)
            .env("CARGO_TARGET_DIR", support::shared_target())
            .output()
            .unwrap()
    };
    let on_solution = run_in(&solved);
    assert!(
        on_solution.status.success(),
        "`{command}` on the solution:\n{}",
        String::from_utf8_lossy(&on_solution.stderr)
    );
    let starter = TempRepo::new("classroom-starter", Labs::Starter);
    assert!(!run_in(&starter).status.success(), "`{command}` on the starter");
}
