//! Loading exports: the bad-input cases, the format pair, the bundled estate and the real corpus.

use std::path::PathBuf;

use a0lint::check::check_estate;
use a0lint::estate::Estate;
use a0lint::export::{ExportFormat, LoadOptions};
use a0lint::finding::{Finding, Resolved, Severity};
use a0lint::source::{Node, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn opts() -> LoadOptions {
    LoadOptions {
        base: root(),
        ..LoadOptions::default()
    }
}

fn load(rel: &str) -> Estate {
    Estate::load(&[root().join(rel)], &opts())
}

/// `(rule, line, column, file)` of every loader and schema finding, in output order (the
/// architecture rules have tests of their own).
fn located(estate: Estate) -> Vec<(String, usize, usize, String)> {
    let result = check_estate(estate);
    result
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("INPUT") || f.rule.starts_with("SCHEMA"))
        .map(|f| {
            let r = Resolved::of(&f.location, &result.estate.sources);
            (
                f.rule.to_owned(),
                r.line,
                r.column,
                r.path.to_string_lossy().replace('\\', "/"),
            )
        })
        .collect()
}

fn has(found: &[(String, usize, usize, String)], rule: &str, line: usize, col: usize) -> bool {
    found
        .iter()
        .any(|(r, l, c, _)| r == rule && *l == line && *c == col)
}

#[test]
fn yaml_syntax_error_is_located() {
    let found = located(load("fixtures/input/yaml-syntax"));
    assert!(has(&found, "INPUT-001", 16, 32), "{found:?}");
}

#[test]
fn json_syntax_error_keeps_the_other_files() {
    let estate = load("fixtures/input/json-syntax");
    let tenant = &estate.tenants[0];
    assert_eq!(
        tenant.items("clients").len(),
        1,
        "the healthy client still loads"
    );
    assert!(tenant.object("tenant").is_some());
    let found = located(estate);
    assert!(
        found
            .iter()
            .any(|(r, l, _, p)| r == "INPUT-002" && *l == 7 && p.ends_with("clients/Broken.json")),
        "{found:?}"
    );
}

#[test]
fn invalid_utf8_is_reported_and_the_file_still_loads() {
    let estate = load("fixtures/input/invalid-utf8");
    assert_eq!(estate.tenants[0].items("clients").len(), 1);
    let found = located(estate);
    assert!(has(&found, "INPUT-003", 4, 16), "{found:?}");
}

#[test]
fn byte_order_mark_in_yaml_loads_and_in_json_is_an_error() {
    let estate = load("fixtures/input/bom");
    assert!(estate.tenants[0].object("tenant").is_some());
    let found = located(estate);
    assert!(
        found.iter().all(|(r, ..)| !r.starts_with("INPUT-00")),
        "{found:?}"
    );

    let estate = load("fixtures/input/bom-json");
    assert_eq!(estate.tenants[0].items("clients").len(), 1, "still loaded");
    let found = located(estate);
    assert!(has(&found, "INPUT-004", 1, 1), "{found:?}");
}

#[test]
fn crlf_files_load_with_correct_lines() {
    for case in ["fixtures/input/crlf", "fixtures/input/crlf-json"] {
        let estate = load(case);
        let t = &estate.tenants[0];
        let client = &t.items("clients")[0];
        let name = client.get("name").unwrap();
        let file = estate.sources.get(name.span.file);
        let lc = file.line_col(name.span.start as usize);
        // The value's line holds `name`, and the column does not count a `\r`.
        assert!(file.line_text(lc.line).contains("name"), "{case}");
        assert!(!file.line_text(lc.line).ends_with('\r'));
        let found = located(estate);
        assert!(
            found.iter().all(|(r, ..)| !r.starts_with("INPUT")),
            "{case}: {found:?}"
        );
    }
}

#[test]
fn duplicate_keys_point_at_the_second_key() {
    let found = located(load("fixtures/input/duplicate-keys"));
    assert!(has(&found, "INPUT-005", 8, 5), "{found:?}");
    let found = located(load("fixtures/input/duplicate-keys-json"));
    assert!(has(&found, "INPUT-006", 7, 3), "{found:?}");
}

