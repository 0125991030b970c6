//! The node's main loop on the PC, playing a scenario.
//!
//! Two ways to let time pass:
//! - scaled time: the scenario follows the wall clock, faster by a factor
//!   (a demo: a day in a few minutes);
//! - virtual time: while the node is connected and has nothing to send,
//!   time jumps straight to its next event; otherwise (an answer is awaited,
//!   messages wait in the queue, the server is away) it runs at the wall
//!   clock's pace, so a server restart loses nothing. At the scenario's end
//!   the node sends what is left in its queue and stops: tests can expect
//!   exact counts however loaded the machine is.

use super::devices::{SensorParts, drive_led, split};
use super::tcp::TcpLink;
use crate::node::{EncodeFn, Node, NodeConfig, Schedule, Sensors, Wake};
use std::io::Write as _;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use virtual_hw::scenario::{Scenario, Stage};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TimeMode {
    Virtual,
    Scaled(f64),
}

pub struct RunOptions {
    pub server: SocketAddr,
    /// The student's `encode` (langkah 1).
    pub encode: EncodeFn,
    pub scenario: Scenario,
    pub config: NodeConfig,
    pub mode: TimeMode,
    /// How long (wall clock) the node may take to empty its queue at the end.
    pub drain_limit: Duration,
}

/// The serial monitor: stdout, one line at a time.
struct Serial;

impl core::fmt::Write for Serial {
    fn write_str(&mut self, text: &str) -> core::fmt::Result {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes()).and_then(|_| out.flush()).map_err(|_| core::fmt::Error)
    }
}

/// Plays the scenario with the sensors and the schedule that `parts` makes
/// from the virtual devices (the student's `HomeSensors` and
/// `HomeSchedule`). `Err` with an Indonesian message when the node found a
/// mistake in the student's code, or could not empty its queue in time at
/// the end.
pub fn run<S, P>(
    options: RunOptions,
    parts: impl FnOnce(SensorParts, u64) -> Result<(S, P), String>,
) -> Result<(), String>
where
    S: Sensors,
    P: Schedule,
{
    let (stage, devices) = Stage::new(options.scenario);
    let clock = stage.clock.clone();
    let (sensor_parts, mut led) = split(devices, clock.delay());
    drive_led(&mut led, false);
    let (mut sensors, mut schedule) = parts(sensor_parts, clock.now_ms())?;
    let mut link = TcpLink::new(options.server);
    let mut node = Node::new(options.config, options.encode, clock.now_ms());
    let mut serial = Serial;
    let started = Instant::now();
    let mut ended_at: Option<Instant> = None;

    loop {
        stage.update();
        if stage.is_over() {
            node.stop_producing();
            let ended = *ended_at.get_or_insert_with(Instant::now);
            if node.is_idle() {
                return Ok(());
            }
            if ended.elapsed() > options.drain_limit {
                return Err(format!(
                    "skenario selesai, tetapi {} pesan belum dijawab server",
                    node.queued()
                ));
            }
        }
        let wake = node.step(clock.now_ms(), &mut link, &mut sensors, &mut schedule, &mut serial);
        drive_led(&mut led, node.led_lit());
        if let Some(fault) = node.fault() {
            return Err(fault.to_string());
        }
        let now = clock.now_ms();
        let end = stage.scenario.duration_ms;
        match options.mode {
            TimeMode::Virtual => match wake {
                Wake::At(at) if node.is_idle() && node.is_connected() => {
                    // Nothing to wait for: jump, but not past the scenario's end.
                    let target = if stage.is_over() { at } else { at.min(end) };
                    clock.advance_ns(target.saturating_sub(now) * 1_000_000);
                }
                _ => {
                    std::thread::sleep(Duration::from_millis(1));
                    clock.advance_ns(1_000_000);
                }
            },
            TimeMode::Scaled(factor) => {
                let wall = (started.elapsed().as_secs_f64() * 1000.0 * factor) as u64;
                let target = match wake {
                    Wake::At(at) => at.min(wall + 50),
                    Wake::Network => now + 1,
                };
                if target > wall {
                    std::thread::sleep(Duration::from_secs_f64(
                        ((target - wall) as f64 / factor / 1000.0).min(0.05),
                    ));
                }
                let wall = (started.elapsed().as_secs_f64() * 1000.0 * factor) as u64;
                clock.advance_ns(wall.saturating_sub(clock.now_ms()) * 1_000_000);
            }
        }
    }
}
