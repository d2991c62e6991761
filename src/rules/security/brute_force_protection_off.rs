//! SEC-018 brute-force-protection-off

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{cap, in_env, strings};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let Some(bf) = t
        .object("attackProtection")
        .and_then(|a| a.get("bruteForceProtection"))
    else {
        return;
    };
    if let Some(n) = bf.get("enabled").filter(|n| n.as_bool() == Some(false)) {
        r.at(
            f,
            n.span,
            "/attackProtection/bruteForceProtection/enabled",
            format!(
                "brute-force protection is off{}: nothing stops an attacker from trying password after password against one account; turn it on with the `block` shield",
                in_env(f)
            ),
        );
        return;
    }
    if let Some(shields) = bf.get("shields")
        && !strings(Some(shields)).iter().any(|(_, _, s)| *s == "block")
    {
        cap(
            r.at(
                f,
                shields.span,
                "/attackProtection/bruteForceProtection/shields",
                "brute-force protection only notifies and never blocks: without the `block` shield an attacker can keep guessing one account's password; add `block` to `shields`",
            ),
            Severity::Warning,
        );
    }
}
