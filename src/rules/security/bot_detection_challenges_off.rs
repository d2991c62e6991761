//! SEC-023 bot-detection-challenges-off

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};

const POLICIES: &[&str] = &[
    "challenge_password_policy",
    "challenge_passwordless_policy",
    "challenge_password_reset_policy",
];

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let Some(bd) = t
        .object("attackProtection")
        .and_then(|a| a.get("botDetection"))
    else {
        return;
    };
    if let Some(n) = bd.get("monitoring_mode_enabled")
        && n.as_bool() == Some(true)
    {
        r.at(
            f,
            n.span,
            "/attackProtection/botDetection/monitoring_mode_enabled",
            "bot detection runs in monitoring mode: it records bots but challenges none of them; turn monitoring mode off once the logs look right",
        );
        return;
    }
    let set: Vec<&str> = POLICIES.iter().filter_map(|p| bd.get_str(p)).collect();
    if !set.is_empty()
        && set.len() == POLICIES.len()
        && set.iter().all(|p| *p == "never")
        && let Some(n) = bd.get(POLICIES[0])
    {
        r.at(
            f,
            n.span,
            format!("/attackProtection/botDetection/{}", POLICIES[0]),
            "bot detection never challenges password, passwordless or password-reset flows, so scripted sign-ups and credential stuffing meet no CAPTCHA; set the challenge policies to `when_risky`",
        );
    }
}
