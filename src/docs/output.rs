//! Putting pages on disk safely: only inside the output folder, atomically, and only replacing
//! what a0lint wrote before.
//!
//! The output folder may hold files of its own (a hand-written `index.md`, a `mkdocs.yml`). a0lint
//! keeps a list of the files it generated in `.a0lint-docs.json`; a later run removes the ones it
//! no longer generates (a renamed tenant's old page) and never touches anything else. Each file
//! is written through a temporary file and a rename, and one whose content is already right is
//! left alone, so its modification time does not change. Paths are checked before use: nothing
//! is written through a symbolic link or outside the folder, whatever the list says.
//!
//! `--check` writes nothing: it compares what would be written with what is there and returns a
//! unified diff per stale file. `--inject` replaces the block between two HTML-comment markers of
//! an existing Markdown file and keeps the rest of it, front matter included.

use std::collections::BTreeSet;
use std::io;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use similar::TextDiff;

use crate::cli::write_atomic;
use crate::error::Error;

use super::Page;

/// The list of generated files, inside the output folder.
pub const MANIFEST: &str = ".a0lint-docs.json";

/// Markers of the block `--inject` replaces.
pub const BEGIN: &str = "<!-- a0lint:begin -->";
pub const END: &str = "<!-- a0lint:end -->";

#[derive(Debug, Serialize, Deserialize)]
struct OutputManifest {
    generator: String,
    format: String,
    files: Vec<String>,
}

/// What a write did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<String>,
    pub unchanged: usize,
    pub removed: Vec<String>,
}

/// A relative path made only of plain components (no `..`, no root, no drive).
fn relative(rel: &str) -> Option<PathBuf> {
    let p = Path::new(rel);
    let ok = !rel.is_empty()
        && p.components().all(|c| matches!(c, Component::Normal(_)))
        && !rel.contains('\\');
    ok.then(|| p.to_path_buf())
}

/// `dir/rel`, refusing anything that would leave `dir` (a `..`, an absolute path, or a symbolic
/// link among the folders on the way).
fn inside(dir: &Path, rel: &str) -> Result<PathBuf, Error> {
    let r = relative(rel)
        .ok_or_else(|| Error::Output(dir.join(rel), "not a plain relative path".into()))?;
    let mut at = dir.to_path_buf();
    let parts: Vec<_> = r.components().collect();
    for (i, c) in parts.iter().enumerate() {
        at.push(c.as_os_str());
        let last = i + 1 == parts.len();
        if let Ok(meta) = std::fs::symlink_metadata(&at)
            && meta.file_type().is_symlink()
            && !last
        {
            return Err(Error::Output(
                at.clone(),
                "is a symbolic link; a0lint writes only inside the output folder".into(),
            ));
        }
    }
    Ok(at)
}

fn read_manifest(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join(MANIFEST))
        .ok()
        .and_then(|t| serde_json::from_str::<OutputManifest>(&t).ok())
        .map(|m| {
            m.files
                .into_iter()
                .filter(|f| relative(f).is_some() && f != MANIFEST)
                .collect()
        })
        .unwrap_or_default()
}

fn manifest_text(pages: &[Page], format: &str) -> String {
    let m = OutputManifest {
        generator: "a0lint docs".into(),
        format: format.into(),
        files: pages.iter().map(|p| p.path.clone()).collect(),
    };
    let mut s = serde_json::to_string_pretty(&m).unwrap_or_default();
    s.push('\n');
    s
}

/// Files listed by the previous run and not generated now.
fn stale(dir: &Path, pages: &[Page]) -> Vec<String> {
    let now: BTreeSet<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    read_manifest(dir)
        .into_iter()
        .filter(|f| !now.contains(f.as_str()))
        .collect()
}