#[test]
fn alias_bomb_is_refused_quickly() {
    let found = located(load("fixtures/input/alias-bomb"));
    assert!(found.iter().any(|(r, ..)| r == "INPUT-007"), "{found:?}");
}

#[test]
fn deep_nesting_is_refused_without_a_crash() {
    let found = located(load("fixtures/input/deep-nesting"));
    assert!(
        found.iter().any(|(r, l, ..)| r == "INPUT-008" && *l == 6),
        "{found:?}"
    );
    let found = located(load("fixtures/input/deep-nesting-json"));
    assert!(
        found.iter().any(|(r, l, ..)| r == "INPUT-008" && *l == 4),
        "{found:?}"
    );
}

#[test]
fn missing_side_file_is_a_warning() {
    let result = check_estate(load("fixtures/input/missing-side-file"));
    let f = result
        .findings
        .iter()
        .find(|f| f.rule == "INPUT-010")
        .expect("missing side file reported");
    assert_eq!(f.severity, Severity::Warning);
    let r = Resolved::of(&f.location, &result.estate.sources);
    assert_eq!((r.line, r.column), (10, 11));
    assert!(!result.unreadable_input);
}

#[test]
fn paths_outside_the_export_are_refused() {
    let found = located(load("fixtures/input/include-escape"));
    assert!(
        found.iter().any(|(r, l, ..)| r == "INPUT-011" && *l == 6),
        "{found:?}"
    );
    let found = located(load("fixtures/input/side-file-escape"));
    assert!(has(&found, "INPUT-011", 9, 11), "{found:?}");
}

#[test]
fn include_loads_with_spans_in_the_included_file() {
    let estate = load("fixtures/input/include");
    let t = &estate.tenants[0];
    let client = &t.items("clients")[0];
    let file = estate.sources.get(client.span.file);
    assert!(file.path.ends_with("clients.yaml"));
    assert_eq!(file.line_col(client.span.start as usize).line, 1);
    assert!(located(estate).is_empty());
}

#[test]
fn oversize_files_are_skipped_with_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!(
        "tenant:\n  friendly_name: Big\nclients:\n{}",
        "  - name: x\n".repeat(2000)
    );
    std::fs::write(dir.path().join("tenant.yaml"), big).unwrap();
    let estate = Estate::load(
        &[dir.path().to_path_buf()],
        &LoadOptions {
            max_file_size: 1024,
            base: dir.path().to_path_buf(),
            ..LoadOptions::default()
        },
    );
    let result = check_estate(estate);
    assert!(result.findings.iter().any(|f| f.rule == "INPUT-012"));
    assert!(result.unreadable_input);
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed_forever() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("acme-dev");
    std::fs::create_dir_all(export.join("clients")).unwrap();
    std::fs::write(
        export.join("tenant.json"),
        "{\"friendly_name\": \"Acme\"}\n",
    )
    .unwrap();
    let loop_dir = dir.path().join("loop");
    std::fs::create_dir_all(&loop_dir).unwrap();
    std::os::unix::fs::symlink(&loop_dir, loop_dir.join("again")).unwrap();
    let estate = Estate::load(
        &[dir.path().to_path_buf()],
        &LoadOptions {
            base: dir.path().to_path_buf(),
            ..LoadOptions::default()
        },
    );
    assert_eq!(estate.tenants.len(), 1, "the healthy export still loads");
    assert!(estate.findings.iter().any(|f| f.rule == "INPUT-009"));
}

#[test]
fn keyword_placeholders_resolve_and_unresolved_ones_stay_visible() {
    let estate = load("fixtures/input/keywords-unquoted");
    let t = &estate.tenants[0];
    let unresolved: Vec<&str> = t
        .placeholders
        .iter()
        .filter(|p| !p.resolved)
        .map(|p| p.key.as_str())
        .collect();
    assert_eq!(unresolved, ["MISSING"]);
    // The unquoted `@@ORIGINS@@` became the mapped array, located at the marker.
    let client = &t.items("clients")[0];
    let origins: Vec<&Node> = client
        .as_object()
        .unwrap()
        .iter()
        .filter(|m| matches!(m.value.value, Value::Array(_)))
        .map(|m| &m.value)
        .collect();
    assert!(!origins.is_empty());
    let found = located(estate);
    assert!(has(&found, "INPUT-013", 10, 18), "{found:?}");
}

