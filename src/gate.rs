//! The gate: what happens between the findings of `check` and the report a CI system reads.
//!
//! `check` answers "what is wrong with this estate?". A CI gate must answer a narrower question:
//! "what is wrong that nobody has accepted yet?". This module turns the one into the other, in a
//! fixed order that every output format then shares:
//!
//! 1. every finding gets its identity (semantic path and fingerprint, [`crate::fingerprint`]);
//! 2. suppressions (the suppressions file and inline comments, [`crate::suppress`]) silence what
//!    they name, and report themselves when invalid, expired or unused;
//! 3. the baseline ([`crate::baseline`]), when one is given, hides what it recorded and reports
//!    what it recorded that is gone;
//! 4. what is left is sorted the way every output sorts, and counted.
//!
//! It also knows where the run stands in the repository ([`Workspace`]): CI systems want paths
//! relative to the repository root, not to the working directory, and SARIF wants a stable name
//! for the estate so that two analyses of one commit do not overwrite each other's alerts.

use std::path::{Path, PathBuf};

use crate::baseline::Baseline;
use crate::check::CheckResult;
use crate::error::Error;
use crate::export::load::normalize;
use crate::finding::{Finding, Resolved};
use crate::fingerprint::{self, Identity};
use crate::render::{Summary, path_string};
use crate::suppress::{self, Date, Suppressions};

/// Where a run stands: the working directory, the repository root, and the estate's name.
#[derive(Clone, Debug)]
pub struct Workspace {
    /// Absolute working directory; displayed paths are relative to it.
    pub cwd: PathBuf,
    /// Absolute repository root: the nearest folder at or above `cwd` holding `.git`, else `cwd`.
    pub root: PathBuf,
    /// A stable name for the checked paths (`fixtures/example-estate`), for SARIF's
    /// `automationDetails.id`.
    pub estate_id: String,
}

impl Workspace {
    /// The workspace of this process, checking `paths`.
    pub fn discover(paths: &[PathBuf]) -> Result<Workspace, Error> {
        let cwd = std::env::current_dir()?;
        Ok(Workspace::at(cwd, paths))
    }

    /// The workspace for a working directory, checking `paths`.
    pub fn at(cwd: PathBuf, paths: &[PathBuf]) -> Workspace {
        let root = cwd
            .ancestors()
            .find(|d| d.join(".git").exists())
            .unwrap_or(&cwd)
            .to_path_buf();
        let mut ws = Workspace {
            cwd,
            root,
            estate_id: String::new(),
        };
        ws.estate_id = ws.estate_name(paths);
        ws
    }

    fn estate_name(&self, paths: &[PathBuf]) -> String {
        let mut parts: Vec<String> = Vec::new();
        for p in paths {
            let rel = self.stable_path(p);
            let rel = rel.trim_matches('/');
            let rel = if rel.is_empty() || rel == "." {
                "root"
            } else {
                rel
            };
            let clean: String = rel
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/') {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            if !parts.contains(&clean) {
                parts.push(clean);
            }
        }
        if parts.is_empty() {
            "root".to_owned()
        } else {
            parts.join("+")
        }
    }

    /// `shown` (a path as displayed: relative to the working directory, or absolute) as an
    /// absolute path, with `.` and `..` resolved lexically.
    pub fn absolute(&self, shown: &Path) -> PathBuf {
        normalize(&self.cwd.join(shown))
    }

    /// `shown` relative to the repository root, with forward slashes; `None` outside it.
    pub fn repo_relative(&self, shown: &Path) -> Option<String> {
        let abs = self.absolute(shown);
        let rel = abs.strip_prefix(&self.root).ok()?;
        Some(if rel.as_os_str().is_empty() {
            ".".to_owned()
        } else {
            path_string(rel)
        })
    }

    /// `shown` relative to the repository root when it is inside it, else as displayed.
    pub fn stable_path(&self, shown: &Path) -> String {
        self.repo_relative(shown)
            .unwrap_or_else(|| path_string(shown))
    }
}

/// What the gate needs besides the findings.
#[derive(Clone, Debug)]
pub struct GateOptions {
    /// `--suppressions FILE`; otherwise [`suppress::DEFAULT_FILE`] is looked for.
    pub suppressions: Option<PathBuf>,
    /// `--baseline FILE`.
    pub baseline: Option<PathBuf>,
    /// `--prune-baseline`: rewrite the baseline without its stale entries instead of reporting
    /// them.
    pub prune_baseline: bool,
    /// The date expiry is judged against.
    pub today: Date,
}

