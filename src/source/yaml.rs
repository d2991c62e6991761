//! YAML text → located [`Node`] tree.
//!
//! We drive saphyr-parser's event stream ourselves instead of using a ready-made document type,
//! for four reasons:
//!
//! * **Byte spans.** saphyr's markers count characters, not bytes; a [`CharToByte`] cursor
//!   converts them in one forward pass, so a file with `é` in it still gets byte-exact locations.
//! * **Hostile input.** Aliases are expanded with a budget (a "billion laughs" file is refused
//!   instead of eating the machine), and nesting depth is capped. The builder keeps an explicit
//!   stack and never recurses, so depth cannot overflow our own stack either.
//! * **Duplicate keys**, which js-yaml (and so `a0deploy`) rejects, are reported with the location
//!   of both occurrences; the last one is kept.
//! * **`!include`**, an a0lint extension (newer Deploy CLI branches document it) for splitting a tenant across
//!   files, is resolved through a callback so the loader can apply its path and cycle policy.
//!
//! Scalars resolve as js-yaml's default schema does (YAML 1.2 core: `true`/`false`, `null`/`~`,
//! integers, floats), and `<<` merge keys are honoured.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan};

use super::node::{Interner, Key, Member, Node, Value};
use super::{FileId, Span};

/// Deepest nesting accepted. Real exports stay far below 50 levels.
pub const MAX_DEPTH: usize = 512;
/// Most nodes that alias expansion may add to one document.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// Something wrong in a YAML text. `fatal` problems leave no usable tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub span: Span,
    pub message: String,
    /// Another place involved (the first occurrence of a duplicated key).
    pub related: Option<Span>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    Syntax,
    DuplicateKey,
    AliasBomb,
    TooDeep,
    NonStringKey,
}

impl ProblemKind {
    pub fn is_fatal(self) -> bool {
        matches!(
            self,
            ProblemKind::Syntax | ProblemKind::AliasBomb | ProblemKind::TooDeep
        )
    }
}

/// The result of parsing one YAML text.
#[derive(Debug)]
pub struct Parsed {
    /// `None` when a fatal problem stopped the parse.
    pub root: Option<Node>,
    pub problems: Vec<Problem>,
}

/// Resolves an `!include` tag: given the tag's path argument and its span, returns the included
/// document (already parsed, with spans into its own file) or `None` after reporting why not.
pub type IncludeFn<'a> = dyn FnMut(&str, Span) -> Option<Node> + 'a;

/// Parses `text` (already keyword-masked) as one YAML document belonging to `file`.
pub fn parse(text: &str, file: FileId, include: &mut IncludeFn<'_>) -> Parsed {
    parse_with(text, file, include, &mut Interner::new())
}

/// Like [`parse`], interning object keys in `keys` (shared by all files of a tenant).
pub fn parse_with(
    text: &str,
    file: FileId,
    include: &mut IncludeFn<'_>,
    keys: &mut Interner,
) -> Parsed {
    let mut b = Builder {
        file,
        conv: CharToByte::new(text),
        stack: Vec::new(),
        members: Vec::new(),
        items: Vec::new(),
        anchors: HashMap::new(),
        alias_budget: MAX_ALIAS_NODES,
        problems: Vec::new(),
        keys,
        root: None,
    };
    let mut parser = Parser::new_from_str(text);
    let mut docs = 0;
    while let Some(ev) = parser.next_event() {
        let (event, span) = match ev {
            Ok(e) => e,
            Err(err) => {
                let at = b.conv.byte_offset(err.marker().index());
                // saphyr's scanner stops nested flow collections itself.
                let too_deep = err.info().contains("recursion limit");
                b.problems.push(Problem {
                    kind: if too_deep {
                        ProblemKind::TooDeep
                    } else {
                        ProblemKind::Syntax
                    },
                    span: Span::new(file, at, at),
                    message: if too_deep {
                        format!("nesting is too deep here ({}); no export is shaped like this, so the file was not loaded", err.info())
                    } else {
                        yaml_error_message(err.info())
                    },
                    related: None,
                });
                return Parsed {
                    root: None,
                    problems: b.problems,
                };
            }
        };
        match event {
            Event::DocumentStart(_) => {
                docs += 1;
                if docs > 1 {
                    let at = b.conv.byte_offset(span.start.index());
                    b.problems.push(Problem {
                        kind: ProblemKind::Syntax,
                        span: Span::new(file, at, at + 3),
                        message: "a Deploy CLI export holds one YAML document, but a second one starts here (`---`)".into(),
                        related: None,
                    });
                    break;
                }
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
            other => {
                if let Err(p) = b.event(other, span, include) {
                    b.problems.push(p);
                    return Parsed {
                        root: None,
                        problems: b.problems,
                    };
                }
            }
        }
    }
    let root = b
        .root
        .take()
        .or_else(|| Some(Node::null(Span::file_start(file))));
    Parsed {
        root,
        problems: b.problems,
    }
}

fn yaml_error_message(info: &str) -> String {
    format!("YAML syntax error: {info}")
}

/// An open collection. Its items or members sit at the end of the builder's shared `items` or
/// `members` stack, from `base` on, and move into a vector of exactly their number when it
/// closes: no vector of the tree grows element by element or keeps spare capacity.
enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        base: usize,
    },
    Map {
        start: usize,
        anchor: usize,
        base: usize,
        pending_key: Option<(Key, Span)>,
        /// Set when the pending "key" was not a scalar: its value is read and dropped.
        skip_value: bool,
    },
}

