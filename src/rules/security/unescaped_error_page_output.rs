//! SEC-017 unescaped-error-page-output

use std::sync::LazyLock;

use regex::Regex;

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::raw;
use crate::source::{Node, Span};

static OUTPUT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{-?\s*(?P<expr>[^}]*?)\s*-?\}\}").expect("valid regex"));

const SAFE_FILTERS: &[&str] = &[
    "escape",
    "escape_once",
    "h",
    "html_escape",
    "url_encode",
    "uri_escape",
    "cgi_escape",
];

pub fn check(f: &TenantFacts<'_>, model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let mut pages: Vec<(&Node, String)> = Vec::new();
    for (i, p) in t.items("pages").iter().enumerate() {
        if p.get_str("name") == Some("error_page")
            && let Some(h) = p.get("html")
        {
            pages.push((h, format!("/pages/{i}/html")));
        }
    }
    if let Some(h) = t
        .object("tenant")
        .and_then(|x| x.get_path(&["error_page", "html"]))
    {
        pages.push((h, "/tenant/error_page/html".into()));
    }
    for (node, pointer) in pages {
        if node.as_str().is_none_or(|s| !s.contains("{{")) {
            continue;
        }
        let (file, start, end) = raw(model, node.span);
        let text = &file.text[start..end];
        for c in OUTPUT.captures_iter(text) {
            let expr = c["expr"].trim();
            let filters: Vec<&str> = expr.split('|').skip(1).map(str::trim).collect();
            let raw_filter = filters
                .iter()
                .any(|x| matches!(*x, "raw" | "unescaped" | "safe"));
            let escaped = filters
                .iter()
                .any(|x| SAFE_FILTERS.contains(&x.split([':', ' ']).next().unwrap_or("")));
            if escaped && !raw_filter {
                continue;
            }
            let variable = expr.split('|').next().unwrap_or("").trim();
            if variable.is_empty() || variable.starts_with(['"', '\'']) {
                continue;
            }
            let m = c.get(0).expect("match");
            r.at(
                f,
                Span::new(node.span.file, start + m.start(), start + m.end()),
                pointer.clone(),
                format!(
                    "the custom error page prints `{variable}` {}: error details come from the request, so a crafted link can inject script into a page on your login domain; add `| escape`",
                    if raw_filter { "through a raw filter" } else { "without escaping" }
                ),
            );
        }
    }
}
