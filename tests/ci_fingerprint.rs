//! Fingerprints survive what a re-export does: switching between the YAML and the directory
//! format, reordering items and keys, renaming files, moving lines.

mod ci_common;

use std::collections::BTreeSet;
use std::path::Path;

use ci_common::*;
use serde_json::{Map, Value};

type Print = (String, String, String, String);

/// (rule, tenant, semantic path, fingerprint) of every finding that points into the resources.
fn prints(dir: &Path) -> BTreeSet<Print> {
    let report = json_report(dir, &["."]);
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["pointer"].as_str().unwrap().is_empty())
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["tenant"].as_str().unwrap_or("-").to_owned(),
                f["semantic_path"].as_str().unwrap().to_owned(),
                f["fingerprint"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} in {}",
        path.display()
    );
    std::fs::write(path, text.replace(from, to)).unwrap();
}

fn edit_json(path: &Path, f: impl FnOnce(&mut Value)) {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

/// The format pair with the same three problems written into both formats: a misspelt client
/// field, a wrong type inside a nested array, an unknown field in a client grant.
fn broken_pair() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let pair = root().join("fixtures/formats/pair");
    let yaml = tmp.path().join("yaml/northwind-pair");
    let dir = tmp.path().join("directory/northwind-pair");
    copy_dir(&pair.join("yaml"), &yaml);
    copy_dir(&pair.join("directory"), &dir);
    let t = yaml.join("tenant.yaml");
    edit(
        &t,
        "  - name: Billing Service\n    allowed_clients: []\n",
        "  - name: Billing Service\n    allowed_clients: []\n    callbak: []\n",
    );
    edit(
        &t,
        "        description: Book, move and cancel appointments\n",
        "        description: 42\n",
    );
    edit(
        &t,
        "  - client_id: Billing Service\n    audience: https://api.northwind.example/\n",
        "  - client_id: Billing Service\n    audience: https://api.northwind.example/\n    scopes: []\n",
    );
    edit_json(&dir.join("clients/Billing Service.json"), |v| {
        v["callbak"] = Value::Array(vec![]);
    });
    edit_json(&dir.join("resource-servers/Northwind API.json"), |v| {
        v["scopes"][1]["description"] = Value::from(42);
    });
    edit_json(
        &dir.join("grants/Billing Service-Northwind API.json"),
        |v| {
            v["scopes"] = Value::Array(vec![]);
        },
    );
    (tmp, yaml, dir)
}

fn expected_paths() -> [&'static str; 3] {
    [
        "clients[Billing Service]/callbak",
        "resourceServers[Northwind API]/scopes/1/description",
        "clientGrants[Billing Service -> https://api.northwind.example/]/scopes",
    ]
}

#[test]
fn yaml_and_directory_exports_of_one_tenant_give_the_same_fingerprints() {
    let (_tmp, yaml, dir) = broken_pair();
    let from_yaml = prints(&yaml);
    let from_dir = prints(&dir);
    let paths: BTreeSet<&str> = from_yaml.iter().map(|p| p.2.as_str()).collect();
    for expected in expected_paths() {
        assert!(paths.contains(expected), "{expected} in {paths:#?}");
    }
    assert_eq!(from_yaml, from_dir);
}

fn reverse_keys(v: &mut Value) {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
            entries.reverse();
            let mut out = Map::new();
            for (k, mut v) in entries {
                reverse_keys(&mut v);
                out.insert(k, v);
            }
            *map = out;
        }
        Value::Array(items) => items.iter_mut().for_each(reverse_keys),
        _ => {}
    }
}

#[test]
fn reordering_items_and_keys_renaming_files_and_moving_lines_keep_fingerprints() {
    let (tmp, yaml, dir) = broken_pair();
    let before = prints(&dir);
    let shuffled = tmp.path().join("shuffled/northwind-pair");
    copy_dir(&dir, &shuffled);
    // Client files renamed so they load in the opposite order, every key order reversed.
    let clients = shuffled.join("clients");
    let mut names: Vec<String> = std::fs::read_dir(&clients)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    for (i, name) in names.iter().enumerate() {
        let path = clients.join(name);
        edit_json(&path, reverse_keys);
        let renamed = clients.join(format!("{:02}-{name}", names.len() - i));
        std::fs::rename(&path, &renamed).unwrap();
    }
    for sub in ["resource-servers", "grants"] {
        for e in std::fs::read_dir(shuffled.join(sub)).unwrap() {
            edit_json(&e.unwrap().path(), reverse_keys);
        }
    }
    let after = prints(&shuffled);
    assert_eq!(before, after);
    let report = json_report(&shuffled, &["."]);
    let line_of = |r: &Value| {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["semantic_path"] == expected_paths()[0])
            .map(|f| (f["file"].clone(), f["line"].clone()))
    };
    assert_ne!(
        line_of(&report),
        line_of(&json_report(&dir, &["."])),
        "the finding moved, its fingerprint did not"
    );

    // Lines moved in the YAML export: same fingerprints.
    let before = prints(&yaml);
    let t = yaml.join("tenant.yaml");
    let text = std::fs::read_to_string(&t).unwrap();
    std::fs::write(&t, format!("# exported again\n\n\n{text}")).unwrap();
    assert_eq!(before, prints(&yaml));
}

#[test]
fn every_format_carries_the_same_fingerprint() {
    let (_tmp, yaml, _) = broken_pair();
    let json = json_report(&yaml, &["."]);
    let from_json: BTreeSet<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap().to_owned())
        .collect();
    let sarif: Value =
        serde_json::from_slice(&run_in(&yaml, &["check", ".", "--format", "sarif"]).stdout)
            .unwrap();
    let from_sarif: BTreeSet<String> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let h = r["partialFingerprints"]["primaryLocationLineHash"]
                .as_str()
                .unwrap();
            h.split(':').next().unwrap().to_owned()
        })
        .collect();
    assert_eq!(from_json, from_sarif);
    let gitlab: Vec<Value> =
        serde_json::from_slice(&run_in(&yaml, &["check", ".", "--format", "gitlab"]).stdout)
            .unwrap();
    // Both list findings in report order. GitLab's fingerprint is ours for the first finding
    // with it, and a hash of ours and the occurrence for the next ones (GitLab needs each unique).
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), gitlab.len());
    let mut unique = BTreeSet::new();
    for (r, g) in results.iter().zip(&gitlab) {
        let h = r["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap();
        let (fp, occ) = h.split_once(':').unwrap();
        let ours = g["fingerprint"].as_str().unwrap();
        assert_eq!(ours == fp, occ == "1", "{h} vs {ours}");
        assert!(unique.insert(ours.to_owned()));
    }
}
