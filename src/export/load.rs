//! Reading files for one tenant: size limits, encodings, keyword masking, parsing, side files, and
//! the input findings all of these can raise. Both format loaders go through [`Ctx`].

use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::finding::{Finding, Location, Severity};
use crate::source::keywords::{self, Mappings, Placeholder, Rewrite, Substitution};
use crate::source::yaml::{Problem, ProblemKind};
use crate::source::{
    FileId, Interner, Node, SourceFile, SourceMap, Span, display_path, json, yaml,
};

/// Stable ids of the input rules (docs in `rules/input/`).
pub mod ids {
    pub const YAML_SYNTAX: &str = "INPUT-001";
    pub const JSON_SYNTAX: &str = "INPUT-002";
    pub const INVALID_UTF8: &str = "INPUT-003";
    pub const JSON_BOM: &str = "INPUT-004";
    pub const DUPLICATE_YAML_KEY: &str = "INPUT-005";
    pub const DUPLICATE_JSON_KEY: &str = "INPUT-006";
    pub const ALIAS_BOMB: &str = "INPUT-007";
    pub const TOO_DEEP: &str = "INPUT-008";
    pub const UNREADABLE: &str = "INPUT-009";
    pub const MISSING_SIDE_FILE: &str = "INPUT-010";
    pub const PATH_ESCAPE: &str = "INPUT-011";
    pub const TOO_LARGE: &str = "INPUT-012";
    pub const UNQUOTED_HASH_KEYWORD: &str = "INPUT-013";
    pub const NON_STRING_KEY: &str = "INPUT-014";
    pub const INCLUDE_ERROR: &str = "INPUT-015";
    pub const UNEXPECTED_SHAPE: &str = "INPUT-016";
}

/// Limits and context for loading.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Files larger than this are not read (an `input` error instead).
    pub max_file_size: u64,
    /// Paths are shown relative to this folder.
    pub base: PathBuf,
    /// Text that stands in for files on disk: the language server's unsaved editor buffers, keyed
    /// by absolute, lexically normalised path. [`Ctx::read`] consults it before the disk. `None`
    /// (the command line) costs nothing.
    pub overlay: Option<Arc<Overlay>>,
    /// Deploy CLI configs the estate manifest names (`deploy-config`), keyed by the canonical path
    /// of the export they belong to. A named config wins over the one found beside the export,
    /// since exports kept in one folder often share a parent with several `config-<env>.json`.
    pub deploy_configs: Option<Arc<DeployConfigs>>,
    /// Parsed chunks of large YAML files from the previous load, reused where their text did not
    /// change (the language server re-loads a tenant on every keystroke). `None` parses whole.
    pub yaml_chunks: Option<Arc<crate::source::yaml_chunks::ChunkCache>>,
}

/// Deploy CLI configs by the canonical path of their export (see [`LoadOptions::deploy_configs`]).
pub type DeployConfigs = std::collections::HashMap<PathBuf, PathBuf>;

/// Editor buffers by absolute, normalised path (see [`LoadOptions::overlay`]).
pub type Overlay = std::collections::HashMap<PathBuf, String>;

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_size: 64 * 1024 * 1024,
            base: std::env::current_dir().unwrap_or_default(),
            overlay: None,
            deploy_configs: None,
            yaml_chunks: None,
        }
    }
}

impl LoadOptions {
    /// The overlay's text for `path`, if an editor holds it.
    pub fn overlaid(&self, path: &Path) -> Option<&str> {
        let overlay = self.overlay.as_deref()?;
        overlay.get(&normalize(&absolute(path))).map(String::as_str)
    }

    /// The Deploy CLI config the manifest names for the export at `export`, if any.
    pub fn named_deploy_config(&self, export: &Path) -> Option<&Path> {
        let named = self.deploy_configs.as_deref()?;
        named.get(&canonical(export)).map(PathBuf::as_path)
    }
}

const MAX_INCLUDE_DEPTH: usize = 16;