/// Sorts every named resource list so that the two formats' file orders do not matter.
fn normalised(resources: &Node) -> serde_json::Value {
    let mut json = resources.to_json();
    if let Some(map) = json.as_object_mut() {
        for (key, value) in map.iter_mut() {
            if let Some(items) = value.as_array_mut() {
                let rt = a0lint::export::resource::by_key(key);
                items.sort_by_key(|item| {
                    let name = rt
                        .and_then(|t| t.name_field)
                        .and_then(|f| item.get(f))
                        .map(|v| v.to_string())
                        .unwrap_or_default();
                    format!("{name}{item}")
                });
            }
        }
    }
    json
}

#[test]
fn yaml_and_directory_formats_load_to_identical_resources() {
    let yaml = load("fixtures/formats/pair/yaml");
    let dir = load("fixtures/formats/pair/directory");
    assert_eq!(yaml.tenants.len(), 1);
    assert_eq!(dir.tenants.len(), 1);
    assert_eq!(yaml.tenants[0].format, ExportFormat::Yaml);
    assert_eq!(dir.tenants[0].format, ExportFormat::Directory);
    let a = normalised(&yaml.tenants[0].resources);
    let b = normalised(&dir.tenants[0].resources);
    let keys_a: Vec<&String> = a.as_object().unwrap().keys().collect();
    let keys_b: Vec<&String> = b.as_object().unwrap().keys().collect();
    let mut ka = keys_a.clone();
    ka.sort();
    let mut kb = keys_b.clone();
    kb.sort();
    assert_eq!(ka, kb, "same resource types");
    assert!(
        ka.len() >= 25,
        "the pair covers most resource types: {ka:?}"
    );
    for key in ka {
        assert_eq!(
            a[key], b[key],
            "resource type `{key}` differs between formats"
        );
    }
    assert!(located(yaml).iter().all(|(r, ..)| !r.starts_with("INPUT")));
    assert!(located(dir).iter().all(|(r, ..)| !r.starts_with("INPUT")));
}

