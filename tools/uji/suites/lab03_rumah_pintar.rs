//! Graded tests for Lab 03 (the Tugas: the smart-home node). The same file
//! is compiled as the `uji` test of `lab03-rumah-pintar` (the starter) and
//! `solusi03-rumah-pintar` (the solution).
//!
//! One module per step of the chapter:
//! - `skematik` (langkah 0): the student's Fritzing sketch,
//!   `skematik/rumah-pintar.fzz` in the package, checked against the pin
//!   map by `pinmap::sketch`.
//! - `lines` (langkah 1): the protocol lines, exactly.
//! - `dht11`, `ds18b20`, `ldr`, `card` (langkah 2-5): the student's
//!   `HomeSensors` with the real driver crates on virtual devices, faults
//!   included.
//! - `schedule` (langkah 6): the given node with the student's schedule,
//!   against a fake server and fake sensors (no sockets, no real time).
//! - `system`: the student's node program with virtual hardware playing a
//!   scenario against the given server, in virtual time, then the database
//!   counted exactly.
//!
//! A test whose earlier step is unfinished fails at once and names that
//! step (`steps::require`).

#[path = "lab03_rumah_pintar/fakes.rs"]
mod fakes;
#[path = "lab03_rumah_pintar/steps.rs"]
mod steps;

use node_rumah::lines::{encode, write_decimal};
use node_rumah::schedule::HomeSchedule;
use node_rumah::sensors::HomeSensors;
use rumah_pintar::host::devices::Ldr;
use rumah_pintar::node::{Climate, Node, NodeConfig, Sensors, Wake};
use rumah_pintar::protocol::{Decimal, Message, NodeId, Reading, Uid};
use steps::{Step, require};
use virtual_hw::clock::{VirtualClock, VirtualDelay};
use virtual_hw::dht11::{Dht11Environment, Dht11Fault, VirtualDht11};
use virtual_hw::ds18b20::{Ds18b20Environment, Ds18b20Fault, VirtualDs18b20};
use virtual_hw::ldr::{LightEnvironment, VirtualLdr};
use virtual_hw::mfrc522::{CardField, VirtualMfrc522};

type VirtualSensors = HomeSensors<VirtualDht11, VirtualDs18b20, VirtualMfrc522, Ldr, VirtualDelay>;

/// The student's sensors on a fresh set of virtual devices.
struct Bench {
    clock: VirtualClock,
    dht11: Dht11Environment,
    ds18b20: Ds18b20Environment,
    light: LightEnvironment,
    cards: CardField,
    sensors: VirtualSensors,
}

impl Bench {
    fn new() -> Bench {
        let clock = VirtualClock::new();
        let (dht11_pin, dht11) = VirtualDht11::new(&clock);
        let (ds18b20_pin, ds18b20) = VirtualDs18b20::new(&clock, [1, 2, 3, 4, 5, 6]);
        let (ldr, light) = VirtualLdr::new();
        let reader = VirtualMfrc522::new();
        let cards = reader.card_field();
        let sensors = HomeSensors::new(dht11_pin, ds18b20_pin, reader, Ldr(ldr), clock.delay())
            .expect("MFRC522 virtual selalu menjawab");
        Bench { clock, dht11, ds18b20, light, cards, sensors }
    }

    fn now_ms(&self) -> u64 {
        self.clock.now_ms()
    }

    /// Lets virtual time pass, as the node's main loop would between reads.
    fn wait_ms(&self, ms: u64) {
        self.clock.advance_ns(ms * 1_000_000);
    }
}

fn id(text: &str) -> NodeId {
    NodeId::try_from(text).unwrap()
}

fn reading(sixteenths: i16) -> Reading {
    Reading {
        dht_temperature: Decimal::whole(27),
        humidity: Decimal::whole(61),
        temperature: Decimal::from_sixteenths(sixteenths),
        light: Decimal::whole(734),
    }
}

