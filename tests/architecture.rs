//! The architecture rules as a whole: a clean, complete estate stays quiet, and the example estate
//! raises what its README promises.

use std::path::{Path, PathBuf};

use a0lint::check::{CheckOptions, CheckResult, run_check};
use a0lint::finding::{Location, Resolved};

const ARCHITECTURE: &[&str] = &[
    "naming",
    "sdlc",
    "isolation",
    "association",
    "custom-domain",
    "provisioning",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn check(path: &Path) -> CheckResult {
    run_check(&CheckOptions {
        paths: vec![path.to_path_buf()],
        max_file_size: 64 * 1024 * 1024,
        ..CheckOptions::default()
    })
    .unwrap()
}

fn category(rule: &str) -> String {
    a0lint::rules::lookup(rule)
        .map(|r| r.category.clone())
        .unwrap_or_default()
}

/// `RULE tenant file:line message` for a failure message.
fn describe(result: &CheckResult, f: &a0lint::finding::Finding) -> String {
    let at = Resolved::of(&f.location, &result.estate.sources);
    format!(
        "{} {} {}:{} {}",
        f.rule,
        f.tenant.as_deref().unwrap_or("-"),
        at.path.display(),
        at.line,
        f.message
    )
}

fn architecture_findings(result: &CheckResult) -> Vec<String> {
    result
        .findings
        .iter()
        .filter(|f| ARCHITECTURE.contains(&category(f.rule).as_str()))
        .map(|f| describe(result, f))
        .collect()
}

#[test]
fn a_clean_complete_estate_raises_no_architecture_finding() {
    let result = check(&root().join("fixtures/clean-estate"));
    // The estate really is what the test is about: four tenants, all environments, the manifest.
    let mut tenants: Vec<(String, Option<&str>)> = result
        .estate
        .tenants
        .iter()
        .map(|t| (t.name.clone(), t.environment.map(|e| e.as_str())))
        .collect();
    tenants.sort();
    assert_eq!(
        tenants,
        [
            ("northwind-dev".to_owned(), Some("development")),
            ("northwind-prod".to_owned(), Some("production")),
            ("northwind-staging".to_owned(), Some("staging")),
            ("northwind-test".to_owned(), Some("test")),
        ]
    );
    assert!(
        result
            .estate
            .tenants
            .iter()
            .all(|t| t.placeholders.iter().all(|p| p.resolved) && !t.placeholders.is_empty()),
        "every placeholder resolves through the config.json beside its export"
    );
    let found = architecture_findings(&result);
    assert!(found.is_empty(), "{found:#?}");
    let manifest: Vec<String> = result
        .findings
        .iter()
        .filter(|f| matches!(category(f.rule).as_str(), "manifest" | "input" | "schema"))
        .map(|f| describe(&result, f))
        .collect();
    assert!(manifest.is_empty(), "{manifest:#?}");
}

/// Copies the clean estate, applies `edit` to one file, and returns the rules raised.
fn rules_after(file: &str, edit: impl Fn(String) -> String) -> Vec<&'static str> {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("fixtures/clean-estate");
    for e in walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
    {
        let to = dir.path().join(e.path().strip_prefix(&src).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = edit(text.clone());
    assert_ne!(text, edited, "the edit changed {file}");
    std::fs::write(&path, edited).unwrap();
    let result = check(dir.path());
    result.findings.iter().map(|f| f.rule).collect()
}

#[test]
fn the_clean_estate_is_quiet_because_it_is_clean_not_because_nothing_ran() {
    // One realistic slip per family, each caught.
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "northwind-prod/tenant.yaml",
            "      - authorization_code\n      - refresh_token\n    token_endpoint_auth_method: none",
            "      - authorization_code\n      - implicit\n      - refresh_token\n    token_endpoint_auth_method: none",
            "SDLC-003",
        ),
        (
            "northwind-staging/tenant.yaml",
            "  - name: Billing Auditor",
            "  - name: Billing Reviewer",
            "SDLC-002",
        ),
        (
            "northwind-test/config.json",
            "\"SUPPORT_URL\"",
            "\"SUPPORT_LINK\"",
            "SDLC-004",
        ),
        (
            "northwind-prod/config.json",
            "\"https://portal.northwind.example/callback\"",
            "\"https://portal.northwind.example/callback\", \"https://portal-staging.northwind.example/callback\"",
            "ISOLATION-002",
        ),
        (
            "northwind-staging/config.json",
            "login-staging.northwind.example",
            "login.northwind.example",
            "ISOLATION-004",
        ),
        (
            "a0lint.toml",
            "communities = [\"customers\"]\ndeploy-config = \"northwind-prod/config.json\"",
            "communities = [\"customers\", \"employees\"]\ndeploy-config = \"northwind-prod/config.json\"",
            "ISOLATION-005",
        ),
        (
            "a0lint.toml",
            "environment = \"test\"\nregion = \"eu\"\naccount = \"northwind\"",
            "environment = \"test\"\nregion = \"eu\"",
            "ASSOC-001",
        ),
        (
            "northwind-dev/tenant.yaml",
            "customDomains:\n  - domain: '##LOGIN_DOMAIN##'\n    type: auth0_managed_certs\n    status: ready\n    is_default: true\n",
            "",
            "DOMAIN-002",
        ),
        (
            "northwind-prod/tenant.yaml",
            "  identifier_first: true",
            "  identifier_first: false",
            "PROV-005",
        ),
        (
            "northwind-prod/tenant.yaml",
            "        - klinik-zuerich.example",
            "        - northwind.example",
            "PROV-004",
        ),
    ];
    for (file, from, to, rule) in cases {
        let raised = rules_after(file, |t| t.replacen(from, to, 1));
        assert!(
            raised.contains(rule),
            "{rule}: editing {file} raised {raised:?}"
        );
    }
}

