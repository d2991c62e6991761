//! Declarative rules: house rules written as data, with no Rust.
//!
//! A declarative rule is a rule file like any built-in one (id, name, category, severity, docs,
//! examples) plus three tables:
//!
//! * `[select]`: which resources of which tenants — one or more resource types (`clients`,
//!   `tenant`, …), name globs, conditions on the resource (`where`, `unless`), environments,
//!   tenant globs and manifest tags — and optionally one or more `field`s inside them (dotted
//!   paths, `jwt_configuration.alg`), or with `fallback` the first of them that is present (a
//!   setting and its legacy spelling);
//! * `[assert]`: what must hold for each selected value — `required`, `forbidden`, `absent`,
//!   `enum`, `not-enum`, `pattern`, `not-pattern`, `min`/`max`, `min-length`/`max-length`, or a
//!   whole JSON Schema (`schema`), validated by the same `jsonschema` machinery as the export
//!   schemas so that errors point at the offending key or value — with an optional `message`
//!   template and severity `cap`s for minor cases;
//! * `[cross-tenant]`: optionally, how the selected values compare across the tenants of a group,
//!   an environment or the estate — `equal` (the same set everywhere), `different` (no two tenants
//!   share a value), `present` (every tenant has one).
//!
//! Built-in rules may be written this way too (a rule file with `[select]` and no Rust check), and
//! user rules live in the folder the manifest names (`user-rules`, default `.a0lint/rules/`).
//! Both run through [`Declarative`], compiled once per run: regular expressions, schemas, field
//! paths and message templates are prepared when the rule is loaded, never per resource, and
//! nothing is allocated for a value that passes. Messages name the field and what was expected;
//! like every finding, they never quote a value that could be secret, except values of an `enum`
//! mismatch and a template's `{value}`, which the rule author chose to show.

use std::collections::{BTreeMap, BTreeSet};

use globset::{Glob, GlobMatcher};
use regex::Regex;
use serde::{Deserialize, Serialize};

use super::engine::Reporter;
use super::model::{EstateModel, TenantFacts};
use crate::export::Environment;
use crate::export::resource::{self, ResourceType};
use crate::finding::{Finding, Location, Related, Severity};
use crate::source::{Member, Node, Value, escape_pointer_token, keywords};

/// One string, or a list of them (`resource = "clients"` or `resource = ["clients", "tenant"]`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl Default for OneOrMany {
    fn default() -> Self {
        OneOrMany::Many(Vec::new())
    }
}

impl OneOrMany {
    pub fn as_slice(&self) -> &[String] {
        match self {
            OneOrMany::One(s) => std::slice::from_ref(s),
            OneOrMany::Many(v) => v,
        }
    }
}

/// `[select]`: which values a rule looks at.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Selector {
    /// The resource type(s), as the YAML top-level key: `clients`, `resourceServers`, `tenant`, …
    pub resource: OneOrMany,
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
    /// Conditions on the resource: it is selected only when one of them holds.
    #[serde(default, rename = "where", skip_serializing_if = "Vec::is_empty")]
    pub where_: Vec<Condition>,
    /// Conditions on the resource: it is skipped when one of them holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unless: Vec<Condition>,
    /// Dotted path(s) inside each resource; absent means the resource itself.
    pub field: Option<OneOrMany>,
    /// With several fields, only the first one present is looked at (a setting and its legacy
    /// spelling); otherwise each is.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fallback: bool,
}

/// A condition on a resource: dotted field path → test, all of which must hold.
pub type Condition = BTreeMap<String, FieldTest>;

/// A test on one field of a resource, for `select.where` and `select.unless`.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FieldTest {
    /// `true`: the field is set (and not null); `false`: it is not.
    pub exists: Option<bool>,
    /// The field is set to one of these values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub one_of: Vec<serde_json::Value>,
    /// The field is not set, or set to none of these values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_one_of: Vec<serde_json::Value>,
    /// The field is a string matching this regular expression.
    pub pattern: Option<String>,
    /// The field is a list holding at least one of these values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contains_any: Vec<serde_json::Value>,
    /// The field is not a list holding any of these values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contains_none: Vec<serde_json::Value>,
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
    /// The finding's message, with `{placeholders}` (see [`PLACEHOLDERS`]); default: one built
    /// from the field, the failed check and the rule's summary.
    pub message: Option<String>,
    /// Lower the severity of some findings (a rule's minor cases).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cap: Vec<Cap>,
}

