//! The reference Fritzing sketch is wired exactly as the pin map says, in
//! the breadboard view and in the schematic view, checked by
//! `pinmap::sketch`: the same check that grades a student's own sketch
//! (Lab 03, langkah 0). Both forms of the reference are checked: the
//! unpacked source (`schematics/rumah-pintar/`) and the `.fzz` that
//! `schematics/ekspor.sh` builds from it. Deliberate rewirings of the
//! reference must fail, with messages that name the view and the pin.

use pinmap::sketch::{self, Sketch, SketchError, View};
use std::path::{Path, PathBuf};

const SKETCH: &str = include_str!("../../../schematics/rumah-pintar/rumah-pintar.fz");
const NODEMCU_FZP: &str =
    include_str!("../../../schematics/rumah-pintar/part.rumahpintar_nodemcu_v2.fzp");
const DHT11_FZP: &str =
    include_str!("../../../schematics/rumah-pintar/part.rumahpintar_dht11_modul.fzp");
const DS18B20_FZP: &str =
    include_str!("../../../schematics/rumah-pintar/part.rumahpintar_ds18b20_to92.fzp");
const RC522_FZP: &str =
    include_str!("../../../schematics/rumah-pintar/part.rumahpintar_rc522_modul.fzp");
const PARTS: [&str; 4] = [NODEMCU_FZP, DHT11_FZP, DS18B20_FZP, RC522_FZP];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn reference() -> Sketch {
    Sketch::parse(SKETCH, &PARTS).expect("the reference sketch reads")
}

