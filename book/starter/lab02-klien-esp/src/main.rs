//! Runs the Lab 02 client on the PC: `loop()` of the seed's sketch, with
//! std's TCP as the Wi-Fi, stdout as the serial monitor and the real clock.
//! This file and `host.rs` are given: the lab's work is in the library.

mod host;

use clap::Parser;
use embedded_hal::delay::DelayNs;
use klien_esp::{Settings, connect_server};

/// Klien socket "ESP8266" di PC: menghubungi server, mengirim pesan,
/// mencetak balasan, lalu mengulang seperti loop() di Arduino.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Alamat server (di papan ESP8266: alamat IP komputer server, bukan localhost)
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port server
    #[arg(long, default_value_t = 2004)]
    port: u16,
    /// Pesan yang dikirim, apa adanya (tanpa akhir baris), seperti client.print
    #[arg(long, default_value = "Hai from ESP8266")]
    pesan: String,
    /// Jeda antarpengulangan dalam milidetik, seperti delay(3000)
    #[arg(long, default_value_t = 3000)]
    jeda_ms: u32,
    /// Berhenti setelah sekian pengulangan (tanpa opsi ini: terus berulang)
    #[arg(long)]
    ulang: Option<u64>,
    /// Berapa lama menunggu lanjutan balasan, seperti setTimeout(1000)
    #[arg(long, default_value_t = 1000)]
    batas_waktu_ms: u32,
}

fn main() {
    let args = Args::parse();
    let settings = Settings {
        host: &args.host,
        port: args.port,
        message: &args.pesan,
        timeout_ms: args.batas_waktu_ms,
    };
    let mut connection = host::StdConnection::default();
    let mut serial = host::Stdout;
    let mut time = host::StdTime::new();

    // ANCHOR: loop
    let mut cycles = 0;
    loop {
        connect_server(&mut connection, &mut serial, &mut time, &settings);
        cycles += 1;
        if args.ulang == Some(cycles) {
            break;
        }
        time.delay_ms(args.jeda_ms);
    }
    // ANCHOR_END: loop
}
