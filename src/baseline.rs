//! Baselines: switching a0lint on for an estate that already has findings.
//!
//! A gate that fails on day one because of years of accumulated findings does not get switched
//! on. `--write-baseline FILE` records today's findings; `--baseline FILE` then reports only the
//! findings that are not in it, so the gate stops *new* problems from the first day while the old
//! ones are worked off (Checkov's `.checkov.baseline`, ESLint's bulk suppressions).
//!
//! An entry is a finding's fingerprint (see [`crate::fingerprint`]) together with its rule, tenant,
//! semantic path and message. Only the fingerprint is matched: the rest is there so that a person
//! reviewing the file in a pull request can tell what was accepted. Because fingerprints ignore
//! lines, key order, item order and export format, a re-export does not invalidate the baseline.
//! Findings that share a fingerprint are counted: a baseline with two entries for one fingerprint
//! accepts two such findings, and a third is new. Within a fingerprint, entries are matched to
//! findings with the same message first, so the entry reported as gone is the one that went.
//!
//! The file is JSON, sorted by tenant, path, rule and message, and written atomically, so that
//! rewriting it gives a small, reviewable diff and an interrupted run never leaves half a file.
//!
//! Entries that no longer match any finding are *stale*: the problem was fixed, or the resource
//! renamed. Each is reported as an info finding (`BASELINE-001`) located at the entry in the
//! baseline file, like any other finding, so it shows up in every output format and CI system;
//! `--prune-baseline` rewrites the file without them (and adds nothing). Entries for tenants that
//! are not part of this run are never stale, nor are estate-wide entries when some of the
//! baseline's tenants are missing: checking one tenant must not prune the others.
//!
//! Findings about suppressions and about the baseline itself are never recorded or matched: a
//! broken suppression must be fixed, not accepted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::fingerprint::{Identity, Segment};
use crate::source::{SourceMap, Span, json};

/// The rules this module raises.
pub mod ids {
    pub const STALE: &str = "BASELINE-001";
}

/// Version of the baseline file format.
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    entries: Vec<Entry>,
}

/// One accepted finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    pub tenant: Option<String>,
    pub path: String,
    pub message: String,
}

impl Entry {
    fn sort_key(&self) -> (Option<&str>, &str, &str, &str, &str) {
        (
            self.tenant.as_deref(),
            &self.path,
            &self.rule,
            &self.message,
            &self.fingerprint,
        )
    }
}

/// Rules whose findings are never baselined.
fn recordable(rule: &str) -> bool {
    !rule.starts_with("SUPPRESS-") && !rule.starts_with("BASELINE-")
}

/// The entries for `findings`, sorted.
pub fn entries(findings: &[Finding], ids: &[Identity]) -> Vec<Entry> {
    let mut out: Vec<Entry> = findings
        .iter()
        .zip(ids)
        .filter(|(f, _)| recordable(f.rule))
        .map(|(f, id)| Entry {
            fingerprint: id.fingerprint.clone(),
            rule: f.rule.to_owned(),
            tenant: f.tenant.clone(),
            path: id.path.clone(),
            message: f.message.clone(),
        })
        .collect();
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out
}

/// Serialises entries as a baseline file.
pub fn to_bytes(entries: Vec<Entry>) -> Result<Vec<u8>, Error> {
    let mut buf = serde_json::to_vec_pretty(&File {
        version: VERSION,
        entries,
    })?;
    buf.push(b'\n');
    Ok(buf)
}

/// Records `findings` in `path`, atomically. Returns the number of entries.
pub fn write(path: &Path, findings: &[Finding], ids: &[Identity]) -> Result<usize, Error> {
    let entries = entries(findings, ids);
    let n = entries.len();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::Output(path.to_path_buf(), e.to_string()))?;
    }
    crate::cli::write_atomic(path, &to_bytes(entries)?)?;
    Ok(n)
}

/// A baseline read from disk.
#[derive(Debug)]
pub struct Baseline {
    pub path: PathBuf,
    pub entries: Vec<Entry>,
    /// Where each entry is in the file.
    spans: Vec<Span>,
}

/// What applying a baseline did.
#[derive(Debug, Default)]
pub struct Applied {
    /// For each finding given, whether the baseline holds it.
    pub known: Vec<bool>,
    /// Indices of the entries that matched no finding (only those of tenants in this run).
    pub stale: Vec<usize>,
}

impl Applied {
    pub fn count(&self) -> usize {
        self.known.iter().filter(|k| **k).count()
    }
}

