//! The Handlebars registry: embedded templates, the `--templates DIR` override, strict mode, the
//! Markdown escape function and the formatting helpers.
//!
//! Every template is embedded with `include_str!`, so the binary needs no files at run time. A
//! docs team overrides any one of them by putting a file of the same name in `--templates DIR`
//! (`_custom-domains.md.hbs` replaces the Custom domains section and nothing else); a file whose
//! name matches no template is refused, so a typo cannot be silently ignored. Strict mode turns
//! a misspelt field into an error with the template's name, line and column.

use std::path::Path;

use handlebars::{
    Context, DirectorySourceOptions, Handlebars, Helper, HelperDef, HelperResult, Output,
    RenderContext, RenderError, RenderErrorReason,
};
use serde_json::Value;

use super::markdown;

/// File extension of templates, both embedded and in `--templates DIR`.
pub const EXTENSION: &str = ".md.hbs";

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/", $name, ".md.hbs")))),*]
    };
}

/// Every template, by name (its file name without `.md.hbs`). Names starting with `_` are the
/// sections (partials), named after the includes of Auth0's architecture page.
pub static TEMPLATES: &[(&str, &str)] = templates![
    "architecture",
    "architecture-body",
    "tenant",
    "findings",
    "rule",
    "rules-index",
    "_front-matter",
    "_diagram",
    "_findings-table",
    "_architecture-intro",
    "_design-considerations",
    "_domains-impact-architecture",
    "_protocol-impact-architecture",
    "_tenant-provisioning",
    "_complex-organization-tenant-provisioning",
    "_custom-domains",
    "_sdlc-support",
    "_tenant-association",
    "_planning",
    "_keep-reading",
    "_tenant-summary",
    "_tenant-applications",
    "_tenant-apis",
    "_tenant-connections",
    "_tenant-organizations",
    "_tenant-actions",
    "_tenant-custom-domains",
    "_tenant-security",
    "_tenant-findings",
];

/// Builds the registry: the embedded templates, then the overrides in `dir`.
pub fn registry(dir: Option<&Path>) -> Result<Handlebars<'static>, String> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.set_prevent_indent(true);
    hb.register_escape_fn(markdown::escape);
    for (name, text) in TEMPLATES {
        hb.register_template_string(name, *text)
            .map_err(|e| format!("embedded template `{name}`: {e}"))?;
    }
    if let Some(dir) = dir {
        if !dir.is_dir() {
            return Err(format!(
                "--templates {}: not a folder",
                crate::render::path_string(dir)
            ));
        }
        let unknown = unknown_overrides(dir)?;
        if !unknown.is_empty() {
            return Err(format!(
                "--templates {}: {} match{} no template ({}); the templates are: {}",
                crate::render::path_string(dir),
                unknown.join(", "),
                if unknown.len() == 1 { "es" } else { "" },
                "file names are the template name plus `.md.hbs`",
                TEMPLATES
                    .iter()
                    .map(|(n, _)| format!("{n}{EXTENSION}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let mut opts = DirectorySourceOptions::default();
        opts.tpl_extension = EXTENSION.to_owned();
        hb.register_templates_directory(dir, opts)
            .map_err(|e| format!("--templates {}: {e}", crate::render::path_string(dir)))?;
    }
    for (name, f) in HELPERS {
        hb.register_helper(name, Box::new(Formatting(*f)));
    }
    Ok(hb)
}

/// `*.md.hbs` files in `dir` (recursively, as `dir_source` reads them) that name no template.
fn unknown_overrides(dir: &Path) -> Result<Vec<String>, String> {
    let mut unknown = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("--templates: {e}"))?;
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = crate::render::path_string(rel);
        let Some(name) = rel.strip_suffix(EXTENSION) else {
            continue;
        };
        if name
            .rsplit('/')
            .next()
            .is_some_and(|n| n.starts_with('.') || n.starts_with('#'))
        {
            continue;
        }
        if !TEMPLATES.iter().any(|(n, _)| *n == name) {
            unknown.push(format!("`{rel}`"));
        }
    }
    Ok(unknown)
}

/// A helper that only formats its parameters into Markdown: no context, no blocks.
type FormatFn = fn(&Helper<'_>) -> Result<String, RenderError>;

/// Adapts a [`FormatFn`] to handlebars, writing what it returns.
#[derive(Clone, Copy)]
struct Formatting(FormatFn);

impl HelperDef for Formatting {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        out.write(&(self.0)(h)?)?;
        Ok(())
    }
}

/// The helpers, all pure formatting. Each writes Markdown that is already escaped.
///
/// * `{{code x}}`: `x` as a code span (safe in a table cell).
/// * `{{codes list}}`, `{{list list}}`, `{{links list}}`: a comma-separated list of code spans,
///   escaped texts or links; `empty="…"` sets what an empty list prints (default `—`).
/// * `{{link l}}`: `[text](href)`, or the text alone when the href is empty.
/// * `{{inline text}}`: text whose `` `code` `` spans are kept and the rest escaped (messages).
/// * `{{yaml x}}`: a YAML scalar for front matter.
/// * `{{plural n "tenant" "tenants"}}`: `1 tenant`, `4 tenants`.
static HELPERS: &[(&str, FormatFn)] = &[
    ("code", code_helper),
    ("codes", codes_helper),
    ("list", list_helper),
    ("links", links_helper),
    ("link", link_helper),
    ("inline", inline_helper),
    ("yaml", yaml_helper),
    ("plural", plural_helper),
];

fn param<'a>(h: &'a Helper<'_>, i: usize) -> Result<&'a Value, RenderError> {
    h.param(i)
        .map(|p| p.value())
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex(helper_name(h), i).into())
}

fn helper_name(h: &Helper<'_>) -> &'static str {
    HELPERS
        .iter()
        .find(|(n, _)| *n == h.name())
        .map(|(n, _)| *n)
        .unwrap_or("helper")
}

fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn items(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        Value::Null => Vec::new(),
        other => vec![other],
    }
}

fn empty_text(h: &Helper<'_>) -> String {
    h.hash_get("empty")
        .map(|v| markdown::escape(&as_text(v.value())))
        .unwrap_or_else(|| "—".to_owned())
}

fn join(h: &Helper<'_>, parts: Vec<String>) -> String {
    if parts.is_empty() {
        empty_text(h)
    } else {
        parts.join(", ")
    }
}

fn link_text(v: &Value) -> String {
    let text = markdown::escape(&as_text(&v["text"]));
    match v["href"].as_str() {
        Some(href) if !href.is_empty() => format!("[{text}]({})", href_escape(href)),
        _ => text,
    }
}

/// A link destination: spaces and parentheses would end it, so they are percent-encoded.
fn href_escape(href: &str) -> String {
    href.replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
        .replace('<', "%3C")
        .replace('>', "%3E")
}

fn code_helper(h: &Helper<'_>) -> Result<String, RenderError> {
    Ok(markdown::code(&as_text(param(h, 0)?)))
}

fn codes_helper(h: &Helper<'_>) -> Result<String, RenderError> {
    let parts = items(param(h, 0)?)
        .into_iter()
        .map(|v| markdown::code(&as_text(v)))
        .collect();
    Ok(join(h, parts))
}

fn list_helper(h: &Helper<'_>) -> Result<String, RenderError> {
    let parts = items(param(h, 0)?)
        .into_iter()
        .map(|v| markdown::escape(&as_text(v)))
        .collect();
    Ok(join(h, parts))
}

fn links_helper(h: &Helper<'_>) -> Result<String, RenderError> {
    let parts = items(param(h, 0)?).into_iter().map(link_text).collect();
    Ok(join(h, parts))
}

fn link_helper(h: &Helper<'_>) -> Result<String, RenderError> {
    Ok(link_text(param(h, 0)?))
}

fn inline_helper(h: &Helper<'_>) -> Result<String, RenderError> {
    Ok(inline(&as_text(param(h, 0)?)))
}

/// Escapes text but keeps its `` `code` `` spans as code spans. With an odd number of backticks,
/// everything is escaped.
pub fn inline(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return markdown::escape(s);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i % 2 == 1 {
                markdown::code(p)
            } else {
                markdown::escape(p)
            }
        })
        .collect()
}