#[test]
fn example_estate_has_four_tenants_with_names_and_environments() {
    let estate = load("fixtures/example-estate");
    let got: Vec<(String, String, &str)> = estate
        .tenants
        .iter()
        .map(|t| {
            (
                t.name.clone(),
                t.environment.map(|e| e.to_string()).unwrap_or_default(),
                t.format.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("northwind-dev".into(), "development".into(), "directory"),
            ("northwind-prod".into(), "production".into(), "yaml"),
            ("northwind-staging".into(), "staging".into(), "yaml"),
            ("northwind-test".into(), "test".into(), "directory"),
        ]
    );
    for t in &estate.tenants {
        assert_eq!(t.region.as_deref(), Some("eu"));
    }
}

#[test]
fn columns_are_byte_accurate_on_non_ascii_lines() {
    let estate = load("fixtures/example-estate/northwind-prod");
    let t = &estate.tenants[0];
    let clients = t.resources.get("clients").unwrap();
    let file = estate.sources.get(clients.span.file);
    assert!(!file.text.is_ascii(), "the fixture has non-ASCII text");
    // Every node's span slices the file on character boundaries and covers its value.
    fn walk(n: &Node, text: &str, count: &mut usize) {
        assert!(text.is_char_boundary(n.span.start as usize));
        assert!(text.is_char_boundary(n.span.end as usize));
        if let Some(s) = n.as_str() {
            let slice = text[n.span.start as usize..n.span.end as usize].trim_matches(['"', '\'']);
            if slice == s && !s.is_ascii() {
                *count += 1;
            }
        }
        match &n.value {
            Value::Array(items) => items.iter().for_each(|i| walk(i, text, count)),
            Value::Object(ms) => ms.iter().for_each(|m| walk(&m.value, text, count)),
            _ => {}
        }
    }
    let mut count = 0;
    walk(&t.resources, &file.text, &mut count);
    assert!(count >= 1, "a non-ASCII value is located exactly");
}

/// The real exports under `../shared/corpus/`: every one loads with no input error, and the
/// resource counts match what the Deploy CLI reads from the same files (counted by hand from the
/// files: one item per JSON file or YAML list entry).
#[test]
fn real_corpus_loads_without_input_errors() {
    let corpus = root().join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: {} is absent", corpus.display());
        return;
    }
    let estate = Estate::load(std::slice::from_ref(&corpus), &opts());
    assert!(estate.tenants.len() >= 16, "{}", estate.tenants.len());
    let result = check_estate(estate);
    let input_errors: Vec<&Finding> = result
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("INPUT") && f.severity == Severity::Error)
        .collect();
    assert!(input_errors.is_empty(), "{input_errors:#?}");
    assert!(!result.unreadable_input);

    let counts = |suffix: &str| {
        result
            .estate
            .tenants
            .iter()
            .find(|t| {
                t.root
                    .to_string_lossy()
                    .replace('\\', "/")
                    .ends_with(suffix)
            })
            .unwrap_or_else(|| panic!("tenant {suffix}"))
            .resource_counts()
    };
    let c = counts("Tekalo__common-app-api__dev-prod-yaml/auth0/prod/tenant.yaml");
    assert_eq!(c["clients"], 4);
    let c = counts("distributeaid__auth0__directory");
    assert_eq!(
        (c["clients"], c["clientGrants"], c["guardianFactors"]),
        (5, 2, 2)
    );
    assert_eq!((c["databases"], c["connections"], c["roles"]), (1, 1, 1));
    let c = counts("auth0__auth0-deploy-cli__examples-directory/examples/directory");
    assert_eq!(
        (c["clients"], c["connections"], c["customDomains"]),
        (5, 4, 1)
    );
    let c = counts("MGough__auth0-trunk-based-deployments__directory-staging-prod");
    assert_eq!(
        (c["databases"], c["emailTemplates"], c["connections"]),
        (2, 1, 1)
    );
}

/// Snapshot of every finding on the bundled estate: rule, place, pointer and message.
#[test]
fn example_estate_findings_snapshot() {
    let result = check_estate(load("fixtures/example-estate"));
    let lines: Vec<String> = result
        .findings
        .iter()
        .map(|f| {
            let r = Resolved::of(&f.location, &result.estate.sources);
            format!(
                "{} {} {}:{}:{} {} [{}] {}",
                f.rule,
                f.severity,
                r.path.to_string_lossy().replace('\\', "/"),
                r.line,
                r.column,
                f.pointer,
                f.tenant.as_deref().unwrap_or("-"),
                f.message
            )
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}

/// A `deploy-config` named in the manifest is the export's Deploy CLI config: it names the tenant
/// (`AUTH0_DOMAIN`) and resolves its keywords, although it does not sit beside the export.
#[test]
fn the_manifest_names_each_exports_deploy_config() {
    let dir = root().join("fixtures/manifest/deploy-config");
    let result = a0lint::check::run_check(&a0lint::check::CheckOptions {
        paths: vec![dir.clone()],
        max_file_size: 64 * 1024 * 1024,
        ..Default::default()
    })
    .unwrap();
    let tenants: Vec<_> = result
        .estate
        .tenants
        .iter()
        .map(|t| {
            let config = t.config.as_ref().map(|c| c.path.display().to_string());
            let unresolved = t.placeholders.iter().filter(|p| !p.resolved).count();
            (t.name.clone(), t.region.clone(), config, unresolved)
        })
        .collect();
    let shown = |env: &str| {
        dir.join(format!("deploy/config-{env}.json"))
            .strip_prefix(root())
            .unwrap()
            .display()
            .to_string()
    };
    assert_eq!(
        tenants,
        vec![
            ("acme-dev".into(), Some("eu".into()), Some(shown("dev")), 0),
            (
                "acme-prod".into(),
                Some("eu".into()),
                Some(shown("prod")),
                0
            ),
        ]
    );
    assert!(
        !result.findings.iter().any(|f| f.rule == "SDLC-004"),
        "every keyword has a mapping in the named config"
    );
}
