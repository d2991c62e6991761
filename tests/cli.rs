//! CLI golden tests (trycmd cases as data in `tests/cmd/`) and process-level checks: exit codes,
//! the JSON contract, atomic `--output`, broken pipes.

use std::path::PathBuf;
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn a0lint() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_a0lint"));
    c.current_dir(root()).env("NO_COLOR", "1");
    c
}

#[test]
fn golden_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

#[test]
fn json_output_follows_the_published_contract() {
    let out = a0lint()
        .args(["check", "fixtures/example-estate", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the example estate has errors");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/output.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(doc["summary"]["tenants"], 4);
}

#[test]
fn exit_codes() {
    let status = |args: &[&str]| a0lint().args(args).output().unwrap().status.code();
    assert_eq!(status(&["check", "fixtures/formats/pair/yaml"]), Some(0));
    assert_eq!(status(&["check", "fixtures/example-estate"]), Some(1));
    assert_eq!(
        status(&["check", "fixtures/example-estate", "--fail-on", "never"]),
        Some(0)
    );
    assert_eq!(
        status(&[
            "check",
            "fixtures/example-estate/northwind-staging",
            "--fail-on",
            "warning"
        ]),
        Some(1)
    );
    // Input that cannot be parsed, a usage error, and nothing to check.
    assert_eq!(status(&["check", "fixtures/input/yaml-syntax"]), Some(2));
    assert_eq!(status(&["check", "--format", "nope"]), Some(2));
    assert_eq!(status(&["check", "fixtures/input/oversize"]), Some(2));
    assert_eq!(status(&["rule", "NOPE-999"]), Some(2));
}

#[test]
fn broken_input_never_hides_healthy_tenants() {
    let out = a0lint()
        .args([
            "check",
            "fixtures/input/yaml-syntax",
            "fixtures/example-estate",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["tenants"], 5);
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"INPUT-001"));
    assert!(
        rules.contains(&"SCHEMA-001"),
        "the healthy estate's findings are still there"
    );
}

#[test]
fn output_file_is_written_atomically_and_matches_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.json");
    std::fs::write(&target, "old").unwrap();
    let status = a0lint()
        .args([
            "check",
            "fixtures/example-estate",
            "--format",
            "json",
            "--output",
        ])
        .arg(&target)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    let written = std::fs::read(&target).unwrap();
    let stdout = a0lint()
        .args(["check", "fixtures/example-estate", "--format", "json"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(written, stdout, "deterministic, and identical to stdout");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");
}

#[test]
fn a_closed_pipe_exits_zero() {
    let mut child = a0lint()
        .args(["check", "../shared/corpus", "fixtures/example-estate"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Close our end of the pipe before a0lint writes anything.
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert!(
        matches!(status.code(), Some(0)),
        "a broken pipe is not a failure: {status:?}"
    );
}

#[test]
fn no_secret_value_reaches_any_output() {
    // The dev tenant's connection carries a plaintext (fake) client secret; a finding next to it
    // would show it in a code frame unless frames are masked.
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("acme-dev");
    std::fs::create_dir_all(&export).unwrap();
    let secret = "s3cr3t-VALUE-that-must-not-leak";
    std::fs::write(
        export.join("tenant.yaml"),
        format!(
            "tenant:\n  friendly_name: Acme\nconnections:\n  - name: corp\n    strategy: oidc\n    client_secret: {secret}\n    options: {{}}\n"
        ),
    )
    .unwrap();
    for format in ["human", "json"] {
        let out = a0lint()
            .args(["check", "--format", format])
            .arg(&export)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("SCHEMA-001"),
            "the misplaced secret is flagged: {text}"
        );
        assert!(
            !text.contains(secret),
            "{format} output leaks the secret:\n{text}"
        );
    }
}

/// `a0lint schema` prints self-contained schemas: they compile with no registry (so no `$ref`
/// points outside them) and accept the example estate's production tenant.
#[test]
fn printed_schemas_are_self_contained() {
    let schema = |which: &str| -> serde_json::Value {
        let out = a0lint().args(["schema", which]).output().unwrap();
        assert!(out.status.success(), "{which}");
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let tenant = jsonschema::validator_for(&schema("tenant")).expect("compiles on its own");
    let estate = a0lint::estate::Estate::load(
        &[root().join("fixtures/example-estate/northwind-prod")],
        &a0lint::export::LoadOptions::default(),
    );
    let prod = estate.tenants[0].resources.to_json();
    let errors: Vec<String> = tenant.iter_errors(&prod).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let clients = jsonschema::validator_for(&schema("clients")).unwrap();
    assert!(clients.is_valid(&serde_json::json!({ "name": "App", "callbacks": [] })));
    assert!(!clients.is_valid(&serde_json::json!({ "name": "App", "callback": [] })));
    jsonschema::validator_for(&schema("config")).expect("the manifest schema compiles");
    // The directory mapping: VS Code `json.schemas` entries.
    let dir = schema("directory");
    let clients_entry = dir
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["fileMatch"] == serde_json::json!(["**/clients/*.json"]))
        .unwrap();
    assert_eq!(
        clients_entry["url"],
        "https://schemas.a0lint.dev/export/clients.schema.json"
    );
}

/// `--out-dir` writes every schema an editor needs and prints settings pointing at them.
#[test]
fn schemas_written_to_a_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = a0lint()
        .args(["schema", "--out-dir"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let entries: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for e in entries.as_array().unwrap() {
        let path = PathBuf::from(e["url"].as_str().unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        jsonschema::validator_for(&doc).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    }
    assert!(tmp.path().join("tenant-export.schema.json").is_file());
    assert!(tmp.path().join("a0lint.schema.json").is_file());
    assert!(tmp.path().join("customDomains-list.schema.json").is_file());
}
