//! What the check needs from a Fritzing sketch (`.fz`) and from a part
//! definition (`.fzp`), read once with `roxmltree` into owned data.

use super::SketchError;
use std::collections::BTreeMap;
use std::format;
use std::prelude::rust_2024::*;

/// The three views of a Fritzing sketch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum View {
    Breadboard,
    Schematic,
    Pcb,
}

impl View {
    /// The element name Fritzing uses for the view.
    pub(super) fn element(self) -> &'static str {
        match self {
            View::Breadboard => "breadboardView",
            View::Schematic => "schematicView",
            View::Pcb => "pcbView",
        }
    }

    /// How a student's messages name the view.
    pub fn title(self) -> &'static str {
        match self {
            View::Breadboard => "tampilan breadboard",
            View::Schematic => "tampilan skematik",
            View::Pcb => "tampilan PCB",
        }
    }

    const ALL: [View; 3] = [View::Breadboard, View::Schematic, View::Pcb];
}

/// A part definition (`.fzp`): its module id, connector names and buses
/// (connectors joined inside the part, like the NodeMCU's three 3V3 pins).
#[derive(Debug, Clone)]
pub struct Part {
    module_id: String,
    title: String,
    /// Connector id (`connector17`) to the name printed on the part (`D2`).
    names: BTreeMap<String, String>,
    buses: Vec<Vec<String>>,
}

impl Part {
    /// Reads a part definition.
    pub fn parse(fzp: &str) -> Result<Part, SketchError> {
        let unreadable = |why: String| {
            SketchError::Unreadable(format!("definisi komponen (.fzp) tidak bisa dibaca: {why}"))
        };
        let doc = parse_xml(fzp).map_err(unreadable)?;
        let module = doc.root_element();
        if !module.has_tag_name("module") {
            return Err(unreadable(format!("elemen akarnya <{}>", module.tag_name().name())));
        }
        let module_id = module
            .attribute("moduleId")
            .ok_or_else(|| unreadable("tanpa moduleId".into()))?
            .to_string();
        let title = child(module, "title").and_then(|t| t.text()).unwrap_or_default().to_string();
        let mut names = BTreeMap::new();
        for connector in child(module, "connectors").iter().flat_map(|c| children(*c, "connector"))
        {
            if let (Some(id), Some(name)) = (connector.attribute("id"), connector.attribute("name"))
            {
                names.insert(id.to_string(), name.to_string());
            }
        }
        let buses = child(module, "buses")
            .iter()
            .flat_map(|b| children(*b, "bus"))
            .map(|bus| {
                children(bus, "nodeMember")
                    .filter_map(|m| m.attribute("connectorId"))
                    .map(str::to_string)
                    .collect()
            })
            .collect();
        Ok(Part { module_id, title, names, buses })
    }

    pub fn module_id(&self) -> &str {
        &self.module_id
    }

    /// The part's title in the Parts window (`NodeMCU v2 (ESP-12E)`).
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The connector ids named `name` (the NodeMCU has three `3V3`).
    pub fn connector_ids(&self, name: &str) -> Vec<&str> {
        self.names.iter().filter(|(_, n)| *n == name).map(|(id, _)| id.as_str()).collect()
    }

    /// The name of connector `id` (`D2` for `connector17` of the NodeMCU).
    pub fn connector_name(&self, id: &str) -> Option<&str> {
        self.names.get(id).map(String::as_str)
    }

    /// Every connector, as `(id, name)`.
    pub fn connectors(&self) -> impl Iterator<Item = (&str, &str)> {
        self.names.iter().map(|(id, name)| (id.as_str(), name.as_str()))
    }

    pub(super) fn buses(&self) -> &[Vec<String>] {
        &self.buses
    }
}

/// One end of a connection: (modelIndex of the instance, connector id).
pub(super) type Node = (String, String);

/// One connector of an instance in one view, and what it is joined to.
#[derive(Debug, Default)]
pub(super) struct Connector {
    pub id: String,
    pub connects: Vec<Node>,
}

/// One instance in the sketch: a part, a wire, or a power symbol.
#[derive(Debug)]
pub(super) struct Instance {
    pub index: String,
    pub module_id: String,
    /// The label Fritzing shows (`R1`, `NodeMCU1`).
    pub title: String,
    /// Properties, names in lower case (`resistance`, `voltage`).
    pub properties: BTreeMap<String, String>,
    /// For a wire, the view it is drawn in (`None` for a ratsnest line,
    /// which is not a connection); `None` for anything else.
    pub wire: Option<Option<View>>,
    /// The connectors of each view the instance appears in.
    pub views: BTreeMap<View, Vec<Connector>>,
}

impl Instance {
    pub fn is_wire(&self) -> bool {
        self.wire.is_some()
    }
}

