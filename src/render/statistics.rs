//! `--statistics`: how many findings of each rule, instead of the findings (Ruff's
//! `--statistics`). The table answers "where do we start?" on an estate with hundreds of
//! findings; `--format json` gives the same counts as an array for scripts.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use super::Report;
use crate::finding::Severity;

#[derive(Serialize)]
struct Row<'a> {
    rule: &'a str,
    name: &'a str,
    severity: Severity,
    count: usize,
}

/// Rows per rule and severity (a rule can be raised at several severities), most frequent first.
fn rows<'a>(report: &Report<'a>) -> Vec<Row<'a>> {
    let mut counts: HashMap<(&'a str, Severity), usize> = HashMap::new();
    for f in report.findings {
        *counts.entry((f.rule, f.severity)).or_default() += 1;
    }
    let mut rows: Vec<Row<'a>> = counts
        .into_iter()
        .map(|((rule, severity), count)| Row {
            rule,
            name: crate::rules::lookup(rule)
                .map(|m| m.name.as_str())
                .unwrap_or(""),
            severity,
            count,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.rule.cmp(b.rule))
            .then(b.severity.cmp(&a.severity))
    });
    rows
}

pub fn write(out: &mut dyn Write, report: &Report<'_>, json: bool, quiet: bool) -> io::Result<()> {
    let rows = rows(report);
    if json {
        return super::write_json_pretty(out, &rows);
    }
    let w_count = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1)
        .max(5);
    let w_rule = rows.iter().map(|r| r.rule.len()).max().unwrap_or(4).max(4);
    if !rows.is_empty() {
        writeln!(
            out,
            "{:>w_count$}  {:w_rule$}  {:8}  NAME",
            "COUNT", "RULE", "SEVERITY"
        )?;
    }
    for r in &rows {
        writeln!(
            out,
            "{:>w_count$}  {:w_rule$}  {:8}  {}",
            r.count,
            r.rule,
            r.severity.as_str(),
            r.name
        )?;
    }
    if !quiet {
        writeln!(out, "{}", report.summary.line())?;
    }
    Ok(())
}
