//! The estate as the language server keeps it between keystrokes.
//!
//! `a0lint check` loads an estate once and throws it away. The server loads it at start-up and
//! then keeps every tenant it parsed, with the hash of every file it read for it. When a file
//! changes (an editor buffer, a save, a file on disk) only the tenants that read that file, and
//! whose hash for it no longer matches, are loaded again; the rest are reused as they are. So a
//! keystroke in one tenant never re-reads or re-parses the other tenants, yet the estate-wide
//! rules still see all of them, fresh, on every run.
//!
//! Each tenant also keeps its schema findings and those of the rules that look at it alone
//! ([`TenantCache`]), until it is reloaded, its facts change, or the manifest or the rules do; a
//! run validates and checks only the tenants without them. The manifest stays registered until
//! its text changes, so its spans (tenants' anchors) keep their file ids from run to run.
//!
//! All tenants live in one [`SourceMap`] that outlives the runs: a reloaded tenant's old files
//! are released (their text dropped, their ids kept), so the map does not grow with each edit by
//! more than a few empty slots.

use std::collections::HashMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::check::{TenantCache, check_reusing};
use crate::estate::{Estate, load_tenant};
use crate::export::discover::{Candidate, discover};
use crate::export::load::{Overlay, normalize};
use crate::export::{ExportFormat, LoadOptions, Tenant};
use crate::finding::Finding;
use crate::manifest::{Manifest, PendingManifest};
use crate::rules::RuleMeta;
use crate::rules::engine::Selection;
use crate::source::{FileId, SourceMap};
use crate::{gate, suppress};

/// One loaded tenant and what it was loaded from.
struct Loaded {
    candidate: Candidate,
    /// Findings raised while loading it (category `input`).
    findings: Vec<Finding>,
    /// Every file read for it (absolute, normalised path), with the hash of the text read.
    inputs: HashMap<PathBuf, u64>,
    files: Vec<FileId>,
}

/// The estate of one workspace, kept up to date.
pub struct Workspace {
    pub root: PathBuf,
    opts: LoadOptions,
    sources: SourceMap,
    /// Parallel to `loaded`; kept apart so that a run can move the tenants into an [`Estate`]
    /// and back without copying them.
    tenants: Vec<Tenant>,
    loaded: Vec<Loaded>,
    /// Parallel to `tenants`: the schema and own-rule findings of each tenant from the last run,
    /// reused while the tenant, its facts, the manifest and the rules stay the same.
    cache: Vec<TenantCache>,
    /// The manifest as the last run registered it (parsed, with its findings) and its files: kept
    /// until its text changes, so that its spans (the tenants' anchors) keep their file ids and
    /// the tenants' cached findings stay valid.
    registered: Option<(Option<Manifest>, Vec<Finding>)>,
    manifest_files: Vec<FileId>,
    /// What an update replaced (old tenants, their cached findings), handed to `bin` by
    /// [`Workspace::collect_garbage`] once the diagnostics are out: freeing a big tenant's tree
    /// takes milliseconds the user should not wait for.
    graveyard: Vec<Garbage>,
    bin: Bin,
    discovery_problems: Vec<Finding>,
    /// `a0lint.toml`, when there is one, with its text and the hash of that text.
    manifest: Option<(PathBuf, String, u64)>,
    /// Files the last run registered itself (manifest, suppressions), released before the next.
    run_files: Vec<FileId>,
    /// The team's own rules (`.a0lint/rules`, or the manifest's `user-rules` folder), with the
    /// findings about broken ones and the files read. Loading registers rules for the whole
    /// process, so they are loaded at start and again only when their folder or the manifest
    /// changes, not on every run.
    user_rules: Vec<&'static RuleMeta>,
    user_rule_findings: Vec<Finding>,
    user_rules_dir: PathBuf,
    user_rule_files: Vec<FileId>,
    /// How many tenants were (re)loaded by the last update: for tests and the benchmark.
    pub last_reloaded: usize,
    /// Where the last run's time went, for `A0LINT_LSP_TRACE`.
    pub last_timing: String,
}

/// What an update found out.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Update {
    /// Something the findings depend on changed: run the rules again.
    pub dirty: bool,
}

