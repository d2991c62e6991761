//! `a0lint check`: load the estate, validate it, run the rules, and collect sorted findings.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::error::Error;
use crate::estate::Estate;
use crate::export::LoadOptions;
use crate::export::discover::discover;
use crate::export::load::ids;
use crate::finding::{self, Finding};
use crate::manifest::{Manifest, PendingManifest};
use crate::render::Summary;
use crate::rules::engine::{self, Selection};
use crate::rules::model::EstateModel;
use crate::schema;

/// What to check.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub max_file_size: u64,
    /// The manifest given with `--config`; otherwise `a0lint.toml` is searched for.
    pub config: Option<PathBuf>,
    /// `--select` / `--ignore`: rule ids, names, id prefixes or categories.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Rules to run beyond the built-in ones and the user rule folder (the rule under test in
    /// `a0lint rules test`).
    pub extra_rules: Vec<&'static crate::rules::RuleMeta>,
}

/// The outcome of a check.
#[derive(Debug)]
pub struct CheckResult {
    pub estate: Estate,
    /// Sorted by file, position, rule.
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// Some input could not be read or parsed at all (exit status 2).
    pub unreadable_input: bool,
    /// The estate manifest, when one was found and parsed (`a0lint docs` describes it).
    pub manifest: Option<Manifest>,
}

/// Input rules whose findings mean a file could not be read or parsed.
const UNREADABLE_RULES: &[&str] = &[
    ids::YAML_SYNTAX,
    ids::JSON_SYNTAX,
    ids::ALIAS_BOMB,
    ids::TOO_DEEP,
    ids::UNREADABLE,
    ids::TOO_LARGE,
    ids::UNEXPECTED_SHAPE,
];

pub fn run_check(opts: &CheckOptions) -> Result<CheckResult, Error> {
    schema::init().map_err(Error::Internal)?;
    let load = LoadOptions {
        max_file_size: opts.max_file_size,
        ..LoadOptions::default()
    };
    let start = opts
        .paths
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let start_dir = if start.is_file() {
        start.parent().map(PathBuf::from).unwrap_or_default()
    } else {
        start
    };
    let pending = match Manifest::find(&start_dir, opts.config.as_deref()) {
        Some(path) => Some(PendingManifest::read(&path).map_err(|e| {
            Error::Usage(format!("cannot read the manifest {}: {e}", path.display()))
        })?),
        None => None,
    };
    let named = pending
        .as_ref()
        .map(PendingManifest::deploy_configs)
        .unwrap_or_default();
    let load = LoadOptions {
        deploy_configs: (!named.is_empty()).then(|| std::sync::Arc::new(named)),
        ..load
    };
    let ignore = build_ignore(
        pending
            .as_ref()
            .map(|p| p.ignore_paths())
            .unwrap_or_default(),
    )?;
    let mut discovery = discover(&opts.paths, &load.base);
    if let Some(set) = &ignore {
        discovery.exports.retain(|c| {
            let shown = crate::source::display_path(&c.path, &load.base);
            !set.is_match(&shown) && !set.is_match(&c.path)
        });
    }
    let started = std::time::Instant::now();
    let mut estate = Estate::load_candidates(&discovery.exports, &load);
    let exports = discovery.exports.len();
    crate::timing::report(format_args!("load {exports} exports"), started.elapsed());
    estate.findings.extend(discovery.problems);
    let (manifest, manifest_findings) = match pending {
        Some(p) => p.register(&estate.sources, &load.base),
        None => (None, Vec::new()),
    };
    estate.findings.extend(manifest_findings);
    // The team's own rules: the manifest's `user-rules` folder, or `.a0lint/rules` beside the
    // manifest (or in the first path checked).
    let rules_dir = match &manifest {
        Some(m) => m.path.parent().unwrap_or(std::path::Path::new(".")).join(
            m.user_rules
                .as_deref()
                .unwrap_or(crate::rules::user::DEFAULT_DIR),
        ),
        None => start_dir.join(crate::rules::user::DEFAULT_DIR),
    };
    let started = std::time::Instant::now();
    let (mut user_rules, rule_findings) =
        crate::rules::user::load_dir(&rules_dir, &estate.sources, &load.base);
    let loaded = user_rules.len();
    crate::timing::report(format_args!("load {loaded} user rules"), started.elapsed());
    estate.findings.extend(rule_findings);
    for r in &opts.extra_rules {
        if !user_rules.iter().any(|u| u.id == r.id) {
            user_rules.push(r);
        }
    }
    let selection = Selection::new(manifest.as_ref(), &opts.select, &opts.ignore);
    let mut result = check_with_rules(estate, manifest.as_ref(), &selection, &user_rules);
    result.manifest = manifest;
    Ok(result)
}

