//! This client against the original module's Python server
//! (book/asli/server.py), which answers "OK" without '\n': the client
//! waits for its timeout, then prints what it got. Needs python3.

use std::process::Command;

#[test]
fn the_seeds_server_makes_the_client_wait_for_its_timeout() {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("python3 tidak ada: uji dengan server Python asli dilewati");
        return;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../book/asli/server.py");
    let server = uji::RunningProgram::spawn("python3", &["-u", script, "127.0.0.1", &port]);
    server
        .wait_line(0, uji::STARTUP_TIMEOUT, |l| l.starts_with("Server started"))
        .expect("the Python server starts");

    let output = assert_cmd::Command::new(env!("CARGO_BIN_EXE_solusi02-klien-esp"))
        .args(["--port", &port, "--ulang", "1"])
        .timeout(uji::STARTUP_TIMEOUT)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains("[Balasan:]\nOK\n[Tanpa akhir baris: berhenti menunggu setelah 1000 ms]"),
        "{text}"
    );
    uji::book_output::check("lab02-dengan-server-python", &text);
}
