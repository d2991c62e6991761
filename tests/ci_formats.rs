//! The CI output formats: SARIF against the official schema and GitHub's expectations, GitHub
//! annotations within the per-step caps plus the job summary, GitLab Code Quality, JUnit, rdjson,
//! JSON lines, concise output, statistics, the exit-code flags, and no secret in any of them.

mod ci_common;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use ci_common::*;
use serde_json::Value;

const FORMATS: &[&str] = &[
    "human",
    "concise",
    "json",
    "json-lines",
    "sarif",
    "junit",
    "github",
    "gitlab",
    "rdjson",
];

fn sarif_schema() -> Option<jsonschema::Validator> {
    let path = root().join("../shared/schemas/sarif-schema-2.1.0.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!(
            "skipping SARIF schema validation: {} is absent",
            path.display()
        );
        return None;
    };
    let schema: Value = serde_json::from_str(&text).unwrap();
    Some(jsonschema::validator_for(&schema).expect("the SARIF schema compiles"))
}

fn assert_valid_sarif(validator: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what}: SARIF schema errors: {errors:#?}"
    );
}

/// What GitHub code scanning needs beyond the schema.
fn assert_ready_for_code_scanning(doc: &Value) {
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(
        rules.len(),
        a0lint::rules::all().len(),
        "every rule is listed"
    );
    for r in rules {
        for key in ["id", "name", "helpUri"] {
            assert!(r[key].is_string(), "rule {key}: {r}");
        }
        assert!(r["shortDescription"]["text"].as_str().unwrap().len() <= 1024);
        assert!(!r["fullDescription"]["text"].as_str().unwrap().is_empty());
        assert!(
            r["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("## How to fix")
        );
        assert!(
            !r["help"]["text"]
                .as_str()
                .unwrap()
                .contains("example-not-executable")
        );
        let precision = r["properties"]["precision"].as_str().unwrap();
        assert!(["high", "medium"].contains(&precision));
        let tags = r["properties"]["tags"].as_array().unwrap();
        assert!(tags.len() <= 10);
        if r["properties"]["tags"]
            .as_array()
            .unwrap()
            .contains(&Value::from("security"))
        {
            let score: f64 = r["properties"]["security-severity"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!(score > 0.0 && score <= 10.0);
        }
        let level = r["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level));
    }
    let hash = regex::Regex::new(r"^[0-9a-f]{16}:[1-9][0-9]*$").unwrap();
    let mut seen = HashSet::new();
    for res in run["results"].as_array().unwrap() {
        let index = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[index]["id"], res["ruleId"],
            "ruleIndex points at the rule"
        );
        let fp = res["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap();
        assert!(hash.is_match(fp), "fingerprint {fp}");
        assert!(seen.insert(fp.to_owned()), "fingerprints are unique: {fp}");
        let loc = &res["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with('/') && !uri.contains(' '), "{uri}");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let region = &loc["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[key].as_u64().unwrap() >= 1, "{key}: {region}");
        }
    }
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );
}

#[test]
fn sarif_validates_against_the_official_schema_and_suits_code_scanning() {
    let validator = sarif_schema();
    for (path, code) in [("fixtures/example-estate", 1), ("fixtures/input", 2)] {
        let out = a0lint()
            .args(["check", path, "--format", "sarif"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{path}");
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        if let Some(v) = &validator {
            assert_valid_sarif(v, &doc, path);
            // The validator does reject what GitHub would: a level SARIF does not know.
            let mut broken = doc.clone();
            broken["runs"][0]["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] =
                Value::from("fatal");
            assert!(!v.is_valid(&broken));
        }
        assert_ready_for_code_scanning(&doc);
        let run = &doc["runs"][0];
        assert_eq!(
            run["automationDetails"]["id"],
            format!("a0lint/{path}/"),
            "one category per estate"
        );
        assert_eq!(run["invocations"][0]["executionSuccessful"], code != 2);
        let results = run["results"].as_array().unwrap();
        if path == "fixtures/input" {
            // Duplicate keys point back at the first definition.
            let related = results
                .iter()
                .find_map(|r| r["relatedLocations"].as_array())
                .expect("a result with related locations");
            assert_eq!(related[0]["id"], 1);
            assert!(related[0]["message"]["text"].is_string());
            assert!(related[0]["physicalLocation"]["region"]["startLine"].is_u64());
        }
        let json = json_report(&root(), &[path]);
        assert_eq!(results.len(), json["findings"].as_array().unwrap().len());
    }
}

#[test]
fn sarif_regions_count_code_points_and_uris_are_relative_to_the_repository() {
    let repo = repo();
    let estate = repo.path().join("my estate");
    // `ü` is two bytes: the unknown key starts at byte column 32 but code point column 31.
    yaml_export(
        &estate,
        "acme-dev",
        "clients:\n  - {name: \"Zürich Portal\", callbak: [], app_type: spa}\n",
    );
    let out = run_in(
        &estate,
        &["check", ".", "--format", "sarif", "--fail-on", "never"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    if let Some(v) = sarif_schema() {
        assert_valid_sarif(&v, &doc, "temp repo");
    }
    let run = &doc["runs"][0];
    assert_eq!(run["automationDetails"]["id"], "a0lint/my-estate/");
    let res = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "SCHEMA-001")
        .expect("the misspelt field is reported");
    let loc = &res["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"], "my%20estate/acme-dev/tenant.yaml",
        "relative to the repository root, not to the working directory"
    );
    let json = json_report(&estate, &["."]);
    let finding = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "SCHEMA-001")
        .unwrap();
    let byte_col = finding["column"].as_u64().unwrap();
    assert_eq!(loc["region"]["startColumn"].as_u64().unwrap(), byte_col - 1);
    assert_eq!(
        loc["region"]["endColumn"].as_u64().unwrap(),
        finding["end_column"].as_u64().unwrap() - 1
    );
    assert_eq!(
        res["properties"]["semanticPath"],
        "clients[Zürich Portal]/callbak"
    );
}

/// A YAML tenant with `errors` clients of a bad `app_type` and `warnings` misspelt fields.
fn noisy_export(dir: &Path, errors: usize, warnings: usize) -> std::path::PathBuf {
    let mut yaml = String::from("clients:\n");
    for i in 0..errors.max(warnings) {
        yaml.push_str(&format!("  - name: app-{i:02}\n"));
        if i < errors {
            yaml.push_str("    app_type: spa_app\n");
        }
        if i < warnings {
            yaml.push_str("    callbak: []\n");
        }
    }
    yaml_export(dir, "acme-dev", &yaml)
}

#[test]
fn github_annotations_stay_within_the_caps_and_the_summary_holds_everything() {
    let repo = repo();
    noisy_export(repo.path(), 12, 11);
    let summary = repo.path().join("step-summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = a0lint()
        .current_dir(repo.path())
        .args(["check", ".", "--format", "github"])
        .args(CORE_RULES)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_REPOSITORY", "acme/auth0-config")
        .env("GITHUB_SHA", "0123abc")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let count = |p: &str| lines.iter().filter(|l| l.starts_with(p)).count();
    assert_eq!(count("::error "), 10);
    assert_eq!(count("::warning "), 10);
    assert_eq!(count("::notice "), 1, "one notice tells what was left out");
    let first_warning = lines
        .iter()
        .position(|l| l.starts_with("::warning"))
        .unwrap();
    let last_error = lines
        .iter()
        .rposition(|l| l.starts_with("::error"))
        .unwrap();
    assert!(last_error < first_warning, "errors come first");
    let notice = lines.iter().find(|l| l.starts_with("::notice")).unwrap();
    assert!(
        notice.contains("3 more findings (2 errors, 1 warning)"),
        "{notice}"
    );
    assert!(text.contains("::group::a0lint: all other findings (3)\n"));
    let grouped = text
        .split("::group::")
        .nth(1)
        .unwrap()
        .lines()
        .filter(|l| l.contains(": error[") || l.contains(": warning["))
        .count();
    assert_eq!(grouped, 3, "the log still holds every finding");
    assert!(text.trim_end().ends_with("::endgroup::"));
    // Properties are complete and escaped.
    let first = lines[0];
    assert!(
        first.starts_with(
            "::error file=acme-dev/tenant.yaml,line=3,endLine=3,col=15,endColumn=22,title=SCHEMA-003 invalid-enum-value::"
        ),
        "{first}"
    );
    // The job summary was appended to, and lists every finding with a link to its line.
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.starts_with("earlier step\n## a0lint: 12 errors, 11 warnings"),
        "{md}"
    );
    assert!(md.contains("### `acme-dev`: 23 findings"));
    assert_eq!(md.matches("\n| ❌ error |").count(), 12);
    assert_eq!(md.matches("\n| ⚠️ warning |").count(), 11);
    assert!(
        md.contains("(https://github.com/acme/auth0-config/blob/0123abc/acme-dev/tenant.yaml#L3)")
    );
}

#[test]
fn github_format_without_overflow_has_no_notice_and_escapes_properties() {
    let repo = repo();
    yaml_export(
        repo.path(),
        "acme,dev:1",
        "clients:\n  - name: x\n    callbak: []\n",
    );
    let out = run_in(
        repo.path(),
        &["check", ".", "--format", "github", "--select", "schema"],
    );
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with("::warning file=acme%2Cdev%3A1/tenant.yaml,line=3,"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("[acme,dev:1]"), "{text}");
}

#[test]
fn gitlab_fingerprints_are_unique_even_for_identical_findings() {
    let repo = repo();
    // Two clients with one name: their findings share rule, tenant and semantic path.
    yaml_export(
        repo.path(),
        "acme-dev",
        "clients:\n  - name: Twin\n    callbak: []\n  - name: Twin\n    callbak: []\n",
    );
    let out = run_in(repo.path(), &["check", ".", "--format", "gitlab"]);
    let issues: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let unknown: Vec<&Value> = issues
        .iter()
        .filter(|i| i["check_name"] == "SCHEMA-001")
        .collect();
    assert_eq!(unknown.len(), 2);
    let fps: HashSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fps.len(), issues.len(), "one fingerprint per issue");
    let json = json_report(repo.path(), &["."]);
    let base: HashSet<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "SCHEMA-001")
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(base.len(), 1, "the underlying fingerprint is shared");
    assert!(
        fps.contains(base.iter().next().unwrap()),
        "the first keeps it"
    );
    for i in &issues {
        assert_eq!(i["location"]["path"], "acme-dev/tenant.yaml");
        let sev = i["severity"].as_str().unwrap();
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&sev));
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(
            i["description"]
                .as_str()
                .unwrap()
                .starts_with(i["check_name"].as_str().unwrap())
        );
    }
    assert_eq!(unknown[0]["severity"], "minor");
    let dup = issues
        .iter()
        .find(|i| i["check_name"] == "SCHEMA-007")
        .unwrap();
    assert_eq!(dup["severity"], "major");
}

