//! The estate manifest, `a0lint.toml`: what an export cannot say about itself.
//!
//! A Deploy CLI export does not record which tenant it came from, which environment that tenant
//! serves, which production tenant it supports, whether it is associated with the company's
//! account, or which customer it was made for. The architecture rules need all of that, so the
//! manifest declares it. It is optional: without one, a0lint infers names and environments from
//! the exports (see `export`), and each fact it cannot infer is reported once, at info level,
//! naming the manifest field that would settle it.
//!
//! The file is read with `toml::Spanned` on every value a rule may point at, and registered in the
//! run's `SourceMap`, so a finding about a tenant as a whole (a missing staging tenant) points at
//! its `[[tenant]]` entry, and a mistake in the manifest itself points at the offending key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::export::Environment;
use crate::finding::{Finding, Severity};
use crate::source::{FileId, SourceFile, SourceMap, Span};

/// Manifest file names, searched in this order from the working directory upwards.
pub const FILE_NAMES: &[&str] = &["a0lint.toml", ".a0lint.toml"];

/// Stable ids of the manifest rules (docs in `rules/manifest/`).
pub mod ids {
    pub const INVALID: &str = "MANIFEST-001";
    pub const BAD_REFERENCE: &str = "MANIFEST-002";
    pub const FACT_UNKNOWN: &str = "MANIFEST-003";
}

/// The whole manifest.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Manifest {
    /// The company account every tenant should be associated with.
    pub account: Option<Spanned<String>>,
    #[serde(default, rename = "tenant")]
    pub tenants: Vec<TenantEntry>,
    #[serde(default, rename = "customer")]
    pub customers: Vec<CustomerEntry>,
    #[serde(default)]
    pub policy: Policy,
    #[serde(default)]
    pub rules: RuleSettings,
    /// Globs of paths never searched for exports.
    #[serde(default)]
    pub ignore_paths: Vec<String>,
    /// The folder holding the team's own rules (default `.a0lint/rules`), relative to the manifest.
    pub user_rules: Option<String>,
    /// Where the manifest was read from, and its file in the source map.
    #[serde(skip)]
    pub path: PathBuf,
    #[serde(skip)]
    pub file: Option<FileId>,
}

/// One `[[tenant]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TenantEntry {
    pub name: Spanned<String>,
    /// Path of the export (a `tenant.yaml` or a directory), relative to the manifest.
    pub export: Option<Spanned<String>>,
    pub environment: Option<Spanned<Environment>>,
    pub region: Option<String>,
    /// The account this tenant is associated with; absent means not associated.
    pub account: Option<Spanned<String>>,
    /// For a child tenant: the paid production tenant it is linked to.
    pub parent: Option<Spanned<String>>,
    /// The production tenant this tenant supports (its SDLC group).
    pub group: Option<Spanned<String>>,
    /// For a tenant dedicated to one customer organisation.
    pub customer: Option<Spanned<String>>,
    /// User communities served (`customers`, `employees`, `partners`, …).
    pub communities: Option<Spanned<Vec<String>>>,
    /// Free-form tags that declarative rules can select on (`select.tags`).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Paid entitlements, e.g. `multiple-custom-domains`.
    #[serde(default)]
    pub entitlements: Vec<String>,
    /// The Deploy CLI config holding this tenant's keyword mappings, relative to the manifest.
    pub deploy_config: Option<Spanned<String>>,
    /// Why this production tenant exists beside the others (`user-community`, `customer-isolation`,
    /// `branding`, …).
    pub isolation_reason: Option<String>,
    /// Span of the whole `[[tenant]]` table (set after parsing).
    #[serde(skip)]
    pub span: Option<Span>,
}

