//! `a0lint docs`: snapshots of the bundled estate's pages, links and anchors, stability, secrets,
//! Mermaid sanitising, and the `--check`, `--inject`, `--templates` and `--format html` behaviour.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use a0lint::check::{CheckOptions, run_check};
use a0lint::docs::{self, Generated, Options, Page, html, links};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn a0lint() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_a0lint"));
    c.current_dir(root()).env("NO_COLOR", "1");
    c
}

/// Generates the pages in-process, as `a0lint docs PATHS [--config CONFIG]` would.
fn generate(paths: &[PathBuf], config: Option<PathBuf>, inject_prefix: Option<&str>) -> Generated {
    let result = run_check(&CheckOptions {
        paths: paths.to_vec(),
        max_file_size: 64 * 1024 * 1024,
        config,
        ..CheckOptions::default()
    })
    .unwrap();
    let opts = Options {
        root: docs::estate_root(&result, paths),
        base: docs::absolute(&std::env::current_dir().unwrap()),
        inject_prefix: inject_prefix.map(str::to_owned),
        ..Options::default()
    };
    docs::generate(&result, &opts).unwrap()
}

fn example() -> Generated {
    generate(&[PathBuf::from("fixtures/example-estate")], None, None)
}

fn example_with_manifest() -> Generated {
    generate(
        &[PathBuf::from("fixtures/example-estate")],
        Some(PathBuf::from("tests/docs/a0lint.toml")),
        None,
    )
}

fn page<'a>(g: &'a Generated, path: &str) -> &'a str {
    &g.pages
        .iter()
        .find(|p| p.path == path)
        .unwrap_or_else(|| panic!("no page {path}"))
        .content
}

#[test]
fn bundled_estate_pages_snapshot() {
    let g = example();
    assert!(g.warnings.is_empty(), "{:#?}", g.warnings);
    for p in &g.pages {
        // Rule pages are snapshots of `rules/` itself; the meta-tests cover those files.
        if p.path.starts_with("rules/") {
            continue;
        }
        insta::assert_snapshot!(format!("example-{}", p.path.replace('/', "-")), p.content);
    }
    let with = example_with_manifest();
    assert!(with.warnings.is_empty(), "{:#?}", with.warnings);
    for path in ["architecture.md", "tenants/northwind-klinik-prod.md"] {
        insta::assert_snapshot!(
            format!("manifest-{}", path.replace('/', "-")),
            page(&with, path)
        );
    }
}

#[test]
fn the_architecture_page_has_the_seed_shape() {
    let g = example_with_manifest();
    let arch = page(&g, "architecture.md");
    let front = arch.split("---\n").nth(1).unwrap();
    for key in [
        "title:",
        "description:",
        "toc:",
        "topics:",
        "contentType:",
        "useCase:",
    ] {
        assert!(front.contains(key), "front matter lacks {key}");
    }
    let headings: Vec<&str> = arch.lines().filter(|l| l.starts_with('#')).collect();
    let expected = [
        "# Architecture {#architecture}",
        "## Design considerations {#design-considerations}",
        "### How your domains and user community impact architecture {#how-your-domains-and-user-community-impact-architecture}",
        "### How the protocol you choose impacts architecture {#how-the-protocol-you-choose-impacts-architecture}",
        "## Tenant provisioning {#tenant-provisioning}",
        "### Complex organization tenant provisioning {#complex-organization-tenant-provisioning}",
        "## Custom domains {#custom-domains}",
        "## SDLC support {#sdlc-support}",
        "### Environment matrix {#environment-matrix}",
        "### Resource drift {#resource-drift}",
        "### Security settings drift {#security-settings-drift}",
        "## Tenant association {#tenant-association}",
        "## Planning {#planning}",
        "## Keep reading {#keep-reading}",
    ];
    assert_eq!(headings, expected);
    // Facts of this estate, not generic advice.
    assert!(arch.contains("| northwind-prod | application | Northwind Mobile |"));
    assert!(arch.contains("yes: isolated users and 2 identity providers"));
    assert!(arch.contains("| northwind-klinik-prod | **missing** | **missing** | **missing** |"));
    assert!(arch.contains("Not associated: northwind-dev."));
}

