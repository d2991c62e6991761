//! Declarative rules: house rules written as data, with no Rust.
//!
//! A declarative rule is a rule file like any built-in one (id, name, category, severity, docs,
//! examples) plus three tables:
//!
//! * `[select]`: which resources of which tenants — a resource type (`clients`, `tenant`, …), name
//!   globs, environments, tenant globs and manifest tags — and optionally a `field` inside them
//!   (a dotted path, `jwt_configuration.alg`);
//! * `[assert]`: what must hold for each selected value — `required`, `forbidden`, `absent`,
//!   `enum`, `not-enum`, `pattern`, `not-pattern`, `min`/`max`, `min-length`/`max-length`, or a
//!   whole JSON Schema (`schema`), validated by the same `jsonschema` machinery as the export
//!   schemas so that errors point at the offending key or value;
//! * `[cross-tenant]`: optionally, how the selected values compare across the tenants of a group,
//!   an environment or the estate — `equal` (the same set everywhere), `different` (no two tenants
//!   share a value), `present` (every tenant has one).
//!
//! Built-in rules may be written this way too (a rule file with `[select]` and no Rust check), and
//! user rules live in the folder the manifest names (`user-rules`, default `.a0lint/rules/`).
//! Both run through [`Declarative`], compiled once per run: regular expressions and schemas are
//! built when the rule is loaded, never per resource. Messages name the field and what was
//! expected; like every finding, they never quote a value that could be secret, except values of
//! an `enum` mismatch, which the rule author chose to be plain.

use std::collections::{BTreeMap, BTreeSet};

use globset::{Glob, GlobMatcher};
use regex::Regex;
use serde::{Deserialize, Serialize};

use super::engine::Reporter;
use super::model::{EstateModel, TenantFacts};
use crate::export::Environment;
use crate::export::resource;
use crate::finding::{Location, Related};
use crate::source::{Node, Value, escape_pointer_token};

/// `[select]`: which values a rule looks at.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Selector {
    /// The resource type, as the YAML top-level key: `clients`, `resourceServers`, `tenant`, …
    pub resource: String,
    /// Globs on the resource's name (`name`, or the type's naming field); empty means all.
    #[serde(default)]
    pub name: Vec<String>,
    /// Environments whose tenants are selected; empty means all.
    #[serde(default)]
    pub environments: Vec<Environment>,
    /// Globs on tenant names; empty means all. A leading `!` excludes.
    #[serde(default)]
    pub tenants: Vec<String>,
    /// Manifest tags a tenant must carry (all of them).
    #[serde(default)]
    pub tags: Vec<String>,
    /// A dotted path inside each resource; absent means the resource itself.
    pub field: Option<String>,
}

/// `[assert]`: what must hold for every selected value.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Assertion {
    /// The field must exist (and not be null).
    #[serde(default)]
    pub required: bool,
    /// The field must not exist.
    #[serde(default)]
    pub forbidden: bool,
    /// No resource may match the selector at all.
    #[serde(default)]
    pub absent: bool,
    #[serde(default, rename = "enum")]
    pub one_of: Vec<serde_json::Value>,
    #[serde(default)]
    pub not_enum: Vec<serde_json::Value>,
    /// A regular expression every string (or every string in a list) must match.
    pub pattern: Option<String>,
    /// A regular expression no string may match.
    pub not_pattern: Option<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Length bounds for strings and lists.
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    /// A JSON Schema the value must satisfy.
    pub schema: Option<serde_json::Value>,
}

/// `[cross-tenant]`: how selected values compare across tenants.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CrossTenant {
    /// Which tenants are compared together.
    #[serde(default)]
    pub scope: Scope,
    pub assert: CrossAssert,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// The tenants of one SDLC group.
    #[default]
    Group,
    /// The tenants of one environment.
    Environment,
    /// Every tenant.
    Estate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CrossAssert {
    /// Every tenant in scope has the same set of selected values.
    Equal,
    /// No two tenants in scope share a selected value.
    Different,
    /// Every tenant in scope has at least one selected value.
    Present,
}

/// A declarative rule, compiled.
#[derive(Debug)]
pub struct Declarative {
    pub select: Selector,
    pub assert: Assertion,
    pub cross: Option<CrossTenant>,
    name_globs: Vec<GlobMatcher>,
    tenant_globs: Vec<(bool, GlobMatcher)>,
    pattern: Option<Regex>,
    not_pattern: Option<Regex>,
    schema: Option<jsonschema::Validator>,
}

