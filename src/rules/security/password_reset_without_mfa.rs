//! SEC-028 password-reset-without-mfa

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{accepts_passwords, actions_for, bool_at, code, type_anchor};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    if !t.items("databases").iter().any(accepts_passwords) {
        return;
    }
    let factors = t.items("guardianFactors").iter().any(|x| {
        x.get_str("name") != Some("recovery-code") && bool_at(x, &["enabled"]) == Some(true)
    });
    if !factors || t.excluded("actions") {
        return;
    }
    let reset: Vec<usize> = actions_for(t, "password-reset-post-challenge")
        .into_iter()
        .map(|(i, _)| i)
        .collect();
    let codes = code(t);
    for i in &reset {
        let pointer = format!("/actions/{i}/code");
        if let Some(c) = codes.iter().find(|c| c.pointer == pointer)
            && (!c.loaded() || c.text.contains("challengeWith"))
        {
            return;
        }
    }
    let span = type_anchor(t, "databases").unwrap_or(t.items("databases")[0].span);
    r.at(
        f,
        span,
        "/databases",
        if reset.is_empty() {
            "MFA is set up, but a password reset needs only access to the user's mailbox: no password-reset-post-challenge action asks for a second factor; add one that calls `api.authentication.challengeWith`"
        } else {
            "MFA is set up, but the password-reset-post-challenge action never calls `api.authentication.challengeWith`, so a reset needs only access to the user's mailbox; challenge the user for a second factor there"
        },
    );
}
