//! The node in the scripted world, on the PC: it must come through the
//! broken connection, the silent server and the server's absence without
//! losing a door event, and answer every message in the end. The node is
//! the reference solution's (`node_rumah`) in the given runtime.

use node_rumah::lines::encode;
use node_rumah::schedule::HomeSchedule;
use tiruan::{PERIOD_S, run};

fn transcript() -> (String, tiruan::Outcome) {
    let mut out = String::new();
    let outcome = run(&mut out, encode, HomeSchedule::new(PERIOD_S, 0));
    (out, outcome)
}

#[test]
fn the_queue_is_empty_at_the_end() {
    let (text, outcome) = transcript();
    assert!(!outcome.faulty, "node menemukan kesalahan di kodenya:\n{text}");
    assert_eq!(outcome.left_in_queue, 0, "masih ada pesan yang belum dijawab:\n{text}");
}

#[test]
fn every_card_gets_its_answer_once() {
    let (text, _) = transcript();
    let answers: Vec<&str> =
        text.lines().filter(|l| l.contains(" < BUKA ") || l.contains(" < TOLAK ")).collect();
    assert_eq!(answers.len(), 3, "tiga kartu, tiga jawaban:\n{answers:#?}");
    assert_eq!(text.matches("! LED pintu menyala").count(), 1, "hanya DEADBEEF yang membuka pintu");
}

#[test]
fn all_three_troubles_happen_and_are_survived() {
    let (text, _) = transcript();
    for event in ["koneksi diputus server", "server diam", "sambungan ditolak"] {
        assert!(text.contains(event), "peristiwa '{event}' tidak terjadi:\n{text}");
    }
    // While the server was away, more readings came than the queue holds.
    assert!(text.contains("antrean penuh"), "antrean seharusnya sempat penuh");
    // The faulty sensors skip their readings.
    assert!(text.contains("DHT11 tidak terbaca"));
    assert!(text.contains("DS18B20 tidak terbaca"));
}

#[test]
fn two_runs_are_identical() {
    assert_eq!(transcript().0, transcript().0);
}

/// The book shows the start of the run and the log of what went wrong.
#[test]
fn the_book_shows_this_transcript() {
    let (text, _) = transcript();
    let start: String = text.lines().take(12).map(|l| format!("{l}\n")).collect();
    uji::book_output::check("firmware-transkrip-awal", &start);
    let events: String = text
        .lines()
        .filter(|l| l.contains(" ! ") || l.contains(" # "))
        .map(|l| format!("{l}\n"))
        .collect();
    uji::book_output::check("firmware-transkrip-peristiwa", &events);
}

/// A line that the protocol does not read back is never sent: the run
/// stops at once and the transcript says which step is wrong.
#[test]
fn a_wrong_line_stops_the_run_and_names_the_step() {
    fn wrong_encode(_: &rumah_pintar::protocol::Message) -> rumah_pintar::protocol::Line {
        rumah_pintar::protocol::Line::try_from("HALO").unwrap_or_default()
    }
    let mut text = String::new();
    let outcome = run(&mut text, wrong_encode, HomeSchedule::new(PERIOD_S, 0));
    assert!(outcome.faulty, "kesalahan encode tidak tercatat:\n{text}");
    assert!(!outcome.succeeded());
    assert!(text.contains("! node berhenti: langkah 1 (encode)"), "{text}");
    assert!(!text.contains(" > "), "baris yang salah tidak boleh terkirim:\n{text}");
}
