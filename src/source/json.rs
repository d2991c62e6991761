//! JSON text → located [`Node`] tree.
//!
//! jsonc-parser gives byte ranges for every value and every property name; we switch off all of
//! its leniencies (comments, trailing commas, single quotes, …) so that what loads here is what
//! `JSON.parse` inside `a0deploy` accepts. Its AST keeps duplicate keys, which `JSON.parse`
//! silently collapses (last wins); we keep the last one too, and report the duplicate.
//! Nesting is capped by the parser itself (512 levels), so a hostile file cannot overflow the stack.

use std::collections::HashMap;
use std::sync::Arc;

use jsonc_parser::ast;
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions, parse_to_ast};

use super::node::{Key, Member, Node, Value};
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
                keys: HashMap::new(),
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

struct Converter {
    file: FileId,
    problems: Vec<Problem>,
    keys: HashMap<Box<str>, Key>,
}

impl Converter {
    fn span(&self, r: jsonc_parser::common::Range) -> Span {
        Span::new(self.file, r.start, r.end)
    }

    fn intern(&mut self, k: &str) -> Key {
        if let Some(key) = self.keys.get(k) {
            return key.clone();
        }
        let key: Key = Arc::from(k);
        self.keys.insert(k.into(), key.clone());
        key
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
                        self.problems.push(Problem {
                            kind: ProblemKind::DuplicateKey,
                            span: key_span,
                            message: format!(
                                "duplicate key `{key}`; `JSON.parse` keeps only the last one, so the earlier value is silently lost"
                            ),
                            related: Some(members[i].key_span),
                        });
                        members[i] = member;
                    } else {
                        index.insert(key, members.len());
                        members.push(member);
                    }
                }
                Value::Object(members)
            }
        };
        Node::new(span, value)
    }
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

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let src = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        let parsed = parse(&src, FileId(0));
        assert_eq!(parsed.problems[0].kind, ProblemKind::TooDeep);
    }
}