/// Checks that tags nest and close: enough to catch broken XML without an XML parser.
fn assert_balanced_xml(xml: &str) {
    let tag = regex::Regex::new(r"<(/?)([A-Za-z][A-Za-z0-9]*)([^>]*?)(/?)>").unwrap();
    let mut stack: Vec<String> = Vec::new();
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .unwrap();
    for c in tag.captures_iter(body) {
        let name = c[2].to_owned();
        if &c[1] == "/" {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name.as_str()),
                "closing {name}"
            );
        } else if &c[4] != "/" {
            stack.push(name);
        }
        assert!(!c[3].contains('<'), "unescaped `<` in attributes");
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    // Between tags, only escaped text.
    let text = tag.replace_all(body, "");
    assert!(
        !text.contains('<') && !text.contains('>'),
        "unescaped markup: {text}"
    );
    for amp in text.match_indices('&') {
        let rest = &text[amp.0..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                .iter()
                .any(|e| rest.starts_with(e)),
            "bare `&`"
        );
    }
}

#[test]
fn junit_has_a_suite_per_tenant_and_a_case_per_applicable_rule() {
    let out = a0lint()
        .args(["check", "fixtures/example-estate", "--format", "junit"])
        .output()
        .unwrap();
    let xml = stdout(&out);
    assert_balanced_xml(&xml);
    let json = json_report(&root(), &["fixtures/example-estate"]);
    let suite_re =
        regex::Regex::new(r#"<testsuite name="([^"]*)" tests="(\d+)" failures="(\d+)""#).unwrap();
    let mut suites = BTreeMap::new();
    for c in suite_re.captures_iter(&xml) {
        suites.insert(
            c[1].to_owned(),
            (
                c[2].parse::<usize>().unwrap(),
                c[3].parse::<usize>().unwrap(),
            ),
        );
    }
    for t in json["tenants"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        let env = t["environment"].as_str();
        let (tests, failures) = suites[name];
        let rules_failing: HashSet<&str> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["tenant"] == name)
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        // A rule applies unless limited to other environments or off by default in this one;
        // one that raised a finding applies in any case.
        let applicable = a0lint::rules::all()
            .iter()
            .filter(|r| {
                let env_ok = r.environments.is_empty()
                    || env.is_some_and(|e| r.environments.iter().any(|x| x.as_str() == e));
                let off = r
                    .severity_by_environment
                    .iter()
                    .any(|(e, s)| env == Some(e.as_str()) && s == "off");
                rules_failing.contains(r.id.as_str()) || (env_ok && !off)
            })
            .count();
        assert_eq!(tests, applicable, "{name}");
        assert_eq!(failures, rules_failing.len(), "{name}");
    }
    let tenantless = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["tenant"].is_null());
    assert_eq!(suites.contains_key("estate"), tenantless);
    assert_eq!(
        xml.matches("<failure ").count(),
        json["findings"].as_array().unwrap().len(),
        "one failure per finding"
    );
    assert!(xml.contains(
        "<testcase name=\"SCHEMA-001 unknown-field\" classname=\"a0lint.northwind-test.schema\" time=\"0\">\n      <failure message=\"unknown field `callback` in `/clients/1`: Auth0 ignores or rejects it; did you mean `callbacks`?\" type=\"warning\">fixtures/example-estate/northwind-test/clients/Clinician Dashboard.json:11:3: "
    ));
    assert!(xml.contains("<testcase name=\"SCHEMA-002 wrong-type\" classname=\"a0lint.northwind-test.schema\" time=\"0\"/>"), "passes are listed");

    // Markup in names is escaped.
    let dir = tempfile::tempdir().unwrap();
    let t = yaml_export(
        dir.path(),
        "r&d <lab>-dev",
        "clients:\n  - name: x\n    callbak: []\n",
    );
    let out = a0lint()
        .args(["check", "--format", "junit"])
        .arg(&t)
        .output()
        .unwrap();
    let xml = stdout(&out);
    assert_balanced_xml(&xml);
    assert!(
        xml.contains("<testsuite name=\"r&amp;d &lt;lab&gt;-dev\""),
        "{xml}"
    );
}