/// Per-tenant loading state.
pub struct Ctx<'a> {
    pub sources: &'a SourceMap,
    pub opts: &'a LoadOptions,
    pub mappings: Option<&'a Mappings>,
    /// Canonical export root: no file outside it is read.
    pub root: PathBuf,
    pub findings: Vec<Finding>,
    pub placeholders: Vec<Placeholder>,
    pub masked: Vec<(FileId, Rewrite)>,
    pub files: Vec<FileId>,
    include_stack: Vec<PathBuf>,
    /// Object keys of every file of the tenant, shared.
    keys: Interner,
    /// Key tables of the parallel parsing tasks of [`Ctx::json_all`], kept between tasks and
    /// folders so that each thread interns a tenant's keys about once, not once per task.
    spare_keys: Vec<Interner>,
}

/// A file read from disk, not yet registered.
struct ReadText {
    text: String,
    /// Where the first invalid UTF-8 byte was (replaced by `_`).
    bad_utf8_at: Option<usize>,
}

/// What parsing one JSON file of the export gives, before it joins the tenant.
struct JsonOutcome {
    root: Option<Node>,
    findings: Vec<Finding>,
    placeholders: Vec<Placeholder>,
    masked: Vec<(FileId, Rewrite)>,
}

/// Files read per parallel task when a folder's JSON files are loaded together: enough to make
/// a task worth scheduling.
const FILES_PER_TASK: usize = 32;

/// Files that [`Ctx::json_all`] takes through reading, registering and parsing at a time: the
/// texts and results waiting between two steps are one batch's, not a whole folder's.
const FILES_PER_BATCH: usize = 1024;

/// A key table lent to one parallel task, given back to the pool when the task ends.
struct LentKeys<'p> {
    keys: Interner,
    pool: &'p Mutex<Vec<Interner>>,
}

impl Drop for LentKeys<'_> {
    fn drop(&mut self) {
        let keys = std::mem::take(&mut self.keys);
        self.pool
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(keys);
    }
}

impl<'a> Ctx<'a> {
    pub fn new(
        sources: &'a SourceMap,
        opts: &'a LoadOptions,
        mappings: Option<&'a Mappings>,
        root: &Path,
    ) -> Self {
        Ctx {
            sources,
            opts,
            mappings,
            root: canonical(root),
            findings: Vec::new(),
            placeholders: Vec::new(),
            masked: Vec::new(),
            files: Vec::new(),
            include_stack: Vec::new(),
            keys: Interner::new(),
            spare_keys: Vec::new(),
        }
    }

    pub fn display(&self, path: &Path) -> PathBuf {
        display_path(path, &self.opts.base)
    }

    fn report_path(&mut self, rule: &'static str, severity: Severity, path: &Path, msg: String) {
        let shown = self.display(path);
        self.findings
            .push(Finding::new(rule, severity, Location::Path(shown), msg));
    }

    /// Reads a file as UTF-8 text and registers it. Refuses files over the size limit; replaces
    /// invalid UTF-8 bytes (reporting the first) so the rest of the file still loads.
    pub fn read(&mut self, path: &Path) -> Option<Arc<SourceFile>> {
        match read_text(path, self.opts) {
            Ok(read) => {
                let (file, finding) = self.register(path, read);
                self.findings.extend(finding);
                Some(file)
            }
            Err((rule, msg)) => {
                self.report_path(rule, Severity::Error, path, msg);
                None
            }
        }
    }

    /// Adds a file read from disk to the source map and to the tenant's files.
    fn register(&mut self, path: &Path, read: ReadText) -> (Arc<SourceFile>, Option<Finding>) {
        let file = self.sources.add(self.display(path), read.text);
        self.files.push(file.id);
        let finding = read.bad_utf8_at.map(|at| {
            Finding::at(
                ids::INVALID_UTF8,
                Severity::Error,
                Span::new(file.id, at, at + 1),
                "this file is not valid UTF-8: the byte here cannot start a character; re-save the file as UTF-8 (invalid bytes were read as `_`)",
            )
        });
        (file, finding)
    }

