//! `--format rdjson`: reviewdog's Diagnostic Format (`DiagnosticResult`), which reviewdog turns
//! into pull-request review comments on GitHub, GitLab or Gerrit, filtered to the changed lines.
//! It is the way around GitHub's annotation limits for teams that want every finding on the diff.
//! Lines and columns are 1-based and columns count UTF-8 bytes, as rdjson specifies (and as
//! a0lint counts); `end` is exclusive. Paths are as displayed (relative to the working
//! directory), which is what reviewdog resolves them against.

use std::io::{self, Write};

use serde::Serialize;

use super::{Report, message_with_tenant, meta, path_string, resolve_all};
use crate::finding::Severity;

#[derive(Serialize)]
struct DiagnosticResult<'a> {
    source: Source,
    severity: &'static str,
    diagnostics: Vec<Diagnostic<'a>>,
}

#[derive(Serialize)]
struct Source {
    name: &'static str,
    url: &'static str,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    message: String,
    location: Location,
    severity: &'static str,
    code: Code<'a>,
}

#[derive(Serialize)]
struct Location {
    path: String,
    range: Range,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Code<'a> {
    value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

pub fn write(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    let resolved = resolve_all(report.findings, report.sources);
    let diagnostics = report
        .findings
        .iter()
        .zip(resolved)
        .map(|(f, r)| Diagnostic {
            message: message_with_tenant(f),
            location: Location {
                path: path_string(&r.path),
                range: Range {
                    start: Position {
                        line: r.line,
                        column: r.column,
                    },
                    end: Position {
                        line: r.end_line,
                        column: r.end_column,
                    },
                },
            },
            severity: severity(f.severity),
            code: Code {
                value: f.rule,
                url: meta(f).map(|m| m.url()),
            },
        })
        .collect();
    // The result's own severity is the default for diagnostics without one; every diagnostic
    // has one, so this states the worst of them.
    let worst = report
        .findings
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(Severity::Info);
    let doc = DiagnosticResult {
        source: Source {
            name: "a0lint",
            url: "https://a0lint.dev",
        },
        severity: severity(worst),
        diagnostics,
    };
    super::write_json_pretty(out, &doc)
}
