//! Renderers: turn a [`Report`] into what a person, a script or a CI system reads.
//!
//! Every renderer works from the same sorted findings and writes to any `io::Write`, so the CLI
//! can stream to stdout or write a file atomically. Nothing here ever prints a value from an
//! export: findings carry messages that name fields, never secrets.

pub mod human;
pub mod json;

use std::path::Path;

use crate::finding::{Finding, Resolved, Severity};
use crate::rules::{self, RuleMeta};
use crate::source::SourceMap;

/// Counts for the closing summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub tenants: usize,
    pub files: usize,
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

    /// `2 errors, 1 warning, 0 infos in 4 tenants (31 files)`
    pub fn line(&self) -> String {
        fn plural(n: usize, one: &str, many: &str) -> String {
            format!("{n} {}", if n == 1 { one } else { many })
        }
        format!(
            "{}, {}, {} in {} ({})",
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
            plural(self.infos, "info", "infos"),
            plural(self.tenants, "tenant", "tenants"),
            plural(self.files, "file", "files"),
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
