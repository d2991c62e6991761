//! The cost of fifty declarative house rules on a 100-tenant estate.
//!
//! `cargo bench --bench declarative` generates 25 SDLC groups of four tenants (about 200 clients and
//! 50 connections each), checks the estate with the built-in rules only and then with fifty
//! generated house rules (field assertions, patterns, JSON Schemas and cross-tenant comparisons),
//! and prints both times, best of five. Issue 8's goal: the house rules add at most 20%.

mod support;

// The allocator of the `a0lint` binary, so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use a0lint::check::{CheckOptions, run_check};

const ENVS: [&str; 4] = ["dev", "test", "staging", "prod"];

fn tenant_yaml(group: usize, env: &str) -> String {
    let mut y = format!(
        "tenant:\n  friendly_name: 'Group {group} ({env})'\n  session_lifetime: 72\nclients:\n"
    );
    for c in 0..200 {
        let app = ["spa", "regular_web", "native", "non_interactive"][c % 4];
        let _ = write!(
            y,
            "  - name: 'App {c:03}'\n    app_type: {app}\n    callbacks:\n      - 'https://app{c}.g{group}.example/callback'\n    allowed_logout_urls:\n      - 'https://app{c}.g{group}.example/'\n    grant_types:\n      - authorization_code\n      - refresh_token\n    jwt_configuration:\n      alg: RS256\n      lifetime_in_seconds: 36000\n    token_endpoint_auth_method: {}\n",
            if app == "spa" {
                "none"
            } else {
                "client_secret_post"
            }
        );
    }
    y.push_str("connections:\n");
    for c in 0..50 {
        let _ = write!(
            y,
            "  - name: 'conn-{c:02}'\n    strategy: {}\n    enabled_clients:\n      - 'App {:03}'\n    options:\n      domain_aliases:\n        - 'c{c}.g{group}.example'\n",
            if c % 5 == 0 { "samlp" } else { "google-oauth2" },
            c * 3
        );
    }
    let _ = write!(
        y,
        "resourceServers:\n  - name: 'API {group}'\n    identifier: 'https://api.g{group}.example/'\n    signing_alg: RS256\n    token_lifetime: 3600\ncustomDomains:\n  - domain: 'login-{env}.g{group}.example'\n    type: auth0_managed_certs\n    status: ready\n"
    );
    y
}

fn rule(i: usize) -> String {
    let (select, assert) = match i % 5 {
        0 => (
            "resource = \"clients\"\nfield = \"name\"",
            "[assert]\npattern = \"^App \"",
        ),
        1 => (
            "resource = \"clients\"\nfield = \"jwt_configuration.alg\"",
            "[assert]\nenum = [\"RS256\", \"PS256\"]",
        ),
        2 => (
            "resource = \"resourceServers\"",
            "[assert]\nschema = { type = \"object\", properties = { token_lifetime = { type = \"integer\", maximum = 86400 } } }",
        ),
        3 => (
            "resource = \"connections\"\nfield = \"options.domain_aliases\"",
            "[assert]\nmin-length = 1",
        ),
        _ => (
            "resource = \"clients\"\nfield = \"name\"",
            "[cross-tenant]\nscope = \"group\"\nassert = \"equal\"",
        ),
    };
    format!(
        "id = \"BENCH-{i:03}\"\nname = \"bench-rule-{i}\"\ncategory = \"maintainability\"\nseverity = \"warning\"\nsummary = \"Generated rule {i}\"\nrationale = \"Benchmark.\"\nfix = \"Benchmark.\"\n\n[select]\n{select}\n\n{assert}\n\n[examples]\nfail = \"\"\npass = \"\"\n"
    )
}

fn generate(dir: &Path, with_rules: bool) {
    let mut manifest = String::from("account = \"bench\"\n");
    for g in 0..25 {
        for env in ENVS {
            let name = format!("g{g:02}-{env}");
            std::fs::create_dir_all(dir.join(&name)).unwrap();
            std::fs::write(dir.join(&name).join("tenant.yaml"), tenant_yaml(g, env)).unwrap();
            let environment = match env {
                "dev" => "development",
                "prod" => "production",
                other => other,
            };
            let _ = write!(
                manifest,
                "\n[[tenant]]\nname = \"{name}\"\nexport = \"{name}\"\nenvironment = \"{environment}\"\naccount = \"bench\"\n"
            );
            if env != "prod" {
                let _ = writeln!(manifest, "group = \"g{g:02}-prod\"");
            }
        }
    }
    std::fs::write(dir.join("a0lint.toml"), manifest).unwrap();
    if with_rules {
        std::fs::create_dir_all(dir.join(".a0lint/rules")).unwrap();
        for i in 0..50 {
            std::fs::write(
                dir.join(format!(".a0lint/rules/bench-{i:02}.toml")),
                rule(i),
            )
            .unwrap();
        }
    }
}

/// One full check of an estate: wall time, CPU time (ms) and the number of findings.
fn check_once(dir: &Path) -> (Duration, f64, usize) {
    let opts = CheckOptions {
        paths: vec![dir.to_path_buf()],
        max_file_size: 64 * 1024 * 1024,
        ..CheckOptions::default()
    };
    let cpu = support::cpu_ms();
    let start = Instant::now();
    let result = run_check(&opts).unwrap();
    (
        start.elapsed(),
        support::cpu_ms() - cpu,
        result.findings.len(),
    )
}

fn main() {
    let plain = tempfile::tempdir().unwrap();
    let ruled = tempfile::tempdir().unwrap();
    generate(plain.path(), false);
    generate(ruled.path(), true);
    let runs: usize = std::env::var("A0LINT_BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    // Warm up (file cache, allocator), then alternate the two configurations so that a change
    // in the machine's load affects both alike; keep the best wall and the best CPU time of each.
    check_once(plain.path());
    check_once(ruled.path());
    let (mut base, mut with) = ((Duration::MAX, f64::MAX, 0), (Duration::MAX, f64::MAX, 0));
    for _ in 0..runs {
        for (dir, best) in [(plain.path(), &mut base), (ruled.path(), &mut with)] {
            let (wall, cpu, findings) = check_once(dir);
            best.0 = best.0.min(wall);
            best.1 = best.1.min(cpu);
            best.2 = findings;
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "threads: {}; load average: {}; best of {runs}",
        rayon::current_num_threads(),
        support::load_average()
    );
    println!(
        "100 tenants, 20,000 clients: built-in rules {:.0} ms wall, {:.0} ms CPU ({} findings); with 50 house rules {:.0} ms wall, {:.0} ms CPU ({} findings): +{:.1}% wall, +{:.1}% CPU",
        ms(base.0),
        base.1,
        base.2,
        ms(with.0),
        with.1,
        with.2,
        (ms(with.0) / ms(base.0) - 1.0) * 100.0,
        (with.1 / base.1 - 1.0) * 100.0,
    );
}
