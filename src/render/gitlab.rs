//! `--format gitlab`: GitLab Code Quality (a subset of the Code Climate format), published as a
//! `reports: codequality` artifact and shown in merge requests.
//!
//! GitLab keeps one issue per `fingerprint` and compares fingerprints between the source and the
//! target branch to tell new issues from resolved ones. So the fingerprint must be unique within a
//! report (tools that hash rule and file alone silently lose findings) and stable across runs:
//! it is our fingerprint, made unique by hashing in the occurrence number when several findings
//! share one. Paths are relative to the repository root, as GitLab resolves them.

use std::collections::HashSet;
use std::io::{self, Write};

use serde::Serialize;

use super::{RepoPaths, Report, message_with_tenant, meta};
use crate::finding::{Resolved, Severity};
use crate::fingerprint::fnv1a64;

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation,
}

#[derive(Serialize)]
struct IssueLocation {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// Code Quality's severity: info, minor, major, critical or blocker.
pub fn severity(s: Severity, category: Option<&str>) -> &'static str {
    match (s, category) {
        (Severity::Error, Some("security")) => "critical",
        (Severity::Error, _) => "major",
        (Severity::Warning, _) => "minor",
        (Severity::Info, _) => "info",
    }
}

pub fn write(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    let mut paths = RepoPaths::new(report.workspace);
    let mut seen: HashSet<String> = HashSet::with_capacity(report.findings.len());
    let issues: Vec<Issue<'_>> = report
        .findings
        .iter()
        .zip(report.identities)
        .map(|(f, id)| {
            let r = Resolved::of(&f.location, report.sources);
            let mut fingerprint = if id.occurrence == 1 {
                id.fingerprint.clone()
            } else {
                format!("{:016x}", fnv1a64(id.unique().as_bytes()))
            };
            // Identities are unique by construction; this guards against a hash collision.
            let mut n = 1;
            while !seen.insert(fingerprint.clone()) {
                n += 1;
                fingerprint = format!(
                    "{:016x}",
                    fnv1a64(format!("{}#{n}", id.unique()).as_bytes())
                );
            }
            Issue {
                kind: "issue",
                description: format!("{}: {}", f.rule, message_with_tenant(f)),
                check_name: f.rule,
                fingerprint,
                severity: severity(f.severity, meta(f).map(|m| m.category.as_str())),
                location: IssueLocation {
                    path: paths.get(&r.path).to_owned(),
                    lines: Lines {
                        begin: r.line,
                        end: r.end_line.max(r.line),
                    },
                },
            }
        })
        .collect();
    super::write_json_pretty(out, &issues)
}