/// Every page of every variant, Markdown: each internal link reaches a generated page and each
/// anchor a `{#id}` heading on it; every heading has an explicit id.
#[test]
fn every_internal_link_and_anchor_resolves() {
    for g in [example(), example_with_manifest()] {
        let broken = links::check(&g.pages);
        assert!(broken.is_empty(), "{broken:#?}");
        for p in &g.pages {
            assert!(
                p.content.starts_with("---\n"),
                "{} has no front matter",
                p.path
            );
            let parser = pulldown_cmark::Parser::new_ext(&p.content, links::options());
            for ev in parser {
                if let pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { id, .. }) = ev {
                    assert!(id.is_some(), "{}: a heading without an explicit id", p.path);
                }
            }
            let o = links::outline(&p.content);
            assert!(
                !o.links.is_empty() || p.path.starts_with("rules/"),
                "{}",
                p.path
            );
        }
    }
}

/// The same for the HTML pages: hrefs to `.html` pages and `id` attributes.
#[test]
fn html_pages_link_to_each_other_and_their_anchors() {
    let g = example_with_manifest();
    let pages: Vec<Page> = g.pages.iter().map(html::page).collect();
    let id_re = regex::Regex::new(r#" id="([^"]+)""#).unwrap();
    let href_re = regex::Regex::new(r#"href="([^"]+)""#).unwrap();
    let ids: BTreeMap<&str, BTreeSet<&str>> = pages
        .iter()
        .map(|p| {
            (
                p.path.as_str(),
                id_re
                    .captures_iter(&p.content)
                    .map(|c| c.get(1).unwrap().as_str())
                    .collect(),
            )
        })
        .collect();
    let mut checked = 0;
    for p in &pages {
        assert!(p.path.ends_with(".html"));
        assert!(
            !p.content.contains("contentType:"),
            "front matter leaked into {}",
            p.path
        );
        assert!(!p.content.contains("```mermaid"));
        for c in href_re.captures_iter(&p.content) {
            let href = c.get(1).unwrap().as_str();
            if links::is_external(href) {
                continue;
            }
            assert!(!href.contains(".md"), "{}: {href}", p.path);
            let (target, anchor) = links::resolve(&p.path, href);
            let anchors = ids
                .get(target.as_str())
                .unwrap_or_else(|| panic!("{}: {href} → missing {target}", p.path));
            if let Some(a) = anchor {
                assert!(anchors.contains(a.as_str()), "{}: {href}", p.path);
            }
            checked += 1;
        }
    }
    assert!(checked > 100);
    let arch = &pages
        .iter()
        .find(|p| p.path == "architecture.html")
        .unwrap()
        .content;
    assert!(arch.contains("<title>Architecture</title>"));
    assert!(arch.contains("<pre class=\"mermaid\">"));
}

#[test]
fn reruns_are_byte_identical() {
    let a = example_with_manifest();
    let b = example_with_manifest();
    assert_eq!(a.pages, b.pages);
    let tmp = tempfile::tempdir().unwrap();
    let run = |out: &Path| {
        let st = a0lint()
            .args(["docs", "fixtures/example-estate", "--out"])
            .arg(out)
            .output()
            .unwrap();
        assert_eq!(
            st.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&st.stderr)
        );
    };
    run(&tmp.path().join("one"));
    run(&tmp.path().join("two"));
    let read = |d: &Path| -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(d)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(d).unwrap().display().to_string(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    };
    let (one, two) = (read(&tmp.path().join("one")), read(&tmp.path().join("two")));
    assert_eq!(one, two);
    assert!(one.contains_key(".a0lint-docs.json"));
}

/// Writes a small estate whose export and Deploy CLI config hold secrets in every place the
/// Deploy CLI exports them, and names chosen to break Markdown and Mermaid.
fn secret_estate(dir: &Path) -> Vec<&'static str> {
    let t = dir.join("acme-prod");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(
        t.join("tenant.yaml"),
        r#"tenant:
  friendly_name: Acme
  session_lifetime: 72
clients:
  - name: Portal
    app_type: spa
    client_secret: CLIENTSECRET-0123456789abcdef
    callbacks:
      - https://portal.acme.example/callback?token=CALLBACKTOKEN-0123456789
      - https://user:URLPASSWORD-0123456789@login.acme.example/cb
    grant_types:
      - authorization_code
  - name: 'end"]; click x call alert(1) <b>|`*x*`'
    app_type: regular_web
  - name: Worker
    app_type: non_interactive
    client_secret: WORKERSECRET-0123456789abcdef
resourceServers:
  - name: 'API "v2" | <main>'
    identifier: https://api.acme.example/
    scopes:
      - value: read:things
clientGrants:
  - client_id: Worker
    audience: https://api.acme.example/
    scope:
      - read:things
databases:
  - name: users
    strategy: auth0
    enabled_clients:
      - Portal
    options:
      enabledDatabaseCustomization: true
      configuration:
        DB_PASSWORD: DBCONFIGPASSWORD-0123456789
connections:
  - name: corp-saml
    strategy: samlp
    enabled_clients:
      - Portal
      - 'end"]; click x call alert(1) <b>|`*x*`'
    options:
      client_secret: CONNECTIONSECRET-0123456789abcdef
      signingKey:
        key: SIGNINGKEY-0123456789abcdef
emailProvider:
  name: smtp
  enabled: true
  credentials:
    smtp_host: smtp.acme.example
    smtp_user: mailer
    smtp_pass: SMTPPASSWORD-0123456789
logStreams:
  - name: splunk
    type: splunk
    sink:
      splunkDomain: splunk.acme.example
      splunkToken: LOGSTREAMTOKEN-0123456789
actions:
  - name: enrich
    code: ./actions/enrich/code.js
    runtime: node22
    supported_triggers:
      - id: post-login
        version: v3
    secrets:
      - name: API_KEY
        value: ACTIONSECRET-0123456789
"#,
    )
    .unwrap();
    std::fs::create_dir_all(t.join("actions/enrich")).unwrap();
    std::fs::write(
        t.join("actions/enrich/code.js"),
        "exports.onExecutePostLogin = async (event, api) => {};\n",
    )
    .unwrap();
    std::fs::write(
        t.join("config.json"),
        r#"{
  "AUTH0_DOMAIN": "acme-prod.us.auth0.com",
  "AUTH0_CLIENT_ID": "abc",
  "AUTH0_CLIENT_SECRET": "CONFIGSECRET-0123456789abcdef",
  "AUTH0_KEYWORD_REPLACE_MAPPINGS": { "SMTP_PASS": "MAPPEDSECRET-0123456789" }
}
"#,
    )
    .unwrap();
    vec![
        "CLIENTSECRET-0123456789abcdef",
        "CALLBACKTOKEN-0123456789",
        "URLPASSWORD-0123456789",
        "WORKERSECRET-0123456789abcdef",
        "DBCONFIGPASSWORD-0123456789",
        "CONNECTIONSECRET-0123456789abcdef",
        "SIGNINGKEY-0123456789abcdef",
        "SMTPPASSWORD-0123456789",
        "LOGSTREAMTOKEN-0123456789",
        "ACTIONSECRET-0123456789",
        "CONFIGSECRET-0123456789abcdef",
        "MAPPEDSECRET-0123456789",
    ]
}

