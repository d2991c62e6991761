//! JSON text → located [`Node`] tree.
//!
//! Two parsers share the work. Almost every file of an export is plain RFC 8259 JSON, which a
//! small parser of our own ([`Direct`]) turns straight into the tree, with no intermediate AST:
//! that halves the time and the allocations of loading a directory export. Whatever it does not
//! accept without doubt (a syntax error, a marker, a lone surrogate escape, deep nesting, an
//! empty file) is parsed again by jsonc-parser, which also words the syntax errors. So the
//! language accepted and every message are jsonc-parser's; the direct parser only accepts a subset
//! of that language, and builds for it the very tree the jsonc path builds.
//!
//! jsonc-parser gives byte ranges for every value and every property name; we switch off all of
//! its leniencies (comments, trailing commas, single quotes, …) so that what loads here is what
//! `JSON.parse` inside `a0deploy` accepts. Its AST keeps duplicate keys, which `JSON.parse`
//! silently collapses (last wins); we keep the last one too, and report the duplicate.
//! Nesting is capped by the parser itself (512 levels), so a hostile file cannot overflow the stack.

use std::borrow::Cow;
use std::collections::HashMap;

use jsonc_parser::ast;
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions, parse_to_ast};

use super::node::{Interner, Key, Member, Node, Value};
use super::yaml::{Parsed, Problem, ProblemKind};
use super::{FileId, Span};

fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Parses `text` (already keyword-masked) as JSON belonging to `file`.
pub fn parse(text: &str, file: FileId) -> Parsed {
    parse_with(text, file, &mut Interner::new())
}

/// Like [`parse`], interning object keys in `keys` (shared by all files of a tenant).
pub fn parse_with(text: &str, file: FileId, keys: &mut Interner) -> Parsed {
    if let Some(parsed) = Direct::parse(text, file, keys) {
        return parsed;
    }
    parse_jsonc(text, file, keys)
}

fn parse_jsonc(text: &str, file: FileId, keys: &mut Interner) -> Parsed {
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::Off,
        tokens: false,
    };
    match parse_to_ast(text, &collect, &strict()) {
        Err(err) => {
            let r = err.range();
            let kind = if matches!(
                err.kind(),
                jsonc_parser::errors::ParseErrorKind::NestingDepthExceeded
            ) {
                ProblemKind::TooDeep
            } else {
                ProblemKind::Syntax
            };
            Parsed {
                root: None,
                problems: vec![Problem {
                    kind,
                    span: Span::new(file, r.start, r.end),
                    message: format!(
                        "JSON syntax error: {}",
                        lower_first(&err.kind().to_string())
                    ),
                    related: None,
                }],
            }
        }
        Ok(result) => {
            let mut conv = Converter {
                file,
                problems: Vec::new(),
                keys,
            };
            let root = match result.value {
                Some(v) => conv.convert(v),
                None => Node::null(Span::new(file, 0, 0)),
            };
            Parsed {
                root: Some(root),
                problems: conv.problems,
            }
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

struct Converter<'k> {
    file: FileId,
    problems: Vec<Problem>,
    keys: &'k mut Interner,
}

impl Converter<'_> {
    fn span(&self, r: jsonc_parser::common::Range) -> Span {
        Span::new(self.file, r.start, r.end)
    }

    fn intern(&mut self, k: &str) -> Key {
        self.keys.intern(k)
    }

    // Recursion is bounded by the parser's own depth limit (512).
    fn convert(&mut self, v: ast::Value<'_>) -> Node {
        let span = self.span(v.range());
        let value = match v {
            ast::Value::NullKeyword(_) => Value::Null,
            ast::Value::BooleanLit(b) => Value::Bool(b.value),
            ast::Value::StringLit(s) => Value::String(s.value.as_ref().into()),
            ast::Value::NumberLit(n) => match n.value.parse::<serde_json::Number>() {
                Ok(num) => Value::Number(num),
                Err(_) => Value::String(n.value.into()),
            },
            ast::Value::Array(a) => {
                Value::Array(a.elements.into_iter().map(|e| self.convert(e)).collect())
            }
            ast::Value::Object(o) => {
                let mut members: Vec<Member> = Vec::with_capacity(o.properties.len());
                let mut index: HashMap<Key, usize> = HashMap::new();
                for prop in o.properties {
                    let key_span = self.span(prop.name.range());
                    let key = self.intern(prop.name.as_str());
                    let value = self.convert(prop.value);
                    let member = Member {
                        key: key.clone(),
                        key_span,
                        value,
                    };
                    if let Some(&i) = index.get(&key) {
                        self.problems
                            .push(duplicate_key(&key, key_span, members[i].key_span));
                        members[i] = member;
                    } else {
                        index.insert(key, members.len());
                        members.push(member);
                    }
                }
                Value::Object(members.into())
            }
        };
        Node::new(span, value)
    }
}

