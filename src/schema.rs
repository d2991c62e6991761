//! JSON Schema validation of every resource in an export.
//!
//! The schemas in `schemas/export/` (draft 2020-12, written by us from the Deploy CLI's documented
//! format and the Management API) are embedded at compile time, registered once in an offline
//! `referencing` registry (no `$ref` ever reaches the network), and compiled once per resource
//! type into shared validators. Each resource item is validated on its own, so the same
//! validation covers a `tenant.yaml` list entry and a directory export's file.
//!
//! jsonschema's errors are mapped onto a0lint's `schema` rules and onto the located tree: an
//! unknown property points at its key (with the closest known property suggested), a wrong value
//! at the value. Messages never quote a value that could be a secret: they name the field and the
//! expected type or constraint; only enum mismatches quote the (non-secret) value.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

use jsonschema::error::ValidationErrorKind;
use jsonschema::json::NodeIdentity;
use jsonschema::types::JsonType;
use jsonschema::{Registry, Resource, ValidationError, Validator};
use rayon::prelude::*;
use serde_json::Value as Json;

use crate::export::Tenant;
use crate::export::resource::{self, NON_RESOURCE_KEYS, Shape};
use crate::finding::{Finding, Location, Severity};
use crate::source::{Member, Node, Span, Value, escape_pointer_token};

/// Stable ids of the schema rules (docs in `rules/schema/`).
pub mod ids {
    pub const UNKNOWN_FIELD: &str = "SCHEMA-001";
    pub const WRONG_TYPE: &str = "SCHEMA-002";
    pub const INVALID_ENUM: &str = "SCHEMA-003";
    pub const MISSING_REQUIRED: &str = "SCHEMA-004";
    pub const CONSTRAINT: &str = "SCHEMA-005";
    pub const UNKNOWN_RESOURCE_TYPE: &str = "SCHEMA-006";
    pub const DUPLICATE_NAME: &str = "SCHEMA-007";
}

/// Base of every schema `$id`. An identifier only: nothing is ever fetched from it.
pub const SCHEMA_BASE: &str = "https://schemas.a0lint.dev/";

macro_rules! export_schemas {
    ($($key:literal),* $(,)?) => {
        &[$(($key, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/export/", $key, ".schema.json")))),*]
    };
}

/// The export schemas: one per resource type, plus shared definitions and the whole document.
pub static EXPORT_SCHEMAS: &[(&str, &str)] = export_schemas![
    "common",
    "tenant-export",
    "actionModules",
    "actions",
    "attackProtection",
    "branding",
    "clientAuthCredentials",
    "clientGrants",
    "clients",
    "connectionProfiles",
    "connections",
    "customDomains",
    "databases",
    "emailProvider",
    "emailTemplates",
    "eventStreams",
    "flowVaultConnections",
    "flows",
    "forms",
    "guardianFactorProviders",
    "guardianFactorTemplates",
    "guardianFactors",
    "guardianPhoneFactorMessageTypes",
    "guardianPhoneFactorSelectedProvider",
    "guardianPolicies",
    "hooks",
    "logStreams",
    "networkACLKeys",
    "networkACLs",
    "organizations",
    "pages",
    "phoneProviders",
    "phoneTemplates",
    "prompts",
    "rateLimitPolicies",
    "resourceServers",
    "riskAssessment",
    "roles",
    "rules",
    "rulesConfigs",
    "selfServiceProfiles",
    "supplementalSignals",
    "tenant",
    "themes",
    "tokenExchangeProfiles",
    "triggers",
    "userAttributeProfiles",
];

struct Schemas {
    /// Parsed schema documents by `$id`, for resolving keyword locations in error messages.
    /// Parsed again, on the first error that needs them: a clean export never does, and the
    /// parsed documents would take a few megabytes for the whole run.
    docs: OnceLock<HashMap<String, Json>>,
    validators: HashMap<&'static str, Validator<Located>>,
}

impl Schemas {
    fn docs(&self) -> &HashMap<String, Json> {
        self.docs.get_or_init(|| {
            EXPORT_SCHEMAS
                .iter()
                // `build` has parsed every one of them already.
                .filter_map(|(_, text)| serde_json::from_str::<Json>(text).ok())
                .filter_map(|json| Some((json.get("$id")?.as_str()?.to_owned(), json)))
                .collect()
        })
    }
}

static SCHEMAS: LazyLock<Result<Schemas, String>> = LazyLock::new(build);

fn build() -> Result<Schemas, String> {
    let mut parsed: Vec<(&'static str, String, Json)> = Vec::new();
    for (key, text) in EXPORT_SCHEMAS {
        let json: Json = serde_json::from_str(text).map_err(|e| format!("schema {key}: {e}"))?;
        let id = json
            .get("$id")
            .and_then(Json::as_str)
            .ok_or_else(|| format!("schema {key} has no $id"))?
            .to_owned();
        parsed.push((key, id, json));
    }
    let registry = Registry::new()
        .extend(
            parsed
                .iter()
                .map(|(_, id, json)| (id.clone(), Resource::from_contents(json.clone()))),
        )
        .and_then(|b| b.prepare())
        .map_err(|e| format!("schema registry: {e}"))?;
    let mut validators = HashMap::new();
    for (key, _, json) in &parsed {
        if matches!(*key, "common") {
            continue;
        }
        let v = jsonschema::options_for::<Located>()
            .with_registry(&registry)
            .should_validate_formats(false)
            .build(json)
            .map_err(|e| format!("schema {key}: {e}"))?;
        validators.insert(*key, v);
    }
    Ok(Schemas {
        docs: OnceLock::new(),
        validators,
    })
}

/// Compiles the schemas now (they compile lazily otherwise). Fails only on a broken build.
pub fn init() -> Result<(), String> {
    SCHEMAS.as_ref().map(|_| ()).map_err(Clone::clone)
}

/// The text of an embedded schema (`tenant-export`, `clients`, …).
pub fn schema_text(key: &str) -> Option<&'static str> {
    EXPORT_SCHEMAS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, t)| *t)
}

/// The JSON Schema of `a0lint.toml` (draft 2020-12).
pub const MANIFEST_SCHEMA: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/schemas/manifest.schema.json"
));

