//! The language server, end to end: the real binary over stdio with Content-Length-framed
//! JSON-RPC, against a copy of the example estate, compared with `a0lint check --format json`;
//! then one session with a real editor (headless Neovim) as the client.
#![cfg(feature = "lsp")]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(60);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the example estate in a temporary folder (canonical path).
fn estate() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = std::fs::canonicalize(dir.path()).unwrap();
    copy_dir(&root().join("fixtures/example-estate"), &path);
    (dir, path)
}

fn uri(path: &Path) -> String {
    url_of(path)
}

/// A `file:` URI, percent-encoding what the path needs (the estate has spaces in file names).
fn url_of(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_str().unwrap().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A client speaking to `a0lint lsp` over its standard input and output.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications received while waiting for something else.
    stash: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start(cwd: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_a0lint"))
            .arg("lsp")
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; len.expect("a Content-Length header")];
                r.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming: rx,
            stash: Vec::new(),
            next_id: 1,
        }
    }

    fn send(&mut self, msg: Value) {
        let body = serde_json::to_vec(&msg).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let msg = self
                .incoming
                .recv_timeout(deadline - Instant::now())
                .unwrap_or_else(|_| panic!("no response to {method}"));
            if msg["id"] == json!(id) && msg.get("method").is_none() {
                assert!(msg.get("error").is_none(), "{method} failed: {msg}");
                return msg["result"].clone();
            }
            self.stash.push(msg);
        }
    }

    /// Waits for a `publishDiagnostics` for `uri` that satisfies `pred`; returns its params.
    fn diagnostics_where(&mut self, uri: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let matches = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && pred(&m["params"])
        };
        if let Some(i) = self.stash.iter().position(matches) {
            return self.stash.remove(i)["params"].clone();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let msg = self
                .incoming
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|_| panic!("no matching diagnostics for {uri}"));
            if matches(&msg) {
                return msg["params"].clone();
            }
            self.stash.push(msg);
        }
    }

    /// The latest diagnostics for `uri` among those received so far, waiting for a first one.
    fn latest(&mut self, uri: &str) -> Value {
        let first = self.diagnostics_where(uri, |_| true);
        let mut latest = first;
        while let Some(i) = self.stash.iter().position(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        }) {
            latest = self.stash.remove(i)["params"].clone();
        }
        latest
    }

    fn initialize(&mut self, root: &Path, capabilities: Value) -> Value {
        let result = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "capabilities": capabilities,
                "workspaceFolders": [{ "uri": uri(root), "name": "estate" }],
            }),
        );
        self.notify("initialized", json!({}));
        result
    }

    fn shutdown(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r, Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "the server exits cleanly: {status}");
                return;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The findings `a0lint check --format json` reports, per file (relative path).
fn check_findings(dir: &Path) -> HashMap<String, Vec<Value>> {
    let out = Command::new(env!("CARGO_BIN_EXE_a0lint"))
        .args(["check", ".", "--format", "json"])
        .current_dir(dir)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut by_file: HashMap<String, Vec<Value>> = HashMap::new();
    for f in doc["findings"].as_array().unwrap() {
        by_file
            .entry(
                f["file"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("./")
                    .to_owned(),
            )
            .or_default()
            .push(f.clone());
    }
    by_file
}

/// A 1-based byte column on a 1-based line of `text`, as a 0-based UTF-16 column.
fn utf16_col(text: &str, line: u64, byte_col: u64) -> u64 {
    let l = text.lines().nth(line as usize - 1).unwrap_or("");
    l.as_bytes()[..byte_col as usize - 1]
        .utf8_chunks()
        .map(|c| c.valid().encode_utf16().count())
        .sum::<usize>() as u64
}

fn codes(params: &Value) -> Vec<(String, u64)> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn find<'a>(params: &'a Value, code: &str) -> &'a Value {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {params}"))
}

fn pos(line: u64, character: u64) -> Value {
    json!({ "line": line, "character": character })
}

