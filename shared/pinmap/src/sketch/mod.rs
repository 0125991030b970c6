//! # Checking a Fritzing sketch against the pin map (feature `sketch`)
//!
//! A `.fzz` is a zip holding the sketch (`.fz`, XML) and the definitions
//! (`part.*.fzp`) of the custom parts it uses. [`check_fzz`] reads one and
//! checks, in the breadboard view and in the schematic view, that every
//! wire joins what [`CONNECTIONS`](crate::CONNECTIONS) says, and nothing
//! else: each NodeMCU pin's net holds exactly its part's pin (plus the
//! pull-up or the divider where the pin map says so), every part is
//! supplied from 3V3 and GND (never VIN), and no other NodeMCU pin is used
//! except supply and the UART. The reference sketch in `schematics/` and a
//! student's own sketch (Lab 03, langkah 0) are checked the same way.
//!
//! The messages are in Indonesian, for the student: they name the view, the
//! NodeMCU pin and the parts, as the book's pin table does.
//!
//! Tata letak:
//! - `model`: the sketch and part definitions, read with `roxmltree`.
//! - `nets`: which connectors the wires of one view join (union-find).
//! - this module: the parts the smart home needs, and the check.

mod model;
mod nets;

pub use model::{Part, View};

use crate::{CONNECTIONS, Pin};
use model::{Instance, Node, format_ohms, parse_ohms};
use nets::Nets;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;
use std::prelude::rust_2024::*;
use std::{fmt, format, vec};

/// Module id of the custom NodeMCU v2 (ESP-12E) part.
pub const NODEMCU: &str = "RumahPintar_NodeMCU_v2_ESP12E";
/// Module id of the custom three-pin DHT11 module.
pub const DHT11: &str = "RumahPintar_DHT11_Modul_3pin";
/// Module id of the custom DS18B20 (TO-92).
pub const DS18B20: &str = "RumahPintar_DS18B20_TO92";
/// Module id of the custom RFID-RC522 module.
pub const RC522: &str = "RumahPintar_RFID_RC522_Modul";

// Fritzing's own parts (fritzing-parts 0.9.6), by module id.
const RESISTOR: &str = "ResistorModuleID";
const LDR: &str = "2010BBCD20113";
/// The generic 5 mm and 3 mm LEDs: every colour has the same module id.
const LEDS: [&str; 2] = ["5mmColorLEDModuleID", "3mmColorLEDModuleID"];
const LED_CATHODE: &str = "connector0";
const LED_ANODE: &str = "connector1";
/// The LED's series resistor: (3.3 V - 1.8 V) / 220 Ω ≈ 6.8 mA.
pub const LED_RESISTOR_OHMS: u32 = 220;

/// Where the student gets each custom part: the file to import.
const CUSTOM_PARTS: [(&str, &str, &str); 4] = [
    ("NodeMCU", NODEMCU, "rumahpintar_nodemcu_v2.fzpz"),
    ("DHT11", DHT11, "rumahpintar_dht11_modul.fzpz"),
    ("DS18B20", DS18B20, "rumahpintar_ds18b20_to92.fzpz"),
    ("RC522", RC522, "rumahpintar_rc522_modul.fzpz"),
];

