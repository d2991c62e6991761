//! `--format sarif`: SARIF 2.1.0, shaped for GitHub code scanning.
//!
//! Code scanning turns each result into an alert on the right line and keeps it open, across
//! commits, for as long as a result with the same rule and fingerprint comes back. So:
//!
//! * every registered rule is listed in `tool.driver.rules`, with its docs as `help.markdown`, its
//!   category as a tag, a `precision` (exact input and schema checks are `high`, the judgement
//!   calls of architecture rules `medium`), and for security rules a `security-severity` score,
//!   which is what makes GitHub rank them as security alerts;
//! * results carry `partialFingerprints.primaryLocationLineHash` set to our own fingerprint (with
//!   its occurrence, in GitHub's `hash:n` form), so an alert survives a re-export that moves every
//!   line; left out, `upload-sarif` would hash the line's text and lose track of it;
//! * URIs are relative to the repository root with `uriBaseId: %SRCROOT%`, which is what GitHub
//!   resolves against the checkout, whatever folder a0lint ran in;
//! * regions are complete, in Unicode code points (`columnKind`), converted from our byte columns;
//! * `automationDetails.id` names the estate (`a0lint/<paths>/`), so analyses of two estates in
//!   one repository do not close each other's alerts.
//!
//! The structs below are the part of the SARIF object model a0lint fills, written by hand; the
//! tests validate the output against the official schema.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::Report;
use crate::finding::{Location, Severity};
use crate::rules::{self, RuleMeta};
use crate::source::SourceMap;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    automation_details: AutomationDetails,
    #[serde(skip_serializing_if = "Map::is_empty")]
    original_uri_base_ids: Map<String, Value>,
    column_kind: &'static str,
    invocations: Vec<Invocation>,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Value>,
}

#[derive(Serialize)]
struct AutomationDetails {
    id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<'a>,
    locations: Vec<SarifLocation<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation<'a>>,
    partial_fingerprints: PartialFingerprints,
    fingerprints: Fingerprints,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PartialFingerprints {
    primary_location_line_hash: String,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "a0lint/v1")]
    a0lint: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    tenant: Option<&'a str>,
    pointer: &'a str,
    semantic_path: &'a str,
}

/// SARIF's level for a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// GitHub's `precision`: how often a result of the rule is a real problem.
fn precision(r: &RuleMeta) -> &'static str {
    match r.category.as_str() {
        // Exact facts about the files, the schema and a0lint's own configuration.
        "input" | "schema" | "suppress" | "baseline" | "manifest" => "high",
        _ => "medium",
    }
}

/// GitHub's `security-severity` score for a security rule: high, medium or low.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "8.0",
        Severity::Warning => "5.0",
        Severity::Info => "2.0",
    }
}

/// A fence longer than any run of backticks in `code`, so an example never closes it early.
fn fence(code: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat((longest + 1).max(3))
}

