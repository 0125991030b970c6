//! Produces the server session shown in the Lab 01 chapter, from a real run
//! of the reference solution (see `uji::book_output`).

use uji::{REPLY_TIMEOUT, ServerProcess, TestClient};

#[test]
fn session_shown_in_the_book() {
    let mut server = ServerProcess::start(
        env!("CARGO_BIN_EXE_solusi01-server-echo"),
        &["--host", "127.0.0.1", "--port", "0"],
    );
    let mut esp = TestClient::connect(server.addr(), "ESP8266");
    esp.send(b"Hai from ESP8266");
    esp.expect_ok("\"Hai from ESP8266\"");
    drop(esp);
    server
        .wait_line(0, REPLY_TIMEOUT, |l| l.ends_with("ditutup"))
        .expect("the server reports the close");

    let mut telnet = TestClient::connect(server.addr(), "telnet");
    telnet.send(b"halo server\r\n");
    telnet.expect_ok("\"halo server\\r\\n\"");
    let before = server.stdout_lines().len();
    drop(telnet);
    server
        .wait_line(before, REPLY_TIMEOUT, |l| l.ends_with("ditutup"))
        .expect("the server reports the close");

    server.interrupt();
    server.wait_exit(REPLY_TIMEOUT).expect("Ctrl-C stops the server");
    let mut session = server.stdout_lines().join("\n");
    session.push('\n');
    uji::book_output::check("lab01-server", &session);
}
