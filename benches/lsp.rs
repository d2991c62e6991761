//! Keystroke-to-diagnostics latency of `a0lint lsp`.
//!
//! `cargo bench --bench lsp` copies the example estate (four tenants) into a temporary folder,
//! grows the staging tenant's `tenant.yaml` to about 1 MB with generated clients, starts the
//! server in-process on an in-memory connection (the same `serve` that `a0lint lsp` runs over
//! stdio), opens that file, then types 100 characters one `didChange` at a time, each time
//! waiting for the fresh `publishDiagnostics` of that version. A keystroke's time runs from
//! sending the change to that notification's arrival (freeing it afterwards is the client's
//! own work). It reports the p50, p95 and maximum latency. The goal is a p95 under 50 ms. Set `A0LINT_BENCH_KEYSTROKES` to type more or
//! fewer, `A0LINT_BENCH_BYTES` for another size, and `A0LINT_BENCH_TYPE_AT` to type at the end of
//! another line (the first that starts with that text, such as `    description: Client number 0 `
//! for the first generated client, so that every finding after it moves).

// The allocator of the `a0lint` binary, so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::Path;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

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

/// One generated client as a `tenant.yaml` list item.
fn client_yaml(i: usize) -> String {
    format!(
        "  - name: Generated Client {i:05}
    description: Client number {i} — generated for the editor benchmark (Zürich)
    app_type: {app}
    callbacks:
      - https://app{i}.northwind.example/callback
      - https://app{i}.northwind.example/silent-callback
    allowed_logout_urls:
      - https://app{i}.northwind.example/
    web_origins:
      - https://app{i}.northwind.example
    grant_types:
      - authorization_code
      - refresh_token
    token_endpoint_auth_method: none
    oidc_conformant: true
    is_first_party: true
    jwt_configuration:
      alg: RS256
      lifetime_in_seconds: 36000
      secret_encoded: false
    refresh_token:
      rotation_type: rotating
      expiration_type: expiring
      token_lifetime: 2592000
    client_metadata:
      team: team-{t}
      owner: owner{i}@northwind.example
",
        app = if i.is_multiple_of(3) {
            "spa"
        } else {
            "regular_web"
        },
        t = i % 17,
    )
}

fn url(path: &Path) -> String {
    lsp_types::Uri::from_file_path(path).unwrap().to_string()
}

fn main() {
    let keystrokes: usize = std::env::var("A0LINT_BENCH_KEYSTROKES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let target: usize = std::env::var("A0LINT_BENCH_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1 << 20);
    let tmp = tempfile::tempdir().unwrap();
    let dir = std::fs::canonicalize(tmp.path()).unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/example-estate"),
        &dir,
    );
    let file = dir.join("northwind-staging/tenant.yaml");
    let original = std::fs::read_to_string(&file).unwrap();
    let at = original.find("\nclients:\n").unwrap() + "\nclients:\n".len();
    let mut generated = String::new();
    let mut i = 0;
    while original.len() + generated.len() < target {
        generated.push_str(&client_yaml(i));
        i += 1;
    }
    let text = format!("{}{generated}{}", &original[..at], &original[at..]);
    std::fs::write(&file, &text).unwrap();
    // Where the typing happens: the end of the first line that starts with this text; by
    // default the staging tenant's `friendly_name`, after the clients.
    let prefix =
        std::env::var("A0LINT_BENCH_TYPE_AT").unwrap_or_else(|_| "  friendly_name: ".into());
    let line = text
        .lines()
        .position(|l| l.starts_with(&prefix))
        .expect("A0LINT_BENCH_TYPE_AT starts a line of the file");
    let column = text.lines().nth(line).unwrap().encode_utf16().count();
    println!(
        "estate: 4 tenants; {} is {} bytes ({} generated clients)",
        file.strip_prefix(&dir).unwrap().display(),
        text.len(),
        i
    );

    let (server, client) = Connection::memory();
    let handle = std::thread::spawn(move || a0lint::lsp::serve(server).map_err(|e| e.to_string()));
    let start = Instant::now();
    client
        .sender
        .send(Message::Request(Request::new(
            RequestId::from(1),
            "initialize".into(),
            json!({ "processId": null, "rootUri": url(&dir), "capabilities": {} }),
        )))
        .unwrap();
    wait(&client, |m| matches!(m, Message::Response(_)));
    client
        .sender
        .send(Notification::new("initialized".into(), json!({})).into())
        .unwrap();
    let uri = url(&file);
    client
        .sender
        .send(
            Notification::new(
                "textDocument/didOpen".into(),
                json!({ "textDocument": { "uri": uri, "languageId": "yaml", "version": 0, "text": text } }),
            )
            .into(),
        )
        .unwrap();
    wait(&client, |m| is_publish(m, &uri, 0));
    println!(
        "start-up (initialize, load and check the estate, open the file): {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );

    let mut times: Vec<Duration> = Vec::with_capacity(keystrokes);
    for k in 0..keystrokes {
        let version = k as i64 + 1;
        let ch = (column + k) as u32;
        let t = Instant::now();
        client
            .sender
            .send(
                Notification::new(
                    "textDocument/didChange".into(),
                    json!({
                        "textDocument": { "uri": uri, "version": version },
                        "contentChanges": [{
                            "range": { "start": { "line": line, "character": ch }, "end": { "line": line, "character": ch } },
                            "text": "x",
                        }],
                    }),
                )
                .into(),
            )
            .unwrap();
        // Timed on arrival: dropping the received message is the client's own work.
        let m = wait(&client, |m| is_publish(m, &uri, version));
        times.push(t.elapsed());
        drop(m);
    }
    client
        .sender
        .send(Message::Request(Request::new(
            RequestId::from(2),
            "shutdown".into(),
            Value::Null,
        )))
        .unwrap();
    wait(&client, |m| matches!(m, Message::Response(_)));
    client
        .sender
        .send(Notification::new("exit".into(), Value::Null).into())
        .unwrap();
    handle.join().unwrap().unwrap();

    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "keystroke → fresh diagnostics over {} keystrokes: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms (goal: p95 < 50 ms)",
        times.len(),
        ms(pct(0.50)),
        ms(pct(0.95)),
        ms(*times.last().unwrap())
    );
}

fn is_publish(m: &Message, uri: &str, version: i64) -> bool {
    matches!(m, Message::Notification(n)
        if n.method == "textDocument/publishDiagnostics"
            && n.params["uri"] == uri
            && n.params["version"] == version)
}

/// The first message that satisfies `pred`; the ones before it are dropped.
fn wait(client: &Connection, pred: impl Fn(&Message) -> bool) -> Message {
    loop {
        let m = client
            .receiver
            .recv_timeout(Duration::from_secs(120))
            .expect("the server answers");
        if pred(&m) {
            return m;
        }
    }
}