/// The pins of the custom parts that the check uses.
const NEEDED_PINS: [(&str, &[&str]); 4] = [
    (NODEMCU, &["3V3", "GND", "VIN", "A0", "D0", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"]),
    (DHT11, &["VCC", "DATA", "GND"]),
    (DS18B20, &["VDD", "DQ", "GND"]),
    (RC522, &["SDA", "SCK", "MOSI", "MISO", "RST", "3.3V", "GND"]),
];

/// How to import a custom part, for the messages.
fn import_how(fzpz: &str) -> String {
    format!(
        "impor schematics/parts/{fzpz} ke Fritzing (jendela Parts, menu bin › Import...; lihat bab \
         Skematik, bagian \"Membuka sketsa di Fritzing\")"
    )
}

/// Why a sketch does not pass, in Indonesian, for the student.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SketchError {
    /// The file cannot be read as a Fritzing sketch.
    Unreadable(String),
    /// The sketch was read; what differs from the pin map, one problem each.
    Mismatch(Vec<String>),
}

impl SketchError {
    /// Every problem, one line each.
    pub fn problems(&self) -> Vec<&str> {
        match self {
            SketchError::Unreadable(why) => vec![why.as_str()],
            SketchError::Mismatch(problems) => problems.iter().map(String::as_str).collect(),
        }
    }
}

impl fmt::Display for SketchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SketchError::Unreadable(why) => write!(f, "{why}"),
            SketchError::Mismatch(problems) => {
                writeln!(
                    f,
                    "sketsa belum cocok dengan peta pin (crate shared/pinmap, tabel pin di lampiran \
                     Perangkat Virtual); {} masalah:",
                    problems.len()
                )?;
                for problem in problems {
                    writeln!(f, "  - {problem}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for SketchError {}

/// Reads a `.fzz` and checks it against the pin map, in the breadboard view
/// and in the schematic view. The messages do not name the file: the caller
/// says which file it read.
pub fn check_fzz(path: &Path) -> Result<(), SketchError> {
    Sketch::from_fzz(path)?.check()
}

/// Checks a sketch (the text of its `.fz`) with the definitions (`.fzp`
/// texts) of the custom parts it uses.
pub fn check(fz: &str, part_fzps: &[&str]) -> Result<(), SketchError> {
    Sketch::parse(fz, part_fzps)?.check()
}

/// A sketch, read: its instances and the custom parts bundled with it.
pub struct Sketch {
    instances: Vec<Instance>,
    parts: BTreeMap<String, Part>,
}

/// The largest entry of a `.fzz` that is read (a sketch is well under 1 MB).
const MAX_ENTRY_BYTES: u64 = 32 * 1024 * 1024;

impl Sketch {
    /// Reads a `.fzz`: the `.fz` in it and every `.fzp` (the custom parts).
    pub fn from_fzz(path: &Path) -> Result<Sketch, SketchError> {
        let file = std::fs::File::open(path)
            .map_err(|e| SketchError::Unreadable(format!("berkas tidak bisa dibuka: {e}")))?;
        let not_fzz = |e: zip::result::ZipError| {
            SketchError::Unreadable(format!(
                "berkas ini bukan sketsa Fritzing .fzz (zip) yang utuh ({e}); simpan ulang dari \
                 Fritzing dengan File › Save As..., jenis berkas .fzz"
            ))
        };
        let mut archive = zip::ZipArchive::new(file).map_err(not_fzz)?;
        let mut sketch = None;
        let mut parts = Vec::new();
        for i in 0..archive.len() {
            let entry = archive.by_index(i).map_err(not_fzz)?;
            let name = entry.name().map_err(not_fzz)?.to_string();
            let is_sketch = name.ends_with(".fz");
            if !is_sketch && !name.ends_with(".fzp") {
                continue; // pictures of the parts
            }
            let mut text = String::new();
            entry.take(MAX_ENTRY_BYTES).read_to_string(&mut text).map_err(|e| {
                SketchError::Unreadable(format!("{name} di dalam .fzz tidak bisa dibaca: {e}"))
            })?;
            if is_sketch {
                if sketch.is_some() {
                    return Err(SketchError::Unreadable(
                        "berkas .fzz ini berisi lebih dari satu sketsa .fz".into(),
                    ));
                }
                sketch = Some(text);
            } else {
                parts.push(text);
            }
        }
        let Some(fz) = sketch else {
            return Err(SketchError::Unreadable(
                "berkas .fzz ini tidak berisi sketsa (.fz); simpan ulang dari Fritzing dengan \
                 File › Save As..."
                    .into(),
            ));
        };
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        Sketch::parse(&fz, &parts)
    }

    /// Reads a sketch (`.fz` text) and the custom parts' definitions.
    pub fn parse(fz: &str, part_fzps: &[&str]) -> Result<Sketch, SketchError> {
        let instances = model::parse_sketch(fz)?;
        let mut parts = BTreeMap::new();
        for text in part_fzps {
            let part = Part::parse(text)?;
            parts.insert(part.module_id().to_string(), part);
        }
        Ok(Sketch { instances, parts })
    }

    /// The definition of a custom part bundled with the sketch.
    pub fn part(&self, module_id: &str) -> Option<&Part> {
        self.parts.get(module_id)
    }

    /// Checks the breadboard view and the schematic view.
    pub fn check(&self) -> Result<(), SketchError> {
        let home = self.home().map_err(SketchError::Mismatch)?;
        let mut problems = Vec::new();
        for view in [View::Breadboard, View::Schematic] {
            problems.extend(self.check_home(&home, view));
        }
        if problems.is_empty() { Ok(()) } else { Err(SketchError::Mismatch(problems)) }
    }

    /// The problems of one view (empty: it matches the pin map).
    pub fn check_view(&self, view: View) -> Vec<String> {
        match self.home() {
            Ok(home) => self.check_home(&home, view),
            Err(problems) => problems,
        }
    }

    /// Whether the NodeMCU's pin `name` is wired to anything in `view`.
    pub fn nodemcu_pin_is_connected(&self, view: View, name: &str) -> Result<bool, SketchError> {
        let home = self.home().map_err(SketchError::Mismatch)?;
        let nets = Nets::of_view(&self.instances, view, &self.part_refs());
        Ok(home
            .nodemcu
            .part
            .connector_ids(name)
            .iter()
            .any(|id| nets.is_connected(&(home.nodemcu.instance.index.clone(), id.to_string()))))
    }

    fn part_refs(&self) -> BTreeMap<&str, &Part> {
        self.parts.iter().map(|(id, part)| (id.as_str(), part)).collect()
    }

    /// Finds every part of the smart home, exactly once each.
    fn home(&self) -> Result<Home<'_>, Vec<String>> {
        let mut problems = Vec::new();
        let mut custom = BTreeMap::new();
        for (label, module_id, fzpz) in CUSTOM_PARTS {
            let found: Vec<&Instance> =
                self.instances.iter().filter(|i| i.module_id == module_id).collect();
            let part = self.parts.get(module_id);
            match (found.as_slice(), part) {
                ([instance], Some(part)) => {
                    let needed = NEEDED_PINS.iter().find(|(id, _)| *id == module_id);
                    let missing: Vec<&str> = needed
                        .map(|(_, pins)| pins.to_vec())
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|pin| part.connector_ids(pin).is_empty())
                        .collect();
                    if missing.is_empty() {
                        custom.insert(module_id, Custom { instance, part });
                    } else {
                        problems.push(format!(
                            "komponen {label} di sketsa ini tidak punya pin {}: bukan komponen \
                             dari workbook ini; hapus, lalu {}",
                            missing.join(", "),
                            import_how(fzpz)
                        ));
                    }
                }
                ([_], None) => problems.push(format!(
                    "definisi komponen {label} ({module_id}) tidak ada di dalam .fzz: {}, lalu \
                     simpan sketsa lagi (Fritzing menyimpan komponen buatan sendiri di dalam .fzz)",
                    import_how(fzpz)
                )),
                ([], _) => problems.push(format!(
                    "komponen {label} tidak ada di sketsa: {}, lalu letakkan satu {label} dari bin \
                     My Parts (komponen {label} bawaan Fritzing atau dari pustaka lain tidak \
                     dikenali)",
                    import_how(fzpz)
                )),
                (many, _) => problems.push(format!(
                    "sketsa berisi {} komponen {label}; harus tepat satu",
                    many.len()
                )),
            }
        }
        let only = |problems: &mut Vec<String>,
                    what: &str,
                    hint: &str,
                    keep: &dyn Fn(&Instance) -> bool| {
            let found: Vec<&Instance> = self.instances.iter().filter(|i| keep(i)).collect();
            match found.as_slice() {
                [one] => Some(*one),
                [] => {
                    problems.push(format!("{what} tidak ada di sketsa: {hint}"));
                    None
                }
                many => {
                    let titles: Vec<&str> = many.iter().map(|i| i.title.as_str()).collect();
                    problems.push(format!(
                        "sketsa berisi {} {what} ({}); harus tepat satu",
                        many.len(),
                        titles.join(", ")
                    ));
                    None
                }
            }
        };
        let ldr =
            only(&mut problems, "LDR", "ambil Photocell (LDR) dari bin Core Fritzing", &|i| {
                i.module_id == LDR
            });
        let led = only(&mut problems, "LED", "ambil LED merah 5 mm dari bin Core Fritzing", &|i| {
            LEDS.contains(&i.module_id.as_str())
        });
        let resistor = |problems: &mut Vec<String>, ohms: u32, role: &str| {
            only(
                problems,
                &format!("resistor {} ({role})", format_ohms(ohms)),
                "ambil resistor dari bin Core Fritzing dan atur resistance-nya di jendela Inspector",
                &|i| {
                    i.module_id == RESISTOR
                        && i.properties.get("resistance").and_then(|r| parse_ohms(r)) == Some(ohms)
                },
            )
        };
        let pull_up = resistor(&mut problems, crate::DS18B20_PULL_UP_OHMS, "pull-up DS18B20");
        let divider = resistor(&mut problems, crate::LDR_DIVIDER_OHMS, "pembagi tegangan LDR");
        let led_r = resistor(&mut problems, LED_RESISTOR_OHMS, "resistor LED");
        match (
            custom.get(NODEMCU),
            custom.get(DHT11),
            custom.get(DS18B20),
            custom.get(RC522),
            ldr,
            led,
            pull_up,
            divider,
            led_r,
        ) {
            (
                Some(nodemcu),
                Some(dht11),
                Some(ds18b20),
                Some(rc522),
                Some(ldr),
                Some(led),
                Some(pull_up),
                Some(divider),
                Some(led_r),
            ) if problems.is_empty() => Ok(Home {
                nodemcu: *nodemcu,
                dht11: *dht11,
                ds18b20: *ds18b20,
                rc522: *rc522,
                ldr,
                led,
                pull_up,
                divider,
                led_r,
            }),
            _ => Err(problems),
        }
    }

    /// A connector as the messages name it: `DHT11 DATA`, `R1 (4,7 kΩ) kaki 2`.
    fn describe(&self, node: &Node) -> String {
        let Some(inst) = self.instances.iter().find(|i| i.index == node.0) else {
            return format!("{} {}", node.0, node.1);
        };
        let title = if inst.title.is_empty() { inst.module_id.as_str() } else { &inst.title };
        let leg = |id: &str| match id {
            "connector0" => "kaki 1".to_string(),
            "connector1" => "kaki 2".to_string(),
            other => other.to_string(),
        };
        if let Some(part) = self.parts.get(&inst.module_id) {
            let pin = part.connector_name(&node.1).unwrap_or(&node.1);
            format!("{title} {pin}")
        } else if LEDS.contains(&inst.module_id.as_str()) {
            let pin = match node.1.as_str() {
                LED_CATHODE => "katoda",
                LED_ANODE => "anoda",
                other => other,
            };
            format!("{title} {pin}")
        } else if inst.module_id == RESISTOR {
            let value = inst.properties.get("resistance").and_then(|r| parse_ohms(r));
            match value {
                Some(ohms) => format!("{title} ({}) {}", format_ohms(ohms), leg(&node.1)),
                None => format!("{title} {}", leg(&node.1)),
            }
        } else if inst.module_id == LDR {
            format!("{title} {}", leg(&node.1))
        } else {
            format!("{title} ({}) {}", inst.module_id, node.1)
        }
    }

    /// What a net reaches: the NodeMCU's pins on it (`pin VIN NodeMCU`),
    /// or else its parts' connectors.
    fn describe_net(&self, nets: &mut Nets, mcu: Custom, n: &Node) -> String {
        let members = nets.members(n);
        let pins: BTreeSet<&str> = members
            .iter()
            .filter(|m| m.0 == mcu.instance.index)
            .filter_map(|m| mcu.part.connector_name(&m.1))
            .collect();
        if pins.is_empty() {
            self.describe_all(&without(members, n))
        } else {
            format!("pin {} NodeMCU", pins.into_iter().collect::<Vec<_>>().join(", "))
        }
    }

    fn describe_all(&self, nodes: &BTreeSet<Node>) -> String {
        if nodes.is_empty() {
            return "tidak ada".to_string();
        }
        let mut names: Vec<String> = nodes.iter().map(|n| self.describe(n)).collect();
        names.sort();
        names.join(", ")
    }

    /// Checks one view of a sketch that holds every part.
    fn check_home(&self, home: &Home, view: View) -> Vec<String> {
        let mut problems = Vec::new();
        let v = view.title();
        let mut nets = Nets::of_view(&self.instances, view, &self.part_refs());
        let mcu = home.nodemcu;
        let mcu_pin = |label: &str| node(mcu.instance, mcu.part.connector_ids(label)[0]);
        let v33 = mcu_pin("3V3");
        let gnd = mcu_pin("GND");

        // A breadboard's strips are inside the breadboard part, which Fritzing
        // does not save in the sketch: nothing can follow them.
        for inst in &self.instances {
            let lower = format!("{} {}", inst.module_id, inst.title).to_lowercase();
            let used = inst.views.get(&view).is_some_and(|connectors| {
                connectors.iter().any(|c| nets.is_connected(&node(inst, &c.id)))
            });
            if lower.contains("breadboard") && used {
                problems.push(format!(
                    "{v}: {} adalah breadboard, dan jalur di dalam breadboard tidak tersimpan di \
                     sketsa sehingga tidak bisa diperiksa. Angkat komponen dari breadboard (atau \
                     hapus breadboard-nya) dan sambungkan setiap kaki dengan kabel langsung, \
                     seperti sketsa acuan schematics/rumah-pintar.fzz",
                    if inst.title.is_empty() { "sebuah komponen" } else { &inst.title }
                ));
            }
        }

        let mut used_pins = BTreeSet::new();
        for (part, part_pin, pin) in CONNECTIONS {
            let board = mcu_pin(pin.label);
            used_pins.insert(pin.label);
            let pin_text = pin_text(pin);
            let mut expected = BTreeSet::from([board.clone()]);
            match part {
                "(bebas)" => {
                    if nets.is_connected(&board) {
                        problems.push(format!(
                            "{v}: {pin_text} adalah {part_pin} dan harus dibiarkan kosong, tetapi \
                             tersambung ke {}",
                            self.describe_all(&without(nets.members(&board), &board))
                        ));
                    }
                    continue;
                }
                "DHT11" => {
                    expected.insert(home.dht11.pin("DATA"));
                }
                "DS18B20" => {
                    expected.insert(home.ds18b20.pin("DQ"));
                    match other_leg(&mut nets, home.pull_up, &board) {
                        Some(far) => {
                            expected.insert(other_of(home.pull_up, &far));
                            if !nets.same(&far, &v33) {
                                problems.push(format!(
                                    "{v}: ujung lain resistor pull-up {} harus ke 3V3 (pull-up \
                                     DQ DS18B20), tetapi tersambung ke {}",
                                    home.pull_up.title,
                                    self.describe_net(&mut nets, mcu, &far)
                                ));
                            }
                        }
                        None => problems.push(format!(
                            "{v}: resistor pull-up {} ({}) harus dipasang dari {pin_text} (DQ \
                             DS18B20) ke 3V3, dengan tepat satu kakinya di {}",
                            home.pull_up.title,
                            format_ohms(crate::DS18B20_PULL_UP_OHMS),
                            pin.label
                        )),
                    }
                }
                "MFRC522" => {
                    // "SDA (CS)" in the pin map, "SDA" on the module.
                    let name = part_pin.split_whitespace().next().unwrap_or(part_pin);
                    expected.insert(home.rc522.pin(name));
                }
                "LDR" => {
                    match other_leg(&mut nets, home.ldr, &board) {
                        Some(top) => {
                            expected.insert(other_of(home.ldr, &top));
                            if !nets.same(&top, &v33) {
                                problems.push(format!(
                                    "{v}: kaki lain {} (LDR) harus ke 3V3, tetapi tersambung ke {}",
                                    home.ldr.title,
                                    self.describe_net(&mut nets, mcu, &top)
                                ));
                            }
                        }
                        None => problems.push(format!(
                            "{v}: {} (LDR) harus dipasang dari 3V3 ke {pin_text}, dengan tepat \
                             satu kakinya di A0",
                            home.ldr.title
                        )),
                    }
                    match other_leg(&mut nets, home.divider, &board) {
                        Some(bottom) => {
                            expected.insert(other_of(home.divider, &bottom));
                            if !nets.same(&bottom, &gnd) {
                                problems.push(format!(
                                    "{v}: ujung lain resistor pembagi {} harus ke GND, tetapi \
                                     tersambung ke {}",
                                    home.divider.title,
                                    self.describe_net(&mut nets, mcu, &bottom)
                                ));
                            }
                        }
                        None => problems.push(format!(
                            "{v}: resistor pembagi {} ({}) harus dipasang dari {pin_text} ke GND, \
                             dengan tepat satu kakinya di A0",
                            home.divider.title,
                            format_ohms(crate::LDR_DIVIDER_OHMS)
                        )),
                    }
                }
                "LED" => {
                    expected.insert(node(home.led, LED_CATHODE));
                    // anode - 220 Ω - 3V3
                    let anode = node(home.led, LED_ANODE);
                    match other_leg(&mut nets, home.led_r, &anode) {
                        Some(top) => {
                            let near = other_of(home.led_r, &top);
                            let on_anode = nets.members(&anode);
                            if on_anode != BTreeSet::from([anode.clone(), near]) {
                                problems.push(format!(
                                    "{v}: anoda LED {} hanya boleh tersambung ke resistor {}, \
                                     tetapi tersambung ke {}",
                                    home.led.title,
                                    home.led_r.title,
                                    self.describe_all(&without(on_anode, &anode))
                                ));
                            }
                            if !nets.same(&top, &v33) {
                                problems.push(format!(
                                    "{v}: ujung lain resistor LED {} harus ke 3V3 (LED aktif \
                                     rendah), tetapi tersambung ke {}",
                                    home.led_r.title,
                                    self.describe_net(&mut nets, mcu, &top)
                                ));
                            }
                        }
                        None => problems.push(format!(
                            "{v}: resistor {} ({}) harus dipasang dari anoda LED {} ke 3V3",
                            home.led_r.title,
                            format_ohms(LED_RESISTOR_OHMS),
                            home.led.title
                        )),
                    }
                }
                other => problems.push(format!(
                    "pemeriksa skematik belum mengenal komponen {other} dari peta pin (kesalahan \
                     workbook, bukan kesalahan Anda: laporkan ke pengajar)"
                )),
            }
            let actual = without(nets.members(&board), &board);
            let expected = without(expected, &board);
            if actual != expected {
                let now = if actual.is_empty() {
                    "belum tersambung ke apa pun".to_string()
                } else {
                    format!("tersambung ke {}", self.describe_all(&actual))
                };
                problems.push(format!(
                    "{v}: pin {pin_text} NodeMCU {now}; menurut peta pin harus tepat ke {}",
                    self.describe_all(&expected)
                ));
            }
        }

        // Supply: every part on 3.3 V (never VIN, the 5 V pin) and ground.
        let vin = mcu_pin("VIN");
        for (label, custom, pin) in [
            ("DHT11", home.dht11, "VCC"),
            ("DS18B20", home.ds18b20, "VDD"),
            ("RC522", home.rc522, "3.3V"),
        ] {
            let supply = custom.pin(pin);
            if !nets.same(&supply, &v33) {
                let warning = if nets.same(&supply, &vin) {
                    " (sekarang ke VIN, 5 V dari USB: merusak modul 3,3 V)"
                } else {
                    ""
                };
                problems
                    .push(format!("{v}: {label} {pin} harus tersambung ke 3V3 NodeMCU{warning}"));
            }
            if !nets.same(&custom.pin("GND"), &gnd) {
                problems.push(format!("{v}: {label} GND harus tersambung ke GND NodeMCU"));
            }
        }
        if nets.same(&v33, &gnd) {
            problems.push(format!("{v}: 3V3 tersambung langsung ke GND (hubungan pendek)"));
        }

        // No other NodeMCU pin is used, except supply and the UART.
        let mut reported = BTreeSet::new();
        for (id, name) in mcu.part.connectors() {
            // The pin map's pins were checked above (D3 too).
            let allowed = used_pins.contains(name) || ["3V3", "GND", "RX", "TX"].contains(&name);
            let here = node(mcu.instance, id);
            if !allowed && nets.is_connected(&here) && reported.insert(name) {
                let why = if name == "VIN" {
                    " (VIN adalah 5 V dari USB; semua komponen memakai 3V3)"
                } else {
                    ""
                };
                problems.push(format!(
                    "{v}: pin {name} NodeMCU tidak dipakai di peta pin dan harus dibiarkan \
                     kosong{why}, tetapi tersambung ke {}",
                    self.describe_all(&without(nets.members(&here), &here))
                ));
            }
        }
        problems
    }
}

/// The parts of the smart home, found in a sketch.
struct Home<'a> {
    nodemcu: Custom<'a>,
    dht11: Custom<'a>,
    ds18b20: Custom<'a>,
    rc522: Custom<'a>,
    ldr: &'a Instance,
    led: &'a Instance,
    pull_up: &'a Instance,
    divider: &'a Instance,
    led_r: &'a Instance,
}

/// A custom part's instance and its definition.
#[derive(Clone, Copy)]
struct Custom<'a> {
    instance: &'a Instance,
    part: &'a Part,
}

