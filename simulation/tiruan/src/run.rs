//! The node's main loop on a virtual clock: time jumps straight to the
//! node's next wake-up, so ten minutes of scenario take a blink, and the
//! same steps happen in the same order on every machine.

use crate::scenario::{DURATION_MS, ScenarioBoard};
use crate::server::ScriptedServer;
use crate::transcript::{Direction, LogLines, Transcript};
use core::cell::{Cell, RefCell};
use core::fmt::Write;
use rumah_pintar::node::{EncodeFn, Node, NodeConfig, Schedule, Wake};
use rumah_pintar::protocol::NodeId;

/// The node's name and session in the run (fixed, so runs compare).
pub const NODE_ID: &str = "qemu-1";
pub const SESSION: u32 = 0x5eed;
/// The node's period (its `HALO` says so): build the schedule with it,
/// starting at 0 ms, e.g. `HomeSchedule::new(PERIOD_S, 0)`.
pub const PERIOD_S: u32 = 5;
/// After the scenario, how long the node may take to empty its queue.
const DRAIN_LIMIT_MS: u64 = 120_000;
/// While an answer is awaited, the clock moves in small steps.
const NETWORK_STEP_MS: u64 = 10;

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Messages still unanswered at the end (0 when all went well).
    pub left_in_queue: usize,
    pub steps: u64,
    pub lines: u32,
    /// The node found a mistake in the code it runs (a line `encode` wrote
    /// that the protocol does not read back, a `tick` that asked for a time
    /// already past) and the run stopped there; the transcript says which.
    pub faulty: bool,
}

impl Outcome {
    /// The node came through the scenario and every message was answered.
    pub fn succeeded(&self) -> bool {
        self.left_in_queue == 0 && !self.faulty
    }
}

/// Plays the scenario with the node made of `encode` (langkah 1) and
/// `schedule` (langkah 6) on the scenario's sensors, and writes the
/// transcript to `out`.
pub fn run<P: Schedule, W: Write>(out: W, encode: EncodeFn, mut schedule: P) -> Outcome {
    let now = Cell::new(0u64);
    let transcript = RefCell::new(Transcript::new(out));
    let mut sensors = ScenarioBoard::new(&now);
    let mut server = ScriptedServer::new(&now, &transcript);
    let mut log = LogLines { now: &now, transcript: &transcript, pending: heapless::String::new() };
    let id = NodeId::try_from(NODE_ID).unwrap_or_default();
    let config = NodeConfig { period_s: PERIOD_S, ..NodeConfig::new(id, SESSION) };
    let mut node = Node::new(config, encode, now.get());
    // The door LED starts off (the board switches it off at boot).
    let mut led_lit = false;
    let mut steps = 0;

    loop {
        if now.get() >= DURATION_MS {
            node.stop_producing();
            if node.is_idle() || now.get() >= DURATION_MS + DRAIN_LIMIT_MS {
                break;
            }
        }
        let wake = node.step(now.get(), &mut server, &mut sensors, &mut schedule, &mut log);
        steps += 1;
        // What the board's loop does with its pin, the transcript notes.
        if node.led_lit() != led_lit {
            led_lit = node.led_lit();
            let text = if led_lit { "LED pintu menyala" } else { "LED pintu padam" };
            transcript.borrow_mut().line(now.get(), Direction::Event, text);
        }
        if let Some(fault) = node.fault() {
            let mut text: heapless::String<768> = heapless::String::new();
            let _ = write!(text, "node berhenti: {fault}");
            transcript.borrow_mut().line(now.get(), Direction::Event, &text);
            break;
        }
        let next = match wake {
            Wake::Network => now.get() + NETWORK_STEP_MS,
            // Nothing due before the scenario ends: go to its end.
            Wake::At(at) => at.max(now.get() + 1).min(DURATION_MS.max(now.get() + 1)),
        };
        now.set(next);
    }

    let left_in_queue = node.queued();
    let faulty = node.fault().is_some();
    let mut transcript = transcript.into_inner();
    let mut summary: heapless::String<96> = heapless::String::new();
    let _ = write!(summary, "selesai: {steps} langkah, {left_in_queue} pesan tersisa");
    transcript.line(now.get(), Direction::Event, &summary);
    Outcome { left_in_queue, steps, lines: transcript.lines, faulty }
}
