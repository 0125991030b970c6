//! The two reference solutions talk to each other: the Lab 01 server (run
//! in-process from its library) and this client (run as its binary).

use std::net::SocketAddr;

#[test]
fn lab01_server_and_lab02_client_talk() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let address: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let listener = server_echo::listener::create_listener(address, 4).unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(listener).unwrap();
        server_echo::server::run(listener, async {
            let _ = stopped.await;
        })
        .await;
    });

    let output = assert_cmd::Command::new(env!("CARGO_BIN_EXE_solusi02-klien-esp"))
        .args(["--port", &port, "--ulang", "2", "--jeda-ms", "50", "--batas-waktu-ms", "5000"])
        .timeout(uji::STARTUP_TIMEOUT)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    // Our server ends its reply with '\n', so the client never waits for its timeout.
    assert_eq!(text.matches("[Balasan:]\nOK\n\n[Terputus]").count(), 2, "{text}");
    assert!(!text.contains("Tanpa akhir baris"), "{text}");
    uji::book_output::check("lab02-dengan-lab01", &text);

    let _ = stop.send(());
    runtime.block_on(server).unwrap();
}