#[test]
fn the_example_estate_raises_the_local_callback_in_production_at_line_75() {
    let result = check(&root().join("fixtures/example-estate"));
    let hits: Vec<(String, usize, usize)> = result
        .findings
        .iter()
        .filter(|f| f.rule == "ISOLATION-001")
        .map(|f| {
            let Location::Span(_) = f.location else {
                panic!("ISOLATION-001 points at the data")
            };
            let at = Resolved::of(&f.location, &result.estate.sources);
            (f.tenant.clone().unwrap_or_default(), at.line, at.column)
        })
        .collect();
    assert_eq!(hits, [("northwind-prod".to_owned(), 75, 9)], "{hits:?}");
    let f = result
        .findings
        .iter()
        .find(|f| f.rule == "ISOLATION-001")
        .unwrap();
    let at = Resolved::of(&f.location, &result.estate.sources);
    assert!(
        at.path.ends_with("northwind-prod/tenant.yaml"),
        "{}",
        at.path.display()
    );
    assert_eq!(f.pointer, "/clients/1/callbacks/1");
}

#[test]
fn the_example_estate_raises_its_realistic_drift() {
    let result = check(&root().join("fixtures/example-estate"));
    let drift: Vec<String> = result
        .findings
        .iter()
        .filter(|f| f.rule == "SDLC-002" || f.rule == "SDLC-003")
        .map(|f| {
            let at = Resolved::of(&f.location, &result.estate.sources);
            format!(
                "{} {}:{} {}",
                f.rule,
                f.tenant.as_deref().unwrap_or("-"),
                at.line,
                f.pointer
            )
        })
        .collect();
    // `Northwind Mobile` is only in staging and production; production's `Patient Portal` allows
    // `implicit`, staging's does not (README, deliberate problem 2).
    assert_eq!(
        drift,
        [
            "SDLC-002 northwind-prod:152 /clients/3/name",
            "SDLC-003 northwind-prod:227 /clients/4/grant_types",
        ]
    );
}

#[test]
fn host_environment_reads_labels_but_not_the_top_level_domain() {
    use a0lint::export::Environment::*;
    use a0lint::rules::helpers::host_environment;
    assert_eq!(host_environment("dev.portal.example"), Some(Development));
    assert_eq!(host_environment("portal-staging.example"), Some(Staging));
    assert_eq!(host_environment("northwind-uat.eu.auth0.com"), Some(Test));
    assert_eq!(host_environment("app.northwind.dev"), None);
    assert_eq!(host_environment("portal.northwind.example"), None);
    assert_eq!(host_environment("northwind-prod.eu.auth0.com"), None);
    assert_eq!(host_environment("contest.example"), None);
}

