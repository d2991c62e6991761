//! The directory export format: `tenant.json` plus one folder per resource type, one JSON file
//! per resource. Names come from inside the JSON (file names are sanitised copies). Side files are
//! resolved the way each Deploy CLI directory handler resolves them: action code from the export
//! root, rule and hook scripts from their folder, database scripts from the database's folder,
//! email bodies and pages beside their JSON.

use std::path::{Path, PathBuf};

use super::load::{Ctx, ids};
use super::resource::{Layout, RESOURCE_TYPES};
use super::yaml::{get_mut, get_path_mut, replace_side};
use crate::finding::{Finding, Severity};
use crate::source::{FileId, Key, Member, Node, Span, Value};

/// Loads a directory export. Returns the resources and the id of `tenant.json` when present.
pub(crate) fn load(
    ctx: &mut Ctx<'_>,
    dir: &Path,
    connections_dir: Option<&str>,
) -> (Node, Option<FileId>) {
    let mut members: Vec<Member> = Vec::new();
    let mut root_file = None;
    for rt in RESOURCE_TYPES {
        let loaded: Option<Node> = match rt.layout {
            Layout::Items(folder) => items(ctx, &dir.join(folder), rt.key),
            Layout::ArrayFile(file) => array_file(ctx, &dir.join(file), rt.key),
            Layout::Single(file) => {
                let path = dir.join(file);
                // Whatever the file holds is kept: a wrong shape is the schema's to report.
                let node = path.is_file().then(|| ctx.json(&path)).flatten();
                if rt.key == "tenant"
                    && let Some(n) = &node
                {
                    root_file = Some(n.span.file);
                }
                node
            }
            Layout::Special => special(ctx, dir, rt.key, connections_dir),
            Layout::NotWritten => None,
        };
        if let Some(node) = loaded {
            members.push(Member {
                key: Key::from(rt.key),
                key_span: Span::new(
                    node.span.file,
                    node.span.start as usize,
                    node.span.start as usize,
                ),
                value: node,
            });
        }
    }
    let file = root_file
        .or_else(|| members.first().map(|m| m.value.span.file))
        .unwrap_or_default();
    (
        Node::new(Span::file_start(file), Value::Object(members.into())),
        root_file,
    )
}

/// `*.json` files directly in `folder`, sorted by name.
fn json_files(folder: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .filter_map(|e| {
            let path = e.path();
            // The directory listing knows each entry's type: only a symbolic link (or a file
            // system that does not say) costs a `stat`.
            let keep = path.extension().is_some_and(|x| x == "json")
                && match e.file_type() {
                    Ok(t) if t.is_file() => true,
                    Ok(t) if t.is_dir() => false,
                    _ => path.is_file(),
                };
            keep.then_some(path)
        })
        .collect();
    // All in one folder, so the paths share everything up to the name: comparing them as plain
    // bytes orders them by name, without splitting thousands of paths into components at every
    // comparison, and without a copy of each name to compare.
    files.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    files
}

fn array_node(items: Vec<Node>) -> Node {
    let file = items.first().map(|n| n.span.file).unwrap_or_default();
    Node::new(Span::file_start(file), Value::Array(items.into()))
}

fn shape_error(ctx: &mut Ctx<'_>, node: &Node, key: &str, expected: &str) {
    ctx.findings.push(Finding::at(
        ids::UNEXPECTED_SHAPE,
        Severity::Error,
        node.span,
        format!(
            "a `{key}` file of a directory export must hold {expected}, but this one holds a {}; the file was skipped",
            node.type_name()
        ),
    ));
}

/// One JSON object per file.
fn items(ctx: &mut Ctx<'_>, folder: &Path, key: &str) -> Option<Node> {
    load_items(ctx, folder, key).map(array_node)
}

fn load_items(ctx: &mut Ctx<'_>, folder: &Path, key: &str) -> Option<Vec<Node>> {
    if !folder.is_dir() {
        return None;
    }
    let files = json_files(folder);
    let mut out = Vec::with_capacity(files.len());
    ctx.json_all(&files, |ctx, node| match &node.value {
        Value::Object(m) if m.is_empty() => {} // the Deploy CLI drops empty objects
        Value::Object(_) => out.push(node),
        _ => shape_error(ctx, &node, key, "one JSON object"),
    });
    Some(out)
}