    /// Reads and parses a JSON file of the export, substituting keywords.
    pub fn json(&mut self, path: &Path) -> Option<Node> {
        let file = self.read(path)?;
        let outcome = parse_json_file(&file, self.mappings, &mut self.keys);
        self.absorb(outcome)
    }

    fn absorb(&mut self, mut outcome: JsonOutcome) -> Option<Node> {
        self.findings.append(&mut outcome.findings);
        self.placeholders.append(&mut outcome.placeholders);
        self.masked.append(&mut outcome.masked);
        outcome.root
    }

    /// Reads and parses JSON files of the export and hands each tree to `each`, exactly as
    /// calling [`Ctx::json`] and then `each` on every file in turn would (same findings in the
    /// same order, same file ids), but on every core: files are read in parallel, registered in
    /// order, then parsed in parallel.
    pub fn json_all(&mut self, paths: &[PathBuf], mut each: impl FnMut(&mut Self, Node)) {
        let pool = Mutex::new(std::mem::take(&mut self.spare_keys));
        for batch in paths.chunks(FILES_PER_BATCH) {
            self.json_batch(batch, &pool, &mut each);
        }
        self.spare_keys = pool.into_inner().unwrap_or_else(|e| e.into_inner());
    }

    /// One batch of [`Ctx::json_all`], parsed with key tables from `pool`.
    fn json_batch(
        &mut self,
        paths: &[PathBuf],
        pool: &Mutex<Vec<Interner>>,
        each: &mut impl FnMut(&mut Self, Node),
    ) {
        let opts = self.opts;
        let read: Vec<_> = paths
            .par_iter()
            .with_min_len(FILES_PER_TASK)
            .map(|p| read_text(p, opts))
            .collect();
        // Per file: the findings of reading it, then its file when it could be read.
        let mut registered: Vec<(Vec<Finding>, Option<Arc<SourceFile>>)> =
            Vec::with_capacity(paths.len());
        for (path, r) in paths.iter().zip(read) {
            registered.push(match r {
                Ok(read) => {
                    let (file, finding) = self.register(path, read);
                    (finding.into_iter().collect(), Some(file))
                }
                Err((rule, msg)) => {
                    let shown = self.display(path);
                    let f = Finding::new(rule, Severity::Error, Location::Path(shown), msg);
                    (vec![f], None)
                }
            });
        }
        let mappings = self.mappings;
        let lend = || LentKeys {
            keys: pool
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .pop()
                .unwrap_or_default(),
            pool,
        };
        let parsed: Vec<Option<JsonOutcome>> = registered
            .par_iter()
            .with_min_len(FILES_PER_TASK)
            .map_init(lend, |lent, (_, file)| {
                file.as_ref()
                    .map(|f| parse_json_file(f, mappings, &mut lent.keys))
            })
            .collect();
        for ((read_findings, _), outcome) in registered.into_iter().zip(parsed) {
            self.findings.extend(read_findings);
            if let Some(root) = outcome.and_then(|o| self.absorb(o)) {
                each(self, root);
            }
        }
    }

