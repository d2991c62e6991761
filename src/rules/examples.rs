//! Running a rule's documented examples: the failing one must raise the rule, the passing one
//! must not. The meta-tests run every built-in rule's examples this way, and `a0lint rules test`
//! runs them for built-in and user rules alike, so a team's rules are tested the way ours are.

use super::RuleMeta;
use crate::check::{CheckOptions, run_check};

/// Marks an example that cannot be run as a one-file export (it describes bytes, sizes, or a
/// second file); such rules are covered by fixtures instead.
pub const NOT_EXECUTABLE: &str = "a0lint:example-not-executable";

/// The outcome of one rule's examples.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Skipped,
    Failed(String),
}

/// Runs `meta`'s examples.
pub fn run(meta: &'static RuleMeta) -> Outcome {
    let ex = &meta.examples;
    if ex.fail.contains(NOT_EXECUTABLE) {
        return Outcome::Skipped;
    }
    let fail = match raised(meta, &ex.fail, ex.fail_manifest.as_deref()) {
        Ok(r) => r,
        Err(e) => return Outcome::Failed(e),
    };
    if !fail.iter().any(|r| r == &meta.id) {
        return Outcome::Failed(format!(
            "the failing example does not raise {} (it raised: {})",
            meta.id,
            if fail.is_empty() {
                "nothing".into()
            } else {
                fail.join(", ")
            }
        ));
    }
    let pass = match raised(meta, &ex.pass, ex.pass_manifest.as_deref()) {
        Ok(r) => r,
        Err(e) => return Outcome::Failed(e),
    };
    if pass.iter().any(|r| r == &meta.id) {
        return Outcome::Failed(format!("the passing example raises {}", meta.id));
    }
    Outcome::Passed
}

/// Writes an example as a one-tenant estate in a temporary folder, checks it, and returns the
/// rule ids raised.
fn raised(
    meta: &'static RuleMeta,
    text: &str,
    manifest: Option<&str>,
) -> Result<Vec<String>, String> {
    let ex = &meta.examples;
    let dir = tempfile::tempdir().map_err(|e| format!("cannot create a temporary folder: {e}"))?;
    let export = dir
        .path()
        .join(ex.tenant.as_deref().unwrap_or("example-dev"));
    let io = |e: std::io::Error| format!("cannot write the example: {e}");
    std::fs::create_dir_all(&export).map_err(io)?;
    match ex.format.as_str() {
        "json" => {
            // A directory export: the example is one client file beside a tenant.json.
            std::fs::create_dir_all(export.join("clients")).map_err(io)?;
            std::fs::write(
                export.join("tenant.json"),
                "{\"friendly_name\": \"Example\"}\n",
            )
            .map_err(io)?;
            std::fs::write(export.join("clients/Example.json"), text).map_err(io)?;
        }
        _ => std::fs::write(export.join("tenant.yaml"), text).map_err(io)?,
    }
    if let Some(m) = manifest {
        std::fs::write(dir.path().join("a0lint.toml"), m).map_err(io)?;
    }
    let opts = CheckOptions {
        paths: vec![dir.path().to_path_buf()],
        max_file_size: 64 * 1024 * 1024,
        extra_rules: if meta.user { vec![meta] } else { Vec::new() },
        ..CheckOptions::default()
    };
    let result = run_check(&opts).map_err(|e| e.to_string())?;
    Ok(result.findings.iter().map(|f| f.rule.to_owned()).collect())
}
