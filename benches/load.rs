//! Load-and-validate throughput on a large generated export, in both formats.
//!
//! `cargo bench --bench load` generates a tenant with 16,000 clients (over 20 MB of YAML) and the
//! same content as a directory export, then times loading plus schema validation of each, in a
//! fresh child process per format so that the peak memory (VmHWM) of one does not hide the other.
//! Set `A0LINT_BENCH_CLIENTS` to change the size, and `RAYON_NUM_THREADS=1` for per-core figures.

mod support;

// The allocator of the `a0lint` binary, so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use a0lint::estate::Estate;
use a0lint::export::LoadOptions;
use a0lint::schema;
use rayon::prelude::*;

fn client_json(i: usize) -> String {
    format!(
        r#"{{
  "name": "Generated Client {i:05}",
  "description": "Client number {i} — generated for the load benchmark (Zürich)",
  "app_type": "{app}",
  "callbacks": [
    "https://app{i}.northwind.example/callback",
    "https://app{i}.northwind.example/silent-callback"
  ],
  "allowed_logout_urls": ["https://app{i}.northwind.example/"],
  "web_origins": ["https://app{i}.northwind.example"],
  "allowed_origins": ["https://app{i}.northwind.example"],
  "grant_types": ["authorization_code", "refresh_token"],
  "token_endpoint_auth_method": "none",
  "oidc_conformant": true,
  "is_first_party": true,
  "sso_disabled": false,
  "cross_origin_authentication": false,
  "custom_login_page_on": true,
  "jwt_configuration": {{ "alg": "RS256", "lifetime_in_seconds": 36000, "secret_encoded": false }},
  "refresh_token": {{
    "rotation_type": "rotating",
    "expiration_type": "expiring",
    "leeway": 0,
    "token_lifetime": 2592000,
    "idle_token_lifetime": 1296000,
    "infinite_token_lifetime": false,
    "infinite_idle_token_lifetime": false
  }},
  "client_metadata": {{ "team": "team-{t}", "cost_center": "cc-{c}", "owner": "owner{i}@northwind.example" }},
  "native_social_login": {{ "apple": {{ "enabled": false }}, "facebook": {{ "enabled": false }} }}
}}"#,
        app = if i.is_multiple_of(3) {
            "spa"
        } else {
            "regular_web"
        },
        t = i % 17,
        c = i % 101,
    )
}

fn generate(dir: &Path, clients: usize) -> (PathBuf, PathBuf) {
    let yaml_dir = dir.join("bench-yaml");
    let dir_dir = dir.join("bench-directory");
    std::fs::create_dir_all(&yaml_dir).unwrap();
    std::fs::create_dir_all(dir_dir.join("clients")).unwrap();
    let tenant = r#"{ "friendly_name": "Northwind Bench", "support_email": "support@northwind.example", "session_lifetime": 72, "idle_session_lifetime": 24 }"#;
    std::fs::write(dir_dir.join("tenant.json"), format!("{tenant}\n")).unwrap();
    let mut yaml =
        std::io::BufWriter::new(std::fs::File::create(yaml_dir.join("tenant.yaml")).unwrap());
    writeln!(yaml, "tenant:\n  friendly_name: Northwind Bench\n  support_email: support@northwind.example\n  session_lifetime: 72\n  idle_session_lifetime: 24\nclients:").unwrap();
    for i in 0..clients {
        let json = client_json(i);
        std::fs::write(
            dir_dir.join(format!("clients/Generated Client {i:05}.json")),
            format!("{json}\n"),
        )
        .unwrap();
        // The same content as YAML: a js-yaml style block list entry.
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        write_yaml_item(&mut yaml, &value);
    }
    yaml.flush().unwrap();
    (yaml_dir, dir_dir)
}

fn write_yaml_item(out: &mut impl Write, v: &serde_json::Value) {
    let map = v.as_object().unwrap();
    let mut first = true;
    for (k, val) in map {
        let prefix = if first { "  - " } else { "    " };
        first = false;
        write_yaml_member(out, prefix, k, val, 4);
    }
}

