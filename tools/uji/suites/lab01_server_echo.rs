//! Graded tests for Lab 01 (server socket). The same file is compiled as the
//! `uji` test of `lab01-server-echo` (the starter) and `solusi01-server-echo`
//! (the solution); Cargo hands each one the path of its own binary.
//!
//! TCP is a byte stream: two writes may arrive as one read, or one write as
//! two reads. So a client here sends one message and waits for its `OK\n`
//! before it sends the next.

use std::net::TcpListener;
use std::thread;
use std::time::Duration;
use uji::{REPLY_TIMEOUT, ServerProcess, TestClient, lab_binary};

fn start_server() -> ServerProcess {
    ServerProcess::start(lab_binary!(), &["--host", "127.0.0.1", "--port", "0"])
}

/// Waits for the two lines the server prints per read, for a read of `sent`.
fn expect_read_report(server: &ServerProcess, sent: &str, printed: &str) {
    let wanted_length = format!("Panjang data: {}", sent.len());
    let wanted_data = format!("Data diterima: {printed}");
    let found = server.wait_stdout(REPLY_TIMEOUT, |lines| {
        lines.windows(2).any(|w| w[0] == wanted_length && w[1] == wanted_data).then_some(())
    });
    assert!(
        found.is_some(),
        "Setelah menerima {sent:?}, server harus mencetak dua baris berurutan:\n    {wanted_length}\n    {wanted_data}\n{}",
        server.report()
    );
}

#[test]
fn startup_line_shows_real_port() {
    let server = ServerProcess::start(
        lab_binary!(),
        &["--host", "127.0.0.1", "--port", "0", "--backlog", "8"],
    );
    let lines = server.stdout_lines();
    assert!(
        lines[0].starts_with("Server berjalan di 127.0.0.1:"),
        "Baris pertama keluaran server harus 'Server berjalan di 127.0.0.1:<port>', tetapi tertulis '{}'.",
        lines[0]
    );
    let starts = lines.iter().filter(|l| l.starts_with("Server berjalan di")).count();
    assert_eq!(
        starts, 1,
        "Baris 'Server berjalan di' harus dicetak tepat sekali (bukan di dalam loop accept seperti server Python)."
    );
    // The printed port must be the one really listening.
    let mut client = server.client("klien");
    client.send(b"halo");
    client.expect_ok("\"halo\"");
}

#[test]
fn one_client_gets_ok() {
    let server = start_server();
    let mut client = server.client("klien");
    let connection_line = format!("Koneksi masuk dari {}", client.local_addr());
    let seen = server.wait_line(0, REPLY_TIMEOUT, |l| l == connection_line);
    assert!(
        seen.is_some(),
        "Setelah klien terhubung, server harus mencetak '{connection_line}'.\n{}",
        server.report()
    );

    client.send(b"Hai from ESP8266");
    client.expect_ok("\"Hai from ESP8266\"");
    expect_read_report(&server, "Hai from ESP8266", "Hai from ESP8266");
}