/// The problems of a sketch, or a failure if it passes.
fn problems(result: Result<(), SketchError>) -> String {
    match result {
        Ok(()) => panic!("a rewired sketch must not pass"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_breadboard_view_matches_the_pin_map() {
    let problems = reference().check_view(View::Breadboard);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_schematic_view_matches_the_pin_map() {
    let problems = reference().check_view(View::Schematic);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_zipped_reference_passes_the_students_check() {
    let fzz = repo().join("schematics/rumah-pintar.fzz");
    if let Err(e) = sketch::check_fzz(&fzz) {
        panic!("{}: {e}", fzz.display());
    }
}

#[test]
fn the_solutions_sketch_is_the_reference() {
    // The graded test of Lab 03 checks the solution's sketch; CI rebuilds
    // the reference with schematics/ekspor.sh. They must be the same file.
    let reference = std::fs::read(repo().join("schematics/rumah-pintar.fzz")).unwrap();
    let solution =
        std::fs::read(repo().join("solutions/solusi03-rumah-pintar/skematik/rumah-pintar.fzz"))
            .expect("the solution has its sketch");
    assert!(
        reference == solution,
        "copy it: cp schematics/rumah-pintar.fzz solutions/solusi03-rumah-pintar/skematik/"
    );
}

#[test]
fn d3_is_free_in_every_view() {
    let sketch = reference();
    for view in [View::Breadboard, View::Schematic, View::Pcb] {
        let connected = sketch.nodemcu_pin_is_connected(view, pinmap::LEFT_FREE.label).unwrap();
        assert!(!connected, "{view:?}: D3 (GPIO0) must stay free");
    }
}

#[test]
fn the_custom_parts_name_the_pins_of_the_pin_map() {
    let sketch = reference();
    let part = |id: &str| sketch.part(id).unwrap_or_else(|| panic!("{id} is bundled"));
    let (nodemcu, dht11, ds18b20, rc522) =
        (part(sketch::NODEMCU), part(sketch::DHT11), part(sketch::DS18B20), part(sketch::RC522));
    for (part, part_pin, pin) in pinmap::CONNECTIONS {
        let single = nodemcu.connector_ids(pin.label).len() == 1;
        assert!(single, "NodeMCU has no single pin {}", pin.label);
        let name = part_pin.split_whitespace().next().unwrap();
        match part {
            "DHT11" => assert_eq!(dht11.connector_ids(name).len(), 1),
            "DS18B20" => assert_eq!(ds18b20.connector_ids(name).len(), 1),
            "MFRC522" => assert_eq!(rc522.connector_ids(name).len(), 1),
            _ => {}
        }
    }
    // The NodeMCU v2's two rows of 15 pins, as printed on the board.
    let left = [
        "A0", "RSV", "RSV", "SD3", "SD2", "SD1", "CMD", "SD0", "CLK", "GND", "3V3", "EN", "RST",
        "GND", "VIN",
    ];
    let right = [
        "D0", "D1", "D2", "D3", "D4", "3V3", "GND", "D5", "D6", "D7", "D8", "RX", "TX", "GND",
        "3V3",
    ];
    for (i, name) in left.iter().chain(right.iter()).enumerate() {
        let id = format!("connector{i}");
        assert_eq!(nodemcu.connector_name(&id), Some(*name), "NodeMCU {id}");
    }
    let pins = ["SDA", "SCK", "MOSI", "MISO", "IRQ", "GND", "RST", "3.3V"];
    for (i, name) in pins.iter().enumerate() {
        let id = format!("connector{i}");
        assert_eq!(rc522.connector_name(&id), Some(*name), "RC522 {id}");
    }
}

// ---------------------------------------------------------------------------
// Deliberate rewirings must fail, and say where.
// ---------------------------------------------------------------------------

/// The NodeMCU with two pins' names swapped: every wire on one pin now
/// lands on the other, in every view.
fn nodemcu_with_swapped(a: &str, b: &str) -> String {
    let swap = |text: &str| {
        text.replace(&format!("name=\"{a}\""), "name=\"@\"")
            .replace(&format!("name=\"{b}\""), &format!("name=\"{a}\""))
            .replace("name=\"@\"", &format!("name=\"{b}\""))
    };
    let swapped = swap(NODEMCU_FZP);
    assert_ne!(swapped, NODEMCU_FZP, "{a} and {b} are pins of the NodeMCU");
    swapped
}

#[test]
fn the_dht11_on_d3_fails_in_both_views() {
    let nodemcu = nodemcu_with_swapped("D2", "D3");
    let text = problems(sketch::check(SKETCH, &[&nodemcu, DHT11_FZP, DS18B20_FZP, RC522_FZP]));
    for view in ["tampilan breadboard", "tampilan skematik"] {
        assert!(
            text.contains(&format!(
                "{view}: D3 (GPIO0) adalah pin boot dan harus dibiarkan kosong"
            )),
            "{text}"
        );
        assert!(
            text.contains(&format!(
                "{view}: pin D2 (GPIO4) NodeMCU belum tersambung ke apa pun; menurut peta pin \
                 harus tepat ke DHT11 DATA"
            )),
            "{text}"
        );
    }
}

#[test]
fn supply_on_vin_is_named_as_a_danger() {
    // Every wire on 3V3 lands on VIN, the 5 V pin.
    let nodemcu = nodemcu_with_swapped("3V3", "VIN");
    let text = problems(sketch::check(SKETCH, &[&nodemcu, DHT11_FZP, DS18B20_FZP, RC522_FZP]));
    assert!(
        text.contains("tampilan skematik: RC522 3.3V harus tersambung ke 3V3 NodeMCU (sekarang ke VIN, 5 V dari USB"),
        "{text}"
    );
}

/// The reference with one schematic wire, the one on `part`'s connector
/// `connector`, left unrouted (a ratsnest line, not a connection).
fn with_one_schematic_wire_unrouted(module_id: &str, connector: &str) -> String {
    let doc = roxmltree::Document::parse(SKETCH).unwrap();
    let instance = |index: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("instance") && n.attribute("modelIndex") == Some(index))
            .unwrap()
    };
    let part = doc
        .descendants()
        .find(|n| n.has_tag_name("instance") && n.attribute("moduleIdRef") == Some(module_id))
        .unwrap();
    let wire_index = part
        .descendants()
        .find(|n| n.has_tag_name("schematicView"))
        .unwrap()
        .descendants()
        .find(|n| n.has_tag_name("connector") && n.attribute("connectorId") == Some(connector))
        .and_then(|c| c.descendants().find(|n| n.has_tag_name("connect")))
        .and_then(|c| c.attribute("modelIndex"))
        .unwrap();
    let range = instance(wire_index).range();
    let wire = &SKETCH[range.clone()];
    assert!(wire.contains("wireFlags=\"128\""), "a schematic wire: {wire}");
    let unrouted = wire.replace("wireFlags=\"128\"", "wireFlags=\"16\"");
    format!("{}{unrouted}{}", &SKETCH[..range.start], &SKETCH[range.end..])
}

#[test]
fn a_missing_schematic_wire_fails_only_the_schematic_view() {
    let dht11 = reference().part(sketch::DHT11).unwrap().clone();
    let data = dht11.connector_ids("DATA")[0].to_string();
    let rewired = with_one_schematic_wire_unrouted(sketch::DHT11, &data);
    let sketch = Sketch::parse(&rewired, &PARTS).unwrap();
    assert!(sketch.check_view(View::Breadboard).is_empty());
    let text = problems(sketch.check());
    assert!(
        text.contains(
            "tampilan skematik: pin D2 (GPIO4) NodeMCU belum tersambung ke apa pun; menurut peta \
             pin harus tepat ke DHT11 DATA"
        ),
        "{text}"
    );
    assert!(!text.contains("tampilan breadboard"), "{text}");
}

#[test]
fn a_wrong_resistor_value_is_named() {
    let rewired = SKETCH.replacen("value=\"4.7kΩ\"", "value=\"10kΩ\"", 1);
    assert_ne!(rewired, SKETCH);
    let text = problems(sketch::check(&rewired, &PARTS));
    assert!(text.contains("resistor 4,7 kΩ (pull-up DS18B20) tidak ada di sketsa"), "{text}");
    assert!(text.contains("sketsa berisi 2 resistor 10 kΩ (pembagi tegangan LDR)"), "{text}");
}

#[test]
fn a_part_plugged_into_a_breadboard_is_explained() {
    // Fritzing's breadboard with the DHT11's DATA pin in hole 3E: the
    // strips inside a breadboard are not in the sketch.
    let dht11 = reference().part(sketch::DHT11).unwrap().clone();
    let data = dht11.connector_ids("DATA")[0].to_string();
    let doc = roxmltree::Document::parse(SKETCH).unwrap();
    let index = doc
        .descendants()
        .find(|n| n.attribute("moduleIdRef") == Some(sketch::DHT11))
        .and_then(|n| n.attribute("modelIndex"))
        .unwrap();
    let breadboard = format!(
        r#"<instance moduleIdRef="BreadboardModuleID" modelIndex="9999" path="breadboard.fzp">
            <title>Breadboard1</title>
            <views><breadboardView layer="breadboardbreadboard"><connectors>
                <connector connectorId="pin3E" layer="breadboardbreadboard"><connects>
                    <connect connectorId="{data}" modelIndex="{index}" layer="breadboard"/>
                </connects></connector>
            </connectors></breadboardView></views>
        </instance>
    </instances>"#
    );
    let rewired = SKETCH.replacen("</instances>", &breadboard, 1);
    let text = problems(sketch::check(&rewired, &PARTS));
    assert!(
        text.contains("tampilan breadboard: Breadboard1 adalah breadboard, dan jalur di dalam"),
        "{text}"
    );
    assert!(!text.contains("tampilan skematik"), "{text}");
}

#[test]
fn a_custom_part_missing_from_the_fzz_says_to_import_it() {
    let text = problems(sketch::check(SKETCH, &[NODEMCU_FZP, DS18B20_FZP, RC522_FZP]));
    assert!(text.contains("definisi komponen DHT11"), "{text}");
    assert!(text.contains("schematics/parts/"), "{text}");
    assert!(text.contains("rumahpintar_dht11_modul.fzpz"), "{text}");
}

#[test]
fn a_file_that_is_not_a_sketch_is_named_so() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("skematik");
    std::fs::create_dir_all(&dir).unwrap();
    let not_zip = dir.join("bukan-zip.fzz");
    std::fs::write(&not_zip, "ini bukan zip").unwrap();
    let text = problems(sketch::check_fzz(&not_zip));
    assert!(text.contains("bukan sketsa Fritzing .fzz"), "{text}");
    let missing = problems(sketch::check_fzz(&dir.join("tidak-ada.fzz")));
    assert!(missing.contains("tidak bisa dibuka"), "{missing}");
}