/// One `[[customer]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CustomerEntry {
    pub name: Spanned<String>,
    /// Whether the customer's users are isolated from other organisations' users.
    pub user_isolation: Option<UserIsolation>,
    /// The identity providers the customer's users sign in with.
    #[serde(default)]
    pub identity_providers: Vec<String>,
    /// The customer needs its login page on a domain of its own.
    #[serde(default)]
    pub requires_custom_domain: bool,
    /// Span of the `[[customer]]` header (set after parsing).
    #[serde(skip)]
    pub span: Option<Span>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UserIsolation {
    Isolated,
    Shared,
}

/// Estate-wide policy.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Policy {
    /// Environments every group (production tenant) must have.
    #[serde(default = "default_environments")]
    pub environments: Vec<Environment>,
    /// A regular expression every tenant name must match.
    pub tenant_name_pattern: Option<Spanned<String>>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            environments: default_environments(),
            tenant_name_pattern: None,
        }
    }
}

fn default_environments() -> Vec<Environment> {
    vec![
        Environment::Development,
        Environment::Test,
        Environment::Staging,
        Environment::Production,
    ]
}

/// Rule selection and severities, as Ruff's `select`/`ignore`/`extend-select`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSettings {
    /// Rules to run, by id, name or category; empty means all.
    #[serde(default)]
    pub select: Vec<String>,
    /// Rules added to `select`.
    #[serde(default)]
    pub extend_select: Vec<String>,
    /// Rules never run.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Severity overrides: rule id, name or category → `error`, `warning`, `info` or `off`.
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    /// Severity overrides for one environment: `[rules.environment.development.severity]`.
    #[serde(default)]
    pub environment: BTreeMap<Environment, EnvironmentRules>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EnvironmentRules {
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
}

