//! `a0lint lsp`: a language server that shows an estate's findings while its exports are edited.
//!
//! A linter run in CI tells people about a mistake after they pushed it. In the editor, the same
//! findings appear as they type: a misspelt field in `tenant.yaml`, a callback that is fine in
//! development and an error in production, a friendly name that is the same in staging and in
//! production. The last kind is why this server is more than a per-file linter: a0lint's rules
//! see the whole estate, so an edit in the staging tenant can raise (or clear) a finding shown in
//! the production tenant's file, and the server publishes both.
//!
//! How it works, in the order a session goes:
//!
//! * **Start.** The client sends `initialize`. The server picks the position encoding (`utf-8`
//!   when the client offers it, UTF-16 otherwise, as the protocol requires), takes the first
//!   workspace folder (or the root URI, or the working directory) as the estate's root, loads
//!   every export under it plus `a0lint.toml` ([`workspace::Workspace`]), runs every check, and
//!   publishes diagnostics for every file that has findings.
//! * **Edits.** `didOpen`, `didChange` (incremental or full) and `didSave` of any file keep its
//!   text in an overlay that the loader reads instead of the disk, so the findings are those of
//!   the unsaved buffers. Only the tenants that read the changed file, and whose hash of it
//!   changed, are loaded again; the others are reused, with their schema findings and the
//!   findings of the rules that look at one tenant only. Schema validation and those rules run
//!   again for the reloaded tenants; rules that compare tenants and estate-wide rules run again
//!   for all, so they see the change at once. Diagnostics are published for every
//!   file whose diagnostics changed (an empty list for a file whose findings went away) and for
//!   the edited file itself. Notifications already queued are applied before the run, so a burst
//!   of keystrokes costs one run, not one per keystroke.
//! * **Diagnostics.** Each finding becomes a diagnostic at its exact span, with its severity, the
//!   rule id as `code`, the rule's documentation page as `codeDescription`, `source: "a0lint"`,
//!   and its related locations (the other tenant's value, for rules that compare tenants) as
//!   `relatedInformation`.
//! * **Hover** over a diagnostic shows its rule's documentation: summary, why it matters, how to
//!   fix it, and the link.
//! * **Code actions** offer, for each diagnostic in the range, the rule's safe fix when the
//!   finding carries one ([`crate::finding::Fix`]), and a suppression: a `[[suppress]]` entry for
//!   the finding's rule, tenant and semantic path, appended to the suppressions file
//!   (`.a0lint/suppressions.toml`, created if needed) with a placeholder reason to replace.
//!   Suppressions apply exactly as in `a0lint check` ([`crate::gate`]): suppressed findings are
//!   not published, and invalid, expired or unused entries are findings in that file.
//!
//! With `A0LINT_LSP_TRACE` set, each run's timings go to standard error (the editor's log).
//!
//! The server is synchronous: one loop over `lsp-server`'s channel, as in rust-analyzer and ruff.
//! A run over a four-tenant estate takes milliseconds; nothing would be gained from an async
//! runtime. [`serve`] runs it over any connection, so tests and the benchmark can drive it
//! in-process as well as over standard input and output ([`run_stdio`]).

pub mod convert;
mod suppressions;
pub mod workspace;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionProvider, CodeDescription, Contents,
    CreateFile, CreateFileOptions, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, DocumentChange, Edit, HoverParams,
    InitializeParams, Location as LspLocation, MarkupContent, MarkupKind,
    OptionalVersionedTextDocumentIdentifier, PositionEncodingKind, PublishDiagnosticsParams, Range,
    Save, SaveOptions, ServerCapabilities, TextDocumentContentChangeEvent, TextDocumentEdit,
    TextDocumentIdentifier, TextDocumentSync, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextEdit, Uri, WorkspaceEdit,
};
use rayon::prelude::*;
use serde_json::json;

use crate::export::load::{Overlay, normalize};
use crate::finding::{Finding, Location, Severity};
use crate::source::{FileId, SourceFile};
use convert::Encoding;
use workspace::Workspace;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Runs the server over standard input and output until the client says `exit`.
pub fn run_stdio() -> Result<(), BoxError> {
    let (connection, io_threads) = Connection::stdio();
    serve(connection)?;
    io_threads.join()?;
    Ok(())
}

