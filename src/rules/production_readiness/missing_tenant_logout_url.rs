//! PROD-007 missing-tenant-logout-url

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::type_anchor;
use crate::source::Node;

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    if t.excluded("tenant") {
        return;
    }
    let Some(tenant) = t.object("tenant") else {
        return;
    };
    let value = tenant.get("allowed_logout_urls");
    if value
        .and_then(Node::as_array)
        .is_some_and(|a| !a.is_empty())
        || value.and_then(Node::as_str).is_some()
    {
        return;
    }
    let Some(span) = value.map(|v| v.span).or_else(|| type_anchor(t, "tenant")) else {
        return;
    };
    r.at(
        f,
        span,
        "/tenant/allowed_logout_urls",
        "the tenant allows no logout URL of its own: a logout that names no application (or a session ended from elsewhere) cannot return users to your site; add your main site to the tenant's `allowed_logout_urls`",
    );
}