#[test]
fn twenty_concurrent_clients_each_get_their_own_ok() {
    const CLIENTS: usize = 20;
    const MESSAGES: usize = 5;
    let server = start_server();
    let mut clients: Vec<TestClient> =
        (1..=CLIENTS).map(|i| server.client(&format!("klien {i}"))).collect();
    // The silent client connects last. In the seed's Python server, `conn`
    // is then this client's socket, and every "OK" goes to it.
    let mut silent = server.client("klien diam");
    let all_accepted = server.wait_stdout(REPLY_TIMEOUT, |lines| {
        (lines.iter().filter(|l| l.starts_with("Koneksi masuk dari")).count() > CLIENTS)
            .then_some(())
    });
    assert!(
        all_accepted.is_some(),
        "Server harus menerima (accept) {} koneksi yang terbuka bersamaan.\n{}",
        CLIENTS + 1,
        server.report()
    );

    // Each client reports its first problem; the test fails once, with the
    // first report and how many clients had one.
    let workers: Vec<_> = clients
        .drain(..)
        .map(|mut client| {
            thread::spawn(move || -> Result<(), String> {
                for m in 1..=MESSAGES {
                    let message = format!("{} pesan {m}", client.name());
                    client.send(message.as_bytes());
                    client.check_ok(&format!("{message:?}"))?;
                }
                client.check_silence(
                    Duration::from_millis(300),
                    "Setiap pesan harus dibalas tepat satu \"OK\\n\".",
                )
            })
        })
        .collect();
    let problems: Vec<String> = workers
        .into_iter()
        .filter_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)).err())
        .collect();
    if let Some(first) = problems.first() {
        panic!(
            "{} dari {CLIENTS} klien tidak dilayani dengan benar. Yang pertama:\n{first}",
            problems.len()
        );
    }
    silent.expect_silence(
        Duration::from_millis(500),
        "Klien ini tidak mengirim apa pun, jadi tidak boleh menerima balasan. \
         Balasan klien lain nyasar ke sini: apakah semua klien memakai satu variabel koneksi bersama (seperti `conn` di server Python)?",
    );
}

#[test]
fn message_of_10_kb() {
    let server = start_server();
    let message: String = (0..10 * 1024).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
    let mut client = server.client("klien");
    client.send(message.as_bytes());
    client.finish_sending();
    let replies = client.read_to_end(REPLY_TIMEOUT);
    let replies = String::from_utf8_lossy(&replies).to_string();
    let oks = replies.matches("OK\n").count();
    assert!(
        oks >= 1 && replies == "OK\n".repeat(oks),
        "Untuk pesan 10 KB server harus membalas \"OK\\n\" sekali untuk setiap kali membaca, tetapi balasannya {replies:?}."
    );

    // TCP may deliver 10 KB in several reads: each read is reported, with
    // its two lines (wait for both: the second may still be on its way).
    let report = server.wait_stdout(REPLY_TIMEOUT, |lines| {
        let lengths: Vec<usize> =
            lines.iter().filter_map(|l| l.strip_prefix("Panjang data: ")?.parse().ok()).collect();
        let data: String = lines.iter().filter_map(|l| l.strip_prefix("Data diterima: ")).collect();
        let complete =
            lengths.iter().sum::<usize>() >= message.len() && data.len() >= message.len();
        complete.then_some((lengths, data))
    });
    let Some((lengths, received)) = report else {
        panic!(
            "Jumlah semua 'Panjang data: <n>' harus {} byte, dan setiap pembacaan dicetak di 'Data diterima'.\n{}",
            message.len(),
            server.report()
        );
    };
    assert_eq!(
        lengths.iter().sum::<usize>(),
        message.len(),
        "Jumlah semua 'Panjang data' harus tepat 10240."
    );
    assert_eq!(
        lengths.len(),
        oks,
        "Server membaca {} kali tetapi membalas {oks} kali \"OK\\n\": balas sekali per pembacaan.",
        lengths.len()
    );
    assert!(
        received == message,
        "Gabungan baris 'Data diterima' harus sama dengan pesan 10 KB yang dikirim."
    );
}

#[test]
fn reset_client_leaves_others_served() {
    let mut server = start_server();
    let mut steady = server.client("klien tetap");
    steady.send(b"pertama");
    steady.expect_ok("\"pertama\"");

    let mut crashing = server.client("klien yang putus");
    crashing.send(b"sebentar");
    crashing.expect_ok("\"sebentar\"");
    crashing.reset();
    thread::sleep(Duration::from_millis(200));

    steady.send(b"kedua");
    steady.expect_ok("\"kedua\" setelah klien lain putus mendadak (RST)");
    let mut newcomer = server.client("klien baru");
    newcomer.send(b"halo");
    newcomer.expect_ok("\"halo\" setelah klien lain putus mendadak (RST)");
    assert!(
        server.is_running(),
        "Server berhenti setelah satu klien putus mendadak.\n{}",
        server.report()
    );
    assert!(
        !server.stderr_text().contains("panicked"),
        "Server panik (panic) saat klien putus:\n{}",
        server.report()
    );
}