#[test]
fn a_session_over_stdio_matches_check_and_follows_unsaved_edits() {
    let (_tmp, dir) = estate();
    let expected = check_findings(&dir);
    assert!(
        expected.len() >= 4,
        "the example estate has findings in several files"
    );

    let mut c = Client::start(&dir);
    let init = c.initialize(
        &dir,
        json!({ "workspace": { "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create"] } } }),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "a0lint");

    // 1. At start, every file with findings gets them: the same rules on the same lines as
    //    `a0lint check`, with columns converted to UTF-16.
    for (file, findings) in &expected {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let got = c.diagnostics_where(&uri(&path), |_| true);
        let diags = got["diagnostics"].as_array().unwrap();
        assert_eq!(diags.len(), findings.len(), "{file}: {got}");
        for f in findings {
            let line = f["line"].as_u64().unwrap();
            let end_line = f["end_line"].as_u64().unwrap();
            let want = json!({
                "start": pos(line - 1, if text.is_empty() { 0 } else { utf16_col(&text, line, f["column"].as_u64().unwrap()) }),
                "end": pos(end_line - 1, if text.is_empty() { 0 } else { utf16_col(&text, end_line, f["end_column"].as_u64().unwrap()) }),
            });
            let d = diags
                .iter()
                .find(|d| d["code"] == f["rule"] && d["range"] == want)
                .unwrap_or_else(|| panic!("{file}: no {} at {want} in {got}", f["rule"]));
            assert_eq!(d["source"], "a0lint");
            assert_eq!(d["codeDescription"]["href"], f["url"]);
            let sev = match f["severity"].as_str().unwrap() {
                "error" => 1,
                "warning" => 2,
                _ => 3,
            };
            assert_eq!(d["severity"], sev);
        }
    }

    // 2. Open staging's tenant.yaml: its diagnostics come back with the document's version.
    let staging = dir.join("northwind-staging/tenant.yaml");
    let staging_uri = uri(&staging);
    let staging_text = std::fs::read_to_string(&staging).unwrap();
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": staging_uri, "languageId": "yaml", "version": 1, "text": staging_text } }),
    );
    let opened = c.diagnostics_where(&staging_uri, |p| p["version"] == 1);
    assert!(codes(&opened).contains(&("INPUT-013".into(), 355)));

    // 3. Misspell a field without saving: a new diagnostic, with a did-you-mean fix.
    let line = staging_text
        .lines()
        .position(|l| l == "    callbacks:")
        .unwrap() as u64;
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": staging_uri, "version": 2 },
            "contentChanges": [{ "range": { "start": pos(line, 4), "end": pos(line, 13) }, "text": "callback" }],
        }),
    );
    let changed = c.diagnostics_where(&staging_uri, |p| p["version"] == 2);
    let unknown = find(&changed, "SCHEMA-001");
    assert_eq!(
        unknown["range"],
        json!({ "start": pos(line, 4), "end": pos(line, 12) })
    );
    assert!(
        std::fs::read_to_string(&staging)
            .unwrap()
            .contains("    callbacks:\n"),
        "the file on disk is untouched"
    );

    // 4. Hover on it shows the rule's documentation.
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": staging_uri }, "position": pos(line, 6) }),
    );
    let md = hover["contents"]["value"].as_str().unwrap();
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(
        md.contains("SCHEMA-001") && md.contains("unknown-field"),
        "{md}"
    );
    assert!(
        md.contains("**How to fix.**") && md.contains("https://a0lint.dev/rules/unknown-field")
    );

    // 5. Code actions: the safe fix, and a suppression with a reason to fill in.
    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": staging_uri },
            "range": unknown["range"],
            "context": { "diagnostics": [unknown] },
        }),
    );
    let actions = actions.as_array().unwrap();
    let fix = actions
        .iter()
        .find(|a| a["title"] == "Rename `callback` to `callbacks` (SCHEMA-001)")
        .unwrap_or_else(|| panic!("{actions:#?}"));
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(
        fix["edit"]["changes"][&staging_uri],
        json!([{ "range": { "start": pos(line, 4), "end": pos(line, 12) }, "newText": "callbacks" }])
    );
    let suppress = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Suppress SCHEMA-001 for `clients[")
        })
        .unwrap_or_else(|| panic!("{actions:#?}"));
    assert!(
        suppress["title"]
            .as_str()
            .unwrap()
            .ends_with("]/callback` in .a0lint/suppressions.toml (with reason)")
    );
    let changes = suppress["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(changes[0]["kind"], "create");
    let entry = changes[1]["edits"][0]["newText"].as_str().unwrap();
    assert!(entry.starts_with(
        "[[suppress]]\nrule = \"SCHEMA-001\"\ntenant = \"northwind-staging\"\npath = \"clients["
    ));
    assert!(entry.contains("reason = \"TODO: explain why\""));

    // Writing that entry (as the editor would) waives the finding.
    let supp = dir.join(".a0lint/suppressions.toml");
    std::fs::create_dir_all(supp.parent().unwrap()).unwrap();
    std::fs::write(&supp, entry).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&supp), "type": 1 }] }),
    );
    let waived = c.diagnostics_where(&staging_uri, |p| {
        !codes(p).iter().any(|(code, _)| code == "SCHEMA-001")
    });
    assert!(codes(&waived).contains(&("INPUT-013".into(), 355)));

    // 6. The unquoted keyword's fix quotes it.
    let kw = find(&waived, "INPUT-013").clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": staging_uri }, "range": kw["range"], "context": { "diagnostics": [kw] } }),
    );
    let quote = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Quote `##SUPPORT_URL##` (INPUT-013)")
        .unwrap_or_else(|| panic!("{actions}"));
    assert_eq!(
        quote["edit"]["changes"][&staging_uri][0]["newText"],
        "\"##SUPPORT_URL##\""
    );

    // 7. An estate-wide rule: give production staging's friendly name (non-ASCII), unsaved. The
    //    finding appears in staging's file, which nobody edited, pointing at production's line.
    let prod = dir.join("northwind-prod/tenant.yaml");
    let prod_uri = uri(&prod);
    let prod_text = std::fs::read_to_string(&prod).unwrap();
    let fl = prod_text
        .lines()
        .position(|l| l == "  friendly_name: Northwind Health")
        .unwrap() as u64;
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": prod_uri, "languageId": "yaml", "version": 1, "text": prod_text } }),
    );
    c.diagnostics_where(&prod_uri, |p| p["version"] == 1);
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": prod_uri, "version": 2 },
            "contentChanges": [{ "range": { "start": pos(fl, 33), "end": pos(fl, 33) }, "text": " – Staging" }],
        }),
    );
    let cross = c.diagnostics_where(&staging_uri, |p| {
        codes(p).iter().any(|(code, _)| code == "NAMING-004")
    });
    let naming = find(&cross, "NAMING-004");
    let staging_line = staging_text
        .lines()
        .position(|l| l == "  friendly_name: Northwind Health – Staging")
        .unwrap() as u64;
    // "Northwind Health – Staging" is 26 UTF-16 code units (28 bytes).
    assert_eq!(
        naming["range"],
        json!({ "start": pos(staging_line, 17), "end": pos(staging_line, 43) })
    );
    let related = &naming["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], prod_uri);
    assert_eq!(related["location"]["range"]["start"], pos(fl, 17));
    assert_eq!(related["location"]["range"]["end"], pos(fl, 43));

    // 8. Undo it: the finding goes away from staging's file again.
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": prod_uri, "version": 3 },
            "contentChanges": [{ "text": prod_text }],
        }),
    );
    c.diagnostics_where(&staging_uri, |p| {
        !codes(p).iter().any(|(code, _)| code == "NAMING-004")
    });

    // 9. A file whose only finding is fixed gets an empty list.
    let test_client = dir.join("northwind-test/clients/Clinician Dashboard.json");
    let tc_uri = uri(&test_client);
    let tc_text = std::fs::read_to_string(&test_client).unwrap();
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": tc_uri, "languageId": "json", "version": 1, "text": tc_text } }),
    );
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": tc_uri, "version": 2 },
            "contentChanges": [{ "text": tc_text.replace("\"callback\"", "\"callbacks\"") }],
        }),
    );
    let cleared = c.diagnostics_where(&tc_uri, |p| p["version"] == 2);
    assert_eq!(cleared["diagnostics"], json!([]));

    c.shutdown();
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let (_tmp, dir) = estate();
    // A finding after a multi-byte character on its line: an unknown field after the accented
    // description of the dev tenant's Patient Portal.
    let file = dir.join("northwind-dev/clients/Patient Portal.json");
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text.replacen("sécurisé).\",", "sécurisé).\", \"logo_ur\": \"x\",", 1);
    std::fs::write(&file, &text).unwrap();
    let line = text.lines().position(|l| l.contains("logo_ur")).unwrap();
    let byte_col = text.lines().nth(line).unwrap().find("\"logo_ur\"").unwrap() as u64;
    let utf16 = utf16_col(&text, line as u64 + 1, byte_col + 1);
    assert!(
        utf16 < byte_col,
        "the line has multi-byte characters before the field"
    );

    let mut c = Client::start(&dir);
    let init = c.initialize(
        &dir,
        json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let got = c.latest(&uri(&file));
    let d = find(&got, "SCHEMA-001");
    assert_eq!(d["range"]["start"], pos(line as u64, byte_col));
    c.shutdown();
}

