//! Deploy CLI keyword placeholders: `##KEY##` and `@@KEY@@`.
//!
//! The Deploy CLI substitutes keyword mappings (`AUTH0_KEYWORD_REPLACE_MAPPINGS`) into the *raw
//! text* of every file before parsing it: `##KEY##` becomes the mapped text, `@@KEY@@` becomes the
//! mapped value as JSON (quotes around the marker are swallowed, so `"@@ORIGINS@@"` turns into a
//! real array). Two consequences shape this module:
//!
//! 1. The raw file is not always valid YAML or JSON. An unquoted `@@KEY@@` is a syntax error in
//!    both (`@` is reserved in YAML), and an unquoted `##KEY##` in a YAML value starts a comment,
//!    so the value silently becomes null. Substituting the text first, as the CLI does, would move
//!    every byte after the marker, and a0lint's locations must point at the bytes the user wrote.
//!
//!    So [`mask_yaml`] and [`mask_json`] rewrite each *unquoted* marker into a quoted string of
//!    exactly the same length (`@@KEY@@` → `"@KEY@"`, `##KEY##` → `"#KEY#"`), recording where.
//!    The parser then sees valid input, and every offset is unchanged.
//! 2. Substitution happens afterwards, on the parsed tree ([`Substitution`]): a string that is
//!    exactly `@@KEY@@` is replaced by the mapped JSON value, and `##KEY##` inside a string by the
//!    mapped text. The replaced node keeps the span of the marker. A marker with no mapping stays
//!    as it is, visible, and is recorded as unresolved.

use compact_str::CompactString;

use super::{Node, Span, Value};

/// Keyword mappings: `AUTH0_KEYWORD_REPLACE_MAPPINGS`.
pub type Mappings = serde_json::Map<String, serde_json::Value>;

/// Which of the two marker styles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarkerKind {
    /// `##KEY##`: replaced by the mapping as text.
    Text,
    /// `@@KEY@@`: replaced by the mapping as a JSON value.
    Json,
}

impl MarkerKind {
    pub fn render(self, key: &str) -> String {
        match self {
            MarkerKind::Text => format!("##{key}##"),
            MarkerKind::Json => format!("@@{key}@@"),
        }
    }
}

/// An unquoted marker that [`mask_yaml`] or [`mask_json`] turned into a quoted string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rewrite {
    /// Byte offset of the marker (and of the opening quote that replaced its first byte).
    pub offset: usize,
    pub kind: MarkerKind,
    pub key: String,
    /// True for a `##KEY##` after other text in a YAML plain scalar, where only the first `#` was
    /// replaced (by [`MID_SCALAR_SENTINEL`]).
    pub mid_scalar: bool,
}

/// Stands in for the first `#` of a marker inside a YAML plain scalar: `%` may appear there, and
/// `%#KEY##` is recognisable enough to restore.
const MID_SCALAR_SENTINEL: u8 = b'%';

/// A placeholder met in a tenant's files.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Placeholder {
    pub span: Span,
    pub kind: MarkerKind,
    pub key: String,
    /// True when a mapping for `key` was known and substituted.
    pub resolved: bool,
}

