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
