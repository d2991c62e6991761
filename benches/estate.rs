//! End-to-end check of a whole estate: 100 realistic tenants.
//!
//! `cargo bench --bench estate` generates 25 SDLC groups of four tenants each (`<company>-dev`,
//! `-test`, `-staging`, `-prod`; 100 tenants), each with 200 applications, 50 connections, database
//! connections, APIs, roles, organizations, a custom domain, attack protection and prompts, keyword
//! placeholders resolved by a `config.json` beside every export, and an `a0lint.toml` listing them
//! all. Production and staging are YAML exports, development and test directory exports. It then
//! times `check::run_check` end to end (discovery, loading, schema validation, every rule, sorting),
//! as `a0lint check` runs it, and once more with the architecture rule families turned off, to show
//! what they cost. Set `A0LINT_BENCH_GROUPS` (default 25), `A0LINT_BENCH_CLIENTS` (200) or
//! `A0LINT_BENCH_CONNECTIONS` (50) to change the size, and `A0LINT_BENCH_DIR` to keep the
//! generated estate in a folder of your choice.

mod support;

// The allocator of the `a0lint` binary, so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use a0lint::check::{CheckOptions, run_check};
use serde_json::{Value, json};

const ENVS: [(&str, &str, &str); 4] = [
    ("dev", "development", "-dev"),
    ("test", "test", "-test"),
    ("staging", "staging", "-staging"),
    ("prod", "production", ""),
];

const ENTERPRISE: [&str; 4] = ["samlp", "waad", "oidc", "okta"];
const SOCIAL: [&str; 3] = ["google-oauth2", "github", "apple"];

