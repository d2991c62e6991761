//! SEC-024 no-mfa-factor

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{bool_at, cap, excluded, type_anchor};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let factors = t.items("guardianFactors");
    if factors.is_empty() {
        if f.is_production()
            && !excluded(f, r, "guardianFactors", "whether any MFA factor is enabled")
            && !(t.items("clients").is_empty() && t.items("databases").is_empty())
        {
            cap(
                r.tenant(
                    f,
                    "this production export has no `guardianFactors`, so it cannot show whether any MFA factor is enabled; export the tenant with them (the Deploy CLI writes all of them by default)",
                ),
                Severity::Info,
            );
        }
        return;
    }
    let enabled = factors.iter().any(|x| {
        x.get_str("name") != Some("recovery-code") && bool_at(x, &["enabled"]) == Some(true)
    });
    if enabled {
        return;
    }
    let span = type_anchor(t, "guardianFactors").unwrap_or(factors[0].span);
    r.at(
        f,
        span,
        "/guardianFactors",
        "no multi-factor authentication factor is enabled, so a stolen or guessed password is all it takes to take over an account; enable at least one factor (passkeys/WebAuthn, OTP or push)",
    );
}
