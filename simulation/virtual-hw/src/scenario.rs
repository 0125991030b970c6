//! Scenarios: the smart home's environment over time, from a TOML file.
//!
//! A scenario says how the room temperature, the humidity and the light
//! change during the day (points joined by straight lines), when a card is
//! held to the door reader, and when a sensor fails. A [`Stage`] plays it on
//! the virtual clock: call [`Stage::update`] and every virtual device shows
//! the conditions of that moment.
//!
//! ```toml
//! nama = "Contoh"
//! durasi = "01:00"                         # hours:minutes[:seconds]
//! suhu = [["00:00", 24.0], ["01:00", 26.5]]  # °C, both temperature sensors
//! lembap = [["00:00", 60], ["01:00", 55]]    # %RH
//! cahaya = [["00:00", 300]]                  # lux
//!
//! [[kartu]]
//! waktu = "00:30"
//! uid = "DEADBEEF"        # 4, 7 or 10 bytes in hex
//! lama_detik = 2          # how long the card is held (default 2 s)
//!
//! [[gangguan]]
//! perangkat = "dht11"     # dht11 or ds18b20
//! jenis = "tidak-menjawab"
//! mulai = "00:40"
//! sampai = "00:45"
//! ```
//!
//! Fault kinds: for the DHT11 `tidak-menjawab`, `checksum-salah`,
//! `jalur-macet`; for the DS18B20 `tercabut`, `crc-salah`.

use crate::clock::VirtualClock;
use crate::dht11::{Dht11Environment, Dht11Fault, VirtualDht11};
use crate::ds18b20::{Ds18b20Environment, Ds18b20Fault, VirtualDs18b20};
use crate::ldr::{LightEnvironment, VirtualLdr};
use crate::led::{LedObserver, VirtualLed};
use crate::mfrc522::{CardField, VirtualMfrc522};
use serde::Deserialize;
use std::path::Path;

/// A scenario as written in its file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    nama: String,
    #[serde(default)]
    keterangan: String,
    durasi: String,
    suhu: Vec<(String, f64)>,
    lembap: Vec<(String, f64)>,
    cahaya: Vec<(String, f64)>,
    #[serde(default)]
    kartu: Vec<CardFile>,
    #[serde(default)]
    gangguan: Vec<FaultFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CardFile {
    waktu: String,
    uid: String,
    #[serde(default = "default_hold_seconds")]
    lama_detik: f64,
}

fn default_hold_seconds() -> f64 {
    2.0
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultFile {
    perangkat: String,
    jenis: String,
    mulai: String,
    sampai: String,
}

/// A checked scenario, with times in milliseconds from its start.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub duration_ms: u64,
    pub temperature: Curve,
    pub humidity: Curve,
    pub light: Curve,
    pub cards: Vec<CardTap>,
    pub faults: Vec<FaultWindow>,
}

/// Values at points in time, joined by straight lines.
#[derive(Debug, Clone)]
pub struct Curve {
    points: Vec<(u64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CardTap {
    pub at_ms: u64,
    pub until_ms: u64,
    pub uid: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SensorFault {
    Dht11(Dht11Fault),
    Ds18b20(Ds18b20Fault),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FaultWindow {
    pub fault: SensorFault,
    pub from_ms: u64,
    pub until_ms: u64,
}

impl Scenario {
    /// Reads and checks a scenario file; errors are in Indonesian, for students.
    pub fn load(path: &Path) -> Result<Scenario, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("skenario {} tidak bisa dibaca: {e}", path.display()))?;
        Scenario::from_toml(&text).map_err(|e| format!("skenario {}: {e}", path.display()))
    }

    pub fn from_toml(text: &str) -> Result<Scenario, String> {
        let file: ScenarioFile =
            toml::from_str(text).map_err(|e| format!("TOML tidak valid: {e}"))?;
        let duration_ms = parse_time(&file.durasi)?;
        let mut cards = Vec::new();
        for card in &file.kartu {
            let at_ms = parse_time(&card.waktu)?;
            let uid = parse_uid(&card.uid)?;
            if card.lama_detik.is_nan() || card.lama_detik <= 0.0 {
                return Err(format!("kartu {}: lama_detik harus lebih dari 0", card.uid));
            }
            cards.push(CardTap { at_ms, until_ms: at_ms + (card.lama_detik * 1000.0) as u64, uid });
        }
        cards.sort_by_key(|c| c.at_ms);
        if let Some(pair) = cards.windows(2).find(|w| w[1].at_ms < w[0].until_ms) {
            return Err(format!(
                "dua kartu ditempelkan bersamaan pada {} ms: pembaca hanya melayani satu kartu",
                pair[1].at_ms
            ));
        }
        let faults = file.gangguan.iter().map(parse_fault).collect::<Result<Vec<_>, _>>()?;
        Ok(Scenario {
            name: file.nama,
            description: file.keterangan,
            duration_ms,
            temperature: Curve::new("suhu", &file.suhu)?,
            humidity: Curve::new("lembap", &file.lembap)?,
            light: Curve::new("cahaya", &file.cahaya)?,
            cards,
            faults,
        })
    }

    /// The card on the reader at `t_ms`, if any.
    pub fn card_at(&self, t_ms: u64) -> Option<&CardTap> {
        self.cards.iter().find(|c| (c.at_ms..c.until_ms).contains(&t_ms))
    }

    /// The fault of a device at `t_ms`, if any.
    pub fn faults_at(&self, t_ms: u64) -> impl Iterator<Item = SensorFault> + '_ {
        self.faults.iter().filter(move |f| (f.from_ms..f.until_ms).contains(&t_ms)).map(|f| f.fault)
    }
}

impl Curve {
    fn new(what: &str, points: &[(String, f64)]) -> Result<Curve, String> {
        if points.is_empty() {
            return Err(format!("{what}: butuh paling sedikit satu titik [\"jj:mm\", nilai]"));
        }
        let mut parsed = Vec::with_capacity(points.len());
        for (time, value) in points {
            parsed.push((parse_time(time)?, *value));
        }
        if parsed.windows(2).any(|w| w[1].0 <= w[0].0) {
            return Err(format!("{what}: waktu titik-titiknya harus berurutan naik"));
        }
        Ok(Curve { points: parsed })
    }

