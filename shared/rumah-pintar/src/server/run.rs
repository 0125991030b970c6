//! The server's accept loop and one task per node connection.

use super::framing::LineReader;
use super::handler::{ConnectionState, Context, handle_line};
use crate::protocol::Reply;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

/// Serves nodes until `shutdown` completes.
pub async fn run(
    listener: TcpListener,
    context: Arc<Context>,
    idle_timeout: Duration,
    shutdown: impl Future<Output = ()>,
) {
    let accept_loop = async {
        loop {
            match listener.accept().await {
                Ok((stream, peer)) => {
                    println!("[{peer}] terhubung");
                    tokio::spawn(serve(stream, peer, Arc::clone(&context), idle_timeout));
                }
                Err(e) => {
                    eprintln!("Gagal menerima koneksi: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    };
    tokio::select! {
        _ = accept_loop => {}
        _ = shutdown => {}
    }
}

/// One node: read a line, answer it, until the node leaves or stays silent
/// too long. Errors end this connection only.
async fn serve(stream: TcpStream, peer: SocketAddr, context: Arc<Context>, idle_timeout: Duration) {
    let (reader, mut writer) = stream.into_split();
    let mut lines = LineReader::new(reader);
    let mut state = ConnectionState::default();
    loop {
        let line = match tokio::time::timeout(idle_timeout, lines.next_line()).await {
            Err(_) => {
                println!(
                    "[{peer}] diam lebih dari {} detik: koneksi ditutup",
                    idle_timeout.as_secs()
                );
                return;
            }
            Ok(None) => break,
            Ok(Some(line)) => line,
        };
        let reply = match &line {
            Ok(text) => handle_line(text, &mut state, &context, now_ms()),
            Err(error) => Reply::Error(error.clone()),
        };
        let who = state.node.as_ref().map_or("?", |(id, _)| id.as_str()).to_string();
        let request = line.as_deref().map(short).unwrap_or("(baris ditolak)");
        let reply_line = reply.encode();
        println!("[{peer}] {who}: {request} -> {reply_line}");
        if writer.write_all(format!("{reply_line}\n").as_bytes()).await.is_err() {
            break;
        }
    }
    println!("[{peer}] koneksi ditutup");
}

/// The start of a line, for the log.
fn short(line: &str) -> &str {
    match line.char_indices().nth(100) {
        Some((end, _)) => &line[..end],
        None => line,
    }
}

fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}