// The probes behind `steps::require`: each calls a step's functions once.
fn probe_lines() {
    let mut out = String::new();
    let _ = write_decimal(&mut out, Decimal::whole(1), 2);
    let _ = encode(&Message::Halo { id: id("a"), session: 1, period_s: 5 });
}
fn probe_climate() {
    let _ = Bench::new().sensors.read_climate(0);
}
fn probe_temperature() {
    let _ = Bench::new().sensors.read_temperature();
}
fn probe_light() {
    let _ = Bench::new().sensors.read_light();
}
fn probe_card() {
    let _ = Bench::new().sensors.poll_card();
}
fn probe_schedule() {
    let (mut server, mut sensors) = (fakes::FakeServer::up(), fakes::FakeSensors::new());
    let mut node = Node::new(NodeConfig::new(id("a"), 1), encode, 0);
    let mut schedule = HomeSchedule::new(5, 0);
    let mut log = String::new();
    node.step(0, &mut server, &mut sensors, &mut schedule, &mut log);
    // on_open is only called on a BUKA: call it through a card.
    sensors.cards.push_back(Uid::from_slice(&[0xDE, 0xAD, 0xBE, 0xEF]).unwrap());
    for now in [250, 500, 750] {
        node.step(now, &mut server, &mut sensors, &mut schedule, &mut log);
    }
}

mod skematik {
    use std::path::Path;

    #[test]
    fn the_schematic_matches_the_pin_map() {
        let package = Path::new(env!("CARGO_MANIFEST_DIR"));
        let fzz = package.join("skematik").join("rumah-pintar.fzz");
        // As the student names it: labs/lab03-rumah-pintar/skematik/rumah-pintar.fzz.
        let folder = |p: &Path| p.file_name().unwrap_or_default().to_string_lossy().to_string();
        let parent = package.parent().map(folder).unwrap_or_default();
        let shown = format!("{parent}/{}/skematik/rumah-pintar.fzz", folder(package));
        assert!(
            fzz.is_file(),
            "Skematik Anda belum ada. Gambar rangkaian rumah pintar di Fritzing, lalu simpan \
             sketsanya (File › Save As..., jenis .fzz) tepat di {shown}\n({}).\nApa yang \
             digambar dan komponen mana yang diimpor: bab Tugas: Rumah Pintar, Langkah 0: skematik \
             (05-tugas-rumah-pintar.html#langkah-0-skematik).",
            fzz.display()
        );
        if let Err(e) = pinmap::sketch::check_fzz(&fzz) {
            panic!(
                "Skematik {shown}: {e}\nBandingkan dengan skematik acuan di bab Skematik \
                 (06-skematik.html), lalu simpan lagi dan uji ulang."
            );
        }
    }
}

mod lines {
    use super::*;

    #[test]
    fn the_node_writes_the_documented_lines() {
        require(&[Step::Lines]);
        let halo = Message::Halo { id: id("dapur-1"), session: 0x3fa9, period_s: 5 };
        assert_eq!(encode(&halo).as_str(), "HALO dapur-1 sesi=3fa9 periode=5");
        let data = Message::Data { id: id("dapur-1"), seq: 12, reading: reading(429) };
        assert_eq!(
            encode(&data).as_str(),
            "DATA dapur-1 seq=12 suhu_dht=27 lembap=61 suhu=26.81 cahaya=734"
        );
        let rfid = Message::Rfid {
            id: id("pintu"),
            seq: 3,
            uid: Uid::from_slice(&[0xDE, 0xAD, 0xBE, 0x0F]).unwrap(),
        };
        assert_eq!(encode(&rfid).as_str(), "RFID pintu seq=3 uid=DEADBE0F");
    }