/// Returns the text with every unquoted marker in YAML scalar position rewritten to a quoted
/// string of the same length, and where that happened. The text is borrowed when nothing changed.
pub fn mask_yaml(text: &str) -> (std::borrow::Cow<'_, str>, Vec<Rewrite>) {
    if !has_doubled(text) {
        return (text.into(), Vec::new());
    }
    let bytes = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut rewrites = Vec::new();
    let mut quote: Option<u8> = None;
    // Block scalars (`key: |`) hold free text until a line is indented no deeper than the key.
    let mut block_indent: Option<usize> = None;
    // Most lines hold no marker, quote or block indicator: they cannot change the state, so the
    // loop jumps from one line holding such a byte to the next. The next of each group of three
    // is searched for again only once the loop has passed it, so the text is scanned once in
    // all rather than once per line (a search per line cost milliseconds on a 1 MB file).
    let next_from = |from: usize, a: u8, b: u8, c: u8| {
        memchr::memchr3(a, b, c, &bytes[from..]).map_or(usize::MAX, |i| from + i)
    };
    let mut next_marker = next_from(0, b'@', b'#', b'"');
    let mut next_other = next_from(0, b'\'', b'|', b'>');
    let mut line_start = 0;
    while line_start < bytes.len() {
        if quote.is_none() && block_indent.is_none() {
            if next_marker < line_start {
                next_marker = next_from(line_start, b'@', b'#', b'"');
            }
            if next_other < line_start {
                next_other = next_from(line_start, b'\'', b'|', b'>');
            }
            let next = next_marker.min(next_other);
            if next == usize::MAX {
                break;
            }
            line_start = memchr::memrchr(b'\n', &bytes[line_start..next])
                .map_or(line_start, |i| line_start + i + 1);
        }
        let line_end = memchr(b'\n', &bytes[line_start..])
            .map(|i| line_start + i)
            .unwrap_or(bytes.len());
        let line = &bytes[line_start..line_end];
        let indent = line.iter().take_while(|b| **b == b' ').count();
        let blank = line.iter().all(|b| b.is_ascii_whitespace());
        if let Some(bi) = block_indent {
            if blank || indent > bi {
                line_start = line_end + 1;
                continue;
            }
            block_indent = None;
        }
        let mut i = 0;
        // A scalar may start here: at the line's first non-blank byte, after `- `, `: `, `[`, `{`, `,`.
        let mut scalar_start = true;
        while i < line.len() {
            let b = line[i];
            if let Some(q) = quote {
                if b == b'\\' && q == b'"' {
                    i += 2;
                    continue;
                }
                if b == q {
                    if q == b'\'' && line.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    quote = None;
                }
                i += 1;
                continue;
            }
            match b {
                b' ' | b'\t' | b'\r' => {
                    i += 1;
                    continue;
                }
                b'"' | b'\'' if scalar_start => {
                    quote = Some(b);
                    scalar_start = false;
                    i += 1;
                    continue;
                }
                b'@' | b'#' if scalar_start || (b == b'#' && line[i - 1].is_ascii_whitespace()) => {
                    if let Some(m) = marker_at(line, i) {
                        let abs = line_start + i;
                        let buf = out.get_or_insert_with(|| bytes.to_vec());
                        if scalar_start {
                            buf[abs] = b'"';
                            buf[abs + m.len - 1] = b'"';
                        } else {
                            // Inside a plain scalar (`name: App ##ENV##`): keep it one plain
                            // scalar by turning the comment-starting `#` into a sentinel that
                            // `Substitution` turns back.
                            buf[abs] = MID_SCALAR_SENTINEL;
                        }
                        rewrites.push(Rewrite {
                            offset: abs,
                            kind: m.kind,
                            key: m.key.to_owned(),
                            mid_scalar: !scalar_start,
                        });
                        i += m.len;
                        scalar_start = false;
                        continue;
                    }
                    if b == b'#' {
                        break; // a real comment: the rest of the line is not YAML
                    }
                    scalar_start = false;
                }
                b'-' | b'?' if line.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()) => {
                    scalar_start = true;
                }
                b':' if line.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()) => {
                    scalar_start = true;
                    let rest = line[i + 1..].trim_ascii();
                    if is_block_indicator(rest) {
                        block_indent = Some(indent);
                        break;
                    }
                }
                b'[' | b'{' | b',' => scalar_start = true,
                _ => scalar_start = false,
            }
            i += 1;
        }
        if line_start == 0 && block_indent.is_none() && is_block_indicator(line.trim_ascii()) {
            block_indent = Some(0);
        }
        line_start = line_end + 1;
    }
    match out {
        // The rewrite only swaps ASCII bytes for ASCII bytes, so the text stays valid UTF-8.
        Some(buf) => (
            String::from_utf8(buf)
                .expect("ASCII-for-ASCII rewrite keeps UTF-8")
                .into(),
            rewrites,
        ),
        None => (text.into(), rewrites),
    }
}

