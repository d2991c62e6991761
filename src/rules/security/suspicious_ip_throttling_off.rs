//! SEC-021 suspicious-ip-throttling-off

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{cap, in_env, strings};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let Some(sit) = t
        .object("attackProtection")
        .and_then(|a| a.get("suspiciousIpThrottling"))
    else {
        return;
    };
    if let Some(n) = sit.get("enabled").filter(|n| n.as_bool() == Some(false)) {
        r.at(
            f,
            n.span,
            "/attackProtection/suspiciousIpThrottling/enabled",
            format!(
                "suspicious IP throttling is off{}: one address can try credentials against many accounts, or sign up in bulk, without being slowed down; Auth0 advises never to turn it off",
                in_env(f)
            ),
        );
        return;
    }
    if let Some(shields) = sit.get("shields")
        && !strings(Some(shields)).iter().any(|(_, _, s)| *s == "block")
    {
        cap(
            r.at(
                f,
                shields.span,
                "/attackProtection/suspiciousIpThrottling/shields",
                "suspicious IP throttling never blocks the address, it only notifies; add `block` to `shields`",
            ),
            Severity::Warning,
        );
    }
}