/// `<key>-list` schemas: the files of a directory export that hold a whole array of items.
const LIST_SUFFIX: &str = "-list";

/// An export schema made self-contained, for editors: every schema it references (by `$id`, which
/// is an identifier, never fetched) is embedded under `$defs` and every `$ref` rewritten to point
/// there, so yaml-language-server, VS Code and other JSON Schema tools need no network and no
/// other file. `key` is `tenant-export`, a resource type (`clients`), or `<resource type>-list`
/// for a file holding an array of items.
pub fn bundled(key: &str) -> Option<Json> {
    let mut root = document(key)?;
    let mut embedded: std::collections::BTreeMap<String, Json> = Default::default();
    let mut pending: Vec<String> = Vec::new();
    rewrite_refs(&mut root, key, key, &mut pending);
    while let Some(k) = pending.pop() {
        if embedded.contains_key(&k) || k == key {
            continue;
        }
        let Some(mut doc) = document(&k) else {
            continue;
        };
        if let Some(obj) = doc.as_object_mut() {
            obj.remove("$id");
            obj.remove("$schema");
        }
        rewrite_refs(&mut doc, &k, key, &mut pending);
        embedded.insert(k, doc);
    }
    if !embedded.is_empty() {
        let defs = root
            .as_object_mut()?
            .entry("$defs")
            .or_insert_with(|| Json::Object(Default::default()));
        let defs = defs.as_object_mut()?;
        for (k, doc) in embedded {
            defs.insert(embedded_name(&k), doc);
        }
    }
    Some(root)
}

/// A schema document by key, including the generated `-list` ones.
fn document(key: &str) -> Option<Json> {
    if let Some(item) = key.strip_suffix(LIST_SUFFIX) {
        schema_text(item)?;
        return Some(serde_json::json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": schema_id(key),
            "title": format!("A list of `{item}` items"),
            "type": "array",
            "items": { "$ref": schema_id(item) },
        }));
    }
    serde_json::from_str(schema_text(key)?).ok()
}

/// The `$id` of an export schema.
pub fn schema_id(key: &str) -> String {
    format!("{SCHEMA_BASE}export/{key}.schema.json")
}

fn embedded_name(key: &str) -> String {
    format!("a0lint-{key}")
}

