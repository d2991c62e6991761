//! The CheckMate coverage page stays true: it lists all 61 validators, and every rule it names
//! exists under that id and name.

use std::path::PathBuf;

fn page() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/checkmate-coverage.md");
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn every_rule_the_coverage_page_names_exists() {
    let text = page();
    let id = regex::Regex::new(r"\b([A-Z]+-\d{3})\b(?: `([a-z0-9-]+)`)?").unwrap();
    let mut seen = 0;
    for c in id.captures_iter(&text) {
        let rule = a0lint::rules::lookup(&c[1])
            .unwrap_or_else(|| panic!("the coverage page names {}, which is no rule", &c[1]));
        if let Some(name) = c.get(2) {
            assert_eq!(rule.name, name.as_str(), "{} is `{}`", &c[1], rule.name);
        }
        seen += 1;
    }
    assert!(seen > 60, "the page names rules ({seen})");
}

#[test]
fn the_coverage_page_lists_every_checkmate_validator_once() {
    let text = page();
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("| `check")).collect();
    assert_eq!(rows.len(), 61, "one row per CheckMate validator");
    let mut names: Vec<&str> = rows.iter().map(|r| r.split('`').nth(1).unwrap()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 61, "no validator listed twice");
    let unchecked = rows.iter().filter(|r| r.contains("| — |")).count();
    assert!(
        text.contains(&format!(
            "{} of 61 validators are covered; {unchecked} cannot be checked",
            61 - unchecked
        )),
        "the summary matches the table"
    );
}