/// Runs the server over `connection`: the initialize handshake, then the main loop.
pub fn serve(connection: Connection) -> Result<(), BoxError> {
    crate::schema::init().map_err(|e| -> BoxError { e.into() })?;
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)?;
    let encoding = negotiate_encoding(&params);
    let root = workspace_root(&params);
    let capabilities = ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSync::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::Incremental),
            save: Some(Save::SaveOptions(SaveOptions {
                include_text: Some(false),
            })),
            ..TextDocumentSyncOptions::default()
        })),
        hover_provider: Some(lsp_types::HoverProvider::Bool(true)),
        code_action_provider: Some(CodeActionProvider::CodeActionOptions(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QuickFix]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    };
    connection.initialize_finish(
        id,
        json!({
            "capabilities": capabilities,
            "serverInfo": { "name": "a0lint", "version": env!("CARGO_PKG_VERSION") },
        }),
    )?;
    let can_create_files = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.workspace_edit.as_ref())
        .and_then(|e| e.resource_operations.as_ref())
        .is_some_and(|ops| {
            ops.iter()
                .any(|o| matches!(o, lsp_types::ResourceOperationKind::Create))
        });
    let mut server = Server::new(root, encoding, can_create_files);
    server.publish_all(&connection, &[])?;
    server.main_loop(&connection)
}

