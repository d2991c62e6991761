//! `--format github`: GitHub Actions workflow commands, plus a Markdown job summary.
//!
//! An annotation (`::error file=…,line=…::message`) puts a finding on the line in the pull
//! request's diff and in the run's summary. GitHub shows at most 10 error, 10 warning and 10
//! notice annotations per step and drops the rest without a word, which is how other linters'
//! GitHub formats end up hiding the one finding that matters behind ten trivial ones. So:
//!
//! * errors come first, then warnings, then notices (infos), each in report order, and at most as
//!   many of each as GitHub shows;
//! * when anything is left out, one notice says how many findings of each severity were, and the
//!   rest are printed as plain `file:line:col` lines in a folded log group, so the log still holds
//!   every finding;
//! * the whole report, grouped by tenant, is appended as Markdown to the file named by
//!   `$GITHUB_STEP_SUMMARY` (GitHub's file, shared by every step: appended to, never truncated),
//!   with links to the lines when the run's repository and commit are known.
//!
//! Escaping follows GitHub's rules: `%`, CR and LF in messages; also `:` and `,` in properties.

use std::io::{self, Write};
use std::path::Path;

use super::{RepoPaths, Report, message_with_tenant, meta, rule_title};
use crate::finding::{Finding, Location, Severity};

/// GitHub's per-step display limit for each annotation level.
pub const PER_LEVEL: usize = 10;

/// GitHub's size limit for one step's summary is 1 MiB; stay clear of it.
const SUMMARY_BUDGET: usize = 900 * 1024;

/// Escapes a workflow command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// The `file=…,line=…` properties of a finding's annotation.
fn properties(f: &Finding, report: &Report<'_>, paths: &mut RepoPaths<'_>) -> String {
    let mut props = Vec::with_capacity(6);
    match &f.location {
        Location::Span(span) => {
            let file = report.sources.get(span.file);
            let s = file.line_col(span.start as usize);
            let e = file.line_col(span.end as usize);
            props.push(format!("file={}", escape_property(paths.get(&file.path))));
            props.push(format!("line={}", s.line));
            props.push(format!("endLine={}", e.line));
            // GitHub accepts columns only on single-line annotations.
            if s.line == e.line {
                props.push(format!("col={}", file.char_column(span.start as usize) + 1));
                props.push(format!(
                    "endColumn={}",
                    file.char_column(span.end as usize) + 1
                ));
            }
        }
        Location::Path(p) => props.push(format!("file={}", escape_property(paths.get(p)))),
    }
    props.push(format!("title={}", escape_property(&rule_title(f))));
    props.join(",")
}

/// Writes the annotations, capped per level, and the overflow.
pub fn write(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    let mut paths = RepoPaths::new(report.workspace);
    let by_level = |s: Severity| {
        report
            .findings
            .iter()
            .enumerate()
            .filter(move |(_, f)| f.severity == s)
    };
    let count = |s: Severity| by_level(s).count();
    let (errors, warnings, notices) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let overflow = errors > PER_LEVEL || warnings > PER_LEVEL || notices > PER_LEVEL;
    // The overflow notice is a notice too, so it takes one of the ten notice slots.
    let notice_cap = if overflow { PER_LEVEL - 1 } else { PER_LEVEL };
    let mut shown = vec![false; report.findings.len()];
    for (level, cap) in [
        (Severity::Error, PER_LEVEL),
        (Severity::Warning, PER_LEVEL),
        (Severity::Info, notice_cap),
    ] {
        for (i, f) in by_level(level).take(cap) {
            shown[i] = true;
            writeln!(
                out,
                "::{} {}::{}",
                command(level),
                properties(f, report, &mut paths),
                escape_data(&message_with_tenant(f))
            )?;
        }
    }
    if !overflow {
        return Ok(());
    }
    let hidden = |s: Severity| by_level(s).filter(|(i, _)| !shown[*i]).count();
    let parts: Vec<String> = [
        (hidden(Severity::Error), "error", "errors"),
        (hidden(Severity::Warning), "warning", "warnings"),
        (hidden(Severity::Info), "info", "infos"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
    .collect();
    let total: usize = shown.iter().filter(|s| !**s).count();
    writeln!(
        out,
        "::notice title={}::{}",
        escape_property("a0lint: more findings"),
        escape_data(&format!(
            "{total} more findings ({}) are not shown as annotations, because GitHub shows at most {PER_LEVEL} of each level per step. Every finding is in the job summary and in the log group \"a0lint: all other findings\".",
            parts.join(", ")
        ))
    )?;
    writeln!(out, "::group::a0lint: all other findings ({total})")?;
    for (f, _) in report.findings.iter().zip(&shown).filter(|(_, s)| !**s) {
        let r = crate::finding::Resolved::of(&f.location, report.sources);
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            paths.get(&r.path),
            r.line,
            r.column,
            f.severity,
            f.rule,
            super::one_line(&message_with_tenant(f))
        )?;
    }
    writeln!(out, "::endgroup::")
}

/// Where links in the job summary point: `https://github.com/<repo>/blob/<sha>/`.
#[derive(Clone, Debug, Default)]
pub struct Links {
    pub blob_base: Option<String>,
}

impl Links {
    /// From GitHub's `GITHUB_SERVER_URL`, `GITHUB_REPOSITORY` and `GITHUB_SHA`.
    pub fn from_env() -> Links {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let blob_base = match (
            var("GITHUB_SERVER_URL"),
            var("GITHUB_REPOSITORY"),
            var("GITHUB_SHA"),
        ) {
            (Some(server), Some(repo), Some(sha)) => Some(format!(
                "{}/{repo}/blob/{sha}/",
                server.trim_end_matches('/')
            )),
            _ => None,
        };
        Links { blob_base }
    }
}

/// Escapes text for a Markdown table cell.
fn cell(s: &str) -> String {
    super::one_line(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
}

fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Error => "❌ error",
        Severity::Warning => "⚠️ warning",
        Severity::Info => "ℹ️ info",
    }
}

