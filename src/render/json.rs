//! The `--format json` contract (described by `schemas/output.schema.json`).
//!
//! Field names and meanings are stable: additions are allowed, renames and removals are not.
//! `--format json-lines` writes the same finding objects, one per line, and nothing else, so a
//! script can stream them (`jq -c`, `grep`) without holding the whole report.

use std::io::{self, Write};

use serde::Serialize;

use super::{Report, Summary, meta, path_string, resolve_all};
use crate::finding::Finding;
use crate::fingerprint::Identity;
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
    /// The finding's semantic path (`clients[Patient Portal]/callbacks/1`).
    pub semantic_path: &'a str,
    /// Stable across re-exports, key and item order and export format (see `fingerprint.rs`).
    pub fingerprint: &'a str,
}

/// Builds the contract's view of each finding (shared with `json-lines`).
pub fn findings_out<'a>(
    findings: &'a [Finding],
    identities: &'a [Identity],
    sources: &SourceMap,
) -> Vec<FindingOut<'a>> {
    let resolved = resolve_all(findings, sources);
    findings
        .iter()
        .zip(identities)
        .zip(resolved)
        .map(|((f, id), r)| {
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
                semantic_path: &id.path,
                fingerprint: &id.fingerprint,
            }
        })
        .collect()
}

/// Writes one finding per line.
pub fn write_lines(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    let mut buf = Vec::with_capacity(1 << 16);
    for f in findings_out(report.findings, report.identities, report.sources) {
        serde_json::to_writer(&mut buf, &f)?;
        buf.push(b'\n');
    }
    out.write_all(&buf)
}

/// Writes the whole report as one JSON document.
pub fn write(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    let (tenants, findings, sources, summary) = (
        report.tenants,
        report.findings,
        report.sources,
        report.summary,
    );
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
        findings: findings_out(findings, report.identities, sources),
        summary,
    };
    super::write_json_pretty(out, &doc)
}
