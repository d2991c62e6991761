//! Findings: what a rule (or a loader) reports, and where.
//!
//! A finding carries a stable rule id and points at a real place: a [`Location`] that is either a
//! byte [`Span`] in a loaded file or, for something that could not be read at all, a path. The
//! JSON Pointer addresses the value inside the tenant's resources, which is what makes a finding
//! stable across re-exports and format switches. Secret values never go into a finding: messages
//! name fields, not values.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::source::{SourceMap, Span};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a finding points.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// A byte range in a loaded file.
    Span(Span),
    /// A file or folder that could not be loaded; line 1, column 1.
    Path(PathBuf),
}

/// Another place involved in a finding ("first defined here", "the production tenant").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub location: Location,
    pub message: String,
}

/// A safe, mechanical fix a rule offers: text edits that resolve the finding without changing what
/// the configuration means beyond the finding itself (a misspelt key renamed, a value quoted). The
/// language server offers it as a quick fix; nothing applies it unasked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What applying it does, as a quick-fix title: "Rename `callback` to `callbacks`".
    pub message: String,
    /// Byte ranges to replace, and their replacements. They never overlap.
    pub edits: Vec<(Span, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule's stable id, e.g. `INPUT-001`.
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The tenant's name; `None` for estate-wide findings.
    pub tenant: Option<String>,
    pub location: Location,
    /// JSON Pointer into the tenant's resources (`/clients/0/callbacks/1`); empty when the finding
    /// is about a file as a whole.
    pub pointer: String,
    pub related: Vec<Related>,
    /// A safe fix, for the rules that can offer one.
    pub fix: Option<Fix>,
}

impl Finding {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        location: Location,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            rule,
            severity,
            message: message.into(),
            tenant: None,
            location,
            pointer: String::new(),
            related: Vec::new(),
            fix: None,
        }
    }

    pub fn at(
        rule: &'static str,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Finding::new(rule, severity, Location::Span(span), message)
    }

    pub fn with_tenant(mut self, tenant: impl Into<String>) -> Self {
        self.tenant = Some(tenant.into());
        self
    }

    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = pointer.into();
        self
    }

    /// Attaches a safe fix made of `edits`, described by `message`.
    pub fn with_fix(mut self, message: impl Into<String>, edits: Vec<(Span, String)>) -> Self {
        self.fix = Some(Fix {
            message: message.into(),
            edits,
        });
        self
    }

    pub fn with_related(mut self, location: Location, message: impl Into<String>) -> Self {
        self.related.push(Related {
            location,
            message: message.into(),
        });
        self
    }
}

/// A finding's location resolved to what users see: path, 1-based line and column (in bytes).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Resolved {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub start: usize,
    pub end: usize,
}

impl Resolved {
    pub fn of(location: &Location, sources: &SourceMap) -> Resolved {
        match location {
            Location::Span(span) => {
                let file = sources.get(span.file);
                let s = file.line_col(span.start as usize);
                let e = file.line_col(span.end as usize);
                Resolved {
                    path: file.path.clone(),
                    line: s.line,
                    column: s.column,
                    end_line: e.line,
                    end_column: e.column,
                    start: span.start as usize,
                    end: span.end as usize,
                }
            }
            Location::Path(p) => Resolved {
                path: p.clone(),
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 1,
                start: 0,
                end: 0,
            },
        }
    }
}

/// Sorts findings into the order every output uses: file, position, rule, tenant, message.
pub fn sort(findings: &mut [Finding], sources: &SourceMap) {
    findings.sort_by_cached_key(|f| {
        let r = Resolved::of(&f.location, sources);
        (
            r.path,
            r.start,
            r.end,
            f.rule,
            f.tenant.clone(),
            f.message.clone(),
        )
    });
}