struct Builder<'t, 'k> {
    file: FileId,
    conv: CharToByte<'t>,
    stack: Vec<Frame>,
    members: Vec<Member>,
    items: Vec<Node>,
    anchors: HashMap<usize, (Node, usize)>,
    alias_budget: usize,
    problems: Vec<Problem>,
    /// Every key of the document comes from here, so equal keys are the same allocation.
    keys: &'k mut Interner,
    root: Option<Node>,
}

impl Builder<'_, '_> {
    fn span(&mut self, s: YSpan) -> Span {
        let start = self.conv.byte_offset(s.start.index());
        let end = self.conv.byte_offset(s.end.index());
        Span::new(self.file, start, end)
    }

    fn intern(&mut self, k: &str) -> Key {
        self.keys.intern(k)
    }

    fn event(
        &mut self,
        event: Event<'_>,
        ys: YSpan,
        include: &mut IncludeFn<'_>,
    ) -> Result<(), Problem> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let span = self.span(ys);
                // A key position takes the scalar as a key, never as a value.
                if self.map_awaits_key() {
                    let key = self.intern(&text);
                    if let Some(Frame::Map { pending_key, .. }) = self.stack.last_mut() {
                        *pending_key = Some((key, span));
                    }
                    return Ok(());
                }
                let node = match tag.as_deref() {
                    Some(t) if t.handle == "!" && t.suffix == "include" => {
                        // The included tree keeps its own file's spans.
                        include(text.trim(), span).unwrap_or_else(|| Node::null(span))
                    }
                    Some(t) if t.handle == "tag:yaml.org,2002:" => {
                        tagged_scalar(&t.suffix, text, span)
                    }
                    _ => resolve_scalar(text, style, span),
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, (node.clone(), 1));
                }
                self.push_value(node)
            }
            Event::SequenceStart(anchor, _) => {
                let span = self.span(ys);
                self.open(Frame::Seq {
                    start: span.start as usize,
                    anchor,
                    base: self.items.len(),
                })
            }
            Event::MappingStart(anchor, _) => {
                let span = self.span(ys);
                if self.map_awaits_key() {
                    // A mapping used as a key (`? {a: 1}: x`): exports never do this.
                    return Err(Problem {
                        kind: ProblemKind::Syntax,
                        span,
                        message: "a mapping is used as a key; object keys must be plain strings"
                            .into(),
                        related: None,
                    });
                }
                self.open(Frame::Map {
                    start: span.start as usize,
                    anchor,
                    base: self.members.len(),
                    pending_key: None,
                    skip_value: false,
                })
            }
            Event::SequenceEnd => {
                let end = self.span(ys).end as usize;
                match self.stack.pop() {
                    Some(Frame::Seq {
                        start,
                        anchor,
                        base,
                    }) => {
                        let items: Box<[Node]> = self.items.drain(base..).collect();
                        let node = Node::new(
                            Span::new(self.file, start, end.max(start)),
                            Value::Array(items),
                        );
                        self.finish(node, anchor)
                    }
                    _ => Ok(()),
                }
            }
            Event::MappingEnd => {
                let end = self.span(ys).end as usize;
                match self.stack.pop() {
                    Some(Frame::Map {
                        start,
                        anchor,
                        base,
                        ..
                    }) => {
                        let members = self.merge_and_dedupe(base);
                        let node = Node::new(
                            Span::new(self.file, start, end.max(start)),
                            Value::Object(members.into()),
                        );
                        self.finish(node, anchor)
                    }
                    _ => Ok(()),
                }
            }
            Event::Alias(id) => {
                let span = self.span(ys);
                let Some((node, count)) = self.anchors.get(&id) else {
                    return Err(Problem {
                        kind: ProblemKind::Syntax,
                        span,
                        message: "alias refers to an anchor that is not defined before it".into(),
                        related: None,
                    });
                };
                if *count > self.alias_budget {
                    return Err(Problem {
                        kind: ProblemKind::AliasBomb,
                        span,
                        message: format!(
                            "YAML aliases here would expand to more than {MAX_ALIAS_NODES} nodes (an \"alias bomb\"); the file was not loaded"
                        ),
                        related: None,
                    });
                }
                self.alias_budget -= *count;
                let node = node.clone();
                if self.map_awaits_key() {
                    return Err(Problem {
                        kind: ProblemKind::NonStringKey,
                        span,
                        message: "an alias is used as a key; object keys must be plain strings"
                            .into(),
                        related: None,
                    });
                }
                self.push_value(node)
            }
            _ => Ok(()),
        }
    }

    fn map_awaits_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame::Map {
                pending_key: None,
                skip_value: false,
                ..
            })
        )
    }

    fn open(&mut self, frame: Frame) -> Result<(), Problem> {
        if self.stack.len() >= MAX_DEPTH {
            let start = match &frame {
                Frame::Seq { start, .. } | Frame::Map { start, .. } => *start,
            };
            return Err(Problem {
                kind: ProblemKind::TooDeep,
                span: Span::new(self.file, start, start + 1),
                message: format!(
                    "nesting is deeper than {MAX_DEPTH} levels here; no export is shaped like this, so the file was not loaded"
                ),
                related: None,
            });
        }
        if matches!(
            self.stack.last(),
            Some(Frame::Map {
                pending_key: None,
                skip_value: false,
                ..
            })
        ) {
            // A sequence used as a key: read it, then drop the key and its value.
            if let Some(Frame::Map { skip_value, .. }) = self.stack.last_mut() {
                *skip_value = true;
            }
        }
        self.stack.push(frame);
        Ok(())
    }

    fn finish(&mut self, node: Node, anchor: usize) -> Result<(), Problem> {
        if anchor > 0 {
            let count = node.count();
            self.anchors.insert(anchor, (node.clone(), count));
        }
        self.push_value(node)
    }

    fn push_value(&mut self, node: Node) -> Result<(), Problem> {
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                Ok(())
            }
            Some(Frame::Seq { .. }) => {
                self.items.push(node);
                Ok(())
            }
            Some(Frame::Map {
                pending_key,
                skip_value,
                ..
            }) => {
                if *skip_value && pending_key.is_none() {
                    // This node was the (non-scalar) key; its value comes next and is dropped.
                    let span = node.span;
                    *pending_key = Some((self.keys.intern(""), span));
                    self.problems.push(Problem {
                        kind: ProblemKind::NonStringKey,
                        span,
                        message: "a sequence is used as a key; object keys must be plain strings, so this entry is ignored".into(),
                        related: None,
                    });
                    return Ok(());
                }
                let (key, key_span) = match pending_key.take() {
                    Some(k) => k,
                    None => (self.keys.intern(""), node.span),
                };
                if *skip_value {
                    *skip_value = false;
                    return Ok(());
                }
                self.members.push(Member {
                    key,
                    key_span,
                    value: node,
                });
                Ok(())
            }
        }
    }

    /// Takes the members of the mapping that starts at `base` of the members stack, applies `<<`
    /// merge keys and reports duplicate keys (keeping the last, as js-yaml's `json: true` mode
    /// and `JSON.parse` do).
    fn merge_and_dedupe(&mut self, base: usize) -> Vec<Member> {
        let members = &self.members[base..];
        let has_merge = members.iter().any(|m| &*m.key == "<<");
        // The members' keys all come from this document's table, so comparing allocations
        // compares keys. Real mappings are small: a scan beats hashing until they are not.
        let unique = members.len() <= 1
            || (!has_merge
                && if members.len() <= 32 {
                    members.iter().enumerate().all(|(i, m)| {
                        members[..i]
                            .iter()
                            .all(|o| o.key.as_ptr() != m.key.as_ptr())
                    })
                } else {
                    let mut seen = std::collections::HashSet::with_capacity(members.len());
                    members.iter().all(|m| seen.insert(m.key.as_ptr()))
                });
        if unique {
            return self.members.drain(base..).collect();
        }
        // Merged members may come from an included file, whose keys another table interned:
        // from here on keys compare as text.
        let members: Vec<Member> = self.members.drain(base..).collect();
        let mut out: Vec<Member> = Vec::with_capacity(members.len());
        let mut index: HashMap<Key, usize> = HashMap::new();
        let mut merged: Vec<Member> = Vec::new();
        for m in members {
            if has_merge && &*m.key == "<<" {
                let sources: Vec<&Node> = match &m.value.value {
                    Value::Object(_) => vec![&m.value],
                    Value::Array(items) => items.iter().collect(),
                    _ => vec![],
                };
                for src in sources {
                    if let Some(ms) = src.as_object() {
                        merged.extend(ms.iter().cloned());
                    }
                }
                continue;
            }
            if let Some(&i) = index.get(&m.key) {
                self.problems.push(Problem {
                    kind: ProblemKind::DuplicateKey,
                    span: m.key_span,
                    message: format!(
                        "duplicate key `{}`; `a0deploy` rejects a YAML mapping with a repeated key",
                        m.key
                    ),
                    related: Some(out[i].key_span),
                });
                out[i] = m;
            } else {
                index.insert(m.key.clone(), out.len());
                out.push(m);
            }
        }
        for m in merged {
            if !index.contains_key(&m.key) {
                index.insert(m.key.clone(), out.len());
                out.push(m);
            }
        }
        out.shrink_to_fit();
        out
    }
}

