//! The nets of one view: which connectors the wires join.
//!
//! A wire joins its two ends, and every `<connect>` joins a connector to a
//! wire end or to another connector. Parts are not walked through (a
//! resistor's two legs are two nets), except a part's own buses (the
//! NodeMCU's three 3V3 pins are one net, so are its four GND pins) and the
//! power symbols and net labels of the schematic view (every ground symbol
//! is one net, every power symbol of the same voltage is one net, every net
//! label of the same text is one net), as Fritzing itself does.

use super::model::{Instance, Node, Part, View};
use std::collections::{BTreeMap, BTreeSet};
use std::format;
use std::prelude::rust_2024::*;

// Fritzing's schematic symbols (built into Fritzing, not in the parts library).
pub(super) const GROUND_SYMBOL: &str = "GroundModuleID";
pub(super) const POWER_SYMBOLS: [&str; 2] = ["PowerLabelModuleID", "PowerModuleID"];
pub(super) const NET_LABELS: [&str; 2] = ["NetLabelModuleID", "LeftNetLabelModuleID"];

/// Whether an instance is a symbol that joins nets by its label.
pub(super) fn is_symbol(module_id: &str) -> bool {
    module_id == GROUND_SYMBOL
        || POWER_SYMBOLS.contains(&module_id)
        || NET_LABELS.contains(&module_id)
}

/// Union-find over connectors.
#[derive(Default)]
pub(super) struct Nets {
    parent: BTreeMap<Node, Node>,
    /// Connectors that take part in at least one connection.
    connected: BTreeSet<Node>,
    /// Instances that are not parts: wires and symbols.
    not_parts: BTreeSet<String>,
}

impl Nets {
    /// The nets of `view`, with the buses of the given part definitions
    /// (`parts`: module id to definition).
    pub fn of_view(instances: &[Instance], view: View, parts: &BTreeMap<&str, &Part>) -> Nets {
        let mut nets = Nets::default();
        let wire_views: BTreeMap<&str, Option<View>> =
            instances.iter().filter_map(|i| i.wire.map(|view| (i.index.as_str(), view))).collect();
        for inst in instances {
            if inst.is_wire() && inst.wire != Some(Some(view)) {
                continue;
            }
            let Some(connectors) = inst.views.get(&view) else { continue };
            if inst.is_wire() {
                nets.join(
                    (inst.index.clone(), "connector0".into()),
                    (inst.index.clone(), "connector1".into()),
                );
            }
            for connector in connectors {
                let here = (inst.index.clone(), connector.id.clone());
                nets.touch(&here);
                for there in &connector.connects {
                    // A wire of another view is not a connection in this one.
                    if wire_views.get(there.0.as_str()).is_some_and(|v| *v != Some(view)) {
                        continue;
                    }
                    nets.connected.insert(here.clone());
                    nets.connected.insert(there.clone());
                    nets.join(here.clone(), there.clone());
                }
            }
        }
        // The parts' internal buses.
        for inst in instances {
            let Some(part) = parts.get(inst.module_id.as_str()) else { continue };
            if !inst.views.contains_key(&view) {
                continue;
            }
            for bus in part.buses() {
                for pair in bus.windows(2) {
                    nets.join(
                        (inst.index.clone(), pair[0].clone()),
                        (inst.index.clone(), pair[1].clone()),
                    );
                }
            }
        }
        // Symbols with the same label are one net.
        let mut by_label: BTreeMap<String, Node> = BTreeMap::new();
        for inst in instances.iter().filter(|i| is_symbol(&i.module_id)) {
            let property = |name: &str| inst.properties.get(name).cloned().unwrap_or_default();
            let voltage = property("voltage");
            let label = if inst.module_id == GROUND_SYMBOL
                || (POWER_SYMBOLS.contains(&inst.module_id.as_str())
                    && voltage.trim().parse::<f64>() == Ok(0.0))
            {
                "GND".to_string()
            } else if POWER_SYMBOLS.contains(&inst.module_id.as_str()) {
                format!("V{}", voltage.trim())
            } else {
                format!("label {}", property("label").trim())
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
        nets.not_parts = instances
            .iter()
            .filter(|i| i.is_wire() || is_symbol(&i.module_id))
            .map(|i| i.index.clone())
            .collect();
        nets
    }

    fn touch(&mut self, n: &Node) {
        if !self.parent.contains_key(n) {
            self.parent.insert(n.clone(), n.clone());
        }
    }

    pub fn find(&mut self, n: &Node) -> Node {
        self.touch(n);
        let mut root = n.clone();
        while self.parent[&root] != root {
            root = self.parent[&root].clone();
        }
        // Path compression.
        let mut at = n.clone();
        while at != root {
            let next = self.parent[&at].clone();
            self.parent.insert(at, root.clone());
            at = next;
        }
        root
    }

    pub fn same(&mut self, a: &Node, b: &Node) -> bool {
        self.find(a) == self.find(b)
    }

    fn join(&mut self, a: Node, b: Node) {
        let (ra, rb) = (self.find(&a), self.find(&b));
        if ra != rb {
            self.parent.insert(ra, rb);
        }
    }

    /// Whether a connector takes part in any connection in this view.
    pub fn is_connected(&self, n: &Node) -> bool {
        self.connected.contains(n)
    }

    /// The part connectors (not wires, not symbols) on the net of `n`.
    pub fn members(&mut self, n: &Node) -> BTreeSet<Node> {
        let root = self.find(n);
        let all: Vec<Node> =
            self.parent.keys().filter(|m| !self.not_parts.contains(&m.0)).cloned().collect();
        all.into_iter().filter(|m| self.find(m) == root).collect()
    }
}
