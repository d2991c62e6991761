//! PROD-003 email-template-without-provider

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::bool_at;

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    if t.excluded("emailProvider") {
        return;
    }
    let provider = t
        .object("emailProvider")
        .filter(|p| p.as_object().is_some_and(|m| !m.is_empty()))
        .filter(|p| bool_at(p, &["enabled"]) != Some(false));
    if provider.is_some() {
        return;
    }
    for (i, e) in t.items("emailTemplates").iter().enumerate() {
        let Some(n) = e.get("enabled") else { continue };
        if n.as_bool() != Some(true) {
            continue;
        }
        r.at(
            f,
            n.span,
            format!("/emailTemplates/{i}/enabled"),
            format!(
                "email template `{}` is enabled, but without an enabled email provider Auth0 sends its own default email instead, so this customisation never reaches users; configure an email provider",
                e.get_str("template").unwrap_or("?")
            ),
        );
    }
}