/// The hash a file's text is recognised by between runs. foldhash, with a fixed seed: SipHash
/// took about a millisecond per keystroke on a 1 MB file, hashed twice. The hash only tells an
/// edited text from the last one the user typed, so it needs no defence against crafted input.
pub fn hash_text(text: &str) -> u64 {
    use std::hash::BuildHasher;
    let mut h = foldhash::quality::FixedState::default().build_hasher();
    h.write(text.as_bytes());
    h.finish()
}

impl Workspace {
    /// Discovers and loads every export under `root` (reading editor buffers from `overlay`).
    pub fn load(root: &Path, overlay: &Arc<Overlay>) -> Workspace {
        let mut ws = Workspace {
            root: root.to_path_buf(),
            opts: LoadOptions {
                base: root.to_path_buf(),
                yaml_chunks: Some(Arc::default()),
                ..LoadOptions::default()
            },
            sources: SourceMap::new(),
            tenants: Vec::new(),
            loaded: Vec::new(),
            cache: Vec::new(),
            registered: None,
            manifest_files: Vec::new(),
            graveyard: Vec::new(),
            bin: Bin::start(),
            discovery_problems: Vec::new(),
            manifest: None,
            run_files: Vec::new(),
            user_rules: Vec::new(),
            user_rule_findings: Vec::new(),
            user_rules_dir: PathBuf::new(),
            user_rule_files: Vec::new(),
            last_reloaded: 0,
            last_timing: String::new(),
        };
        ws.read_manifest(overlay);
        ws.load_user_rules();
        ws.rediscover(overlay);
        ws
    }

    /// The current text of `path`: the editor's buffer, else the file on disk.
    fn text_of(overlay: &Overlay, path: &Path) -> Option<String> {
        match overlay.get(path) {
            Some(t) => Some(t.clone()),
            None => std::fs::read_to_string(path).ok(),
        }
    }

    /// Finds the manifest (the root's or an ancestor's) and reads it. True when its text changed.
    fn read_manifest(&mut self, overlay: &Overlay) -> bool {
        let found = Manifest::find(&self.root, None).map(|p| normalize(&p));
        let now = found.and_then(|p| {
            let text = Self::text_of(overlay, &p)?;
            let h = hash_text(&text);
            Some((p, text, h))
        });
        let changed =
            now.as_ref().map(|(p, _, h)| (p, h)) != self.manifest.as_ref().map(|(p, _, h)| (p, h));
        self.manifest = now;
        if changed {
            self.sources
                .release(&std::mem::take(&mut self.manifest_files));
            self.registered = None;
            self.forget_findings();
        }
        changed
    }

    /// Drops every tenant's cached findings (the manifest or the rules changed).
    fn forget_findings(&mut self) {
        for c in &mut self.cache {
            let old = std::mem::take(c);
            self.graveyard.push(Box::new(old));
        }
    }

    /// Keeps `garbage` until [`Workspace::collect_garbage`].
    pub fn bury(&mut self, garbage: Garbage) {
        self.graveyard.push(garbage);
    }

    /// Hands what the last update replaced to the freeing thread. The server calls it after
    /// publishing.
    pub fn collect_garbage(&mut self) {
        if self.graveyard.is_empty() {
            return;
        }
        self.bin.free(std::mem::take(&mut self.graveyard));
    }

    /// (Re)loads the team's rules, as `a0lint check` finds them.
    fn load_user_rules(&mut self) {
        // Other rules, or other selections: no cached rule findings hold any more.
        self.forget_findings();
        let pending = self.pending_manifest();
        self.user_rules_dir = match &pending {
            Some(p) => p
                .path
                .parent()
                .unwrap_or(Path::new("."))
                .join(p.user_rules().unwrap_or(crate::rules::user::DEFAULT_DIR)),
            None => self.root.join(crate::rules::user::DEFAULT_DIR),
        };
        self.user_rules_dir = normalize(&self.user_rules_dir);
        self.sources
            .release(&std::mem::take(&mut self.user_rule_files));
        let first = self.sources.len();
        let (rules, findings) =
            crate::rules::user::load_dir(&self.user_rules_dir, &self.sources, &self.opts.base);
        self.user_rules = rules;
        self.user_rule_findings = findings;
        self.user_rule_files = (first..self.sources.len())
            .map(|i| FileId(i as u32))
            .collect();
    }

    fn pending_manifest(&self) -> Option<PendingManifest> {
        let (path, text, _) = self.manifest.as_ref()?;
        Some(PendingManifest::from_text(path, text.clone()))
    }