fn yaml_helper(h: &Helper<'_>) -> Result<String, RenderError> {
    Ok(markdown::yaml_scalar(&as_text(param(h, 0)?)))
}

fn plural_helper(h: &Helper<'_>) -> Result<String, RenderError> {
    let n = param(h, 0)?.as_u64().unwrap_or(0);
    let word = if n == 1 { param(h, 1)? } else { param(h, 2)? };
    Ok(format!("{n} {}", markdown::escape(&as_text(word))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn embedded_templates_compile_and_helpers_format() {
        let mut hb = registry(None).unwrap();
        hb.register_template_string(
            "t",
            "{{code c}} {{codes l}} {{list e}} {{list e empty=\"none\"}} {{link k}} {{links ks}} {{inline m}} {{yaml y}} {{plural n \"tenant\" \"tenants\"}} {{v}}",
        )
        .unwrap();
        let out = hb
            .render(
                "t",
                &json!({
                    "c": "a|b", "l": ["x", "y"], "e": [], "k": {"text": "A*", "href": "a b.md"},
                    "ks": [{"text": "t", "href": ""}], "m": "field `x|y` is *odd*", "y": "a: b",
                    "n": 4, "v": "<b>|"
                }),
            )
            .unwrap();
        assert_eq!(
            out,
            "`a\\|b` `x`, `y` — none [A\\*](a%20b.md) t field `x\\|y` is \\*odd\\* \"a: b\" 4 tenants \\<b\\>\\|"
        );
    }

    #[test]
    fn strict_mode_names_the_missing_field() {
        let mut hb = registry(None).unwrap();
        hb.register_template_string("t", "{{nope}}").unwrap();
        let e = hb.render("t", &json!({})).unwrap_err().to_string();
        assert!(e.contains("nope"), "{e}");
    }

    #[test]
    fn overrides_replace_one_template_and_unknown_names_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("_keep-reading.md.hbs"), "custom\n").unwrap();
        let hb = registry(Some(dir.path())).unwrap();
        assert_eq!(hb.render("_keep-reading", &json!({})).unwrap(), "custom\n");
        std::fs::write(dir.path().join("_keep-readin.md.hbs"), "typo\n").unwrap();
        let e = registry(Some(dir.path())).unwrap_err();
        assert!(
            e.contains("`_keep-readin.md.hbs` matches no template"),
            "{e}"
        );
    }
}