/// Rewrites the `$ref`s of document `this` (embedded in `root`'s bundle) to pointers inside the
/// bundle, queueing every document referenced.
fn rewrite_refs(node: &mut Json, this: &str, root: &str, pending: &mut Vec<String>) {
    match node {
        Json::Object(map) => {
            if let Some(Json::String(r)) = map.get_mut("$ref") {
                let prefix = format!("{SCHEMA_BASE}export/");
                let (doc, fragment) = match r.split_once('#') {
                    Some((d, f)) => (d.to_owned(), f.to_owned()),
                    None => (r.clone(), String::new()),
                };
                let target = if doc.is_empty() {
                    Some(this.to_owned())
                } else {
                    doc.strip_prefix(&prefix)
                        .and_then(|d| d.strip_suffix(".schema.json"))
                        .map(str::to_owned)
                };
                if let Some(t) = target {
                    *r = if t == root {
                        format!("#{fragment}")
                    } else {
                        pending.push(t.clone());
                        format!("#/$defs/{}{fragment}", embedded_name(&t))
                    };
                }
            }
            for v in map.values_mut() {
                rewrite_refs(v, this, root, pending);
            }
        }
        Json::Array(items) => {
            for v in items {
                rewrite_refs(v, this, root, pending);
            }
        }
        _ => {}
    }
}

/// Which schema each JSON file of a directory export follows: `(globs, schema key)`, globs
/// relative to the export's folder. Files whose content is split across several files or mixed
/// with side files (`attack-protection/`, `branding/`, `prompts/`) are left out.
pub fn directory_files() -> Vec<(Vec<String>, String)> {
    use crate::export::resource::{Layout, RESOURCE_TYPES};
    let mut out: Vec<(Vec<String>, String)> = Vec::new();
    for rt in RESOURCE_TYPES {
        let entry = match (rt.layout, rt.key) {
            (Layout::Items(folder), key) => (vec![format!("{folder}/*.json")], key.to_owned()),
            (Layout::Single(file), key) => (vec![file.to_owned()], key.to_owned()),
            (Layout::ArrayFile(file), key) => {
                (vec![file.to_owned()], format!("{key}{LIST_SUFFIX}"))
            }
            (Layout::Special, "clients") => (vec!["clients/*.json".into()], "clients".into()),
            (Layout::Special, "connections") => {
                (vec!["connections/*.json".into()], "connections".into())
            }
            (Layout::Special, "rules") => (vec!["rules/*.json".into()], "rules".into()),
            (Layout::Special, "hooks") => (vec!["hooks/*.json".into()], "hooks".into()),
            (Layout::Special, "actions") => (vec!["actions/*.json".into()], "actions".into()),
            (Layout::Special, "actionModules") => {
                (vec!["action-modules/*.json".into()], "actionModules".into())
            }
            (Layout::Special, "pages") => (vec!["pages/*.json".into()], "pages".into()),
            (Layout::Special, "triggers") => (vec!["triggers/*.json".into()], "triggers".into()),
            (Layout::Special, "databases") => (
                vec!["database-connections/*/database.json".into()],
                "databases".into(),
            ),
            (Layout::Special, "emailProvider") => {
                (vec!["emails/provider.json".into()], "emailProvider".into())
            }
            (Layout::Special, "emailTemplates") => (
                vec!["emails/*.json".into(), "!emails/provider.json".into()],
                "emailTemplates".into(),
            ),
            _ => continue,
        };
        out.push(entry);
    }
    out
}

