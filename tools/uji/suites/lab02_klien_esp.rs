//! Graded tests for Lab 02 (the ESP8266 client). The same file is compiled
//! as the `uji` test of `lab02-klien-esp` (the starter) and
//! `solusi02-klien-esp` (the solution).
//!
//! Two kinds of test: the `logic` tests call the `no_std` library with
//! in-memory fakes and a virtual clock (exact, no sockets, no real time);
//! the others run the host binary against a scripted TCP server.

#[path = "lab02_klien_esp/fakes.rs"]
mod fakes;

use std::process::Output;
use std::time::{Duration, Instant};
use uji::{Answer, RunningProgram, STARTUP_TIMEOUT, TestServer, lab_binary};

/// Runs the client to the end with the given options.
fn run_client(args: &[&str]) -> Output {
    assert_cmd::Command::new(lab_binary!())
        .args(args)
        .timeout(STARTUP_TIMEOUT)
        .output()
        .expect("the client binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

/// The client ran to the end, exited 0 and did not panic.
fn expect_clean_exit(output: &Output, what: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "Klien panik (panic) saat {what}:\n{stderr}");
    assert!(
        output.status.success(),
        "Klien harus selesai dengan kode 0 saat {what}, bukan {}.\nstdout:\n{}\nstderr:\n{stderr}",
        output.status,
        stdout(output)
    );
}

#[test]
fn exchange_prints_the_serial_monitor_lines() {
    let server = TestServer::start(Answer::Send(b"OK\n".to_vec()));
    let output = run_client(&["--host", "127.0.0.1", "--port", &server.port(), "--ulang", "1"]);
    expect_clean_exit(&output, "bertukar pesan dengan server");
    let expected = format!(
        "\n[Menghubungkan ke 127.0.0.1:{} ... terhubung]\n[Mengirim pesan]\n[Balasan:]\nOK\n\n[Terputus]\n",
        server.port()
    );
    assert_eq!(
        stdout(&output),
        expected,
        "Keluaran serial monitor harus persis seperti di bab Lab 02."
    );
    assert_eq!(
        String::from_utf8_lossy(&server.received(0)),
        "Hai from ESP8266",
        "Pesan dikirim apa adanya, tanpa akhir baris (seperti client.print)."
    );
}

#[test]
fn message_option_is_sent_as_is() {
    let server = TestServer::start(Answer::Send(b"OK\n".to_vec()));
    let output =
        run_client(&["--port", &server.port(), "--ulang", "1", "--pesan", "suhu=25 lembap=60"]);
    expect_clean_exit(&output, "mengirim --pesan");
    assert_eq!(
        String::from_utf8_lossy(&server.received(0)),
        "suhu=25 lembap=60",
        "Isi --pesan harus dikirim persis, tanpa tambahan."
    );
}

#[test]
fn reply_without_newline_is_printed_after_the_timeout() {
    // The seed's Python server answers "OK" without '\n'.
    let server = TestServer::start(Answer::Send(b"OK".to_vec()));
    let started = Instant::now();
    let output = run_client(&["--port", &server.port(), "--ulang", "1", "--batas-waktu-ms", "300"]);
    expect_clean_exit(&output, "balasan tanpa '\\n'");
    let text = stdout(&output);
    assert!(
        text.contains(
            "[Balasan:]\nOK\n[Tanpa akhir baris: berhenti menunggu setelah 300 ms]\n\n[Terputus]\n"
        ),
        "Tanpa '\\n', klien menunggu sampai batas waktu lalu mencetak yang sudah diterima (OK) dan keterangannya.\n{text}"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "Klien harus menunggu batas waktu sebelum menyerah."
    );
}

#[test]
fn nothing_listening_fails_and_retries_after_the_pause() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = free.local_addr().unwrap().port().to_string();
    drop(free);
    let started = Instant::now();
    let output = run_client(&["--port", &port, "--ulang", "2", "--jeda-ms", "300"]);
    expect_clean_exit(&output, "tidak ada server");
    let text = stdout(&output);
    let failures =
        text.matches(&format!("[Menghubungkan ke 127.0.0.1:{port} ... koneksi gagal!]")).count();
    assert_eq!(
        failures, 2,
        "Dengan --ulang 2 dan tanpa server, klien mencoba dua kali dan mencetak 'koneksi gagal!]' dua kali.\n{text}"
    );
    assert!(!text.contains("[Mengirim pesan]"), "Tanpa koneksi, tidak ada yang dikirim.\n{text}");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "Percobaan kedua dilakukan setelah jeda (--jeda-ms)."
    );
}

