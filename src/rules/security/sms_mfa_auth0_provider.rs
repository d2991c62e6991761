//! SEC-026 sms-mfa-auth0-provider

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{bool_at, in_env};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let sms = t
        .items("guardianFactors")
        .iter()
        .any(|x| x.get_str("name") == Some("sms") && bool_at(x, &["enabled"]) == Some(true));
    if !sms {
        return;
    }
    let Some(p) = t
        .object("guardianPhoneFactorSelectedProvider")
        .and_then(|x| x.get("provider"))
    else {
        return;
    };
    if p.as_str() != Some("auth0") {
        return;
    }
    r.at(
        f,
        p.span,
        "/guardianPhoneFactorSelectedProvider/provider",
        format!(
            "the SMS MFA factor is enabled with Auth0's built-in phone provider{}: it is meant for testing and stops after 100 messages for the tenant's lifetime, after which users cannot complete MFA; select Twilio or a custom phone provider",
            in_env(f)
        ),
    );
}
