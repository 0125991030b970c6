//! The accept loop and the per-client loop.

use crate::display::printable;
use std::future::Future;
use std::io::Write;
use std::net::SocketAddr;
use tokio::net::{TcpListener, TcpStream};

/// Same receive size as the seed's `conn.recv(2048)`.
const BUFFER_SIZE: usize = 2048;

/// Serves clients until `shutdown` completes (Ctrl-C in `main`, a channel in tests).
pub async fn run(listener: TcpListener, shutdown: impl Future<Output = ()>) {
    tokio::select! {
        _ = accept_loop(listener) => {}
        _ = shutdown => {}
    }
}

// ANCHOR: accept_loop
/// Accepts connections forever; each client gets its own task and its own stream.
async fn accept_loop(listener: TcpListener) {
    // TODO(langkah 2): loop yang menerima koneksi tanpa henti.
    //   - `listener.accept().await` memberi `(stream, peer)` atau sebuah kesalahan.
    //   - Untuk setiap koneksi cetak `Koneksi masuk dari {peer}`, lalu jalankan
    //     `handle_client(stream, peer)` di task sendiri dengan `tokio::spawn`.
    //     Stream dipindahkan (move) ke task itu: tidak ada klien lain yang bisa
    //     menulis ke sana. Inilah perbaikan bug `conn` bersama di server Python.
    //   - Kalau accept gagal (misalnya terlalu banyak file terbuka), cetak
    //     kesalahannya ke stderr dan lanjutkan loop: server tidak boleh berhenti.
    todo!("Langkah 2: loop accept di {:?}", listener.local_addr())
}
// ANCHOR_END: accept_loop

// ANCHOR: handle_client
/// Reads from one client and answers `OK\n` to every read, until it leaves.
pub async fn handle_client(stream: TcpStream, peer: SocketAddr) {
    // TODO(langkah 3): loop per klien.
    //   - Siapkan buffer `[0u8; BUFFER_SIZE]` dan baca dengan `stream.read(&mut buffer).await`
    //     (butuh `use tokio::io::{AsyncReadExt, AsyncWriteExt};` dan `let mut stream`).
    //   - `Ok(0)` artinya klien menutup koneksi: keluar dari loop.
    //   - `Err(e)` (misalnya koneksi di-reset): cetak, lalu selesai. Hanya task
    //     klien ini yang berakhir; klien lain tetap dilayani.
    //   - `Ok(n)`: panggil `report_read(&buffer[..n])`, lalu balas
    //     `stream.write_all(b"OK\n").await`. Jangan lupa '\n': ESP8266 membaca
    //     dengan readStringUntil('\n').
    //   - Setelah loop, cetak `Koneksi dari {peer} ditutup` (tidak dinilai, tetapi
    //     membantu saat mencoba dengan tangan).
    todo!("Langkah 3: layani klien {peer} ({BUFFER_SIZE} byte per baca) lewat {stream:?}")
}

// ANCHOR_END: handle_client

// ANCHOR: report_read
/// Prints the two lines the seed prints per read, kept together even when
/// many clients print at the same time.
#[allow(dead_code)] // used once step 3 is done
fn report_read(data: &[u8]) {
    let mut out = std::io::stdout().lock();
    // A closed stdout is no reason to drop a client: ignore print errors.
    let _ = writeln!(out, "Panjang data: {}", data.len());
    let _ = writeln!(out, "Data diterima: {}", printable(data));
}
// ANCHOR_END: report_read
