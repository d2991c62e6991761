//! The YAML export format: one `tenant.yaml` whose top-level keys are resource types, with large
//! bodies in side files whose paths are relative to the YAML file's folder (or `AUTH0_BASE_PATH`).

use std::path::{Path, PathBuf};

use super::load::{Ctx, ids};
use crate::finding::{Finding, Severity};
use crate::source::{Node, Span, Value};

/// Loads the resources of a YAML export. Always returns an object node, empty when the file
/// could not be parsed (the reason is among `ctx.findings`).
pub(crate) fn load(
    ctx: &mut Ctx<'_>,
    path: &Path,
    base_path: Option<&str>,
) -> (Node, Option<Span>) {
    let Some(mut root) = ctx.yaml(path) else {
        let file = ctx.files.first().copied().unwrap_or_default();
        return (
            Node::new(Span::file_start(file), Value::Object(Box::default())),
            None,
        );
    };
    let root_span = root.span;
    if root.is_null() {
        // An empty file: an export of nothing.
        root.value = Value::Object(Box::default());
    }
    if root.as_object().is_none() {
        ctx.findings.push(Finding::at(
            ids::UNEXPECTED_SHAPE,
            Severity::Error,
            root.span,
            format!(
                "the top level of a Deploy CLI YAML export must be a mapping of resource types (`clients:`, `tenant:`, …), but this file holds a {}",
                root.type_name()
            ),
        ));
        return (
            Node::new(root.span, Value::Object(Box::default())),
            Some(root_span),
        );
    }
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let base: PathBuf = match base_path {
        Some(b) => dir.join(b),
        None => dir,
    };
    load_side_files(ctx, &mut root, &base);
    (root, Some(root_span))
}

/// A field of every item of an array resource that holds a side-file path.
fn for_items(root: &mut Node, key: &str, mut f: impl FnMut(&mut Node)) {
    if let Some(Value::Array(items)) = get_mut(root, key).map(|n| &mut n.value) {
        items.iter_mut().for_each(&mut f);
    }
}

pub(crate) fn get_mut<'n>(node: &'n mut Node, key: &str) -> Option<&'n mut Node> {
    match &mut node.value {
        Value::Object(members) => members
            .iter_mut()
            .rev()
            .find(|m| &*m.key == key)
            .map(|m| &mut m.value),
        _ => None,
    }
}

pub(crate) fn get_path_mut<'n>(node: &'n mut Node, path: &[&str]) -> Option<&'n mut Node> {
    path.iter().try_fold(node, |n, k| get_mut(n, k))
}

/// Replaces the side-file path at `field` of `item` by the file's text.
pub(crate) fn replace_side(
    ctx: &mut Ctx<'_>,
    item: &mut Node,
    field: &[&str],
    base: &Path,
    what: &str,
) {
    if let Some(slot) = get_path_mut(item, field)
        && let Some(loaded) = ctx.side_file(base, slot, what)
    {
        *slot = loaded;
    }
}

fn load_side_files(ctx: &mut Ctx<'_>, root: &mut Node, base: &Path) {
    for_items(root, "pages", |p| {
        replace_side(ctx, p, &["html"], base, "page HTML")
    });
    for_items(root, "emailTemplates", |t| {
        replace_side(ctx, t, &["body"], base, "email template body")
    });
    for_items(root, "rules", |r| {
        replace_side(ctx, r, &["script"], base, "rule script")
    });
    for_items(root, "hooks", |h| {
        replace_side(ctx, h, &["script"], base, "hook script")
    });
    for_items(root, "actions", |a| {
        replace_side(ctx, a, &["code"], base, "action code")
    });
    for_items(root, "actionModules", |a| {
        replace_side(ctx, a, &["code"], base, "action module code")
    });
    for_items(root, "databases", |db| {
        if let Some(Value::Object(scripts)) =
            get_path_mut(db, &["options", "customScripts"]).map(|n| &mut n.value)
        {
            for m in scripts.iter_mut() {
                if let Some(loaded) = ctx.side_file(base, &m.value, "database script") {
                    m.value = loaded;
                }
            }
        }
    });
    let clients_dir = base.join("clients");
    for_items(root, "clients", |c| {
        // The Deploy CLI only loads the page when the file exists; otherwise the value is HTML.
        if let Some(slot) = get_mut(c, "custom_login_page")
            && let Some(rel) = slot.as_str()
            && rel.ends_with(".html")
            && clients_dir.join(rel).is_file()
            && let Some(loaded) = ctx.side_file(&clients_dir, slot, "custom login page")
        {
            *slot = loaded;
        }
    });
    let connections_dir = base.join("connections");
    for_items(root, "connections", |c| {
        if c.get_str("strategy") == Some("email") {
            replace_side(
                ctx,
                c,
                &["options", "email", "body"],
                &connections_dir,
                "passwordless email body",
            );
        }
    });
    if let Some(branding) = get_mut(root, "branding") {
        for_items(branding, "templates", |t| {
            replace_side(ctx, t, &["body"], base, "branding template")
        });
    }
    // Screen renderers: `[{<prompt>: {<screen>: <path to JSON>}}]` → the files' contents.
    if let Some(Value::Array(renderers)) =
        get_path_mut(root, &["prompts", "screenRenderers"]).map(|n| &mut n.value)
    {
        let mut loaded = Vec::new();
        for entry in renderers.iter() {
            for prompt in entry.as_object().unwrap_or_default() {
                for screen in prompt.value.as_object().unwrap_or_default() {
                    if let Some(rel) = screen.value.as_str() {
                        match ctx.inside(base, rel) {
                            Ok(p) if p.is_file() => {
                                if let Some(n) = ctx.json(&p) {
                                    loaded.push(n);
                                }
                            }
                            _ => {
                                ctx.side_file(base, &screen.value, "screen render settings");
                            }
                        }
                    }
                }
            }
        }
        *renderers = loaded.into();
    }
    // Forms and flows keep their body in a JSON file whose members join the item.
    for key in ["forms", "flows"] {
        for_items(root, key, |item| merge_json_body(ctx, item, base));
    }
}

fn merge_json_body(ctx: &mut Ctx<'_>, item: &mut Node, base: &Path) {
    let Some(body) = item.get("body").filter(|b| b.as_str().is_some()).cloned() else {
        return;
    };
    let rel = body.as_str().unwrap_or_default().to_owned();
    let path = match ctx.inside(base, &rel) {
        Ok(p) => p,
        Err(_) => {
            // Reported by side_file with the right message.
            ctx.side_file(base, &body, "form or flow body");
            return;
        }
    };
    if !path.is_file() {
        ctx.side_file(base, &body, "form or flow body");
        return;
    }
    let Some(parsed) = ctx.json(&path) else {
        return;
    };
    let Value::Object(members) = &mut item.value else {
        return;
    };
    let mut edited = std::mem::take(members).into_vec();
    edited.retain(|m| &*m.key != "body");
    if let Value::Object(extra) = parsed.value {
        for m in extra.into_iter().filter(|m| &*m.key != "body") {
            if let Some(existing) = edited.iter_mut().find(|e| e.key == m.key) {
                *existing = m;
            } else {
                edited.push(m);
            }
        }
    }
    *members = edited.into();
}
