//! Rule fixtures: `fixtures/rules/<rule-name>/{fail,pass}/` are small estates (YAML exports and an
//! optional `a0lint.toml`). For each, the rule's findings are snapshotted (fail) or must be absent
//! (pass). Every fixture is then rewritten as directory-format exports, the way `a0deploy export
//! --format directory` lays them out, and must give the same findings: a rule never depends on
//! the format a tenant was exported in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use a0lint::check::{CheckOptions, run_check};
use a0lint::estate::Estate;
use a0lint::export::resource::{Layout, RESOURCE_TYPES};
use a0lint::export::{ExportFormat, LoadOptions};
use a0lint::finding::Resolved;
use a0lint::rules::{self, checks::CATEGORIES_WITH_CHECKS};
use a0lint::source::Node;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The rule's findings on an estate: one line each, with paths relative to the estate.
fn findings(estate: &Path, rule: &str) -> Vec<String> {
    let opts = CheckOptions {
        paths: vec![estate.to_path_buf()],
        max_file_size: 64 * 1024 * 1024,
        select: vec![rule.to_owned()],
        ..CheckOptions::default()
    };
    let result = run_check(&opts).expect("the check runs");
    let base = std::fs::canonicalize(estate).unwrap();
    result
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| {
            let r = Resolved::of(&f.location, &result.estate.sources);
            let abs = std::fs::canonicalize(&r.path).unwrap_or(r.path.clone());
            let shown = abs
                .strip_prefix(&base)
                .map(Path::to_path_buf)
                .unwrap_or(r.path.clone());
            format!(
                "{} {} {}:{}:{} {} [{}] {}",
                f.rule,
                f.severity,
                shown.to_string_lossy().replace('\\', "/"),
                r.line,
                r.column,
                f.pointer,
                f.tenant.as_deref().unwrap_or("-"),
                f.message
            )
        })
        .collect()
}

