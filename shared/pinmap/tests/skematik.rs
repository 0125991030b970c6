//! The Fritzing sketch (`schematics/rumah-pintar/rumah-pintar.fz`) is wired
//! exactly as the pin map says, in the breadboard view and in the schematic
//! view.
//!
//! The sketch is plain XML. A net is what wires join: a wire joins its two
//! ends, and every `<connect>` joins a wire end to a part's connector or to
//! another wire end. Parts are not walked through (a resistor's two legs are
//! two nets), except the NodeMCU's own buses (its three 3V3 pins are one
//! net, so are its four GND pins) and, in the schematic view, the power
//! symbols (every ground symbol is one net, every power symbol of the same
//! voltage is one net), as Fritzing itself does.

use std::collections::{BTreeMap, BTreeSet, HashMap};

const SKETCH: &str = include_str!("../../../schematics/rumah-pintar/rumah-pintar.fz");
const NODEMCU_FZP: &str =
    include_str!("../../../schematics/rumah-pintar/part.rumahpintar_nodemcu_v2.fzp");
const DHT11_FZP: &str =
    include_str!("../../../schematics/rumah-pintar/part.rumahpintar_dht11_modul.fzp");
const DS18B20_FZP: &str =
    include_str!("../../../schematics/rumah-pintar/part.rumahpintar_ds18b20_to92.fzp");
const RC522_FZP: &str =
    include_str!("../../../schematics/rumah-pintar/part.rumahpintar_rc522_modul.fzp");

// Fritzing's own parts (fritzing-parts 0.9.6), by module id and connector id.
const RESISTOR: &str = "ResistorModuleID";
const LDR: &str = "2010BBCD20113";
const LED: &str = "5mmColorLEDModuleID";
const LED_CATHODE: &str = "connector0";
const LED_ANODE: &str = "connector1";
const POWER_SYMBOL: &str = "PowerLabelModuleID";
const GROUND_SYMBOL: &str = "GroundModuleID";
/// The LED's series resistor: (3.3 V - 1.8 V) / 220 Ω ≈ 6.8 mA.
const LED_RESISTOR_OHMS: u32 = 220;

// ---------------------------------------------------------------------------
// A very small XML reader: elements and attributes, text is skipped.
// ---------------------------------------------------------------------------

#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Element>,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn descendants<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for c in &self.children {
            if c.name == name {
                out.push(c);
            }
            c.descendants(name, out);
        }
    }
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn parse_xml(xml: &str) -> Element {
    let mut stack = vec![Element { name: "#document".into(), ..Element::default() }];
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->").expect("unterminated comment") + 3..];
            continue;
        }
        if rest.starts_with("<?") || rest.starts_with("<!") {
            rest = &rest[rest.find('>').expect("unterminated declaration") + 1..];
            continue;
        }
        // Find the end of the tag, skipping '>' inside quoted attribute values.
        let mut quote = None;
        let mut end = None;
        for (i, ch) in rest.char_indices().skip(1) {
            match (quote, ch) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(ch),
                (None, '>') => {
                    end = Some(i);
                    break;
                }
                (None, _) => {}
            }
        }
        let end = end.expect("unterminated tag");
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let done = stack.pop().expect("unbalanced XML");
            assert_eq!(done.name, name.trim(), "mismatched closing tag");
            stack.last_mut().expect("unbalanced XML").children.push(done);
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let mut element = Element { name: tag[..name_end].to_string(), ..Element::default() };
        let mut attrs = &tag[name_end..];
        while let Some(eq) = attrs.find('=') {
            let key = attrs[..eq].trim().to_string();
            let value = attrs[eq + 1..].trim_start();
            let q = value.chars().next().expect("attribute without value");
            let close = value[1..].find(q).expect("unterminated attribute") + 1;
            element.attrs.push((key, unescape(&value[1..close])));
            attrs = &value[close + 1..];
        }
        if self_closing {
            stack.last_mut().expect("unbalanced XML").children.push(element);
        } else {
            stack.push(element);
        }
    }
    assert_eq!(stack.len(), 1, "unbalanced XML");
    stack.pop().unwrap()
}

// ---------------------------------------------------------------------------
// Parts and nets
// ---------------------------------------------------------------------------

/// A custom part's definition: its module id, connector names and buses.
struct PartDef {
    module_id: String,
    names: BTreeMap<String, String>,
    buses: Vec<Vec<String>>,
}

