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

/// Sorts findings into the order every output uses: file, position, rule, tenant, message, and
/// the order they came in for the rest (so the result is deterministic).
///
/// A 100-tenant check sorts about 20,000 findings. Comparing their paths component by component
/// was most of the sort's time, so findings in the same source file skip the path comparison, and
/// the sort runs on an index with the positions looked up once.
pub fn sort(findings: &mut [Finding], sources: &SourceMap) {
    use rayon::slice::ParallelSliceMut;
    use std::cmp::Ordering;
    struct Key<'a> {
        file: Option<crate::source::FileId>,
        path: &'a std::path::Path,
        start: u32,
        end: u32,
    }
    let files = sources.files();
    let keys: Vec<Key<'_>> = findings
        .iter()
        .map(|f| match &f.location {
            Location::Span(span) => Key {
                file: Some(span.file),
                path: &files[span.file.0 as usize].path,
                start: span.start,
                end: span.end,
            },
            Location::Path(p) => Key {
                file: None,
                path: p,
                start: 0,
                end: 0,
            },
        })
        .collect();
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.par_sort_unstable_by(|&a, &b| {
        let (ka, kb) = (&keys[a], &keys[b]);
        let path = match (ka.file, kb.file) {
            (Some(x), Some(y)) if x == y => Ordering::Equal,
            _ => ka.path.cmp(kb.path),
        };
        let (fa, fb) = (&findings[a], &findings[b]);
        path.then(ka.start.cmp(&kb.start))
            .then(ka.end.cmp(&kb.end))
            .then_with(|| fa.rule.cmp(fb.rule))
            .then_with(|| fa.tenant.cmp(&fb.tenant))
            .then_with(|| fa.message.cmp(&fb.message))
            .then(a.cmp(&b))
    });
    drop(keys);
    apply_order(findings, &order);
}

/// Rearranges `items` so that position `i` holds what was at `order[i]`, one cycle of the
/// permutation at a time.
fn apply_order<T>(items: &mut [T], order: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        let mut j = start;
        while !placed[j] {
            placed[j] = true;
            let k = order[j];
            if k == start {
                break;
            }
            items.swap(j, k);
            j = k;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_order_follows_every_cycle() {
        // Several cycles and fixed points; compare with building the result directly.
        let order = [3, 0, 2, 5, 1, 4, 7, 6, 8];
        let mut items: Vec<usize> = (0..order.len()).map(|i| i * 10).collect();
        let expected: Vec<usize> = order.iter().map(|&i| i * 10).collect();
        apply_order(&mut items, &order);
        assert_eq!(items, expected);
    }

    #[test]
    fn sort_orders_by_path_position_rule_and_is_stable_otherwise() {
        let sources = SourceMap::default();
        let b = sources.add("b/tenant.yaml", "x: 1\ny: 2\n".into()).id;
        let a = sources.add("a/tenant.yaml", "x: 1\n".into()).id;
        let at = |file, start| Location::Span(Span::new(file, start, start + 1));
        let mk = |rule, loc: Location, msg: &str| Finding::new(rule, Severity::Warning, loc, msg);
        let mut findings = vec![
            mk("SEC-002", at(b, 5), "later line"),
            mk("SEC-001", at(b, 0), "same place, second"),
            mk("SEC-001", at(a, 0), "other file"),
            mk("SEC-001", Location::Path("a".into()), "a folder"),
            mk("NAMING-001", at(b, 0), "rule order"),
            mk("SEC-001", at(b, 0), "same place, first"),
        ];
        findings[1].pointer = "/first-in".into();
        findings[5].message = "same place, second".into();
        sort(&mut findings, &sources);
        let got: Vec<(&str, &str, &str)> = findings
            .iter()
            .map(|f| (f.rule, f.message.as_str(), f.pointer.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("SEC-001", "a folder", ""),
                ("SEC-001", "other file", ""),
                ("NAMING-001", "rule order", ""),
                ("SEC-001", "same place, second", "/first-in"),
                ("SEC-001", "same place, second", ""),
                ("SEC-002", "later line", ""),
            ]
        );
    }
}
