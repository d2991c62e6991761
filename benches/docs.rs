//! `a0lint docs` on a generated 100-tenant estate.
//!
//! `cargo bench --bench docs` writes 25 SDLC groups of four tenants each (development, test,
//! staging, production; YAML exports with a Deploy CLI config each), with an `a0lint.toml` that
//! declares the account and a few customers, then times, best of several runs:
//!
//! * check: loading, schema validation and the rules (what `a0lint check` does);
//! * pages: building the view models and rendering every Markdown page;
//! * html: rendering those pages to HTML;
//! * write: writing them to an empty folder;
//! * total: check + pages + write, i.e. `a0lint docs --out DIR` minus process start-up.
//!
//! The goal is a total under one second. Set `A0LINT_BENCH_GROUPS` (default 25) and
//! `A0LINT_BENCH_CLIENTS` (clients per tenant, default 20) to change the size.

mod support;

// The allocator of the `a0lint` binary, so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use a0lint::check::{CheckOptions, run_check};
use a0lint::docs::{self, Options, html, output};

const ENVS: [(&str, &str); 4] = [
    ("dev", "development"),
    ("test", "test"),
    ("staging", "staging"),
    ("prod", "production"),
];

fn tenant_yaml(group: usize, env: &str, clients: usize) -> String {
    let mut y = String::new();
    let domain = format!("login-{env}.brand{group:02}.example");
    writeln!(
        y,
        "tenant:\n  friendly_name: Brand {group:02} {env}\n  support_email: support@brand{group:02}.example\n  session_lifetime: 72\n  idle_session_lifetime: 24\n  flags:\n    enable_client_connections: false"
    )
    .unwrap();
    y.push_str("resourceServers:\n");
    for api in 0..3 {
        writeln!(
            y,
            "  - name: Brand API {api}\n    identifier: https://api{api}.brand{group:02}.example/\n    signing_alg: RS256\n    enforce_policies: true\n    allow_offline_access: false\n    token_lifetime: 86400\n    scopes:"
        )
        .unwrap();
        for s in ["read:orders", "write:orders", "read:users", "admin:all"] {
            writeln!(y, "      - value: '{s}'\n        description: {s}").unwrap();
        }
    }
    y.push_str("clients:\n");
    // Lower environments run one release behind: two fewer clients.
    let n = if env == "prod" || env == "staging" {
        clients
    } else {
        clients.saturating_sub(2)
    };
    for c in 0..n {
        let app_type = ["spa", "regular_web", "native", "non_interactive"][c % 4];
        writeln!(
            y,
            "  - name: App {c:03}\n    app_type: {app_type}\n    is_first_party: true\n    oidc_conformant: true\n    callbacks:\n      - https://app{c}.brand{group:02}.example/callback\n      - https://app{c}.brand{group:02}.example/silent\n    allowed_logout_urls:\n      - https://app{c}.brand{group:02}.example/\n    grant_types:\n      - {}\n      - refresh_token\n    token_endpoint_auth_method: {}\n    client_secret: bench-secret-{group}-{env}-{c:03}-0123456789abcdef",
            if app_type == "non_interactive" {
                "client_credentials"
            } else {
                "authorization_code"
            },
            if app_type == "spa" || app_type == "native" {
                "none"
            } else {
                "client_secret_post"
            },
        )
        .unwrap();
    }
    y.push_str("clientGrants:\n");
    for c in (3..n).step_by(4) {
        writeln!(
            y,
            "  - client_id: App {c:03}\n    audience: https://api{}.brand{group:02}.example/\n    scope:\n      - read:orders\n      - write:orders",
            c % 3
        )
        .unwrap();
    }
    let interactive: Vec<String> = (0..n)
        .filter(|c| c % 4 != 3)
        .map(|c| format!("      - App {c:03}"))
        .collect();
    writeln!(
        y,
        "databases:\n  - name: users\n    strategy: auth0\n    enabled_clients:\n{}\n    options:\n      brute_force_protection: true\n      disable_signup: false",
        interactive.join("\n")
    )
    .unwrap();
    writeln!(
        y,
        "connections:\n  - name: google-oauth2\n    strategy: google-oauth2\n    enabled_clients:\n{}\n    options:\n      client_secret: '##GOOGLE_SECRET##'\n  - name: corp-sso\n    strategy: samlp\n    enabled_clients:\n      - App 001\n    options:\n      domain_aliases:\n        - brand{group:02}.example",
        interactive.join("\n")
    )
    .unwrap();
    y.push_str("organizations:\n");
    for o in 0..5 {
        writeln!(
            y,
            "  - name: customer-{o}\n    display_name: Customer {o}\n    connections:\n      - name: users\n        assign_membership_on_login: false{}",
            if o == 0 {
                "\n      - name: corp-sso\n        assign_membership_on_login: false"
            } else {
                ""
            }
        )
        .unwrap();
    }
    y.push_str("actions:\n");
    for a in 0..4 {
        writeln!(
            y,
            "  - name: action-{a}\n    code: ./actions/action-{a}/code.js\n    runtime: node22\n    deployed: true\n    supported_triggers:\n      - id: post-login\n        version: v3"
        )
        .unwrap();
    }
    y.push_str("triggers:\n  post-login:\n");
    for a in 0..3 {
        writeln!(
            y,
            "    - action_name: action-{a}\n      display_name: action-{a}"
        )
        .unwrap();
    }
    writeln!(
        y,
        "customDomains:\n  - domain: {domain}\n    type: auth0_managed_certs\n    status: ready\n    primary: true"
    )
    .unwrap();
    writeln!(
        y,
        "attackProtection:\n  bruteForceProtection:\n    enabled: true\n    max_attempts: 10\n  breachedPasswordDetection:\n    enabled: {}\n  suspiciousIpThrottling:\n    enabled: true\n  botDetection:\n    bot_detection_level: medium\n    monitoring_mode_enabled: {}",
        env == "prod",
        env != "prod"
    )
    .unwrap();
    writeln!(
        y,
        "guardianPolicies:\n  policies:\n{}\nguardianFactors:\n  - name: otp\n    enabled: true\n  - name: sms\n    enabled: false\nprompts:\n  universal_login_experience: new\n  identifier_first: true",
        if env == "prod" {
            "    - all-applications"
        } else {
            "    []"
        }
    )
    .unwrap();
    y
}

