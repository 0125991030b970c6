//! The original module's Python server (book/asli/server.py) really has the
//! two bugs the Lab 01 chapter describes. Needs python3; skipped without it.

use std::net::TcpListener;
use std::process::Command;
use std::time::Duration;
use uji::client::NoLine;
use uji::{REPLY_TIMEOUT, RunningProgram, TestClient};

#[test]
fn one_clients_ok_goes_to_another_and_has_no_newline() {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("python3 tidak ada: uji server Python asli dilewati");
        return;
    }
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../asli/server.py");
    let server = RunningProgram::spawn("python3", &["-u", script, "127.0.0.1", &port.to_string()]);
    server
        .wait_line(0, REPLY_TIMEOUT, |l| l.starts_with("Server started"))
        .expect("the Python server starts");
    let addr = ([127, 0, 0, 1], port).into();

    let mut a = TestClient::connect(addr, "klien A");
    server.wait_line(0, REPLY_TIMEOUT, |l| l.starts_with("Incoming")).expect("A is accepted");
    let mut b = TestClient::connect(addr, "klien B");
    let accepted = server.wait_stdout(REPLY_TIMEOUT, |lines| {
        (lines.iter().filter(|l| l.starts_with("Incoming")).count() == 2).then_some(())
    });
    accepted.expect("B is accepted");

    a.send(b"halo dari A");
    // Bug 1: the global `conn` now holds B's socket, so A's "OK" goes to B.
    // Bug 2: it is "OK" without '\n', so a line reader waits until its timeout.
    match b.read_line(Duration::from_secs(3)) {
        Err(NoLine::TimedOut(partial)) => assert_eq!(partial, b"OK"),
        other => panic!("B should get A's \"OK\" without a newline, got {other:?}"),
    }
    a.expect_silence(Duration::from_millis(500), "A's reply went to B.");
}
