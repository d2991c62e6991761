//! Fingerprints: one stable identity per finding, shared by every output, the baseline and the
//! suppressions.
//!
//! A CI gate remembers findings between runs: code scanning closes an alert when its fingerprint
//! disappears, GitLab shows one issue per fingerprint, a baseline lists the findings a team has
//! accepted. If that identity moved whenever a line moved, every re-export would close and reopen
//! every alert and empty the baseline. `a0deploy export` rewrites whole files, orders keys and
//! items as the Management API returns them, and the same tenant may live as a `tenant.yaml` or as
//! a directory of JSON files; none of that may change a fingerprint.
//!
//! So a fingerprint never looks at files, lines or array positions of resources. It hashes:
//!
//! * the rule id;
//! * the tenant's name;
//! * the finding's **semantic path**: its JSON Pointer with every resource named instead of
//!   numbered. `/clients/3/callbacks/1` becomes `clients[Patient Portal]/callbacks/1`, using the
//!   field the Deploy CLI itself matches resources by ([`resource::by_key`]'s `name_field`); a
//!   client grant is named by `client_id -> audience`. Below the resource, an item of an array of
//!   objects that has a `name` is named by it too (an Action's `secrets[API_KEY]`); anything else
//!   keeps its index, because the remaining arrays hold plain values (callback URLs, scopes…) and
//!   a value may be a secret: a fingerprint's input shows up in suppressions and baselines, so no
//!   value other than a resource's name may ever go into it.
//!
//! A finding about a file as a whole has no pointer; its path is the file's path relative to the
//! tenant's export root (or to the repository, for estate-wide findings about a file of no
//! tenant, such as the manifest), which is as stable as such a finding can be. A finding about the
//! estate as a whole that is merely shown at one tenant's file has an empty path.
//!
//! Two findings can share rule, tenant and path: two missing required fields of one client, or two
//! clients with the same name. They share the fingerprint and are told apart by an occurrence
//! number (1, 2, …) given in the order of their messages, which do not depend on positions
//! either. That is GitHub's own `hash:occurrence` convention for `primaryLocationLineHash`; the
//! baseline counts entries per fingerprint, as ESLint's bulk suppressions count per rule and file.
//!
//! The hash is 64-bit FNV-1a over a versioned, NUL-separated encoding of the segments, written
//! out here rather than taken from a crate: it must give the same value on every platform and in
//! every future release, since baselines store it. 64 bits keep the chance of a collision among
//! a million findings below one in ten million.

use std::collections::{HashMap, HashSet};
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::estate::Estate;
use crate::export::{ExportFormat, Tenant, resource};
use crate::finding::{Finding, Location};
use crate::gate::Workspace;
use crate::render::path_string;
use crate::source::{FileId, Node, SourceMap, Value, unescape_pointer_token};

/// One step of a semantic path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    /// An object member.
    Key(String),
    /// An array item named by its name field: `[Patient Portal]`.
    Name(String),
    /// An array item without a name: its position.
    Index(usize),
    /// A file, for findings about a file as a whole.
    File(String),
}

/// A finding's identity.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Identity {
    /// The semantic path as users see and match it: `clients[Patient Portal]/callbacks/1`.
    pub path: String,
    /// 16 hex digits; equal for findings with the same rule, tenant and semantic path.
    pub fingerprint: String,
    /// 1 for the first finding with this fingerprint, 2 for the second, … (ordered by message).
    pub occurrence: u32,
}

impl Identity {
    /// Builds the identity of a finding from its parts (occurrence 1).
    pub fn new(rule: &str, tenant: Option<&str>, segments: &[Segment]) -> Identity {
        Identity {
            path: display(segments),
            fingerprint: hash(rule, tenant, segments),
            occurrence: 1,
        }
    }

    /// The fingerprint with its occurrence, unique within one run: `0123456789abcdef:1`, the form
    /// GitHub expects in `primaryLocationLineHash`.
    pub fn unique(&self) -> String {
        format!("{}:{}", self.fingerprint, self.occurrence)
    }
}

/// 64-bit FNV-1a.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The fingerprint of a rule, a tenant and a semantic path, as 16 hex digits.
pub fn hash(rule: &str, tenant: Option<&str>, segments: &[Segment]) -> String {
    // Tags and NULs keep the encoding unambiguous: no name can imitate a separator, and a key
    // called "3" differs from index 3. The version prefix lets a future scheme coexist.
    let mut buf = Vec::with_capacity(64);
    buf.extend_from_slice(b"a0lint-fingerprint-v1\0");
    buf.extend_from_slice(rule.as_bytes());
    buf.push(0);
    match tenant {
        Some(t) => {
            buf.push(b't');
            buf.extend_from_slice(t.as_bytes());
        }
        None => buf.push(b'-'),
    }
    buf.push(0);
    for s in segments {
        let (tag, text) = match s {
            Segment::Key(k) => (b'k', k.as_str()),
            Segment::Name(n) => (b'n', n.as_str()),
            Segment::Index(i) => {
                buf.push(b'i');
                buf.extend_from_slice(i.to_string().as_bytes());
                buf.push(0);
                continue;
            }
            Segment::File(f) => (b'f', f.as_str()),
        };
        buf.push(tag);
        buf.extend_from_slice(text.as_bytes());
        buf.push(0);
    }
    format!("{:016x}", fnv1a64(&buf))
}

