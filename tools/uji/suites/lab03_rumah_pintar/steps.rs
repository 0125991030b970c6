//! The steps of Lab 03, and a quick check that an earlier step a test needs
//! is done: a test whose step is still `todo!()` fails at once and names
//! that step, instead of waiting for something unfinished code never does.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;

/// One step of the Tugas, as the chapter numbers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Lines,
    Climate,
    Temperature,
    Light,
    Card,
    Schedule,
}

impl Step {
    pub const ALL: [Step; 6] =
        [Step::Lines, Step::Climate, Step::Temperature, Step::Light, Step::Card, Step::Schedule];

    fn title(self) -> &'static str {
        match self {
            Step::Lines => "langkah 1 (lines.rs: write_decimal dan encode)",
            Step::Climate => "langkah 2 (sensors.rs: read_climate)",
            Step::Temperature => "langkah 3 (sensors.rs: read_temperature)",
            Step::Light => "langkah 4 (sensors.rs: read_light)",
            Step::Card => "langkah 5 (sensors.rs: poll_card)",
            Step::Schedule => "langkah 6 (schedule.rs: tick, on_open, send_reading)",
        }
    }

    /// Calls the step's functions once; `Err` with the panic's message.
    fn probe(self) -> Result<(), String> {
        quietly(|| match self {
            Step::Lines => super::probe_lines(),
            Step::Climate => super::probe_climate(),
            Step::Temperature => super::probe_temperature(),
            Step::Light => super::probe_light(),
            Step::Card => super::probe_card(),
            Step::Schedule => super::probe_schedule(),
        })
    }
}

/// Fails the test at once when one of `steps` still panics.
pub fn require(steps: &[Step]) {
    for step in steps {
        if let Err(message) = step.probe() {
            panic!(
                "Uji ini butuh {}, yang belum selesai: {message}. Kerjakan langkah itu dulu.",
                step.title()
            );
        }
    }
}

/// Runs `f`, catching a panic without printing it (the test prints its own
/// message). The hook is process-wide, so probes take turns.
fn quietly(f: impl FnOnce()) -> Result<(), String> {
    static HOOK: Mutex<()> = Mutex::new(());
    let _turn = HOOK.lock().unwrap_or_else(|e| e.into_inner());
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = catch_unwind(AssertUnwindSafe(f));
    std::panic::set_hook(previous);
    result.map_err(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".to_string())
    })
}
