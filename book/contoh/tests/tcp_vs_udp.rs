//! The claims the chapter "TCP vs UDP" makes, checked on real sockets.

use std::io::ErrorKind;

#[test]
fn tcp_refuses_at_once_when_nobody_listens() {
    assert_eq!(contoh::tcp::connect_without_listener().kind(), ErrorKind::ConnectionRefused);
}

#[test]
fn udp_sends_even_when_nobody_listens() {
    assert_eq!(contoh::udp::send_without_listener().expect("send_to succeeds"), 5);
}

#[test]
fn tcp_delivers_the_bytes_in_order_without_boundaries() {
    let reads = contoh::tcp::two_writes_one_stream().expect("loopback works");
    assert_eq!(reads.concat(), "satudua");
}

#[test]
fn udp_keeps_each_datagram_whole() {
    assert_eq!(contoh::udp::two_datagrams().expect("loopback works"), ["satu", "dua"]);
}

#[test]
fn udp_drops_what_a_full_receive_buffer_cannot_hold() {
    let arrived = contoh::udp::busy_receiver_loses_datagrams(200).expect("loopback works");
    assert!(arrived < 200, "all 200 datagrams arrived; the receive buffer should have overflowed");
}

#[test]
fn the_demo_program_runs() {
    let output =
        std::process::Command::new(env!("CARGO_BIN_EXE_tcp-vs-udp")).output().expect("runs");
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("ConnectionRefused") && text.contains("[\"satu\", \"dua\"]"), "{text}");
    uji::book_output::check("tcp-vs-udp", &text);
}
