//! Shows the difference between TCP and UDP on this computer:
//! `cargo run -p contoh --bin tcp-vs-udp`.

use contoh::{tcp, udp};
use std::io;

fn main() -> io::Result<()> {
    println!("1. Mengirim ke port yang tidak didengarkan siapa pun");
    let error = tcp::connect_without_listener();
    println!("   TCP: connect() gagal seketika: {:?}", error.kind());
    let sent = udp::send_without_listener()?;
    println!("   UDP: send_to() \"berhasil\" ({sent} byte), padahal tidak ada penerima");

    println!("2. Batas pesan");
    let reads = tcp::two_writes_one_stream()?;
    println!("   TCP: dua kali write (\"satu\", \"dua\"), penerima membaca {reads:?}");
    let datagrams = udp::two_datagrams()?;
    println!("   UDP: dua datagram, penerima menerima {datagrams:?}");

    println!("3. Penerima sibuk");
    let sent = 200;
    let arrived = udp::busy_receiver_loses_datagrams(sent)?;
    println!(
        "   UDP: {sent} datagram dikirim, hanya {arrived} yang sampai; pengirim tidak diberi tahu"
    );
    Ok(())
}