    #[test]
    fn decimals_are_rounded_half_away_from_zero() {
        require(&[Step::Lines]);
        let cases = [
            (Decimal(1_250), 2, "0.13"),
            (Decimal(-1_250), 2, "-0.13"),
            (Decimal(625), 2, "0.06"),
            (Decimal(-625), 2, "-0.06"),
            (Decimal(250_625), 2, "25.06"),
            (Decimal::whole(-55), 2, "-55.00"),
            (Decimal(0), 2, "0.00"),
            (Decimal(255_000), 0, "26"),
            (Decimal(-255_000), 0, "-26"),
            (Decimal::whole(1023), 0, "1023"),
            (Decimal(12_345), 3, "1.235"),
            (Decimal(-625), 4, "-0.0625"),
        ];
        for (value, places, text) in cases {
            let mut out = String::new();
            let _ = write_decimal(&mut out, value, places);
            assert_eq!(
                out, text,
                "{} dengan {places} angka di belakang titik harus ditulis {text:?}",
                value
            );
        }
        // And in a DATA line: 2/16 °C is 0.125 °C.
        let line = encode(&Message::Data { id: id("a"), seq: 1, reading: reading(-2) });
        assert!(line.contains(" suhu=-0.13 "), "-2/16 °C harus ditulis suhu=-0.13: {line}");
    }

    #[test]
    fn what_the_node_writes_the_server_reads_back() {
        require(&[Step::Lines]);
        let seven = Uid::from_slice(&[0x04, 0xA2, 0x2B, 0x1A, 0x5C, 0x80, 0x81]).unwrap();
        let messages = [
            Message::Halo { id: id("garasi"), session: 0xffff_ffff, period_s: 86_400 },
            Message::Data { id: id("a-1"), seq: u32::MAX, reading: reading(-880) },
            Message::Data { id: id("b"), seq: 1, reading: reading(2000) },
            Message::Rfid { id: id("pintu"), seq: 7, uid: seven },
        ];
        for message in messages {
            let line = encode(&message);
            assert_eq!(
                Message::parse(&line),
                Ok(message),
                "Server (parser yang diberikan) harus membaca kembali pesan yang sama dari {line:?}"
            );
        }
    }
}

mod dht11 {
    use super::*;

    #[test]
    fn the_dht11_gives_its_temperature_and_humidity() {
        require(&[Step::Climate]);
        let mut bench = Bench::new();
        bench.dht11.set(27, 61);
        assert_eq!(
            bench.sensors.read_climate(bench.now_ms()),
            Ok(Climate { temperature_c: 27, humidity_percent: 61 })
        );
    }

    #[test]
    fn the_dht11_is_asked_at_most_once_per_second() {
        require(&[Step::Climate]);
        let mut bench = Bench::new();
        bench.dht11.set(27, 61);
        let first = bench.sensors.read_climate(bench.now_ms());
        assert!(first.is_ok(), "pembacaan pertama: {first:?}");
        bench.dht11.set(30, 40);
        bench.wait_ms(400);
        assert_eq!(
            bench.sensors.read_climate(bench.now_ms()),
            first,
            "Kurang dari 1 detik sesudahnya: DHT11 tidak menjawab, jadi berikan pengukuran terakhir."
        );
        bench.wait_ms(700);
        assert_eq!(
            bench.sensors.read_climate(bench.now_ms()),
            Ok(Climate { temperature_c: 30, humidity_percent: 40 }),
            "Lebih dari 1 detik sesudah pengukuran terakhir: ukur lagi."
        );
    }

    #[test]
    fn a_faulty_dht11_is_an_error() {
        require(&[Step::Climate]);
        for fault in [Dht11Fault::NoResponse, Dht11Fault::BadChecksum, Dht11Fault::StuckLow] {
            let mut bench = Bench::new();
            bench.dht11.set_fault(Some(fault));
            let result = bench.sensors.read_climate(bench.now_ms());
            assert_eq!(
                result,
                Err(rumah_pintar::node::SensorError::Dht11),
                "DHT11 dengan gangguan {fault:?}"
            );
        }
    }
}

mod ds18b20 {
    use super::*;

    #[test]
    fn the_ds18b20_gives_its_sixteenths_exactly() {
        require(&[Step::Temperature]);
        for (celsius, exact) in [(26.8125, Decimal(268_125)), (-10.0625, Decimal(-100_625))] {
            let mut bench = Bench::new();
            bench.ds18b20.set_temperature(celsius);
            assert_eq!(bench.sensors.read_temperature(), Ok(exact), "DS18B20 pada {celsius} °C");
        }
    }