/// A severity cap: findings on these fields, or about these values, are at most `severity`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Cap {
    /// Selected fields (as written in `select.field`) the cap applies to; empty means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// Values the cap applies to; empty means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<serde_json::Value>,
    pub severity: Severity,
}

/// The placeholders of `assert.message`; `{{` and `}}` write a brace.
pub const PLACEHOLDERS: &[&str] = &[
    "resource",
    "name",
    "field",
    "value",
    "problem",
    "tenant",
    "environment",
    "in-environment",
    "summary",
];

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

/// A selected field, prepared: its path, its JSON pointer suffix and how it is written.
#[derive(Debug)]
struct FieldPath {
    keys: Vec<String>,
    pointer: String,
    shown: String,
}

impl FieldPath {
    fn new(path: &str) -> FieldPath {
        let keys: Vec<String> = path.split('.').map(str::to_owned).collect();
        let pointer = keys
            .iter()
            .map(|k| format!("/{}", escape_pointer_token(k)))
            .collect();
        FieldPath {
            keys,
            pointer,
            shown: path.to_owned(),
        }
    }

    /// The member holding the field (its key span) and its value, when present.
    fn lookup<'n>(&self, res: &'n Node) -> Option<&'n Member> {
        let (last, parents) = self.keys.split_last()?;
        let mut node = res;
        for key in parents {
            node = node.get(key)?;
        }
        node.member(last)
    }
}

/// A [`FieldTest`], compiled.
#[derive(Debug)]
struct CompiledTest {
    field: FieldPath,
    test: FieldTest,
    pattern: Option<Regex>,
}

impl CompiledTest {
    fn holds(&self, res: &Node) -> bool {
        let value = self
            .field
            .lookup(res)
            .map(|m| &m.value)
            .filter(|v| !v.is_null());
        let t = &self.test;
        if let Some(exists) = t.exists
            && exists != value.is_some()
        {
            return false;
        }
        if !t.one_of.is_empty() && !value.is_some_and(|v| t.one_of.iter().any(|x| same(v, x))) {
            return false;
        }
        if value.is_some_and(|v| t.not_one_of.iter().any(|x| same(v, x))) {
            return false;
        }
        if let Some(re) = &self.pattern
            && !value.and_then(Node::as_str).is_some_and(|s| re.is_match(s))
        {
            return false;
        }
        let items = value.and_then(Node::as_array).unwrap_or_default();
        if !t.contains_any.is_empty()
            && !items
                .iter()
                .any(|i| t.contains_any.iter().any(|x| same(i, x)))
        {
            return false;
        }
        !items
            .iter()
            .any(|i| t.contains_none.iter().any(|x| same(i, x)))
    }
}

/// A message template, split into literal text and placeholders.
#[derive(Debug)]
enum Piece {
    Text(String),
    Var(&'static str),
}

fn parse_template(t: &str) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let name: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let Some(var) = PLACEHOLDERS.iter().find(|p| **p == name) else {
                    return Err(format!(
                        "`assert.message` uses `{{{name}}}`, which is not a placeholder (use one of {}, or write `{{{{` for a brace)",
                        PLACEHOLDERS
                            .iter()
                            .map(|p| format!("`{{{p}}}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                };
                if !text.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut text)));
                }
                out.push(Piece::Var(var));
            }
            '}' => return Err("`assert.message` has a lone `}` (write `}}` for a brace)".into()),
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    Ok(out)
}

