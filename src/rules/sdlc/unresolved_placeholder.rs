//! SDLC-004 unresolved-placeholder

use std::collections::BTreeMap;

use std::path::{Path, PathBuf};

use crate::export::{ExportFormat, Tenant};
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::source::keywords::MarkerKind;
use crate::source::{Node, Span, Value, escape_pointer_token};

/// True for a key the Deploy CLI convention would use. Lowercase markers such as `@@config@@` in
/// a hosted login page are filled by Auth0 at render time, not by `a0deploy`.
fn conventional(key: &str) -> bool {
    !key.chars().any(|c| c.is_ascii_lowercase())
}

pub fn check(f: &TenantFacts<'_>, model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    // Placeholders are recorded once per marker met; group them by the value that holds them.
    let mut unresolved: BTreeMap<(Span, MarkerKind, &str), usize> = BTreeMap::new();
    for p in t
        .placeholders
        .iter()
        .filter(|p| !p.resolved && conventional(&p.key))
    {
        *unresolved
            .entry((p.span, p.kind, p.key.as_str()))
            .or_default() += 1;
    }
    if unresolved.is_empty() {
        return;
    }
    let mappings = t.config.as_ref().and_then(|c| c.mappings.as_ref());
    let Some(mappings) = mappings else {
        no_mappings(f, t, &unresolved, r);
        return;
    };
    let config = t
        .config
        .as_ref()
        .map(|c| config_name(t, &c.path))
        .unwrap_or_default();
    for ((span, kind, key), count) in &unresolved {
        let marker = kind.render(key);
        let file = model.estate.sources.get(span.file);
        let text = file
            .text
            .get(span.start as usize..span.end as usize)
            .unwrap_or_default();
        let mut at: Vec<Span> = text
            .match_indices(&marker)
            .take(*count)
            .map(|(i, _)| {
                let start = span.start as usize + i;
                Span::new(span.file, start, start + marker.len())
            })
            .collect();
        if at.is_empty() {
            at.push(*span);
        }
        let pointer = pointer_of(&t.resources, *span).unwrap_or_default();
        let hint = similar(key, mappings.keys().map(String::as_str))
            .map(|k| format!(" (did you mean `{k}`?)"))
            .unwrap_or_default();
        for s in at {
            r.at(
                f,
                s,
                pointer.clone(),
                format!(
                    "keyword `{marker}` has no mapping in the Deploy CLI config `{config}`{hint}: `a0deploy` leaves unknown markers as they are, so this tenant would receive the literal text `{marker}` instead of a value. Add `{key}` to `AUTH0_KEYWORD_REPLACE_MAPPINGS`, or fix the marker's name",
                ),
            );
        }
    }
}

/// One finding for a tenant whose placeholders have no mappings at all.
fn no_mappings(
    f: &TenantFacts<'_>,
    t: &Tenant,
    unresolved: &BTreeMap<(Span, MarkerKind, &str), usize>,
    r: &mut Reporter<'_>,
) {
    let mut keys: Vec<String> = unresolved
        .keys()
        .map(|(_, kind, key)| kind.render(key))
        .collect();
    keys.sort();
    keys.dedup();
    let shown: Vec<String> = keys.iter().take(5).map(|k| format!("`{k}`")).collect();
    let more = if keys.len() > 5 {
        format!(" and {} more", keys.len() - 5)
    } else {
        String::new()
    };
    let why = match &t.config {
        Some(c) => format!(
            "its Deploy CLI config `{}` has no `AUTH0_KEYWORD_REPLACE_MAPPINGS`",
            config_name(t, &c.path)
        ),
        None => format!(
            "no Deploy CLI config was found beside the export (a0lint looked for {})",
            looked_for(t)
        ),
    };
    r.at_severity(
        f,
        f.anchor.clone(),
        crate::finding::Severity::Info,
        format!(
            "this export uses {} keyword placeholder{} ({}{more}) but {why}, so a0lint cannot resolve them and the rules that read those values skip them. Keep the config the pipeline deploys with beside the export as `config.json`",
            keys.len(),
            if keys.len() == 1 { "" } else { "s" },
            shown.join(", "),
        ),
    );
}

/// The folder an export lives in, and a YAML export's file stem (other than `tenant`).
fn export_dir(t: &Tenant) -> (PathBuf, Option<String>) {
    match t.format {
        ExportFormat::Yaml => (
            t.root.parent().map(Path::to_path_buf).unwrap_or_default(),
            t.root
                .file_stem()
                .and_then(|s| s.to_str())
                .filter(|s| *s != "tenant")
                .map(str::to_owned),
        ),
        ExportFormat::Directory => (t.root.clone(), None),
    }
}

/// Where the loader looks for a Deploy CLI config, relative to the export's folder (so that a
/// message reads the same wherever the estate is checked out).
fn looked_for(t: &Tenant) -> String {
    let (dir, stem) = export_dir(t);
    let mut out = vec!["`config.json` in the export's folder".to_owned()];
    if let Some(stem) = stem {
        out.push(format!("`config-{stem}.json` beside it"));
    }
    if let Some(name) = dir.file_name().and_then(|n| n.to_str()) {
        out.push(format!("`../config-{name}.json`"));
    }
    crate::rules::helpers::and_list(&out)
}

/// A config's path relative to the export's folder (`config.json`, `../config-dev.json`).
fn config_name(t: &Tenant, config: &Path) -> String {
    let (dir, _) = export_dir(t);
    let file = config
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match config.parent() {
        Some(p) if p == dir => file,
        Some(p) if Some(p) == dir.parent() => format!("../{file}"),
        _ => config.display().to_string().replace('\\', "/"),
    }
}

/// The JSON Pointer of the value whose span is `span`, if any.
fn pointer_of(root: &Node, span: Span) -> Option<String> {
    fn walk(node: &Node, span: Span, path: &mut String) -> bool {
        if node.span == span {
            return true;
        }
        if node.span.file == span.file && (node.span.end < span.start || node.span.start > span.end)
        {
            return false;
        }
        let len = path.len();
        match &node.value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push_str(&format!("/{i}"));
                    if walk(item, span, path) {
                        return true;
                    }
                    path.truncate(len);
                }
            }
            Value::Object(members) => {
                for m in members {
                    path.push('/');
                    path.push_str(&escape_pointer_token(&m.key));
                    if walk(&m.value, span, path) {
                        return true;
                    }
                    path.truncate(len);
                }
            }
            _ => {}
        }
        false
    }
    let mut path = String::new();
    walk(root, span, &mut path).then_some(path)
}

/// A mapped key within two edits of `key`.
fn similar<'k>(key: &str, keys: impl Iterator<Item = &'k str>) -> Option<&'k str> {
    keys.filter(|_| key.len() > 3)
        .map(|k| (distance(key, k), k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_keys_are_suggested() {
        let keys = ["APP_BASE_URL", "ENV"];
        assert_eq!(
            similar("APP_BASEURL", keys.into_iter()),
            Some("APP_BASE_URL")
        );
        assert_eq!(similar("SUPPORT_URL", keys.into_iter()), None);
        assert!(conventional("APP_BASE_URL"));
        assert!(!conventional("config"));
    }
}
