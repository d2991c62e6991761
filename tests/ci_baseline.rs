//! Baselines: record today's findings, then report only new ones; stale entries are reported
//! and can be pruned; a re-export does not disturb the baseline.

mod ci_common;

use std::path::{Path, PathBuf};

use ci_common::*;
use serde_json::Value;

/// The example estate, copied into a temporary repository.
fn estate() -> (tempfile::TempDir, PathBuf) {
    let repo = repo();
    let estate = repo.path().join("estate");
    copy_dir(&root().join("fixtures/example-estate"), &estate);
    (repo, estate)
}

fn check(cwd: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "estate", "--format", "json"];
    all.extend_from_slice(args);
    let out = run_in(cwd, &all);
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    (out.status.code().unwrap(), doc)
}

fn rules_of(doc: &Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from:?}");
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn write_then_check_reports_nothing_then_only_what_is_new() {
    let (repo, estate) = estate();
    let (code, before) = check(repo.path(), &[]);
    assert_eq!(code, 1);
    let total = before["findings"].as_array().unwrap().len();
    assert!(total >= 4);

    let out = run_in(
        repo.path(),
        &[
            "check",
            "estate",
            "--write-baseline",
            ".a0lint/baseline.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    assert!(
        stderr(&out).contains(&format!(
            "recorded {total} findings in .a0lint/baseline.json"
        )),
        "{}",
        stderr(&out)
    );
    let file: Value = serde_json::from_str(
        &std::fs::read_to_string(repo.path().join(".a0lint/baseline.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(file["version"], 1);
    let entries = file["entries"].as_array().unwrap();
    assert_eq!(entries.len(), total);
    let keys: Vec<(String, String)> = entries
        .iter()
        .map(|e| {
            (
                e["tenant"].as_str().unwrap_or("").to_owned(),
                e["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "entries are sorted for reviewable diffs");

    let (code, after) = check(repo.path(), &["--baseline", ".a0lint/baseline.json"]);
    assert_eq!(code, 0, "{after}");
    assert!(after["findings"].as_array().unwrap().is_empty(), "{after}");
    assert_eq!(after["summary"]["baselined"], total);

    // A new problem in production: only it is reported.
    edit(
        &estate.join("northwind-prod/tenant.yaml"),
        "  - name: Patient Portal\n",
        "  - name: Patient Portal\n    refresh_tokn: {}\n",
    );
    let (code, after) = check(repo.path(), &["--baseline", ".a0lint/baseline.json"]);
    assert_eq!(code, 0, "a warning does not fail the run");
    let found = &after["findings"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{after}");
    assert_eq!(found[0]["rule"], "SCHEMA-001");
    assert_eq!(
        found[0]["semantic_path"],
        "clients[Patient Portal]/refresh_tokn"
    );
    let (code, _) = check(
        repo.path(),
        &[
            "--baseline",
            ".a0lint/baseline.json",
            "--fail-on",
            "warning",
        ],
    );
    assert_eq!(code, 1);
}

#[test]
fn a_reexport_that_moves_lines_keeps_the_baseline_valid() {
    let (repo, estate) = estate();
    run_in(
        repo.path(),
        &["check", "estate", "--write-baseline", "b.json"],
    );
    for tenant in ["northwind-prod", "northwind-staging"] {
        let t = estate.join(tenant).join("tenant.yaml");
        let text = std::fs::read_to_string(&t).unwrap();
        std::fs::write(&t, format!("# re-exported\n\n{text}")).unwrap();
    }
    let client = estate.join("northwind-test/clients/Clinician Dashboard.json");
    let text = std::fs::read_to_string(&client).unwrap();
    std::fs::write(&client, text.replacen("{\n", "{\n\n\n", 1)).unwrap();
    let (code, doc) = check(repo.path(), &["--baseline", "b.json"]);
    assert_eq!(code, 0);
    assert!(rules_of(&doc).is_empty(), "{doc}");
}

#[test]
fn stale_entries_are_reported_and_pruned() {
    let (repo, estate) = estate();
    run_in(
        repo.path(),
        &["check", "estate", "--write-baseline", "b.json"],
    );
    // Fix the misspelt field in the test tenant.
    edit(
        &estate.join("northwind-test/clients/Clinician Dashboard.json"),
        "\"callback\":",
        "\"callbacks\":",
    );
    let out = run_in(
        repo.path(),
        &[
            "check",
            "estate",
            "--baseline",
            "b.json",
            "--format",
            "concise",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "an info does not fail the run");
    let text = stdout(&out);
    let stale: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("BASELINE-001"))
        .collect();
    assert_eq!(stale.len(), 1, "{text}");
    assert!(
        stale[0].starts_with("b.json:")
            && stale[0].contains(": info[BASELINE-001] baseline entry for `SCHEMA-001` in tenant `northwind-test` at `clients[Clinician Dashboard]/callback` matches no finding any more"),
        "{}",
        stale[0]
    );
    // The line points at the entry.
    let line: usize = stale[0].split(':').nth(1).unwrap().parse().unwrap();
    let b = std::fs::read_to_string(repo.path().join("b.json")).unwrap();
    let entry_text: String = b
        .lines()
        .skip(line - 1)
        .take(6)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        entry_text.contains("clients[Clinician Dashboard]/callback"),
        "{entry_text}"
    );

    // Checking one tenant never calls the others' entries stale.
    let out = run_in(
        repo.path(),
        &[
            "check",
            "estate/northwind-prod",
            "--baseline",
            "b.json",
            "--format",
            "concise",
        ],
    );
    assert!(!stdout(&out).contains("BASELINE-001"), "{}", stdout(&out));

    let before: Value = serde_json::from_str(&b).unwrap();
    let out = run_in(
        repo.path(),
        &[
            "check",
            "estate",
            "--baseline",
            "b.json",
            "--prune-baseline",
            "--format",
            "concise",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(!stdout(&out).contains("BASELINE-001"));
    assert!(
        stderr(&out).contains("removed 1 stale entries"),
        "{}",
        stderr(&out)
    );
    let after: Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path().join("b.json")).unwrap())
            .unwrap();
    assert_eq!(
        after["entries"].as_array().unwrap().len(),
        before["entries"].as_array().unwrap().len() - 1
    );
    let (code, doc) = check(repo.path(), &["--baseline", "b.json"]);
    assert_eq!((code, rules_of(&doc)), (0, vec![]));
}

#[test]
fn duplicates_are_counted() {
    let repo = repo();
    let yaml = "clients:\n  - name: Twin\n    callbak: []\n  - name: Twin\n    callbak: []\n";
    let t = yaml_export(repo.path(), "acme-dev", yaml);
    run_in(
        repo.path(),
        &["check", "acme-dev", "--write-baseline", "b.json"],
    );
    let ok = run_in(
        repo.path(),
        &[
            "check",
            "acme-dev",
            "--baseline",
            "b.json",
            "--format",
            "concise",
            "--quiet",
        ],
    );
    assert_eq!(stdout(&ok), "");
    // A third client with the same name and the same mistake is one more than was accepted.
    std::fs::write(
        t.join("tenant.yaml"),
        format!("{yaml}  - name: Twin\n    callbak: []\n"),
    )
    .unwrap();
    let out = run_in(
        repo.path(),
        &[
            "check",
            "acme-dev",
            "--baseline",
            "b.json",
            "--format",
            "concise",
            "--quiet",
        ],
    );
    let text = stdout(&out);
    assert_eq!(text.matches("[SCHEMA-001]").count(), 1, "{text}");
}

#[test]
fn bad_baselines_and_flag_combinations_are_usage_errors() {
    let (repo, _) = estate();
    let out = run_in(
        repo.path(),
        &["check", "estate", "--baseline", "missing.json"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read the baseline missing.json"),
        "{}",
        stderr(&out)
    );
    std::fs::write(
        repo.path().join("bad.json"),
        "{\"version\": 9, \"entries\": []}",
    )
    .unwrap();
    let out = run_in(repo.path(), &["check", "estate", "--baseline", "bad.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bad.json is not an a0lint baseline (version 9"),
        "{}",
        stderr(&out)
    );
    let out = run_in(
        repo.path(),
        &[
            "check",
            "estate",
            "--baseline",
            "a.json",
            "--write-baseline",
            "b.json",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = run_in(repo.path(), &["check", "estate", "--prune-baseline"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn suppressed_findings_are_not_recorded() {
    let repo = repo();
    yaml_export(
        repo.path(),
        "acme-dev",
        "clients:\n  - name: A\n    callbak: []  # a0lint: ignore[SCHEMA-001] kiosk\n  - name: B\n    callbak: []\n",
    );
    run_in(
        repo.path(),
        &["check", "acme-dev", "--write-baseline", "b.json"],
    );
    let b: Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path().join("b.json")).unwrap())
            .unwrap();
    let paths: Vec<&str> = b["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["rule"] == "SCHEMA-001")
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, vec!["clients[B]/callbak"]);
}