/// Shows a semantic path: keys joined by `/`, names in brackets after their array.
pub fn display(segments: &[Segment]) -> String {
    let mut out = String::new();
    for s in segments {
        match s {
            Segment::Key(k) => {
                if !out.is_empty() {
                    out.push('/');
                }
                out.push_str(k);
            }
            Segment::Name(n) => {
                out.push('[');
                out.push_str(n);
                out.push(']');
            }
            Segment::Index(i) => {
                if !out.is_empty() {
                    out.push('/');
                }
                let _ = write!(out, "{i}");
            }
            Segment::File(f) => {
                if !out.is_empty() {
                    out.push('/');
                }
                out.push_str(f);
            }
        }
    }
    out
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&display(std::slice::from_ref(self)))
    }
}

/// The semantic path of a JSON Pointer into a tenant's resources. Parts of the pointer that the
/// resources do not hold (a value that failed to load) are kept as they are.
pub fn semantic_path(resources: &Node, pointer: &str) -> Vec<Segment> {
    let Some(rest) = pointer.strip_prefix('/') else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut node = Some(resources);
    let mut resource_key: Option<String> = None;
    for (depth, raw) in rest.split('/').enumerate() {
        let token = unescape_pointer_token(raw);
        match node.map(|n| &n.value) {
            Some(Value::Array(items)) => {
                let index: Option<usize> = token.parse().ok();
                let item = index.and_then(|i| items.get(i));
                let name = item.and_then(|item| {
                    if depth == 1 {
                        resource_key.as_deref().and_then(|k| resource_name(k, item))
                    } else {
                        item.get_str("name").map(str::to_owned)
                    }
                });
                match (name, index) {
                    (Some(n), _) => out.push(Segment::Name(n)),
                    (None, Some(i)) => out.push(Segment::Index(i)),
                    (None, None) => out.push(Segment::Key(token.into_owned())),
                }
                node = item;
            }
            Some(Value::Object(_)) => {
                let child = node.and_then(|n| n.get(&token));
                if depth == 0 {
                    resource_key = Some(token.to_string());
                }
                out.push(Segment::Key(token.into_owned()));
                node = child;
            }
            _ => {
                // Past what loaded: keep the pointer's own tokens; numbers stay positions.
                match token.parse::<usize>() {
                    Ok(i) => out.push(Segment::Index(i)),
                    Err(_) => out.push(Segment::Key(token.into_owned())),
                }
                node = None;
            }
        }
    }
    out
}

/// The name the Deploy CLI matches an item of resource type `key` by.
fn resource_name(key: &str, item: &Node) -> Option<String> {
    if key == "clientGrants" {
        // Grants have no name; the Deploy CLI matches them by client and audience.
        let client = item.get_str("client_id")?;
        let audience = item.get_str("audience")?;
        return Some(format!("{client} -> {audience}"));
    }
    let field = resource::by_key(key)?.name_field?;
    item.get_str(field).map(str::to_owned)
}

/// The folder an export's files are relative to.
fn export_dir(t: &Tenant) -> PathBuf {
    match t.format {
        ExportFormat::Yaml => t.root.parent().map(Path::to_path_buf).unwrap_or_default(),
        ExportFormat::Directory => t.root.clone(),
    }
}

/// The segments of one finding. `owned` holds the files that belong to some tenant's export.
pub fn segments_of(
    f: &Finding,
    tenant: Option<&Tenant>,
    sources: &SourceMap,
    ws: &Workspace,
    owned: &HashSet<FileId>,
) -> Vec<Segment> {
    if !f.pointer.is_empty() {
        return match tenant {
            Some(t) => semantic_path(&t.resources, &f.pointer),
            None => semantic_path(&Node::null(Default::default()), &f.pointer),
        };
    }
    // A finding about the estate as a whole is shown at some tenant's file only because it must
    // be shown somewhere; which one depends on the paths checked, so it is not part of its
    // identity.
    if tenant.is_none()
        && let Location::Span(s) = &f.location
        && owned.contains(&s.file)
    {
        return Vec::new();
    }
    let shown = match &f.location {
        Location::Span(s) => sources.path_of(s.file),
        Location::Path(p) => p.clone(),
    };
    let file = match tenant {
        Some(t) => match shown.strip_prefix(export_dir(t)) {
            Ok(rel) if !rel.as_os_str().is_empty() => path_string(rel),
            Ok(_) => ".".to_owned(),
            Err(_) => ws.stable_path(&shown),
        },
        None => ws.stable_path(&shown),
    };
    vec![Segment::File(file)]
}