impl Manifest {
    /// Finds the manifest: `explicit` if given, else `a0lint.toml` in `start` or an ancestor.
    pub fn find(start: &Path, explicit: Option<&Path>) -> Option<PathBuf> {
        if let Some(p) = explicit {
            return Some(p.to_path_buf());
        }
        let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
        start
            .ancestors()
            .find_map(|dir| FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file()))
    }

    /// Parses manifest text already registered as `file`.
    pub fn parse(file: &Arc<SourceFile>, path: &Path) -> (Option<Manifest>, Vec<Finding>) {
        Self::finish(toml::from_str::<Manifest>(&file.text), file, path)
    }

    /// Completes a parse: on success locates entries and validates references; on failure turns
    /// the TOML error into a located finding (the run goes on as if there were no manifest).
    fn finish(
        parsed: Result<Manifest, toml::de::Error>,
        file: &Arc<SourceFile>,
        path: &Path,
    ) -> (Option<Manifest>, Vec<Finding>) {
        match parsed {
            Ok(mut m) => {
                m.path = path.to_path_buf();
                m.file = Some(file.id);
                m.locate_entries(file);
                let findings = m.validate(file.id);
                (Some(m), findings)
            }
            Err(e) => {
                let range = e.span().unwrap_or(0..0);
                let msg = e.message().trim().replace('\n', " ");
                (
                    None,
                    vec![Finding::at(
                        ids::INVALID,
                        Severity::Error,
                        Span::new(file.id, range.start, range.end),
                        format!(
                            "the estate manifest is invalid: {msg}; a0lint runs as if there were no manifest until this is fixed"
                        ),
                    )],
                )
            }
        }
    }

    /// Gives each `[[tenant]]` and `[[customer]]` the span of its table header, so findings about
    /// the entry as a whole point at it rather than only at its name.
    fn locate_entries(&mut self, file: &SourceFile) {
        let header = |name: &Spanned<String>, header: &str| {
            let name_start = name.span().start;
            // The nearest header before the name.
            match file.text[..name_start].rfind(header) {
                Some(h) => Span::new(file.id, h, h + header.len()),
                None => Span::new(file.id, name_start, name.span().end),
            }
        };
        for t in &mut self.tenants {
            t.span = Some(header(&t.name, "[[tenant]]"));
        }
        for c in &mut self.customers {
            c.span = Some(header(&c.name, "[[customer]]"));
        }
    }

    /// Checks references inside the manifest.
    fn validate(&self, file: FileId) -> Vec<Finding> {
        let mut out = Vec::new();
        let span = |r: std::ops::Range<usize>| Span::new(file, r.start, r.end);
        let names: Vec<&str> = self
            .tenants
            .iter()
            .map(|t| t.name.get_ref().as_str())
            .collect();
        let customers: Vec<&str> = self
            .customers
            .iter()
            .map(|c| c.name.get_ref().as_str())
            .collect();
        let dir = self.path.parent().unwrap_or(Path::new("."));
        for t in &self.tenants {
            for (field, value) in [("parent", &t.parent), ("group", &t.group)] {
                if let Some(v) = value
                    && !names.contains(&v.get_ref().as_str())
                {
                    out.push(Finding::at(
                        ids::BAD_REFERENCE,
                        Severity::Error,
                        span(v.span()),
                        format!(
                            "`{field} = \"{}\"` names no `[[tenant]]` of this manifest; add that tenant or fix the name",
                            v.get_ref()
                        ),
                    ));
                }
            }
            if let Some(c) = &t.customer
                && !customers.contains(&c.get_ref().as_str())
            {
                out.push(Finding::at(
                    ids::BAD_REFERENCE,
                    Severity::Warning,
                    span(c.span()),
                    format!(
                        "`customer = \"{}\"` names no `[[customer]]` entry, so the provisioning rules cannot judge whether this dedicated tenant is warranted; add a `[[customer]]` with `user-isolation` and `identity-providers`",
                        c.get_ref()
                    ),
                ));
            }
            for (field, value) in [("export", &t.export), ("deploy-config", &t.deploy_config)] {
                if let Some(p) = value
                    && !dir.join(p.get_ref()).exists()
                {
                    out.push(Finding::at(
                        ids::BAD_REFERENCE,
                        Severity::Error,
                        span(p.span()),
                        format!(
                            "`{field} = \"{}\"` does not exist (paths are relative to the manifest's folder)",
                            p.get_ref()
                        ),
                    ));
                }
            }
        }
        if let Some(p) = &self.policy.tenant_name_pattern
            && let Err(e) = regex::Regex::new(p.get_ref())
        {
            out.push(Finding::at(
                ids::INVALID,
                Severity::Error,
                span(p.span()),
                format!("`tenant-name-pattern` is not a valid regular expression: {e}"),
            ));
        }
        for (key, sev) in self.rules.severity.iter().chain(
            self.rules
                .environment
                .values()
                .flat_map(|e| e.severity.iter()),
        ) {
            if !matches!(sev.as_str(), "error" | "warning" | "info" | "off") {
                out.push(Finding::at(
                    ids::INVALID,
                    Severity::Error,
                    Span::file_start(file),
                    format!(
                        "severity `{sev}` for `{key}` is not one of `error`, `warning`, `info`, `off`"
                    ),
                ));
            }
        }
        out
    }

    /// The `[[tenant]]` entry for a tenant name.
    pub fn tenant(&self, name: &str) -> Option<&TenantEntry> {
        self.tenants.iter().find(|t| t.name.get_ref() == name)
    }

    pub fn customer(&self, name: &str) -> Option<&CustomerEntry> {
        self.customers.iter().find(|c| c.name.get_ref() == name)
    }
}

/// A manifest read from disk and parsed, before its text joins the run's `SourceMap`. Parsing
/// first lets `ignore-paths` shape discovery; the spans are byte ranges into the text, so they stay
/// valid once the file is registered.
pub struct PendingManifest {
    pub path: PathBuf,
    text: String,
    parsed: Result<Manifest, toml::de::Error>,
}

impl PendingManifest {
    pub fn read(path: &Path) -> std::io::Result<PendingManifest> {
        let text = std::fs::read_to_string(path)?;
        Ok(PendingManifest::from_text(path, text))
    }