fn is_block_indicator(rest: &[u8]) -> bool {
    let rest = match rest.iter().position(|b| *b == b'#') {
        Some(p) if p > 0 && rest[p - 1].is_ascii_whitespace() => rest[..p].trim_ascii(),
        _ => rest,
    };
    matches!(rest.first(), Some(b'|' | b'>'))
        && rest[1..]
            .iter()
            .all(|b| matches!(b, b'+' | b'-' | b'0'..=b'9'))
}

/// Returns the text with every marker outside a JSON string rewritten to a quoted string of the
/// same length, and where that happened.
pub fn mask_json(text: &str) -> (std::borrow::Cow<'_, str>, Vec<Rewrite>) {
    if !has_doubled(text) {
        return (text.into(), Vec::new());
    }
    let bytes = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut rewrites = Vec::new();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        // Jump to the next byte that can change the state: a quote or escape inside a string, a
        // quote or marker character outside one.
        let next = if in_string {
            memchr::memchr2(b'"', b'\\', &bytes[i..])
        } else {
            memchr::memchr3(b'"', b'@', b'#', &bytes[i..])
        };
        let Some(step) = next else { break };
        i += step;
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if (b == b'@' || b == b'#')
            && let Some(m) = marker_at(bytes, i)
        {
            let buf = out.get_or_insert_with(|| bytes.to_vec());
            buf[i] = b'"';
            buf[i + m.len - 1] = b'"';
            rewrites.push(Rewrite {
                offset: i,
                kind: m.kind,
                key: m.key.to_owned(),
                mid_scalar: false,
            });
            i += m.len;
            continue;
        }
        i += 1;
    }
    match out {
        Some(buf) => (
            String::from_utf8(buf)
                .expect("ASCII-for-ASCII rewrite keeps UTF-8")
                .into(),
            rewrites,
        ),
        None => (text.into(), rewrites),
    }
}

struct MarkerMatch<'a> {
    kind: MarkerKind,
    key: &'a str,
    len: usize,
}

/// A whole `@@KEY@@` or `##KEY##` marker starting at `bytes[i]`.
fn marker_at(bytes: &[u8], i: usize) -> Option<MarkerMatch<'_>> {
    let c = bytes[i];
    if bytes.get(i + 1) != Some(&c) {
        return None;
    }
    let key_start = i + 2;
    let key_len = bytes[key_start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    if key_len == 0 {
        return None;
    }
    let end = key_start + key_len;
    if bytes.get(end) != Some(&c) || bytes.get(end + 1) != Some(&c) {
        return None;
    }
    let key = std::str::from_utf8(&bytes[key_start..end]).ok()?;
    Some(MarkerMatch {
        kind: if c == b'@' {
            MarkerKind::Json
        } else {
            MarkerKind::Text
        },
        key,
        len: end + 2 - i,
    })
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    memchr::memchr(needle, hay)
}

/// What one pass over a file's text tells about the markers it may hold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hints {
    /// `@@` or `##` occurs: there may be a marker to mask or substitute.
    pub doubled: bool,
    /// A backslash occurs: a JSON or YAML escape could spell a marker in a parsed string.
    pub backslash: bool,
}

impl Hints {
    /// False when no string parsed from the text can hold a marker, unless masking found one.
    pub fn may_hold_markers(self) -> bool {
        self.doubled || self.backslash
    }
}

/// Whether `s` holds `@@` or `##` anywhere: the test every string of a tree goes through. One
/// search for either byte, then a look at the next, instead of two substring searches, which
/// took a millisecond per keystroke over the strings of a 1 MB file.
fn has_doubled(s: &str) -> bool {
    let bytes = s.as_bytes();
    memchr::memchr2_iter(b'@', b'#', bytes).any(|i| bytes.get(i + 1) == Some(&bytes[i]))
}

/// Looks for `@@`, `##` and `\` in one pass (the three are rare, so this runs at the speed of
/// `memchr`), stopping at the first doubled marker character: nothing is skipped after that.
pub fn scan(text: &str) -> Hints {
    let bytes = text.as_bytes();
    let mut hints = Hints::default();
    for i in memchr::memchr3_iter(b'@', b'#', b'\\', bytes) {
        match bytes[i] {
            b'\\' => hints.backslash = true,
            c if bytes.get(i + 1) == Some(&c) => {
                hints.doubled = true;
                return hints;
            }
            _ => {}
        }
    }
    hints
}