    /// Reads and parses a YAML file of the export (resolving `!include`), substituting keywords.
    pub fn yaml(&mut self, path: &Path) -> Option<Node> {
        let file = self.read(path)?;
        let canon = canonical(path);
        self.include_stack.push(canon);
        // saphyr, like js-yaml, skips a leading byte-order mark itself.
        let text = file.text.as_str();
        let (masked, rewrites) = keywords::mask_yaml(text);
        for r in rewrites
            .iter()
            .filter(|r| r.kind == keywords::MarkerKind::Text)
        {
            let marker = r.kind.render(&r.key);
            let span = Span::new(file.id, r.offset, r.offset + marker.len());
            let mut finding = Finding::at(
                ids::UNQUOTED_HASH_KEYWORD,
                Severity::Warning,
                span,
                format!(
                    "unquoted `{marker}` starts a YAML comment: any YAML tool that reads this file before `a0deploy` substitutes keywords sees {}; quote it (`\"{marker}\"`)",
                    if r.mid_scalar {
                        "the text cut short before it"
                    } else {
                        "null here"
                    }
                ),
            );
            // A marker that starts its scalar is the whole scalar (anything after it would not
            // parse), so quoting the marker quotes the value; inside a longer plain scalar the
            // scalar's start is not known here, so no fix is offered.
            if !r.mid_scalar {
                finding = finding.with_fix(
                    format!("Quote `{marker}`"),
                    vec![(span, format!("\"{marker}\""))],
                );
            }
            self.findings.push(finding);
        }
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        // An included file, parsed while this one is, gets a key table of its own.
        let mut keys = std::mem::take(&mut self.keys);
        let parsed = {
            let cache = self.opts.yaml_chunks.clone();
            let mut include = |arg: &str, span: Span| self.include(&dir, arg, span);
            match cache {
                Some(cache) => crate::source::yaml_chunks::parse_reusing(
                    &masked,
                    file.id,
                    path,
                    &mut include,
                    &mut keys,
                    &cache,
                ),
                None => yaml::parse_with(&masked, file.id, &mut include, &mut keys),
            }
        };
        self.keys = keys;
        self.findings
            .extend(problem_findings(&parsed.problems, true));
        self.include_stack.pop();
        let mut root = parsed.root?;
        if may_hold_markers(text, &rewrites) {
            let mut sub = Substitution::new(self.mappings, &rewrites);
            sub.apply(&mut root);
            self.placeholders.append(&mut sub.placeholders);
        }
        self.masked
            .extend(rewrites.into_iter().map(|r| (file.id, r)));
        Some(root)
    }

    fn include(&mut self, dir: &Path, arg: &str, span: Span) -> Option<Node> {
        let path = self.inside_or_report(dir, arg, span, |resolved| {
            format!(
                "`!include {arg}` resolves to `{resolved}`, outside the export folder; a0lint never reads files outside an export, so move the file inside it"
            )
        })?;
        if !path.is_file() {
            self.findings.push(Finding::at(
                ids::INCLUDE_ERROR,
                Severity::Error,
                span,
                format!("`!include {arg}` names a file that does not exist, so this part of the tenant is missing"),
            ));
            return None;
        }
        let canon = canonical(&path);
        if self.include_stack.contains(&canon) || self.include_stack.len() >= MAX_INCLUDE_DEPTH {
            self.findings.push(Finding::at(
                ids::INCLUDE_ERROR,
                Severity::Error,
                span,
                format!("`!include {arg}` includes a file that is already being included (a cycle), so it was not followed"),
            ));
            return None;
        }
        if path.extension().is_some_and(|e| e == "json") {
            self.json(&path)
        } else {
            self.yaml(&path)
        }
    }

    /// Resolves `rel` against `base` and checks it stays inside the export root. `Err` holds the
    /// resolved path for the message.
    pub fn inside(&self, base: &Path, rel: &str) -> Result<PathBuf, PathBuf> {
        let rel = rel.replace('\\', "/");
        let joined = normalize(&base.join(&rel));
        let check = if joined.exists() {
            canonical(&joined)
        } else {
            normalize(&canonical(base).join(&rel))
        };
        if check.starts_with(&self.root) {
            Ok(joined)
        } else {
            Err(self.display(&joined))
        }
    }

    /// Like [`Ctx::inside`], but reports a path that escapes the export (with the message
    /// `describe` builds from the resolved path) and returns `None` for it.
    fn inside_or_report(
        &mut self,
        base: &Path,
        rel: &str,
        span: Span,
        describe: impl FnOnce(&str) -> String,
    ) -> Option<PathBuf> {
        match self.inside(base, rel) {
            Ok(p) => Some(p),
            Err(resolved) => {
                let msg = describe(&resolved.display().to_string());
                self.findings
                    .push(Finding::at(ids::PATH_ESCAPE, Severity::Error, span, msg));
                None
            }
        }
    }