fn env_usize(key: &str, default: usize) -> usize {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn client(i: usize) -> Value {
    let app_type = match i % 4 {
        0 => "spa",
        1 | 2 => "regular_web",
        _ => "non_interactive",
    };
    let interactive = app_type != "non_interactive";
    let mut c = json!({
        "name": format!("App {i:03}"),
        "description": format!("Application {i} of the generated estate (Zürich team)"),
        "app_type": app_type,
        "grant_types": if interactive { json!(["authorization_code", "refresh_token"]) } else { json!(["client_credentials"]) },
        "token_endpoint_auth_method": if app_type == "spa" { "none" } else { "client_secret_post" },
        "is_first_party": true,
        "oidc_conformant": true,
        "sso_disabled": false,
        "cross_origin_authentication": false,
        "custom_login_page_on": true,
        "jwt_configuration": { "alg": "RS256", "lifetime_in_seconds": 36000, "secret_encoded": false },
        "refresh_token": {
            "rotation_type": if interactive { "rotating" } else { "non-rotating" },
            "expiration_type": if interactive { "expiring" } else { "non-expiring" },
            "leeway": 0,
            "token_lifetime": 2592000,
            "idle_token_lifetime": 1296000,
            "infinite_token_lifetime": false,
            "infinite_idle_token_lifetime": false
        },
        "client_metadata": { "team": format!("team-{}", i % 17), "cost_center": format!("cc-{}", i % 101) },
        "native_social_login": { "apple": { "enabled": false }, "facebook": { "enabled": false } }
    });
    if interactive {
        let base = format!("##APP_SCHEME##app{i}##HOST_SUFFIX##.##COMPANY_DOMAIN##");
        let m = c.as_object_mut().unwrap();
        m.insert(
            "callbacks".into(),
            json!([
                format!("{base}/callback"),
                format!("{base}/silent-callback")
            ]),
        );
        m.insert("allowed_logout_urls".into(), json!([format!("{base}/")]));
        m.insert("web_origins".into(), json!([base.clone()]));
        m.insert("allowed_origins".into(), json!([base.clone()]));
        m.insert("initiate_login_uri".into(), json!(format!("{base}/login")));
    }
    c
}

fn connection(i: usize, clients: usize) -> Value {
    let enabled: Vec<String> = (0..6)
        .map(|k| format!("App {:03}", (i * 7 + k * 31) % clients))
        .collect();
    if i % 5 == 4 {
        json!({
            "name": format!("social-{i:02}"),
            "strategy": SOCIAL[i % SOCIAL.len()],
            "enabled_clients": enabled,
            "options": { "client_id": format!("social-client-{i}"), "client_secret": "##SOCIAL_SECRET##", "scope": ["email", "profile"] }
        })
    } else {
        json!({
            "name": format!("customer-{i:02}"),
            "strategy": ENTERPRISE[i % ENTERPRISE.len()],
            "display_name": format!("Customer {i}"),
            "enabled_clients": enabled,
            "show_as_button": false,
            "options": {
                "domain_aliases": [format!("customer{i}.example"), format!("mail.customer{i}.example")],
                "tenant_domain": format!("customer{i}.example"),
                "client_id": format!("enterprise-client-{i}"),
                "client_secret": "##ENTERPRISE_SECRET##"
            }
        })
    }
}

fn tenant_value(company: &str, env: &str, clients: usize, connections: usize) -> Value {
    json!({
        "tenant": {
            "friendly_name": format!("{company} ##ENV_LABEL##"),
            "support_email": format!("support@{company}.example"),
            "support_url": format!("https://help.{company}.example"),
            "session_lifetime": 72,
            "idle_session_lifetime": 24,
            "enabled_locales": ["en", "de"],
            "flags": { "enable_client_connections": false }
        },
        "prompts": { "universal_login_experience": "new", "identifier_first": true },
        "customDomains": [{ "domain": "##LOGIN_DOMAIN##", "type": "auth0_managed_certs", "status": "ready", "is_default": true }],
        "attackProtection": {
            "bruteForceProtection": { "enabled": true, "shields": ["block", "user_notification"], "mode": "count_per_identifier_and_ip", "max_attempts": 10 },
            "breachedPasswordDetection": { "enabled": true, "shields": ["block"], "admin_notification_frequency": [], "method": "standard" },
            "suspiciousIpThrottling": { "enabled": true, "shields": ["admin_notification", "block"] }
        },
        "clients": (0..clients).map(client).collect::<Vec<_>>(),
        "connections": (0..connections).map(|i| connection(i, clients)).collect::<Vec<_>>(),
        "databases": (0..2).map(|d| json!({
            "name": format!("{company}-users-{d}"),
            "strategy": "auth0",
            "enabled_clients": ["App 000", "App 001", "App 002"],
            "options": {
                "brute_force_protection": true,
                "disable_signup": d == 1,
                "passwordPolicy": "good",
                "password_complexity_options": { "min_length": 12 },
                "password_history": { "enable": true, "size": 5 },
                "password_no_personal_info": { "enable": true },
                "password_dictionary": { "enable": true, "dictionary": [] }
            }
        })).collect::<Vec<_>>(),
        "resourceServers": (0..5).map(|r| json!({
            "name": format!("API {r}"),
            "identifier": format!("https://api{r}.{company}.example/"),
            "signing_alg": "RS256",
            "enforce_policies": true,
            "token_dialect": "access_token_authz",
            "allow_offline_access": false,
            "token_lifetime": 86400,
            "scopes": (0..6).map(|s| json!({ "value": format!("scope:{s}"), "description": format!("Scope {s}") })).collect::<Vec<_>>()
        })).collect::<Vec<_>>(),
        "roles": (0..10).map(|r| json!({
            "name": format!("Role {r}"),
            "description": format!("Generated role {r}"),
            "permissions": [{ "permission_name": format!("scope:{}", r % 6), "resource_server_identifier": format!("https://api{}.{company}.example/", r % 5) }]
        })).collect::<Vec<_>>(),
        "organizations": (0..20).map(|o| json!({
            "name": format!("customer-{o:02}"),
            "display_name": format!("Customer {o} ({env})"),
            "connections": [{ "name": format!("customer-{:02}", o * 2 % connections.max(1)), "assign_membership_on_login": false }]
        })).collect::<Vec<_>>()
    })
}

/// Writes `v` as block-style YAML, as `a0deploy export` does.
fn yaml(out: &mut impl Write, v: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(m) => {
            for (k, val) in m {
                match val {
                    Value::Object(inner) if !inner.is_empty() => {
                        writeln!(out, "{pad}{k}:").unwrap();
                        yaml(out, val, indent + 2);
                    }
                    Value::Array(items) if !items.is_empty() => {
                        writeln!(out, "{pad}{k}:").unwrap();
                        yaml(out, val, indent + 2);
                    }
                    other => writeln!(out, "{pad}{k}: {}", scalar(other)).unwrap(),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Object(m) if !m.is_empty() => {
                        let mut text = Vec::new();
                        yaml(&mut text, item, indent + 2);
                        let text = String::from_utf8(text).unwrap();
                        let body = &text[indent + 2..];
                        write!(out, "{pad}- {body}").unwrap();
                    }
                    other => writeln!(out, "{pad}- {}", scalar(other)).unwrap(),
                }
            }
        }
        other => writeln!(out, "{pad}{}", scalar(other)).unwrap(),
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => format!("'{}'", s.replace('\'', "''")),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
        other => other.to_string(),
    }
}

