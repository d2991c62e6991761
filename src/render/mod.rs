//! Renderers: turn a [`Report`] into what a person, a script or a CI system reads.
//!
//! Every renderer works from the same sorted findings, with the same identities (see
//! [`crate::fingerprint`]), and writes to any `io::Write`, so the CLI can stream to stdout or
//! write a file atomically. Nothing here ever prints a value from an export: findings carry
//! messages that name fields, never secrets, and semantic paths name resources, never values.
//!
//! Each CI system gets the format it reads natively, with the same severities mapped the same
//! way into each: SARIF for GitHub code scanning, workflow commands for GitHub annotations (and
//! a Markdown job summary), Code Quality JSON for GitLab merge requests, JUnit XML for test
//! dashboards, rdjson for reviewdog. The machine formats are written by hand with serde (SARIF,
//! GitLab, rdjson) or by hand outright (JUnit, GitHub): each is a few structs, and a dependency
//! per format would cost more than it saves.

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod rdjson;
pub mod sarif;
pub mod statistics;

use std::io::{self, Write};
use std::path::Path;

use crate::export::Tenant;
use crate::finding::{Finding, Resolved, Severity};
use crate::fingerprint::Identity;
use crate::gate::Workspace;
use crate::rules::{self, RuleMeta};
use crate::source::SourceMap;

/// Output formats of `a0lint check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Code frames with help, for people.
    Human,
    /// One line per finding: `file:line:col: severity[RULE] message`.
    Concise,
    /// The JSON contract (`schemas/output.schema.json`).
    Json,
    /// One JSON finding per line.
    JsonLines,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// JUnit XML: a test suite per tenant, a test case per rule.
    Junit,
    /// GitHub Actions workflow commands (annotations), plus a job summary.
    Github,
    /// GitLab Code Quality.
    Gitlab,
    /// reviewdog's rdjson.
    Rdjson,
}

/// Everything a renderer reads.
#[derive(Clone, Copy)]
pub struct Report<'a> {
    /// Sorted by file, position, rule.
    pub findings: &'a [Finding],
    /// The identity of each finding, in the same order.
    pub identities: &'a [Identity],
    pub sources: &'a SourceMap,
    pub tenants: &'a [Tenant],
    pub summary: Summary,
    pub workspace: &'a Workspace,
    /// False when some input could not be read or parsed.
    pub complete: bool,
}

/// Options that only some formats use.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions {
    pub color: bool,
    pub width: usize,
    /// Findings only: no summary line (Ruff's `--quiet`).
    pub quiet: bool,
    /// Counts per rule instead of findings.
    pub statistics: bool,
}

/// Renders a report in `format`.
pub fn write(
    format: Format,
    out: &mut dyn Write,
    report: &Report<'_>,
    opts: &RenderOptions,
) -> io::Result<()> {
    if opts.statistics {
        return statistics::write(out, report, format == Format::Json, opts.quiet);
    }
    let summary = (!opts.quiet).then_some(&report.summary);
    match format {
        Format::Human => human::write(
            out,
            report.findings,
            report.sources,
            summary,
            human::HumanOptions {
                color: opts.color,
                width: opts.width,
            },
        ),
        Format::Concise => concise::write(out, report, summary),
        Format::Json => json::write(out, report),
        Format::JsonLines => json::write_lines(out, report),
        Format::Sarif => sarif::write(out, report),
        Format::Junit => junit::write(out, report),
        Format::Github => github::write(out, report),
        Format::Gitlab => gitlab::write(out, report),
        Format::Rdjson => rdjson::write(out, report),
    }
}

/// Counts for the closing summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub tenants: usize,
    pub files: usize,
    /// Findings silenced by a suppression.
    pub suppressed: usize,
    /// Findings hidden because the baseline holds them.
    pub baselined: usize,
}

impl Summary {
    pub fn of(findings: &[Finding], tenants: usize, files: usize) -> Summary {
        let mut s = Summary {
            tenants,
            files,
            ..Summary::default()
        };
        for f in findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }

    /// `2 errors, 1 warning, 0 infos in 4 tenants (31 files, 3 suppressed, 12 in the baseline)`
    pub fn line(&self) -> String {
        fn plural(n: usize, one: &str, many: &str) -> String {
            format!("{n} {}", if n == 1 { one } else { many })
        }
        let mut notes = vec![plural(self.files, "file", "files")];
        if self.suppressed > 0 {
            notes.push(format!("{} suppressed", self.suppressed));
        }
        if self.baselined > 0 {
            notes.push(format!("{} in the baseline", self.baselined));
        }
        format!(
            "{}, {}, {} in {} ({})",
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
            plural(self.infos, "info", "infos"),
            plural(self.tenants, "tenant", "tenants"),
            notes.join(", "),
        )
    }
}

/// The rule behind a finding. Every id a0lint raises is registered (a test checks it).
pub fn meta(f: &Finding) -> Option<&'static RuleMeta> {
    rules::lookup(f.rule)
}

/// A path as shown in output: forward slashes on every platform.
pub fn path_string(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Resolves every finding's location once.
pub fn resolve_all(findings: &[Finding], sources: &SourceMap) -> Vec<Resolved> {
    findings
        .iter()
        .map(|f| Resolved::of(&f.location, sources))
        .collect()
}

/// The rule of a finding, its display name (`SCHEMA-001 unknown-field`) and its docs link.
pub fn rule_title(f: &Finding) -> String {
    match meta(f) {
        Some(m) => format!("{} {}", f.rule, m.name),
        None => f.rule.to_owned(),
    }
}

/// A finding's message with its tenant, as one line: `message [tenant]`.
pub fn message_with_tenant(f: &Finding) -> String {
    match &f.tenant {
        Some(t) => format!("{} [{t}]", f.message),
        None => f.message.clone(),
    }
}

/// Paths relative to the repository root (what GitHub, GitLab and SARIF expect), computed once
/// per file rather than once per finding. Files outside the repository keep their displayed path.
pub struct RepoPaths<'a> {
    ws: &'a Workspace,
    cache: std::collections::HashMap<std::path::PathBuf, String>,
}

impl<'a> RepoPaths<'a> {
    pub fn new(ws: &'a Workspace) -> Self {
        RepoPaths {
            ws,
            cache: Default::default(),
        }
    }

    pub fn get(&mut self, shown: &Path) -> &str {
        if !self.cache.contains_key(shown) {
            let s = self.ws.stable_path(shown);
            self.cache.insert(shown.to_path_buf(), s);
        }
        &self.cache[shown]
    }
}

/// Text on one line: line breaks become spaces (messages are one line already; this keeps a line
/// format intact whatever a future message holds).
pub fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\n', '\r']) {
        s.replace("\r\n", " ").replace(['\n', '\r'], " ").into()
    } else {
        s.into()
    }
}

/// Writes `value` as pretty JSON and a newline. serde_json writes token by token, and through a
/// `dyn Write` every token is a call through a vtable; serialising into a local buffer first
/// makes large reports several times faster.
pub fn write_json_pretty<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    let mut buf = Vec::with_capacity(1 << 16);
    serde_json::to_writer_pretty(&mut buf, value)?;
    buf.push(b'\n');
    out.write_all(&buf)
}