#[test]
fn no_secret_value_reaches_any_page() {
    let tmp = tempfile::tempdir().unwrap();
    let secrets = secret_estate(tmp.path());
    let g = generate(&[tmp.path().to_path_buf()], None, Some("docs"));
    // The views never copy a secret, so the redaction safety net had nothing to do.
    assert_eq!(g.redacted, 0, "{:#?}", g.warnings);
    let html: Vec<Page> = g.pages.iter().map(html::page).collect();
    let block = g.block.clone().unwrap();
    let texts = g
        .pages
        .iter()
        .chain(&html)
        .map(|p| (p.path.as_str(), p.content.as_str()))
        .chain([("inject block", block.as_str())]);
    for (path, text) in texts {
        for s in &secrets {
            assert!(!text.contains(s), "{path} contains {s}");
        }
        assert!(!text.contains("0123456789abcdef"), "{path}");
    }
    let tenant = page(&g, "tenants/acme-prod.md");
    assert!(
        tenant.contains("`login.acme.example`, `portal.acme.example`"),
        "{tenant}"
    );
    // The bundled estate maps its secrets to `fake-…-not-a-secret` strings, and one export holds
    // a literal.
    let g = example();
    assert_eq!(g.redacted, 0);
    for p in &g.pages {
        for s in [
            "fake-smtp-password-not-a-secret",
            "fake-google-client-secret-not-a-secret",
            "fake-entra-client-secret-not-a-secret",
            "fake-datadog-api-key-not-a-secret",
            "FAKE-not-a-secret-1234567890abcdef",
        ] {
            assert!(!p.content.contains(s), "{} contains {s}", p.path);
        }
    }
}

