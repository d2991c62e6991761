//! The `--format json` contract (described by `schemas/output.schema.json`).
//!
//! Field names and meanings are stable: additions are allowed, renames and removals are not.

use std::io::{self, Write};

use serde::Serialize;

use super::{Summary, meta, path_string, resolve_all};
use crate::export::Tenant;
use crate::finding::Finding;
use crate::source::SourceMap;

/// Version of the JSON contract.
pub const CONTRACT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    tool: Tool,
    tenants: Vec<TenantOut<'a>>,
    findings: Vec<FindingOut<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct TenantOut<'a> {
    name: &'a str,
    environment: Option<&'static str>,
    format: &'static str,
    root: String,
    resources: std::collections::BTreeMap<String, usize>,
}

/// One finding as the JSON contract describes it.
#[derive(Serialize)]
pub struct FindingOut<'a> {
    pub rule: &'a str,
    pub name: &'a str,
    pub category: &'a str,
    pub severity: &'static str,
    pub message: &'a str,
    pub tenant: Option<&'a str>,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub pointer: &'a str,
    pub help: Option<&'a str>,
    pub url: Option<String>,
}

/// Builds the contract's view of each finding (shared with `json-lines`).
pub fn findings_out<'a>(findings: &'a [Finding], sources: &SourceMap) -> Vec<FindingOut<'a>> {
    let resolved = resolve_all(findings, sources);
    findings
        .iter()
        .zip(resolved)
        .map(|(f, r)| {
            let m = meta(f);
            FindingOut {
                rule: f.rule,
                name: m.map(|m| m.name.as_str()).unwrap_or(""),
                category: m.map(|m| m.category.as_str()).unwrap_or(""),
                severity: f.severity.as_str(),
                message: &f.message,
                tenant: f.tenant.as_deref(),
                file: path_string(&r.path),
                line: r.line,
                column: r.column,
                end_line: r.end_line,
                end_column: r.end_column,
                pointer: &f.pointer,
                help: m.map(|m| m.fix.trim()),
                url: m.map(|m| m.url()),
            }
        })
        .collect()
}

/// Writes the whole report as one JSON document.
pub fn write(
    out: &mut dyn Write,
    tenants: &[Tenant],
    findings: &[Finding],
    sources: &SourceMap,
    summary: Summary,
) -> io::Result<()> {
    let doc = Output {
        version: CONTRACT_VERSION,
        tool: Tool {
            name: "a0lint",
            version: env!("CARGO_PKG_VERSION"),
        },
        tenants: tenants
            .iter()
            .map(|t| TenantOut {
                name: &t.name,
                environment: t.environment.map(|e| e.as_str()),
                format: t.format.as_str(),
                root: path_string(&t.root),
                resources: t.resource_counts(),
            })
            .collect(),
        findings: findings_out(findings, sources),
        summary,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}
