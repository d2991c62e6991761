//! The manifest's JSON Schema (`schemas/manifest.schema.json`) stays in step with `src/manifest.rs`:
//! every field the structs deserialize is in the schema under its TOML name, the schema documents
//! no field the structs do not have, and every `a0lint.toml` in the repository validates.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema() -> Value {
    let text = std::fs::read_to_string(root().join("schemas/manifest.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Each manifest struct and where the schema describes its fields.
const STRUCTS: &[(&str, &str)] = &[
    ("Manifest", "/properties"),
    ("TenantEntry", "/$defs/tenant/properties"),
    ("CustomerEntry", "/$defs/customer/properties"),
    ("Policy", "/$defs/policy/properties"),
    ("RuleSettings", "/$defs/rules/properties"),
    ("EnvironmentRules", "/$defs/environmentRules/properties"),
];

/// Keys a0lint.toml is known to accept: a floor, so that a parser that silently finds nothing in
/// `src/manifest.rs` cannot make the drift test pass.
const KNOWN: &[(&str, &str)] = &[
    ("Manifest", "account"),
    ("Manifest", "tenant"),
    ("Manifest", "customer"),
    ("Manifest", "policy"),
    ("Manifest", "rules"),
    ("Manifest", "ignore-paths"),
    ("TenantEntry", "name"),
    ("TenantEntry", "export"),
    ("TenantEntry", "environment"),
    ("TenantEntry", "region"),
    ("TenantEntry", "account"),
    ("TenantEntry", "parent"),
    ("TenantEntry", "group"),
    ("TenantEntry", "customer"),
    ("TenantEntry", "communities"),
    ("TenantEntry", "entitlements"),
    ("TenantEntry", "deploy-config"),
    ("TenantEntry", "isolation-reason"),
    ("CustomerEntry", "name"),
    ("CustomerEntry", "user-isolation"),
    ("CustomerEntry", "identity-providers"),
    ("CustomerEntry", "requires-custom-domain"),
    ("Policy", "environments"),
    ("Policy", "tenant-name-pattern"),
    ("RuleSettings", "select"),
    ("RuleSettings", "extend-select"),
    ("RuleSettings", "ignore"),
    ("RuleSettings", "severity"),
    ("RuleSettings", "environment"),
    ("EnvironmentRules", "severity"),
];

/// The TOML keys a struct of `src/manifest.rs` deserializes: its `pub` fields, kebab-cased (all
/// manifest structs use `rename_all = "kebab-case"`), or their `rename`, minus `#[serde(skip)]`
/// ones.
fn struct_keys(source: &str, name: &str) -> BTreeSet<String> {
    let start = source
        .find(&format!("pub struct {name} {{"))
        .unwrap_or_else(|| panic!("no struct {name} in src/manifest.rs"));
    let body = &source[start..];
    let body = &body[..body.find("\n}").expect("struct ends")];
    assert!(
        source[..start]
            .rsplit("pub struct")
            .next()
            .is_some_and(|attrs| attrs.contains("rename_all = \"kebab-case\"")),
        "{name} is kebab-case"
    );
    let mut keys = BTreeSet::new();
    let mut attrs = String::new();
    for line in body.lines().skip(1) {
        let line = line.trim();
        if line.starts_with("#[") {
            attrs.push_str(line);
            continue;
        }
        if let Some(field) = line
            .strip_prefix("pub ")
            .and_then(|rest| rest.split_once(':'))
            .map(|(f, _)| f.trim())
        {
            let renamed = attrs
                .split("rename = \"")
                .nth(1)
                .and_then(|r| r.split('"').next());
            if !attrs.contains("skip") {
                keys.insert(
                    renamed
                        .map(str::to_owned)
                        .unwrap_or_else(|| field.replace('_', "-")),
                );
            }
            attrs.clear();
        } else if !line.starts_with("///") && !line.is_empty() {
            attrs.clear();
        }
    }
    keys
}

#[test]
fn every_manifest_field_is_in_the_schema_and_nothing_else() {
    let source = std::fs::read_to_string(root().join("src/manifest.rs")).unwrap();
    let schema = schema();
    for (name, at) in STRUCTS {
        let keys = struct_keys(&source, name);
        for (s, known) in KNOWN.iter().filter(|(s, _)| s == name) {
            assert!(
                keys.contains(*known),
                "the parser of src/manifest.rs no longer finds `{known}` in {s}: fix the test"
            );
        }
        let props = schema
            .pointer(at)
            .and_then(Value::as_object)
            .unwrap_or_else(|| panic!("schema has no {at}"));
        let documented: BTreeSet<String> = props.keys().cloned().collect();
        for k in &keys {
            let desc = props.get(k).and_then(|p| {
                p.get("description")
                    .or_else(|| {
                        // A `$ref` to a definition that carries the description.
                        let r = p.get("$ref")?.as_str()?.strip_prefix('#')?;
                        schema.pointer(r)?.get("description")
                    })
                    .and_then(Value::as_str)
            });
            assert!(
                desc.is_some_and(|d| !d.is_empty()),
                "`{k}` of {name} is missing from (or undescribed in) schemas/manifest.schema.json at {at}"
            );
        }
        assert_eq!(
            &documented, &keys,
            "schemas/manifest.schema.json documents other fields than {name} has"
        );
    }
}

#[test]
fn the_schema_is_valid_and_its_enums_match_the_code() {
    let schema = schema();
    jsonschema::meta::validate(&schema).unwrap();
    let envs: Vec<String> = a0lint::export::Environment::ALL
        .iter()
        .map(|e| e.as_str().to_owned())
        .collect();
    let in_schema: Vec<String> = schema
        .pointer("/$defs/environment/enum")
        .and_then(Value::as_array)
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(envs, in_schema, "environments");
    let severities: Vec<&str> = schema
        .pointer("/$defs/severity/enum")
        .and_then(Value::as_array)
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(severities, ["error", "warning", "info", "off"]);
}

fn manifests(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "a0lint.toml")
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn every_manifest_in_the_repository_validates_against_the_schema() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let mut checked = 0;
    let mut texts: Vec<(String, String)> = manifests(&root().join("fixtures"))
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    // The manifests in the rule docs' examples too.
    for r in a0lint::rules::all() {
        for m in [&r.examples.fail_manifest, &r.examples.pass_manifest]
            .into_iter()
            .flatten()
        {
            texts.push((format!("{} example", r.id), m.clone()));
        }
    }
    for (name, text) in texts {
        let Ok(value) = toml::from_str::<Value>(&text) else {
            continue; // deliberately invalid (MANIFEST-001's examples)
        };
        if name.starts_with("MANIFEST-001") {
            continue;
        }
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        checked += 1;
    }
    assert!(checked >= 20, "checked {checked} manifests");
}

#[test]
fn the_schema_rejects_what_the_manifest_parser_rejects() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    for bad in [
        "[[tenant]]\nname = \"a-dev\"\nenviroment = \"development\"\n",
        "[[tenant]]\nname = \"a-dev\"\nenvironment = \"qa\"\n",
        "[[customer]]\nname = \"c\"\nuser-isolation = \"partly\"\n",
        "[rules.severity]\n\"SDLC-001\" = \"fatal\"\n",
        "[rules.environment.qa.severity]\n\"SDLC-001\" = \"off\"\n",
    ] {
        let value: Value = toml::from_str(bad).unwrap();
        assert!(!validator.is_valid(&value), "the schema accepts {bad:?}");
    }
}

#[test]
fn the_readme_example_parses_and_validates() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("## The estate manifest")
        .nth(1)
        .expect("README has a section \"The estate manifest\"");
    let block = section
        .split("```toml\n")
        .nth(1)
        .and_then(|b| b.split("\n```").next())
        .expect("the section holds a toml example");
    let parsed: a0lint::manifest::Manifest = toml::from_str(block).unwrap();
    assert!(parsed.tenants.len() >= 4 && !parsed.customers.is_empty());
    let value: Value = toml::from_str(block).unwrap();
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // Every field of the schema appears in the example, so it is complete.
    let source = std::fs::read_to_string(root().join("src/manifest.rs")).unwrap();
    for (name, _) in STRUCTS {
        for key in struct_keys(&source, name) {
            assert!(
                block.contains(&format!("{key} ="))
                    || block.contains(&format!("[{key}"))
                    || block.contains(&format!("[[{key}]]"))
                    || block.contains(&format!("[rules.{key}")),
                "the README example does not show `{key}` ({name})"
            );
        }
    }
}
