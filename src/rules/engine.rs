//! Running rules: selection, severities, and the [`Reporter`] every check writes through.
//!
//! A check is a plain function in its own file. A *tenant* check sees one tenant at a time (and
//! may look at the rest of the estate through the model); an *estate* check sees the whole estate
//! once, for what only exists across tenants (a group missing its staging tenant, a custom domain
//! two tenants share). Tenant checks run in parallel over (rule, tenant) pairs, estate checks in
//! parallel over rules; results are merged and sorted afterwards, so output order never depends on
//! scheduling.
//!
//! Severity is decided here, not in checks: the rule's default, then its per-environment defaults
//! (`severity-by-environment` in the rule file: `localhost` in a callback is an error in production
//! and nothing in development), then the manifest's `[rules.severity]`, then
//! `[rules.environment.<env>.severity]`. `off` drops the finding.
//!
//! With `A0LINT_TIMING` set in the environment, the time each rule took (summed over its jobs) is
//! printed to stderr, with the phases of the check around it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::declarative::Declarative;
use super::model::{EstateModel, TenantFacts};
use super::{CATEGORIES, RuleMeta};
use crate::export::Environment;
use crate::finding::{Finding, Location, Severity};
use crate::manifest::Manifest;
use crate::source::Span;

/// The signature of a check.
#[derive(Clone, Copy)]
pub enum Check {
    /// Runs once per tenant that has an export, and looks at that tenant only (and its own
    /// files through the model): its findings change only when the tenant or its facts do, so a
    /// long-running caller may keep them while other tenants change ([`run_reusing`]).
    Tenant(fn(&TenantFacts<'_>, &EstateModel<'_>, &mut Reporter<'_>)),
    /// Runs once per tenant that has an export, comparing it with other tenants of the estate
    /// (its lower environments, the production tenant it supports): its findings may change when
    /// any tenant changes, so it always runs again.
    Compare(fn(&TenantFacts<'_>, &EstateModel<'_>, &mut Reporter<'_>)),
    /// Runs once for the estate.
    Estate(fn(&EstateModel<'_>, &mut Reporter<'_>)),
}

/// Which rules run, and at what severity.
#[derive(Debug, Default)]
pub struct Selection {
    select: Vec<String>,
    ignore: Vec<String>,
    severity: Vec<(String, String)>,
    by_env: Vec<(Environment, String, String)>,
}

fn matches(pattern: &str, rule: &RuleMeta) -> bool {
    pattern == "all"
        || pattern.eq_ignore_ascii_case(&rule.id)
        || pattern == rule.name
        || pattern == rule.category
        // A prefix of the id selects a family: `SDLC` or `SDLC-00`.
        || (!CATEGORIES.contains(&pattern) && rule.id.starts_with(&pattern.to_ascii_uppercase()))
}

impl Selection {
    /// Builds the selection from the manifest's `[rules]` table and command-line flags (which
    /// take precedence, as in Ruff).
    pub fn new(manifest: Option<&Manifest>, select: &[String], ignore: &[String]) -> Self {
        let mut s = Selection::default();
        if let Some(m) = manifest {
            s.select.extend(m.rules.select.iter().cloned());
            s.select.extend(m.rules.extend_select.iter().cloned());
            s.ignore.extend(m.rules.ignore.iter().cloned());
            s.severity
                .extend(m.rules.severity.iter().map(|(k, v)| (k.clone(), v.clone())));
            for (env, r) in &m.rules.environment {
                s.by_env
                    .extend(r.severity.iter().map(|(k, v)| (*env, k.clone(), v.clone())));
            }
        }
        if !select.is_empty() {
            s.select = select.to_vec();
        }
        s.ignore.extend(ignore.iter().cloned());
        s
    }

    /// True when the rule runs at all.
    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        (self.select.is_empty() || self.select.iter().any(|p| matches(p, rule)))
            && !self.ignore.iter().any(|p| matches(p, rule))
    }

    /// The severity of a finding of `rule` in a tenant of `env`; `None` means off.
    pub fn severity(&self, rule: &RuleMeta, env: Option<Environment>) -> Option<Severity> {
        self.severity_from(rule.severity, rule, env)
    }

    /// As [`Selection::severity`], starting from `base` instead of the rule's default.
    fn severity_from(
        &self,
        base: Severity,
        rule: &RuleMeta,
        env: Option<Environment>,
    ) -> Option<Severity> {
        let mut sev = Some(base);
        if let Some(e) = env
            && let Some(s) = rule.severity_by_environment.get(&e)
        {
            sev = parse_level(s);
        }
        for (k, v) in &self.severity {
            if matches(k, rule) {
                sev = parse_level(v);
            }
        }
        if let Some(e) = env {
            for (ee, k, v) in &self.by_env {
                if *ee == e && matches(k, rule) {
                    sev = parse_level(v);
                }
            }
        }
        sev
    }
}

fn parse_level(s: &str) -> Option<Severity> {
    match s {
        "off" => None,
        other => Severity::parse(other),
    }
}

/// What a check writes findings through.
pub struct Reporter<'s> {
    pub rule: &'static RuleMeta,
    rule_id: &'static str,
    selection: &'s Selection,
    out: Vec<Finding>,
}

impl<'s> Reporter<'s> {
    fn new(rule: &'static RuleMeta, selection: &'s Selection) -> Self {
        Reporter {
            rule,
            rule_id: rule.id.as_str(),
            selection,
            out: Vec::new(),
        }
    }

    /// Reports a finding about `facts`' tenant at a place in its files.
    pub fn at(
        &mut self,
        facts: &TenantFacts<'_>,
        span: Span,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Option<&mut Finding> {
        self.push(
            facts,
            Location::Span(span),
            pointer.into(),
            message.into(),
            None,
        )
    }

    /// Reports a finding about `facts`' tenant as a whole (its manifest entry or root file).
    pub fn tenant(
        &mut self,
        facts: &TenantFacts<'_>,
        message: impl Into<String>,
    ) -> Option<&mut Finding> {
        self.push(
            facts,
            facts.anchor.clone(),
            String::new(),
            message.into(),
            None,
        )
    }

    /// Like [`Reporter::at`] with an explicit severity (for rules whose severity grows with the
    /// size of the problem); environment overrides still apply.
    pub fn at_severity(
        &mut self,
        facts: &TenantFacts<'_>,
        location: Location,
        severity: Severity,
        message: impl Into<String>,
    ) -> Option<&mut Finding> {
        self.push(
            facts,
            location,
            String::new(),
            message.into(),
            Some(severity),
        )
    }

    /// Reports an estate-wide finding (no tenant).
    pub fn estate(
        &mut self,
        location: Location,
        message: impl Into<String>,
    ) -> Option<&mut Finding> {
        let severity = self.selection.severity(self.rule, None)?;
        self.out
            .push(Finding::new(self.rule_id, severity, location, message));
        self.out.last_mut()
    }

    fn push(
        &mut self,
        facts: &TenantFacts<'_>,
        location: Location,
        pointer: String,
        message: String,
        explicit: Option<Severity>,
    ) -> Option<&mut Finding> {
        let base = explicit.unwrap_or(self.rule.severity);
        let severity = self
            .selection
            .severity_from(base, self.rule, facts.environment)?;
        let f = Finding::new(self.rule_id, severity, location, message)
            .with_tenant(facts.name)
            .with_pointer(pointer);
        self.out.push(f);
        self.out.last_mut()
    }
}

/// One unit of work for the thread pool.
enum Job<'m, 'a> {
    Check(&'static RuleMeta, Check, Option<&'m TenantFacts<'a>>),
    DeclarativeTenant(&'static RuleMeta, Arc<Declarative>, &'m TenantFacts<'a>),
    DeclarativeEstate(&'static RuleMeta, Arc<Declarative>),
    /// A tenant's own job whose findings an earlier run computed.
    Reused(&'static RuleMeta, &'m [Finding]),
}

/// The findings of one tenant's own jobs (built-in [`Check::Tenant`] checks and declarative
/// per-tenant rules, not comparisons), in the order they ran, each with its rule id.
pub type LocalFindings = Vec<(&'static str, Vec<Finding>)>;

/// Runs every selected check, built-in and declarative, over the model.
pub fn run(
    model: &EstateModel<'_>,
    selection: &Selection,
    user_rules: &[&'static RuleMeta],
) -> Vec<Finding> {
    run_jobs(model, selection, user_rules, &[], false).0
}

/// As [`run`], reusing the findings of tenants' own jobs from an earlier run: `reuse[i]`, when
/// given, holds what the `i`th tenant of the model raised in its own jobs under the same facts,
/// selection and rules (the caller keeps it only while none of those changed). Comparisons and
/// estate checks always run. Returns every finding, in the order [`run`] gives them, and for each
/// tenant whose own jobs ran here, their findings to keep for the next run.
pub fn run_reusing(
    model: &EstateModel<'_>,
    selection: &Selection,
    user_rules: &[&'static RuleMeta],
    reuse: &[Option<&LocalFindings>],
) -> (Vec<Finding>, Vec<Option<LocalFindings>>) {
    run_jobs(model, selection, user_rules, reuse, true)
}

fn run_jobs(
    model: &EstateModel<'_>,
    selection: &Selection,
    user_rules: &[&'static RuleMeta],
    reuse: &[Option<&LocalFindings>],
    keep: bool,
) -> (Vec<Finding>, Vec<Option<LocalFindings>>) {
    let applies = |meta: &RuleMeta, f: &TenantFacts<'_>| {
        meta.environments.is_empty()
            || f.environment
                .is_some_and(|e| meta.environments.contains(&e))
    };
    // (index in the model, facts) of every tenant with an export.
    let exported: Vec<(usize, &TenantFacts<'_>)> = model
        .tenants
        .iter()
        .enumerate()
        .filter(|(_, f)| f.tenant.is_some())
        .collect();
    // Each job with the model index of its tenant when it is one of that tenant's own jobs.
    let mut jobs: Vec<(Option<usize>, Job<'_, '_>)> = Vec::new();
    for (id, check) in super::checks::all() {
        let Some(meta) = super::lookup(id) else {
            continue;
        };
        if !selection.enabled(meta) {
            continue;
        }
        match check {
            Check::Estate(_) => jobs.push((None, Job::Check(meta, *check, None))),
            Check::Tenant(_) => jobs.extend(
                exported
                    .iter()
                    .filter(|(_, f)| applies(meta, f))
                    .map(|&(i, f)| (Some(i), Job::Check(meta, *check, Some(f)))),
            ),
            Check::Compare(_) => jobs.extend(
                exported
                    .iter()
                    .filter(|(_, f)| applies(meta, f))
                    .map(|&(_, f)| (None, Job::Check(meta, *check, Some(f)))),
            ),
        }
    }
    let declarative = super::all()
        .iter()
        .filter(|r| r.is_declarative())
        .chain(user_rules.iter().copied());
    for meta in declarative {
        if !selection.enabled(meta) {
            continue;
        }
        let Some(compiled) = super::declarative_for(meta) else {
            continue;
        };
        if compiled.cross.is_some() {
            jobs.push((None, Job::DeclarativeEstate(meta, compiled.clone())));
        }
        if !compiled.checks_values() {
            continue;
        }
        jobs.extend(
            exported
                .iter()
                .filter(|(_, f)| applies(meta, f))
                .map(|&(i, f)| (Some(i), Job::DeclarativeTenant(meta, compiled.clone(), f))),
        );
    }
    // A tenant's kept findings are used only when its own jobs are exactly those that ran then.
    let mut usable: Vec<bool> = vec![false; model.tenants.len()];
    for (i, kept) in reuse.iter().enumerate().take(model.tenants.len()) {
        if let Some(kept) = kept {
            let now = jobs
                .iter()
                .filter(|(t, _)| *t == Some(i))
                .map(|(_, j)| job_meta(j).id.as_str());
            usable[i] = now.eq(kept.iter().map(|(id, _)| *id));
        }
    }
    let mut cursor: Vec<usize> = vec![0; model.tenants.len()];
    for (tenant, job) in &mut jobs {
        if let Some(i) = *tenant
            && usable[i]
            && let Some(kept) = reuse[i]
        {
            let (_, found) = &kept[cursor[i]];
            cursor[i] += 1;
            *job = Job::Reused(job_meta(job), found);
        }
    }
    let timing = crate::timing::enabled();
    let done: Vec<(&'static RuleMeta, Duration, Vec<Finding>)> = jobs
        .par_iter()
        .map(|(_, job)| {
            let meta = job_meta(job);
            let start = timing.then(Instant::now);
            let mut r = Reporter::new(meta, selection);
            match job {
                Job::Check(_, Check::Tenant(f) | Check::Compare(f), Some(facts)) => {
                    f(facts, model, &mut r)
                }
                Job::Check(_, Check::Estate(f), _) => f(model, &mut r),
                Job::DeclarativeTenant(_, d, facts) => d.check_tenant(facts, &mut r),
                Job::DeclarativeEstate(_, d) => d.check_estate(model, &mut r),
                Job::Reused(_, found) => return (meta, Duration::ZERO, found.to_vec()),
                _ => {}
            }
            (meta, start.map(|s| s.elapsed()).unwrap_or_default(), r.out)
        })
        .collect();
    if timing {
        report_timing(&done);
    }
    let results = done.into_iter().map(|(_, _, out)| out);
    let mut fresh: Vec<Option<LocalFindings>> = vec![None; model.tenants.len()];
    let mut all = Vec::new();
    for ((tenant, job), found) in jobs.iter().zip(results) {
        match *tenant {
            Some(i) if keep && !usable[i] => {
                all.extend(found.iter().cloned());
                fresh[i]
                    .get_or_insert_with(Vec::new)
                    .push((job_meta(job).id.as_str(), found));
            }
            _ => all.extend(found),
        }
    }
    (all, fresh)
}

/// With `A0LINT_TIMING` set, prints where the rules spent their time (summed over threads), the
/// slowest first, and the total of Rust and of declarative rules: a profiler for rule authors.
fn report_timing(done: &[(&'static RuleMeta, Duration, Vec<Finding>)]) {
    let mut by_rule: std::collections::BTreeMap<&str, (Duration, bool)> = Default::default();
    for (meta, d, _) in done {
        let e = by_rule
            .entry(meta.id.as_str())
            .or_insert((Duration::ZERO, meta.is_declarative()));
        e.0 += *d;
    }
    let mut rows: Vec<(&str, Duration, bool)> = by_rule
        .into_iter()
        .map(|(id, (d, decl))| (id, d, decl))
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    let total = |decl: bool| -> Duration { rows.iter().filter(|r| r.2 == decl).map(|r| r.1).sum() };
    eprintln!(
        "a0lint timing: rules {:.1} ms (Rust checks {:.1} ms, declarative {:.1} ms)",
        (total(true) + total(false)).as_secs_f64() * 1000.0,
        total(false).as_secs_f64() * 1000.0,
        total(true).as_secs_f64() * 1000.0
    );
    for (id, d, decl) in rows.iter().take(25) {
        eprintln!(
            "  {id:<18} {:>8.2} ms{}",
            d.as_secs_f64() * 1000.0,
            if *decl { "  (declarative)" } else { "" }
        );
    }
}

fn job_meta(job: &Job<'_, '_>) -> &'static RuleMeta {
    match job {
        Job::Check(m, ..)
        | Job::DeclarativeTenant(m, ..)
        | Job::DeclarativeEstate(m, _)
        | Job::Reused(m, _) => m,
    }
}