impl PartDef {
    fn parse(fzp: &str) -> PartDef {
        let doc = parse_xml(fzp);
        let module = doc.child("module").expect("no <module>");
        let module_id = module.attr("moduleId").expect("no moduleId").to_string();
        let mut names = BTreeMap::new();
        for c in module.child("connectors").expect("no <connectors>").all("connector") {
            names.insert(c.attr("id").unwrap().to_string(), c.attr("name").unwrap().to_string());
        }
        let buses = module
            .child("buses")
            .map(|b| {
                b.all("bus")
                    .map(|bus| {
                        bus.all("nodeMember")
                            .map(|m| m.attr("connectorId").unwrap().to_string())
                            .collect()
                    })
                    .collect()
            })
            .unwrap_or_default();
        PartDef { module_id, names, buses }
    }

    /// The connector ids named `name` (the NodeMCU has three 3V3 pins).
    fn ids(&self, name: &str) -> Vec<String> {
        self.names.iter().filter(|(_, n)| *n == name).map(|(id, _)| id.clone()).collect()
    }

    fn id(&self, name: &str) -> String {
        let ids = self.ids(name);
        assert_eq!(ids.len(), 1, "{} has {} connectors named {name}", self.module_id, ids.len());
        ids[0].clone()
    }
}

/// One connector of one instance: (modelIndex, connectorId).
type Node = (String, String);

#[derive(Debug)]
struct Instance {
    index: String,
    module_id: String,
    properties: BTreeMap<String, String>,
}

struct Sketch {
    doc: Element,
    instances: Vec<Instance>,
}

impl Sketch {
    fn load() -> Sketch {
        let doc = parse_xml(SKETCH);
        let mut instances = Vec::new();
        {
            let module = doc.child("module").expect("no <module>");
            for inst in module.child("instances").expect("no <instances>").all("instance") {
                let properties = inst
                    .all("property")
                    .map(|p| {
                        (
                            p.attr("name").unwrap().to_lowercase(),
                            p.attr("value").unwrap_or_default().to_string(),
                        )
                    })
                    .collect();
                instances.push(Instance {
                    index: inst.attr("modelIndex").unwrap().to_string(),
                    module_id: inst.attr("moduleIdRef").unwrap().to_string(),
                    properties,
                });
            }
        }
        Sketch { doc, instances }
    }

    fn instance_elements(&self) -> impl Iterator<Item = &Element> {
        self.doc.child("module").unwrap().child("instances").unwrap().all("instance")
    }

    fn only(&self, module_id: &str) -> &Instance {
        let found: Vec<_> = self.instances.iter().filter(|i| i.module_id == module_id).collect();
        assert_eq!(found.len(), 1, "expected exactly one {module_id} in the sketch");
        found[0]
    }

    fn resistor(&self, ohms: u32) -> &Instance {
        let found: Vec<_> = self
            .instances
            .iter()
            .filter(|i| i.module_id == RESISTOR)
            .filter(|i| i.properties.get("resistance").and_then(|r| parse_ohms(r)) == Some(ohms))
            .collect();
        assert_eq!(found.len(), 1, "expected exactly one {ohms} Ω resistor in the sketch");
        found[0]
    }