    /// Loads a side file referenced from `at` (a string node holding a relative path) and returns
    /// a node holding the file's text, spanning the whole file. A missing file is a warning, and
    /// the reference is kept as it is.
    pub fn side_file(&mut self, base: &Path, at: &Node, what: &str) -> Option<Node> {
        let rel = at.as_str()?;
        if rel.is_empty() || keywords::is_marker(rel) {
            return None;
        }
        let path = self.inside_or_report(base, rel, at.span, |resolved| {
            format!(
                "the {what} path `{rel}` resolves to `{resolved}`, outside the export folder; a0lint does not read it (and `a0deploy` will refuse it in its next major release): move the file inside the export"
            )
        })?;
        if !path.is_file() {
            self.findings.push(Finding::at(
                ids::MISSING_SIDE_FILE,
                Severity::Warning,
                at.span,
                format!(
                    "the {what} file `{rel}` does not exist (looked for `{}`), so its content cannot be checked and `a0deploy import` will fail; add the file or fix the path",
                    self.display(&path).display()
                ),
            ));
            return None;
        }
        self.side_text(&path)
    }

    /// Reads a side file that is known to exist, as a text node spanning the file.
    pub fn side_text(&mut self, path: &Path) -> Option<Node> {
        let file = self.read(path)?;
        let span = Span::new(file.id, 0, file.text.len());
        let mut sub = Substitution::new(self.mappings, &[]);
        let text = sub
            .apply_text(&file.text, span)
            .unwrap_or_else(|| file.text.clone());
        self.placeholders.append(&mut sub.placeholders);
        Some(Node::string(span, text))
    }
}