fn duplicate_key(key: &str, at: Span, first: Span) -> Problem {
    Problem {
        kind: ProblemKind::DuplicateKey,
        span: at,
        message: format!(
            "duplicate key `{key}`; `JSON.parse` keeps only the last one, so the earlier value is silently lost"
        ),
        related: Some(first),
    }
}

/// Deepest nesting the direct parser follows (it recurses); deeper files go to jsonc-parser,
/// which reports nesting past its own limit.
const DIRECT_MAX_DEPTH: usize = 128;

/// Objects with more members than this find duplicate keys through a hash index, not a scan.
const SCAN_MEMBERS: usize = 32;

thread_local! {
    /// The direct parser's member and item stacks, kept between files: a directory export is
    /// thousands of small files, and growing fresh stacks for each cost more than parsing it.
    static STACKS: std::cell::Cell<(Vec<Member>, Vec<Node>)> =
        const { std::cell::Cell::new((Vec::new(), Vec::new())) };
}

/// The direct parser of plain JSON. Every method returns `None` ("not sure: ask jsonc-parser")
/// at the first byte it does not expect, so it never has to word an error.
struct Direct<'t, 'k> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    file: FileId,
    keys: &'k mut Interner,
    problems: Vec<Problem>,
    depth: usize,
    /// Members and items of the objects and arrays being read, innermost last. Each container
    /// copies its own out when it closes, into a vector of exactly its size, so the tree holds no
    /// spare capacity and reading grows no vector element by element.
    members: Vec<Member>,
    items: Vec<Node>,
}

impl<'t, 'k> Direct<'t, 'k> {
    fn parse(text: &'t str, file: FileId, keys: &'k mut Interner) -> Option<Parsed> {
        let (members, items) = STACKS.take();
        let mut p = Direct {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            file,
            keys,
            problems: Vec::new(),
            depth: 0,
            members,
            items,
        };
        let root = p.value();
        p.skip_ws();
        let complete = p.pos == p.bytes.len();
        // A refused text may leave members behind: they belong to no tree.
        p.members.clear();
        p.items.clear();
        STACKS.set((p.members, p.items));
        Some(Parsed {
            root: Some(root.filter(|_| complete)?),
            problems: p.problems,
        })
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn span(&self, start: usize) -> Span {
        Span::new(self.file, start, self.pos)
    }

    fn value(&mut self) -> Option<Node> {
        self.skip_ws();
        let start = self.pos;
        let value = match *self.bytes.get(self.pos)? {
            b'{' => return self.object(),
            b'[' => return self.array(),
            b'"' => Value::String(self.string()?.as_ref().into()),
            b't' => self.word("true", Value::Bool(true))?,
            b'f' => self.word("false", Value::Bool(false))?,
            b'n' => self.word("null", Value::Null)?,
            b'-' | b'0'..=b'9' => self.number()?,
            _ => return None,
        };
        Some(Node::new(self.span(start), value))
    }

    fn word(&mut self, word: &str, value: Value) -> Option<Value> {
        if !self.bytes[self.pos..].starts_with(word.as_bytes()) {
            return None;
        }
        self.pos += word.len();
        // `truex` is one (bad) word to jsonc-parser, not `true` then `x`.
        if self
            .bytes
            .get(self.pos)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            return None;
        }
        Some(value)
    }