/// The findings to report, after suppressions and baseline.
#[derive(Debug)]
pub struct Gated {
    /// Sorted like every output: file, position, rule, tenant, message.
    pub findings: Vec<Finding>,
    /// The identity of each finding, in the same order.
    pub identities: Vec<Identity>,
    /// Findings silenced by a suppression.
    pub suppressed: usize,
    /// Findings hidden because the baseline holds them.
    pub baselined: usize,
    /// Stale entries removed by `--prune-baseline`.
    pub pruned: usize,
    pub summary: Summary,
}

/// Applies suppressions and the baseline to a check's findings. The findings move out of
/// `result` into the [`Gated`] it returns (cloning a hundred thousand of them only to drop the
/// originals cost more than the suppressions themselves); on an error they stay where they were.
pub fn apply(result: &mut CheckResult, ws: &Workspace, opts: &GateOptions) -> Result<Gated, Error> {
    let estate = &result.estate;
    let ids = fingerprint::identify(&result.findings, estate, ws);
    let file = suppress::locate(opts.suppressions.as_deref(), ws)?;
    let suppressions = Suppressions::load(file.as_deref(), estate, ws)?;
    let baseline = match &opts.baseline {
        Some(path) => Some(Baseline::load(path, &estate.sources)?),
        None => None,
    };
    let applied = suppressions.apply(&result.findings, &ids, estate, opts.today);
    let suppressed = applied.count();
    let mut kept: Vec<(Finding, Identity)> = std::mem::take(&mut result.findings)
        .into_iter()
        .zip(ids)
        .zip(&applied.suppressed)
        .filter(|(_, s)| !**s)
        .map(|(pair, _)| pair)
        .collect();
    let estate = &result.estate;
    // `check` sorted its findings and filtering keeps their order: only findings added here
    // (about suppressions and the baseline) call for sorting again.
    let mut added = applied.findings.len();
    kept.extend(applied.findings);
    let (mut baselined, mut pruned) = (0, 0);
    if let Some(baseline) = baseline {
        let tenants: Vec<&str> = estate.tenants.iter().map(|t| t.name.as_str()).collect();
        let (fs, is): (Vec<Finding>, Vec<Identity>) = kept.into_iter().unzip();
        let b = baseline.apply(&fs, &is, &tenants);
        baselined = b.count();
        kept = fs
            .into_iter()
            .zip(is)
            .zip(&b.known)
            .filter(|(_, k)| !**k)
            .map(|(pair, _)| pair)
            .collect();
        if opts.prune_baseline {
            if !b.stale.is_empty() {
                baseline.prune(&b.stale)?;
            }
            pruned = b.stale.len();
        } else {
            added += b.stale.len();
            kept.extend(b.stale.iter().map(|&e| baseline.stale_finding(e)));
        }
    }
    if added > 0 {
        kept.sort_by_cached_key(|(f, _)| {
            let r = Resolved::of(&f.location, &estate.sources);
            (
                r.path,
                r.start,
                r.end,
                f.rule,
                f.tenant.clone(),
                f.message.clone(),
            )
        });
    }
    let (findings, identities): (Vec<Finding>, Vec<Identity>) = kept.into_iter().unzip();
    let mut summary = Summary::of(&findings, result.summary.tenants, result.summary.files);
    summary.suppressed = suppressed;
    summary.baselined = baselined;
    Ok(Gated {
        findings,
        identities,
        suppressed,
        baselined,
        pruned,
        summary,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_repository_root() {
        let ws = Workspace {
            cwd: PathBuf::from("/repo/sub"),
            root: PathBuf::from("/repo"),
            estate_id: String::new(),
        };
        assert_eq!(
            ws.repo_relative(Path::new("a/../b/c.json")).as_deref(),
            Some("sub/b/c.json")
        );
        assert_eq!(
            ws.repo_relative(Path::new("../x.yaml")).as_deref(),
            Some("x.yaml")
        );
        assert_eq!(ws.repo_relative(Path::new("../../etc/x")), None);
        assert_eq!(ws.stable_path(Path::new("/etc/x")), "/etc/x");
        assert_eq!(
            ws.estate_name(&[PathBuf::from("."), PathBuf::from("est ate/prod")]),
            "sub+sub/est-ate/prod"
        );
        let top = Workspace {
            cwd: PathBuf::from("/repo"),
            ..ws
        };
        assert_eq!(top.estate_name(&[PathBuf::from(".")]), "root");
    }
}
