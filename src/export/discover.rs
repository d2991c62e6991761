//! Finding exports on disk.
//!
//! A path given on the command line is walked (following symlinks, with loop detection; `.git`,
//! `node_modules`, `target` and other hidden folders skipped). An export is
//!
//! * a YAML file whose top level holds Deploy CLI resource keys (any file name: `tenant.yaml`,
//!   `prod.yml`, …). Only the first 64 KiB are sniffed, line by line, so discovery never parses a
//!   file the loader will parse again;
//! * a folder holding `tenant.json` or Deploy CLI resource folders (`clients/`, `connections/`,
//!   `database-connections/`, …) and no YAML export. Its subfolders are not searched further.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::ExportFormat;
use super::resource::{DIRECTORY_MARKERS, NON_RESOURCE_KEYS, RESOURCE_TYPES};
use crate::finding::{Finding, Location, Severity};
use crate::source::display_path;

/// An export found on disk.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// The YAML file, or the directory export's folder.
    pub path: PathBuf,
    pub format: ExportFormat,
}

/// What discovery found, plus the paths it could not walk.
#[derive(Debug, Default)]
pub struct Discovery {
    pub exports: Vec<Candidate>,
    pub problems: Vec<Finding>,
}

const SKIPPED_DIRS: &[&str] = &[".git", "node_modules", "target"];

/// Walks `paths` and returns every export found, sorted by path.
pub fn discover(paths: &[PathBuf], base: &Path) -> Discovery {
    let mut d = Discovery::default();
    for root in paths {
        if root.is_file() {
            if is_yaml(root) {
                d.exports.push(Candidate {
                    format: ExportFormat::Yaml,
                    path: root.clone(),
                });
            } else if root.file_name().is_some_and(|n| n == "tenant.json") {
                d.exports.push(Candidate {
                    format: ExportFormat::Directory,
                    path: root.parent().map(Path::to_path_buf).unwrap_or_default(),
                });
            }
            continue;
        }
        if !root.exists() {
            d.problems.push(Finding::new(
                super::load::ids::UNREADABLE,
                Severity::Error,
                Location::Path(display_path(root, base)),
                "this path does not exist",
            ));
            continue;
        }
        walk(root, base, &mut d);
    }
    d.exports.sort();
    d.exports.dedup();
    d
}

fn walk(root: &Path, base: &Path, d: &mut Discovery) {
    let mut it = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_dir()
                || !e
                    .file_name()
                    .to_str()
                    .is_some_and(|n| SKIPPED_DIRS.contains(&n) || n.starts_with('.'))
        });
    while let Some(entry) = it.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().map(Path::to_path_buf).unwrap_or_default();
                let reason = if err.loop_ancestor().is_some() {
                    "this symbolic link points back to a folder that contains it (a loop), so it was not followed".to_owned()
                } else {
                    format!("cannot read this path: {err}")
                };
                d.problems.push(Finding::new(
                    super::load::ids::UNREADABLE,
                    Severity::Warning,
                    Location::Path(display_path(&path, base)),
                    reason,
                ));
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_dir() {
            if is_directory_export(path) {
                d.exports.push(Candidate {
                    format: ExportFormat::Directory,
                    path: path.to_path_buf(),
                });
                it.skip_current_dir();
            }
        } else if is_yaml(path) && looks_like_export(path) {
            d.exports.push(Candidate {
                format: ExportFormat::Yaml,
                path: path.to_path_buf(),
            });
        }
    }
}

fn is_yaml(p: &Path) -> bool {
    p.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// A folder is a directory export when it holds `tenant.json`, or resource folders and no YAML
/// export (a YAML export writes side files into `clients/` and `connections/` too).
pub fn is_directory_export(dir: &Path) -> bool {
    if dir.join("tenant.json").is_file() {
        return true;
    }
    if !DIRECTORY_MARKERS[1..].iter().any(|m| dir.join(m).is_dir()) {
        return false;
    }
    let has_yaml_export = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .any(|p| p.is_file() && is_yaml(&p) && looks_like_export(&p))
        })
        .unwrap_or(false);
    !has_yaml_export
}

/// Sniffs a YAML file for a Deploy CLI top-level key at column 0.
pub fn looks_like_export(path: &Path) -> bool {
    if path
        .file_name()
        .is_some_and(|n| n == "tenant.yaml" || n == "tenant.yml")
    {
        return true;
    }
    let mut buf = Vec::with_capacity(64 * 1024);
    let Ok(f) = std::fs::File::open(path) else {
        return false;
    };
    if f.take(64 * 1024).read_to_end(&mut buf).is_err() {
        return false;
    }
    let text = String::from_utf8_lossy(&buf);
    text.lines().any(|line| {
        let Some((key, _)) = line.split_once(':') else {
            return false;
        };
        let key = key.trim_matches(['"', '\'']);
        !line.starts_with([' ', '\t', '-', '#'])
            && (RESOURCE_TYPES.iter().any(|t| t.key == key) || NON_RESOURCE_KEYS.contains(&key))
    })
}