fn tagged_scalar(suffix: &str, text: Cow<'_, str>, span: Span) -> Node {
    match suffix {
        "str" => Node::string(span, text.as_ref()),
        "null" => Node::null(span),
        _ => resolve_scalar(text, ScalarStyle::Plain, span),
    }
}

/// YAML 1.2 core-schema resolution of a scalar, as js-yaml's default schema does it.
fn resolve_scalar(text: Cow<'_, str>, style: ScalarStyle, span: Span) -> Node {
    if style != ScalarStyle::Plain {
        return Node::string(span, text.as_ref());
    }
    let t = text.as_ref();
    let value = match t {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "-.inf" | ".nan" | ".NaN" | ".NAN" => {
            Value::String(t.into())
        }
        _ => parse_number(t)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(t.into())),
    };
    Node::new(span, value)
}

fn parse_number(t: &str) -> Option<serde_json::Number> {
    let first = *t.as_bytes().first()?;
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return None;
    }
    let unsigned = t.trim_start_matches(['-', '+']);
    if let Some(hex) = unsigned.strip_prefix("0x") {
        let v = i64::from_str_radix(hex, 16).ok()?;
        return Some((if t.starts_with('-') { -v } else { v }).into());
    }
    if let Some(oct) = unsigned.strip_prefix("0o") {
        let v = i64::from_str_radix(oct, 8).ok()?;
        return Some((if t.starts_with('-') { -v } else { v }).into());
    }
    if t.bytes()
        .all(|b| b.is_ascii_digit() || b == b'-' || b == b'+')
        && let Ok(i) = t.parse::<i64>()
    {
        return Some(i.into());
    }
    if t.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
        && t.bytes().any(|b| b.is_ascii_digit())
    {
        return t.parse::<f64>().ok().and_then(serde_json::Number::from_f64);
    }
    None
}

