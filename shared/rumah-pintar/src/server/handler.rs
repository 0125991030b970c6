//! Answering one line: the protocol's rules for a connection.

use super::access::AccessList;
use super::storage::Storage;
use crate::protocol::{ErrorCode, Message, NodeId, ProtocolError, Reply};
use std::sync::Mutex;

/// What the server shares between all connections.
pub struct Context {
    pub storage: Mutex<Storage>,
    pub access: AccessList,
}

/// What the server remembers about one connection: who said HALO.
#[derive(Debug, Default)]
pub struct ConnectionState {
    pub node: Option<(NodeId, u32)>,
}

// ANCHOR: handle_line
/// Menjawab satu baris dari sebuah koneksi (tanpa akhir barisnya).
///
/// - `HALO` mencatat node (sesi dan periodenya) lalu menyapanya.
/// - `DATA` dan `RFID` butuh `HALO` lebih dulu, dengan `id` yang sama.
/// - `seq` yang tidak lebih besar dari `seq` terakhir yang tersimpan untuk
///   sesi node itu adalah pesan ulang sesudah koneksi putus: dijawab lagi
///   (pintu dengan jawaban yang sama seperti pertama kali), tidak disimpan lagi.
/// - Apa pun yang salah menjadi `ERR <kode> <pesan>`; koneksi berjalan terus.
pub fn handle_line(
    line: &str,
    state: &mut ConnectionState,
    context: &Context,
    now_ms: i64,
) -> Reply {
    let message = match Message::parse(line) {
        Ok(message) => message,
        Err(error) => return Reply::Error(error),
    };
    let storage = context.storage.lock().unwrap_or_else(|e| e.into_inner());
    let storage_failed = |_| Reply::Error(ProtocolError::new(ErrorCode::StorageFailed));

    if let Message::Halo { id, session, period_s } = &message {
        if let Err(e) = storage.record_halo(id, *session, *period_s, now_ms) {
            return storage_failed(e);
        }
        state.node = Some((id.clone(), *session));
        return Reply::Welcome;
    }
    let Some((node_id, session)) = &state.node else {
        return Reply::Error(ProtocolError::new(ErrorCode::NoHalo));
    };
    if message.id() != node_id.as_str() {
        return Reply::Error(ProtocolError::about(ErrorCode::OtherId, message.id()));
    }
    let seq = message.seq().unwrap_or(0);
    let last = match storage.last_seq(node_id, *session) {
        Ok(last) => last,
        Err(e) => return storage_failed(e),
    };
    let resend = seq <= last;
    match message {
        Message::Data { reading, .. } => {
            if !resend
                && let Err(e) = storage.store_reading(node_id, *session, seq, &reading, now_ms)
            {
                return storage_failed(e);
            }
            Reply::Stored(seq)
        }
        Message::Rfid { uid, .. } => {
            let opened = match (resend, storage.door_result(node_id, *session, seq)) {
                (true, Ok(Some(first_answer))) => first_answer,
                (_, Err(e)) => return storage_failed(e),
                (true, Ok(None)) => context.access.allows(&uid),
                (false, Ok(_)) => {
                    let allowed = context.access.allows(&uid);
                    if let Err(e) =
                        storage.store_door_event(node_id, *session, seq, &uid, allowed, now_ms)
                    {
                        return storage_failed(e);
                    }
                    allowed
                }
            };
            if opened { Reply::Open(seq) } else { Reply::Refused(seq) }
        }
        Message::Halo { .. } => unreachable!("HALO was answered above"),
    }
}
// ANCHOR_END: handle_line