/// `utf-8` when the client offers it; UTF-16, the protocol's default, otherwise.
fn negotiate_encoding(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(list) if list.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

/// The first workspace folder, else the root URI or path, else the working directory.
#[allow(deprecated)]
fn workspace_root(params: &InitializeParams) -> PathBuf {
    let from_folders = match &params.workspace_folders_initialize_params.workspace_folders {
        Some(lsp_types::WorkspaceFolders::WorkspaceFolderList(list)) => {
            list.first().and_then(|f| convert::uri_to_path(&f.uri))
        }
        _ => None,
    };
    let root = from_folders
        .or_else(|| params.root_uri.as_ref().and_then(convert::uri_to_path))
        .or_else(|| match &params.root_path {
            Some(lsp_types::RootPath::String(p)) => Some(PathBuf::from(p)),
            _ => None,
        })
        .unwrap_or_else(|| std::env::current_dir().unwrap_or_default());
    std::fs::canonicalize(&root).unwrap_or(root)
}

/// One diagnostic as published, with what hover and code actions need to know about it.
#[derive(Clone, Debug)]
struct Item {
    diagnostic: Diagnostic,
    rule: &'static str,
    tenant: Option<String>,
    /// The finding's semantic path (for a suppression).
    path: String,
    /// The safe fix, as edits per document.
    fix: Option<(String, HashMap<Uri, Vec<TextEdit>>)>,
}

/// What was last published for one file.
#[derive(Debug)]
struct Published {
    uri: Uri,
    items: Vec<Item>,
}

/// What one run has worked out about the places its findings point to (file, path, URI) and the
/// rules' links, so that each is done once per file or rule rather than once per finding. One
/// pass over the findings fills it in ([`Places::learn`]); then the diagnostics are built from it
/// on every core at once ([`Places::item`]), since a thousand findings cost milliseconds.
struct Places {
    encoding: Encoding,
    files: HashMap<FileId, Option<(Arc<SourceFile>, PathBuf, Uri)>>,
    paths: HashMap<PathBuf, Option<(PathBuf, Uri)>>,
    links: HashMap<&'static str, Option<CodeDescription>>,
}

struct Server {
    root: PathBuf,
    encoding: Encoding,
    can_create_files: bool,
    /// Open documents: path → (URI, version). Their text is in `overlay`.
    docs: HashMap<PathBuf, (Uri, i32)>,
    overlay: Arc<Overlay>,
    workspace: Workspace,
    published: HashMap<PathBuf, Published>,
    /// `A0LINT_LSP_TRACE` is set: report each run's timings on standard error.
    trace: bool,
}

impl Server {
    fn new(root: PathBuf, encoding: Encoding, can_create_files: bool) -> Server {
        let overlay = Arc::new(Overlay::new());
        let workspace = Workspace::load(&root, &overlay);
        Server {
            root,
            encoding,
            can_create_files,
            docs: HashMap::new(),
            overlay,
            workspace,
            published: HashMap::new(),
            trace: std::env::var_os("A0LINT_LSP_TRACE").is_some(),
        }
    }

    fn main_loop(&mut self, connection: &Connection) -> Result<(), BoxError> {
        let mut queue: std::collections::VecDeque<Message> = Default::default();
        loop {
            let msg = match queue.pop_front() {
                Some(m) => m,
                None => match connection.receiver.recv() {
                    Ok(m) => m,
                    Err(_) => return Ok(()),
                },
            };
            match msg {
                Message::Request(req) => {
                    if connection.handle_shutdown(&req)? {
                        return Ok(());
                    }
                    let resp = self.request(req);
                    connection.sender.send(resp.into())?;
                }
                Message::Notification(n) => {
                    if n.method == "exit" {
                        return Ok(());
                    }
                    let mut changes = Changes {
                        received: Some(std::time::Instant::now()),
                        ..Changes::default()
                    };
                    self.notification(n, &mut changes);
                    // Apply every document notification already waiting before running the
                    // checks once; anything else waits its turn in `queue`.
                    while queue.is_empty() {
                        match connection.receiver.try_recv() {
                            Ok(Message::Notification(n)) if is_document_event(&n.method) => {
                                self.notification(n, &mut changes)
                            }
                            Ok(other) => queue.push_back(other),
                            Err(_) => break,
                        }
                    }
                    if !changes.paths.is_empty() {
                        self.refresh(connection, &changes)?;
                    }
                }
                Message::Response(_) => {}
            }
        }
    }

    fn request(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            "textDocument/hover" => serde_json::from_value::<HoverParams>(req.params)
                .map(|p| serde_json::to_value(self.hover(&p)).unwrap_or_default()),
            "textDocument/codeAction" => {
                serde_json::from_value::<lsp_types::CodeActionParams>(req.params)
                    .map(|p| serde_json::to_value(self.code_actions(&p)).unwrap_or_default())
            }
            _ => return method_not_found(id, &req.method),
        };
        match result {
            Ok(v) => Response::new_ok(id, v),
            Err(e) => Response::new_err(
                id,
                lsp_server::ErrorCode::InvalidParams as i32,
                e.to_string(),
            ),
        }
    }

    /// Applies one notification to the documents; records the paths it touched.
    fn notification(&mut self, n: Notification, changes: &mut Changes) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) else {
                    return;
                };
                let doc = p.text_document;
                let Some(path) = self.doc_path(&doc.uri) else {
                    return;
                };
                self.docs.insert(path.clone(), (doc.uri, doc.version));
                Arc::make_mut(&mut self.overlay).insert(path.clone(), doc.text);
                changes.touch(path, true);
            }
            "textDocument/didChange" => {
                let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) else {
                    return;
                };
                let Some(path) = self.doc_path(&p.text_document.text_document_identifier.uri)
                else {
                    return;
                };
                let enc = self.encoding;
                let overlay = Arc::make_mut(&mut self.overlay);
                let Some(text) = overlay.get_mut(&path) else {
                    return;
                };
                for change in p.content_changes {
                    match change {
                        TextDocumentContentChangeEvent::TextDocumentContentChangeWholeDocument(
                            w,
                        ) => *text = w.text,
                        TextDocumentContentChangeEvent::TextDocumentContentChangePartial(c) => {
                            let start = convert::offset(text, c.range.start, enc);
                            let end = convert::offset(text, c.range.end, enc).max(start);
                            text.replace_range(start..end, &c.text);
                        }
                    }
                }
                if let Some(d) = self.docs.get_mut(&path) {
                    d.1 = p.text_document.version;
                }
                changes.touch(path, false);
            }
            "textDocument/didSave" => {
                let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(n.params) else {
                    return;
                };
                let Some(path) = self.doc_path(&p.text_document.uri) else {
                    return;
                };
                if let Some(text) = p.text {
                    Arc::make_mut(&mut self.overlay).insert(path.clone(), text);
                }
                changes.touch(path, true);
            }
            "textDocument/didClose" => {
                let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) else {
                    return;
                };
                let Some(path) = self.doc_path(&p.text_document.uri) else {
                    return;
                };
                // The file on disk is what counts again (unsaved edits were thrown away).
                self.docs.remove(&path);
                Arc::make_mut(&mut self.overlay).remove(&path);
                changes.touch(path, false);
            }
            "workspace/didChangeWatchedFiles" => {
                let Ok(p) = serde_json::from_value::<DidChangeWatchedFilesParams>(n.params) else {
                    return;
                };
                for e in p.changes {
                    if let Some(path) = self.doc_path(&e.uri) {
                        changes.touch(path, true);
                    }
                }
            }
            _ => {}
        }
    }

    /// The key of a document: its path, canonical when it lies outside the root as written (a
    /// symbolic link), so that it matches the paths the loader reads.
    fn doc_path(&self, uri: &Uri) -> Option<PathBuf> {
        let p = convert::uri_to_path(uri)?;
        if p.starts_with(&self.root) {
            Some(p)
        } else {
            Some(std::fs::canonicalize(&p).map_or(p, |c| normalize(&c)))
        }
    }

    /// Brings the estate up to date after `changes` and publishes what changed.
    fn refresh(&mut self, connection: &Connection, changes: &Changes) -> Result<(), BoxError> {
        let paths: Vec<PathBuf> = changes.paths.iter().cloned().collect();
        let started = std::time::Instant::now();
        let applied = changes.received.map(|r| started - r).unwrap_or_default();
        let suppressions = self.workspace.suppressions_file();
        let update = self
            .workspace
            .update(&paths, &self.overlay, changes.structural);
        let loaded = started.elapsed();
        let waivers_changed = paths
            .iter()
            .any(|p| *p == suppressions || p.ends_with(crate::suppress::DEFAULT_FILE));
        let sent = if update.dirty || waivers_changed {
            self.publish_all(connection, &paths)?
        } else {
            Vec::new()
        };
        // The edited documents always get a fresh publish, with their version.
        for path in &paths {
            if self.docs.contains_key(path) && !sent.contains(path) {
                self.send(connection, path)?;
            }
        }
        // Only now that the diagnostics are out, free what the update replaced.
        self.workspace.collect_garbage();
        if self.trace {
            eprintln!(
                "a0lint lsp: {} change(s) applied in {:.1} ms; {} tenant(s) reloaded in {:.1} ms; total {:.1} ms ({})",
                paths.len(),
                applied.as_secs_f64() * 1e3,
                self.workspace.last_reloaded,
                loaded.as_secs_f64() * 1e3,
                started.elapsed().as_secs_f64() * 1e3,
                self.workspace.last_timing,
            );
        }
        Ok(())
    }

    /// Runs every check, publishes the diagnostics of every file whose diagnostics changed, and
    /// an empty list for files whose findings all went away. Open documents among `edited` are
    /// published whatever their diagnostics, with their new version. Returns the files published.
    fn publish_all(
        &mut self,
        connection: &Connection,
        edited: &[PathBuf],
    ) -> Result<Vec<PathBuf>, BoxError> {
        let findings = self.workspace.lint();
        let started = std::time::Instant::now();
        let mut next: HashMap<PathBuf, Published> = HashMap::new();
        let mut places = Places::new(self.encoding);
        for (f, _) in &findings {
            places.learn(f, self);
        }
        let items: Vec<(&PathBuf, &Uri, Item)> = findings
            .into_par_iter()
            .filter_map(|(f, semantic)| {
                let (path, uri, range) = places.locate(&f.location)?;
                Some((path, uri, places.item(&f, range, semantic)))
            })
            .collect();
        // The findings come sorted by file, so each file's items are one run (or a few): each
        // run is counted first, so that its list is allocated once rather than grown item by
        // item, copying all the items before it each time.
        let runs: Vec<usize> = items.chunk_by(|a, b| a.0 == b.0).map(<[_]>::len).collect();
        let mut items = items.into_iter();
        for run in runs {
            let mut run_items = items.by_ref().take(run).peekable();
            let Some(&(path, uri, _)) = run_items.peek() else {
                continue;
            };
            let published = next.entry(path.clone()).or_insert_with(|| Published {
                uri: uri.clone(),
                items: Vec::new(),
            });
            published.items.reserve(run);
            published.items.extend(run_items.map(|(_, _, item)| item));
        }
        let built = started.elapsed();
        let mut to_send: Vec<PathBuf> = Vec::new();
        for (path, p) in &next {
            // No need to compare two thousand diagnostics to know that the edited document is
            // sent again.
            let resent = edited.contains(path) && self.docs.contains_key(path);
            let same = !resent
                && self.published.get(path).is_some_and(|old| {
                    old.items.len() == p.items.len()
                        && old
                            .items
                            .iter()
                            .zip(&p.items)
                            .all(|(a, b)| a.diagnostic == b.diagnostic)
                });
            if !same {
                to_send.push(path.clone());
            }
        }
        let gone: Vec<PathBuf> = self
            .published
            .keys()
            .filter(|p| !next.contains_key(*p))
            .cloned()
            .collect();
        for path in &gone {
            if let Some(old) = self.published.remove(path) {
                let uri = self.docs.get(path).map_or(old.uri, |d| d.0.clone());
                self.notify_diagnostics(connection, path, uri, Vec::new())?;
            }
        }
        let replaced = std::mem::replace(&mut self.published, next);
        self.workspace.bury(Box::new(replaced));
        to_send.sort();
        for path in &to_send {
            self.send(connection, path)?;
        }
        if self.trace {
            use std::fmt::Write as _;
            let _ = write!(
                self.workspace.last_timing,
                ", diagnostics {:.1} ms, compared and sent {:.1} ms",
                built.as_secs_f64() * 1e3,
                (started.elapsed() - built).as_secs_f64() * 1e3
            );
        }
        to_send.extend(gone);
        Ok(to_send)
    }

    /// Publishes what is known for `path` (an empty list when it has no findings).
    fn send(&self, connection: &Connection, path: &Path) -> Result<(), BoxError> {
        let Some(p) = self.published.get(path) else {
            return match self.docs.get(path) {
                Some((uri, _)) => {
                    self.notify_diagnostics(connection, path, uri.clone(), Vec::new())
                }
                None => Ok(()),
            };
        };
        let uri = self
            .docs
            .get(path)
            .map_or_else(|| p.uri.clone(), |d| d.0.clone());
        // Serialised for each notification, on every core: keeping a copy to clone next time
        // measured no faster than building it again, and a 1 MB file's two thousand diagnostics
        // take milliseconds on one.
        let diagnostics = serde_json::Value::Array(
            p.items
                .par_iter()
                .map(|i| serde_json::to_value(&i.diagnostic))
                .collect::<Result<Vec<_>, _>>()?,
        );
        // The parameters `PublishDiagnosticsParams` serialises to, without cloning the list.
        let version = self.docs.get(path).map(|d| d.1);
        let mut params = serde_json::to_value(PublishDiagnosticsParams {
            uri,
            version,
            diagnostics: Vec::new(),
        })?;
        params["diagnostics"] = diagnostics;
        connection.sender.send(
            Notification {
                method: "textDocument/publishDiagnostics".into(),
                params,
            }
            .into(),
        )?;
        Ok(())
    }

    fn notify_diagnostics(
        &self,
        connection: &Connection,
        path: &Path,
        uri: Uri,
        diagnostics: Vec<Diagnostic>,
    ) -> Result<(), BoxError> {
        let version = self.docs.get(path).map(|d| d.1);
        let params = PublishDiagnosticsParams {
            uri,
            version,
            diagnostics,
        };
        connection
            .sender
            .send(Notification::new("textDocument/publishDiagnostics".into(), params).into())?;
        Ok(())
    }

    /// The URI of a path: the one the client used for an open document, else a `file:` URI.
    fn uri_of(&self, path: &Path) -> Option<Uri> {
        match self.docs.get(path) {
            Some((uri, _)) => Some(uri.clone()),
            None => convert::path_to_uri(path),
        }
    }

    fn items_at(&self, uri: &Uri) -> Option<&Published> {
        let path = self.doc_path(uri)?;
        self.published.get(&path)
    }

    fn hover(&self, p: &HoverParams) -> Option<lsp_types::Hover> {
        let at = &p.text_document_position_params;
        let published = self.items_at(&at.text_document.uri)?;
        let hits: Vec<&Item> = published
            .items
            .iter()
            .filter(|i| convert::contains(&i.diagnostic.range, at.position))
            .collect();
        let first = hits.first()?;
        let mut seen = HashSet::new();
        let docs: Vec<String> = hits
            .iter()
            .filter(|i| seen.insert(i.rule))
            .filter_map(|i| crate::rules::lookup(i.rule).map(rule_markdown))
            .collect();
        if docs.is_empty() {
            return None;
        }
        Some(lsp_types::Hover {
            contents: Contents::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: docs.join("\n\n---\n\n"),
            }),
            range: Some(first.diagnostic.range),
        })
    }

    fn code_actions(&self, p: &lsp_types::CodeActionParams) -> Vec<CodeAction> {
        let Some(published) = self.items_at(&p.text_document.uri) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in published
            .items
            .iter()
            .filter(|i| convert::overlaps(&i.diagnostic.range, &p.range))
        {
            if let Some((message, edits)) = &item.fix {
                out.push(CodeAction {
                    title: format!("{message} ({})", item.rule),
                    kind: Some(CodeActionKind::QuickFix),
                    diagnostics: Some(vec![item.diagnostic.clone()]),
                    is_preferred: Some(true),
                    edit: Some(WorkspaceEdit {
                        changes: Some(edits.clone()),
                        ..WorkspaceEdit::default()
                    }),
                    ..CodeAction::default()
                });
            }
            if let Some(edit) = self.suppression_edit(item) {
                let shown = if item.path.is_empty() {
                    "the estate".to_owned()
                } else {
                    format!("`{}`", item.path)
                };
                let file = self.workspace.suppressions_file();
                let file = file.strip_prefix(&self.root).unwrap_or(&file);
                out.push(CodeAction {
                    title: format!(
                        "Suppress {} for {shown} in {} (with reason)",
                        item.rule,
                        crate::render::path_string(file)
                    ),
                    kind: Some(CodeActionKind::QuickFix),
                    diagnostics: Some(vec![item.diagnostic.clone()]),
                    edit: Some(edit),
                    ..CodeAction::default()
                });
            }
        }
        out
    }

    /// The edit appending a `[[suppress]]` entry for `item` to the suppressions file, creating
    /// the file when it does not exist.
    fn suppression_edit(&self, item: &Item) -> Option<WorkspaceEdit> {
        let path = self.workspace.suppressions_file();
        let uri = self.uri_of(&path)?;
        let current = match self.overlay.get(&path) {
            Some(t) => Some(t.clone()),
            None => std::fs::read_to_string(&path).ok(),
        };
        let after_text = current.as_ref().is_some_and(|t| !t.trim().is_empty());
        let mut entry =
            suppressions::entry(item.rule, item.tenant.as_deref(), &item.path, after_text);
        let at = match &current {
            Some(t) => {
                if after_text && !t.ends_with('\n') {
                    entry.insert(0, '\n');
                }
                convert::end_position(t, self.encoding)
            }
            None => Default::default(),
        };
        let insert = TextEdit {
            range: Range { start: at, end: at },
            new_text: entry,
        };
        if current.is_some() || !self.can_create_files {
            return Some(WorkspaceEdit {
                changes: Some(HashMap::from([(uri, vec![insert])])),
                ..WorkspaceEdit::default()
            });
        }
        Some(WorkspaceEdit {
            document_changes: Some(vec![
                DocumentChange::CreateFile(CreateFile {
                    uri: uri.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                }),
                DocumentChange::TextDocumentEdit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        version: None,
                        text_document_identifier: TextDocumentIdentifier { uri },
                    },
                    edits: vec![Edit::TextEdit(insert)],
                }),
            ]),
            ..WorkspaceEdit::default()
        })
    }
}