    /// The value at `t_ms`: straight lines between points, flat before the
    /// first and after the last.
    pub fn at(&self, t_ms: u64) -> f64 {
        let first = self.points[0];
        if t_ms <= first.0 {
            return first.1;
        }
        for pair in self.points.windows(2) {
            let ((t0, v0), (t1, v1)) = (pair[0], pair[1]);
            if t_ms <= t1 {
                return v0 + (v1 - v0) * (t_ms - t0) as f64 / (t1 - t0) as f64;
            }
        }
        self.points[self.points.len() - 1].1
    }
}

/// `"07:30"` or `"07:30:15"` → milliseconds.
fn parse_time(text: &str) -> Result<u64, String> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    let numbers: Option<Vec<u64>> = parts.iter().map(|p| p.parse().ok()).collect();
    match numbers.as_deref() {
        Some([h, m]) if *m < 60 => Ok((h * 3600 + m * 60) * 1000),
        Some([h, m, s]) if *m < 60 && *s < 60 => Ok((h * 3600 + m * 60 + s) * 1000),
        _ => Err(format!(
            "waktu '{text}' tidak valid: tulis jj:mm atau jj:mm:dd, misalnya \"07:30\""
        )),
    }
}

fn parse_uid(text: &str) -> Result<Vec<u8>, String> {
    let hex: String = text.chars().filter(|c| !c.is_whitespace() && *c != ':').collect();
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| hex.get(i..i + 2).and_then(|pair| u8::from_str_radix(pair, 16).ok()))
        .collect();
    match bytes {
        Some(bytes) if matches!(bytes.len(), 4 | 7 | 10) => Ok(bytes),
        _ => Err(format!(
            "UID '{text}' tidak valid: harus heksadesimal 4, 7 atau 10 byte, misalnya \"DEADBEEF\""
        )),
    }
}

fn parse_fault(fault: &FaultFile) -> Result<FaultWindow, String> {
    let kind = match (fault.perangkat.as_str(), fault.jenis.as_str()) {
        ("dht11", "tidak-menjawab") => SensorFault::Dht11(Dht11Fault::NoResponse),
        ("dht11", "checksum-salah") => SensorFault::Dht11(Dht11Fault::BadChecksum),
        ("dht11", "jalur-macet") => SensorFault::Dht11(Dht11Fault::StuckLow),
        ("ds18b20", "tercabut") => SensorFault::Ds18b20(Ds18b20Fault::Unplugged),
        ("ds18b20", "crc-salah") => SensorFault::Ds18b20(Ds18b20Fault::CorruptScratchpad),
        (device, kind) => {
            return Err(format!(
                "gangguan '{kind}' pada '{device}' tidak dikenal. Yang ada: dht11 (tidak-menjawab, checksum-salah, jalur-macet), ds18b20 (tercabut, crc-salah)"
            ));
        }
    };
    let (from_ms, until_ms) = (parse_time(&fault.mulai)?, parse_time(&fault.sampai)?);
    if until_ms <= from_ms {
        return Err(format!("gangguan {}: 'sampai' harus sesudah 'mulai'", fault.perangkat));
    }
    Ok(FaultWindow { fault: kind, from_ms, until_ms })
}

/// The virtual devices of one node, as the node application gets them.
pub struct Devices {
    pub dht11: VirtualDht11,
    pub ds18b20: VirtualDs18b20,
    pub ldr: VirtualLdr,
    pub rfid: VirtualMfrc522,
    pub led: VirtualLed,
}

/// A scenario playing on a virtual clock.
pub struct Stage {
    pub scenario: Scenario,
    pub clock: VirtualClock,
    dht11: Dht11Environment,
    ds18b20: Ds18b20Environment,
    light: LightEnvironment,
    cards: CardField,
    /// When the door LED was lit.
    pub led: LedObserver,
}