    /// Walks the root again: loads exports that appeared, drops those that went away, keeps the
    /// rest as they are.
    fn rediscover(&mut self, overlay: &Arc<Overlay>) {
        let pending = self.pending_manifest();
        let ignore = pending
            .as_ref()
            .map(|p| p.ignore_paths().to_vec())
            .unwrap_or_default();
        let named = pending
            .as_ref()
            .map(PendingManifest::deploy_configs)
            .unwrap_or_default();
        self.opts.deploy_configs = (!named.is_empty()).then(|| Arc::new(named));
        let set = build_globs(&ignore);
        let mut discovery = discover(std::slice::from_ref(&self.root), &self.opts.base);
        if let Some(set) = &set {
            let base = self.opts.base.clone();
            discovery.exports.retain(|c| {
                let shown = crate::source::display_path(&c.path, &base);
                !set.is_match(&shown) && !set.is_match(&c.path)
            });
        }
        self.discovery_problems = discovery.problems;
        // Keep what is still there, in the new (path) order.
        let mut caches = std::mem::take(&mut self.cache);
        caches.resize_with(self.tenants.len(), TenantCache::default);
        let mut old: HashMap<PathBuf, (Tenant, Loaded, TenantCache)> =
            std::mem::take(&mut self.tenants)
                .into_iter()
                .zip(std::mem::take(&mut self.loaded))
                .zip(caches)
                .map(|((t, l), c)| (l.candidate.path.clone(), (t, l, c)))
                .collect();
        let mut slots: Vec<Option<(Tenant, Loaded, TenantCache)>> = Vec::new();
        let mut missing = Vec::new();
        for c in &discovery.exports {
            match old.remove(&c.path) {
                Some(kept) if kept.1.candidate.format == c.format => slots.push(Some(kept)),
                other => {
                    if let Some((_, l, _)) = other {
                        self.sources.release(&l.files);
                    }
                    missing.push(slots.len());
                    slots.push(None);
                }
            }
        }
        for (_, (t, l, c)) in old {
            self.sources.release(&l.files);
            self.graveyard.push(Box::new((t, c)));
        }
        let fresh = self.load_many(
            &missing
                .iter()
                .map(|&i| discovery.exports[i].clone())
                .collect::<Vec<_>>(),
            overlay,
        );
        self.last_reloaded = missing.len();
        for (i, (t, l)) in missing.into_iter().zip(fresh) {
            slots[i] = Some((t, l, TenantCache::default()));
        }
        for (t, l, c) in slots.into_iter().flatten() {
            self.tenants.push(t);
            self.loaded.push(l);
            self.cache.push(c);
        }
    }

    /// Loads exports (in parallel), recording the hash of every file each one read.
    fn load_many(
        &mut self,
        candidates: &[Candidate],
        overlay: &Arc<Overlay>,
    ) -> Vec<(Tenant, Loaded)> {
        // The overlay is shared with the loader only while it loads, so that the server can
        // change its buffers afterwards without copying them.
        self.opts.overlay = Some(overlay.clone());
        let sources = &self.sources;
        let opts = &self.opts;
        let root = &self.root;
        let out = candidates
            .par_iter()
            .map(|c| {
                let (tenant, findings) = load_tenant(c, sources, opts);
                let inputs = tenant
                    .files
                    .iter()
                    .map(|&id| {
                        let f = sources.get(id);
                        (normalize(&root.join(&f.path)), hash_text(&f.text))
                    })
                    .collect();
                let files = tenant.files.clone();
                (
                    tenant,
                    Loaded {
                        candidate: c.clone(),
                        findings,
                        inputs,
                        files,
                    },
                )
            })
            .collect();
        self.opts.overlay = None;
        out
    }