/// Validates every resource of a tenant, returning `schema` findings.
pub fn validate_tenant(tenant: &Tenant) -> Vec<Finding> {
    let Ok(schemas) = SCHEMAS.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let Some(members) = tenant.resources.as_object() else {
        return out;
    };
    for m in members {
        let key = &*m.key;
        let Some(rt) = resource::by_key(key) else {
            if !NON_RESOURCE_KEYS.contains(&key) {
                let suggestion = closest(key, resource::RESOURCE_TYPES.iter().map(|t| t.key));
                out.push(Finding::at(
                    ids::UNKNOWN_RESOURCE_TYPE,
                    Severity::Error,
                    m.key_span,
                    format!(
                        "`{key}` is not a Deploy CLI resource type, so `a0deploy import` rejects the file{}",
                        suggestion.map(|s| format!("; did you mean `{s}`?")).unwrap_or_default()
                    ),
                ).with_pointer(format!("/{}", escape_pointer_token(key))));
            }
            continue;
        };
        let Some(validator) = schemas.validators.get(rt.key) else {
            continue;
        };
        let base = format!("/{}", escape_pointer_token(key));
        match (rt.shape, &m.value.value) {
            (Shape::Array, crate::source::Value::Array(items)) => {
                // Items are independent, so a big tenant validates on every core. The collected
                // findings keep item order.
                let found: Vec<Finding> = items
                    .par_iter()
                    .enumerate()
                    .with_min_len(64)
                    .flat_map_iter(|(i, item)| {
                        let mut found = Vec::new();
                        if !validator.is_valid(item) {
                            let at = format!("{base}/{i}");
                            report_errors(schemas, validator, item, &at, &mut found);
                        }
                        found
                    })
                    .collect();
                out.extend(found);
                duplicate_names(rt, items, &base, &mut out);
            }
            (Shape::Array, crate::source::Value::Null)
            | (Shape::Object, crate::source::Value::Null) => {}
            (Shape::Array, _) => out.push(
                Finding::at(
                    ids::WRONG_TYPE,
                    Severity::Error,
                    m.value.span,
                    format!(
                        "`{key}` must be a list of resources, but it is {}",
                        article(m.value.type_name())
                    ),
                )
                .with_pointer(base),
            ),
            (Shape::Object, _) => {
                if !validator.is_valid(&m.value) {
                    report_errors(schemas, validator, &m.value, &base, &mut out);
                }
            }
        }
    }
    out
}

/// Turns every error of an invalid `node` (whose pointer is `base`) into findings.
fn report_errors(
    schemas: &Schemas,
    v: &Validator<Located>,
    node: &Node,
    base: &str,
    out: &mut Vec<Finding>,
) {
    for err in v.iter_errors(node) {
        map_error(schemas, &err, node, base, out);
    }
}

/// jsonschema reads the located tree itself through this representation, so no resource is
/// copied into a `serde_json::Value` to be validated (that copy cost more than the validation).
/// Objects are small and already free of duplicate keys, so a member lookup is a linear scan.
pub(crate) struct Located;

/// Holds the property name `propertyNames` validates.
pub(crate) struct NameNode(Node);

impl Default for NameNode {
    fn default() -> Self {
        NameNode(Node::null(Span::default()))
    }
}

impl jsonschema::json::Json for Located {
    type Node<'a> = &'a Node;
    type PreparedKey = String;
    type StringBuffer = NameNode;

    // A lookup scans the members, so one pass over them is worth several lookups.
    const KEYS_PER_LOOKUP: usize = 4;
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>(buffer: &mut NameNode, string: &str, f: impl FnOnce(&Node) -> T) -> T {
        buffer.0 = Node::string(Span::default(), string);
        f(&buffer.0)
    }
}

impl<'a> jsonschema::json::Node<'a, Located> for &'a Node {
    type Object = &'a [Member];
    type Array = &'a [Node];
    type Number = &'a serde_json::Number;

    fn as_object(&self) -> Option<&'a [Member]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<&'a [Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match &self.value {
            Value::String(s) => Some(Cow::Borrowed(s.as_str())),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<&'a serde_json::Number> {
        match &self.value {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    fn json_type(&self) -> JsonType {
        match self.value {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Boolean,
            Value::Number(_) => JsonType::Number,
            Value::String(_) => JsonType::String,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        }
    }

    fn to_value(&self) -> Cow<'a, Json> {
        Cow::Owned(self.to_json())
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(std::ptr::from_ref::<Node>(*self) as usize))
    }
}

impl<'a> jsonschema::json::Object<'a, Located> for &'a [Member] {
    type Node = &'a Node;
    type MemberName = &'a str;
    type MembersIter = MembersIter<'a>;

    fn len(&self) -> usize {
        <[Member]>::len(self)
    }

    fn get(&self, key: &String) -> Option<&'a Node> {
        self.iter().find(|m| *m.key == **key).map(|m| &m.value)
    }

    fn members(&self) -> MembersIter<'a> {
        MembersIter(self.iter())
    }
}