    #[test]
    fn the_conversion_is_waited_for() {
        require(&[Step::Temperature]);
        let mut bench = Bench::new();
        bench.ds18b20.set_temperature(21.5);
        let started = bench.now_ms();
        let result = bench.sensors.read_temperature();
        assert_ne!(
            result,
            Ok(Decimal::whole(85)),
            "85 °C adalah nilai DS18B20 yang baru menyala: hasil dibaca sebelum konversinya selesai"
        );
        assert_eq!(result, Ok(Decimal(215_000)));
        assert!(
            bench.now_ms() - started >= 750,
            "Konversi DS18B20 butuh 750 ms: tunggu dengan delay_ms sebelum membaca"
        );
    }

    #[test]
    fn a_faulty_ds18b20_is_an_error() {
        require(&[Step::Temperature]);
        for fault in [Ds18b20Fault::Unplugged, Ds18b20Fault::CorruptScratchpad] {
            let mut bench = Bench::new();
            bench.ds18b20.set_fault(Some(fault));
            assert_eq!(
                bench.sensors.read_temperature(),
                Err(rumah_pintar::node::SensorError::Ds18b20),
                "DS18B20 dengan gangguan {fault:?}"
            );
        }
    }
}

mod ldr {
    use super::*;

    #[test]
    fn the_light_reading_follows_the_light() {
        require(&[Step::Light]);
        let mut bench = Bench::new();
        for lux in [0.0, 5.0, 300.0, 20_000.0, 1e9] {
            bench.light.set_lux(lux);
            let expected = virtual_hw::ldr::counts_for_lux(lux);
            assert_eq!(bench.sensors.read_light(), expected, "LDR pada {lux} lux");
        }
    }
}

mod card {
    use super::*;

    /// Polls every 250 ms for `ms`; the UIDs found.
    fn poll_for(bench: &mut Bench, ms: u64) -> Vec<Vec<u8>> {
        let mut found = Vec::new();
        for _ in 0..ms / 250 {
            if let Some(uid) = bench.sensors.poll_card() {
                found.push(uid.to_vec());
            }
            bench.wait_ms(250);
        }
        found
    }

    #[test]
    fn a_card_held_to_the_reader_is_one_uid() {
        require(&[Step::Card]);
        let mut bench = Bench::new();
        assert_eq!(poll_for(&mut bench, 1000), Vec::<Vec<u8>>::new(), "tanpa kartu: None");
        bench.cards.present(&[0xDE, 0xAD, 0xBE, 0xEF]);
        assert_eq!(
            poll_for(&mut bench, 3000),
            [vec![0xDE, 0xAD, 0xBE, 0xEF]],
            "Kartu ditempelkan 3 detik: satu UID saja, bukan satu per pembacaan (lupa hlta?)"
        );
        bench.cards.remove();
        assert!(poll_for(&mut bench, 500).is_empty());
        bench.cards.present(&[0xDE, 0xAD, 0xBE, 0xEF]);
        assert_eq!(poll_for(&mut bench, 1000).len(), 1, "Kartu ditempelkan lagi: UID lagi");
    }

    #[test]
    fn seven_byte_uids_are_read_whole() {
        require(&[Step::Card]);
        let mut bench = Bench::new();
        let uid = [0x04, 0xA2, 0x2B, 0x1A, 0x5C, 0x80, 0x81];
        bench.cards.present(&uid);
        assert_eq!(poll_for(&mut bench, 1000), [uid.to_vec()]);
    }
}

mod schedule {
    use super::fakes::{FakeSensors, FakeServer};
    use super::*;

    /// The given node with the student's schedule, a fake server and fake sensors.
    struct World {
        node: Node,
        schedule: HomeSchedule,
        server: FakeServer,
        sensors: FakeSensors,
        log: String,
    }