/// A declarative rule, compiled.
#[derive(Debug)]
pub struct Declarative {
    pub select: Selector,
    pub assert: Assertion,
    pub cross: Option<CrossTenant>,
    types: Vec<&'static ResourceType>,
    fields: Vec<FieldPath>,
    name_globs: Vec<GlobMatcher>,
    tenant_globs: Vec<(bool, GlobMatcher)>,
    has_tenant_includes: bool,
    where_: Vec<Vec<CompiledTest>>,
    unless: Vec<Vec<CompiledTest>>,
    pattern: Option<Regex>,
    not_pattern: Option<Regex>,
    schema: Option<jsonschema::Validator>,
    message: Option<Vec<Piece>>,
    checks_values: bool,
}

/// One selected resource of a tenant, with what its findings say about it.
struct Target<'t, 'f> {
    facts: &'f TenantFacts<'t>,
    rt: &'static ResourceType,
    index: Option<usize>,
    node: &'t Node,
}

impl Target<'_, '_> {
    fn name(&self) -> Option<&str> {
        self.index?;
        self.rt.name_field.and_then(|f| self.node.get_str(f))
    }

    /// The name a template's `{name}` shows: the resource's, `(unnamed)`, or a settings
    /// object's type.
    fn shown_name(&self) -> &str {
        match self.index {
            Some(_) => self.name().unwrap_or("(unnamed)"),
            None => self.rt.key,
        }
    }

    fn pointer(&self) -> String {
        let key = escape_pointer_token(self.rt.key);
        match self.index {
            Some(i) => format!("/{key}/{i}"),
            None => format!("/{key}"),
        }
    }

    /// "client `Patient Portal`", "the tenant", "`attackProtection`".
    fn what(&self) -> String {
        match (self.index, self.name()) {
            (Some(_), Some(n)) => format!("{} `{n}`", singular(self.rt.key)),
            (None, _) if self.rt.key == "tenant" => "the tenant".into(),
            _ => format!("`{}`", self.rt.key),
        }
    }
}

/// What one failure is about, for its message and its severity cap.
struct Failure<'a> {
    field: Option<&'a str>,
    value: Option<&'a Node>,
    problem: String,
}

/// What kind of check failed, for the default message.
#[derive(Clone, Copy)]
enum Kind {
    Absent,
    Required,
    Forbidden,
    Value,
}