fn generate(dir: &Path, groups: usize, clients: usize) {
    let mut manifest = String::from("account = \"brand-holdings\"\n\n");
    for g in 0..groups {
        for (token, env) in ENVS {
            let name = format!("brand{g:02}-{token}");
            let t = dir.join(&name);
            std::fs::create_dir_all(&t).unwrap();
            std::fs::write(t.join("tenant.yaml"), tenant_yaml(g, token, clients)).unwrap();
            for a in 0..4 {
                let code = t.join(format!("actions/action-{a}"));
                std::fs::create_dir_all(&code).unwrap();
                std::fs::write(
                    code.join("code.js"),
                    "exports.onExecutePostLogin = async (event, api) => {};\n",
                )
                .unwrap();
            }
            std::fs::write(
                t.join("config.json"),
                format!(
                    "{{\n  \"AUTH0_DOMAIN\": \"{name}.eu.auth0.com\",\n  \"AUTH0_KEYWORD_REPLACE_MAPPINGS\": {{ \"GOOGLE_SECRET\": \"google-secret-{name}-0123456789\" }}\n}}\n"
                ),
            )
            .unwrap();
            write!(
                manifest,
                "[[tenant]]\nname = \"{name}\"\nenvironment = \"{env}\"\nregion = \"eu\"\n{}communities = [\"customers\"]\n{}\n",
                if g % 5 == 4 && token == "dev" {
                    ""
                } else {
                    "account = \"brand-holdings\"\n"
                },
                if token == "prod" {
                    String::new()
                } else {
                    format!("group = \"brand{g:02}-prod\"\n")
                }
            )
            .unwrap();
        }
    }
    for c in 0..5 {
        write!(
            manifest,
            "[[customer]]\nname = \"customer-{c}\"\nuser-isolation = \"{}\"\nidentity-providers = [\"users\"{}]\n\n",
            if c % 2 == 0 { "isolated" } else { "shared" },
            if c == 0 { ", \"corp-sso\"" } else { "" }
        )
        .unwrap();
    }
    std::fs::write(dir.join("a0lint.toml"), manifest).unwrap();
}

