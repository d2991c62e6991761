//! Suppressions: the suppressions file (rule, tenant and path globs, required reason, expiry,
//! owner), inline `# a0lint: ignore[…]` comments, and the findings about suppressions themselves.

mod ci_common;

use std::path::Path;

use ci_common::*;
use serde_json::Value;

/// Two tenants with a misspelt field in two clients each, and a bad `app_type` in dev.
fn estate() -> tempfile::TempDir {
    let repo = repo();
    for tenant in ["acme-dev", "acme-prod"] {
        yaml_export(
            repo.path(),
            tenant,
            "clients:\n  - name: Legacy Kiosk\n    callbak: []\n  - name: Portal\n    callbak: []\n",
        );
    }
    let dev = repo.path().join("acme-dev/tenant.yaml");
    let text = std::fs::read_to_string(&dev).unwrap();
    std::fs::write(&dev, format!("{text}    app_type: spa_app\n")).unwrap();
    repo
}

fn suppressions(repo: &Path, toml: &str) {
    std::fs::create_dir_all(repo.join(".a0lint")).unwrap();
    std::fs::write(repo.join(".a0lint/suppressions.toml"), toml).unwrap();
}

fn findings(report: &Value) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["tenant"].as_str().unwrap_or("-").to_owned(),
                f["semantic_path"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn has(report: &Value, rule: &str, tenant: &str, path: &str) -> bool {
    findings(report)
        .iter()
        .any(|f| f.0 == rule && f.1 == tenant && f.2 == path)
}

fn concise(repo: &Path, env: &[(&str, &str)]) -> (i32, String) {
    let mut c = a0lint();
    c.current_dir(repo)
        .args(["check", ".", "--format", "concise"])
        .args(CORE_RULES);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    (out.status.code().unwrap(), stdout(&out) + &stderr(&out))
}

const LEGACY: &str = r#"
[[suppress]]
rule = "SCHEMA-001"
tenant = "acme-*"
path = "clients[Legacy*]"
reason = "The kiosk firmware reads `callbak`; it is retired in Q3 (OPS-42)"
expires = 2030-06-30
owner = "kiosk-team"
"#;

#[test]
fn entries_suppress_by_rule_tenant_glob_and_path_glob() {
    let repo = estate();
    suppressions(repo.path(), LEGACY);
    let report = json_report(repo.path(), &[".", "--select", "input,schema"]);
    for tenant in ["acme-dev", "acme-prod"] {
        assert!(!has(
            &report,
            "SCHEMA-001",
            tenant,
            "clients[Legacy Kiosk]/callbak"
        ));
        assert!(has(
            &report,
            "SCHEMA-001",
            tenant,
            "clients[Portal]/callbak"
        ));
    }
    assert_eq!(report["summary"]["suppressed"], 2);
    assert_eq!(report["summary"]["warnings"], 2);
    let human = stdout(&run_in(
        repo.path(),
        &["check", ".", "--select", "input,schema"],
    ));
    assert!(
        human
            .trim_end()
            .ends_with("1 error, 2 warnings, 0 infos in 2 tenants (2 files, 2 suppressed)"),
        "{human}"
    );
    // By rule name, and with a path that names one field exactly.
    suppressions(
        repo.path(),
        "[[suppress]]\nrule = \"unknown-field\"\ntenant = \"acme-prod\"\npath = \"clients[Portal]/callbak\"\nreason = \"x\"\n",
    );
    let report = json_report(repo.path(), &[".", "--select", "input,schema"]);
    assert!(!has(
        &report,
        "SCHEMA-001",
        "acme-prod",
        "clients[Portal]/callbak"
    ));
    assert!(has(
        &report,
        "SCHEMA-001",
        "acme-dev",
        "clients[Portal]/callbak"
    ));
    assert_eq!(report["summary"]["suppressed"], 1);
}

#[test]
fn expired_entries_stop_suppressing_and_are_reported() {
    let repo = estate();
    suppressions(repo.path(), LEGACY);
    let (code, out) = concise(repo.path(), &[("A0LINT_TODAY", "2030-06-30")]);
    assert_eq!(code, 1, "the dev tenant's error");
    assert!(
        !out.contains("Legacy") && !out.contains("SUPPRESS-001"),
        "the last day still counts:\n{out}"
    );
    let (code, out) = concise(repo.path(), &[("A0LINT_TODAY", "2030-07-01")]);
    assert_eq!(code, 1);
    assert!(
        out.contains(".a0lint/suppressions.toml:7:11: warning[SUPPRESS-001] the suppression of `SCHEMA-001` for tenant `acme-*` at `clients[Legacy*]` expired on 2030-06-30, so the findings it covered are reported again; owner: kiosk-team\n"),
        "{out}"
    );
    assert_eq!(out.matches("warning[SCHEMA-001]").count(), 4, "{out}");
    let (code, out) = concise(repo.path(), &[("A0LINT_TODAY", "2030-13-01")]);
    assert_eq!(code, 2);
    assert!(out.contains("A0LINT_TODAY is `2030-13-01`"), "{out}");
}

#[test]
fn unused_entries_are_reported_unless_their_tenant_is_not_checked() {
    let repo = estate();
    suppressions(
        repo.path(),
        &format!(
            "{LEGACY}\n[[suppress]]\nrule = \"SCHEMA-001\"\ntenant = \"acme-dev\"\npath = \"clients[Kiosk]/*\"\nreason = \"typo in the client name\"\n\n[[suppress]]\nrule = \"SCHEMA-003\"\ntenant = \"other-*\"\nreason = \"another estate's tenants\"\n"
        ),
    );
    let (code, out) = concise(repo.path(), &[]);
    assert_eq!(code, 1);
    assert!(
        out.contains(".a0lint/suppressions.toml:10:1: info[SUPPRESS-002] the suppression of `SCHEMA-001` for tenant `acme-dev` at `clients[Kiosk]/*` matches no finding; remove it\n"),
        "{out}"
    );
    assert_eq!(out.matches("SUPPRESS-002").count(), 1, "{out}");
    // Checking only the prod tenant: the dev-only entry cannot be judged.
    let out = stdout(&run_in(
        repo.path(),
        &[
            "check",
            "acme-prod",
            "--format",
            "concise",
            "--select",
            "schema",
        ],
    ));
    assert!(!out.contains("SUPPRESS-002"), "{out}");
}

#[test]
fn invalid_entries_suppress_nothing_and_fail_the_run() {
    let repo = estate();
    suppressions(
        repo.path(),
        r#"[[suppress]]
rule = "SCHEMA-001"
tenant = "acme-dev"

[[suppress]]
rule = "SCHEMA-999"
reason = "no such rule"

[[suppress]]
rule = "SCHEMA-001"
reason = "bad date"
expires = "end of Q2"

[[suppress]]
rule = "SCHEMA-001"
reason = "   "
resaon = "typo"

[supress]
rule = "SCHEMA-001"
"#,
    );
    let (code, out) = concise(repo.path(), &[]);
    assert_eq!(code, 1);
    let expect = [
        ".a0lint/suppressions.toml:1:1: error[SUPPRESS-003] the entry has no `reason`",
        ".a0lint/suppressions.toml:6:8: error[SUPPRESS-003] `rule` names no a0lint rule: `SCHEMA-999`",
        ".a0lint/suppressions.toml:12:11: error[SUPPRESS-003] `expires` is `end of Q2`, not a date in the form YYYY-MM-DD; this suppression of `SCHEMA-001` suppresses nothing until it is fixed",
        ".a0lint/suppressions.toml:16:10: error[SUPPRESS-003] the `reason` is empty",
        ".a0lint/suppressions.toml:17:1: error[SUPPRESS-003] unknown key `resaon`",
        ".a0lint/suppressions.toml:19:2: error[SUPPRESS-003] unknown key `supress` in the suppressions file",
    ];
    for e in expect {
        assert!(out.contains(e), "missing {e:?} in\n{out}");
    }
    assert_eq!(
        out.matches("warning[SCHEMA-001]").count(),
        4,
        "nothing was suppressed:\n{out}"
    );

    suppressions(repo.path(), "[[suppress]\nrule = 1\n");
    let (code, out) = concise(repo.path(), &[]);
    assert_eq!(code, 1);
    assert!(
        out.contains(".a0lint/suppressions.toml:1:")
            && out.contains("error[SUPPRESS-003] the suppressions file is not valid TOML"),
        "{out}"
    );
}

#[test]
fn inline_comments_need_a_rule_and_a_reason() {
    let repo = repo();
    yaml_export(
        repo.path(),
        "acme-dev",
        "clients:\n  - name: A\n    callbak: []  # a0lint: ignore[SCHEMA-001] the kiosk reads it until Q3\n  - name: B\n    # a0lint: ignore[unknown-field, SCHEMA-003] migrating in OPS-7\n    callbak: []\n  - name: C\n    callbak: []  # a0lint: ignore[SCHEMA-001]\n  - name: D\n    app_type: spa  # a0lint: ignore[SCHEMA-001] nothing to silence here\n    callbak: []\n  - name: E\n    callbak: [] # a0lint: ignore[NOPE-1] reason\n# a0lint: ignore[unknown-resource-type] staged for the next Deploy CLI release\nfancyNewThing: {}\n",
    );
    let (code, out) = concise(repo.path(), &[]);
    assert_eq!(code, 1, "{out}");
    let t = "acme-dev/tenant.yaml";
    // A and B are silenced; C's comment has no reason, D's trailing comment covers only its own
    // line, E's names no rule.
    assert_eq!(out.matches("warning[SCHEMA-001]").count(), 3, "{out}");
    for line in [8, 11, 13] {
        assert!(
            out.contains(&format!("{t}:{line}:5: warning[SCHEMA-001]")),
            "{line}: {out}"
        );
    }
    assert!(
        out.contains(&format!(
            "{t}:8:18: error[SUPPRESS-003] `# a0lint: ignore[SCHEMA-001]` has no reason"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{t}:13:17: error[SUPPRESS-003] `# a0lint: ignore[…]` names no a0lint rule: `NOPE-1`"
        )),
        "{out}"
    );
    assert!(out.contains(&format!("{t}:5:5: info[SUPPRESS-002] `# a0lint: ignore[…]` silences `SCHEMA-003`, but no such finding is on this line or the next; remove those rules from it")), "{out}");
    assert!(out.contains(&format!("{t}:10:20: info[SUPPRESS-002] `# a0lint: ignore[…]` silences `SCHEMA-001`, but no such finding is on this line; remove the comment")), "{out}");
    assert!(
        !out.contains("SCHEMA-006"),
        "a comment at column 1 works too: {out}"
    );
    assert!(out.contains("3 suppressed"), "{out}");
}

#[test]
fn an_explicit_suppressions_file_must_exist() {
    let repo = estate();
    let elsewhere = repo.path().join("waivers.toml");
    std::fs::write(&elsewhere, LEGACY).unwrap();
    let report = json_report(
        repo.path(),
        &[".", "--suppressions", "waivers.toml", "--select", "schema"],
    );
    assert_eq!(report["summary"]["suppressed"], 2);
    let out = run_in(
        repo.path(),
        &["check", ".", "--suppressions", "missing.toml"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no suppressions file at missing.toml"),
        "{}",
        stderr(&out)
    );
    // The default file is found from a folder below the repository root too.
    suppressions(repo.path(), LEGACY);
    let report = json_report(&repo.path().join("acme-dev"), &[".", "--select", "schema"]);
    assert_eq!(report["summary"]["suppressed"], 1);
}