/// Only the tenant that changed is loaded again; the others are reused.
#[test]
fn a_keystroke_reloads_only_its_tenant() {
    use a0lint::lsp::workspace::Workspace;
    use std::sync::Arc;
    let (_tmp, dir) = estate();
    let mut overlay = Arc::new(HashMap::new());
    let mut ws = Workspace::load(&dir, &overlay);
    assert_eq!(ws.tenants().len(), 4);
    let before = ws.lint();
    let staging = dir.join("northwind-staging/tenant.yaml");
    let text = std::fs::read_to_string(&staging).unwrap();
    // Opening a file unchanged reloads nothing.
    Arc::make_mut(&mut overlay).insert(staging.clone(), text.clone());
    let u = ws.update(std::slice::from_ref(&staging), &overlay, false);
    assert!(!u.dirty);
    assert_eq!(ws.last_reloaded, 0);
    // A keystroke reloads one tenant of four.
    Arc::make_mut(&mut overlay).insert(
        staging.clone(),
        text.replacen("    callbacks:\n", "    callback:\n", 1),
    );
    let u = ws.update(std::slice::from_ref(&staging), &overlay, false);
    assert!(u.dirty);
    assert_eq!(ws.last_reloaded, 1);
    let after = ws.lint();
    let unknown = |fs: &[(a0lint::finding::Finding, String)]| {
        fs.iter().filter(|(f, _)| f.rule == "SCHEMA-001").count()
    };
    assert_eq!(
        unknown(&after),
        unknown(&before) + 1,
        "one new unknown field"
    );
}