pub(super) const WIRE: &str = "WireModuleID";

/// Reads the instances of a sketch (`.fz`).
pub(super) fn parse_sketch(fz: &str) -> Result<Vec<Instance>, SketchError> {
    let unreadable =
        |why: String| SketchError::Unreadable(format!("sketsa (.fz) tidak bisa dibaca: {why}"));
    let doc = parse_xml(fz).map_err(unreadable)?;
    let module = doc.root_element();
    let Some(instances) = child(module, "instances").filter(|_| module.has_tag_name("module"))
    else {
        return Err(unreadable("bukan sketsa Fritzing (tidak ada <module><instances>)".into()));
    };
    let mut out = Vec::new();
    for inst in children(instances, "instance") {
        let (Some(index), Some(module_id)) =
            (inst.attribute("modelIndex"), inst.attribute("moduleIdRef"))
        else {
            continue;
        };
        let properties = children(inst, "property")
            .filter_map(|p| {
                let name = p.attribute("name")?.to_lowercase();
                Some((name, p.attribute("value").unwrap_or_default().to_string()))
            })
            .collect();
        let title = child(inst, "title").and_then(|t| t.text()).unwrap_or_default().to_string();
        let wire = (module_id == WIRE).then(|| wire_view(inst));
        let mut views = BTreeMap::new();
        if let Some(view_list) = child(inst, "views") {
            for view in View::ALL {
                let Some(element) = child(view_list, view.element()) else { continue };
                let connectors = element
                    .descendants()
                    .filter(|n| n.has_tag_name("connector"))
                    .filter_map(|c| {
                        let id = c.attribute("connectorId")?.to_string();
                        let connects = c
                            .descendants()
                            .filter(|n| n.has_tag_name("connect"))
                            .filter_map(|n| {
                                Some((
                                    n.attribute("modelIndex")?.to_string(),
                                    n.attribute("connectorId")?.to_string(),
                                ))
                            })
                            .collect();
                        Some(Connector { id, connects })
                    })
                    .collect();
                views.insert(view, connectors);
            }
        }
        out.push(Instance {
            index: index.to_string(),
            module_id: module_id.to_string(),
            title,
            properties,
            wire,
            views,
        });
    }
    Ok(out)
}

/// The view a wire belongs to, from its flags, as Fritzing decides.
fn wire_view(wire: roxmltree::Node) -> Option<View> {
    let flags: u32 = wire
        .descendants()
        .filter(|n| n.has_tag_name("geometry"))
        .find_map(|g| g.attribute("wireFlags"))?
        .parse()
        .ok()?;
    if flags & 16 != 0 {
        None // ratsnest: not a real connection
    } else if flags & 4 != 0 {
        Some(View::Pcb)
    } else if flags & 128 != 0 {
        Some(View::Schematic)
    } else {
        Some(View::Breadboard)
    }
}

fn parse_xml(text: &str) -> Result<roxmltree::Document<'_>, String> {
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| e.to_string())
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| c.has_tag_name(name))
}

fn children<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    node.children().filter(move |c| c.has_tag_name(name))
}

/// `4.7kΩ`, `10k`, `220 Ohm` in ohms.
pub(super) fn parse_ohms(value: &str) -> Option<u32> {
    let v = value.trim().trim_end_matches('Ω').trim_end_matches("Ohm").trim();
    let (number, factor) = match v.chars().last()? {
        'k' | 'K' => (&v[..v.len() - 1], 1_000.0),
        'M' => (&v[..v.len() - 1], 1_000_000.0),
        _ => (v, 1.0),
    };
    let ohms: f64 = number.trim().replace(',', ".").parse().ok()?;
    Some((ohms * factor).round() as u32)
}

/// Ohms as the book writes them: `4,7 kΩ`, `10 kΩ`, `220 Ω`.
pub(super) fn format_ohms(ohms: u32) -> String {
    if ohms >= 1_000 {
        let text = format!("{}", f64::from(ohms) / 1_000.0).replace('.', ",");
        format!("{text} kΩ")
    } else {
        format!("{ohms} Ω")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ohms_are_read_and_written_as_the_book_does() {
        assert_eq!(parse_ohms("4.7kΩ"), Some(4_700));
        assert_eq!(parse_ohms("10kΩ"), Some(10_000));
        assert_eq!(parse_ohms("220Ω"), Some(220));
        assert_eq!(parse_ohms("220 Ohm"), Some(220));
        assert_eq!(parse_ohms("bukan angka"), None);
        assert_eq!(format_ohms(4_700), "4,7 kΩ");
        assert_eq!(format_ohms(10_000), "10 kΩ");
        assert_eq!(format_ohms(220), "220 Ω");
    }
}
