//! Answering one line: the protocol's rules for a connection.

use super::access::AccessList;
use super::storage::Storage;
// Step 3 uses these: remove the `allow` when it is done.
#[allow(unused_imports)]
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
/// Answers one line of a connection (without its line ending).
///
/// - `HALO` records the node (its session and period) and greets it.
/// - `DATA` and `RFID` need a `HALO` first, with the same `id`.
/// - A `seq` at or below the last one stored for the node's session is a
///   resend after a reconnect: answered again (a door the same way as the
///   first time), never stored again.
/// - Anything wrong becomes `ERR <code> <message>`; the connection goes on.
pub fn handle_line(
    line: &str,
    state: &mut ConnectionState,
    context: &Context,
    now_ms: i64,
) -> Reply {
    // TODO(langkah 3): aturan protokol untuk satu baris.
    //   1. `Message::parse(line)`; kalau gagal, jawab `Reply::Error(error)`.
    //   2. Kunci penyimpanan: `let storage = context.storage.lock().unwrap_or_else(|e| e.into_inner());`
    //      Kesalahan penyimpanan dijawab `Reply::Error(ProtocolError::new(ErrorCode::StorageFailed))`.
    //   3. HALO: `storage.record_halo(id, session, period_s, now_ms)`, lalu
    //      `state.node = Some((id, session))`, jawab `Reply::Welcome`.
    //   4. DATA/RFID tanpa HALO sebelumnya: `ErrorCode::NoHalo`. Dengan id lain dari id
    //      pada HALO: `ProtocolError::about(ErrorCode::OtherId, id)`.
    //   5. Pesan ulang (`seq <= storage.last_seq(id, sesi)`) dijawab lagi tetapi TIDAK disimpan.
    //      RFID ulang dijawab seperti jawaban pertamanya (`storage.door_result`).
    //   6. DATA baru: `storage.store_reading(...)`, jawab `Reply::Stored(seq)`.
    //      RFID baru: `context.access.allows(&uid)`, `storage.store_door_event(...)`,
    //      jawab `Reply::Open(seq)` atau `Reply::Refused(seq)`.
    let _ = (state, context, now_ms);
    todo!("Langkah 3: handle_line untuk {line:?}")
}
// ANCHOR_END: handle_line