impl Declarative {
    /// Compiles the tables of a rule file. Errors say what is wrong in the rule's own terms.
    pub fn compile(
        select: &Selector,
        assert: Option<&Assertion>,
        cross: Option<&CrossTenant>,
    ) -> Result<Declarative, String> {
        if resource::by_key(&select.resource).is_none() {
            return Err(format!(
                "`select.resource = \"{}\"` is not a Deploy CLI resource type (e.g. `clients`, `connections`, `resourceServers`, `tenant`)",
                select.resource
            ));
        }
        let glob = |g: &str| {
            Glob::new(g)
                .map(|g| g.compile_matcher())
                .map_err(|e| format!("bad glob `{g}`: {e}"))
        };
        let name_globs = select
            .name
            .iter()
            .map(|g| glob(g))
            .collect::<Result<_, _>>()?;
        let tenant_globs = select
            .tenants
            .iter()
            .map(|g| match g.strip_prefix('!') {
                Some(rest) => glob(rest).map(|m| (false, m)),
                None => glob(g).map(|m| (true, m)),
            })
            .collect::<Result<_, _>>()?;
        let assert = assert.cloned().unwrap_or_default();
        let re = |p: &Option<String>, what: &str| {
            p.as_deref()
                .map(|p| {
                    Regex::new(p).map_err(|e| {
                        format!("`assert.{what}` is not a valid regular expression: {e}")
                    })
                })
                .transpose()
        };
        let pattern = re(&assert.pattern, "pattern")?;
        let not_pattern = re(&assert.not_pattern, "not-pattern")?;
        let schema = assert
            .schema
            .as_ref()
            .map(|s| {
                jsonschema::options()
                    .should_validate_formats(false)
                    .build(s)
                    .map_err(|e| format!("`assert.schema` is not a valid JSON Schema: {e}"))
            })
            .transpose()?;
        if cross.is_none() && is_empty(&assert) {
            return Err(
                "the rule has no `[assert]` and no `[cross-tenant]`, so it can never fire".into(),
            );
        }
        Ok(Declarative {
            select: select.clone(),
            assert,
            cross: cross.cloned(),
            name_globs,
            tenant_globs,
            pattern,
            not_pattern,
            schema,
        })
    }

    /// True when the rule looks at this tenant.
    pub fn selects_tenant(&self, facts: &TenantFacts<'_>) -> bool {
        if !self.select.environments.is_empty()
            && !facts
                .environment
                .is_some_and(|e| self.select.environments.contains(&e))
        {
            return false;
        }
        if !self.select.tags.is_empty() {
            let tags = facts.entry.map(|e| e.tags.as_slice()).unwrap_or_default();
            if !self.select.tags.iter().all(|t| tags.contains(t)) {
                return false;
            }
        }
        let includes: Vec<&GlobMatcher> = self
            .tenant_globs
            .iter()
            .filter(|(inc, _)| *inc)
            .map(|(_, g)| g)
            .collect();
        if !includes.is_empty() && !includes.iter().any(|g| g.is_match(facts.name)) {
            return false;
        }
        !self
            .tenant_globs
            .iter()
            .any(|(inc, g)| !inc && g.is_match(facts.name))
    }