/// Reads a file as UTF-8 text, or says why not (rule and message).
fn read_text(path: &Path, opts: &LoadOptions) -> Result<ReadText, (&'static str, String)> {
    // An editor's buffer wins over the disk: it is what the user sees (and is valid UTF-8).
    if let Some(text) = opts.overlaid(path) {
        return Ok(ReadText {
            text: text.to_owned(),
            bad_utf8_at: None,
        });
    }
    let max_file_size = opts.max_file_size;
    let unreadable = |e: &std::io::Error| {
        (
            ids::UNREADABLE,
            format!("cannot read this file: {}", io_reason(e)),
        )
    };
    // One open, then the size from the open handle: no second lookup of the path.
    let (mut file, len, is_file) = std::fs::File::open(path)
        .and_then(|f| f.metadata().map(|m| (f, m.len(), m.is_file())))
        .map_err(|e| unreadable(&e))?;
    if len > max_file_size {
        return Err((
            ids::TOO_LARGE,
            format!(
                "this file is {len} bytes, over the {max_file_size}-byte limit, so it was not read; raise `--max-file-size` if it really is an export"
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    if is_file {
        // Read up to the size just looked up, and no further: `read_to_end` on the file itself
        // would look the size and position up again and make one more read to find the end,
        // three system calls more per file, which tell thousands of small files apart from one
        // big one. (A file that grows while it is read is read as it was when opened.)
        file.take(len).read_to_end(&mut bytes)
    } else {
        // A device or pipe reports no useful size.
        file.read_to_end(&mut bytes)
    }
    .map_err(|e| unreadable(&e))?;
    Ok(match String::from_utf8(bytes) {
        Ok(text) => ReadText {
            text,
            bad_utf8_at: None,
        },
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            ReadText {
                text: replace_invalid_utf8(e.into_bytes()),
                bad_utf8_at: Some(at),
            }
        }
    })
}

/// Parses one registered JSON file of the export, substituting keywords.
fn parse_json_file(
    file: &SourceFile,
    mappings: Option<&Mappings>,
    keys: &mut Interner,
) -> JsonOutcome {
    let mut findings = Vec::new();
    let mut text: std::borrow::Cow<'_, str> = file.text.as_str().into();
    if text.starts_with('\u{feff}') {
        findings.push(Finding::at(
            ids::JSON_BOM,
            Severity::Error,
            Span::new(file.id, 0, 3),
            "this JSON file starts with a byte-order mark, which `JSON.parse` in `a0deploy` rejects; save it as UTF-8 without BOM",
        ));
        // Three spaces keep every offset; JSON does not mind leading whitespace.
        text = format!("   {}", &text[3..]).into();
    }
    // One pass over the text tells whether any marker could be there at all; almost every file
    // of an export has none, and then neither masking nor substitution has anything to do.
    let hints = keywords::scan(&text);
    let (masked, rewrites) = if hints.doubled {
        keywords::mask_json(&text)
    } else {
        (text.as_ref().into(), Vec::new())
    };
    let parsed = json::parse_with(&masked, file.id, keys);
    findings.extend(problem_findings(&parsed.problems, false));
    let mut placeholders = Vec::new();
    let root = parsed.root.map(|mut root| {
        if hints.may_hold_markers() {
            let mut sub = Substitution::new(mappings, &rewrites);
            sub.apply(&mut root);
            placeholders = sub.placeholders;
        }
        root
    });
    JsonOutcome {
        root,
        findings,
        placeholders,
        masked: rewrites.into_iter().map(|r| (file.id, r)).collect(),
    }
}

/// False when no string parsed from `text` can hold a keyword marker, so substitution has
/// nothing to do: no marker was masked, none is written, and no backslash escape could spell one.
fn may_hold_markers(text: &str, rewrites: &[Rewrite]) -> bool {
    !rewrites.is_empty() || keywords::scan(text).may_hold_markers()
}

/// Turns parser problems into findings.
fn problem_findings(problems: &[Problem], is_yaml: bool) -> impl Iterator<Item = Finding> + '_ {
    problems.iter().map(move |p| {
        let (rule, severity) = match (p.kind, is_yaml) {
            (ProblemKind::Syntax, true) => (ids::YAML_SYNTAX, Severity::Error),
            (ProblemKind::Syntax, false) => (ids::JSON_SYNTAX, Severity::Error),
            (ProblemKind::DuplicateKey, true) => (ids::DUPLICATE_YAML_KEY, Severity::Error),
            (ProblemKind::DuplicateKey, false) => (ids::DUPLICATE_JSON_KEY, Severity::Warning),
            (ProblemKind::AliasBomb, _) => (ids::ALIAS_BOMB, Severity::Error),
            (ProblemKind::TooDeep, _) => (ids::TOO_DEEP, Severity::Error),
            (ProblemKind::NonStringKey, _) => (ids::NON_STRING_KEY, Severity::Warning),
        };
        let mut f = Finding::at(rule, severity, p.span, p.message.clone());
        if let Some(r) = p.related {
            f = f.with_related(Location::Span(r), "first occurrence");
        }
        f
    })
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "it does not exist".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Replaces each byte that is not part of valid UTF-8 by `_`, so offsets stay exact.
fn replace_invalid_utf8(bytes: Vec<u8>) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(std::iter::repeat_n('_', chunk.invalid().len()));
    }
    out
}

pub(crate) fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| normalize(&absolute(p)))
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    }
}

/// Lexically resolves `.` and `..` (the path need not exist; symbolic links are left alone, so a
/// path keeps the name it was given).
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_keeps_length() {
        let s = replace_invalid_utf8(b"ab\xffc\xe2\x82".to_vec());
        assert_eq!(s, "ab_c__");
    }

    #[test]
    fn normalize_resolves_dots() {
        assert_eq!(normalize(Path::new("a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(normalize(Path::new("a/../../c")), PathBuf::from("../c"));
    }
}