/// Substitutes keyword mappings into a parsed tree, as the Deploy CLI would have done on the text.
pub struct Substitution<'a> {
    mappings: Option<&'a Mappings>,
    /// Sorted by offset, as the masks produce them.
    rewrites: &'a [Rewrite],
    /// Every placeholder met, resolved or not, in document order.
    pub placeholders: Vec<Placeholder>,
}

impl<'a> Substitution<'a> {
    pub fn new(mappings: Option<&'a Mappings>, rewrites: &'a [Rewrite]) -> Self {
        Substitution {
            mappings,
            rewrites,
            placeholders: Vec::new(),
        }
    }

    /// Restores masked markers and substitutes mappings throughout `node`.
    pub fn apply(&mut self, node: &mut Node) {
        match &mut node.value {
            Value::Array(items) => items.iter_mut().for_each(|n| self.apply(n)),
            Value::Object(members) => members.iter_mut().for_each(|m| self.apply(&mut m.value)),
            Value::String(_) => self.apply_string(node),
            _ => {}
        }
    }

    /// Substitutes into a side file's text (HTML, JavaScript, Liquid), which the Deploy CLI also
    /// passes through keyword replacement. Only `##KEY##` applies there in practice.
    pub fn apply_text(&mut self, text: &str, span: Span) -> Option<String> {
        if !has_doubled(text) {
            return None;
        }
        Some(self.replace_in(text, span))
    }

    fn apply_string(&mut self, node: &mut Node) {
        let first = self
            .rewrites
            .partition_point(|r| r.offset < node.span.start as usize);
        for rw in self.rewrites[first..]
            .iter()
            .take_while(|r| r.offset < node.span.end.max(node.span.start + 1) as usize)
        {
            if rw.mid_scalar {
                if let Value::String(s) = &node.value {
                    let masked = format!("%#{}##", rw.key);
                    let restored = s.replacen(&masked, &rw.kind.render(&rw.key), 1);
                    node.value = Value::String(restored.into());
                }
            } else if rw.offset == node.span.start as usize {
                node.value = Value::String(rw.kind.render(&rw.key).into());
            }
        }
        let Value::String(s) = &node.value else {
            return;
        };
        if !has_doubled(s) {
            return;
        }
        // A string that is exactly one `@@KEY@@` becomes the mapped JSON value.
        let exact = markers(s)
            .next()
            .filter(|(at, m)| *at == 0 && m.len == s.len() && m.kind == MarkerKind::Json)
            .map(|(_, m)| m.key.to_owned());
        if let Some(key) = exact {
            let mapped = self.mappings.and_then(|m| m.get(&key)).cloned();
            self.placeholders.push(Placeholder {
                span: node.span,
                kind: MarkerKind::Json,
                key,
                resolved: mapped.is_some(),
            });
            if let Some(v) = mapped {
                *node = Node::from_json(&v, node.span);
            }
            return;
        }
        let s = s.clone();
        let replaced = self.replace_in(&s, node.span);
        node.value = Value::String(CompactString::from(replaced));
    }

    fn replace_in(&mut self, s: &str, span: Span) -> String {
        let mut out = String::with_capacity(s.len());
        let mut last = 0;
        for (start, m) in markers(s) {
            let (kind, key) = (m.kind, m.key);
            let mapped = self.mappings.and_then(|m| m.get(key));
            self.placeholders.push(Placeholder {
                span,
                kind,
                key: key.to_owned(),
                resolved: mapped.is_some(),
            });
            out.push_str(&s[last..start]);
            let end = start + m.len;
            match mapped {
                Some(v) => out.push_str(&text_of(v, kind)),
                None => out.push_str(&s[start..end]),
            }
            last = end;
        }
        out.push_str(&s[last..]);
        out
    }
}

