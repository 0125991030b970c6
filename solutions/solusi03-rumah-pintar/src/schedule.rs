//! Langkah 6: what the node does when.

use rumah_pintar::node::{DOOR_LED_MS, Outbox, Schedule, Sensors};
use rumah_pintar::protocol::{Decimal, Reading};

/// How often to look for a card (a tap lasts about a second).
pub const CARD_POLL_MS: u64 = 250;

// ANCHOR: struct
/// The node's timetable: the next time each thing is due.
pub struct HomeSchedule {
    period_ms: u64,
    next_data_at: u64,
    next_card_at: u64,
    /// When the door LED goes off again; `None` while it is off.
    led_off_at: Option<u64>,
}

impl HomeSchedule {
    /// A `DATA` every `period_s` seconds, the first one at `now_ms`.
    pub fn new(period_s: u32, now_ms: u64) -> HomeSchedule {
        HomeSchedule {
            period_ms: u64::from(period_s) * 1000,
            next_data_at: now_ms,
            next_card_at: now_ms,
            led_off_at: None,
        }
    }
}
// ANCHOR_END: struct

impl Schedule for HomeSchedule {
    // ANCHOR: tick
    fn tick(&mut self, now_ms: u64, sensors: &mut dyn Sensors, out: &mut Outbox<'_>) -> u64 {
        if self.led_off_at.is_some_and(|at| now_ms >= at) {
            out.set_led(false);
            self.led_off_at = None;
        }
        if now_ms >= self.next_card_at {
            self.next_card_at = now_ms + CARD_POLL_MS;
            if let Some(uid) = sensors.poll_card() {
                out.send_rfid(uid);
            }
        }
        if now_ms >= self.next_data_at {
            // Keep to the period's grid; a period or more behind, start again
            // from now (one DATA, not a burst to catch up).
            self.next_data_at += self.period_ms;
            if self.next_data_at <= now_ms {
                self.next_data_at = now_ms + self.period_ms;
            }
            send_reading(now_ms, sensors, out);
        }
        let next = self.next_data_at.min(self.next_card_at);
        self.led_off_at.map_or(next, |off| next.min(off))
    }
    // ANCHOR_END: tick

    // ANCHOR: on_open
    fn on_open(&mut self, now_ms: u64, out: &mut Outbox<'_>) {
        out.set_led(true);
        self.led_off_at = Some(now_ms + DOOR_LED_MS);
    }
    // ANCHOR_END: on_open
}

// ANCHOR: send_reading
/// Reads every sensor and queues one `DATA`; a sensor that fails skips this
/// period's `DATA` (the protocol wants all four values) and is logged.
fn send_reading(now_ms: u64, sensors: &mut dyn Sensors, out: &mut Outbox<'_>) {
    use core::fmt::Write;
    let climate = sensors.read_climate(now_ms);
    let temperature = sensors.read_temperature();
    let light = sensors.read_light();
    match (climate, temperature) {
        (Ok(climate), Ok(temperature)) => {
            out.send_data(Reading {
                dht_temperature: Decimal::whole(i64::from(climate.temperature_c)),
                humidity: Decimal::whole(i64::from(climate.humidity_percent)),
                temperature,
                light: Decimal::whole(i64::from(light)),
            });
        }
        (Err(e), _) | (_, Err(e)) => {
            let _ = writeln!(out, "{e}: DATA periode ini dilewati");
        }
    }
}
// ANCHOR_END: send_reading