/// What a run reuses from the last one (the unchanged tenants' schema and own-rule findings, the
/// registered manifest) gives exactly the findings a fresh server finds, in the same order.
#[test]
fn reused_findings_equal_a_fresh_run() {
    use a0lint::finding::{Finding, Location};
    use a0lint::lsp::workspace::Workspace;
    use std::sync::Arc;
    let (_tmp, dir) = estate();
    let shown = |ws: &Workspace, fs: &[(Finding, String)]| -> Vec<String> {
        let at = |l: &Location| match l {
            Location::Span(s) => format!(
                "{}:{}-{}",
                ws.sources().get(s.file).path.display(),
                s.start,
                s.end
            ),
            Location::Path(p) => p.display().to_string(),
        };
        fs.iter()
            .map(|(f, path)| {
                let related: Vec<String> = f
                    .related
                    .iter()
                    .map(|r| format!("{} {}", at(&r.location), r.message))
                    .collect();
                format!(
                    "{} {:?} {:?} {} {} {} {:?}",
                    f.rule,
                    f.severity,
                    f.tenant,
                    at(&f.location),
                    f.message,
                    path,
                    related
                )
            })
            .collect()
    };
    let mut overlay = Arc::new(HashMap::new());
    let mut ws = Workspace::load(&dir, &overlay);
    ws.lint();
    let staging = dir.join("northwind-staging/tenant.yaml");
    let text = std::fs::read_to_string(&staging).unwrap();
    for edited in [
        text.replacen("    callbacks:\n", "    callback:\n", 1),
        text.replacen("  friendly_name: ", "  friendly_name: Northwind ", 1),
        text.clone(),
    ] {
        Arc::make_mut(&mut overlay).insert(staging.clone(), edited);
        ws.update(std::slice::from_ref(&staging), &overlay, false);
        let reused = ws.lint();
        let mut fresh_ws = Workspace::load(&dir, &overlay);
        let fresh = fresh_ws.lint();
        assert_eq!(shown(&ws, &reused), shown(&fresh_ws, &fresh));
    }
}