/// Writes one tenant in the given format: `tenant.yaml`, or a directory export with one file per
/// client, plus its `config.json`.
fn write_tenant(
    dir: &Path,
    directory: bool,
    friendly: &str,
    clients: &[(&str, &str)],
    mappings: &str,
) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("config.json"),
        format!("{{\"AUTH0_KEYWORD_REPLACE_MAPPINGS\": {mappings}}}\n"),
    )
    .unwrap();
    if directory {
        std::fs::write(
            dir.join("tenant.json"),
            format!("{{\"friendly_name\": \"{friendly}\"}}\n"),
        )
        .unwrap();
        std::fs::create_dir_all(dir.join("clients")).unwrap();
        for (i, (name, grants)) in clients.iter().enumerate() {
            std::fs::write(
                dir.join(format!("clients/client-{i}.json")),
                format!(
                    "{{\n  \"name\": \"{name}\",\n  \"app_type\": \"spa\",\n  \"grant_types\": {}\n}}\n",
                    if grants.starts_with('@') { format!("\"{grants}\"") } else { (*grants).to_owned() }
                ),
            )
            .unwrap();
        }
    } else {
        let mut text = format!("tenant:\n  friendly_name: '{friendly}'\nclients:\n");
        for (name, grants) in clients {
            let grants = if grants.starts_with('@') {
                format!("'{grants}'")
            } else {
                (*grants).to_owned()
            };
            text.push_str(&format!(
                "  - name: '{name}'\n    app_type: spa\n    grant_types: {grants}\n"
            ));
        }
        std::fs::write(dir.join("tenant.yaml"), text).unwrap();
    }
}

#[test]
fn values_written_with_placeholders_are_not_drift_in_either_format() {
    for directory in [false, true] {
        // Names and grant types that resolve differently per environment, on purpose.
        let dir = tempfile::tempdir().unwrap();
        let clients = [
            ("Northwind Mobile ##ENV##", r#"["authorization_code"]"#),
            ("Patient Portal", "@@PORTAL_GRANTS@@"),
        ];
        write_tenant(
            &dir.path().join("northwind-prod"),
            directory,
            "Northwind Health",
            &clients,
            r#"{"ENV": "(production)", "PORTAL_GRANTS": ["authorization_code", "refresh_token"]}"#,
        );
        write_tenant(
            &dir.path().join("northwind-staging"),
            directory,
            "Northwind Health (staging)",
            &clients,
            r#"{"ENV": "(staging)", "PORTAL_GRANTS": ["authorization_code", "refresh_token", "implicit"]}"#,
        );
        let result = check(dir.path());
        let drift: Vec<String> = result
            .findings
            .iter()
            .filter(|f| f.rule == "SDLC-002" || f.rule == "SDLC-003" || f.rule == "SDLC-004")
            .map(|f| describe(&result, f))
            .collect();
        assert!(drift.is_empty(), "directory={directory}: {drift:#?}");

        // The same values written as literals are drift.
        let dir = tempfile::tempdir().unwrap();
        write_tenant(
            &dir.path().join("northwind-prod"),
            directory,
            "Northwind Health",
            &[
                ("Northwind Mobile (production)", r#"["authorization_code"]"#),
                (
                    "Patient Portal",
                    r#"["authorization_code", "refresh_token"]"#,
                ),
            ],
            "{}",
        );
        write_tenant(
            &dir.path().join("northwind-staging"),
            directory,
            "Northwind Health (staging)",
            &[
                ("Northwind Mobile (staging)", r#"["authorization_code"]"#),
                (
                    "Patient Portal",
                    r#"["authorization_code", "refresh_token", "implicit"]"#,
                ),
            ],
            "{}",
        );
        let result = check(dir.path());
        let mut rules: Vec<&str> = result
            .findings
            .iter()
            .map(|f| f.rule)
            .filter(|r| r.starts_with("SDLC-00") && *r != "SDLC-001")
            .collect();
        rules.sort();
        assert_eq!(
            rules,
            ["SDLC-002", "SDLC-002", "SDLC-003"],
            "directory={directory}"
        );
    }
}
