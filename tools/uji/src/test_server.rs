//! A scripted TCP server for testing clients: it records what each
//! connection sent and answers in a chosen way.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// How the server answers each connection.
#[derive(Clone)]
pub enum Answer {
    /// Reads the client's message, sends these bytes, and keeps the
    /// connection open until the client closes it.
    Send(Vec<u8>),
    /// Closes each connection as soon as it is accepted.
    Close,
}

pub struct TestServer {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl TestServer {
    /// Listens on 127.0.0.1 on a port chosen by the system.
    pub fn start(answer: Answer) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("an ephemeral port is free");
        let addr = listener.local_addr().expect("bound");
        let received = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&received);
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let index = {
                    let mut all = record.lock().unwrap_or_else(|e| e.into_inner());
                    all.push(Vec::new());
                    all.len() - 1
                };
                let (record, answer) = (Arc::clone(&record), answer.clone());
                thread::spawn(move || serve(stream, answer, &record, index));
            }
        });
        TestServer { addr, received }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn port(&self) -> String {
        self.addr.port().to_string()
    }

    /// How many connections were accepted so far.
    pub fn connections(&self) -> usize {
        self.received.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// What connection `index` (from 0) has sent so far.
    pub fn received(&self, index: usize) -> Vec<u8> {
        self.received
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(index)
            .cloned()
            .unwrap_or_default()
    }
}

fn serve(mut stream: TcpStream, answer: Answer, record: &Mutex<Vec<Vec<u8>>>, index: usize) {
    let Answer::Send(reply) = answer else { return };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut buffer = [0u8; 4096];
    let mut answered = false;
    // Record everything until the client closes; answer after the first read.
    while let Ok(n) = stream.read(&mut buffer) {
        if n == 0 {
            break;
        }
        record.lock().unwrap_or_else(|e| e.into_inner())[index].extend_from_slice(&buffer[..n]);
        if !answered {
            answered = true;
            if stream.write_all(&reply).is_err() {
                break;
            }
        }
    }
}