impl Baseline {
    /// Reads a baseline and registers it in `sources`, so stale entries can be located.
    pub fn load(path: &Path, sources: &SourceMap) -> Result<Baseline, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::Usage(format!(
                "cannot read the baseline {}: {e}; create it with `a0lint check --write-baseline {}`",
                path.display(),
                path.display()
            ))
        })?;
        let bad = |why: String| {
            Error::Usage(format!(
                "{} is not an a0lint baseline ({why}); write a new one with `--write-baseline`",
                path.display()
            ))
        };
        let file: File = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
        if file.version != VERSION {
            return Err(bad(format!(
                "version {}, while this a0lint reads version {VERSION}",
                file.version
            )));
        }
        let source = sources.add(path, text);
        let parsed = json::parse(&source.text, source.id);
        let item_spans: Vec<Span> = parsed
            .root
            .as_ref()
            .and_then(|r| r.get("entries"))
            .and_then(|e| e.as_array())
            .map(|items| items.iter().map(|n| n.span).collect())
            .unwrap_or_default();
        let spans = (0..file.entries.len())
            .map(|i| {
                item_spans
                    .get(i)
                    .copied()
                    .unwrap_or(Span::file_start(source.id))
            })
            .collect();
        Ok(Baseline {
            path: path.to_path_buf(),
            entries: file.entries,
            spans,
        })
    }

    /// Matches findings against the entries. `tenants` are the tenants of this run.
    pub fn apply(&self, findings: &[Finding], ids: &[Identity], tenants: &[&str]) -> Applied {
        let mut known = vec![false; findings.len()];
        let mut by_fp: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            by_fp.entry(e.fingerprint.as_str()).or_default().push(i);
        }
        let mut taken = vec![false; self.entries.len()];
        // Two passes: same fingerprint and message first, then same fingerprint alone.
        for exact in [true, false] {
            for (i, (f, id)) in findings.iter().zip(ids).enumerate() {
                if known[i] || !recordable(f.rule) {
                    continue;
                }
                let Some(candidates) = by_fp.get(id.fingerprint.as_str()) else {
                    continue;
                };
                let hit = candidates
                    .iter()
                    .copied()
                    .find(|&e| !taken[e] && (!exact || self.entries[e].message == f.message));
                if let Some(e) = hit {
                    taken[e] = true;
                    known[i] = true;
                }
            }
        }
        // Estate-wide findings depend on the whole estate; when some of the baseline's tenants
        // are not part of this run, their absence proves nothing.
        let whole_estate = self
            .entries
            .iter()
            .filter_map(|e| e.tenant.as_deref())
            .all(|t| tenants.contains(&t));
        let stale = (0..self.entries.len())
            .filter(|&e| !taken[e])
            .filter(|&e| match self.entries[e].tenant.as_deref() {
                // A finding about one tenant can also depend on the others (its SDLC group, the
                // production tenant's hosts): those entries need the whole estate too.
                Some(t) => {
                    tenants.contains(&t) && (whole_estate || !cross_tenant(&self.entries[e].rule))
                }
                None => whole_estate,
            })
            .collect();
        Applied { known, stale }
    }

    /// The finding that reports a stale entry.
    pub fn stale_finding(&self, e: usize) -> (Finding, Identity) {
        let entry = &self.entries[e];
        let tenant = match &entry.tenant {
            Some(t) => format!(" in tenant `{t}`"),
            None => String::new(),
        };
        let f = Finding::at(
            ids::STALE,
            Severity::Info,
            self.spans[e],
            format!(
                "baseline entry for `{}`{tenant} at `{}` matches no finding any more (fixed, or the resource was renamed); remove it, or rewrite the baseline with `--prune-baseline`",
                entry.rule, entry.path
            ),
        );
        let key = format!(
            "{}#{}",
            crate::render::path_string(&self.path),
            entry.fingerprint
        );
        let id = Identity::new(ids::STALE, None, &[Segment::File(key)]);
        (f, id)
    }

    /// Rewrites the baseline without the given stale entries.
    pub fn prune(&self, stale: &[usize]) -> Result<(), Error> {
        let kept: Vec<Entry> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(i, _)| !stale.contains(i))
            .map(|(_, e)| e.clone())
            .collect();
        crate::cli::write_atomic(&self.path, &to_bytes(kept)?)
    }
}

/// True for rules whose finding about one tenant can depend on other tenants of the estate (the
/// architecture rules compare a tenant with its SDLC group and read the manifest), so a run over
/// part of the estate cannot call their entries stale.
fn cross_tenant(rule: &str) -> bool {
    crate::rules::lookup(rule).is_some_and(|r| {
        matches!(
            r.category.as_str(),
            "naming" | "sdlc" | "isolation" | "association" | "custom-domain" | "provisioning"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn finding(rule: &'static str, msg: &str) -> Finding {
        Finding::at(rule, Severity::Warning, Span::new(FileId(0), 0, 1), msg).with_tenant("t")
    }

    fn id(fp: &str, occ: u32) -> Identity {
        Identity {
            path: "clients[A]/x".into(),
            fingerprint: fp.into(),
            occurrence: occ,
        }
    }

    #[test]
    fn counts_duplicates_and_prefers_the_same_message() {
        let sources = SourceMap::new();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        let old = [finding("R-001", "one"), finding("R-001", "two")];
        let old_ids = [id("aa", 1), id("aa", 2)];
        write(&path, &old, &old_ids).unwrap();
        let b = Baseline::load(&path, &sources).unwrap();
        assert_eq!(b.entries.len(), 2);
        // "one" was fixed and "three" appeared at the same place under the same rule: two entries
        // accept two such findings, as ESLint's counts do.
        let now = [finding("R-001", "two"), finding("R-001", "three")];
        let applied = b.apply(&now, &[id("aa", 1), id("aa", 2)], &["t"]);
        assert_eq!(applied.known, vec![true, true]);
        assert!(applied.stale.is_empty());
        // With only "two" left, the entry whose message went is the stale one.
        let fewer = [finding("R-001", "two")];
        let applied = b.apply(&fewer, &[id("aa", 1)], &["t"]);
        assert_eq!(applied.known, vec![true]);
        assert_eq!(applied.stale.len(), 1);
        assert_eq!(b.entries[applied.stale[0]].message, "one");
        // Another tenant's run never calls these entries stale.
        let applied = b.apply(&[], &[], &["other"]);
        assert!(applied.stale.is_empty());
    }
}