pub(crate) struct MembersIter<'a>(std::slice::Iter<'a, Member>);

impl<'a> Iterator for MembersIter<'a> {
    type Item = (&'a str, &'a Node);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|m| (&*m.key, &m.value))
    }
}

impl<'a> jsonschema::json::Array<'a, Located> for &'a [Node] {
    type Node = &'a Node;
    type ElementsIter = std::slice::Iter<'a, Node>;

    fn len(&self) -> usize {
        <[Node]>::len(self)
    }

    fn elements(&self) -> std::slice::Iter<'a, Node> {
        self.iter()
    }
}

/// Turns one validation error into findings located in `node` (whose pointer is `base`).
fn map_error(
    schemas: &Schemas,
    err: &ValidationError<'_>,
    node: &Node,
    base: &str,
    out: &mut Vec<Finding>,
) {
    let rel = err.instance_path().as_str().to_owned();
    let pointer = format!("{base}{rel}");
    let field = field_name(&pointer);
    let (key_span, target) = match node.pointer_member(&rel) {
        Some((k, n)) => (k, n),
        None => (None, node),
    };
    let at_value = target.span;
    let at_key = key_span.unwrap_or(at_value);
    let finding = match err.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let known = known_properties(schemas, err);
            for prop in unexpected {
                let prop_pointer = format!("{pointer}/{}", escape_pointer_token(prop));
                let span = target.member(prop).map(|m| m.key_span).unwrap_or(at_value);
                let suggestion = closest(prop, known.iter().map(String::as_str));
                let hint = suggestion
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        "; remove it, or check the Deploy CLI docs for the right name".into()
                    });
                let mut finding = Finding::at(
                    ids::UNKNOWN_FIELD,
                    Severity::Warning,
                    span,
                    format!(
                        "unknown field `{prop}` in {}: Auth0 ignores or rejects it{hint}",
                        describe(&pointer)
                    ),
                )
                .with_pointer(prop_pointer);
                // Renaming is safe only when the suggested field is not there already.
                if let Some(s) = suggestion
                    && target.member(s).is_none()
                    && let Some(edit) = rename_key(span, prop, s)
                {
                    finding = finding.with_fix(format!("Rename `{prop}` to `{s}`"), vec![edit]);
                }
                out.push(finding);
            }
            return;
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            // Our schemas write `anyOf: [<real type>, <placeholder>]`: the first branch's errors
            // say what is really wrong.
            if let Some(first) = context.first()
                && !first.is_empty()
            {
                for e in first {
                    map_error(schemas, e, node, base, out);
                }
                return;
            }
            Finding::at(
                ids::WRONG_TYPE,
                Severity::Error,
                at_value,
                format!("`{field}` does not match any of the shapes allowed here"),
            )
        }
        ValidationErrorKind::Type { kind } => Finding::at(
            ids::WRONG_TYPE,
            Severity::Error,
            at_value,
            format!(
                "`{field}` must be {}, but it is {}",
                type_kind(kind),
                article(target.type_name())
            ),
        ),
        ValidationErrorKind::Enum { options } => Finding::at(
            ids::INVALID_ENUM,
            Severity::Error,
            at_value,
            format!(
                "`{field}` is {}, which is not one of the allowed values: {}",
                quoted_scalar(target),
                list_values(options)
            ),
        ),
        ValidationErrorKind::Constant { expected_value } => Finding::at(
            ids::INVALID_ENUM,
            Severity::Error,
            at_value,
            format!("`{field}` must be {expected_value}"),
        ),
        ValidationErrorKind::Required { property } => {
            let prop = property.as_str().unwrap_or_default();
            Finding::at(
                ids::MISSING_REQUIRED,
                Severity::Error,
                at_key,
                format!(
                    "{} has no `{prop}`, which `a0deploy` requires; add it",
                    describe(&pointer)
                ),
            )
            .with_pointer(format!("{pointer}/{}", escape_pointer_token(prop)))
        }
        other => {
            let why = keyword_description(schemas, err)
                .map(|d| format!(": {d}"))
                .unwrap_or_default();
            Finding::at(
                ids::CONSTRAINT,
                Severity::Error,
                if matches!(other, ValidationErrorKind::Not { .. }) {
                    at_key
                } else {
                    at_value
                },
                format!("`{field}` {}{why}", constraint(other)),
            )
        }
    };
    out.push(finding.with_pointer(pointer));
}