/// Converts saphyr's character indices to byte offsets. Markers arrive almost in order, so a
/// cursor that walks forwards (or, rarely, back) from the last position costs O(n) per file.
pub(crate) struct CharToByte<'t> {
    text: &'t str,
    ascii: bool,
    chars: usize,
    bytes: usize,
}

impl<'t> CharToByte<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        CharToByte {
            text,
            ascii: text.is_ascii(),
            chars: 0,
            bytes: 0,
        }
    }

    pub(crate) fn byte_offset(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        if char_index < self.chars / 2 {
            self.chars = 0;
            self.bytes = 0;
        }
        while self.chars > char_index {
            // Step back one character.
            let mut b = self.bytes - 1;
            while !self.text.is_char_boundary(b) {
                b -= 1;
            }
            self.bytes = b;
            self.chars -= 1;
        }
        // Mostly the text up to the next marker is ASCII, where characters are bytes.
        let ahead = char_index - self.chars;
        if let Some(window) = self.text.as_bytes().get(self.bytes..self.bytes + ahead)
            && window.is_ascii()
        {
            self.bytes += ahead;
            self.chars = char_index;
            return self.bytes;
        }
        let rest = &self.text[self.bytes..];
        for (n, (i, _)) in rest.char_indices().enumerate() {
            if self.chars + n == char_index {
                self.bytes += i;
                self.chars = char_index;
                return self.bytes;
            }
        }
        self.chars += rest.chars().count();
        self.bytes = self.text.len();
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Parsed {
        parse(text, FileId(0), &mut |_, _| None)
    }

    #[test]
    fn spans_are_bytes_on_non_ascii_text() {
        let src =
            "tenant:\n  friendly_name: Café Ünïcode\nclients:\n  - name: spa\n    app_type: spa\n";
        let parsed = p(src);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let root = parsed.root.unwrap();
        let (key, node) = root.pointer_member("/clients/0/app_type").unwrap();
        assert_eq!(
            &src[node.span.start as usize..node.span.end as usize],
            "spa"
        );
        let key = key.unwrap();
        assert_eq!(&src[key.start as usize..key.end as usize], "app_type");
        let fname = root.pointer("/tenant/friendly_name").unwrap();
        assert_eq!(fname.as_str(), Some("Café Ünïcode"));
        assert_eq!(
            &src[fname.span.start as usize..fname.span.end as usize],
            "Café Ünïcode"
        );
    }

    #[test]
    fn scalars_resolve_like_js_yaml() {
        let root = p("a: true\nb: ~\nc: 12\nd: 1.5\ne: '12'\nf: 0x1F\ng: 16\n")
            .root
            .unwrap();
        assert_eq!(root.get("a").unwrap().as_bool(), Some(true));
        assert!(root.get("b").unwrap().is_null());
        assert_eq!(root.get("c").unwrap().as_f64(), Some(12.0));
        assert_eq!(root.get("d").unwrap().as_f64(), Some(1.5));
        assert_eq!(root.get("e").unwrap().as_str(), Some("12"));
        assert_eq!(root.get("f").unwrap().as_f64(), Some(31.0));
    }

    #[test]
    fn duplicate_keys_are_reported_and_last_wins() {
        let parsed = p("a: 1\nb: 2\na: 3\n");
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].kind, ProblemKind::DuplicateKey);
        assert_eq!(parsed.problems[0].span.start, 10);
        assert_eq!(parsed.root.unwrap().get("a").unwrap().as_f64(), Some(3.0));
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h"])
        {
            src.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let parsed = p(&src);
        assert!(parsed.root.is_none());
        assert_eq!(parsed.problems[0].kind, ProblemKind::AliasBomb);
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let src = format!("a: {}{}\n", "[".repeat(5000), "]".repeat(5000));
        let parsed = p(&src);
        assert!(parsed.root.is_none());
        assert!(parsed.problems[0].kind.is_fatal());
    }

    #[test]
    fn merge_keys_apply() {
        let root = p("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n")
            .root
            .unwrap();
        let c = root.get("c").unwrap();
        assert_eq!(c.get("x").unwrap().as_f64(), Some(1.0));
        assert_eq!(c.get("y").unwrap().as_f64(), Some(3.0));
    }

    #[test]
    fn syntax_error_has_a_location() {
        let parsed = p("a: 1\nb: \"unclosed\nc: 2\n");
        assert!(parsed.root.is_none());
        assert_eq!(parsed.problems[0].kind, ProblemKind::Syntax);
    }

    #[test]
    fn include_tag_calls_back() {
        let mut seen = Vec::new();
        let parsed = parse(
            "clients: !include clients.yaml\n",
            FileId(0),
            &mut |p, _| {
                seen.push(p.to_owned());
                Some(Node::new(Span::default(), Value::Array(Box::new([]))))
            },
        );
        assert_eq!(seen, ["clients.yaml"]);
        assert!(
            parsed
                .root
                .unwrap()
                .get("clients")
                .unwrap()
                .as_array()
                .is_some()
        );
    }
}
