//! House rules: the registry matches `rules/`, ids and names are unique and well formed, every id
//! the code can raise is documented, every rule's examples behave as its docs say, and the
//! embedded schemas stay valid.

use std::collections::BTreeSet;
use std::path::PathBuf;

use a0lint::rules::{self, CATEGORIES};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_rule_file_is_registered_and_parses() {
    let on_disk: BTreeSet<String> = walkdir::WalkDir::new(root().join("rules"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
        .map(|e| {
            e.path()
                .strip_prefix(root().join("rules"))
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    let registered: BTreeSet<String> = rules::rule_files().map(|(p, _)| (*p).to_owned()).collect();
    assert_eq!(
        on_disk, registered,
        "rules/ and the registered rule files differ"
    );
    assert!(
        rules::file_errors().is_empty(),
        "{:#?}",
        rules::file_errors()
    );
    assert_eq!(rules::all().len(), rules::rule_files().count());
}

#[test]
fn ids_and_names_are_unique_and_well_formed() {
    let mut ids = BTreeSet::new();
    let mut names = BTreeSet::new();
    let id_re = regex::Regex::new(r"^[A-Z]+-[0-9]{3}$").unwrap();
    let name_re = regex::Regex::new(r"^[a-z0-9]+(-[a-z0-9]+)*$").unwrap();
    for r in rules::all() {
        assert!(ids.insert(r.id.clone()), "duplicate id {}", r.id);
        assert!(names.insert(r.name.clone()), "duplicate name {}", r.name);
        assert!(id_re.is_match(&r.id), "bad id {}", r.id);
        assert!(name_re.is_match(&r.name), "bad name {}", r.name);
        assert!(
            CATEGORIES.contains(&r.category.as_str()),
            "{}: category {}",
            r.id,
            r.category
        );
        assert!(
            r.file.starts_with(&format!("{}/", r.category)),
            "{} lives under rules/{}/",
            r.id,
            r.category
        );
        assert!(
            r.file.ends_with(&format!("/{}.toml", r.name)),
            "{}: file named after the rule",
            r.id
        );
        assert!(
            !r.summary.ends_with('.'),
            "{}: summary ends without a period",
            r.id
        );
        assert!(
            r.summary.len() <= 100,
            "{}: summary is one short line",
            r.id
        );
        assert!(
            r.rationale.trim().len() > 40,
            "{}: rationale says why",
            r.id
        );
        assert!(r.fix.trim().len() > 20, "{}: fix says how", r.id);
    }
}

#[test]
fn every_id_the_code_raises_is_documented() {
    use a0lint::export::load::ids as i;
    use a0lint::schema::ids as s;
    for id in [
        i::YAML_SYNTAX,
        i::JSON_SYNTAX,
        i::INVALID_UTF8,
        i::JSON_BOM,
        i::DUPLICATE_YAML_KEY,
        i::DUPLICATE_JSON_KEY,
        i::ALIAS_BOMB,
        i::TOO_DEEP,
        i::UNREADABLE,
        i::MISSING_SIDE_FILE,
        i::PATH_ESCAPE,
        i::TOO_LARGE,
        i::UNQUOTED_HASH_KEYWORD,
        i::NON_STRING_KEY,
        i::INCLUDE_ERROR,
        i::UNEXPECTED_SHAPE,
        s::UNKNOWN_FIELD,
        s::WRONG_TYPE,
        s::INVALID_ENUM,
        s::MISSING_REQUIRED,
        s::CONSTRAINT,
        s::UNKNOWN_RESOURCE_TYPE,
        s::DUPLICATE_NAME,
    ] {
        assert!(rules::lookup(id).is_some(), "{id} has no rule file");
    }
}

#[test]
fn rule_examples_behave_as_documented() {
    use a0lint::rules::examples::{Outcome, run};
    let mut checked = 0;
    let mut failures = Vec::new();
    for r in rules::all() {
        match run(r) {
            Outcome::Passed => checked += 1,
            Outcome::Skipped => {}
            Outcome::Failed(why) => failures.push(format!("{}: {why}", r.id)),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(checked >= 15, "most examples are executable ({checked})");
}

#[test]
fn embedded_schemas_compile_and_the_output_schema_is_valid_json_schema() {
    a0lint::schema::init().unwrap();
    let text = std::fs::read_to_string(root().join("schemas/output.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::meta::validate(&schema).unwrap();
}

#[test]
fn every_checked_rule_has_a_check_and_every_check_a_rule() {
    use a0lint::rules::checks::CATEGORIES_WITH_CHECKS;
    let checked: BTreeSet<&str> = CATEGORIES_WITH_CHECKS
        .iter()
        .flat_map(|(_, checks)| checks.iter().map(|(id, _)| *id))
        .collect();
    for id in &checked {
        assert!(rules::lookup(id).is_some(), "check {id} has no rule file");
    }
    for (files, checks) in CATEGORIES_WITH_CHECKS {
        for (path, _) in files.iter() {
            let meta = rules::all().iter().find(|r| r.file == *path).unwrap();
            assert!(
                meta.is_declarative() || checks.iter().any(|(id, _)| *id == meta.id),
                "{} ({path}) has no check and is not declarative",
                meta.id
            );
            assert!(
                !(meta.is_declarative() && checks.iter().any(|(id, _)| *id == meta.id)),
                "{} ({path}) is declarative and also has a Rust check",
                meta.id
            );
        }
    }
}

/// A built-in declarative rule that does not compile would silently never run.
#[test]
fn every_builtin_declarative_rule_compiles() {
    use a0lint::rules::declarative::Declarative;
    let mut n = 0;
    for meta in rules::all().iter().filter(|r| r.is_declarative()) {
        if let Err(e) = Declarative::compile(
            meta.select.as_ref().unwrap(),
            meta.assert.as_ref(),
            meta.cross_tenant.as_ref(),
        ) {
            panic!("{} ({}): {e}", meta.id, meta.file);
        }
        n += 1;
    }
    assert!(n >= 5, "only {n} built-in declarative rules");
}