/// A real editor as the client: headless Neovim opens a fixture, waits for the diagnostics and
/// writes them out. Skipped (with a message) where `nvim` is not installed; `.ci/run` installs it.
#[test]
fn headless_neovim_shows_the_findings() {
    if Command::new("nvim").arg("--version").output().is_err() {
        println!("skipped: `nvim` is not installed (CI installs the Debian package `neovim`)");
        return;
    }
    let (_tmp, dir) = estate();
    let file = dir.join("northwind-staging/tenant.yaml");
    let out = dir.join("diagnostics.json");
    let script = dir.join("session.lua");
    std::fs::write(&script, NVIM_SCRIPT).unwrap();
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(&dir)
        .env("A0LINT_BIN", env!("CARGO_BIN_EXE_a0lint"))
        .env("A0LINT_ROOT", &dir)
        .env("A0LINT_FILE", &file)
        .env("A0LINT_OUT", &out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + TIMEOUT;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("Neovim did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(doc["ok"], true, "{doc}");
    let mut got: Vec<(String, u64)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                d["lnum"].as_u64().unwrap(),
            )
        })
        .collect();
    got.sort();
    // The same findings as `a0lint check` for this file: 0-based lines 10 and 355.
    assert_eq!(
        got,
        vec![("INPUT-010".to_owned(), 10), ("INPUT-013".to_owned(), 355)],
        "{doc}"
    );
}

/// Starts a0lint with `vim.lsp.start` (Neovim 0.8+; `start_client` on older ones), opens the
/// file, waits for diagnostics, writes them as JSON and quits.
const NVIM_SCRIPT: &str = r#"
local bin, root, file, out = os.getenv('A0LINT_BIN'), os.getenv('A0LINT_ROOT'), os.getenv('A0LINT_FILE'), os.getenv('A0LINT_OUT')
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local config = { name = 'a0lint', cmd = { bin, 'lsp' }, root_dir = root }
local id
if vim.lsp.start then
  id = vim.lsp.start(config)
else
  id = vim.lsp.start_client(config)
  vim.lsp.buf_attach_client(buf, id)
end
local ok = vim.wait(30000, function() return #vim.diagnostic.get(buf) >= 2 end, 50)
local diags = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code
  if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
  table.insert(diags, { code = code, lnum = d.lnum, col = d.col, source = d.source, message = d.message })
end
local f = io.open(out, 'w')
f:write(vim.fn.json_encode({ ok = ok, diagnostics = diags }))
f:close()
vim.lsp.stop_client(id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)
vim.cmd('qall!')
"#;