/// Writes `pages` into `dir`, removes the pages a previous run wrote and this one does not, and
/// updates the list.
pub fn write(dir: &Path, pages: &[Page], format: &str) -> Result<WriteReport, Error> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Output(
            dir.to_path_buf(),
            "exists and is not a folder".into(),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::Output(dir.to_path_buf(), e.to_string()))?;
    let mut report = WriteReport::default();
    for p in pages {
        let path = inside(dir, &p.path)?;
        if std::fs::read(&path).is_ok_and(|old| old == p.content.as_bytes()) {
            report.unchanged += 1;
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::Output(parent.to_path_buf(), e.to_string()))?;
        }
        write_atomic(&path, p.content.as_bytes())?;
        report.written.push(p.path.clone());
    }
    for f in stale(dir, pages) {
        let path = inside(dir, &f)?;
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() || m.file_type().is_symlink() => {
                std::fs::remove_file(&path)
                    .map_err(|e| Error::Output(path.clone(), e.to_string()))?;
                report.removed.push(f.clone());
                remove_empty_parents(dir, &path);
            }
            _ => {}
        }
    }
    let list = manifest_text(pages, format);
    let list_path = dir.join(MANIFEST);
    if std::fs::read_to_string(&list_path).ok().as_deref() != Some(list.as_str()) {
        write_atomic(&list_path, list.as_bytes())?;
    }
    Ok(report)
}

/// Removes the folders between `file` and `dir` that became empty.
fn remove_empty_parents(dir: &Path, file: &Path) {
    let mut at = file.parent();
    while let Some(p) = at {
        if p == dir || !p.starts_with(dir) || std::fs::remove_dir(p).is_err() {
            break;
        }
        at = p.parent();
    }
}

fn diff(old: &str, new: &str, a: &str, b: &str) -> String {
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(a, b)
        .to_string()
}

/// Compares `pages` with the files in `dir`; returns one unified diff per file that is missing,
/// different, or left over from a previous run. Empty when the folder is up to date.
pub fn check(dir: &Path, pages: &[Page]) -> Result<Vec<String>, Error> {
    let mut diffs = Vec::new();
    for p in pages {
        let path = inside(dir, &p.path)?;
        let (a, b) = labels(&path);
        match std::fs::read(&path) {
            Ok(old) if old == p.content.as_bytes() => {}
            Ok(old) => diffs.push(diff(&String::from_utf8_lossy(&old), &p.content, &a, &b)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                diffs.push(diff("", &p.content, "/dev/null", &b))
            }
            Err(e) => return Err(Error::Output(path, e.to_string())),
        }
    }
    for f in stale(dir, pages) {
        let path = inside(dir, &f)?;
        if let Ok(old) = std::fs::read(&path) {
            let (a, _) = labels(&path);
            diffs.push(diff(&String::from_utf8_lossy(&old), "", &a, "/dev/null"));
        }
    }
    Ok(diffs)
}

/// The `---`/`+++` names of a file in a diff: `a/path` and `b/path` for a relative path, as git
/// writes them; an absolute path as it is.
fn labels(path: &Path) -> (String, String) {
    let shown = crate::render::path_string(path);
    if path.is_absolute() {
        (shown.clone(), shown)
    } else {
        (format!("a/{shown}"), format!("b/{shown}"))
    }
}

/// Replaces the block between [`BEGIN`] and [`END`] in `text` by `block`.
pub fn splice(text: &str, block: &str) -> Result<String, String> {
    let starts: Vec<usize> = text.match_indices(BEGIN).map(|(i, _)| i).collect();
    let [start] = starts.as_slice() else {
        return Err(if starts.is_empty() {
            format!(
                "has no `{BEGIN}` … `{END}` block; add one where the architecture section should go"
            )
        } else {
            format!("has {} `{BEGIN}` markers; keep exactly one", starts.len())
        });
    };
    let after_begin = start + BEGIN.len();
    let Some(end) = text[after_begin..].find(END).map(|e| after_begin + e) else {
        return Err(format!("has `{BEGIN}` but no `{END}` after it"));
    };
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let body = block.trim_matches('\n');
    let body = if nl == "\r\n" {
        body.replace('\n', "\r\n")
    } else {
        body.to_owned()
    };
    Ok(format!(
        "{}{BEGIN}{nl}{nl}{body}{nl}{nl}{}",
        &text[..*start],
        &text[end..]
    ))
}

