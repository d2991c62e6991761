//! House rules written as data: the fixture estate's rules, broken rule files, the scaffold and
//! `a0lint rules test`, the rule file schema, and the generated rule-format reference page.

use std::path::{Path, PathBuf};
use std::process::Command;

use a0lint::check::{CheckOptions, run_check};
use a0lint::finding::Resolved;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn a0lint() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_a0lint"));
    c.current_dir(root()).env("NO_COLOR", "1");
    c
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).min_depth(1) {
        let e = e.unwrap();
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn lines(estate: &Path, select: &[&str]) -> Vec<String> {
    let opts = CheckOptions {
        paths: vec![estate.to_path_buf()],
        max_file_size: 64 * 1024 * 1024,
        select: select.iter().map(|s| s.to_string()).collect(),
        ..CheckOptions::default()
    };
    let result = run_check(&opts).unwrap();
    let base = std::fs::canonicalize(estate).unwrap();
    result
        .findings
        .iter()
        .map(|f| {
            let r = Resolved::of(&f.location, &result.estate.sources);
            let abs = std::fs::canonicalize(&r.path).unwrap_or(r.path.clone());
            let shown = abs
                .strip_prefix(&base)
                .map(Path::to_path_buf)
                .unwrap_or(r.path);
            format!(
                "{} {} {}:{}:{} {} {}",
                f.rule,
                f.severity,
                shown.to_string_lossy().replace('\\', "/"),
                r.line,
                r.column,
                f.pointer,
                f.message
            )
        })
        .collect()
}

#[test]
fn house_rules_find_what_they_select() {
    let found = lines(&root().join("fixtures/user-rules/estate"), &["ACME"]);
    insta::assert_snapshot!(found.join("\n"));
    for id in ["ACME-001", "ACME-002", "ACME-003", "ACME-004"] {
        assert!(
            found.iter().any(|l| l.starts_with(id)),
            "{id} fires: {found:#?}"
        );
    }
}

#[test]
fn a_broken_rule_is_located_and_the_others_still_run() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("fixtures/user-rules/estate"), dir.path());
    std::fs::write(
        dir.path().join(".a0lint/rules/broken.toml"),
        "id = \"ACME-009\"\nname = \"broken-rule\"\ncategory = \"security\"\nseverity = \"error\"\nsummary = \"s\"\nrationale = \"r\"\nfix = \"f\"\n\n[select]\nresource = \"apis\"\n\n[assert]\nrequired = true\n\n[examples]\nfail = \"\"\npass = \"\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".a0lint/rules/typo.toml"),
        "id = \"ACME-010\"\nnmae = \"typo\"\n",
    )
    .unwrap();
    let found = lines(dir.path(), &["ACME", "MANIFEST-004"]);
    assert!(
        found
            .iter()
            .any(|l| l.starts_with("MANIFEST-004 error .a0lint/rules/broken.toml:9:1")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|l| l.starts_with("MANIFEST-004 error .a0lint/rules/typo.toml:2:1")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|l| l.starts_with("ACME-001")),
        "the healthy rules still run"
    );
}