#[test]
fn ulang_three_makes_exactly_three_connections() {
    let server = TestServer::start(Answer::Send(b"OK\n".to_vec()));
    let output = run_client(&["--port", &server.port(), "--ulang", "3", "--jeda-ms", "50"]);
    expect_clean_exit(&output, "--ulang 3");
    assert_eq!(
        stdout(&output).matches("[Terputus]").count(),
        3,
        "Tiga pengulangan, tiga kali '[Terputus]'."
    );
    assert_eq!(server.connections(), 3, "--ulang 3 harus membuat tepat 3 koneksi.");
    for i in 0..3 {
        assert_eq!(
            server.received(i),
            b"Hai from ESP8266",
            "Setiap koneksi mengirim pesannya sekali."
        );
    }
}

#[test]
fn server_that_closes_at_once_is_handled() {
    let server = TestServer::start(Answer::Close);
    let output = run_client(&["--port", &server.port(), "--ulang", "2", "--jeda-ms", "50"]);
    expect_clean_exit(&output, "server langsung menutup koneksi");
    let text = stdout(&output);
    let endings = [
        "[Server menutup koneksi sebelum akhir baris]",
        "[Koneksi putus saat mengirim]",
        "[Koneksi putus saat membaca balasan]",
    ];
    let handled = text.matches("terhubung]").count();
    let explained: usize = endings.iter().map(|e| text.matches(e).count()).sum();
    assert!(
        handled == 2 && explained == 2,
        "Setiap koneksi yang ditutup server harus dijelaskan, lalu klien lanjut.\n{text}"
    );
}

#[test]
fn very_long_reply_is_cut_without_panic() {
    let mut long = vec![b'x'; 10 * 1024];
    long.push(b'\n');
    let server = TestServer::start(Answer::Send(long));
    let output = run_client(&["--port", &server.port(), "--ulang", "1"]);
    expect_clean_exit(&output, "balasan 10 KB");
    let text = stdout(&output);
    let kept = klien_esp::REPLY_CAPACITY;
    let line = "x".repeat(kept);
    assert!(
        text.contains(&format!("[Balasan:]\n{line}\n")),
        "Hanya {kept} byte pertama yang disimpan dan dicetak.\n{text:.400}"
    );
    assert!(
        text.contains(&format!("[Balasan terlalu panjang: {} byte dibuang]", 10 * 1024 - kept)),
        "Sisa baris yang tidak muat dibaca lalu dibuang, dan jumlahnya dicetak.\n{text:.400}"
    );
}

#[test]
fn without_ulang_it_loops_like_arduino() {
    let server = TestServer::start(Answer::Send(b"OK\n".to_vec()));
    let client =
        RunningProgram::spawn(lab_binary!(), &["--port", &server.port(), "--jeda-ms", "50"]);
    let three = client.wait_stdout(STARTUP_TIMEOUT, |lines| {
        (lines.iter().filter(|l| *l == "[Terputus]").count() >= 3).then_some(())
    });
    assert!(
        three.is_some(),
        "Tanpa --ulang, klien terus mengulang seperti loop().\n{}",
        client.report()
    );
    assert!(server.connections() >= 3);
}

/// The `no_std` library, driven by fakes in virtual time.
mod logic {
    use super::fakes::{FakeConnection, FakeTime};
    use klien_esp::{Cycle, LineEnd, REPLY_CAPACITY, Settings, connect_server, read_until_newline};
    use std::cell::Cell;
    use std::rc::Rc;

    const SETTINGS: Settings = Settings {
        host: "192.168.43.85",
        port: 2004,
        message: "Hai from ESP8266",
        timeout_ms: 1000,
    };

    fn setup(incoming: &[(u64, &[u8])]) -> (FakeConnection, FakeTime) {
        let now = Rc::new(Cell::new(0));
        (FakeConnection::new(&now, incoming), FakeTime { now })
    }

    fn reply_of(cycle: Cycle) -> klien_esp::Reply {
        match cycle {
            Cycle::Replied(reply) => reply,
            other => panic!("Harus ada balasan, tetapi hasilnya {other:?}"),
        }
    }