impl Places {
    fn new(encoding: Encoding) -> Places {
        Places {
            encoding,
            files: HashMap::new(),
            paths: HashMap::new(),
            links: HashMap::new(),
        }
    }

    /// Works out the places and link `f` needs that no finding before it needed.
    fn learn(&mut self, f: &Finding, server: &Server) {
        let locations = std::iter::once(&f.location).chain(f.related.iter().map(|r| &r.location));
        for loc in locations {
            match loc {
                Location::Span(span) => self.learn_file(span.file, server),
                Location::Path(p) => {
                    if !self.paths.contains_key(p) {
                        let path = server.workspace.absolute(p);
                        let place = server.uri_of(&path).map(|uri| (path, uri));
                        self.paths.insert(p.clone(), place);
                    }
                }
            }
        }
        for (span, _) in f.fix.iter().flat_map(|fix| &fix.edits) {
            self.learn_file(span.file, server);
        }
        self.links.entry(f.rule).or_insert_with(|| {
            crate::rules::lookup(f.rule)
                .and_then(|m| Uri::parse(&m.url()).ok())
                .map(|href| CodeDescription { href })
        });
    }

    fn learn_file(&mut self, id: FileId, server: &Server) {
        self.files.entry(id).or_insert_with(|| {
            let file = server.workspace.sources().get(id);
            let path = server.workspace.absolute(&file.path);
            let uri = server.uri_of(&path)?;
            Some((file, path, uri))
        });
    }