#[test]
fn scaffold_then_rules_test() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_a0lint"))
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["rule", "new", "api-rs256-short-tokens"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let file = dir.path().join(".a0lint/rules/api-rs256-short-tokens.toml");
    assert!(file.is_file());
    let out = run(&["rules", "test"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains(" 0 failed"), "{text}");
    // A passing example that actually fails is caught.
    let broken = std::fs::read_to_string(&file)
        .unwrap()
        .replace("signing_alg: RS256", "signing_alg: HS512");
    std::fs::write(&file, broken).unwrap();
    let out = run(&["rules", "test"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("FAILED HOUSE-001"), "{text}");
    // The scaffold refuses to overwrite.
    assert_eq!(
        run(&["rule", "new", "api-rs256-short-tokens"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn user_rules_are_first_class_in_json_output() {
    let out = a0lint()
        .args([
            "check",
            "fixtures/user-rules/estate",
            "--format",
            "json",
            "--select",
            "ACME-002",
        ])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &doc["findings"][0];
    assert_eq!(f["rule"], "ACME-002");
    assert_eq!(f["name"], "client-name-without-product-code");
    assert_eq!(f["category"], "maintainability");
    assert!(f["help"].as_str().unwrap().contains("Rename"));
}

fn toml_to_json(text: &str) -> serde_json::Value {
    let value: toml::Value = toml::from_str(text).unwrap();
    serde_json::to_value(value).unwrap()
}

#[test]
fn every_rule_file_matches_the_rule_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/rule.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let files = walkdir::WalkDir::new(root().join("rules"))
        .into_iter()
        .chain(walkdir::WalkDir::new(root().join("fixtures/user-rules")))
        .filter_map(Result::ok)
        .filter(|e| {
            e.path().extension().is_some_and(|x| x == "toml")
                && e.path().to_string_lossy().contains("rules")
        });
    let mut n = 0;
    for e in files {
        if e.path().file_name().is_some_and(|f| f == "a0lint.toml") {
            continue;
        }
        let json = toml_to_json(&std::fs::read_to_string(e.path()).unwrap());
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", e.path().display());
        n += 1;
    }
    assert!(n > 30);
}

/// The reference part of `docs/rule-format.md` is generated from `schemas/rule.schema.json`; run
/// with `A0LINT_UPDATE_DOCS=1` to rewrite it.
#[test]
fn rule_format_reference_is_current() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/rule.schema.json")).unwrap(),
    )
    .unwrap();
    let mut generated = String::from("| key | type | meaning |\n| --- | --- | --- |\n");
    fn rows(out: &mut String, prefix: &str, schema: &serde_json::Value) {
        let Some(props) = schema.get("properties").and_then(|p| p.as_object()) else {
            return;
        };
        let required: Vec<&str> = schema
            .get("required")
            .and_then(|r| r.as_array())
            .map(|r| r.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        for (k, v) in props {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            let ty = v
                .get("type")
                .map(|t| t.to_string().replace('"', ""))
                .or_else(|| {
                    v.get("enum")
                        .map(|e| e.to_string().replace('"', "`").replace(",", ", "))
                })
                .unwrap_or_else(|| "see below".into());
            let desc = v
                .get("description")
                .and_then(|d| d.as_str())
                .unwrap_or("")
                .replace('|', "\\|");
            let req = if required.contains(&k.as_str()) {
                " **Required.**"
            } else {
                ""
            };
            out.push_str(&format!("| `{key}` | {ty} | {desc}{req} |\n"));
            if v.get("properties").is_some() {
                rows(out, &key, v);
            }
        }
    }
    rows(&mut generated, "", &schema);
    let path = root().join("docs/rule-format.md");
    let page = std::fs::read_to_string(&path).unwrap();
    let (begin, end) = ("<!-- generated:begin -->\n", "<!-- generated:end -->");
    let a = page.find(begin).expect("begin marker") + begin.len();
    let b = page.find(end).expect("end marker");
    if std::env::var_os("A0LINT_UPDATE_DOCS").is_some() {
        let updated = format!("{}{}{}", &page[..a], generated, &page[b..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert_eq!(
        &page[a..b],
        generated,
        "docs/rule-format.md is stale: run with A0LINT_UPDATE_DOCS=1"
    );
}

/// A built-in rule written as data (SEC-002 wildcard-url) is selected, ignored, scoped by
/// environment and suppressed inline exactly like a Rust one.
#[test]
fn builtin_declarative_rules_behave_like_rust_ones() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("fixtures/rules/wildcard-url/fail"), tmp.path());
    let run = |args: &[&str]| -> Vec<(String, String, String)> {
        let out = a0lint()
            .arg("check")
            .arg(tmp.path())
            .args(["--format", "json"])
            .args(args)
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "SEC-002")
            .map(|f| {
                (
                    f["severity"].as_str().unwrap().to_owned(),
                    f["pointer"].as_str().unwrap_or("").to_owned(),
                    f["name"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let all = run(&[]);
    assert_eq!(
        all.iter()
            .map(|(s, p, _)| format!("{s} {p}"))
            .collect::<Vec<_>>(),
        [
            "error /clients/0/callbacks/0",
            "warning /clients/0/web_origins/0"
        ]
    );
    assert!(all.iter().all(|(_, _, n)| n == "wildcard-url"));
    assert_eq!(run(&["--select", "wildcard-url"]).len(), 2);
    assert_eq!(run(&["--select", "SEC-00"]).len(), 2);
    assert!(run(&["--ignore", "SEC-002"]).is_empty());
    assert!(run(&["--ignore", "security"]).is_empty());
    // In a development tenant both are info (`severity-by-environment`, then the cap).
    std::fs::rename(
        tmp.path().join("northwind-prod"),
        tmp.path().join("northwind-dev"),
    )
    .unwrap();
    let dev = run(&[]);
    assert_eq!(dev.len(), 2);
    assert!(dev.iter().all(|(s, _, _)| s == "info"), "{dev:?}");
    std::fs::rename(
        tmp.path().join("northwind-dev"),
        tmp.path().join("northwind-prod"),
    )
    .unwrap();
    // An inline suppression silences the finding it is written on, and only that one.
    let yaml = tmp.path().join("northwind-prod/tenant.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap().replace(
        "      - https://*.portal.northwind.example/callback",
        "      - https://*.portal.northwind.example/callback # a0lint: ignore[wildcard-url] every subdomain is ours",
    );
    std::fs::write(&yaml, text).unwrap();
    let left = run(&[]);
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].1, "/clients/0/web_origins/0");
}
