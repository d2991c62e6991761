//! The rule registry.
//!
//! A rule is two things kept side by side, as Ruff and Clippy keep theirs:
//!
//! * a metadata-and-docs file, `rules/<category>/<name>.toml` (id, name, category, default
//!   severity, summary, rationale, a failing and a passing example, how to fix, references). It is
//!   data, embedded at compile time, and it is what `a0lint rule`, SARIF `help` and the generated
//!   docs show;
//! * the code that raises it: for the `input` and `schema` rules, the loaders and the schema
//!   validator; for the others, one Rust file per rule under `src/rules/`.
//!
//! [`RULE_FILES`] lists the files of the categories raised outside `src/rules/` (input, schema,
//! manifest, …); each checked category lists its own files beside its checks (see
//! [`checks::CATEGORIES_WITH_CHECKS`]), so people adding rules to different categories never edit
//! the same list. [`rule_files`] yields them all; a test keeps it in step with the `rules/` folder,
//! and another checks that every id a loader can raise is registered.
//!
//! A rule file may instead carry `[select]`/`[assert]`/`[cross-tenant]` tables: a declarative rule
//! ([`declarative`]) needs no Rust at all. User rules ([`user`]) are such files in the folder the
//! manifest names, registered at run time beside the built-in ones.

pub mod association;
pub mod checks;
pub mod custom_domain;
pub mod declarative;
pub mod engine;
pub mod examples;
pub mod helpers;
pub mod isolation;
pub mod maintainability;
pub mod model;
pub mod naming;
pub mod production_readiness;
pub mod provisioning;
pub mod sdlc;
pub mod security;
pub mod settings;
pub mod user;

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::export::Environment;
use crate::finding::Severity;

/// Where the rule reference pages are published.
pub const DOCS_BASE_URL: &str = "https://a0lint.dev/rules/";

/// The finding categories, in the order the JSON contract lists them.
pub const CATEGORIES: &[&str] = &[
    "input",
    "schema",
    "manifest",
    "suppress",
    "baseline",
    "naming",
    "isolation",
    "sdlc",
    "association",
    "custom-domain",
    "provisioning",
    "security",
    "production-readiness",
    "maintainability",
];

#[macro_export]
#[doc(hidden)]
macro_rules! rule_files {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/", $path)))),*]
    };
}

/// Every rule file, by path below `rules/`.
pub static RULE_FILES: &[(&str, &str)] = rule_files![
    "baseline/stale-baseline-entry.toml",
    "input/duplicate-json-key.toml",
    "input/duplicate-yaml-key.toml",
    "input/file-too-large.toml",
    "input/include-error.toml",
    "input/invalid-utf8.toml",
    "input/json-byte-order-mark.toml",
    "input/json-syntax-error.toml",
    "input/missing-side-file.toml",
    "input/nesting-too-deep.toml",
    "input/non-string-key.toml",
    "input/path-outside-export.toml",
    "input/unexpected-file-shape.toml",
    "input/unquoted-hash-keyword.toml",
    "input/unreadable-path.toml",
    "input/yaml-alias-bomb.toml",
    "input/yaml-syntax-error.toml",
    "manifest/invalid-manifest.toml",
    "manifest/manifest-bad-reference.toml",
    "manifest/estate-fact-unknown.toml",
    "manifest/invalid-user-rule.toml",
    "schema/constraint-violation.toml",
    "schema/duplicate-resource-name.toml",
    "schema/invalid-enum-value.toml",
    "schema/missing-required-field.toml",
    "schema/unknown-field.toml",
    "schema/unknown-resource-type.toml",
    "schema/wrong-type.toml",
    "suppress/expired-suppression.toml",
    "suppress/invalid-suppression.toml",
    "suppress/unused-suppression.toml",
];

/// A rule's examples: a snippet that must raise the rule, and one that must not.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// `yaml` (a `tenant.yaml` snippet) or `json` (one directory-export file).
    #[serde(default = "default_example_format")]
    pub format: String,
    pub fail: String,
    pub pass: String,
    /// An `a0lint.toml` placed beside the failing example's tenant, for rules that need estate
    /// facts (or that check the manifest itself).
    #[serde(default, rename = "fail-manifest")]
    pub fail_manifest: Option<String>,
    /// The same for the passing example.
    #[serde(default, rename = "pass-manifest")]
    pub pass_manifest: Option<String>,
    /// The example tenant's folder name (default `example-dev`), which is its name when no
    /// Deploy CLI config or manifest says otherwise.
    #[serde(default)]
    pub tenant: Option<String>,
}