fn array_file(ctx: &mut Ctx<'_>, path: &Path, key: &str) -> Option<Node> {
    if !path.is_file() {
        return None;
    }
    let node = ctx.json(path)?;
    match node.value {
        Value::Array(_) => Some(node),
        // A single object where an array is expected: keep it as a one-item list.
        Value::Object(_) => Some(Node::new(node.span, Value::Array(Box::new([node])))),
        _ => {
            shape_error(ctx, &node, key, "a JSON array");
            None
        }
    }
}

fn object_file(ctx: &mut Ctx<'_>, path: &Path, key: &str) -> Option<Node> {
    let node = ctx.json(path)?;
    if node.as_object().is_none() {
        shape_error(ctx, &node, key, "one JSON object");
        return None;
    }
    Some(node)
}

fn member(key: &str, value: Node) -> Member {
    Member {
        key: Key::from(key),
        key_span: Span::new(
            value.span.file,
            value.span.start as usize,
            value.span.start as usize,
        ),
        value,
    }
}

fn special(
    ctx: &mut Ctx<'_>,
    dir: &Path,
    key: &str,
    connections_dir: Option<&str>,
) -> Option<Node> {
    match key {
        "clients" => {
            let folder = dir.join("clients");
            let mut items = load_items(ctx, &folder, key)?;
            for c in &mut items {
                if let Some(slot) = get_mut(c, "custom_login_page")
                    && let Some(rel) = slot.as_str()
                    && folder.join(rel).is_file()
                    && let Some(loaded) = ctx.side_file(&folder, slot, "custom login page")
                {
                    *slot = loaded;
                }
            }
            Some(array_node(items))
        }
        "connections" => {
            let folder = dir.join(connections_dir.unwrap_or("connections"));
            let mut items = load_items(ctx, &folder, key)?;
            for c in &mut items {
                if c.get_str("strategy") == Some("email") {
                    replace_side(
                        ctx,
                        c,
                        &["options", "email", "body"],
                        &folder,
                        "passwordless email body",
                    );
                }
            }
            Some(array_node(items))
        }
        "rules" => {
            items_with_side_file(ctx, &dir.join("rules"), key, "script", None, "rule script")
        }
        "hooks" => {
            items_with_side_file(ctx, &dir.join("hooks"), key, "script", None, "hook script")
        }
        // Action code paths are relative to the export root, not to `actions/`.
        "actions" => items_with_side_file(
            ctx,
            &dir.join("actions"),
            key,
            "code",
            Some(dir),
            "action code",
        ),
        "actionModules" => items_with_side_file(
            ctx,
            &dir.join("action-modules"),
            key,
            "code",
            Some(dir),
            "action module code",
        ),
        "databases" => databases(ctx, &dir.join("database-connections")),
        "emailProvider" => {
            let path = dir.join("emails/provider.json");
            path.is_file()
                .then(|| object_file(ctx, &path, key))
                .flatten()
        }
        "emailTemplates" => email_templates(ctx, &dir.join("emails")),
        "pages" => pages(ctx, &dir.join("pages")),
        "triggers" => {
            // Only the first JSON file of the folder is read, as the Deploy CLI does.
            let first = json_files(&dir.join("triggers")).into_iter().next()?;
            object_file(ctx, &first, key)
        }
        "attackProtection" => attack_protection(ctx, &dir.join("attack-protection")),
        "branding" => branding(ctx, &dir.join("branding")),
        "prompts" => prompts(ctx, &dir.join("prompts")),
        _ => None,
    }
}

/// One item per file, with the side-file path in `field` replaced by the file's text. Paths are
/// relative to `base`, or to the folder itself.
fn items_with_side_file(
    ctx: &mut Ctx<'_>,
    folder: &Path,
    key: &str,
    field: &str,
    base: Option<&Path>,
    what: &str,
) -> Option<Node> {
    let mut items = load_items(ctx, folder, key)?;
    let base = base.unwrap_or(folder);
    for item in &mut items {
        replace_side(ctx, item, &[field], base, what);
    }
    Some(array_node(items))
}