/// What must not change between formats: rule, severity, tenant and message.
fn format_free(lines: &[String]) -> Vec<String> {
    let mut v: Vec<String> = lines
        .iter()
        .map(|l| {
            let mut parts = l.splitn(5, ' ');
            let (rule, sev, _place, _ptr, rest) = (
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
                parts.next(),
                parts.next(),
                parts.next().unwrap_or(""),
            );
            // `rest` starts at the tenant (pointer may be empty, so find the `[`).
            let tail = l.find(" [").map(|i| &l[i..]).unwrap_or(rest);
            format!("{rule} {sev}{tail}")
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_checked_rule_has_a_failing_and_a_passing_fixture() {
    let mut missing = Vec::new();
    for (files, _) in CATEGORIES_WITH_CHECKS {
        for (path, _) in files.iter() {
            let meta = rules::all().iter().find(|r| r.file == *path).unwrap();
            for kind in ["fail", "pass"] {
                if !root()
                    .join("fixtures/rules")
                    .join(&meta.name)
                    .join(kind)
                    .is_dir()
                {
                    missing.push(format!("{} {kind}", meta.name));
                }
            }
        }
    }
    assert!(missing.is_empty(), "rules without fixtures: {missing:#?}");
}

#[test]
fn rule_fixtures_in_both_formats() {
    let dir = root().join("fixtures/rules");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut failures = Vec::new();
    for name in &names {
        let Some(meta) = rules::lookup(name) else {
            failures.push(format!("fixtures/rules/{name}: no rule of that name"));
            continue;
        };
        for kind in ["fail", "pass"] {
            let estate = dir.join(name).join(kind);
            if !estate.is_dir() {
                continue;
            }
            let yaml = findings(&estate, &meta.id);
            if kind == "fail" {
                if yaml.is_empty() {
                    failures.push(format!("{name}/fail raises no {}", meta.id));
                }
                insta::assert_snapshot!(format!("{name}-fail"), yaml.join("\n"));
            } else if !yaml.is_empty() {
                failures.push(format!("{name}/pass raises {}: {yaml:#?}", meta.id));
            }
            let converted = tempfile::tempdir().unwrap();
            to_directory_estate(&estate, converted.path());
            let directory = findings(converted.path(), &meta.id);
            if format_free(&yaml) != format_free(&directory) {
                failures.push(format!(
                    "{name}/{kind}: YAML and directory formats differ\n  yaml: {yaml:#?}\n  directory: {directory:#?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Copies an estate, rewriting every YAML export as a directory export of the same folder name.
fn to_directory_estate(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).min_depth(1) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if !is_yaml(entry.path()) {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    let estate = Estate::load(
        &[from.to_path_buf()],
        &LoadOptions {
            base: from.to_path_buf(),
            ..LoadOptions::default()
        },
    );
    for t in estate
        .tenants
        .iter()
        .filter(|t| t.format == ExportFormat::Yaml)
    {
        let yaml_path = from.join(&t.root);
        let folder = yaml_path.parent().unwrap().strip_prefix(from).unwrap();
        write_directory(&t.resources, &to.join(folder));
    }
}

fn is_yaml(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

/// Sanitises a resource name into a file name, as the Deploy CLI does (`/` and the like → `-`).
fn file_name(name: &str) -> String {
    name.chars()
        .map(|c| if "/\\?%*:|\"<>".contains(c) { '-' } else { c })
        .collect()
}

fn write_json(path: &Path, value: &serde_json::Value) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut text = serde_json::to_string_pretty(value).unwrap();
    text.push('\n');
    std::fs::write(path, text).unwrap();
}

fn item_name(item: &serde_json::Value, field: Option<&str>, i: usize) -> String {
    field
        .and_then(|f| item.get(f))
        .and_then(|v| v.as_str())
        .map(file_name)
        .unwrap_or_else(|| format!("item-{i}"))
}

/// Writes resources (as loaded from YAML, side files already inlined) as a directory export.
fn write_directory(resources: &Node, dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let json = resources.to_json();
    let Some(map) = json.as_object() else { return };
    let by_key: BTreeMap<&str, &serde_json::Value> =
        map.iter().map(|(k, v)| (k.as_str(), v)).collect();
    for rt in RESOURCE_TYPES {
        let Some(value) = by_key.get(rt.key) else {
            continue;
        };
        let items: Vec<serde_json::Value> = value.as_array().cloned().unwrap_or_default();
        match (rt.key, rt.layout) {
            (_, Layout::Items(folder)) => {
                std::fs::create_dir_all(dir.join(folder)).unwrap();
                for (i, item) in items.iter().enumerate() {
                    let n = item_name(item, rt.name_field, i);
                    write_json(&dir.join(folder).join(format!("{n}.json")), item);
                }
            }
            (_, Layout::ArrayFile(file)) | (_, Layout::Single(file)) => {
                write_json(&dir.join(file), value)
            }
            ("clients", _) | ("connections", _) => {
                std::fs::create_dir_all(dir.join(rt.key)).unwrap();
                for (i, item) in items.iter().enumerate() {
                    let n = item_name(item, rt.name_field, i);
                    write_json(&dir.join(rt.key).join(format!("{n}.json")), item);
                }
            }
            ("rules", _) | ("hooks", _) => {
                for (i, item) in items.iter().enumerate() {
                    let n = item_name(item, rt.name_field, i);
                    let mut item = item.clone();
                    if let Some(code) = item
                        .get("script")
                        .and_then(|s| s.as_str())
                        .map(str::to_owned)
                    {
                        std::fs::create_dir_all(dir.join(rt.key)).unwrap();
                        std::fs::write(dir.join(rt.key).join(format!("{n}.js")), code).unwrap();
                        item["script"] = format!("./{n}.js").into();
                    }
                    write_json(&dir.join(rt.key).join(format!("{n}.json")), &item);
                }
            }
            ("actions", _) | ("actionModules", _) => {
                let folder = if rt.key == "actions" {
                    "actions"
                } else {
                    "action-modules"
                };
                for (i, item) in items.iter().enumerate() {
                    let n = item_name(item, rt.name_field, i);
                    let mut item = item.clone();
                    if let Some(code) = item.get("code").and_then(|s| s.as_str()).map(str::to_owned)
                    {
                        std::fs::create_dir_all(dir.join(folder).join(&n)).unwrap();
                        std::fs::write(dir.join(folder).join(&n).join("code.js"), code).unwrap();
                        item["code"] = format!("./{folder}/{n}/code.js").into();
                    }
                    write_json(&dir.join(folder).join(format!("{n}.json")), &item);
                }
            }
            ("databases", _) => {
                for (i, item) in items.iter().enumerate() {
                    let n = item_name(item, rt.name_field, i);
                    let folder = dir.join("database-connections").join(&n);
                    let mut item = item.clone();
                    if let Some(scripts) = item
                        .pointer_mut("/options/customScripts")
                        .and_then(|s| s.as_object_mut())
                    {
                        std::fs::create_dir_all(&folder).unwrap();
                        for (script, code) in scripts.iter_mut() {
                            if let Some(text) = code.as_str() {
                                std::fs::write(folder.join(format!("{script}.js")), text).unwrap();
                                *code = format!("./{script}.js").into();
                            }
                        }
                    }
                    write_json(&folder.join("database.json"), &item);
                }
            }
            ("emailProvider", _) => write_json(&dir.join("emails/provider.json"), value),
            ("emailTemplates", _) => {
                for item in &items {
                    let t = item
                        .get("template")
                        .and_then(|v| v.as_str())
                        .unwrap_or("template");
                    let mut item = item.clone();
                    let body = item
                        .get("body")
                        .and_then(|b| b.as_str())
                        .unwrap_or("")
                        .to_owned();
                    std::fs::create_dir_all(dir.join("emails")).unwrap();
                    std::fs::write(dir.join("emails").join(format!("{t}.html")), body).unwrap();
                    item["body"] = format!("./{t}.html").into();
                    write_json(&dir.join("emails").join(format!("{t}.json")), &item);
                }
            }
            ("pages", _) => {
                for (i, item) in items.iter().enumerate() {
                    let n = item_name(item, rt.name_field, i);
                    let mut item = item.clone();
                    let html = item
                        .get("html")
                        .and_then(|b| b.as_str())
                        .unwrap_or("")
                        .to_owned();
                    std::fs::create_dir_all(dir.join("pages")).unwrap();
                    std::fs::write(dir.join("pages").join(format!("{n}.html")), html).unwrap();
                    item["html"] = format!("./{n}.html").into();
                    write_json(&dir.join("pages").join(format!("{n}.json")), &item);
                }
            }
            ("triggers", _) => write_json(&dir.join("triggers/triggers.json"), value),
            ("attackProtection", _) => {
                for (key, file) in [
                    ("botDetection", "bot-detection"),
                    ("breachedPasswordDetection", "breached-password-detection"),
                    ("bruteForceProtection", "brute-force-protection"),
                    ("captcha", "captcha"),
                    ("suspiciousIpThrottling", "suspicious-ip-throttling"),
                ] {
                    if let Some(v) = value.get(key) {
                        write_json(&dir.join(format!("attack-protection/{file}.json")), v);
                    }
                }
            }
            ("branding", _) => {
                let mut b = (*value).clone();
                let templates = b.as_object_mut().and_then(|m| m.remove("templates"));
                write_json(&dir.join("branding/branding.json"), &b);
                for t in templates
                    .and_then(|t| t.as_array().cloned())
                    .unwrap_or_default()
                {
                    let name = t
                        .get("template")
                        .and_then(|v| v.as_str())
                        .unwrap_or("universal_login")
                        .to_owned();
                    let mut t = t.clone();
                    let body = t
                        .get("body")
                        .and_then(|v| v.as_str())
                        .unwrap_or("")
                        .to_owned();
                    std::fs::create_dir_all(dir.join("branding/templates")).unwrap();
                    std::fs::write(dir.join(format!("branding/templates/{name}.html")), body)
                        .unwrap();
                    t["body"] = format!("./{name}.html").into();
                    write_json(&dir.join(format!("branding/templates/{name}.json")), &t);
                }
            }
            ("prompts", _) => {
                let mut p = (*value).clone();
                let m = p.as_object_mut().unwrap();
                let custom = m.remove("customText");
                m.remove("partials");
                m.remove("screenRenderers");
                write_json(&dir.join("prompts/prompts.json"), &p);
                if let Some(c) = custom {
                    write_json(&dir.join("prompts/custom-text.json"), &c);
                }
            }
            _ => {}
        }
    }
    // A directory export always has tenant.json; write an empty one if the YAML had no `tenant`.
    if !dir.join("tenant.json").exists() {
        write_json(&dir.join("tenant.json"), &serde_json::json!({}));
    }
}