#[test]
fn a_secret_that_reaches_a_page_anyway_is_redacted() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path().join("acme-dev");
    std::fs::create_dir_all(&t).unwrap();
    // A client named exactly like another client's secret: the page prints names, so only the
    // safety net stands between the value and the page.
    std::fs::write(
        t.join("tenant.yaml"),
        "clients:\n  - name: Portal\n    client_secret: sameasname-0123456789\n  - name: sameasname-0123456789\n",
    )
    .unwrap();
    let g = generate(&[tmp.path().to_path_buf()], None, None);
    assert!(g.redacted > 0);
    assert!(g.warnings.iter().any(|w| w.contains("[redacted]")));
    assert!(
        g.pages
            .iter()
            .all(|p| !p.content.contains("sameasname-0123456789"))
    );
}

#[test]
fn mermaid_ids_and_labels_are_sanitised() {
    let tmp = tempfile::tempdir().unwrap();
    secret_estate(tmp.path());
    let g = generate(&[tmp.path().to_path_buf()], None, None);
    let node = regex::Regex::new(
        r#"^[a-z0-9_]+(\["[^"`<>]*"\]|\("[^"`<>]*"\)|\(\["[^"`<>]*"\]\)|\[\("[^"`<>]*"\)\]|\{\{"[^"`<>]*"\}\})$"#,
    )
    .unwrap();
    let subgraph = regex::Regex::new(r#"^subgraph [a-z0-9_]+\["[^"`<>]*"\]$"#).unwrap();
    let edge =
        regex::Regex::new(r#"^[a-z0-9_]+ (-->|-\.->)(\|"[^"`<>|]*"\|)? [a-z0-9_]+$"#).unwrap();
    let mut lines = 0;
    for p in &g.pages {
        let mut inside = false;
        for l in p.content.lines() {
            if l == "```mermaid" {
                inside = true;
                continue;
            }
            if inside && l == "```" {
                inside = false;
                continue;
            }
            if !inside {
                continue;
            }
            let l = l.trim().replace("<br/>", " ");
            lines += 1;
            assert!(
                l.starts_with("flowchart ")
                    || l == "end"
                    || node.is_match(&l)
                    || subgraph.is_match(&l)
                    || edge.is_match(&l),
                "{}: unsafe Mermaid line {l:?}",
                p.path
            );
        }
    }
    assert!(lines > 10);
    let tenant = page(&g, "tenants/acme-prod.md");
    assert!(
        tenant.contains("app_end_click_x_call_alert_1_b_x"),
        "{tenant}"
    );
    assert!(tenant.contains("#quot;"));
}

fn out_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    v.sort();
    v
}

#[test]
fn check_fails_with_a_unified_diff_when_pages_are_stale() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("docs");
    let docs = |extra: &[&str]| {
        a0lint()
            .args(["docs", "fixtures/example-estate", "--out"])
            .arg(&out)
            .args(extra)
            .output()
            .unwrap()
    };
    // Nothing written yet: stale.
    let o = docs(&["--check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists(), "--check writes nothing");
    assert_eq!(docs(&[]).status.code(), Some(0));
    let o = docs(&["--check"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.stdout.is_empty());
    // A hand edit is drift.
    let prod = out.join("tenants/northwind-prod.md");
    let text = std::fs::read_to_string(&prod).unwrap();
    std::fs::write(&prod, text.replace("| Region | eu |", "| Region | us |")).unwrap();
    let o = docs(&["--check"]);
    assert_eq!(o.status.code(), Some(1));
    let diff = String::from_utf8(o.stdout).unwrap();
    assert!(diff.contains("tenants/northwind-prod.md"), "{diff}");
    assert!(
        diff.contains("\n-| Region | us |\n+| Region | eu |\n"),
        "{diff}"
    );
    assert!(diff.contains("@@ "));
    // Rewriting fixes it; only the stale page is written again.
    let o = docs(&[]);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("wrote 1 of"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(docs(&["--check"]).status.code(), Some(0));
    // --timestamp cannot be checked.
    assert_eq!(docs(&["--check", "--timestamp"]).status.code(), Some(2));
}

#[test]
fn stale_generated_pages_are_removed_and_other_files_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("docs");
    let run = |config: bool| {
        let mut c = a0lint();
        c.args(["docs", "fixtures/example-estate", "--out"])
            .arg(&out);
        if config {
            c.args(["--config", "tests/docs/a0lint.toml"]);
        }
        let o = c.output().unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    run(true);
    assert!(out.join("tenants/northwind-klinik-prod.md").exists());
    std::fs::write(out.join("index.md"), "# Our docs\n").unwrap();
    std::fs::write(out.join("tenants/notes.md"), "hand-written\n").unwrap();
    run(false);
    let files = out_files(&out);
    assert!(!files.contains(&"tenants/northwind-klinik-prod.md".to_owned()));
    assert!(files.contains(&"index.md".to_owned()));
    assert!(files.contains(&"tenants/notes.md".to_owned()));
    assert!(files.contains(&"tenants/northwind-prod.md".to_owned()));
}

#[test]
fn inject_replaces_only_the_marked_block() {
    let tmp = tempfile::tempdir().unwrap();
    let readme = tmp.path().join("README.md");
    let original = "---\ntitle: Platform\nowner: iam-team\n---\n\n# Platform\n\nOur words.\n\n<!-- a0lint:begin -->\nstale\n<!-- a0lint:end -->\n\nMore of our words.\n";
    std::fs::write(&readme, original).unwrap();
    let out = tmp.path().join("site/arch");
    let run = |check: bool| {
        let mut c = a0lint();
        c.args(["docs", "fixtures/example-estate", "--out"])
            .arg(&out)
            .arg("--inject")
            .arg(&readme);
        if check {
            c.arg("--check");
        }
        c.output().unwrap()
    };
    assert_eq!(run(true).status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&readme).unwrap(),
        original,
        "--check writes nothing"
    );
    assert_eq!(run(false).status.code(), Some(0));
    let text = std::fs::read_to_string(&readme).unwrap();
    assert!(text.starts_with("---\ntitle: Platform\nowner: iam-team\n---\n\n# Platform\n\nOur words.\n\n<!-- a0lint:begin -->\n\n"));
    assert!(text.ends_with("\n\n<!-- a0lint:end -->\n\nMore of our words.\n"));
    assert!(!text.contains("stale"));
    assert!(text.contains("## Tenant provisioning {#tenant-provisioning}"));
    // Links in the block lead into the output folder, and resolve.
    assert!(
        text.contains("](site/arch/tenants/northwind-prod.md)"),
        "{text}"
    );
    let mut pages: Vec<Page> = out_files(&out)
        .into_iter()
        .filter(|f| f.ends_with(".md"))
        .map(|f| Page {
            content: std::fs::read_to_string(out.join(&f)).unwrap(),
            path: format!("site/arch/{f}"),
        })
        .collect();
    pages.push(Page {
        path: "README.md".into(),
        content: text.clone(),
    });
    let broken = links::check(&pages);
    assert!(broken.is_empty(), "{broken:#?}");
    assert_eq!(run(true).status.code(), Some(0));
    // A file without markers is refused, untouched.
    std::fs::write(&readme, "# No markers\n").unwrap();
    let o = run(false);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("<!-- a0lint:begin -->"));
    assert_eq!(std::fs::read_to_string(&readme).unwrap(), "# No markers\n");
}

#[test]
fn templates_can_be_overridden_one_by_one() {
    let tmp = tempfile::tempdir().unwrap();
    let tpl = tmp.path().join("templates");
    std::fs::create_dir_all(&tpl).unwrap();
    std::fs::write(
        tpl.join("_keep-reading.md.hbs"),
        "See the [platform handbook](https://handbook.example/) and {{plural estate.tenants \"tenant\" \"tenants\"}}.\n",
    )
    .unwrap();
    let out = tmp.path().join("docs");
    let run = |tpl: &Path| {
        a0lint()
            .args(["docs", "fixtures/example-estate", "--out"])
            .arg(&out)
            .arg("--templates")
            .arg(tpl)
            .output()
            .unwrap()
    };
    let o = run(&tpl);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let arch = std::fs::read_to_string(out.join("architecture.md")).unwrap();
    assert!(arch.contains("## Keep reading {#keep-reading}\n\nSee the [platform handbook](https://handbook.example/) and 4 tenants.\n"));
    assert!(
        arch.contains("## Custom domains {#custom-domains}"),
        "other sections untouched"
    );
    // A misspelt field is an error naming it (strict mode).
    std::fs::write(
        tpl.join("_keep-reading.md.hbs"),
        "{{estate.tenant_count}}\n",
    )
    .unwrap();
    let o = run(&tpl);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("tenant_count") && err.contains("_keep-reading"),
        "{err}"
    );
    // A file that overrides nothing is refused.
    std::fs::remove_file(tpl.join("_keep-reading.md.hbs")).unwrap();
    std::fs::write(tpl.join("_keep_reading.md.hbs"), "x\n").unwrap();
    let o = run(&tpl);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("_keep_reading.md.hbs"));
}