    /// The selected resources of a tenant: (pointer, resource node, display name).
    fn resources<'t>(&self, facts: &TenantFacts<'t>) -> Vec<(String, &'t Node, Option<&'t str>)> {
        let Some(t) = facts.tenant else {
            return Vec::new();
        };
        let Some(rt) = resource::by_key(&self.select.resource) else {
            return Vec::new();
        };
        let base = format!("/{}", escape_pointer_token(rt.key));
        let Some(node) = t.resources.get(rt.key) else {
            return Vec::new();
        };
        match node.as_array() {
            Some(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let name = rt.name_field.and_then(|f| item.get_str(f));
                    let named = self.name_globs.is_empty()
                        || name.is_some_and(|n| self.name_globs.iter().any(|g| g.is_match(n)));
                    named.then(|| (format!("{base}/{i}"), item, name))
                })
                .collect(),
            None => vec![(base, node, None)],
        }
    }

    /// The selected value of a resource: `Ok(Some)` found, `Ok(None)` absent; with its pointer
    /// and the span of its key when it has one.
    fn field<'n>(
        &self,
        res: &'n Node,
        pointer: &str,
    ) -> (String, Option<&'n crate::source::Member>, Option<&'n Node>) {
        let Some(path) = &self.select.field else {
            return (pointer.to_owned(), None, Some(res));
        };
        let mut node = res;
        let mut ptr = pointer.to_owned();
        let mut member = None;
        for key in path.split('.') {
            ptr.push('/');
            ptr.push_str(&escape_pointer_token(key));
            match node.member(key) {
                Some(m) => {
                    member = Some(m);
                    node = &m.value;
                }
                None => return (ptr, None, None),
            }
        }
        (ptr, member, Some(node).filter(|n| !n.is_null()))
    }

    /// Runs the per-tenant assertion over one tenant.
    pub fn check_tenant(&self, facts: &TenantFacts<'_>, r: &mut Reporter<'_>) {
        if !self.selects_tenant(facts) || is_empty(&self.assert) {
            return;
        }
        let field_name = self.select.field.as_deref().unwrap_or("the resource");
        for (ptr, res, name) in self.resources(facts) {
            let what = match name {
                Some(n) => format!("{} `{n}`", singular(&self.select.resource)),
                None => format!("`{}`", self.select.resource),
            };
            if self.assert.absent {
                r.at(
                    facts,
                    res.span,
                    ptr.clone(),
                    format!("{what} must not exist here ({})", r.rule.summary),
                );
                continue;
            }
            let (fptr, member, value) = self.field(res, &ptr);
            match (value, member) {
                (None, _) if self.assert.required => {
                    r.at(
                        facts,
                        res.span,
                        fptr,
                        format!(
                            "{what} has no `{field_name}`, which this rule requires: {}",
                            r.rule.summary
                        ),
                    );
                }
                (Some(_), Some(m)) if self.assert.forbidden => {
                    r.at(
                        facts,
                        m.key_span,
                        fptr,
                        format!(
                            "{what} sets `{field_name}`, which this rule forbids: {}",
                            r.rule.summary
                        ),
                    );
                }
                (Some(v), _) => self.check_value(facts, r, &what, field_name, &fptr, v),
                _ => {}
            }
        }
    }

    fn check_value(
        &self,
        facts: &TenantFacts<'_>,
        r: &mut Reporter<'_>,
        what: &str,
        field: &str,
        ptr: &str,
        v: &Node,
    ) {
        let a = &self.assert;
        let summary = r.rule.summary.clone();
        let mut fail = |node: &Node, p: String, why: String| {
            r.at(
                facts,
                node.span,
                p,
                format!("{what}: `{field}` {why} ({summary})"),
            );
        };
        if !a.one_of.is_empty() {
            let json = v.to_json();
            if !a.one_of.contains(&json) {
                fail(
                    v,
                    ptr.to_owned(),
                    format!("is {}, not one of {}", show(&json), list(&a.one_of)),
                );
            }
        }
        if !a.not_enum.is_empty() {
            let json = v.to_json();
            if a.not_enum.contains(&json) {
                fail(v, ptr.to_owned(), format!("must not be {}", show(&json)));
            }
        }
        // Patterns apply to a string, or to each string of a list.
        let strings: Vec<(&Node, String)> = match &v.value {
            Value::String(_) => vec![(v, ptr.to_owned())],
            Value::Array(items) => items
                .iter()
                .enumerate()
                .filter(|(_, n)| n.as_str().is_some())
                .map(|(i, n)| (n, format!("{ptr}/{i}")))
                .collect(),
            _ => Vec::new(),
        };
        for (node, p) in &strings {
            let s = node.as_str().unwrap_or_default();
            if crate::source::keywords::is_marker(s) {
                continue; // resolved per environment by the Deploy CLI
            }
            if let Some(re) = &self.pattern
                && !re.is_match(s)
            {
                fail(node, p.clone(), format!("does not match `{}`", re.as_str()));
            }
            if let Some(re) = &self.not_pattern
                && re.is_match(s)
            {
                fail(
                    node,
                    p.clone(),
                    format!("matches `{}`, which is not allowed", re.as_str()),
                );
            }
        }
        if let Some(n) = v.as_f64() {
            if let Some(min) = a.min
                && n < min
            {
                fail(v, ptr.to_owned(), format!("must be at least {min}"));
            }
            if let Some(max) = a.max
                && n > max
            {
                fail(v, ptr.to_owned(), format!("must be at most {max}"));
            }
        }
        let len = match &v.value {
            Value::String(s) => Some(s.chars().count()),
            Value::Array(items) => Some(items.len()),
            _ => None,
        };
        if let Some(len) = len {
            if let Some(min) = a.min_length
                && len < min
            {
                fail(
                    v,
                    ptr.to_owned(),
                    format!("has length {len}, below the minimum {min}"),
                );
            }
            if let Some(max) = a.max_length
                && len > max
            {
                fail(
                    v,
                    ptr.to_owned(),
                    format!("has length {len}, above the maximum {max}"),
                );
            }
        }
        if let Some(schema) = &self.schema {
            let json = v.to_json();
            for err in schema.iter_errors(&json) {
                let rel = err.instance_path().as_str().to_owned();
                let (key, node) = v.pointer_member(&rel).unwrap_or((None, v));
                let at = match err.kind() {
                    jsonschema::error::ValidationErrorKind::AdditionalProperties { .. }
                    | jsonschema::error::ValidationErrorKind::Required { .. } => {
                        key.unwrap_or(node.span)
                    }
                    _ => node.span,
                };
                // Name the innermost field the error is about: `signing_alg`, not "the resource".
                let inner = rel
                    .rsplit('/')
                    .find(|t| !t.is_empty() && t.parse::<usize>().is_err());
                let shown = match (inner, self.select.field.as_deref()) {
                    (Some(i), _) => crate::source::unescape_pointer_token(i).into_owned(),
                    (None, Some(f)) => f.to_owned(),
                    (None, None) => field.to_owned(),
                };
                r.at(
                    facts,
                    at,
                    format!("{ptr}{rel}"),
                    format!("{what}: `{shown}` {} ({summary})", err.masked()),
                );
            }
        }
    }

    /// Runs the cross-tenant assertion over the estate.
    pub fn check_estate(&self, model: &EstateModel<'_>, r: &mut Reporter<'_>) {
        let Some(cross) = &self.cross else { return };
        let tenants: Vec<&TenantFacts<'_>> = model
            .tenants
            .iter()
            .filter(|f| f.tenant.is_some() && self.selects_tenant(f))
            .collect();
        let mut scopes: BTreeMap<String, Vec<&TenantFacts<'_>>> = BTreeMap::new();
        for f in tenants {
            let key = match cross.scope {
                Scope::Group => f.group.clone(),
                Scope::Environment => f.environment.map(|e| e.to_string()).unwrap_or_default(),
                Scope::Estate => String::new(),
            };
            scopes.entry(key).or_default().push(f);
        }
        for members in scopes.values() {
            // Each tenant's selected values: (canonical JSON text, node, pointer).
            let values: Vec<(&TenantFacts<'_>, Vec<Selected<'_>>)> = members
                .iter()
                .map(|f| {
                    let vals = self
                        .resources(f)
                        .into_iter()
                        .filter_map(|(ptr, res, _)| {
                            let (p, _, v) = self.field(res, &ptr);
                            v.map(|v| (canonical(v), v, p))
                        })
                        .collect();
                    (*f, vals)
                })
                .collect();
            match cross.assert {
                CrossAssert::Present => {
                    for (f, vals) in &values {
                        if vals.is_empty() {
                            r.tenant(f, format!("tenant `{}` has nothing matching this rule, which every tenant of its {} must have: {}", f.name, scope_name(cross.scope), r.rule.summary));
                        }
                    }
                }
                CrossAssert::Different => {
                    let mut seen: BTreeMap<&str, (&TenantFacts<'_>, &Node)> = BTreeMap::new();
                    for (f, vals) in &values {
                        for (text, node, ptr) in vals {
                            match seen.get(text.as_str()) {
                                Some((other, first)) if other.name != f.name => {
                                    let what = self
                                        .select
                                        .field
                                        .as_deref()
                                        .unwrap_or(&self.select.resource);
                                    if let Some(found) = r.at(
                                        f,
                                        node.span,
                                        ptr.clone(),
                                        format!(
                                            "tenant `{}` has the same `{what}` as `{}` ({}); {}",
                                            f.name,
                                            other.name,
                                            short(text),
                                            r.rule.summary
                                        ),
                                    ) {
                                        found.related.push(Related {
                                            location: Location::Span(first.span),
                                            message: format!("the same value in `{}`", other.name),
                                        });
                                    }
                                }
                                Some(_) => {}
                                None => {
                                    seen.insert(text.as_str(), (*f, *node));
                                }
                            }
                        }
                    }
                }
                CrossAssert::Equal => {
                    // Compare every tenant with the scope's production tenant, else its first.
                    let reference = values
                        .iter()
                        .find(|(f, _)| f.is_production())
                        .or_else(|| values.first());
                    let Some((ref_f, ref_vals)) = reference else {
                        continue;
                    };
                    let ref_set: BTreeSet<&str> =
                        ref_vals.iter().map(|(t, _, _)| t.as_str()).collect();
                    for (f, vals) in &values {
                        if f.name == ref_f.name {
                            continue;
                        }
                        let set: BTreeSet<&str> = vals.iter().map(|(t, _, _)| t.as_str()).collect();
                        let missing: Vec<&str> = ref_set.difference(&set).copied().collect();
                        let extra: Vec<&Selected<'_>> = vals
                            .iter()
                            .filter(|(t, _, _)| !ref_set.contains(t.as_str()))
                            .collect();
                        for (t, node, ptr) in extra {
                            if let Some(found) = r.at(
                                f,
                                node.span,
                                ptr.clone(),
                                format!(
                                    "{} in `{}` but not in `{}`: {}",
                                    short(t),
                                    f.name,
                                    ref_f.name,
                                    r.rule.summary
                                ),
                            ) {
                                found.related.push(Related {
                                    location: ref_f.anchor.clone(),
                                    message: format!("`{}` is the reference", ref_f.name),
                                });
                            }
                        }
                        if !missing.is_empty() {
                            let shown: Vec<String> =
                                missing.iter().take(5).map(|m| short(m)).collect();
                            if let Some(found) = r.tenant(
                                f,
                                format!(
                                    "`{}` lacks {} that `{}` has{}: {}",
                                    f.name,
                                    shown.join(", "),
                                    ref_f.name,
                                    if missing.len() > 5 {
                                        format!(" (and {} more)", missing.len() - 5)
                                    } else {
                                        String::new()
                                    },
                                    r.rule.summary
                                ),
                            ) {
                                found.related.push(Related {
                                    location: ref_f.anchor.clone(),
                                    message: format!("`{}` is the reference", ref_f.name),
                                });
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One selected value: its canonical JSON text (for comparing), its node and its pointer.
type Selected<'n> = (String, &'n Node, String);

fn is_empty(a: &Assertion) -> bool {
    !a.required
        && !a.forbidden
        && !a.absent
        && a.one_of.is_empty()
        && a.not_enum.is_empty()
        && a.pattern.is_none()
        && a.not_pattern.is_none()
        && a.min.is_none()
        && a.max.is_none()
        && a.min_length.is_none()
        && a.max_length.is_none()
        && a.schema.is_none()
}

fn scope_name(s: Scope) -> &'static str {
    match s {
        Scope::Group => "group",
        Scope::Environment => "environment",
        Scope::Estate => "estate",
    }
}

/// A stable text for comparing values across tenants (object keys sorted).
fn canonical(n: &Node) -> String {
    fn sort(v: serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(m) => {
                let sorted: BTreeMap<String, serde_json::Value> =
                    m.into_iter().map(|(k, v)| (k, sort(v))).collect();
                serde_json::Value::Object(sorted.into_iter().collect())
            }
            serde_json::Value::Array(a) => {
                serde_json::Value::Array(a.into_iter().map(sort).collect())
            }
            other => other,
        }
    }
    sort(n.to_json()).to_string()
}

fn short(json_text: &str) -> String {
    // A JSON string shows without its quotes.
    let json_text = match serde_json::from_str::<String>(json_text) {
        Ok(s) => s,
        Err(_) => json_text.to_owned(),
    };
    let t: String = json_text.chars().take(60).collect();
    if t.len() < json_text.len() {
        format!("`{t}…`")
    } else {
        format!("`{t}`")
    }
}

fn show(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) if s.len() <= 64 => format!("`{s}`"),
        serde_json::Value::String(_) => "a long string".into(),
        serde_json::Value::Object(_) => "an object".into(),
        serde_json::Value::Array(_) => "a list".into(),
        other => format!("`{other}`"),
    }
}

fn list(values: &[serde_json::Value]) -> String {
    values.iter().map(show).collect::<Vec<_>>().join(", ")
}

fn singular(resource: &str) -> String {
    match resource {
        "clients" => "client".into(),
        "resourceServers" => "API".into(),
        "connections" => "connection".into(),
        "databases" => "database connection".into(),
        other => other.trim_end_matches('s').to_owned(),
    }
}