    /// Brings the estate up to date after `changed` files changed (in the editor or on disk).
    /// `structural` asks for a new walk of the root as well (a file was created, deleted or
    /// saved that no tenant has read yet: it may be a new export).
    pub fn update(
        &mut self,
        changed: &[PathBuf],
        overlay: &Arc<Overlay>,
        structural: bool,
    ) -> Update {
        self.last_reloaded = 0;
        let manifest_path = self.manifest.as_ref().map(|(p, _, _)| p.clone());
        let touches_manifest = changed.iter().any(|p| {
            Some(p) == manifest_path.as_ref()
                || p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| crate::manifest::FILE_NAMES.contains(&n))
        });
        let mut dirty = false;
        let mut rediscover = false;
        if touches_manifest && self.read_manifest(overlay) {
            // `ignore-paths` may have changed what counts as an export, `user-rules` the rules.
            dirty = true;
            rediscover = true;
            self.load_user_rules();
        } else if changed.iter().any(|p| p.starts_with(&self.user_rules_dir)) {
            dirty = true;
            self.load_user_rules();
        }
        let mut stale = vec![false; self.loaded.len()];
        for path in changed {
            let text = Self::text_of(overlay, path);
            let hash = text.as_deref().map(hash_text);
            let mut owned = false;
            for (i, l) in self.loaded.iter().enumerate() {
                if let Some(h) = l.inputs.get(path) {
                    owned = true;
                    if Some(*h) != hash {
                        stale[i] = true;
                    }
                } else if l.candidate.format == ExportFormat::Directory
                    && path.starts_with(&l.candidate.path)
                    && path.extension().is_some_and(|e| e == "json")
                    && text.is_some()
                {
                    // A JSON file of a directory export that the tenant has not read yet.
                    owned = true;
                    stale[i] = true;
                }
            }
            if !owned && structural && is_export_like(path) {
                rediscover = true;
            }
        }
        let indices: Vec<usize> = (0..stale.len()).filter(|&i| stale[i]).collect();
        if !indices.is_empty() {
            let candidates: Vec<Candidate> = indices
                .iter()
                .map(|&i| self.loaded[i].candidate.clone())
                .collect();
            let fresh = self.load_many(&candidates, overlay);
            self.cache
                .resize_with(self.tenants.len(), TenantCache::default);
            for (&i, (t, l)) in indices.iter().zip(fresh) {
                self.sources.release(&self.loaded[i].files);
                let old = (
                    std::mem::replace(&mut self.tenants[i], t),
                    std::mem::replace(&mut self.loaded[i], l),
                    std::mem::take(&mut self.cache[i]),
                );
                self.graveyard.push(Box::new(old));
            }
            self.last_reloaded = indices.len();
            dirty = true;
        }
        if rediscover {
            // After the reloads above, so that a walk never keeps a stale tenant.
            let before = self.last_reloaded;
            self.rediscover(overlay);
            self.last_reloaded += before;
            dirty = true;
        }
        Update { dirty }
    }

    /// Runs every check over the estate as it is now, then applies the suppressions (the file's
    /// entries and inline comments, reporting invalid, expired and unused ones) as `a0lint check`
    /// does. Returns the findings, sorted, each with its semantic path.
    pub fn lint(&mut self) -> Vec<(Finding, String)> {
        // The suppressions file is registered anew by each run: release the last run's copy.
        // The manifest is registered again only when its text changed.
        let previous = std::mem::take(&mut self.run_files);
        self.sources.release(&previous);
        let mut estate = Estate {
            sources: std::mem::take(&mut self.sources),
            tenants: std::mem::take(&mut self.tenants),
            findings: self.discovery_problems.clone(),
        };
        for l in &self.loaded {
            estate.findings.extend(l.findings.iter().cloned());
        }
        estate
            .findings
            .extend(self.user_rule_findings.iter().cloned());
        if self.registered.is_none() {
            let before = estate.sources.len();
            self.registered = Some(match self.pending_manifest() {
                Some(p) => p.register(&estate.sources, &self.opts.base),
                None => (None, Vec::new()),
            });
            self.manifest_files = (before..estate.sources.len())
                .map(|i| FileId(i as u32))
                .collect();
        }
        let first = estate.sources.len();
        let (manifest, manifest_findings) = self.registered.as_ref().expect("registered above");
        estate.findings.extend(manifest_findings.iter().cloned());
        let selection = Selection::new(manifest.as_ref(), &[], &[]);
        self.cache
            .resize_with(estate.tenants.len(), TenantCache::default);
        let t0 = std::time::Instant::now();
        let mut result = check_reusing(
            estate,
            manifest.as_ref(),
            &selection,
            &self.user_rules,
            &mut self.cache,
        );
        let checked = t0.elapsed();
        let gate_ws = gate::Workspace::at(self.root.clone(), std::slice::from_ref(&self.root));
        let opts = gate::GateOptions {
            suppressions: None,
            baseline: None,
            prune_baseline: false,
            today: suppress::Date::today().unwrap_or(suppress::Date::from_unix_days(0)),
        };
        let out = match gate::apply(&mut result, &gate_ws, &opts) {
            Ok(g) => g
                .findings
                .into_iter()
                .zip(g.identities)
                .map(|(f, id)| (f, id.path))
                .collect(),
            // A suppressions file that cannot be read suppresses nothing here; `a0lint check`
            // reports it.
            Err(_) => {
                let ids = crate::fingerprint::identify(&result.findings, &result.estate, &gate_ws);
                result
                    .findings
                    .iter()
                    .cloned()
                    .zip(ids.into_iter().map(|id| id.path))
                    .collect()
            }
        };
        self.last_timing = format!(
            "checks {:.1} ms, suppressions and fingerprints {:.1} ms",
            checked.as_secs_f64() * 1e3,
            (t0.elapsed() - checked).as_secs_f64() * 1e3
        );
        self.sources = result.estate.sources;
        self.tenants = result.estate.tenants;
        self.run_files = (first..self.sources.len())
            .map(|i| FileId(i as u32))
            .collect();
        out
    }

    /// The suppressions file a new entry goes to: the one in use, else
    /// `.a0lint/suppressions.toml` in the root.
    pub fn suppressions_file(&self) -> PathBuf {
        let gate_ws = gate::Workspace::at(self.root.clone(), std::slice::from_ref(&self.root));
        match suppress::locate(None, &gate_ws) {
            Ok(Some(p)) => self.absolute(&p),
            _ => self.root.join(suppress::DEFAULT_FILE),
        }
    }

    pub fn sources(&self) -> &SourceMap {
        &self.sources
    }

    pub fn tenants(&self) -> &[Tenant] {
        &self.tenants
    }

    /// The absolute path of a path as the loader shows it (relative to the root).
    pub fn absolute(&self, shown: &Path) -> PathBuf {
        normalize(&self.root.join(shown))
    }

    /// The export root folder of a tenant (the folder of its `tenant.yaml`, or the directory
    /// export itself).
    pub fn export_dir(&self, tenant: &str) -> Option<PathBuf> {
        let i = self.tenants.iter().position(|t| t.name == tenant)?;
        let c = &self.loaded[i].candidate;
        Some(match c.format {
            ExportFormat::Yaml => c.path.parent().map(Path::to_path_buf).unwrap_or_default(),
            ExportFormat::Directory => c.path.clone(),
        })
    }
}