    impl World {
        fn new() -> World {
            require(&[Step::Lines, Step::Schedule]);
            World {
                node: Node::new(NodeConfig::new(id("dapur-1"), 0x3fa9), encode, 0),
                schedule: HomeSchedule::new(5, 0),
                server: FakeServer::up(),
                sensors: FakeSensors::new(),
                log: String::new(),
            }
        }

        /// Steps the node at `now` until it waits for time, not the network.
        fn at(&mut self, now: u64) -> Wake {
            for _ in 0..100 {
                let wake = self.node.step(
                    now,
                    &mut self.server,
                    &mut self.sensors,
                    &mut self.schedule,
                    &mut self.log,
                );
                if let Some(fault) = self.node.fault() {
                    panic!("{fault}");
                }
                if wake != Wake::Network {
                    return wake;
                }
            }
            Wake::Network
        }

        /// Runs the node from `from` to `until` ms, waking when it asks to.
        fn run(&mut self, from: u64, until: u64) {
            let mut now = from;
            while now <= until {
                now = match self.at(now) {
                    Wake::At(at) => at.max(now + 1),
                    Wake::Network => now + 1,
                };
            }
        }
    }

    #[test]
    fn a_data_line_every_period() {
        let mut world = World::new();
        world.run(0, 20_000);
        assert_eq!(
            world.server.lines_of("DATA"),
            (1..=5)
                .map(|seq| format!(
                    "DATA dapur-1 seq={seq} suhu_dht=27 lembap=61 suhu=26.81 cahaya=734"
                ))
                .collect::<Vec<_>>(),
            "Dalam 20 detik dengan periode 5 detik: DATA pada 0, 5, 10, 15 dan 20 detik"
        );
    }

    #[test]
    fn the_period_keeps_to_its_grid() {
        let mut world = World::new();
        // The main loop is late now and then: 5 s, 10.3 s, 15 s...
        for now in [0, 5_000, 10_300, 15_000, 20_001] {
            world.at(now);
        }
        assert_eq!(
            world.server.lines_of("DATA").len(),
            5,
            "Terlambat 300 ms tidak menggeser jadwal: DATA berikutnya tetap pada 15 detik"
        );
        // After a long stall (a minute), one DATA, then the grid starts again.
        world.at(80_000);
        world.at(84_999);
        assert_eq!(world.server.lines_of("DATA").len(), 6, "Sesudah macet lama: satu DATA saja");
        world.at(85_000);
        assert_eq!(world.server.lines_of("DATA").len(), 7);
        // Late by exactly one period: one DATA, and the next is a period later.
        world.at(95_000);
        assert_eq!(world.server.lines_of("DATA").len(), 8, "Terlambat tepat satu periode");
        world.at(99_999);
        assert_eq!(world.server.lines_of("DATA").len(), 8);
        world.at(100_000);
        assert_eq!(world.server.lines_of("DATA").len(), 9);
    }

    #[test]
    fn the_node_sleeps_until_the_next_thing_due() {
        let mut world = World::new();
        let wake = world.at(0);
        assert!(
            matches!(wake, Wake::At(at) if at > 0 && at <= 250),
            "Sesudah langkah pada 0 ms, hal berikutnya adalah mencari kartu pada 250 ms: {wake:?}"
        );
        world.run(1, 4_999);
        assert!(
            world.sensors.card_polls.len() >= 19,
            "Kartu dicari setiap 250 ms: {} kali dalam 5 detik",
            world.sensors.card_polls.len()
        );
        assert_eq!(world.server.lines_of("DATA").len(), 1, "DATA hanya setiap periode");
    }

    #[test]
    fn a_card_is_sent_once_and_buka_lights_the_led_for_two_seconds() {
        let mut world = World::new();
        world.sensors.cards.push_back(Uid::from_slice(&[0xDE, 0xAD, 0xBE, 0xEF]).unwrap());
        world.at(0);
        world.run(1, 1_000);
        assert_eq!(world.server.lines_of("RFID"), ["RFID dapur-1 seq=1 uid=DEADBEEF"]);
        assert!(world.node.led_lit(), "BUKA menyalakan LED pintu");
        world.run(1_001, 1_999);
        assert!(world.node.led_lit(), "LED menyala 2 detik");
        world.run(2_000, 2_100);
        assert!(!world.node.led_lit(), "LED padam 2 detik sesudah BUKA");
    }

