//! Rendering throughput: 100,000 findings in every output format.
//!
//! `cargo bench --bench render` generates a YAML export whose 25,000 clients carry four mistakes
//! each (two misspelt fields, a bad `app_type`, a wrong type), checks it, and then times, per
//! format, turning the findings into the bytes `--output` would write. Fingerprinting and the
//! gate (suppressions, baseline) are timed too, since every format depends on them. The goal is
//! under a second per format. Set `A0LINT_BENCH_CLIENTS` to change the size and
//! `A0LINT_BENCH_FORMATS=sarif,github` to time only some formats.

mod support;

// The allocator of the `a0lint` binary, so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::fmt::Write as _;
use std::time::Instant;

use a0lint::check::check_estate;
use a0lint::estate::Estate;
use a0lint::export::LoadOptions;
use a0lint::gate::{self, GateOptions, Workspace};
use a0lint::render::{self, Format, RenderOptions, Report};
use a0lint::suppress::Date;
use clap::ValueEnum;

fn main() {
    let clients: usize = std::env::var("A0LINT_BENCH_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(25_000);
    let only: Option<Vec<String>> = std::env::var("A0LINT_BENCH_FORMATS")
        .ok()
        .map(|v| v.split(',').map(str::to_owned).collect());
    let tmp = tempfile::tempdir().unwrap();
    let export = tmp.path().join("bench-dev");
    std::fs::create_dir_all(&export).unwrap();
    let mut yaml = String::with_capacity(clients * 200);
    yaml.push_str("clients:\n");
    for i in 0..clients {
        let _ = write!(
            yaml,
            "  - name: Client {i:05} (Zürich)\n    app_type: spa_app\n    callbak:\n      - https://app{i}.example/cb\n    logo_url: 42\n    grant_type: [implicit]\n"
        );
    }
    std::fs::write(export.join("tenant.yaml"), &yaml).unwrap();

    let t = Instant::now();
    let estate = Estate::load(
        std::slice::from_ref(&export),
        &LoadOptions {
            base: tmp.path().to_path_buf(),
            ..LoadOptions::default()
        },
    );
    let mut result = check_estate(estate);
    println!(
        "check: {} findings from {clients} clients in {:.0} ms (not part of rendering)",
        result.findings.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );

    println!(
        "threads: {}; load average: {}",
        rayon::current_num_threads(),
        support::load_average()
    );
    let ws = Workspace::at(tmp.path().to_path_buf(), std::slice::from_ref(&export));
    let t = Instant::now();
    let ids = a0lint::fingerprint::identify(&result.findings, &result.estate, &ws);
    println!(
        "{:<12} {:>8.1} ms",
        "fingerprint",
        t.elapsed().as_secs_f64() * 1000.0
    );
    drop(ids);
    let t = Instant::now();
    let gated = gate::apply(
        &mut result,
        &ws,
        &GateOptions {
            suppressions: None,
            baseline: None,
            prune_baseline: false,
            today: Date::from_unix_days(20_000),
        },
    )
    .unwrap();
    println!(
        "{:<12} {:>8.1} ms  (fingerprints, suppressions, sorting)",
        "gate",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let report = Report {
        findings: &gated.findings,
        identities: &gated.identities,
        sources: &result.estate.sources,
        tenants: &result.estate.tenants,
        summary: gated.summary,
        workspace: &ws,
        complete: true,
    };
    let mut worst: f64 = 0.0;
    let mut cases: Vec<(String, Format, bool)> = Format::value_variants()
        .iter()
        .map(|f| {
            let name = f.to_possible_value().unwrap().get_name().to_owned();
            (name, *f, false)
        })
        .collect();
    cases.push(("statistics".into(), Format::Human, true));
    for (name, format, statistics) in cases {
        if only.as_ref().is_some_and(|o| !o.contains(&name)) {
            continue;
        }
        let opts = RenderOptions {
            color: false,
            width: 100,
            quiet: false,
            statistics,
        };
        let mut buf: Vec<u8> = Vec::with_capacity(64 << 20);
        let cpu = support::cpu_ms();
        let t = Instant::now();
        render::write(format, &mut buf, &report, &opts).unwrap();
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let cpu = support::cpu_ms() - cpu;
        worst = worst.max(ms);
        println!(
            "{name:<12} {ms:>8.1} ms  (cpu {cpu:>6.0} ms)  {:>7.1} MB  {:>9.0} findings/s",
            buf.len() as f64 / 1e6,
            gated.findings.len() as f64 / t.elapsed().as_secs_f64()
        );
    }
    let t = Instant::now();
    let md = render::github::step_summary(&report, &render::github::Links::default());
    println!(
        "{:<12} {:>8.1} ms  {:>7.1} MB  (GitHub job summary, capped at 1 MiB)",
        "summary.md",
        t.elapsed().as_secs_f64() * 1000.0,
        md.len() as f64 / 1e6
    );
    println!(
        "slowest format: {worst:.0} ms for {} findings (goal: under 1000 ms)",
        gated.findings.len()
    );
}