/// How a mapping reads once pasted into text: `##KEY##` uses JavaScript's string conversion
/// (arrays join with commas), `@@KEY@@` uses `JSON.stringify`.
fn text_of(value: &serde_json::Value, kind: MarkerKind) -> String {
    match (value, kind) {
        (serde_json::Value::String(s), MarkerKind::Text) => s.clone(),
        (serde_json::Value::Array(items), MarkerKind::Text) => items
            .iter()
            .map(|v| text_of(v, kind))
            .collect::<Vec<_>>()
            .join(","),
        (serde_json::Value::Null, MarkerKind::Text) => "null".into(),
        (v, _) => v.to_string(),
    }
}

/// Every `@@KEY@@` and `##KEY##` marker in `s`, leftmost first and not overlapping, with its
/// byte offset. A hand-written scan rather than a regex: it runs on every string of every tenant
/// that holds `@@` or `##`, and `memchr` finds the candidates.
fn markers(s: &str) -> impl Iterator<Item = (usize, MarkerMatch<'_>)> {
    let bytes = s.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        while from < bytes.len() {
            let i = from + memchr::memchr2(b'@', b'#', &bytes[from..])?;
            match marker_at(bytes, i) {
                Some(m) => {
                    from = i + m.len;
                    return Some((i, m));
                }
                None => from = i + 1,
            }
        }
        None
    })
}

/// The key of every `@@KEY@@` and `##KEY##` marker in `s`, in order.
pub fn marker_keys(s: &str) -> impl Iterator<Item = &str> {
    markers(s).map(|(_, m)| m.key)
}

/// True when `s` holds a keyword marker anywhere.
pub fn has_marker(s: &str) -> bool {
    has_doubled(s) && markers(s).next().is_some()
}

/// True when `s` is exactly one keyword marker.
pub fn is_marker(s: &str) -> bool {
    markers(s)
        .next()
        .is_some_and(|(start, m)| start == 0 && m.len == s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_mask_keeps_length_and_only_touches_unquoted_markers() {
        let src = "a: @@ORIGINS@@\nb: '@@X@@'\nc: ##ENV##\nd: x ##MID## # c\ne: |\n  @@IN_BLOCK@@\nf: [@@A@@, b]\n";
        let (masked, rw) = mask_yaml(src);
        assert_eq!(masked.len(), src.len());
        assert!(masked.contains("a: \"@ORIGINS@\""));
        assert!(masked.contains("b: '@@X@@'"));
        assert!(masked.contains("c: \"#ENV#\""));
        assert!(masked.contains("d: x %#MID## # c"));
        assert!(masked.contains("  @@IN_BLOCK@@"));
        assert!(masked.contains("f: [\"@A@\", b]"));
        let keys: Vec<_> = rw.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["ORIGINS", "ENV", "MID", "A"]);
    }

    #[test]
    fn json_mask_skips_strings() {
        let src = r#"{"a": @@X@@, "b": "@@Y@@", "c": [ "v", ##Z## ]}"#;
        let (masked, rw) = mask_json(src);
        assert_eq!(masked.len(), src.len());
        assert_eq!(rw.len(), 2);
        assert!(masked.contains(r#""a": "@X@""#));
        assert!(masked.contains(r#""b": "@@Y@@""#));
    }

    #[test]
    fn markers_are_found_leftmost_first_without_overlap() {
        let found: Vec<_> = markers("@@@A@@ ##B## #C# @@D@@@@E@@ ##F_1##")
            .map(|(at, m)| (at, m.kind, m.key, m.len))
            .collect();
        assert_eq!(
            found,
            [
                (1, MarkerKind::Json, "A", 5),
                (7, MarkerKind::Text, "B", 5),
                (17, MarkerKind::Json, "D", 5),
                (22, MarkerKind::Json, "E", 5),
                (28, MarkerKind::Text, "F_1", 7),
            ]
        );
        assert!(!has_marker("## not a marker ##"));
        assert!(!is_marker("##A## "));
    }

    #[test]
    fn text_conversion_follows_javascript() {
        let arr = serde_json::json!(["a", "b"]);
        assert_eq!(text_of(&arr, MarkerKind::Text), "a,b");
        assert_eq!(text_of(&arr, MarkerKind::Json), r#"["a","b"]"#);
        assert!(is_marker("##A_B1##"));
        assert!(!is_marker("x ##A##"));
        assert!(has_marker("x ##A##"));
    }
}