fn best(times: &[Duration]) -> f64 {
    times.iter().min().unwrap().as_secs_f64() * 1000.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let groups: usize = std::env::var("A0LINT_BENCH_GROUPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(25);
    let clients: usize = std::env::var("A0LINT_BENCH_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let tmp = tempfile::tempdir().unwrap();
    let estate = tmp.path().join("estate");
    std::fs::create_dir_all(&estate).unwrap();
    generate(&estate, groups, clients);
    let paths: Vec<PathBuf> = vec![estate.clone()];
    println!(
        "{} tenants ({groups} groups × 4 environments, {clients} clients each in production), threads: {}",
        groups * 4,
        rayon::current_num_threads()
    );
    let runs = 5;
    let (mut check, mut pages, mut html_t, mut write, mut total) =
        (vec![], vec![], vec![], vec![], vec![]);
    let (mut check_cpu, mut pages_cpu, mut total_cpu) = (vec![], vec![], vec![]);
    let mut summary = String::new();
    for run in 0..runs {
        let start = Instant::now();
        let cpu0 = support::cpu_ms();
        let result = run_check(&CheckOptions {
            paths: paths.clone(),
            max_file_size: 64 * 1024 * 1024,
            ..CheckOptions::default()
        })
        .unwrap();
        let checked = start.elapsed();
        let cpu1 = support::cpu_ms();
        let opts = Options {
            root: docs::estate_root(&result, &paths),
            base: docs::absolute(&std::env::current_dir().unwrap()),
            ..Options::default()
        };
        let t = Instant::now();
        let generated = docs::generate(&result, &opts).unwrap();
        let rendered = t.elapsed();
        let cpu2 = support::cpu_ms();
        let t = Instant::now();
        let out = tmp.path().join(format!("out-{run}"));
        output::write(&out, &generated.pages, "markdown").unwrap();
        let written = t.elapsed();
        let all = start.elapsed();
        let cpu3 = support::cpu_ms();
        check_cpu.push(cpu1 - cpu0);
        pages_cpu.push(cpu2 - cpu1);
        total_cpu.push(cpu3 - cpu0);
        let t = Instant::now();
        let html_pages: Vec<docs::Page> = generated.pages.iter().map(html::page).collect();
        html_t.push(t.elapsed());
        check.push(checked);
        pages.push(rendered);
        write.push(written);
        total.push(all);
        if run == 0 {
            // `A0LINT_BENCH_OUT=DIR` keeps the first run's pages, to compare two builds' output.
            if let Some(keep) = std::env::var_os("A0LINT_BENCH_OUT") {
                output::write(Path::new(&keep), &generated.pages, "markdown").unwrap();
            }
            let bytes: usize = generated.pages.iter().map(|p| p.content.len()).sum();
            let html_bytes: usize = html_pages.iter().map(|p| p.content.len()).sum();
            summary = format!(
                "{} pages ({:.1} MB Markdown, {:.1} MB HTML), {} findings, {} warnings, {} redactions",
                generated.pages.len(),
                bytes as f64 / 1e6,
                html_bytes as f64 / 1e6,
                result.findings.len(),
                generated.warnings.len(),
                generated.redacted,
            );
        }
    }
    println!("{summary}");
    println!(
        "best of {runs}: check {:.0} ms, pages {:.0} ms, write {:.0} ms, total {:.0} ms (html rendering {:.0} ms more)",
        best(&check),
        best(&pages),
        best(&write),
        best(&total),
        best(&html_t)
    );
    println!(
        "median CPU (all threads) of {runs}: check {:.0} ms, pages {:.0} ms, total {:.0} ms",
        median(check_cpu),
        median(pages_cpu),
        median(total_cpu)
    );
}