    /// The view a wire belongs to, from its flags (as Fritzing decides).
    fn wire_view(wire: &Element) -> Option<&'static str> {
        let mut geometry = Vec::new();
        wire.descendants("geometry", &mut geometry);
        let flags: u32 = geometry.iter().find_map(|g| g.attr("wireFlags"))?.parse().ok()?;
        if flags & 16 != 0 {
            None // ratsnest: not a real connection
        } else if flags & 4 != 0 {
            Some("pcbView")
        } else if flags & 128 != 0 {
            Some("schematicView")
        } else {
            Some("breadboardView")
        }
    }

    /// The nets of one view.
    fn nets(&self, view: &str, nodemcu: &PartDef) -> Nets {
        let mut nets = Nets::default();
        let wires: HashMap<String, Option<&str>> = self
            .instance_elements()
            .filter(|i| i.attr("moduleIdRef") == Some("WireModuleID"))
            .map(|w| (w.attr("modelIndex").unwrap().to_string(), Sketch::wire_view(w)))
            .collect();
        for inst in self.instance_elements() {
            let index = inst.attr("modelIndex").unwrap();
            let is_wire = wires.contains_key(index);
            if is_wire && wires[index] != Some(view) {
                continue;
            }
            let Some(element) = inst.child("views").and_then(|v| v.child(view)) else {
                continue;
            };
            if is_wire {
                nets.join(
                    (index.to_string(), "connector0".into()),
                    (index.to_string(), "connector1".into()),
                );
            }
            let mut connectors = Vec::new();
            element.descendants("connector", &mut connectors);
            for connector in connectors {
                let here = (index.to_string(), connector.attr("connectorId").unwrap().to_string());
                nets.touch(&here);
                let mut connects = Vec::new();
                connector.descendants("connect", &mut connects);
                for c in connects {
                    let other_index = c.attr("modelIndex").unwrap();
                    // A wire of another view is not a connection in this one.
                    if wires.get(other_index).is_some_and(|v| *v != Some(view)) {
                        continue;
                    }
                    nets.connected.insert(here.clone());
                    let there =
                        (other_index.to_string(), c.attr("connectorId").unwrap().to_string());
                    nets.connected.insert(there.clone());
                    nets.join(here.clone(), there);
                }
            }
        }
        // The board's internal buses.
        let mcu = self.only(&nodemcu.module_id);
        for bus in &nodemcu.buses {
            for pair in bus.windows(2) {
                nets.join(
                    (mcu.index.clone(), pair[0].clone()),
                    (mcu.index.clone(), pair[1].clone()),
                );
            }
        }
        // Power and ground symbols (schematic view only in practice).
        let mut by_label: BTreeMap<String, Node> = BTreeMap::new();
        for inst in &self.instances {
            let label = match inst.module_id.as_str() {
                GROUND_SYMBOL => "GND".to_string(),
                POWER_SYMBOL => {
                    format!("V{}", inst.properties.get("voltage").cloned().unwrap_or_default())
                }
                _ => continue,
            };
            let node = (inst.index.clone(), "connector0".to_string());
            if !nets.parent.contains_key(&node) {
                continue; // not in this view
            }
            match by_label.get(&label) {
                Some(first) => nets.join(first.clone(), node),
                None => {
                    by_label.insert(label, node);
                }
            }
        }
        nets.wires = wires.keys().cloned().collect();
        nets.symbols = self
            .instances
            .iter()
            .filter(|i| i.module_id == POWER_SYMBOL || i.module_id == GROUND_SYMBOL)
            .map(|i| i.index.clone())
            .collect();
        nets
    }
}

fn parse_ohms(value: &str) -> Option<u32> {
    let v = value.trim().trim_end_matches('Ω').trim_end_matches("Ohm").trim();
    let (number, factor) = match v.chars().last()? {
        'k' | 'K' => (&v[..v.len() - 1], 1_000.0),
        'M' => (&v[..v.len() - 1], 1_000_000.0),
        _ => (v, 1.0),
    };
    let ohms: f64 = number.trim().parse().ok()?;
    Some((ohms * factor).round() as u32)
}

/// Union-find over connectors.
#[derive(Default)]
struct Nets {
    parent: HashMap<Node, Node>,
    /// Connectors that take part in at least one connection.
    connected: BTreeSet<Node>,
    wires: BTreeSet<String>,
    symbols: BTreeSet<String>,
}

impl Nets {
    fn touch(&mut self, n: &Node) {
        self.parent.entry(n.clone()).or_insert_with(|| n.clone());
    }

    fn find(&mut self, n: &Node) -> Node {
        self.touch(n);
        let p = self.parent[n].clone();
        if &p == n {
            return p;
        }
        let root = self.find(&p);
        self.parent.insert(n.clone(), root.clone());
        root
    }

    fn join(&mut self, a: Node, b: Node) {
        let (ra, rb) = (self.find(&a), self.find(&b));
        if ra != rb {
            self.parent.insert(ra, rb);
        }
    }

    /// The part connectors (not wires, not power symbols) on the net of `n`.
    fn members(&mut self, n: &Node) -> BTreeSet<Node> {
        let root = self.find(n);
        let all: Vec<Node> = self
            .parent
            .keys()
            .filter(|m| !self.wires.contains(&m.0) && !self.symbols.contains(&m.0))
            .cloned()
            .collect();
        all.into_iter().filter(|m| self.find(m) == root).collect()
    }
}