/// The report as Markdown, grouped by tenant (tenants in report order, estate-wide findings last).
pub fn step_summary(report: &Report<'_>, links: &Links) -> String {
    let mut paths = RepoPaths::new(report.workspace);
    let mut md = String::new();
    md.push_str(&format!("## a0lint: {}\n\n", report.summary.line()));
    if !report.complete {
        md.push_str(
            "Some input could not be read or parsed: the findings below are incomplete.\n\n",
        );
    }
    if report.findings.is_empty() {
        md.push_str("No findings.\n");
        return md;
    }
    let mut groups: Vec<(Option<&str>, Vec<&Finding>)> = report
        .tenants
        .iter()
        .map(|t| (Some(t.name.as_str()), Vec::new()))
        .collect();
    for f in report.findings {
        let key = f.tenant.as_deref();
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(f),
            None => groups.push((key, vec![f])),
        }
    }
    // Estate-wide findings last.
    groups.sort_by_key(|(k, _)| k.is_none());
    let mut left = report.findings.len();
    for (tenant, list) in &groups {
        let title = match tenant {
            Some(t) => format!("`{t}`"),
            None => "Estate".to_owned(),
        };
        if list.is_empty() {
            md.push_str(&format!("### {title}: no findings\n\n"));
            continue;
        }
        md.push_str(&format!(
            "### {title}: {} finding{}\n\n| Severity | Rule | Location | Message |\n| --- | --- | --- | --- |\n",
            list.len(),
            if list.len() == 1 { "" } else { "s" }
        ));
        for f in list {
            if md.len() > SUMMARY_BUDGET {
                md.push_str(&format!(
                    "\n…and {left} more findings: GitHub limits a job summary to 1 MiB; the SARIF or JSON report has them all.\n"
                ));
                return md;
            }
            let r = crate::finding::Resolved::of(&f.location, report.sources);
            let path = paths.get(&r.path).to_owned();
            let place = format!("{path}:{}", r.line);
            let location = match &links.blob_base {
                Some(base) if !path.starts_with('/') && !path.starts_with("..") => format!(
                    "[{}]({base}{}#L{})",
                    cell(&place),
                    super::sarif::encode_path(&path),
                    r.line
                ),
                _ => format!("`{}`", cell(&place)),
            };
            let rule = match meta(f) {
                Some(m) => format!("[{}]({})", cell(&rule_title(f)), m.url()),
                None => cell(f.rule),
            };
            md.push_str(&format!(
                "| {} | {rule} | {location} | {} |\n",
                icon(f.severity),
                cell(&f.message)
            ));
            left -= 1;
        }
        md.push('\n');
    }
    md
}

/// Appends the job summary to `path` (GitHub's `$GITHUB_STEP_SUMMARY`).
pub fn append_step_summary(path: &Path, report: &Report<'_>, links: &Links) -> io::Result<()> {
    let md = step_summary(report, links);
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    f.write_all(md.as_bytes())?;
    f.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_githubs_rules() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(cell("a|b <x>\nc"), "a\\|b &lt;x&gt; c");
    }
}