impl Declarative {
    /// Compiles the tables of a rule file. Errors say what is wrong in the rule's own terms.
    pub fn compile(
        select: &Selector,
        assert: Option<&Assertion>,
        cross: Option<&CrossTenant>,
    ) -> Result<Declarative, String> {
        let resources = select.resource.as_slice();
        if resources.is_empty() {
            return Err("`select.resource` names no resource type".into());
        }
        let mut types = Vec::new();
        for key in resources {
            let Some(rt) = resource::by_key(key) else {
                return Err(format!(
                    "`select.resource = \"{key}\"` is not a Deploy CLI resource type (e.g. `clients`, `connections`, `resourceServers`, `tenant`)"
                ));
            };
            if !types.iter().any(|t: &&ResourceType| t.key == rt.key) {
                types.push(rt);
            }
        }
        let fields: Vec<FieldPath> = select
            .field
            .as_ref()
            .map(|f| f.as_slice().iter().map(|p| FieldPath::new(p)).collect())
            .unwrap_or_default();
        if select.field.is_some() && fields.is_empty() {
            return Err(
                "`select.field` is an empty list; omit it to select the resource itself".into(),
            );
        }
        if fields.iter().any(|f| f.keys.iter().any(String::is_empty)) {
            return Err(
                "`select.field` has an empty path segment (`a..b`, or a leading or trailing `.`)"
                    .into(),
            );
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
        let tenant_globs: Vec<(bool, GlobMatcher)> = select
            .tenants
            .iter()
            .map(|g| match g.strip_prefix('!') {
                Some(rest) => glob(rest).map(|m| (false, m)),
                None => glob(g).map(|m| (true, m)),
            })
            .collect::<Result<_, _>>()?;
        let has_tenant_includes = tenant_globs.iter().any(|(inc, _)| *inc);
        let conditions = |list: &[Condition], what: &str| {
            list.iter()
                .map(|c| {
                    if c.is_empty() {
                        return Err(format!("a `select.{what}` condition is empty"));
                    }
                    c.iter()
                        .map(|(path, test)| {
                            let pattern = test
                                .pattern
                                .as_deref()
                                .map(Regex::new)
                                .transpose()
                                .map_err(|e| {
                                    format!("`select.{what}` pattern on `{path}` is not a valid regular expression: {e}")
                                })?;
                            Ok(CompiledTest {
                                field: FieldPath::new(path),
                                test: test.clone(),
                                pattern,
                            })
                        })
                        .collect::<Result<Vec<_>, String>>()
                })
                .collect::<Result<Vec<_>, String>>()
        };
        let where_ = conditions(&select.where_, "where")?;
        let unless = conditions(&select.unless, "unless")?;
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
        let message = assert.message.as_deref().map(parse_template).transpose()?;
        for cap in &assert.cap {
            if let Some(f) = cap
                .fields
                .iter()
                .find(|f| !fields.iter().any(|x| x.shown == **f))
            {
                return Err(format!(
                    "`assert.cap` names the field `{f}`, which `select.field` does not select"
                ));
            }
        }
        let checks_values = !is_empty(&assert);
        if cross.is_none() && !checks_values {
            return Err(
                "the rule has no `[assert]` and no `[cross-tenant]`, so it can never fire".into(),
            );
        }
        Ok(Declarative {
            select: select.clone(),
            assert,
            cross: cross.cloned(),
            types,
            fields,
            name_globs,
            tenant_globs,
            has_tenant_includes,
            where_,
            unless,
            pattern,
            not_pattern,
            schema,
            message,
            checks_values,
        })
    }

    /// True when the rule has a per-tenant assertion (not only a cross-tenant one).
    pub fn checks_values(&self) -> bool {
        self.checks_values
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
        if self.has_tenant_includes
            && !self
                .tenant_globs
                .iter()
                .any(|(inc, g)| *inc && g.is_match(facts.name))
        {
            return false;
        }
        !self
            .tenant_globs
            .iter()
            .any(|(inc, g)| !inc && g.is_match(facts.name))
    }

    /// True when `where` and `unless` let this resource through.
    fn selects_resource(&self, node: &Node) -> bool {
        (self.where_.is_empty() || self.where_.iter().any(|c| c.iter().all(|t| t.holds(node))))
            && !self.unless.iter().any(|c| c.iter().all(|t| t.holds(node)))
    }

    /// Calls `visit` with every selected resource of a tenant.
    fn targets<'t, 'f>(&self, facts: &'f TenantFacts<'t>, mut visit: impl FnMut(Target<'t, 'f>)) {
        let Some(t) = facts.tenant else { return };
        for &rt in &self.types {
            let Some(node) = t.resources.get(rt.key) else {
                continue;
            };
            match node.as_array() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if !self.name_globs.is_empty() {
                            let name = rt.name_field.and_then(|f| item.get_str(f));
                            if !name.is_some_and(|n| self.name_globs.iter().any(|g| g.is_match(n)))
                            {
                                continue;
                            }
                        }
                        if self.selects_resource(item) {
                            visit(Target {
                                facts,
                                rt,
                                index: Some(i),
                                node: item,
                            });
                        }
                    }
                }
                None => {
                    if self.selects_resource(node) {
                        visit(Target {
                            facts,
                            rt,
                            index: None,
                            node,
                        });
                    }
                }
            }
        }
    }

    /// The pointer of a selected field of a target (or of the target itself).
    fn pointer(target: &Target<'_, '_>, field: Option<&FieldPath>) -> String {
        let mut p = target.pointer();
        if let Some(f) = field {
            p.push_str(&f.pointer);
        }
        p
    }

    /// Runs the per-tenant assertion over one tenant.
    pub fn check_tenant(&self, facts: &TenantFacts<'_>, r: &mut Reporter<'_>) {
        if !self.checks_values || !self.selects_tenant(facts) {
            return;
        }
        self.targets(facts, |target| self.check_target(&target, r));
    }

    fn check_target(&self, target: &Target<'_, '_>, r: &mut Reporter<'_>) {
        let a = &self.assert;
        if a.absent {
            self.report(
                target,
                r,
                target.node.span,
                target.pointer(),
                Kind::Absent,
                Failure {
                    field: None,
                    value: None,
                    problem: "must not exist here".into(),
                },
            );
            return;
        }
        if self.fields.is_empty() {
            self.check_value(target, r, None, target.node);
            return;
        }
        let mut seen = false;
        for f in &self.fields {
            let member = f.lookup(target.node);
            if self.select.fallback && member.is_none() {
                continue;
            }
            seen = true;
            match (member.map(|m| &m.value).filter(|v| !v.is_null()), member) {
                (None, _) if a.required => self.required(target, r, f),
                (Some(_), Some(m)) if a.forbidden => {
                    self.report(
                        target,
                        r,
                        m.key_span,
                        Self::pointer(target, Some(f)),
                        Kind::Forbidden,
                        Failure {
                            field: Some(&f.shown),
                            value: None,
                            problem: "is set".into(),
                        },
                    );
                }
                (Some(v), _) => self.check_value(target, r, Some(f), v),
                _ => {}
            }
            if self.select.fallback {
                break;
            }
        }
        if !seen && a.required {
            self.required(target, r, &self.fields[0]);
        }
    }

    fn required(&self, target: &Target<'_, '_>, r: &mut Reporter<'_>, f: &FieldPath) {
        self.report(
            target,
            r,
            target.node.span,
            Self::pointer(target, Some(f)),
            Kind::Required,
            Failure {
                field: Some(&f.shown),
                value: None,
                problem: "is missing".into(),
            },
        );
    }

    /// Reports one failure: the message from the rule's template or the default one, the
    /// severity capped as the rule says.
    fn report(
        &self,
        target: &Target<'_, '_>,
        r: &mut Reporter<'_>,
        span: crate::source::Span,
        pointer: String,
        kind: Kind,
        failure: Failure<'_>,
    ) -> Option<()> {
        let what = target.what();
        let summary = &r.rule.summary;
        let message = match &self.message {
            Some(pieces) => self.render(pieces, target, &what, &failure, summary),
            None => {
                let field = failure.field.unwrap_or("the resource");
                match kind {
                    Kind::Absent => format!("{what} must not exist here ({summary})"),
                    Kind::Required => {
                        format!("{what} has no `{field}`, which this rule requires: {summary}")
                    }
                    Kind::Forbidden => {
                        format!("{what} sets `{field}`, which this rule forbids: {summary}")
                    }
                    Kind::Value => format!("{what}: `{field}` {} ({summary})", failure.problem),
                }
            }
        };
        let found = r.at(target.facts, span, pointer, message)?;
        self.cap(found, &failure);
        Some(())
    }

    fn cap(&self, found: &mut Finding, failure: &Failure<'_>) {
        for cap in &self.assert.cap {
            let field_ok = cap.fields.is_empty()
                || failure
                    .field
                    .is_some_and(|f| cap.fields.iter().any(|c| c == f));
            let value_ok = cap.values.is_empty()
                || failure
                    .value
                    .is_some_and(|v| cap.values.iter().any(|x| same(v, x)));
            if field_ok && value_ok {
                found.severity = found.severity.min(cap.severity);
            }
        }
    }

    fn render(
        &self,
        pieces: &[Piece],
        target: &Target<'_, '_>,
        what: &str,
        failure: &Failure<'_>,
        summary: &str,
    ) -> String {
        let mut out = String::new();
        for p in pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Var(v) => match *v {
                    "resource" => out.push_str(what),
                    "name" => out.push_str(target.shown_name()),
                    "field" => out.push_str(failure.field.unwrap_or("")),
                    "value" => out.push_str(&failure.value.map(plain).unwrap_or_default()),
                    "problem" => out.push_str(&failure.problem),
                    "tenant" => out.push_str(target.facts.name),
                    "environment" => match target.facts.environment {
                        Some(e) => out.push_str(&e.to_string()),
                        None => out.push_str("unknown"),
                    },
                    "in-environment" => match target.facts.environment {
                        Some(Environment::Production) => out.push_str(" in a production tenant"),
                        Some(e) => out.push_str(&format!(" in a {e} tenant")),
                        None => {}
                    },
                    "summary" => out.push_str(summary),
                    _ => {}
                },
            }
        }
        out
    }

    fn check_value(
        &self,
        target: &Target<'_, '_>,
        r: &mut Reporter<'_>,
        field: Option<&FieldPath>,
        v: &Node,
    ) {
        let a = &self.assert;
        let shown = field.map(|f| f.shown.as_str());
        let mut fail = |node: &Node, pointer: String, problem: String| {
            self.report(
                target,
                r,
                node.span,
                pointer,
                Kind::Value,
                Failure {
                    field: shown,
                    value: Some(node),
                    problem,
                },
            );
        };
        if !a.one_of.is_empty() && !a.one_of.iter().any(|x| same(v, x)) {
            fail(
                v,
                Self::pointer(target, field),
                format!("is {}, not one of {}", show(&v.to_json()), list(&a.one_of)),
            );
        }
        if a.not_enum.iter().any(|x| same(v, x)) {
            fail(
                v,
                Self::pointer(target, field),
                format!("must not be {}", show(&v.to_json())),
            );
        }
        // Patterns apply to a string, or to each string of a list; a string holding a keyword
        // placeholder is resolved per environment by the Deploy CLI, so it is not judged here.
        if self.pattern.is_some() || self.not_pattern.is_some() {
            let mut one = |node: &Node, index: Option<usize>| {
                let Some(s) = node.as_str() else { return };
                if keywords::has_marker(s) {
                    return;
                }
                let at = || {
                    let mut p = Self::pointer(target, field);
                    if let Some(i) = index {
                        p.push_str(&format!("/{i}"));
                    }
                    p
                };
                if let Some(re) = &self.pattern
                    && !re.is_match(s)
                {
                    fail(node, at(), format!("does not match `{}`", re.as_str()));
                }
                if let Some(re) = &self.not_pattern
                    && re.is_match(s)
                {
                    fail(
                        node,
                        at(),
                        format!("matches `{}`, which is not allowed", re.as_str()),
                    );
                }
            };
            match &v.value {
                Value::String(_) => one(v, None),
                Value::Array(items) => {
                    for (i, n) in items.iter().enumerate() {
                        one(n, Some(i));
                    }
                }
                _ => {}
            }
        }
        if let Some(n) = v.as_f64() {
            if let Some(min) = a.min
                && n < min
            {
                fail(
                    v,
                    Self::pointer(target, field),
                    format!("must be at least {min}"),
                );
            }
            if let Some(max) = a.max
                && n > max
            {
                fail(
                    v,
                    Self::pointer(target, field),
                    format!("must be at most {max}"),
                );
            }
        }
        if a.min_length.is_some() || a.max_length.is_some() {
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
                        Self::pointer(target, field),
                        format!("has length {len}, below the minimum {min}"),
                    );
                }
                if let Some(max) = a.max_length
                    && len > max
                {
                    fail(
                        v,
                        Self::pointer(target, field),
                        format!("has length {len}, above the maximum {max}"),
                    );
                }
            }
        }
        if let Some(schema) = &self.schema {
            let json = v.to_json();
            if schema.is_valid(&json) {
                return;
            }
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
                    .find(|t| !t.is_empty() && t.parse::<usize>().is_err())
                    .map(|i| crate::source::unescape_pointer_token(i).into_owned());
                let named = inner.as_deref().or(shown);
                self.report(
                    target,
                    r,
                    at,
                    format!("{}{rel}", Self::pointer(target, field)),
                    Kind::Value,
                    Failure {
                        field: named,
                        value: Some(node),
                        problem: err.masked().to_string(),
                    },
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
                    let mut vals = Vec::new();
                    self.targets(f, |t| {
                        self.values(&t, |field, v| {
                            vals.push((canon(v), v, Where(t.rt, t.index, field)));
                        });
                    });
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
                    let mut seen: BTreeMap<&Canon<'_>, (&TenantFacts<'_>, &Node)> = BTreeMap::new();
                    for (f, vals) in &values {
                        for (text, node, ptr) in vals {
                            match seen.get(text) {
                                Some((other, first)) if other.name != f.name => {
                                    let what = self.describe();
                                    if let Some(found) = r.at(
                                        f,
                                        node.span,
                                        ptr.pointer(),
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
                                    seen.insert(text, (*f, *node));
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
                    let ref_set: BTreeSet<&Canon<'_>> =
                        ref_vals.iter().map(|(t, _, _)| t).collect();
                    for (f, vals) in &values {
                        if f.name == ref_f.name {
                            continue;
                        }
                        let set: BTreeSet<&Canon<'_>> = vals.iter().map(|(t, _, _)| t).collect();
                        let missing: Vec<&Canon<'_>> = ref_set.difference(&set).copied().collect();
                        let extra: Vec<&Selected<'_>> = vals
                            .iter()
                            .filter(|(t, _, _)| !ref_set.contains(t))
                            .collect();
                        for (t, node, ptr) in extra {
                            if let Some(found) = r.at(
                                f,
                                node.span,
                                ptr.pointer(),
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

    /// The selected values of a target: each present field (the first with `fallback`), or the
    /// resource itself.
    fn values<'t, 's>(
        &'s self,
        t: &Target<'t, '_>,
        mut visit: impl FnMut(Option<&'s FieldPath>, &'t Node),
    ) {
        if self.fields.is_empty() {
            visit(None, t.node);
            return;
        }
        for f in &self.fields {
            let Some(m) = f.lookup(t.node) else { continue };
            if !m.value.is_null() {
                visit(Some(f), &m.value);
            }
            if self.select.fallback {
                break;
            }
        }
    }

    /// What the rule selects, for cross-tenant messages: its fields, else its resource types.
    fn describe(&self) -> String {
        if self.fields.is_empty() {
            self.select.resource.as_slice().join("`, `")
        } else {
            self.fields
                .iter()
                .map(|f| f.shown.as_str())
                .collect::<Vec<_>>()
                .join("`, `")
        }
    }
}

/// One selected value: its canonical JSON text (for comparing), its node and its pointer.
type Selected<'n> = (Canon<'n>, &'n Node, Where<'n>);

/// A value's identity for comparing across tenants: a string as itself (no allocation), any
/// other value as its canonical JSON text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Canon<'n> {
    Str(&'n str),
    Json(String),
}

/// Where a selected value is, to build its pointer only when a finding needs it.
#[derive(Clone, Copy)]
struct Where<'d>(&'static ResourceType, Option<usize>, Option<&'d FieldPath>);

impl Where<'_> {
    fn pointer(&self) -> String {
        let key = escape_pointer_token(self.0.key);
        let mut p = match self.1 {
            Some(i) => format!("/{key}/{i}"),
            None => format!("/{key}"),
        };
        if let Some(f) = self.2 {
            p.push_str(&f.pointer);
        }
        p
    }
}

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

/// A stable text for comparing values across tenants: compact JSON, object keys sorted (the
/// last of duplicated keys wins, as in `JSON.parse`). Written straight from the node, without
/// building a `serde_json::Value`.
fn canonical(n: &Node) -> String {
    if let Value::String(s) = &n.value {
        return serde_json::to_string(s.as_str()).unwrap_or_default();
    }
    let mut out = String::new();
    write_canonical(n, &mut out);
    out
}

fn write_canonical(n: &Node, out: &mut String) {
    match &n.value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(x) => out.push_str(&x.to_string()),
        Value::String(s) => out.push_str(&serde_json::to_string(s.as_str()).unwrap_or_default()),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            let sorted: BTreeMap<&str, &Node> =
                members.iter().map(|m| (&*m.key, &m.value)).collect();
            out.push('{');
            for (i, (k, v)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k).unwrap_or_default());
                out.push(':');
                write_canonical(v, out);
            }
            out.push('}');
        }
    }
}

fn canon(n: &Node) -> Canon<'_> {
    match &n.value {
        Value::String(s) => Canon::Str(s.as_str()),
        _ => Canon::Json(canonical(n)),
    }
}

fn short(value: &Canon<'_>) -> String {
    // A string shows as itself, anything else as its JSON text.
    let json_text = match value {
        Canon::Str(s) => *s,
        Canon::Json(t) => t.as_str(),
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

/// True when a node equals a JSON value (numbers compared by value: `1` is `1.0`).
fn same(n: &Node, v: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (&n.value, v) {
        (Value::Null, J::Null) => true,
        (Value::Bool(a), J::Bool(b)) => a == b,
        (Value::Number(a), J::Number(b)) => a == b || a.as_f64() == b.as_f64(),
        (Value::String(a), J::String(b)) => a.as_str() == b,
        (Value::Array(_), J::Array(_)) | (Value::Object(_), J::Object(_)) => n.to_json() == *v,
        _ => false,
    }
}

/// A value as a template's `{value}` shows it: a scalar as written, a list or object by kind.
fn plain(n: &Node) -> String {
    match &n.value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(x) => x.to_string(),
        Value::String(s) => s.to_string(),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_parse_placeholders_and_braces() {
        let p = parse_template("{resource} in `{field}`: use {{organization_name}}").unwrap();
        assert!(matches!(p[0], Piece::Var("resource")));
        let text: String = p
            .iter()
            .map(|x| match x {
                Piece::Text(t) => t.clone(),
                Piece::Var(v) => format!("<{v}>"),
            })
            .collect();
        assert_eq!(text, "<resource> in `<field>`: use {organization_name}");
        assert!(parse_template("{nope}").unwrap_err().contains("`{nope}`"));
        assert!(parse_template("a } b").is_err());
    }

    /// The canonical text is the sorted, compact JSON that `serde_json` would write.
    #[test]
    fn canonical_text_is_sorted_compact_json() {
        let json =
            serde_json::json!({"b": [1, 2.5, "x\"y"], "a": {"d": null, "c": true}, "é": "ü"});
        let node = Node::from_json(&json, crate::source::Span::default());
        assert_eq!(
            canonical(&node),
            r#"{"a":{"c":true,"d":null},"b":[1,2.5,"x\"y"],"é":"ü"}"#
        );
        let s = Node::from_json(&serde_json::json!("a\tb"), crate::source::Span::default());
        assert_eq!(canonical(&s), r#""a\tb""#);
    }

    /// SEC-002's pattern finds a `*` exactly where the Rust helper's URL host has one.
    #[test]
    fn wildcard_url_pattern_agrees_with_the_host_helper() {
        let meta = crate::rules::lookup("SEC-002").unwrap();
        let re = Regex::new(
            meta.assert
                .as_ref()
                .unwrap()
                .not_pattern
                .as_deref()
                .unwrap(),
        )
        .unwrap();
        for url in [
            "https://*.portal.example/callback",
            "https://*.portal.example",
            "https://portal.example/*",
            "https://portal.example/cb?x=*",
            "https://portal.example/#*",
            "https://user:*@portal.example/",
            "https://*@portal.example/",
            "https://a*b@*.portal.example:8443/",
            "https://portal.example:*/",
            "http://*:3000",
            "https://portal.example/?r=https://*.evil.example/",
            "com.example.app://*.callback",
            "*.example.com",
            "https://por*tal.example",
            "https://portal.example",
        ] {
            let expected = crate::rules::helpers::host(url).is_some_and(|h| h.contains('*'));
            assert_eq!(re.is_match(url), expected, "{url}");
        }
    }
}