/// The edit renaming the key at `span` (written `name`) to `to`. The span covers the key as
/// written: bare (`callback:` in YAML) or quoted (`"callback"`), which its length tells apart as
/// long as the key holds no escapes; a key written any other way gets no fix.
fn rename_key(
    span: crate::source::Span,
    name: &str,
    to: &str,
) -> Option<(crate::source::Span, String)> {
    let inner = if span.len() == name.len() {
        span
    } else if span.len() == name.len() + 2 {
        crate::source::Span::new(span.file, span.start as usize + 1, span.end as usize - 1)
    } else {
        return None;
    };
    Some((inner, to.to_owned()))
}

/// The properties the failing object's schema declares (for "did you mean").
fn known_properties(schemas: &Schemas, err: &ValidationError<'_>) -> Vec<String> {
    let Some(uri) = err.absolute_keyword_location() else {
        return Vec::new();
    };
    let uri = uri.as_str();
    let (doc, frag) = uri.split_once('#').unwrap_or((uri, ""));
    let Some(schema) = schemas.docs().get(doc) else {
        return Vec::new();
    };
    // The keyword location ends in `/additionalProperties`; its parent declares `properties`.
    let parent = frag.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
    schema
        .pointer(parent)
        .and_then(|s| s.get("properties"))
        .and_then(Json::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// The `description` of the schema holding the failing keyword, for keywords whose meaning only
/// the schema can explain (a key declared with `"not": {}` because `a0deploy` rejects it).
fn keyword_description(schemas: &Schemas, err: &ValidationError<'_>) -> Option<String> {
    if !matches!(err.kind(), ValidationErrorKind::Not { .. }) {
        return None;
    }
    let uri = err.absolute_keyword_location()?.as_str().to_owned();
    let (doc, frag) = uri.split_once('#').unwrap_or((&uri, ""));
    let parent = frag.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
    schemas
        .docs()
        .get(doc)?
        .pointer(parent)?
        .get("description")?
        .as_str()
        .map(str::to_owned)
}

fn duplicate_names(
    rt: &resource::ResourceType,
    items: &[Node],
    base: &str,
    out: &mut Vec<Finding>,
) {
    let Some(field) = rt.name_field else { return };
    let mut seen: HashMap<&str, &Node, foldhash::fast::RandomState> = HashMap::default();
    for (i, item) in items.iter().enumerate() {
        let Some(name_node) = item.get(field) else {
            continue;
        };
        let Some(name) = name_node.as_str() else {
            continue;
        };
        if let Some(first) = seen.get(name) {
            out.push(
                Finding::at(
                    ids::DUPLICATE_NAME,
                    Severity::Error,
                    name_node.span,
                    format!(
                        "two {} are named `{name}`; the Deploy CLI matches resources by name, so `a0deploy` refuses the export: rename or remove one",
                        rt.key
                    ),
                )
                .with_pointer(format!("{base}/{i}/{field}"))
                .with_related(Location::Span(first.span), "the other one with this name"),
            );
        } else {
            seen.insert(name, name_node);
        }
    }
}

/// The last pointer token, as a field name for messages.
fn field_name(pointer: &str) -> String {
    let last = pointer.rsplit('/').next().unwrap_or_default();
    crate::source::unescape_pointer_token(last).into_owned()
}

/// "the client at /clients/3", "`jwt_configuration` of /clients/3", …
fn describe(pointer: &str) -> String {
    format!("`{pointer}`")
}

fn type_kind(kind: &jsonschema::error::TypeKind) -> String {
    match kind {
        jsonschema::error::TypeKind::Single(t) => article(&t.to_string()),
        jsonschema::error::TypeKind::Multiple(ts) => {
            let names: Vec<String> = ts.iter().map(|t| article(&t.to_string())).collect();
            names.join(" or ")
        }
    }
}

fn article(t: &str) -> String {
    match t {
        "array" => "a list".into(),
        "object" => "an object".into(),
        "integer" => "an integer".into(),
        "null" => "null".into(),
        other => format!("a {other}"),
    }
}

fn quoted_scalar(n: &Node) -> String {
    match &n.value {
        crate::source::Value::String(s) if s.len() <= 64 => format!("`{s}`"),
        crate::source::Value::Number(num) => format!("`{num}`"),
        crate::source::Value::Bool(b) => format!("`{b}`"),
        _ => format!("a {}", n.type_name()),
    }
}

fn list_values(options: &Json) -> String {
    match options.as_array() {
        Some(items) => items
            .iter()
            .map(|v| match v {
                Json::String(s) => format!("`{s}`"),
                other => format!("`{other}`"),
            })
            .collect::<Vec<_>>()
            .join(", "),
        None => options.to_string(),
    }
}

fn constraint(kind: &ValidationErrorKind) -> String {
    use ValidationErrorKind as K;
    match kind {
        K::Minimum { limit } => format!("must be at least {limit}"),
        K::Maximum { limit } => format!("must be at most {limit}"),
        K::ExclusiveMinimum { limit } => format!("must be greater than {limit}"),
        K::ExclusiveMaximum { limit } => format!("must be less than {limit}"),
        K::MinLength { limit } => format!("must be at least {limit} characters long"),
        K::MaxLength { limit } => format!("must be at most {limit} characters long"),
        K::MinItems { limit } => format!("must have at least {limit} items"),
        K::MaxItems { limit } => format!("must have at most {limit} items"),
        K::Pattern { pattern } => format!("does not match the required pattern `{pattern}`"),
        K::UniqueItems => "must not repeat an item".into(),
        K::MinProperties { limit } => format!("must have at least {limit} fields"),
        K::MaxProperties { limit } => format!("must have at most {limit} fields"),
        K::MultipleOf { multiple_of } => format!("must be a multiple of {multiple_of}"),
        K::Not { .. } => "is not allowed here".into(),
        other => format!("breaks the schema's `{}` constraint", other.keyword()),
    }
}

/// The candidate closest to `word` by edit distance, when close enough to be a likely typo.
///
/// Exports with many unknown fields ask this once per field against every property the schema
/// knows, so candidates whose length alone rules them out are skipped, and the distance stops as
/// soon as it must exceed the limit.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let max = (word.len() / 3).clamp(1, 3);
    let lower: Vec<char> = word.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut other: Vec<char> = Vec::new();
    let mut rows = (Vec::new(), Vec::new());
    candidates
        .filter(|c| *c != word)
        .filter_map(|c| {
            other.clear();
            other.extend(c.chars().map(|ch| ch.to_ascii_lowercase()));
            levenshtein_within(&lower, &other, max, &mut rows).map(|d| (d, c))
        })
        .min()
        .map(|(_, c)| c)
}

/// The edit distance between `a` and `b` if it is at most `max`, else `None`; `rows` are reused
/// buffers.
fn levenshtein_within(
    a: &[char],
    b: &[char],
    max: usize,
    rows: &mut (Vec<usize>, Vec<usize>),
) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let (prev, cur) = rows;
    prev.clear();
    prev.extend(0..=b.len());
    for (i, ca) in a.iter().enumerate() {
        cur.clear();
        cur.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        // Every later row is at least this row's minimum: past the limit, no need to go on.
        if cur.iter().min().is_some_and(|&m| m > max) {
            return None;
        }
        std::mem::swap(prev, cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_edit_distance() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        let mut rows = (Vec::new(), Vec::new());
        let (k, s) = (chars("kitten"), chars("sitting"));
        assert_eq!(levenshtein_within(&k, &s, 3, &mut rows), Some(3));
        assert_eq!(levenshtein_within(&k, &s, 2, &mut rows), None);
        assert_eq!(levenshtein_within(&k, &k, 0, &mut rows), Some(0));
        assert_eq!(
            levenshtein_within(&chars("ab"), &chars("abcde"), 2, &mut rows),
            None
        );
    }

    #[test]
    fn closest_suggests_typos_only() {
        let known = ["callbacks", "allowed_origins", "web_origins"];
        assert_eq!(
            closest("callback", known.iter().copied()),
            Some("callbacks")
        );
        assert_eq!(closest("zzz", known.iter().copied()), None);
    }

    #[test]
    fn schemas_compile() {
        init().unwrap();
    }
}
