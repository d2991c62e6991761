//! SEC-020 breached-password-detection-off

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{cap, excluded, in_env, strings};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let Some(bpd) = t
        .object("attackProtection")
        .and_then(|a| a.get("breachedPasswordDetection"))
    else {
        if !t.items("databases").is_empty()
            && f.is_production()
            && !excluded(
                f,
                r,
                "attackProtection",
                "whether breached password detection is on",
            )
        {
            cap(
                r.tenant(
                    f,
                    "this production export has no `attackProtection.breachedPasswordDetection` setting, so the tenant keeps whatever it has, and Auth0's default is off; export or add the setting so the pipeline manages it",
                ),
                Severity::Info,
            );
        }
        return;
    };
    if let Some(n) = bpd.get("enabled").filter(|n| n.as_bool() == Some(false)) {
        r.at(
            f,
            n.span,
            "/attackProtection/breachedPasswordDetection/enabled",
            format!(
                "breached password detection is off{}: users can keep signing in with passwords already published in data breaches, the first ones credential-stuffing attacks try; turn it on with the `block` shield",
                in_env(f)
            ),
        );
        return;
    }
    if let Some(shields) = bpd.get("shields")
        && !strings(Some(shields)).iter().any(|(_, _, s)| *s == "block")
    {
        cap(
            r.at(
                f,
                shields.span,
                "/attackProtection/breachedPasswordDetection/shields",
                "breached password detection does not block sign-ins with breached passwords, it only notifies; add `block` to `shields`",
            ),
            Severity::Warning,
        );
    }
    if let Some(shields) = bpd.get_path(&["stage", "pre-user-registration", "shields"])
        && !strings(Some(shields)).iter().any(|(_, _, s)| *s == "block")
    {
        cap(
            r.at(
                f,
                shields.span,
                "/attackProtection/breachedPasswordDetection/stage/pre-user-registration/shields",
                "breached password detection lets new users sign up with a breached password; add `block` to the `pre-user-registration` stage's `shields`",
            ),
            Severity::Warning,
        );
    }
}
