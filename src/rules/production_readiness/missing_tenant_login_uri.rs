//! PROD-006 missing-tenant-login-uri

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::type_anchor;

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    if t.excluded("tenant") {
        return;
    }
    let Some(tenant) = t.object("tenant") else {
        return;
    };
    let value = tenant.get("default_redirection_uri");
    if value
        .and_then(|v| v.as_str())
        .is_some_and(|s| !s.trim().is_empty())
    {
        return;
    }
    let Some(span) = value.map(|v| v.span).or_else(|| type_anchor(t, "tenant")) else {
        return;
    };
    r.at(
        f,
        span,
        "/tenant/default_redirection_uri",
        "the tenant has no default login route (`default_redirection_uri`): users who open a password-reset or verification link, or start at Universal Login without an application, end on an error instead of your sign-in page; set it to your application's login URL",
    );
}
