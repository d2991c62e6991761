//! `--format junit`: JUnit XML, for the test dashboards of GitLab, Jenkins, Azure DevOps and
//! others.
//!
//! JUnit has no standard for lint results. a0lint reports what a dashboard can show usefully:
//! one `<testsuite>` per tenant (plus an `estate` suite when there are findings that belong to no
//! tenant) and in it one `<testcase>` per rule that applies to that tenant, passes included, so
//! the dashboard shows how many checks ran and not only how many failed. Each finding of the rule
//! in that tenant is a `<failure>` of the test case, typed by severity, its text giving the file,
//! line and column (dashboards do not link JUnit results to code, so the text must say where).
//! A rule applies unless it is limited to environments the tenant is not in, or off by default
//! in the tenant's environment.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Report, path_string};
use crate::finding::{Finding, Resolved};
use crate::rules::{self, RuleMeta};

/// Escapes text for XML content and attribute values, dropping characters XML 1.0 cannot hold.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

struct Suite<'a> {
    name: String,
    environment: Option<crate::export::Environment>,
    findings: Vec<&'a Finding>,
}

/// Whether a rule runs on a tenant of `environment` by default: not limited to other
/// environments, not switched off in this one. A rule that raised a finding there ran whatever
/// its defaults say (a manifest can override them); the caller counts those in.
fn applies(rule: &RuleMeta, environment: Option<crate::export::Environment>) -> bool {
    let env_ok =
        rule.environments.is_empty() || environment.is_some_and(|e| rule.environments.contains(&e));
    let off = environment.is_some_and(|e| {
        rule.severity_by_environment
            .get(&e)
            .is_some_and(|s| s == "off")
    });
    env_ok && !off
}

pub fn write(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    let mut suites: Vec<Suite<'_>> = report
        .tenants
        .iter()
        .map(|t| Suite {
            name: t.name.clone(),
            environment: t.environment,
            findings: Vec::new(),
        })
        .collect();
    let mut estate = Suite {
        name: "estate".to_owned(),
        environment: None,
        findings: Vec::new(),
    };
    for f in report.findings {
        let suite = match &f.tenant {
            Some(t) => match suites.iter_mut().find(|s| &s.name == t) {
                Some(s) => s,
                None => {
                    suites.push(Suite {
                        name: t.clone(),
                        environment: None,
                        findings: Vec::new(),
                    });
                    suites.last_mut().expect("just pushed")
                }
            },
            None => &mut estate,
        };
        suite.findings.push(f);
    }
    if !estate.findings.is_empty() {
        suites.push(estate);
    }
    let mut body = String::new();
    let (mut total_tests, mut total_failures) = (0, 0);
    for suite in &suites {
        let mut by_rule: HashMap<&str, Vec<&Finding>> = HashMap::new();
        for f in &suite.findings {
            by_rule.entry(f.rule).or_default().push(f);
        }
        let cases: Vec<&RuleMeta> = rules::all()
            .iter()
            .filter(|r| by_rule.contains_key(r.id.as_str()) || applies(r, suite.environment))
            .collect();
        let failing = cases
            .iter()
            .filter(|r| by_rule.contains_key(r.id.as_str()))
            .count();
        total_tests += cases.len();
        total_failures += failing;
        let _ = writeln!(
            body,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failing}\" errors=\"0\" skipped=\"0\" time=\"0\">",
            escape(&suite.name),
            cases.len()
        );
        for rule in cases {
            let _ = write!(
                body,
                "    <testcase name=\"{} {}\" classname=\"a0lint.{}.{}\" time=\"0\"",
                escape(&rule.id),
                escape(&rule.name),
                escape(&suite.name),
                escape(&rule.category)
            );
            let Some(failures) = by_rule.get(rule.id.as_str()) else {
                body.push_str("/>\n");
                continue;
            };
            body.push_str(">\n");
            for f in failures {
                let r = Resolved::of(&f.location, report.sources);
                let _ = writeln!(
                    body,
                    "      <failure message=\"{}\" type=\"{}\">{}:{}:{}: {}\n{}</failure>",
                    escape(&f.message),
                    f.severity,
                    escape(&path_string(&r.path)),
                    r.line,
                    r.column,
                    escape(&f.message),
                    escape(&rule.url())
                );
            }
            body.push_str("    </testcase>\n");
        }
        body.push_str("  </testsuite>\n");
    }
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"a0lint\" tests=\"{total_tests}\" failures=\"{total_failures}\" errors=\"0\" time=\"0\">\n{body}</testsuites>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
    }
}
