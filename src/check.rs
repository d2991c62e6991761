//! `a0lint check`: load the estate, validate it, run the rules, and collect sorted findings.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::error::Error;
use crate::estate::Estate;
use crate::export::LoadOptions;
use crate::export::load::ids;
use crate::finding::{self, Finding};
use crate::render::Summary;
use crate::schema;

/// What to check.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub max_file_size: u64,
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
    let estate = Estate::load(&opts.paths, &load);
    Ok(check_estate(estate))
}

/// Runs every check over a loaded estate.
pub fn check_estate(estate: Estate) -> CheckResult {
    let mut findings = estate.findings.clone();
    let per_tenant: Vec<Vec<Finding>> = estate
        .tenants
        .par_iter()
        .map(|t| {
            let mut fs = schema::validate_tenant(t);
            for f in &mut fs {
                f.tenant = Some(t.name.clone());
            }
            fs
        })
        .collect();
    findings.extend(per_tenant.into_iter().flatten());
    finding::sort(&mut findings, &estate.sources);
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
    }
}