/// The DS18B20's serial number on every virtual node.
const DS18B20_SERIAL: [u8; 6] = [0x71, 0x3C, 0x05, 0x16, 0x00, 0x00];

impl Stage {
    pub fn new(scenario: Scenario) -> (Stage, Devices) {
        let clock = VirtualClock::new();
        let (dht11, dht11_env) = VirtualDht11::new(&clock);
        let (ds18b20, ds18b20_env) = VirtualDs18b20::new(&clock, DS18B20_SERIAL);
        let (ldr, light) = VirtualLdr::new();
        let rfid = VirtualMfrc522::new();
        let cards = rfid.card_field();
        let (led, led_observer) = VirtualLed::new(&clock);
        let stage = Stage {
            scenario,
            clock,
            dht11: dht11_env,
            ds18b20: ds18b20_env,
            light,
            cards,
            led: led_observer,
        };
        stage.update();
        (stage, Devices { dht11, ds18b20, ldr, rfid, led })
    }

    /// Sets every device to the conditions of the current virtual time.
    pub fn update(&self) {
        let now = self.clock.now_ms();
        let scenario = &self.scenario;
        let temperature = scenario.temperature.at(now);
        let humidity = scenario.humidity.at(now);
        self.dht11.set(
            temperature.round().clamp(0.0, 255.0) as u8,
            humidity.round().clamp(0.0, 255.0) as u8,
        );
        self.ds18b20.set_temperature(temperature);
        self.light.set_lux(scenario.light.at(now));

        let (mut dht11_fault, mut ds18b20_fault) = (None, None);
        for fault in scenario.faults_at(now) {
            match fault {
                SensorFault::Dht11(f) => dht11_fault = Some(f),
                SensorFault::Ds18b20(f) => ds18b20_fault = Some(f),
            }
        }
        self.dht11.set_fault(dht11_fault);
        self.ds18b20.set_fault(ds18b20_fault);

        match (scenario.card_at(now), self.cards.uid()) {
            (Some(tap), Some(uid)) if tap.uid == uid => {}
            (Some(tap), _) => self.cards.present(&tap.uid),
            (None, Some(_)) => self.cards.remove(),
            (None, None) => {}
        }
    }

    /// True once the scenario's time is over.
    pub fn is_over(&self) -> bool {
        self.clock.now_ms() >= self.scenario.duration_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
        nama = "Uji"
        durasi = "02:00"
        suhu = [["00:00", 20.0], ["01:00", 30.0]]
        lembap = [["00:00", 50]]
        cahaya = [["00:00", 0], ["01:00", 1000]]
        [[kartu]]
        waktu = "00:30"
        uid = "DE AD BE EF"
    "#;

    #[test]
    fn curves_are_straight_lines_between_points() {
        let scenario = Scenario::from_toml(SMALL).unwrap();
        assert_eq!(scenario.temperature.at(0), 20.0);
        assert_eq!(scenario.temperature.at(30 * 60 * 1000), 25.0);
        assert_eq!(scenario.temperature.at(90 * 60 * 1000), 30.0, "flat after the last point");
        assert_eq!(scenario.duration_ms, 2 * 3600 * 1000);
    }

    #[test]
    fn cards_are_held_for_their_time() {
        let scenario = Scenario::from_toml(SMALL).unwrap();
        let at = 30 * 60 * 1000;
        assert_eq!(scenario.card_at(at).unwrap().uid, [0xDE, 0xAD, 0xBE, 0xEF]);
        assert!(scenario.card_at(at + 1999).is_some());
        assert!(scenario.card_at(at + 2000).is_none(), "held 2 s by default");
    }

    #[test]
    fn mistakes_are_explained_in_indonesian() {
        let bad_time = SMALL.replace("\"00:30\"", "\"7.30\"");
        assert!(Scenario::from_toml(&bad_time).unwrap_err().contains("waktu '7.30' tidak valid"));
        let bad_uid = SMALL.replace("DE AD BE EF", "DEADBE");
        assert!(Scenario::from_toml(&bad_uid).unwrap_err().contains("UID 'DEADBE' tidak valid"));
        let unknown = SMALL.to_string()
            + "\n[[gangguan]]\nperangkat = \"ldr\"\njenis = \"gelap\"\nmulai = \"00:00\"\nsampai = \"00:01\"\n";
        assert!(
            Scenario::from_toml(&unknown)
                .unwrap_err()
                .contains("gangguan 'gelap' pada 'ldr' tidak dikenal")
        );
        let unsorted = SMALL.replace(
            "[[\"00:00\", 20.0], [\"01:00\", 30.0]]",
            "[[\"01:00\", 20.0], [\"00:00\", 30.0]]",
        );
        assert!(Scenario::from_toml(&unsorted).unwrap_err().contains("berurutan naik"));
        assert!(Scenario::from_toml("nama = 1").unwrap_err().contains("TOML tidak valid"));
    }
}