#[test]
fn two_hundred_sequential_connections() {
    let mut server = start_server();
    for i in 1..=200 {
        let mut client = server.client(&format!("koneksi ke-{i}"));
        client.send(format!("pesan {i}").as_bytes());
        client.expect_ok(&format!("\"pesan {i}\""));
    }
    assert!(
        server.is_running(),
        "Server harus tetap berjalan setelah 200 koneksi.\n{}",
        server.report()
    );
}

#[test]
fn telnet_crlf_line() {
    let server = start_server();
    let mut client = server.client("telnet");
    client.send(b"halo server\r\n");
    client.expect_ok("\"halo server\\r\\n\" (seperti telnet)");
    // Control characters are printed escaped, on one line.
    expect_read_report(&server, "halo server\r\n", "halo server\\r\\n");
}

#[test]
fn port_in_use_is_reported() {
    let occupied = TcpListener::bind("127.0.0.1:0").expect("an ephemeral port is free");
    let port = occupied.local_addr().expect("bound").port().to_string();
    let output = assert_cmd::Command::new(lab_binary!())
        .args(["--host", "127.0.0.1", "--port", &port])
        .timeout(uji::STARTUP_TIMEOUT)
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "Port {port} sedang dipakai, jadi server harus keluar dengan kode bukan 0."
    );
    assert!(
        !stderr.contains("panicked"),
        "Port terpakai bukan alasan untuk panic: tampilkan pesan yang jelas. stderr:\n{stderr}"
    );
    assert!(
        stderr.contains("sudah dipakai") && stderr.contains(&port),
        "Pesan kesalahan harus menyebut bahwa port {port} sudah dipakai. stderr:\n{stderr}"
    );
    drop(occupied);
}

/// Runs the server with an address it cannot use and returns its stderr.
fn expect_start_refused(host: &str, why: &str) -> String {
    let output = assert_cmd::Command::new(lab_binary!())
        .args(["--host", host, "--port", "0"])
        .timeout(uji::STARTUP_TIMEOUT)
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(
        !stderr.contains("panicked"),
        "Alamat {host} ({why}) bukan alasan untuk panic: kembalikan kesalahannya dengan `?`. stderr:\n{stderr}"
    );
    assert!(
        !output.status.success(),
        "Alamat {host} {why}, jadi server harus keluar dengan kode bukan 0."
    );
    stderr
}

#[test]
fn invalid_address_is_reported() {
    let stderr = expect_start_refused("300.1.2.3", "bukan alamat IP");
    assert!(
        stderr.contains("tidak valid"),
        "Pesan kesalahan harus menyebut alamat yang tidak valid. stderr:\n{stderr}"
    );
    // 192.0.2.1 is reserved for documentation: no machine has it.
    let stderr = expect_start_refused("192.0.2.1", "bukan milik komputer ini");
    assert!(
        stderr.contains("bukan milik komputer ini"),
        "Pesan kesalahan harus menjelaskan bahwa alamat itu bukan milik komputer ini. stderr:\n{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let mut server = start_server();
    let mut client = server.client("klien");
    client.send(b"halo");
    client.expect_ok("\"halo\"");
    server.interrupt();
    let status = server.wait_exit(REPLY_TIMEOUT);
    let Some(status) = status else {
        panic!(
            "Server tidak berhenti dalam {} detik setelah Ctrl-C.\n{}",
            REPLY_TIMEOUT.as_secs(),
            server.report()
        );
    };
    assert!(
        status.success(),
        "Setelah Ctrl-C server harus berhenti dengan rapi (kode keluar 0), bukan {status}.\n{}",
        server.report()
    );
    let said_goodbye = server.stdout_lines().iter().any(|l| l.contains("Server dihentikan"));
    assert!(
        said_goodbye,
        "Setelah Ctrl-C server harus mencetak 'Server dihentikan.'\n{}",
        server.report()
    );
}
