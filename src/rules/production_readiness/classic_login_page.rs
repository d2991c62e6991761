//! PROD-016 classic-login-page

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::bool_at;

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    if let Some(n) = t
        .object("prompts")
        .and_then(|p| p.get("universal_login_experience"))
        && n.as_str() == Some("classic")
    {
        r.at(
            f,
            n.span,
            "/prompts/universal_login_experience",
            "the tenant uses the Classic Universal Login experience, which no longer gets new features or security updates (passkeys, new MFA factors, bot detection improvements); switch `universal_login_experience` to `new`",
        );
    }
    for (i, p) in t.items("pages").iter().enumerate() {
        if p.get_str("name") != Some("login") || bool_at(p, &["enabled"]) != Some(true) {
            continue;
        }
        let n = p.get("enabled").unwrap_or(p);
        r.at(
            f,
            n.span,
            format!("/pages/{i}/enabled"),
            "a custom login page (Classic Login with Lock or auth0.js) replaces Universal Login, so you maintain the sign-in code and its libraries yourself and miss Universal Login's protections; prefer Universal Login with branding",
        );
    }
}