    /// The file, URI and range of a location that [`Places::learn`] has seen.
    fn locate(&self, loc: &Location) -> Option<(&PathBuf, &Uri, Range)> {
        match loc {
            Location::Span(span) => {
                let (file, path, uri) = self.files.get(&span.file)?.as_ref()?;
                Some((path, uri, convert::range(file, *span, self.encoding)))
            }
            Location::Path(p) => {
                let (path, uri) = self.paths.get(p)?.as_ref()?;
                Some((path, uri, Range::default()))
            }
        }
    }

    fn item(&self, f: &Finding, range: Range, path: String) -> Item {
        let related: Vec<DiagnosticRelatedInformation> = f
            .related
            .iter()
            .filter_map(|r| {
                let (_, uri, range) = self.locate(&r.location)?;
                Some(DiagnosticRelatedInformation {
                    location: LspLocation {
                        uri: uri.clone(),
                        range,
                    },
                    message: r.message.clone(),
                })
            })
            .collect();
        let fix = f.fix.as_ref().map(|fix| {
            let mut edits: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
            for (span, text) in &fix.edits {
                if let Some((_, uri, range)) = self.locate(&Location::Span(*span)) {
                    edits.entry(uri.clone()).or_default().push(TextEdit {
                        range,
                        new_text: text.clone(),
                    });
                }
            }
            (fix.message.clone(), edits)
        });
        let diagnostic = Diagnostic {
            range,
            severity: Some(match f.severity {
                Severity::Error => DiagnosticSeverity::Error,
                Severity::Warning => DiagnosticSeverity::Warning,
                Severity::Info => DiagnosticSeverity::Information,
            }),
            code: Some(lsp_types::Code::String(f.rule.to_owned())),
            code_description: self.links.get(f.rule).cloned().flatten(),
            source: Some("a0lint".into()),
            message: lsp_types::Message::String(match &f.tenant {
                Some(t) => format!("{} [{t}]", f.message),
                None => f.message.clone(),
            }),
            tags: None,
            related_information: (!related.is_empty()).then_some(related),
            data: None,
        };
        Item {
            diagnostic,
            rule: f.rule,
            tenant: f.tenant.clone(),
            path,
            fix,
        }
    }
}