fn build_ignore(globs: &[String]) -> Result<Option<globset::GlobSet>, Error> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut b = globset::GlobSetBuilder::new();
    for g in globs {
        b.add(
            globset::Glob::new(g)
                .map_err(|e| Error::Usage(format!("bad `ignore-paths` glob `{g}`: {e}")))?,
        );
    }
    b.build().map(Some).map_err(|e| Error::Usage(e.to_string()))
}

/// Runs every check over a loaded estate without a manifest, with every rule selected.
pub fn check_estate(estate: Estate) -> CheckResult {
    check_with(estate, None, &Selection::default())
}

/// Runs every built-in check over a loaded estate.
pub fn check_with(
    estate: Estate,
    manifest: Option<&Manifest>,
    selection: &Selection,
) -> CheckResult {
    check_with_rules(estate, manifest, selection, &[])
}

/// Runs every built-in check and the given user rules over a loaded estate.
pub fn check_with_rules(
    estate: Estate,
    manifest: Option<&Manifest>,
    selection: &Selection,
    user_rules: &[&'static crate::rules::RuleMeta],
) -> CheckResult {
    check_reusing(estate, manifest, selection, user_rules, &mut [])
}

/// What a long-running caller (the language server) keeps of one tenant between runs, so that a
/// run redoes only the work whose inputs changed. Reset it to the default when the tenant is
/// reloaded; drop every one when the manifest, the selection or the rules change.
#[derive(Debug, Default)]
pub struct TenantCache {
    /// The tenant's schema findings.
    pub schema: Option<Vec<Finding>>,
    /// The findings of the tenant's own rule jobs, with the key of the facts they saw
    /// ([`crate::rules::model::TenantFacts::key`]).
    pub rules: Option<(String, engine::LocalFindings)>,
}

/// As [`check_with_rules`], reusing and refreshing `cache` (one entry per tenant of the estate,
/// in order; an empty slice caches nothing). The findings are the same as without a cache.
pub fn check_reusing(
    estate: Estate,
    manifest: Option<&Manifest>,
    selection: &Selection,
    user_rules: &[&'static crate::rules::RuleMeta],
    cache: &mut [TenantCache],
) -> CheckResult {
    let caching = cache.len() == estate.tenants.len() && !cache.is_empty();
    let mut laps = crate::timing::Laps::start();
    let mut lap = |what: &str| laps.lap(what);
    let mut findings = estate.findings.clone();
    let per_tenant: Vec<Option<Vec<Finding>>> = estate
        .tenants
        .par_iter()
        .enumerate()
        .map(|(i, t)| {
            if caching && cache[i].schema.is_some() {
                return None;
            }
            let mut fs = schema::validate_tenant(t);
            for f in &mut fs {
                f.tenant = Some(t.name.clone());
            }
            Some(fs)
        })
        .collect();
    for (i, fresh) in per_tenant.into_iter().enumerate() {
        match fresh {
            Some(fs) if caching => {
                findings.extend(fs.iter().cloned());
                cache[i].schema = Some(fs);
            }
            Some(fs) => findings.extend(fs),
            None => findings.extend(cache[i].schema.iter().flatten().cloned()),
        }
    }
    lap("schema validation");
    let model = EstateModel::build(&estate, manifest);
    lap("estate model");
    if caching {
        let keys: Vec<String> = model.tenants[..cache.len()]
            .iter()
            .map(|f| f.key())
            .collect();
        let reuse: Vec<Option<&engine::LocalFindings>> = cache
            .iter()
            .zip(&keys)
            .map(|(c, key)| match &c.rules {
                Some((k, kept)) if k == key => Some(kept),
                _ => None,
            })
            .collect();
        let (found, fresh) = engine::run_reusing(&model, selection, user_rules, &reuse);
        findings.extend(found);
        for ((c, key), fresh) in cache.iter_mut().zip(keys).zip(fresh) {
            if let Some(local) = fresh {
                c.rules = Some((key, local));
            }
        }
    } else {
        findings.extend(engine::run(&model, selection, user_rules));
    }
    lap("rules (wall)");
    findings.extend(unknown_facts(&model));
    // Input, schema and manifest findings obey `ignore` and severity overrides too.
    findings.retain_mut(|f| match crate::rules::lookup(f.rule) {
        Some(meta)
            if meta.category == "input"
                || meta.category == "schema"
                || meta.category == "manifest" =>
        {
            if !selection.enabled(meta) {
                return false;
            }
            match selection.severity(meta, None) {
                Some(s) if s != meta.severity => {
                    f.severity = s;
                    true
                }
                Some(_) => true,
                None => false,
            }
        }
        _ => true,
    });
    finding::sort(&mut findings, &estate.sources);
    lap("filter and sort findings");
    let unreadable_input = findings
        .iter()
        .any(|f| UNREADABLE_RULES.contains(&f.rule) && f.severity == finding::Severity::Error);
    let files = estate.sources.len();
    let summary = Summary::of(&findings, estate.tenants.len(), files);
    CheckResult {
        estate,
        findings,
        summary,
        unreadable_input,
        manifest: None,
    }
}

/// Facts the architecture rules need but neither a manifest nor the exports give: each reported
/// once for the estate, at info level, naming the manifest field that would settle it.
fn unknown_facts(model: &EstateModel<'_>) -> Vec<Finding> {
    use crate::finding::{Location, Severity};
    use crate::manifest::ids::FACT_UNKNOWN;
    let mut out = Vec::new();
    let anchor = || match model.manifest.and_then(|m| m.file) {
        Some(f) => Location::Span(crate::source::Span::file_start(f)),
        None => model
            .tenants
            .first()
            .map(|t| t.anchor.clone())
            .unwrap_or_else(|| Location::Path(".".into())),
    };
    if model.tenants.is_empty() {
        return out;
    }
    let no_env: Vec<&str> = model
        .tenants
        .iter()
        .filter(|t| t.environment.is_none())
        .map(|t| t.name)
        .collect();
    if !no_env.is_empty() {
        out.push(Finding::new(
            FACT_UNKNOWN,
            Severity::Info,
            anchor(),
            format!(
                "the environment of {} is unknown (the name does not say it), so SDLC, isolation and custom-domain rules skip {}; set `environment` in its `[[tenant]]` entry of a0lint.toml",
                list(&no_env),
                if no_env.len() == 1 { "it" } else { "them" }
            ),
        ));
    }
    if model.manifest.is_none() {
        out.push(Finding::new(
            FACT_UNKNOWN,
            Severity::Info,
            anchor(),
            "no a0lint.toml: tenant association (`account`), child tenants (`parent`), user communities (`communities`) and customer tenants (`[[customer]]`, `customer`) cannot be checked, and SDLC groups are inferred from tenant names; add an estate manifest to check them",
        ));
    }
    out
}

fn list(names: &[&str]) -> String {
    let shown: Vec<String> = names.iter().take(5).map(|n| format!("`{n}`")).collect();
    match names.len() {
        n if n > 5 => format!("{} and {} more", shown.join(", "), n - 5),
        _ => shown.join(", "),
    }
}