#[test]
fn json_lines_rdjson_and_concise_agree_with_the_json_contract() {
    let json = json_report(&root(), &["fixtures/example-estate"]);
    let findings = json["findings"].as_array().unwrap();
    let run = |format: &str| {
        stdout(
            &a0lint()
                .args(["check", "fixtures/example-estate", "--format", format])
                .output()
                .unwrap(),
        )
    };
    let lines: Vec<Value> = run("json-lines")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(&lines, findings, "json-lines holds the contract's findings");

    let rd: Value = serde_json::from_str(&run("rdjson")).unwrap();
    assert_eq!(rd["source"]["name"], "a0lint");
    let diags = rd["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), findings.len());
    for (d, f) in diags.iter().zip(findings) {
        assert_eq!(d["location"]["path"], f["file"]);
        assert_eq!(d["location"]["range"]["start"]["line"], f["line"]);
        assert_eq!(d["location"]["range"]["start"]["column"], f["column"]);
        assert_eq!(d["location"]["range"]["end"]["column"], f["end_column"]);
        assert_eq!(d["code"]["value"], f["rule"]);
        assert_eq!(d["code"]["url"], f["url"]);
        assert_eq!(
            d["severity"].as_str().unwrap(),
            f["severity"].as_str().unwrap().to_uppercase()
        );
    }

    let concise = run("concise");
    let mut concise_lines: Vec<&str> = concise.lines().collect();
    let summary = concise_lines.pop().unwrap();
    assert!(summary.contains(" in 4 tenants ("), "{summary}");
    assert_eq!(concise_lines.len(), findings.len());
    for (l, f) in concise_lines.iter().zip(findings) {
        assert_eq!(
            *l,
            format!(
                "{}:{}:{}: {}[{}] {}",
                f["file"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["severity"].as_str().unwrap(),
                f["rule"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )
        );
    }
}

#[test]
fn statistics_count_findings_per_rule() {
    let repo = repo();
    noisy_export(repo.path(), 2, 5);
    let stats = |extra: &[&str]| {
        let mut args = vec!["check", ".", "--statistics", "--select", "input,schema"];
        args.extend_from_slice(extra);
        run_in(repo.path(), &args)
    };
    let out = stats(&["--format", "json"]);
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["rule"], "SCHEMA-001", "most frequent first");
    assert_eq!(rows[0]["count"], 5);
    assert_eq!(rows[1]["rule"], "SCHEMA-003");
    assert_eq!(rows[1]["count"], 2);
    let out = stats(&[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "statistics keep the exit status"
    );
    let text = stdout(&out);
    assert!(text.starts_with("COUNT  RULE        SEVERITY  NAME\n    5  SCHEMA-001  warning   unknown-field\n    2  SCHEMA-003  error     invalid-enum-value\n"), "{text}");
    assert!(
        text.ends_with("2 errors, 5 warnings, 0 infos in 1 tenant (1 file)\n"),
        "{text}"
    );
    let quiet = stdout(&stats(&["--quiet"]));
    assert!(!quiet.contains("in 1 tenant"));
}

#[test]
fn exit_zero_max_warnings_and_quiet() {
    let code = |args: &[&str]| {
        let out = a0lint().args(args).output().unwrap();
        (out.status.code().unwrap(), stdout(&out), stderr(&out))
    };
    // The test tenant has warnings only.
    let test = "fixtures/example-estate/northwind-test";
    let warnings = json_report(&root(), &[test])["summary"]["warnings"]
        .as_u64()
        .unwrap();
    assert!(warnings >= 1);
    assert_eq!(code(&["check", test]).0, 0);
    let (c, _, err) = code(&["check", test, "--max-warnings", "0"]);
    assert_eq!(c, 1);
    assert!(
        err.contains(&format!("{warnings} warning")) && err.contains("--max-warnings 0"),
        "{err}"
    );
    let max = warnings.to_string();
    assert_eq!(
        code(&["check", test, "--max-warnings", &max]).0,
        0,
        "N warnings are allowed"
    );
    assert_eq!(
        code(&["check", test, "--max-warnings", "0", "--exit-zero"]).0,
        0
    );
    assert_eq!(
        code(&["check", "fixtures/example-estate", "--exit-zero"]).0,
        0
    );
    assert_eq!(
        code(&["check", "fixtures/input/yaml-syntax", "--exit-zero"]).0,
        2,
        "unreadable input is never a success"
    );
    // --quiet: the findings, nothing else.
    let (c, out, err) = code(&["check", test, "--quiet", "--max-warnings", "0"]);
    assert_eq!(c, 1);
    assert!(out.contains("SCHEMA-001"));
    assert!(!out.contains(" in 1 tenant"), "no summary line: {out}");
    assert!(err.is_empty(), "{err}");
    let (_, out, _) = code(&["check", test, "--quiet", "--format", "concise"]);
    assert!(
        out.lines()
            .all(|l| l.contains(": warning[") || l.contains(": error[") || l.contains(": info[")),
        "{out}"
    );
}

#[test]
fn no_format_leaks_a_secret_value() {
    let repo = repo();
    let secret = "s3cr3t-VALUE-that-must-not-leak";
    yaml_export(
        repo.path(),
        "acme-dev",
        &format!(
            "clients:\n  - name: Portal\n    client_secret: {secret}\n    callbak: [x]\n    app_type: spa_app\nconnections:\n  - name: corp\n    strategy: oidc\n    client_secret: {secret}\n    options:\n      client_secret: {secret}\n      bad_field: 1\n"
        ),
    );
    let summary = repo.path().join("summary.md");
    let baseline = repo.path().join("baseline.json");
    let mut outputs = Vec::new();
    let runs = FORMATS.iter().map(|f| (*f, &[][..])).chain([
        ("human", &["--statistics"][..]),
        ("json", &["--statistics"][..]),
    ]);
    for (format, extra) in runs {
        let out = a0lint()
            .current_dir(repo.path())
            .args(["check", ".", "--format", format])
            .args(extra)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .unwrap();
        assert!(
            stdout(&out).contains("SCHEMA-001"),
            "{format}: the fields beside the secret are flagged"
        );
        outputs.push((format!("{format} {extra:?}"), stdout(&out) + &stderr(&out)));
    }
    run_in(
        repo.path(),
        &["check", ".", "--write-baseline", baseline.to_str().unwrap()],
    );
    outputs.push((
        "step summary".into(),
        std::fs::read_to_string(&summary).unwrap(),
    ));
    outputs.push((
        "baseline".into(),
        std::fs::read_to_string(&baseline).unwrap(),
    ));
    for (what, text) in outputs {
        assert!(!text.contains(secret), "{what} leaks the secret:\n{text}");
        assert!(!text.contains("s3cr3t"), "{what} leaks part of the secret");
    }
}
