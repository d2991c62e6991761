//! SEC-001 plain-http-url

use crate::rules::engine::Reporter;
use crate::rules::helpers::{host, is_local_host, urls};
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{in_env, inert_client_url};
use crate::source::{Node, keywords};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    // Only `http://` and `file://` URLs can be reported (see the loop below): leave the others
    // out before building their messages' parts.
    let scheme = |url: &str, s: &str| {
        url.trim()
            .get(..s.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(s))
    };
    let mut found: Vec<(&Node, String, String, String)> = urls(t)
        .into_iter()
        .filter(|u| scheme(u.url, "http://") || scheme(u.url, "file://"))
        .map(|u| (u.node, u.url.to_owned(), u.pointer(), u.owner()))
        .collect();
    for (i, e) in t.items("emailTemplates").iter().enumerate() {
        if let Some(n) = e.get("resultUrl") {
            found.push((
                n,
                n.as_str().unwrap_or_default().to_owned(),
                format!("/emailTemplates/{i}/resultUrl"),
                format!("email template `{}`", e.get_str("template").unwrap_or("?")),
            ));
        }
    }
    for (i, p) in t.items("pages").iter().enumerate() {
        if let Some(n) = p.get("url") {
            found.push((
                n,
                n.as_str().unwrap_or_default().to_owned(),
                format!("/pages/{i}/url"),
                format!("page `{}`", p.get_str("name").unwrap_or("?")),
            ));
        }
    }
    if let Some(n) = t
        .object("tenant")
        .and_then(|x| x.get_path(&["error_page", "url"]))
    {
        found.push((
            n,
            n.as_str().unwrap_or_default().to_owned(),
            "/tenant/error_page/url".into(),
            "the tenant's error page".into(),
        ));
    }
    for (node, url, pointer, owner) in found {
        if keywords::has_marker(&url) || inert_client_url(t, &pointer) {
            continue;
        }
        let lower = url.trim().to_ascii_lowercase();
        let field = pointer
            .rsplit('/')
            .find(|s| s.parse::<usize>().is_err())
            .unwrap_or("")
            .to_owned();
        let what = if lower.starts_with("file://") {
            "a `file://` URL".to_owned()
        } else if lower.starts_with("http://") {
            match host(&lower) {
                Some(h) if !is_local_host(&h) => format!("the plain-HTTP URL on `{h}`"),
                _ => continue,
            }
        } else {
            continue;
        };
        r.at(
            f,
            node.span,
            pointer,
            format!(
                "{owner} allows {what} in `{field}`{}: codes, tokens and sessions sent there travel unencrypted and can be read or changed on the way; use `https://`",
                in_env(f)
            ),
        );
    }
}
