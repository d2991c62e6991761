//! The located document tree shared by the YAML and JSON parsers.

use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use compact_str::CompactString;

use super::Span;

/// An object key. Keys repeat endlessly in an export (`name`, `callbacks`, …), so parsers intern
/// them and the tree shares one allocation per distinct key.
///
/// Every member of every object holds one, so it is a thin pointer (8 bytes, where `Arc<str>`
/// takes 16): on a large export that alone is several megabytes. The text sits one more pointer
/// away, but the few distinct keys of an export stay in cache. It compares, hashes, orders and
/// prints as its text.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key(Arc<Box<str>>);

impl Deref for Key {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Key {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Key {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Key {
    fn from(key: &str) -> Self {
        Key(Arc::new(key.into()))
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

/// The table parsers intern keys in. One lives as long as a tenant's loading, so the keys of all
/// its files share their allocations; two keys from one interner are equal exactly when they are
/// the same allocation.
#[derive(Default)]
pub struct Interner {
    // foldhash: keys are short and trusted enough (a hostile file can only slow its own load).
    keys: HashSet<Key, foldhash::fast::RandomState>,
}

impl Interner {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn intern(&mut self, key: &str) -> Key {
        if let Some(k) = self.keys.get(key) {
            return k.clone();
        }
        let k = Key::from(key);
        self.keys.insert(k.clone());
        k
    }
}

/// A JSON-shaped value whose every node knows where it came from.
#[derive(Clone, Debug)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

#[derive(Clone, Debug)]
pub enum Value {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    /// Short strings (most scalars in an export) live inline, without a heap allocation.
    String(CompactString),
    /// Boxed slices, not vectors: a parsed tree never grows, and without a capacity word the
    /// enum fits in the 24 bytes of its string (its tag hides in the string's spare byte), so a
    /// node takes 40 bytes rather than 48. Build one from a `Vec` with `.into()`.
    Array(Box<[Node]>),
    Object(Box<[Member]>),
}

// The sizes the comments above promise: a large export holds millions of these.
const _: () = assert!(std::mem::size_of::<Value>() == 24);
const _: () = assert!(std::mem::size_of::<Node>() == 40);
const _: () = assert!(std::mem::size_of::<Member>() == 64);

/// One `key: value` pair of an object, with the span of the key itself.
#[derive(Clone, Debug)]
pub struct Member {
    pub key: Key,
    pub key_span: Span,
    pub value: Node,
}

impl Node {
    pub fn new(span: Span, value: Value) -> Self {
        Node { span, value }
    }

    pub fn null(span: Span) -> Self {
        Node::new(span, Value::Null)
    }

    pub fn string(span: Span, s: impl Into<CompactString>) -> Self {
        Node::new(span, Value::String(s.into()))
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s.as_str()),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match &self.value {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// The member named `key`. When a key is duplicated the last one wins, as in `JSON.parse`.
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.as_object()?.iter().rev().find(|m| &*m.key == key)
    }

    /// The value of member `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key).map(|m| &m.value)
    }

    /// Follows a dotted path of object keys: `get_path(&["options", "mfa", "active"])`.
    pub fn get_path(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |node, key| node.get(key))
    }

    /// The value of a string member.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }

    /// The node at an RFC 6901 JSON Pointer (`""` is the node itself).
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        self.pointer_member(pointer).map(|(_, node)| node)
    }

    /// The node at a JSON Pointer, with the span of the key that holds it (when its parent is an
    /// object). Schema errors about a property point at the key, so this is what they use.
    pub fn pointer_member(&self, pointer: &str) -> Option<(Option<Span>, &Node)> {
        if pointer.is_empty() {
            return Some((None, self));
        }
        let rest = pointer.strip_prefix('/')?;
        let mut node = self;
        let mut key_span = None;
        for token in rest.split('/') {
            let token = unescape_pointer_token(token);
            match &node.value {
                Value::Object(_) => {
                    let m = node.member(&token)?;
                    key_span = Some(m.key_span);
                    node = &m.value;
                }
                Value::Array(items) => {
                    let i: usize = token.parse().ok()?;
                    key_span = None;
                    node = items.get(i)?;
                }
                _ => return None,
            }
        }
        Some((key_span, node))
    }

    /// Number of nodes in this subtree, itself included.
    pub fn count(&self) -> usize {
        1 + match &self.value {
            Value::Array(items) => items.iter().map(Node::count).sum(),
            Value::Object(members) => members.iter().map(|m| m.value.count()).sum(),
            _ => 0,
        }
    }

    /// Converts to a plain JSON value (no spans), for schema validation and for output.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Value::Number(n.clone()),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_json).collect())
            }
            Value::Object(members) => {
                let mut map = serde_json::Map::with_capacity(members.len());
                for m in members {
                    map.insert(m.key.to_string(), m.value.to_json());
                }
                serde_json::Value::Object(map)
            }
        }
    }

    /// Builds a located tree from a plain JSON value, giving every node the same span. Used for
    /// values that come from elsewhere (a keyword mapping) but stand at one place in the source.
    pub fn from_json(value: &serde_json::Value, span: Span) -> Node {
        let value = match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.clone()),
            serde_json::Value::String(s) => Value::String(s.as_str().into()),
            serde_json::Value::Array(items) => {
                Value::Array(items.iter().map(|v| Node::from_json(v, span)).collect())
            }
            serde_json::Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| Member {
                        key: Key::from(k.as_str()),
                        key_span: span,
                        value: Node::from_json(v, span),
                    })
                    .collect(),
            ),
        };
        Node { span, value }
    }

    /// A short human name for the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

/// Escapes one reference token for a JSON Pointer (`~` → `~0`, `/` → `~1`).
pub fn escape_pointer_token(token: &str) -> String {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1")
    } else {
        token.to_owned()
    }
}

/// Reverses [`escape_pointer_token`].
pub fn unescape_pointer_token(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') {
        token.replace("~1", "/").replace("~0", "~").into()
    } else {
        token.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn sp(a: usize, b: usize) -> Span {
        Span::new(FileId(0), a, b)
    }

    #[test]
    fn pointer_walks_objects_and_arrays_and_unescapes() {
        let tree = Node::new(
            sp(0, 10),
            Value::Object(Box::new([Member {
                key: "a/b".into(),
                key_span: sp(1, 4),
                value: Node::new(
                    sp(5, 9),
                    Value::Array(Box::new([Node::string(sp(6, 7), "x")])),
                ),
            }])),
        );
        let (key, node) = tree.pointer_member("/a~1b/0").unwrap();
        assert_eq!(node.as_str(), Some("x"));
        assert_eq!(key, None);
        let (key, _) = tree.pointer_member("/a~1b").unwrap();
        assert_eq!(key, Some(sp(1, 4)));
        assert!(tree.pointer("/missing").is_none());
        assert!(tree.pointer("/a~1b/7").is_none());
        assert_eq!(escape_pointer_token("a/b~c"), "a~1b~0c");
    }
}