fn write_yaml_member(
    out: &mut impl Write,
    prefix: &str,
    k: &str,
    v: &serde_json::Value,
    indent: usize,
) {
    match v {
        serde_json::Value::Object(m) => {
            writeln!(out, "{prefix}{k}:").unwrap();
            let pad = " ".repeat(indent + 2);
            for (k2, v2) in m {
                write_yaml_member(out, &pad, k2, v2, indent + 2);
            }
        }
        serde_json::Value::Array(items) => {
            writeln!(out, "{prefix}{k}:").unwrap();
            for item in items {
                writeln!(out, "{}  - {}", " ".repeat(indent), scalar(item)).unwrap();
            }
        }
        other => writeln!(out, "{prefix}{k}: {}", scalar(other)).unwrap(),
    }
}

fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => format!("'{}'", s.replace('\'', "''")),
        other => other.to_string(),
    }
}

fn dir_size(p: &Path) -> u64 {
    walkdir::WalkDir::new(p)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
        .sum()
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Child mode: load and validate one export, print one line of figures.
fn measure(path: &Path, label: &str) {
    let bytes = dir_size(path);
    // The validators compile once per process, before any export is read, as in `a0lint check`.
    schema::init().unwrap();
    let rss_before = peak_rss_kib().unwrap_or(0);
    let cpu_start = support::cpu_ms() / 1000.0;
    let start = Instant::now();
    let estate = Estate::load(&[path.to_path_buf()], &LoadOptions::default());
    let loaded = start.elapsed();
    let cpu_loaded = (support::cpu_ms() / 1000.0) - cpu_start;
    // Schema validation only, as `a0lint check` runs it: the rules are timed elsewhere.
    let findings: Vec<_> = estate
        .tenants
        .par_iter()
        .flat_map_iter(schema::validate_tenant)
        .chain(estate.findings.par_iter().cloned())
        .collect();
    let total = start.elapsed();
    let cpu_total = (support::cpu_ms() / 1000.0) - cpu_start;
    let clients = estate.tenants[0].items("clients").len();
    let mb = bytes as f64 / 1_000_000.0;
    let peak = peak_rss_kib().unwrap_or(0);
    println!(
        "{label:<9} {mb:7.1} MB, {clients} clients: load {:6.0} ms ({:5.1} MB/s), load+validate {:6.0} ms ({:5.1} MB/s), peak RSS {:.0} MB ({:.1}x input; {:.0} MB before), {} findings",
        loaded.as_secs_f64() * 1000.0,
        mb / loaded.as_secs_f64(),
        total.as_secs_f64() * 1000.0,
        mb / total.as_secs_f64(),
        peak as f64 / 1024.0,
        peak as f64 * 1024.0 / bytes as f64,
        rss_before as f64 / 1024.0,
        findings.len(),
    );
    println!(
        "{:<9} CPU time: load {:6.0} ms ({:5.1} MB per CPU-second), load+validate {:6.0} ms ({:5.1} MB per CPU-second)",
        "",
        cpu_loaded * 1000.0,
        mb / cpu_loaded,
        cpu_total * 1000.0,
        mb / cpu_total,
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--measure") {
        measure(Path::new(&args[i + 1]), &args[i + 2]);
        return;
    }
    let clients: usize = std::env::var("A0LINT_BENCH_CLIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16_000);
    // `--generate DIR` only writes the two exports into DIR, for profiling the measure mode
    // (`--measure DIR/bench-yaml yaml`) under perf or callgrind.
    if let Some(i) = args.iter().position(|a| a == "--generate") {
        generate(Path::new(&args[i + 1]), clients);
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (yaml, dir) = generate(tmp.path(), clients);
    println!(
        "threads: {} (set RAYON_NUM_THREADS=1 for per-core figures)",
        rayon::current_num_threads()
    );
    for (path, label) in [(&yaml, "yaml"), (&dir, "directory")] {
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--measure", &path.to_string_lossy(), label])
            .status()
            .unwrap();
        assert!(status.success());
    }
}