/// An example as shown in docs: without the marker that tells the meta-tests to skip it.
fn shown_example(code: &str) -> String {
    code.lines()
        .filter(|l| !l.contains("a0lint:example-not-executable"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The rule's docs as Markdown, for `help.markdown`.
pub fn help_markdown(r: &RuleMeta) -> String {
    let lang = r.examples.format.as_str();
    let fail = shown_example(r.examples.fail.trim_end());
    let pass = shown_example(r.examples.pass.trim_end());
    let mut md = format!(
        "**{}**\n\n{}\n\n## How to fix\n\n{}\n\n## Example\n\nReported:\n\n{f1}{lang}\n{fail}\n{f1}\n\nNot reported:\n\n{f2}{lang}\n{pass}\n{f2}\n",
        r.summary,
        r.rationale.trim(),
        r.fix.trim(),
        f1 = fence(&fail),
        f2 = fence(&pass),
    );
    if !r.references.is_empty() {
        md.push_str("\n## References\n\n");
        for link in &r.references {
            md.push_str(&format!("- <{link}>\n"));
        }
    }
    md.push_str(&format!(
        "\n[{} {} documentation]({})\n",
        r.id,
        r.name,
        r.url()
    ));
    md
}

/// The rule's docs as plain text, for `help.text`.
pub fn help_text(r: &RuleMeta) -> String {
    format!(
        "{}\n\n{}\n\nHow to fix: {}\n\nReported:\n{}\n\nNot reported:\n{}\n\nDocs: {}",
        r.summary,
        r.rationale.trim(),
        r.fix.trim(),
        shown_example(r.examples.fail.trim_end()),
        shown_example(r.examples.pass.trim_end()),
        r.url()
    )
}

/// One rule as a SARIF `reportingDescriptor`.
pub fn descriptor(r: &RuleMeta) -> Value {
    let mut tags = vec!["auth0".to_owned(), r.category.clone()];
    tags.dedup();
    let mut properties = json!({
        "tags": tags,
        "precision": precision(r),
    });
    if r.category == "security" {
        properties["security-severity"] = json!(security_severity(r.severity));
    } else {
        properties["problem.severity"] = json!(match r.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "recommendation",
        });
    }
    json!({
        "id": r.id,
        "name": r.name,
        "shortDescription": { "text": r.summary },
        "fullDescription": { "text": r.rationale.trim() },
        "help": { "text": help_text(r), "markdown": help_markdown(r) },
        "helpUri": r.url(),
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": properties,
    })
}

/// Percent-encodes a path for a URI reference: everything but unreserved characters and `/`.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `file:` URI for an absolute path (with a trailing slash for a folder used as a base).
fn file_uri(abs: &std::path::Path, folder: bool) -> String {
    let mut p = super::path_string(abs);
    if !p.starts_with('/') {
        // A Windows drive path: `file:///C:/…`.
        p.insert(0, '/');
    }
    if folder && !p.ends_with('/') {
        p.push('/');
    }
    format!("file://{}", encode_path(&p))
}

struct Locator<'a> {
    sources: &'a SourceMap,
    ws: &'a crate::gate::Workspace,
    /// One artifact location per file, not per finding.
    artifacts: HashMap<std::path::PathBuf, ArtifactLocation>,
}

impl Locator<'_> {
    fn physical(&mut self, loc: &Location) -> PhysicalLocation {
        let (shown, region) = match loc {
            Location::Span(span) => {
                let file = self.sources.get(span.file);
                let s = file.line_col(span.start as usize);
                let e = file.line_col(span.end as usize);
                let region = Region {
                    start_line: s.line,
                    start_column: file.char_column(span.start as usize) + 1,
                    end_line: e.line,
                    end_column: file.char_column(span.end as usize) + 1,
                };
                (file.path.clone(), region)
            }
            Location::Path(p) => (
                p.clone(),
                Region {
                    start_line: 1,
                    start_column: 1,
                    end_line: 1,
                    end_column: 1,
                },
            ),
        };
        let ws = self.ws;
        let artifact_location = self
            .artifacts
            .entry(shown)
            .or_insert_with_key(|shown| match ws.repo_relative(shown) {
                Some(rel) => ArtifactLocation {
                    uri: encode_path(&rel),
                    uri_base_id: Some(SRCROOT),
                },
                None => ArtifactLocation {
                    uri: file_uri(&ws.absolute(shown), false),
                    uri_base_id: None,
                },
            })
            .clone();
        PhysicalLocation {
            artifact_location,
            region,
        }
    }
}

/// Writes the report as one SARIF log with one run.
pub fn write(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    let all = rules::all();
    let index: HashMap<&str, usize> = all
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut locator = Locator {
        sources: report.sources,
        ws: report.workspace,
        artifacts: HashMap::new(),
    };
    let results = report
        .findings
        .iter()
        .zip(report.identities)
        .map(|(f, id)| {
            let related_locations = f
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| SarifLocation {
                    id: Some(i + 1),
                    physical_location: locator.physical(&r.location),
                    message: Some(Text { text: &r.message }),
                })
                .collect();
            let unique = id.unique();
            SarifResult {
                rule_id: f.rule,
                rule_index: index.get(f.rule).copied(),
                level: level(f.severity),
                message: Text { text: &f.message },
                locations: vec![SarifLocation {
                    id: None,
                    physical_location: locator.physical(&f.location),
                    message: None,
                }],
                related_locations,
                partial_fingerprints: PartialFingerprints {
                    primary_location_line_hash: unique.clone(),
                },
                fingerprints: Fingerprints { a0lint: unique },
                properties: ResultProperties {
                    tenant: f.tenant.as_deref(),
                    pointer: &f.pointer,
                    semantic_path: &id.path,
                },
            }
        })
        .collect();
    let mut bases = Map::new();
    bases.insert(
        SRCROOT.to_owned(),
        json!({ "uri": file_uri(&report.workspace.root, true) }),
    );
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "a0lint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: "https://a0lint.dev",
                    rules: all.iter().map(descriptor).collect(),
                },
            },
            automation_details: AutomationDetails {
                id: format!("a0lint/{}/", report.workspace.estate_id),
            },
            original_uri_base_ids: bases,
            column_kind: "unicodeCodePoints",
            invocations: vec![Invocation {
                execution_successful: report.complete,
            }],
            results,
        }],
    };
    super::write_json_pretty(out, &log)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_percent_encoded_and_fences_outgrow_backticks() {
        assert_eq!(encode_path("a b/Zürich.json"), "a%20b/Z%C3%BCrich.json");
        assert_eq!(fence("x ``` y"), "````");
        assert_eq!(fence("plain"), "```");
    }
}