// ---------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------

struct Parts {
    nodemcu: PartDef,
    dht11: PartDef,
    ds18b20: PartDef,
    rc522: PartDef,
}

fn parts() -> Parts {
    Parts {
        nodemcu: PartDef::parse(NODEMCU_FZP),
        dht11: PartDef::parse(DHT11_FZP),
        ds18b20: PartDef::parse(DS18B20_FZP),
        rc522: PartDef::parse(RC522_FZP),
    }
}

fn node(inst: &Instance, connector: &str) -> Node {
    (inst.index.clone(), connector.to_string())
}

/// Checks one view: for every entry of `pinmap::CONNECTIONS`, the net of
/// the NodeMCU pin holds exactly the part's pin (plus the pull-up or the
/// divider where the pin map says so); every part is supplied from 3V3 and
/// GND; no other NodeMCU pin is used except supply and the UART.
fn check_view(sketch: &Sketch, p: &Parts, view: &str) {
    let mut nets = sketch.nets(view, &p.nodemcu);
    let mcu = sketch.only(&p.nodemcu.module_id);
    let dht = sketch.only(&p.dht11.module_id);
    let ds = sketch.only(&p.ds18b20.module_id);
    let rfid = sketch.only(&p.rc522.module_id);
    let ldr = sketch.only(LDR);
    let led = sketch.only(LED);
    let pull_up = sketch.resistor(pinmap::DS18B20_PULL_UP_OHMS);
    let divider = sketch.resistor(pinmap::LDR_DIVIDER_OHMS);
    let led_r = sketch.resistor(LED_RESISTOR_OHMS);
    let mcu_pin = |label: &str| node(mcu, &p.nodemcu.id(label));
    let v33 = node(mcu, &p.nodemcu.ids("3V3")[0]);
    let gnd = node(mcu, &p.nodemcu.ids("GND")[0]);

    // A two-legged part with one leg on `net`: the other leg.
    let other_leg = |nets: &mut Nets, inst: &Instance, net: &Node| -> Node {
        let legs = [node(inst, "connector0"), node(inst, "connector1")];
        let on: Vec<_> = legs.iter().filter(|l| nets.find(l) == nets.find(net)).collect();
        assert_eq!(
            on.len(),
            1,
            "{view}: exactly one leg of {} should be on that net",
            inst.module_id
        );
        legs.iter().find(|l| *l != on[0]).unwrap().clone()
    };

    let mut used = BTreeSet::new();
    for (part, part_pin, pin) in pinmap::CONNECTIONS {
        let board = mcu_pin(pin.label);
        used.insert(pin.label);
        let mut expected: BTreeSet<Node> = BTreeSet::from([board.clone()]);
        match part {
            "(bebas)" => {
                assert!(
                    !view_connected(&nets, &board),
                    "{view}: {} ({part_pin}) must stay unconnected",
                    pin.label
                );
                continue;
            }
            "DHT11" => {
                expected.insert(node(dht, &p.dht11.id(part_pin)));
            }
            "DS18B20" => {
                expected.insert(node(ds, &p.ds18b20.id(part_pin)));
                let leg = other_leg(&mut nets, pull_up, &board);
                expected.insert(other_of(pull_up, &leg));
                assert_eq!(nets.find(&leg), nets.find(&v33), "{view}: the DQ pull-up goes to 3V3");
            }
            "MFRC522" => {
                // "SDA (CS)" in the pin map, "SDA" on the module.
                let name = part_pin.split_whitespace().next().unwrap();
                expected.insert(node(rfid, &p.rc522.id(name)));
            }
            "LDR" => {
                let ldr_top = other_leg(&mut nets, ldr, &board);
                let r_bottom = other_leg(&mut nets, divider, &board);
                expected.insert(other_of(ldr, &ldr_top));
                expected.insert(other_of(divider, &r_bottom));
                assert_eq!(nets.find(&ldr_top), nets.find(&v33), "{view}: the LDR goes to 3V3");
                assert_eq!(
                    nets.find(&r_bottom),
                    nets.find(&gnd),
                    "{view}: the divider goes to GND"
                );
            }
            "LED" => {
                assert!(part_pin.starts_with("katoda"), "the pin map drives the LED's cathode");
                expected.insert(node(led, LED_CATHODE));
                // anode - 220 Ω - 3V3
                let anode = node(led, LED_ANODE);
                let r_top = other_leg(&mut nets, led_r, &anode);
                assert_eq!(
                    nets.members(&anode),
                    BTreeSet::from([anode.clone(), other_of(led_r, &r_top)]),
                    "{view}: the LED's anode goes to its resistor only"
                );
                assert_eq!(
                    nets.find(&r_top),
                    nets.find(&v33),
                    "{view}: the LED resistor goes to 3V3"
                );
            }
            other => panic!("the sketch check does not know part {other}: update this test"),
        }
        assert_eq!(
            nets.members(&board),
            expected,
            "{view}: the net of {} ({part} {part_pin}) is wired differently from the pin map",
            pin.label
        );
    }

    // Supply: every part on 3.3 V (never VIN, the 5 V pin) and ground.
    for (inst, def, pin) in
        [(dht, &p.dht11, "VCC"), (ds, &p.ds18b20, "VDD"), (rfid, &p.rc522, "3.3V")]
    {
        assert_eq!(
            nets.find(&node(inst, &def.id(pin))),
            nets.find(&v33),
            "{view}: {} {pin} must be on 3V3",
            def.module_id
        );
    }
    for (inst, def) in [(dht, &p.dht11), (ds, &p.ds18b20), (rfid, &p.rc522)] {
        assert_eq!(
            nets.find(&node(inst, &def.id("GND"))),
            nets.find(&gnd),
            "{view}: {} GND must be on GND",
            def.module_id
        );
    }
    assert_ne!(nets.find(&v33), nets.find(&gnd), "{view}: 3V3 is shorted to GND");

    // No other NodeMCU pin is used, except supply and the UART.
    for (id, name) in &p.nodemcu.names {
        let allowed = (used.contains(name.as_str()) && name != pinmap::LEFT_FREE.label)
            || ["3V3", "GND", "RX", "TX"].contains(&name.as_str());
        let n = node(mcu, id);
        if !allowed {
            assert!(
                !view_connected(&nets, &n),
                "{view}: NodeMCU pin {name} ({id}) must stay unconnected"
            );
        }
    }
}