/// The rule's documentation as Markdown, for hovers.
pub fn rule_markdown(r: &crate::rules::RuleMeta) -> String {
    format!(
        "**{}** `{}` ({}, {} by default)\n\n{}\n\n**Why it matters.** {}\n\n**How to fix.** {}\n\n[Rule documentation]({})",
        r.id,
        r.name,
        r.category,
        r.severity,
        r.summary.trim(),
        r.rationale.trim(),
        r.fix.trim(),
        r.url()
    )
}

/// The documents and files touched by a batch of notifications.
#[derive(Default)]
struct Changes {
    paths: std::collections::BTreeSet<PathBuf>,
    /// A file was opened, saved, created or deleted: it may be a new export.
    structural: bool,
    /// When the batch's first notification was taken off the channel, for `A0LINT_LSP_TRACE`.
    received: Option<std::time::Instant>,
}

impl Changes {
    fn touch(&mut self, path: PathBuf, structural: bool) {
        self.paths.insert(path);
        self.structural |= structural;
    }
}

fn is_document_event(method: &str) -> bool {
    matches!(
        method,
        "textDocument/didOpen"
            | "textDocument/didChange"
            | "textDocument/didSave"
            | "textDocument/didClose"
            | "workspace/didChangeWatchedFiles"
    )
}

fn method_not_found(id: RequestId, method: &str) -> Response {
    Response::new_err(
        id,
        lsp_server::ErrorCode::MethodNotFound as i32,
        format!("a0lint does not handle `{method}`"),
    )
}