fn databases(ctx: &mut Ctx<'_>, folder: &Path) -> Option<Node> {
    let rd = std::fs::read_dir(folder).ok()?;
    let mut subdirs: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    subdirs.sort();
    let mut items = Vec::new();
    for sub in subdirs {
        let meta = sub.join("database.json");
        if !meta.is_file() {
            continue;
        }
        let Some(mut db) = object_file(ctx, &meta, "databases") else {
            continue;
        };
        // A top-level `customScripts` is moved under `options`, as the Deploy CLI does.
        if let Value::Object(members) = &mut db.value
            && let Some(pos) = members.iter().position(|m| &*m.key == "customScripts")
        {
            let mut edited = std::mem::take(members).into_vec();
            let scripts = edited.remove(pos);
            match edited.iter_mut().find(|m| &*m.key == "options") {
                Some(opts) => {
                    if let Value::Object(o) = &mut opts.value.value {
                        let mut o_edited = std::mem::take(o).into_vec();
                        o_edited.retain(|m| &*m.key != "customScripts");
                        o_edited.push(scripts);
                        *o = o_edited.into();
                    }
                }
                None => edited.push(Member {
                    key: Key::from("options"),
                    key_span: scripts.key_span,
                    value: Node::new(scripts.value.span, Value::Object(Box::new([scripts]))),
                }),
            }
            *members = edited.into();
        }
        if let Some(Value::Object(scripts)) =
            get_path_mut(&mut db, &["options", "customScripts"]).map(|n| &mut n.value)
        {
            for m in scripts.iter_mut() {
                if let Some(loaded) = ctx.side_file(&sub, &m.value, "database script") {
                    m.value = loaded;
                }
            }
        }
        items.push(db);
    }
    Some(array_node(items))
}

fn email_templates(ctx: &mut Ctx<'_>, folder: &Path) -> Option<Node> {
    if !folder.is_dir() {
        return None;
    }
    let mut items = Vec::new();
    for path in json_files(folder) {
        if path.file_name().is_some_and(|n| n == "provider.json") {
            continue;
        }
        let Some(mut t) = object_file(ctx, &path, "emailTemplates") else {
            continue;
        };
        let explicit = t
            .get_str("body")
            .map(|b| folder.join(b))
            .filter(|p| p.is_file());
        let default = path.with_extension("html");
        match explicit.or_else(|| default.is_file().then_some(default)) {
            Some(html) => match ctx.inside(folder, &html.to_string_lossy()) {
                Ok(_) => {
                    if let Some(body) = ctx.side_text(&html) {
                        set_member(&mut t, "body", body);
                    }
                }
                Err(_) => {
                    if let Some(at) = t.get("body").cloned() {
                        ctx.side_file(folder, &at, "email template body");
                    }
                }
            },
            None => {
                let span = t
                    .get("body")
                    .map(|b| b.span)
                    .unwrap_or(Span::file_start(t.span.file));
                ctx.findings.push(Finding::at(
                    ids::MISSING_SIDE_FILE,
                    Severity::Warning,
                    span,
                    format!(
                        "this email template has no HTML body file (looked for `{}`); `a0deploy` skips the template, so add the file",
                        ctx.display(&path.with_extension("html")).display()
                    ),
                ));
            }
        }
        items.push(t);
    }
    Some(array_node(items))
}

fn set_member(node: &mut Node, key: &str, value: Node) {
    if let Value::Object(members) = &mut node.value {
        if let Some(m) = members.iter_mut().find(|m| &*m.key == key) {
            m.value = value;
        } else {
            let mut grown = std::mem::take(members).into_vec();
            grown.push(member(key, value));
            *members = grown.into();
        }
    }
}

fn pages(ctx: &mut Ctx<'_>, folder: &Path) -> Option<Node> {
    if !folder.is_dir() {
        return None;
    }
    let mut items = Vec::new();
    for path in json_files(folder) {
        let Some(mut page) = object_file(ctx, &path, "pages") else {
            continue;
        };
        let html = path.with_extension("html");
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if html.is_file() {
            if let Some(body) = ctx.side_text(&html) {
                set_member(&mut page, "html", body);
            }
        } else if stem == "login" || stem == "error_page" {
            let empty = Node::string(Span::file_start(page.span.file), "");
            set_member(&mut page, "html", empty);
        } else {
            ctx.findings.push(Finding::at(
                ids::MISSING_SIDE_FILE,
                Severity::Warning,
                Span::file_start(page.span.file),
                format!(
                    "page `{stem}` has no HTML file (looked for `{}`); `a0deploy` skips a page without one",
                    ctx.display(&html).display()
                ),
            ));
        }
        items.push(page);
    }
    Some(array_node(items))
}