    /// Parses manifest text that did not come from the disk (an editor's unsaved buffer).
    pub fn from_text(path: &Path, text: String) -> PendingManifest {
        let parsed = toml::from_str::<Manifest>(&text);
        PendingManifest {
            path: path.to_path_buf(),
            text,
            parsed,
        }
    }

    /// The `user-rules` folder, when the manifest parsed and sets one.
    pub fn user_rules(&self) -> Option<&str> {
        self.parsed
            .as_ref()
            .ok()
            .and_then(|m| m.user_rules.as_deref())
    }

    /// The globs of paths never searched, when the manifest parsed.
    pub fn ignore_paths(&self) -> &[String] {
        self.parsed
            .as_ref()
            .map(|m| m.ignore_paths.as_slice())
            .unwrap_or_default()
    }

    /// The Deploy CLI configs that `[[tenant]]` entries name beside their `export`, keyed by the
    /// export's canonical path (a directory export's folder, even when `export` names its
    /// `tenant.json`). Entries whose config does not exist are left out: MANIFEST-002 reports them.
    pub fn deploy_configs(&self) -> crate::export::load::DeployConfigs {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let Ok(m) = &self.parsed else {
            return Default::default();
        };
        m.tenants
            .iter()
            .filter_map(|t| {
                let export = dir.join(t.export.as_ref()?.get_ref());
                let config = dir.join(t.deploy_config.as_ref()?.get_ref());
                if !config.is_file() {
                    return None;
                }
                let export = if export.file_name().is_some_and(|n| n == "tenant.json") {
                    export.parent().map(Path::to_path_buf).unwrap_or(export)
                } else {
                    export
                };
                Some((crate::export::load::canonical(&export), config))
            })
            .collect()
    }

    /// Registers the text in `sources` and returns the manifest (if valid) with its findings.
    pub fn register(self, sources: &SourceMap, base: &Path) -> (Option<Manifest>, Vec<Finding>) {
        let file = sources.add(crate::source::display_path(&self.path, base), self.text);
        Manifest::finish(self.parsed, &file, &self.path)
    }
}

/// A `Spanned` value's span as a source span in `file`.
pub fn span_of<T>(v: &Spanned<T>, file: FileId) -> Span {
    let r = v.span();
    Span::new(file, r.start, r.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Manifest>, Vec<Finding>) {
        let sources = SourceMap::new();
        let file = sources.add("a0lint.toml", text.to_owned());
        Manifest::parse(&file, Path::new("a0lint.toml"))
    }

    #[test]
    fn a_full_manifest_parses() {
        let (m, findings) = parse(
            r#"
account = "northwind"
[policy]
environments = ["development", "staging", "production"]
[[tenant]]
name = "northwind-prod"
environment = "production"
account = "northwind"
[[tenant]]
name = "northwind-dev"
environment = "development"
group = "northwind-prod"
[rules]
ignore = ["naming"]
[rules.severity]
"SDLC-001" = "warning"
[rules.environment.development.severity]
"localhost-url" = "off"
"#,
        );
        assert!(findings.is_empty(), "{findings:?}");
        let m = m.unwrap();
        assert_eq!(m.tenants.len(), 2);
        assert_eq!(m.policy.environments.len(), 3);
        assert!(m.tenants[1].span.is_some());
    }

    #[test]
    fn unknown_fields_are_located_findings() {
        let (m, findings) = parse("[[tenant]]\nname = \"a\"\nenviroment = \"production\"\n");
        assert!(m.is_none());
        assert_eq!(findings[0].rule, ids::INVALID);
        let crate::finding::Location::Span(s) = findings[0].location else {
            panic!()
        };
        assert_eq!(s.start, 22, "points at the misspelt key");
    }

    #[test]
    fn dangling_references_are_reported() {
        let (_, findings) = parse("[[tenant]]\nname = \"a-dev\"\ngroup = \"a-prd\"\n");
        assert_eq!(findings[0].rule, ids::BAD_REFERENCE);
    }
}