/// `--inject`: the new content of `file` and, when it differs from the old, a diff.
pub fn inject(file: &Path, block: &str) -> Result<(String, Option<String>), Error> {
    let old = std::fs::read_to_string(file).map_err(|e| {
        Error::Usage(format!(
            "--inject {}: {e}",
            crate::render::path_string(file)
        ))
    })?;
    let new = splice(&old, block).map_err(|e| {
        Error::Usage(format!(
            "--inject {}: {e}",
            crate::render::path_string(file)
        ))
    })?;
    let (a, b) = labels(file);
    let d = (new != old).then(|| diff(&old, &new, &a, &b));
    Ok((new, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, content: &str) -> Page {
        Page {
            path: path.into(),
            content: content.into(),
        }
    }

    #[test]
    fn paths_stay_inside() {
        assert!(relative("tenants/a.md").is_some());
        for bad in ["../x.md", "/etc/passwd", "a/../../b", "", "a\\..\\b"] {
            assert!(relative(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn writes_keeps_foreign_files_and_removes_its_own_stale_pages() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("out");
        std::fs::create_dir_all(d.join("tenants")).unwrap();
        std::fs::write(d.join("index.md"), "mine\n").unwrap();
        std::fs::write(d.join("tenants/hand.md"), "mine too\n").unwrap();
        let first = vec![page("a.md", "A\n"), page("tenants/old.md", "old\n")];
        let r = write(&d, &first, "markdown").unwrap();
        assert_eq!(r.written, vec!["a.md", "tenants/old.md"]);
        let second = vec![page("a.md", "A\n"), page("tenants/new.md", "new\n")];
        assert_eq!(
            check(&d, &second).unwrap().len(),
            2,
            "new page and stale page"
        );
        let r = write(&d, &second, "markdown").unwrap();
        assert_eq!(r.unchanged, 1);
        assert_eq!(r.removed, vec!["tenants/old.md"]);
        assert!(!d.join("tenants/old.md").exists());
        assert!(d.join("index.md").exists() && d.join("tenants/hand.md").exists());
        assert!(check(&d, &second).unwrap().is_empty());
        // A tampered list cannot make a0lint delete outside the folder.
        std::fs::write(dir.path().join("precious"), "x").unwrap();
        std::fs::write(
            d.join(MANIFEST),
            r#"{"generator":"a0lint docs","format":"markdown","files":["../precious","/tmp/x"]}"#,
        )
        .unwrap();
        write(&d, &second, "markdown").unwrap();
        assert!(dir.path().join("precious").exists());
    }

    #[cfg(unix)]
    #[test]
    fn refuses_to_write_through_a_symlinked_folder() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        let d = dir.path().join("out");
        std::fs::create_dir_all(&d).unwrap();
        std::os::unix::fs::symlink(&outside, d.join("tenants")).unwrap();
        assert!(write(&d, &[page("tenants/a.md", "x")], "markdown").is_err());
        assert!(!outside.join("a.md").exists());
    }

    #[test]
    fn splice_replaces_only_the_block() {
        let text = "---\ntitle: Mine\n---\n# Intro\n\n<!-- a0lint:begin -->\nold\n<!-- a0lint:end -->\n\nAfter.\n";
        let out = splice(text, "## New {#new}\n").unwrap();
        assert_eq!(
            out,
            "---\ntitle: Mine\n---\n# Intro\n\n<!-- a0lint:begin -->\n\n## New {#new}\n\n<!-- a0lint:end -->\n\nAfter.\n"
        );
        assert_eq!(splice(&out, "## New {#new}\n").unwrap(), out, "idempotent");
        assert!(splice("no markers", "x").is_err());
        assert!(splice("<!-- a0lint:begin --> no end", "x").is_err());
        let crlf = "a\r\n<!-- a0lint:begin -->\r\n<!-- a0lint:end -->\r\n";
        assert_eq!(
            splice(crlf, "x\ny").unwrap(),
            "a\r\n<!-- a0lint:begin -->\r\n\r\nx\r\ny\r\n\r\n<!-- a0lint:end -->\r\n"
        );
    }
}