    #[test]
    fn tolak_leaves_the_led_off() {
        let mut world = World::new();
        world.sensors.cards.push_back(Uid::from_slice(&[0x0B, 0xAD, 0xC0, 0xDE]).unwrap());
        world.run(0, 3_000);
        assert_eq!(world.server.lines_of("RFID"), ["RFID dapur-1 seq=1 uid=0BADC0DE"]);
        assert!(!world.node.led_lit(), "TOLAK tidak menyalakan LED");
    }

    #[test]
    fn a_failed_sensor_skips_that_period_and_is_logged() {
        let mut world = World::new();
        world.sensors.climate = Err(rumah_pintar::node::SensorError::Dht11);
        world.at(0);
        world.sensors.climate = Ok(Climate { temperature_c: 20, humidity_percent: 50 });
        world.sensors.temperature = Err(rumah_pintar::node::SensorError::Ds18b20);
        world.at(5_000);
        world.sensors.temperature = Ok(Decimal::from_sixteenths(-2));
        world.at(10_000);
        assert_eq!(
            world.server.lines_of("DATA"),
            ["DATA dapur-1 seq=1 suhu_dht=20 lembap=50 suhu=-0.13 cahaya=734"],
            "Periode dengan sensor gagal tidak mengirim DATA"
        );
        for sensor in ["DHT11 tidak terbaca", "DS18B20 tidak terbaca"] {
            assert!(world.log.contains(sensor), "Log harus menyebut {sensor:?}:\n{}", world.log);
        }
    }
}

mod system {
    use super::*;
    use rumah_pintar::server::local::LocalServer;
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use uji::lab_binary_named;

    const ACCESS: &str = "# kartu penghuni\nDEADBEEF\n04A22B1A5C8081  # kartu kedua\n";

    /// A scratch folder with an access list, a database and the given server.
    struct Home {
        dir: PathBuf,
        server: LocalServer,
    }

    impl Home {
        fn new(name: &str) -> Home {
            require(&Step::ALL);
            static COUNT: AtomicUsize = AtomicUsize::new(0);
            let unique = format!(
                "uji-lab03-{name}-{}-{}",
                std::process::id(),
                COUNT.fetch_add(1, Ordering::Relaxed)
            );
            let dir = std::env::temp_dir().join(unique);
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            let server = LocalServer::start(&dir.join("rumah-pintar.db"), ACCESS, 0);
            Home { dir, server }
        }

        fn count(&self, sql: &str) -> i64 {
            let db = rusqlite::Connection::open_with_flags(
                self.dir.join("rumah-pintar.db"),
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )
            .expect("basis data server bisa dibuka");
            db.query_row(sql, [], |row| row.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
        }

        /// The student's node program, to the end of a scenario in virtual time.
        fn node(&self, port: u16, scenario_file: &str, session: &str) -> Command {
            let mut command = Command::new(lab_binary_named!("node"));
            command
                .args(["--server", &format!("127.0.0.1:{port}"), "--skenario"])
                .arg(scenario(scenario_file))
                .args(["--waktu-virtual", "--id", "rumah-1", "--sesi", session])
                .current_dir(&self.dir);
            command
        }

        fn run_node(&self, scenario_file: &str, session: &str) {
            let output = self.node(self.server.addr.port(), scenario_file, session).output();
            expect_success(output.expect("program node bisa dijalankan"));
        }
    }

    impl Drop for Home {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    fn scenario(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../simulation/virtual-hw/skenario")
            .join(name)
    }