    #[test]
    fn a_full_cycle_sends_reads_prints_and_stops() {
        let (mut connection, mut time) = setup(&[(5, b"OK\n")]);
        let mut serial = String::new();
        let reply = reply_of(connect_server(&mut connection, &mut serial, &mut time, &SETTINGS));
        assert_eq!(reply.text.as_slice(), b"OK");
        assert_eq!(reply.ended_by, LineEnd::Newline);
        assert_eq!(connection.sent, b"Hai from ESP8266", "Pesan dikirim sekali, apa adanya.");
        assert_eq!(connection.stops, 1, "Koneksi ditutup (stop) tepat sekali per siklus.");
        assert_eq!(
            serial,
            "\n[Menghubungkan ke 192.168.43.85:2004 ... terhubung]\n[Mengirim pesan]\n[Balasan:]\nOK\n\n[Terputus]\n"
        );
    }

    #[test]
    fn a_refused_connection_prints_the_failure_and_sends_nothing() {
        let (mut connection, mut time) = setup(&[]);
        connection.accept_connect = false;
        let mut serial = String::new();
        let cycle = connect_server(&mut connection, &mut serial, &mut time, &SETTINGS);
        assert_eq!(cycle, Cycle::ConnectFailed);
        assert!(connection.sent.is_empty());
        assert_eq!(serial, "\n[Menghubungkan ke 192.168.43.85:2004 ... koneksi gagal!]\n");
    }

    #[test]
    fn without_newline_it_waits_exactly_the_timeout() {
        let (mut connection, mut time) = setup(&[(10, b"OK")]);
        let reply = read_until_newline(&mut connection, &mut time, 1000)
            .unwrap_or_else(|_| panic!("no error"));
        assert_eq!(reply.text.as_slice(), b"OK");
        assert_eq!(reply.ended_by, LineEnd::Timeout);
        let waited = time.now.get();
        assert!(
            (1010..1020).contains(&waited),
            "Batas waktu dihitung sejak byte terakhir (10 ms) selama 1000 ms; klien berhenti pada {waited} ms."
        );
    }

    #[test]
    fn the_timeout_counts_from_the_last_byte_like_arduino() {
        let (mut connection, mut time) = setup(&[(0, b"O"), (900, b"K"), (1800, b"\n")]);
        let reply = read_until_newline(&mut connection, &mut time, 1000)
            .unwrap_or_else(|_| panic!("no error"));
        assert_eq!(
            reply.text.as_slice(),
            b"OK",
            "Byte yang datang sebelum batas waktu (dihitung dari byte sebelumnya) tetap diterima."
        );
        assert_eq!(reply.ended_by, LineEnd::Newline);
    }

    #[test]
    fn nothing_after_the_newline_is_taken() {
        let (mut connection, mut time) = setup(&[(0, b"OK\nBERIKUTNYA")]);
        let reply = read_until_newline(&mut connection, &mut time, 1000)
            .unwrap_or_else(|_| panic!("no error"));
        assert_eq!(reply.text.as_slice(), b"OK");
        assert_eq!(
            connection.unread(),
            b"BERIKUTNYA",
            "Baca hanya sampai '\\n': sisanya milik baris berikutnya."
        );
    }

    #[test]
    fn a_closed_connection_ends_the_line() {
        let (mut connection, mut time) = setup(&[(0, b"O")]);
        connection.close_at_end = true;
        let reply = read_until_newline(&mut connection, &mut time, 1000)
            .unwrap_or_else(|_| panic!("no error"));
        assert_eq!(reply.text.as_slice(), b"O");
        assert_eq!(reply.ended_by, LineEnd::Closed);
        assert!(
            time.now.get() < 1000,
            "Koneksi yang ditutup tidak perlu ditunggu sampai batas waktu."
        );
    }

    #[test]
    fn a_long_line_fills_the_buffer_and_drops_the_rest() {
        let mut long = vec![b'a'; REPLY_CAPACITY + 300];
        long.push(b'\n');
        let (mut connection, mut time) = setup(&[(0, &long)]);
        let reply = read_until_newline(&mut connection, &mut time, 1000)
            .unwrap_or_else(|_| panic!("no error"));
        assert_eq!(reply.text.len(), REPLY_CAPACITY);
        assert_eq!(reply.dropped, 300);
        assert_eq!(reply.ended_by, LineEnd::Newline, "Sisa baris tetap dibaca sampai '\\n'.");
    }

    #[test]
    fn a_crlf_line_loses_its_carriage_return() {
        let (mut connection, mut time) = setup(&[(0, b"OK\r\n")]);
        let reply = read_until_newline(&mut connection, &mut time, 1000)
            .unwrap_or_else(|_| panic!("no error"));
        assert_eq!(reply.text.as_slice(), b"OK");
    }
}