/// Whether a connector takes part in any connection in this view.
fn view_connected(nets: &Nets, n: &Node) -> bool {
    nets.connected.contains(n)
}

/// The other leg of a two-legged part.
fn other_of(inst: &Instance, leg: &Node) -> Node {
    let other = if leg.1 == "connector0" { "connector1" } else { "connector0" };
    node(inst, other)
}

#[test]
fn the_breadboard_view_matches_the_pin_map() {
    check_view(&Sketch::load(), &parts(), "breadboardView");
}

#[test]
fn the_schematic_view_matches_the_pin_map() {
    check_view(&Sketch::load(), &parts(), "schematicView");
}

#[test]
fn d3_is_free_in_every_view() {
    let sketch = Sketch::load();
    let p = parts();
    let mcu = sketch.only(&p.nodemcu.module_id);
    let d3 = p.nodemcu.id(pinmap::LEFT_FREE.label);
    for view in ["breadboardView", "schematicView", "pcbView"] {
        let nets = sketch.nets(view, &p.nodemcu);
        assert!(!view_connected(&nets, &node(mcu, &d3)), "{view}: D3 (GPIO0) must stay free");
    }
}

#[test]
fn the_custom_parts_name_the_pins_of_the_pin_map() {
    let p = parts();
    for (part, part_pin, pin) in pinmap::CONNECTIONS {
        assert_eq!(p.nodemcu.ids(pin.label).len(), 1, "NodeMCU has no single pin {}", pin.label);
        let name = part_pin.split_whitespace().next().unwrap();
        match part {
            "DHT11" => assert_eq!(p.dht11.ids(name).len(), 1),
            "DS18B20" => assert_eq!(p.ds18b20.ids(name).len(), 1),
            "MFRC522" => assert_eq!(p.rc522.ids(name).len(), 1),
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
        assert_eq!(p.nodemcu.names[&format!("connector{i}")], *name, "NodeMCU connector{i}");
    }
    let rc522 = ["SDA", "SCK", "MOSI", "MISO", "IRQ", "GND", "RST", "3.3V"];
    for (i, name) in rc522.iter().enumerate() {
        assert_eq!(p.rc522.names[&format!("connector{i}")], *name, "RC522 connector{i}");
    }
}