/// The identity of every finding, in the same order.
pub fn identify(findings: &[Finding], estate: &Estate, ws: &Workspace) -> Vec<Identity> {
    let tenants: HashMap<&str, &Tenant> = estate
        .tenants
        .iter()
        .map(|t| (t.name.as_str(), t))
        .collect();
    let owned: HashSet<FileId> = estate
        .tenants
        .iter()
        .flat_map(|t| t.files.iter().copied())
        .collect();
    let mut ids: Vec<Identity> = findings
        .par_iter()
        .map(|f| {
            let tenant = f.tenant.as_deref().and_then(|n| tenants.get(n).copied());
            let segments = segments_of(f, tenant, &estate.sources, ws, &owned);
            Identity::new(f.rule, f.tenant.as_deref(), &segments)
        })
        .collect();
    number_occurrences(findings, &mut ids);
    ids
}

/// Numbers findings that share a fingerprint, in the order of their messages (then of their
/// place in the output, for identical messages).
pub fn number_occurrences(findings: &[Finding], ids: &mut [Identity]) {
    // foldhash: every fingerprint is hashed here, and with SipHash numbering them cost about as
    // much as computing them.
    let mut groups: HashMap<&str, Vec<usize>, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(ids.len(), Default::default());
    for (i, id) in ids.iter().enumerate() {
        groups.entry(id.fingerprint.as_str()).or_default().push(i);
    }
    let mut numbering: Vec<(usize, u32)> = Vec::new();
    for (_, mut members) in groups {
        if members.len() < 2 {
            continue;
        }
        members.sort_by(|&a, &b| {
            findings[a]
                .message
                .cmp(&findings[b].message)
                .then(a.cmp(&b))
        });
        for (n, i) in members.into_iter().enumerate() {
            numbering.push((i, n as u32 + 1));
        }
    }
    for (i, n) in numbering {
        ids[i].occurrence = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;
    use serde_json::json;

    fn tree(value: serde_json::Value) -> Node {
        Node::from_json(&value, Span::default())
    }

    #[test]
    fn fnv1a64_matches_the_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn resources_are_named_and_plain_values_keep_their_index() {
        let r = tree(json!({
            "clients": [{"name": "A"}, {"name": "Patient Portal", "callbacks": ["x", "y"]}],
            "clientGrants": [{"client_id": "Billing", "audience": "https://api/", "scope": ["a"]}],
            "rateLimitPolicies": [{"x": 1}],
            "actions": [{"name": "Claims", "secrets": [{"name": "API_KEY", "value": "v"}]}],
            "tenant": {"support_url": "u"}
        }));
        let p = |ptr: &str| display(&semantic_path(&r, ptr));
        assert_eq!(
            p("/clients/1/callbacks/1"),
            "clients[Patient Portal]/callbacks/1"
        );
        assert_eq!(
            p("/clientGrants/0/scope/0"),
            "clientGrants[Billing -> https://api/]/scope/0"
        );
        assert_eq!(p("/rateLimitPolicies/0/x"), "rateLimitPolicies/0/x");
        assert_eq!(
            p("/actions/0/secrets/0/value"),
            "actions[Claims]/secrets[API_KEY]/value"
        );
        assert_eq!(p("/clients/7/missing"), "clients/7/missing");
        assert_eq!(p("/tenant/support_url"), "tenant/support_url");
    }

    #[test]
    fn order_of_items_and_keys_does_not_matter() {
        let a = tree(json!({"clients": [{"name": "A", "x": 1}, {"name": "B", "app_type": "spa"}]}));
        let b = tree(json!({"clients": [{"app_type": "spa", "name": "B"}, {"x": 1, "name": "A"}]}));
        let ha = hash("R", Some("t"), &semantic_path(&a, "/clients/1/app_type"));
        let hb = hash("R", Some("t"), &semantic_path(&b, "/clients/0/app_type"));
        assert_eq!(ha, hb);
        assert_ne!(
            ha,
            hash("R", Some("u"), &semantic_path(&b, "/clients/0/app_type"))
        );
        assert_ne!(
            ha,
            hash("S", Some("t"), &semantic_path(&b, "/clients/0/app_type"))
        );
        assert_ne!(
            hash("R", None, &[Segment::Key("3".into())]),
            hash("R", None, &[Segment::Index(3)])
        );
    }

    #[test]
    fn duplicates_are_numbered_by_message() {
        let f = |m: &str| {
            Finding::at("R", crate::finding::Severity::Error, Span::default(), m).with_pointer("/x")
        };
        let findings = vec![f("b"), f("a"), f("c")];
        let mut ids: Vec<Identity> = findings
            .iter()
            .map(|_| Identity::new("R", None, &[Segment::Key("x".into())]))
            .collect();
        number_occurrences(&findings, &mut ids);
        let occ: Vec<u32> = ids.iter().map(|i| i.occurrence).collect();
        assert_eq!(occ, vec![2, 1, 3]);
        assert!(ids[1].unique().ends_with(":1"));
    }
}