fn default_example_format() -> String {
    "yaml".into()
}

/// A rule's metadata and docs, as written in its file.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleMeta {
    pub id: String,
    pub name: String,
    pub category: String,
    pub severity: Severity,
    /// Environments the rule applies to; empty means all.
    #[serde(default)]
    pub environments: Vec<Environment>,
    /// Default severity per environment (`error`, `warning`, `info` or `off`), overriding
    /// `severity` for tenants of that environment.
    #[serde(default, rename = "severity-by-environment")]
    pub severity_by_environment: std::collections::BTreeMap<Environment, String>,
    pub summary: String,
    pub rationale: String,
    pub fix: String,
    pub examples: Examples,
    #[serde(default)]
    pub references: Vec<String>,
    /// For a declarative rule: which resources of which tenants it looks at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<declarative::Selector>,
    /// For a declarative rule: what must hold for each selected value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assert: Option<declarative::Assertion>,
    /// For a declarative rule: how selected values compare across tenants.
    #[serde(
        default,
        rename = "cross-tenant",
        skip_serializing_if = "Option::is_none"
    )]
    pub cross_tenant: Option<declarative::CrossTenant>,
    /// Path of the metadata file: below `rules/` for a built-in rule, as shown to users for a user
    /// rule (filled in by the registry).
    #[serde(skip_deserializing)]
    pub file: String,
    /// True for a rule loaded from the user's rule folder.
    #[serde(skip_deserializing)]
    pub user: bool,
}

impl RuleMeta {
    pub fn url(&self) -> String {
        format!("{DOCS_BASE_URL}{}", self.name)
    }

    /// True for a rule written as `[select]`/`[assert]` data rather than a Rust check.
    pub fn is_declarative(&self) -> bool {
        self.select.is_some()
    }
}

/// A rule file that did not parse (reported by the meta-tests; skipped at run time).
#[derive(Debug)]
pub struct RuleFileError {
    pub file: String,
    pub message: String,
}

/// Every rule file: [`RULE_FILES`] and each checked category's own list.
pub fn rule_files() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    RULE_FILES.iter().chain(
        checks::CATEGORIES_WITH_CHECKS
            .iter()
            .flat_map(|(files, _)| files.iter()),
    )
}

struct Registry {
    rules: Vec<RuleMeta>,
    by_id: HashMap<String, usize>,
    errors: Vec<RuleFileError>,
}

static REGISTRY: LazyLock<Registry> = LazyLock::new(|| {
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for (path, text) in rule_files() {
        match toml::from_str::<RuleMeta>(text) {
            Ok(mut meta) => {
                meta.file = (*path).to_owned();
                rules.push(meta);
            }
            Err(e) => errors.push(RuleFileError {
                file: (*path).to_owned(),
                message: e.to_string(),
            }),
        }
    }
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    let by_id = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect();
    Registry {
        rules,
        by_id,
        errors,
    }
});

/// Every registered rule, sorted by id.
pub fn all() -> &'static [RuleMeta] {
    &REGISTRY.rules
}

/// Rule files that failed to parse.
pub fn file_errors() -> &'static [RuleFileError] {
    &REGISTRY.errors
}

/// Looks a rule up by id (`INPUT-001`) or name (`yaml-syntax-error`), built-in rules first,
/// then the user rules registered in this process.
pub fn lookup(id_or_name: &str) -> Option<&'static RuleMeta> {
    let reg = &*REGISTRY;
    reg.by_id
        .get(id_or_name)
        .or_else(|| reg.by_id.get(&id_or_name.to_ascii_uppercase()))
        .map(|&i| &reg.rules[i])
        .or_else(|| reg.rules.iter().find(|r| r.name == id_or_name))
        .or_else(|| user::lookup(id_or_name))
}

/// The compiled form of a declarative rule (compiled once, on first use).
pub fn declarative_for(
    meta: &'static RuleMeta,
) -> Option<std::sync::Arc<declarative::Declarative>> {
    user::compiled(meta)
}
