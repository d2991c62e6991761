//! PROD-009 missing-custom-error-page

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{excluded, type_anchor};
use crate::source::Node;

fn set(node: Option<&Node>, key: &str) -> bool {
    node.and_then(|n| n.get_str(key))
        .is_some_and(|s| !s.trim().is_empty())
}

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let page = t
        .items("pages")
        .iter()
        .find(|p| p.get_str("name") == Some("error_page"));
    let tenant_page = t.object("tenant").and_then(|x| x.get("error_page"));
    if set(page, "html") || set(page, "url") || set(tenant_page, "html") || set(tenant_page, "url")
    {
        return;
    }
    if page.is_none() && excluded(f, r, "pages", "whether a custom error page is set") {
        return;
    }
    let msg = "the tenant has no custom error page: users who hit an authorization error see Auth0's generic page, with no way back to your site or support; set `error_page` (an HTTPS `url` or `html`)";
    match type_anchor(t, "pages").or_else(|| type_anchor(t, "tenant")) {
        Some(span) => r.at(f, span, "/pages", msg),
        None => r.tenant(f, msg),
    };
}
