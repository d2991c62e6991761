//! Mermaid flowcharts as data: nodes, subgraphs and edges whose ids and labels are already safe
//! to write between the fences of a ```` ```mermaid ```` block.
//!
//! Names from an export (`Klinik Zürich`, `Billing Service`, `end`, `a"b`) never become node ids:
//! ids are made of ASCII letters, digits and single underscores, with a prefix per kind of node
//! (`app_`, `api_`, …) so that no id is a Mermaid keyword, and they are unique within a diagram.
//! Labels are always quoted, with the characters Mermaid reads inside quotes replaced by its entity
//! codes (`#quot;`, `#lt;`, …), so a label cannot close its quotes, open HTML, or end the code block
//! (backticks are replaced too).

use std::collections::HashSet;

use serde::Serialize;

/// A flowchart.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Diagram {
    /// `LR` or `TD`.
    pub direction: &'static str,
    /// Nodes outside any subgraph.
    pub nodes: Vec<MermaidNode>,
    pub subgraphs: Vec<Subgraph>,
    pub edges: Vec<Edge>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MermaidNode {
    pub id: String,
    /// Already escaped, without the surrounding quotes.
    pub label: String,
    /// The shape's opening and closing brackets: `[`/`]`, `(`/`)`, `([`/`])`, `[(`/`)]`.
    pub open: &'static str,
    pub close: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct Subgraph {
    pub id: String,
    pub label: String,
    pub nodes: Vec<MermaidNode>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// The whole arrow, label included: `-->`, `-.->`, `-->|"3 scopes"|`.
    pub arrow: String,
}

/// Node shapes used by the generated diagrams.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    Box,
    Rounded,
    Stadium,
    Cylinder,
    Hexagon,
}

impl Shape {
    fn brackets(self) -> (&'static str, &'static str) {
        match self {
            Shape::Box => ("[", "]"),
            Shape::Rounded => ("(", ")"),
            Shape::Stadium => ("([", "])"),
            Shape::Cylinder => ("[(", ")]"),
            Shape::Hexagon => ("{{", "}}"),
        }
    }
}

impl Diagram {
    pub fn new(direction: &'static str) -> Self {
        Diagram {
            direction,
            ..Diagram::default()
        }
    }

    /// Total number of nodes, subgraphs included.
    pub fn node_count(&self) -> usize {
        self.nodes.len() + self.subgraphs.iter().map(|s| s.nodes.len()).sum::<usize>()
    }
}

/// Makes a node with an escaped label (lines joined with `<br/>`).
pub fn node(id: String, lines: &[&str], shape: Shape) -> MermaidNode {
    let (open, close) = shape.brackets();
    MermaidNode {
        id,
        label: lines
            .iter()
            .map(|l| label(l))
            .collect::<Vec<_>>()
            .join("<br/>"),
        open,
        close,
    }
}

/// A plain arrow, a dotted one, or one with a label.
pub fn arrow(text: Option<&str>, dotted: bool) -> String {
    let base = if dotted { "-.->" } else { "-->" };
    match text {
        Some(t) => format!("{base}|\"{}\"|", label(t)),
        None => base.to_owned(),
    }
}

/// Escapes text for use inside a quoted Mermaid label.
pub fn label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Hands out node ids unique within one diagram.
#[derive(Debug, Default)]
pub struct Ids {
    taken: HashSet<String>,
}

impl Ids {
    /// `prefix` plus the name reduced to ASCII letters, digits and single underscores.
    pub fn id(&mut self, prefix: &str, name: &str) -> String {
        let mut base = String::from(prefix);
        for c in name.chars() {
            if c.is_ascii_alphanumeric() {
                base.push(c.to_ascii_lowercase());
            } else if !base.ends_with('_') {
                base.push('_');
            }
        }
        while base.ends_with('_') {
            base.pop();
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.taken.insert(candidate.clone()) {
            candidate = format!("{base}_{n}");
            n += 1;
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_safe_and_unique() {
        let mut ids = Ids::default();
        assert_eq!(ids.id("app_", "Patient Portal"), "app_patient_portal");
        assert_eq!(ids.id("app_", "patient-portal"), "app_patient_portal_2");
        assert_eq!(ids.id("t_", "end"), "t_end");
        assert_eq!(ids.id("t_", "Zürich!"), "t_z_rich");
        assert_eq!(ids.id("t_", "\"];"), "t");
        for id in [ids.id("x_", "a\"b"), ids.id("x_", "💥")] {
            assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        }
    }

    #[test]
    fn labels_cannot_break_out() {
        assert_eq!(label("a\"] --> evil[\"x"), "a#quot;] --#gt; evil[#quot;x");
        assert_eq!(label("<b>`x`</b>"), "#lt;b#gt;#96;x#96;#lt;/b#gt;");
        assert_eq!(label("#1 | a"), "#35;1 #124; a");
        assert_eq!(arrow(Some("2 scopes"), false), "-->|\"2 scopes\"|");
    }
}
