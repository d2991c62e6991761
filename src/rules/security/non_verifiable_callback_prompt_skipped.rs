//! SEC-045 non-verifiable-callback-prompt-skipped

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{clients, name_of};

const FLAG: &str = "skip_non_verifiable_callback_uri_confirmation_prompt";

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    const WHY: &str = "users are no longer asked to confirm before a native app that cannot prove it owns its custom-scheme callback receives their tokens, which is how impersonating apps steal them";
    if let Some(n) = t.object("tenant").and_then(|x| x.get(FLAG))
        && n.as_bool() == Some(true)
    {
        r.at(
            f,
            n.span,
            format!("/tenant/{FLAG}"),
            format!("the tenant skips the confirmation prompt for non-verifiable callbacks: {WHY}; turn `{FLAG}` off"),
        );
    }
    for (i, c) in clients(t) {
        if let Some(n) = c.get(FLAG)
            && n.as_bool() == Some(true)
        {
            r.at(
                f,
                n.span,
                format!("/clients/{i}/{FLAG}"),
                format!(
                    "client `{}` skips the confirmation prompt for non-verifiable callbacks: {WHY}; turn `{FLAG}` off or use claimed HTTPS callbacks",
                    name_of(c)
                ),
            );
        }
    }
}