impl Custom<'_> {
    /// The connector named `name` (checked to exist by `Sketch::home`).
    fn pin(&self, name: &str) -> Node {
        node(self.instance, self.part.connector_ids(name)[0])
    }
}

fn node(inst: &Instance, connector: &str) -> Node {
    (inst.index.clone(), connector.to_string())
}

/// `D2 (GPIO4)`, or `A0`.
fn pin_text(pin: Pin) -> String {
    match pin.gpio {
        Some(gpio) => format!("{} (GPIO{gpio})", pin.label),
        None => pin.label.to_string(),
    }
}

fn without(mut nodes: BTreeSet<Node>, n: &Node) -> BTreeSet<Node> {
    nodes.remove(n);
    nodes
}

/// A two-legged part with exactly one leg on the net of `net`: its other leg.
fn other_leg(nets: &mut Nets, inst: &Instance, net: &Node) -> Option<Node> {
    let legs = [node(inst, "connector0"), node(inst, "connector1")];
    let on: Vec<&Node> = legs.iter().filter(|l| nets.same(l, net)).collect();
    match on.as_slice() {
        [one] => legs.iter().find(|l| l != one).cloned(),
        _ => None,
    }
}

/// The other leg of a two-legged part.
fn other_of(inst: &Instance, leg: &Node) -> Node {
    let other = if leg.1 == "connector0" { "connector1" } else { "connector0" };
    node(inst, other)
}