/// Something replaced, waiting to be freed.
pub type Garbage = Box<dyn std::any::Any + Send>;

/// Frees replaced trees on a thread of its own. Freeing a 1 MB tenant's tree and its two
/// thousand diagnostics takes milliseconds. Done on the rayon pool, it held up a worker that the
/// next keystroke's checks then waited for; on a thread of its own it only shares the cores.
struct Bin {
    /// `None` when the thread could not be started: then the server frees on its own thread.
    to: Option<std::sync::mpsc::Sender<Vec<Garbage>>>,
}

impl Bin {
    fn start() -> Bin {
        let (to, from) = std::sync::mpsc::channel::<Vec<Garbage>>();
        // The thread ends when the workspace (the sender) goes.
        let started = std::thread::Builder::new()
            .name("a0lint-free".into())
            .spawn(move || from.into_iter().for_each(drop));
        Bin {
            to: started.ok().map(|_| to),
        }
    }

    fn free(&self, garbage: Vec<Garbage>) {
        // A send fails only when the thread is gone; the error, and the garbage in it, drop here.
        if let Some(to) = &self.to {
            let _ = to.send(garbage);
        }
    }
}

/// A file that could make a new export appear: YAML, JSON, or a folder.
fn is_export_like(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) => matches!(e, "yaml" | "yml" | "json"),
        None => true,
    }
}

fn build_globs(globs: &[String]) -> Option<globset::GlobSet> {
    if globs.is_empty() {
        return None;
    }
    let mut b = globset::GlobSetBuilder::new();
    for g in globs {
        // A bad glob is the manifest's problem, reported by `a0lint check`; skip it here.
        if let Ok(glob) = globset::Glob::new(g) {
            b.add(glob);
        }
    }
    b.build().ok()
}
