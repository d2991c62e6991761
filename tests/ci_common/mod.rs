//! Helpers shared by the `ci_*` tests: running the binary in a controlled environment and
//! writing small exports into temporary repositories.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the crate root, with no colour and none of the variables that change
/// its behaviour inherited from the environment the tests run in (a CI job sets some of them).
pub fn a0lint() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_a0lint"));
    c.current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("GITHUB_SERVER_URL")
        .env_remove("GITHUB_REPOSITORY")
        .env_remove("GITHUB_SHA")
        .env_remove("A0LINT_TODAY");
    c
}

/// Limits a run to the rules of the loaders and the schema, so that tests about output formats
/// and suppressions do not change whenever an architecture rule is added.
pub const CORE_RULES: [&str; 2] = ["--select", "input,schema"];

/// Runs `a0lint` with `args` in `cwd`.
pub fn run_in(cwd: &Path, args: &[&str]) -> Output {
    a0lint().current_dir(cwd).args(args).output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// A temporary folder that looks like a git checkout (it has a `.git` folder).
pub fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

/// Writes `<dir>/<tenant>/tenant.yaml` and returns the tenant folder.
pub fn yaml_export(dir: &Path, tenant: &str, yaml: &str) -> PathBuf {
    let t = dir.join(tenant);
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(t.join("tenant.yaml"), yaml).unwrap();
    t
}

/// The JSON report of a run in `cwd`.
pub fn json_report(cwd: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run_in(cwd, &all);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(&out), stderr(&out)))
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