    /// RFC 8259 numbers only: no `+`, no leading zeros, no bare `.`, no `Infinity`.
    fn number(&mut self) -> Option<Value> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while p.bytes.get(p.pos).is_some_and(u8::is_ascii_digit) {
                p.pos += 1;
            }
            p.pos - from
        };
        if self.bytes[self.pos] == b'-' {
            self.pos += 1;
        }
        match self.bytes.get(self.pos)? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => {
                digits(self);
            }
            _ => return None,
        }
        let mut integer = self.bytes[start] != b'-';
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            integer = false;
            if digits(self) == 0 {
                return None;
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            integer = false;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return None;
            }
        }
        if self
            .bytes
            .get(self.pos)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_'))
        {
            return None;
        }
        let text = &self.text[start..self.pos];
        // What `serde_json` makes of a short unsigned integer, without its general parser.
        if integer
            && text.len() <= 19
            && let Ok(n) = text.parse::<u64>()
        {
            return Some(Value::Number(n.into()));
        }
        Some(match text.parse::<serde_json::Number>() {
            Ok(n) => Value::Number(n),
            Err(_) => Value::String(text.into()),
        })
    }

    /// A string literal, unescaped. Borrowed from the text when it has no escape.
    fn string(&mut self) -> Option<Cow<'t, str>> {
        self.pos += 1; // the opening quote
        let start = self.pos;
        self.pos += special_byte(&self.bytes[start..])?;
        match self.bytes[self.pos] {
            b'"' => {
                self.pos += 1;
                return Some(Cow::Borrowed(&self.text[start..self.pos - 1]));
            }
            // Raw control characters are not JSON (jsonc-parser decides what to make of them).
            b'\\' => {}
            _ => return None,
        }
        let mut out = String::with_capacity(self.pos - start + 16);
        let mut run = start;
        loop {
            match *self.bytes.get(self.pos)? {
                b'"' => {
                    out.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    return Some(Cow::Owned(out));
                }
                b'\\' => {
                    out.push_str(&self.text[run..self.pos]);
                    let c = match *self.bytes.get(self.pos + 1)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{08}',
                        b'f' => '\u{0c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let c = self.unicode_escape()?;
                            out.push(c);
                            run = self.pos;
                            continue;
                        }
                        _ => return None,
                    };
                    out.push(c);
                    self.pos += 2;
                    run = self.pos;
                }
                0..=0x1f => return None,
                _ => self.pos += 1,
            }
        }
    }

    /// `\uXXXX` at `pos`, or a surrogate pair of two; a lone surrogate is left to jsonc-parser.
    fn unicode_escape(&mut self) -> Option<char> {
        let hex4 = |p: &Self, at: usize| -> Option<u32> {
            let digits = p.bytes.get(at..at + 4)?;
            let s = std::str::from_utf8(digits).ok()?;
            if !s.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            u32::from_str_radix(s, 16).ok()
        };
        let high = hex4(self, self.pos + 2)?;
        self.pos += 6;
        if !(0xD800..=0xDFFF).contains(&high) {
            return char::from_u32(high);
        }
        if high > 0xDBFF || self.bytes.get(self.pos..self.pos + 2)? != b"\\u" {
            return None;
        }
        let low = hex4(self, self.pos + 2)?;
        if !(0xDC00..=0xDFFF).contains(&low) {
            return None;
        }
        self.pos += 6;
        char::from_u32(((high - 0xD800) << 10) + (low - 0xDC00) + 0x10000)
    }

    fn open(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= DIRECT_MAX_DEPTH).then_some(())
    }

    fn object(&mut self) -> Option<Node> {
        let start = self.pos;
        self.open()?;
        self.pos += 1;
        let base = self.members.len();
        // Built only for objects too big to scan for a repeated key.
        let mut index: Option<HashMap<*const u8, usize>> = None;
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                if self.bytes.get(self.pos) != Some(&b'"') {
                    return None;
                }
                let key_start = self.pos;
                let name = self.string()?;
                let key_span = self.span(key_start);
                let key = self.keys.intern(&name);
                self.skip_ws();
                if self.bytes.get(self.pos) != Some(&b':') {
                    return None;
                }
                self.pos += 1;
                let value = self.value()?;
                let member = Member {
                    key,
                    key_span,
                    value,
                };
                let open = &mut self.members[base..];
                // Interned keys are equal exactly when they share an allocation.
                let id = member.key.as_ptr();
                let seen = match &mut index {
                    None if open.len() < SCAN_MEMBERS => {
                        open.iter().position(|m| m.key.as_ptr() == id)
                    }
                    None => {
                        let map = index.insert(
                            open.iter()
                                .enumerate()
                                .map(|(i, m)| (m.key.as_ptr(), i))
                                .collect(),
                        );
                        map.get(&id).copied()
                    }
                    Some(map) => map.get(&id).copied(),
                };
                match seen {
                    Some(i) => {
                        let first = open[i].key_span;
                        self.problems
                            .push(duplicate_key(&member.key, member.key_span, first));
                        open[i] = member;
                    }
                    None => {
                        if let Some(map) = &mut index {
                            map.insert(id, open.len());
                        }
                        self.members.push(member);
                    }
                }
                self.skip_ws();
                match self.bytes.get(self.pos)? {
                    b',' => self.pos += 1,
                    b'}' => {
                        self.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        let members: Box<[Member]> = self.members.drain(base..).collect();
        Some(Node::new(self.span(start), Value::Object(members)))
    }

    fn array(&mut self) -> Option<Node> {
        let start = self.pos;
        self.open()?;
        self.pos += 1;
        let base = self.items.len();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
        } else {
            loop {
                let item = self.value()?;
                self.items.push(item);
                self.skip_ws();
                match self.bytes.get(self.pos)? {
                    b',' => self.pos += 1,
                    b']' => {
                        self.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        let items: Box<[Node]> = self.items.drain(base..).collect();
        Some(Node::new(self.span(start), Value::Array(items)))
    }
}

/// The offset of the first `"`, `\\` or control character in `bytes`: where a string's plain run
/// ends. Eight bytes at a time (a string of an export is mostly such runs, and this loop was the
/// costliest part of loading a directory export).
fn special_byte(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Sets the high bit of the first byte of `v` that is zero (bytes after it may be wrong).
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let mut i = 0;
    while i + 8 <= bytes.len() {
        let v = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        let hit = zero(v ^ (ONES * b'"' as u64))
            | zero(v ^ (ONES * b'\\' as u64))
            | (v.wrapping_sub(ONES * 0x20) & !v & HIGH);
        if hit != 0 {
            return Some(i + hit.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    bytes[i..]
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .map(|p| i + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_have_byte_spans() {
        let src = "{\n  \"name\": \"Café\",\n  \"app_type\": \"spa\"\n}\n";
        let parsed = parse(src, FileId(0));
        let root = parsed.root.unwrap();
        let (key, node) = root.pointer_member("/app_type").unwrap();
        assert_eq!(
            &src[node.span.start as usize..node.span.end as usize],
            "\"spa\""
        );
        let key = key.unwrap();
        assert_eq!(&src[key.start as usize..key.end as usize], "\"app_type\"");
    }

    #[test]
    fn strict_json_rejects_trailing_commas_and_comments() {
        assert!(parse("{\"a\": 1,}", FileId(0)).root.is_none());
        assert!(parse("{\"a\": 1 // c\n}", FileId(0)).root.is_none());
    }

    #[test]
    fn duplicate_keys_are_reported() {
        let parsed = parse("{\"a\": 1, \"a\": 2}", FileId(0));
        assert_eq!(parsed.problems[0].kind, ProblemKind::DuplicateKey);
        assert_eq!(parsed.root.unwrap().get("a").unwrap().as_f64(), Some(2.0));
    }

    /// The direct parser builds exactly the tree (spans, values, duplicate reports) that the
    /// jsonc path builds, and leaves everything else to it.
    #[test]
    fn direct_parser_matches_jsonc() {
        let same = [
            "{\"a\": 1, \"b\": [true, false, null, -0, 1.5e3, 12345678901234567890, 0], \"c\": {}}",
            "  [ ]  ",
            "\"Zürich — ünïcode\"",
            r#"{"esc": "q\" b\\ s\/ \b\f\n\r\t \u00e9 \ud83d\ude00", "k\u0041": 2}"#,
            r#"{"a": 1, "b": {"a": 2, "a": 3}, "a": [4]}"#,
            "{\"n\": -12, \"f\": 0.25, \"e\": 1E-7, \"big\": 1e400}",
        ];
        for text in same {
            let direct = Direct::parse(text, FileId(0), &mut Interner::new())
                .unwrap_or_else(|| panic!("direct parser refused {text}"));
            let jsonc = parse_jsonc(text, FileId(0), &mut Interner::new());
            assert_eq!(format!("{direct:?}"), format!("{jsonc:?}"), "{text}");
        }
        let many: String = (0..40).map(|i| format!("\"k{}\": {i},", i % 35)).collect();
        let text = format!("{{{many} \"last\": 0}}");
        let direct = Direct::parse(&text, FileId(0), &mut Interner::new()).unwrap();
        let jsonc = parse_jsonc(&text, FileId(0), &mut Interner::new());
        assert_eq!(format!("{direct:?}"), format!("{jsonc:?}"));
        assert_eq!(direct.problems.len(), 5);
        for text in [
            "",
            "{\"a\": 01}",
            "{\"a\": +1}",
            "{\"a\": .5}",
            "[1,]",
            "{\"a\": \"\\ud800\"}",
            "{\"a\": \"raw\ttab\"}",
            "{a: 1}",
            "// c\n{}",
            "[truex]",
            "{\"a\": 1} x",
            "\u{feff}{}",
        ] {
            assert!(
                Direct::parse(text, FileId(0), &mut Interner::new()).is_none(),
                "{text:?} should be left to jsonc-parser"
            );
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let src = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        let parsed = parse(&src, FileId(0));
        assert_eq!(parsed.problems[0].kind, ProblemKind::TooDeep);
    }

    #[test]
    fn special_byte_finds_the_first_quote_backslash_or_control_character() {
        let cases: &[(&[u8], Option<usize>)] = &[
            (b"", None),
            (b"plain text with no end", None),
            (b"abc\"", Some(3)),
            (b"abcdefgh\"", Some(8)),
            (b"abcdefghijklmno\\x", Some(15)),
            (b"tab\there", Some(3)),
            (b"\x7f\x80\xc3\xa9 \xff\xfe!\"", Some(8)),
            (b"\x1f", Some(0)),
            (b" !#$%&'()*+,-./\"", Some(15)),
            (b"\x21\x21\x21\x21\x21\x21\x21\x01\"", Some(7)),
        ];
        for (bytes, expected) in cases {
            assert_eq!(special_byte(bytes), *expected, "{bytes:?}");
            // The same as the byte-by-byte definition, at every offset.
            for k in 0..bytes.len() {
                let slow = bytes[k..]
                    .iter()
                    .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
                assert_eq!(special_byte(&bytes[k..]), slow, "{bytes:?} from {k}");
            }
        }
    }
}