fn write_directory(dir: &Path, v: &Value) {
    let m = v.as_object().unwrap();
    let put = |path: &Path, v: &Value| {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, serde_json::to_string_pretty(v).unwrap() + "\n").unwrap();
    };
    put(&dir.join("tenant.json"), &m["tenant"]);
    put(&dir.join("prompts/prompts.json"), &m["prompts"]);
    put(
        &dir.join("custom-domains/custom-domains.json"),
        &m["customDomains"],
    );
    let ap = &m["attackProtection"];
    put(
        &dir.join("attack-protection/brute-force-protection.json"),
        &ap["bruteForceProtection"],
    );
    put(
        &dir.join("attack-protection/breached-password-detection.json"),
        &ap["breachedPasswordDetection"],
    );
    put(
        &dir.join("attack-protection/suspicious-ip-throttling.json"),
        &ap["suspiciousIpThrottling"],
    );
    for (key, folder) in [
        ("clients", "clients"),
        ("connections", "connections"),
        ("resourceServers", "resource-servers"),
        ("roles", "roles"),
        ("organizations", "organizations"),
    ] {
        for item in m[key].as_array().unwrap() {
            let name = item["name"].as_str().unwrap();
            put(&dir.join(folder).join(format!("{name}.json")), item);
        }
    }
    for db in m["databases"].as_array().unwrap() {
        let name = db["name"].as_str().unwrap();
        put(
            &dir.join("database-connections")
                .join(name)
                .join("database.json"),
            db,
        );
    }
}

/// Generates the estate; returns (tenants, bytes written).
fn generate(root: &Path, groups: usize, clients: usize, connections: usize) -> (usize, u64) {
    let mut manifest = String::from(
        "# Generated by benches/estate.rs\naccount = \"bench\"\n\n[policy]\nenvironments = [\"development\", \"test\", \"staging\", \"production\"]\n",
    );
    let mut tenants = 0;
    for g in 0..groups {
        let company = format!("company{g:02}");
        for (short, env, suffix) in ENVS {
            let name = format!("{company}-{short}");
            let dir = root.join(&name);
            std::fs::create_dir_all(&dir).unwrap();
            let v = tenant_value(&company, env, clients, connections);
            let export = if matches!(short, "prod" | "staging") {
                let mut out = std::io::BufWriter::new(
                    std::fs::File::create(dir.join("tenant.yaml")).unwrap(),
                );
                yaml(&mut out, &v, 0);
                out.flush().unwrap();
                format!("{name}/tenant.yaml")
            } else {
                write_directory(&dir, &v);
                name.clone()
            };
            let config = json!({
                "AUTH0_DOMAIN": format!("{name}.eu.auth0.com"),
                "AUTH0_CLIENT_ID": format!("deploy-cli-{name}"),
                "AUTH0_ALLOW_DELETE": false,
                "AUTH0_KEYWORD_REPLACE_MAPPINGS": {
                    "ENV_LABEL": if suffix.is_empty() { String::new() } else { format!("({env})") },
                    "APP_SCHEME": "https://",
                    "HOST_SUFFIX": suffix,
                    "COMPANY_DOMAIN": format!("{company}.example"),
                    "LOGIN_DOMAIN": format!("login{suffix}.{company}.example"),
                    "SOCIAL_SECRET": "fake-social-secret-not-a-secret",
                    "ENTERPRISE_SECRET": "fake-enterprise-secret-not-a-secret"
                },
                "AUTH0_EXCLUDED": ["rules", "rulesConfigs", "hooks"]
            });
            std::fs::write(
                dir.join("config.json"),
                serde_json::to_string_pretty(&config).unwrap(),
            )
            .unwrap();
            manifest.push_str(&format!(
                "\n[[tenant]]\nname = \"{name}\"\nexport = \"{export}\"\nenvironment = \"{env}\"\naccount = \"bench\"\ncommunities = [\"customers\"]\n{}",
                if short == "prod" {
                    if g == 0 {
                        String::new()
                    } else {
                        "isolation-reason = \"customer-isolation\"\n".to_owned()
                    }
                } else {
                    format!("group = \"{company}-prod\"\n")
                }
            ));
            tenants += 1;
        }
    }
    std::fs::write(root.join("a0lint.toml"), manifest).unwrap();
    let bytes = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
        .sum();
    (tenants, bytes)
}

