//! PROD-001 missing-email-provider

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{excluded, in_env, type_anchor};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let provider = t
        .object("emailProvider")
        .filter(|p| p.as_object().is_some_and(|m| !m.is_empty()));
    let Some(p) = provider else {
        if excluded(
            f,
            r,
            "emailProvider",
            "whether an email provider is configured",
        ) {
            return;
        }
        let msg = format!(
            "no email provider is configured{}: verification, password-reset and MFA emails go through Auth0's built-in test provider, which is rate-limited and not meant for real users; configure your own provider (`emailProvider`)",
            in_env(f)
        );
        match type_anchor(t, "emailProvider") {
            Some(span) => r.at(f, span, "/emailProvider", msg),
            None => r.tenant(f, msg),
        };
        return;
    };
    if let Some(n) = p.get("enabled")
        && n.as_bool() == Some(false)
    {
        r.at(
            f,
            n.span,
            "/emailProvider/enabled",
            format!(
                "the email provider is disabled{}, so every email goes through Auth0's rate-limited built-in test provider; set `enabled: true`",
                in_env(f)
            ),
        );
    }
}