    fn expect_success(output: Output) {
        let stdout = String::from_utf8_lossy(&output.stdout);
        let lines: Vec<&str> = stdout.lines().collect();
        assert!(
            output.status.success(),
            "Node harus menyelesaikan skenario dan keluar dengan kode 0.\nstdout (akhir):\n{}\nstderr:\n{}",
            lines[lines.len().saturating_sub(15)..].join("\n"),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    #[test]
    fn a_night_with_an_unknown_card_is_stored_exactly() {
        let home = Home::new("malam");
        home.run_node("kartu-asing-malam.toml", "c0ffee");
        // Six hours, one DATA every 5 s, no faults.
        assert_eq!(home.count("SELECT COUNT(*) FROM bacaan"), 6 * 3600 / 5);
        assert_eq!(home.count("SELECT COUNT(DISTINCT seq) FROM bacaan"), 6 * 3600 / 5);
        assert_eq!(
            home.count("SELECT COUNT(*) FROM pintu"),
            4,
            "Empat kartu ditempelkan, masing-masing sekali."
        );
        assert_eq!(home.count("SELECT COUNT(*) FROM pintu WHERE hasil = 'BUKA'"), 1);
        assert_eq!(
            home.count("SELECT COUNT(*) FROM pintu WHERE hasil = 'TOLAK' AND uid = '0BADC0DE'"),
            2
        );
        assert_eq!(home.count("SELECT MIN(seq) FROM bacaan"), 1, "seq dimulai dari 1.");
    }

    #[test]
    fn failing_sensors_skip_their_data_and_nothing_else() {
        let home = Home::new("rusak");
        home.run_node("sensor-rusak.toml", "5e4501");
        // Four hours every 5 s, minus the readings in the fault windows:
        // DHT11 15 + 10 + 5 minutes, DS18B20 10 minutes.
        let faulty = (15 + 10 + 5 + 10) * 60 / 5;
        assert_eq!(home.count("SELECT COUNT(*) FROM bacaan"), 4 * 3600 / 5 - faulty);
    }

    #[test]
    fn a_server_restart_loses_and_duplicates_nothing() {
        let mut home = Home::new("restart");
        let port = home.server.addr.port();
        let mut node = home
            .node(port, "kartu-asing-malam.toml", "abc")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Let some data arrive (an event, not a time), then restart the
        // server on the same port. A node that stops first fails at once.
        let started = std::time::Instant::now();
        while home.count("SELECT COUNT(*) FROM bacaan") < 50 {
            if node.try_wait().unwrap().is_some() {
                expect_success(node.wait_with_output().unwrap());
                panic!("Node selesai sebelum mengirim 50 DATA: periksa jadwal (langkah 6).");
            }
            assert!(started.elapsed() < uji::STARTUP_TIMEOUT, "node tidak mengirim DATA");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        home.server.stop();
        home.server = LocalServer::start(&home.dir.join("rumah-pintar.db"), ACCESS, port);
        expect_success(node.wait_with_output().unwrap());
        assert_eq!(
            home.count("SELECT COUNT(*) FROM bacaan"),
            6 * 3600 / 5,
            "Tidak ada DATA yang hilang atau tersimpan dua kali."
        );
        assert_eq!(
            home.count("SELECT MAX(seq) FROM bacaan") - home.count("SELECT MIN(seq) FROM bacaan")
                + 1,
            6 * 3600 / 5 + 4,
            "seq tanpa celah (DATA dan RFID berbagi hitungan)"
        );
        assert_eq!(home.count("SELECT COUNT(*) FROM pintu"), 4);
    }

    #[test]
    fn a_rebooted_node_is_stored_afresh() {
        let home = Home::new("nyala-ulang");
        home.run_node("kartu-asing-malam.toml", "1111");
        home.run_node("kartu-asing-malam.toml", "2222");
        assert_eq!(home.count("SELECT COUNT(DISTINCT sesi) FROM bacaan"), 2);
        assert_eq!(home.count("SELECT COUNT(*) FROM bacaan"), 2 * 6 * 3600 / 5);
        assert_eq!(
            home.count("SELECT sesi FROM node WHERE id = 'rumah-1'"),
            0x2222,
            "Tabel node menyimpan HALO terakhir."
        );
    }
}
