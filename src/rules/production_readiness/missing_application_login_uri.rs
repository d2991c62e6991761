//! PROD-008 missing-application-login-uri

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{anchor, clients, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, c) in clients(t) {
        if !matches!(c.get_str("app_type"), Some("spa" | "regular_web")) {
            continue;
        }
        let value = c.get("initiate_login_uri");
        if value
            .and_then(|v| v.as_str())
            .is_some_and(|s| !s.trim().is_empty())
        {
            continue;
        }
        r.at(
            f,
            value.map_or_else(|| anchor(c), |v| v.span),
            format!("/clients/{i}/initiate_login_uri"),
            format!(
                "client `{}` has no application login URI (`initiate_login_uri`): when a sign-in starts outside the app (a password reset, an invitation, an expired session) Auth0 cannot send users back to start a proper login; set it to the app's HTTPS login route",
                name_of(c)
            ),
        );
    }
}
