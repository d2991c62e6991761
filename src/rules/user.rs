//! User rules: a team's house rules, one TOML file each, in the folder the manifest names
//! (`user-rules`, default `.a0lint/rules/`).
//!
//! A user rule has the same shape as a built-in rule file, plus the declarative tables of
//! [`super::declarative`]. Loaded rules are registered for the rest of the process (leaked to
//! `'static`, like the built-in registry, so findings and renderers treat them exactly alike). A
//! malformed file is a located finding (`MANIFEST-004`) and never stops the other rules.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, LazyLock, RwLock};

use super::RuleMeta;
use super::declarative::Declarative;
use crate::finding::{Finding, Location, Severity};
use crate::source::{SourceMap, Span, display_path};

/// The id of the rule that reports a broken user rule file.
pub const INVALID_USER_RULE: &str = "MANIFEST-004";

/// The default user rule folder, relative to the manifest (or the working directory).
pub const DEFAULT_DIR: &str = ".a0lint/rules";

struct UserRegistry {
    rules: Vec<&'static RuleMeta>,
    compiled: HashMap<String, Arc<Declarative>>,
}

static USER: LazyLock<RwLock<UserRegistry>> = LazyLock::new(|| {
    RwLock::new(UserRegistry {
        rules: Vec::new(),
        compiled: HashMap::new(),
    })
});

/// A user rule registered in this process, by id or name.
pub fn lookup(id_or_name: &str) -> Option<&'static RuleMeta> {
    let reg = USER.read().unwrap_or_else(|e| e.into_inner());
    reg.rules
        .iter()
        .find(|r| r.id == id_or_name || r.name == id_or_name)
        .copied()
}

/// Every user rule registered in this process.
pub fn registered() -> Vec<&'static RuleMeta> {
    USER.read().unwrap_or_else(|e| e.into_inner()).rules.clone()
}

/// The compiled form of a declarative rule, built-in or user, compiled on first use.
pub fn compiled(meta: &'static RuleMeta) -> Option<Arc<Declarative>> {
    let select = meta.select.as_ref()?;
    if let Some(c) = USER
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .compiled
        .get(&meta.id)
    {
        return Some(c.clone());
    }
    let c = Arc::new(
        Declarative::compile(select, meta.assert.as_ref(), meta.cross_tenant.as_ref()).ok()?,
    );
    USER.write()
        .unwrap_or_else(|e| e.into_inner())
        .compiled
        .insert(meta.id.clone(), c.clone());
    Some(c)
}

/// Loads every `*.toml` in `dir`, registering the valid rules. Returns them (sorted by id) and
/// the findings for the broken ones, located in their files.
pub fn load_dir(
    dir: &Path,
    sources: &SourceMap,
    base: &Path,
) -> (Vec<&'static RuleMeta>, Vec<Finding>) {
    let mut files: Vec<std::path::PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect(),
        Err(_) => return (Vec::new(), Vec::new()),
    };
    files.sort();
    let mut rules = Vec::new();
    let mut findings = Vec::new();
    for path in files {
        let shown = display_path(&path, base);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                findings.push(Finding::new(
                    INVALID_USER_RULE,
                    Severity::Error,
                    Location::Path(shown),
                    format!("cannot read this user rule: {e}"),
                ));
                continue;
            }
        };
        let file = sources.add(shown.clone(), text);
        match register(&file.text, &shown.to_string_lossy()) {
            Ok(meta) => {
                if let Some(first) = rules
                    .iter()
                    .find(|r: &&&'static RuleMeta| r.id == meta.id || r.name == meta.name)
                {
                    findings.push(Finding::at(
                        INVALID_USER_RULE,
                        Severity::Error,
                        Span::file_start(file.id),
                        format!(
                            "this user rule is ignored: its id or name is already used by {} ({} / {})",
                            first.file, first.id, first.name
                        ),
                    ));
                    continue;
                }
                rules.push(meta)
            }
            Err((range, msg)) => findings.push(Finding::at(
                INVALID_USER_RULE,
                Severity::Error,
                Span::new(file.id, range.start, range.end),
                format!("this user rule is ignored: {msg}"),
            )),
        }
    }
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    (rules, findings)
}

/// Parses, checks and registers one user rule. The error carries the byte range to point at.
pub fn register(
    text: &str,
    file: &str,
) -> Result<&'static RuleMeta, (std::ops::Range<usize>, String)> {
    let mut meta: RuleMeta = toml::from_str(text).map_err(|e| {
        (
            e.span().unwrap_or(0..0),
            e.message().trim().replace('\n', " "),
        )
    })?;
    let at_key = |key: &str| {
        text.find(&format!("\n{key}"))
            .map(|i| i + 1..i + 1 + key.len())
            .unwrap_or(0..0)
    };
    if !super::CATEGORIES.contains(&meta.category.as_str()) {
        return Err((
            at_key("category"),
            format!(
                "`category = \"{}\"` is not one of: {}",
                meta.category,
                super::CATEGORIES.join(", ")
            ),
        ));
    }
    let Some(select) = &meta.select else {
        return Err((
            0..0,
            "a user rule needs a `[select]` table (and `[assert]` or `[cross-tenant]`)".into(),
        ));
    };
    let compiled = Declarative::compile(select, meta.assert.as_ref(), meta.cross_tenant.as_ref())
        .map_err(|m| (at_key("[select]"), m))?;
    // A built-in rule's id or name cannot be taken. A user rule registered earlier in this process
    // under the same id (the language server reloading, or another estate checked by the same
    // process) is replaced; two files of one folder claiming one id are caught by `load_dir`.
    let builtin = super::all()
        .iter()
        .find(|b| b.id == meta.id || b.name == meta.name);
    if let Some(existing) = builtin {
        return Err((
            at_key("id"),
            format!(
                "rule `{}` / `{}` clashes with built-in rule `{}` ({}); pick an id and name of your own (a prefix such as your company's)",
                meta.id, meta.name, existing.id, existing.name
            ),
        ));
    }
    meta.file = file.to_owned();
    meta.user = true;
    let meta: &'static RuleMeta = Box::leak(Box::new(meta));
    let mut reg = USER.write().unwrap_or_else(|e| e.into_inner());
    reg.compiled.insert(meta.id.clone(), Arc::new(compiled));
    reg.rules.retain(|r| r.id != meta.id && r.name != meta.name);
    reg.rules.push(meta);
    Ok(meta)
}

/// A new rule file with a failing and a passing example, for `a0lint rule new <name>`.
pub fn scaffold(name: &str) -> String {
    format!(
        r#"# A house rule for a0lint. Reference: `a0lint schema rule`; test with `a0lint rules test`.
id = "HOUSE-001"
name = "{name}"
category = "security"
severity = "error"
summary = "Production APIs sign tokens with RS256 and keep access tokens under an hour"
rationale = """
Explain why the rule matters to your team: what breaks, what it exposes, which policy it enforces.
"""
fix = """
Say how to fix a finding, concretely.
"""
references = []

[select]
resource = "resourceServers"      # a Deploy CLI resource type: clients, connections, tenant, ...
name = ["*"]                      # globs on the resource name
environments = ["production"]     # empty: every environment
field = "signing_alg"             # a dotted path inside the resource; omit for the whole resource

[assert]
enum = ["RS256", "PS256"]

[examples]
format = "yaml"
tenant = "example-prod"
fail = """
resourceServers:
  - name: Example API
    identifier: https://api.example.com/
    signing_alg: HS256
"""
pass = """
resourceServers:
  - name: Example API
    identifier: https://api.example.com/
    signing_alg: RS256
"""
"#
    )
}