fn attack_protection(ctx: &mut Ctx<'_>, folder: &Path) -> Option<Node> {
    if !folder.is_dir() {
        return None;
    }
    let mut members = Vec::new();
    for (file, key) in [
        ("bot-detection.json", "botDetection"),
        (
            "breached-password-detection.json",
            "breachedPasswordDetection",
        ),
        ("brute-force-protection.json", "bruteForceProtection"),
        ("captcha.json", "captcha"),
        ("suspicious-ip-throttling.json", "suspiciousIpThrottling"),
    ] {
        let path = folder.join(file);
        if path.is_file()
            && let Some(node) = object_file(ctx, &path, "attackProtection")
        {
            members.push(member(key, node));
        }
    }
    let file = members
        .first()
        .map(|m| m.value.span.file)
        .unwrap_or_default();
    Some(Node::new(
        Span::file_start(file),
        Value::Object(members.into()),
    ))
}

fn branding(ctx: &mut Ctx<'_>, folder: &Path) -> Option<Node> {
    if !folder.is_dir() {
        return None;
    }
    let settings = folder.join("branding.json");
    let mut node = if settings.is_file() {
        object_file(ctx, &settings, "branding")?
    } else {
        Node::new(Span::default(), Value::Object(Box::default()))
    };
    let templates_dir = folder.join("templates");
    if let Some(mut templates) = load_items(ctx, &templates_dir, "branding") {
        for t in &mut templates {
            replace_side(ctx, t, &["body"], &templates_dir, "branding template");
        }
        set_member(&mut node, "templates", array_node(templates));
    }
    Some(node)
}

fn prompts(ctx: &mut Ctx<'_>, folder: &Path) -> Option<Node> {
    if !folder.is_dir() {
        return None;
    }
    let settings = folder.join("prompts.json");
    let mut node = if settings.is_file() {
        object_file(ctx, &settings, "prompts")?
    } else {
        Node::new(Span::default(), Value::Object(Box::default()))
    };
    let custom_text = folder.join("custom-text.json");
    if custom_text.is_file()
        && let Some(n) = ctx.json(&custom_text)
    {
        set_member(&mut node, "customText", n);
    }
    let partials = folder.join("partials.json");
    if partials.is_file()
        && let Some(n) = ctx.json(&partials)
    {
        let converted = convert_partials(ctx, folder, n);
        set_member(&mut node, "partials", converted);
    }
    if let Some(renderers) = load_items(ctx, &folder.join("screenRenderSettings"), "prompts") {
        set_member(&mut node, "screenRenderers", array_node(renderers));
    }
    Some(node)
}

/// `prompts/partials.json` lists, per prompt, a one-element array of screens, each a list of
/// `{name, template}` where `template` is a Liquid file. The Deploy CLI turns that into
/// `{prompt: {screen: {name: <trimmed file text>}}}`, the shape the YAML format writes inline.
fn convert_partials(ctx: &mut Ctx<'_>, folder: &Path, node: Node) -> Node {
    let span = node.span;
    let Value::Object(prompts) = node.value else {
        return node;
    };
    let mut out = Vec::new();
    for prompt in prompts {
        let screens_obj = prompt.value.as_array().and_then(|a| a.first()).cloned();
        let Some(screens_obj) = screens_obj else {
            out.push(prompt);
            continue;
        };
        let mut screens = Vec::new();
        for screen in screens_obj.as_object().unwrap_or_default() {
            let mut insertions = Vec::new();
            for item in screen.value.as_array().unwrap_or_default() {
                let (Some(name), Some(template)) = (item.get("name"), item.get("template")) else {
                    continue;
                };
                let Some(name_str) = name.as_str() else {
                    continue;
                };
                let value = match ctx.side_file(folder, template, "prompt partial") {
                    Some(mut n) => {
                        if let Value::String(t) = &n.value {
                            n.value = Value::String(t.trim().into());
                        }
                        n
                    }
                    None => Node::string(template.span, ""),
                };
                insertions.push(Member {
                    key: Key::from(name_str),
                    key_span: name.span,
                    value,
                });
            }
            screens.push(Member {
                key: screen.key.clone(),
                key_span: screen.key_span,
                value: Node::new(screen.value.span, Value::Object(insertions.into())),
            });
        }
        out.push(Member {
            key: prompt.key,
            key_span: prompt.key_span,
            value: Node::new(prompt.value.span, Value::Object(screens.into())),
        });
    }
    Node::new(span, Value::Object(out.into()))
}