#[test]
fn html_output_and_timestamps() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let o = a0lint()
        .args([
            "docs",
            "fixtures/example-estate",
            "--format",
            "html",
            "--timestamp",
            "--out",
        ])
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let files = out_files(&out);
    assert!(files.contains(&"architecture.html".to_owned()));
    assert!(files.contains(&"tenants/northwind-dev.html".to_owned()));
    assert!(
        files
            .iter()
            .all(|f| f.ends_with(".html") || f == ".a0lint-docs.json")
    );
    // Markdown run with a time stamp: the front matter carries it.
    let md = tmp.path().join("md");
    let o = a0lint()
        .args(["docs", "fixtures/example-estate", "--timestamp", "--out"])
        .arg(&md)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let arch = std::fs::read_to_string(md.join("architecture.md")).unwrap();
    assert!(
        arch.contains("\ngenerated: \"2023-11-14T22:13:20Z\"\n---\n"),
        "{arch}"
    );
    // --inject is Markdown only.
    let o = a0lint()
        .args([
            "docs",
            "fixtures/example-estate",
            "--format",
            "html",
            "--inject",
            "README.md",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_estates_own_rules_get_pages_too() {
    let g = generate(&[PathBuf::from("fixtures/user-rules/estate")], None, None);
    assert!(g.warnings.is_empty(), "{:#?}", g.warnings);
    let rule = page(&g, "rules/api-rs256-short-tokens.md");
    assert!(
        rule.contains("| Defined in | `.a0lint/rules/api-rs256-short-tokens.toml` |"),
        "{rule}"
    );
    assert!(page(&g, "rules/index.md").contains("(api-rs256-short-tokens.md)"));
    assert!(page(&g, "findings.md").contains("[ACME-001](rules/api-rs256-short-tokens.md)"));
}