/// Best and median wall time, median CPU time, and what the run found.
struct Timing {
    min: Duration,
    median: Duration,
    cpu_ms: f64,
    tenants: usize,
    findings: usize,
}

/// Times `work` `runs` times after one warm-up run (page cache, schema compilation).
fn time(runs: usize, mut work: impl FnMut() -> (usize, usize)) -> Timing {
    let (tenants, findings) = work();
    let mut samples: Vec<(Duration, f64)> = (0..runs)
        .map(|_| {
            let cpu = support::cpu_ms();
            let start = Instant::now();
            let (t, _) = work();
            let wall = start.elapsed();
            assert_eq!(t, tenants);
            (wall, support::cpu_ms() - cpu)
        })
        .collect();
    samples.sort_by_key(|s| s.0);
    let mut cpu: Vec<f64> = samples.iter().map(|s| s.1).collect();
    cpu.sort_by(f64::total_cmp);
    Timing {
        min: samples[0].0,
        median: samples[runs / 2].0,
        cpu_ms: cpu[runs / 2],
        tenants,
        findings,
    }
}

fn check(root: &Path, select: &[&str], ignore: &[&str]) -> (usize, usize) {
    let opts = CheckOptions {
        paths: vec![root.to_path_buf()],
        max_file_size: 64 * 1024 * 1024,
        select: select.iter().map(|s| (*s).to_owned()).collect(),
        ignore: ignore.iter().map(|s| (*s).to_owned()).collect(),
        ..CheckOptions::default()
    };
    let r = run_check(&opts).unwrap();
    (r.estate.tenants.len(), r.findings.len())
}

fn report(what: &str, t: &Timing) {
    println!(
        "{what:<34} min {:7.1} ms, median {:7.1} ms, median CPU {:7.1} ms ({} findings)",
        t.min.as_secs_f64() * 1e3,
        t.median.as_secs_f64() * 1e3,
        t.cpu_ms,
        t.findings,
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` probes benches with --list.
    }
    let groups = env_usize("A0LINT_BENCH_GROUPS", 25);
    let clients = env_usize("A0LINT_BENCH_CLIENTS", 200);
    let connections = env_usize("A0LINT_BENCH_CONNECTIONS", 50);
    let runs = env_usize("A0LINT_BENCH_RUNS", 5).max(1);
    let tmp = tempfile::tempdir().unwrap();
    // `A0LINT_BENCH_DIR=<empty folder>` keeps the generated estate there, to run `a0lint` on it.
    let root = std::env::var_os("A0LINT_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| tmp.path().to_path_buf());
    let start = Instant::now();
    let (tenants, bytes) = generate(&root, groups, clients, connections);
    println!(
        "estate: {tenants} tenants ({groups} groups of dev/test/staging/prod; prod and staging YAML, dev and test directory), {clients} clients and {connections} connections each, {:.1} MB, generated in {:.1} s",
        bytes as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );
    println!(
        "threads: {} (set RAYON_NUM_THREADS to change)",
        rayon::current_num_threads()
    );
    println!(
        "{runs} runs each after a warm-up; load average {}",
        support::load_average()
    );
    let load = time(runs, || {
        let estate = a0lint::estate::Estate::load(
            std::slice::from_ref(&root),
            &a0lint::export::LoadOptions::default(),
        );
        (estate.tenants.len(), estate.findings.len())
    });
    report("discover and load:", &load);
    // Schema validation always runs; selecting only the schema category runs no rule.
    let schema = time(runs, || check(&root, &["schema"], &[]));
    report("+ schema validation, no rules:", &schema);
    let families = [
        "naming",
        "sdlc",
        "isolation",
        "association",
        "custom-domain",
        "provisioning",
    ];
    let without = time(runs, || check(&root, &[], &families));
    report("+ rules but the architecture ones:", &without);
    let all = time(runs, || check(&root, &[], &[]));
    assert_eq!(all.tenants, tenants, "every export was found");
    report("a0lint check, all rules:", &all);
}
