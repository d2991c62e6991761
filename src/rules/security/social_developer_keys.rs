//! SEC-042 social-developer-keys

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{SOCIAL_STRATEGIES, anchor, in_env, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let custom_domain = !t.items("customDomains").is_empty();
    for (i, c) in t.items("connections").iter().enumerate() {
        let Some(strategy) = c.get_str("strategy") else {
            continue;
        };
        if !SOCIAL_STRATEGIES.contains(&strategy) {
            continue;
        }
        let id = c.get_path(&["options", "client_id"]);
        if id.is_some_and(|n| n.as_str().is_some_and(|s| !s.trim().is_empty())) {
            continue;
        }
        let (span, pointer) = match id {
            Some(n) => (n.span, format!("/connections/{i}/options/client_id")),
            None => (anchor(c), format!("/connections/{i}")),
        };
        r.at(
            f,
            span,
            pointer,
            format!(
                "social connection `{}` has no `client_id`, so it runs on Auth0's developer keys{}: they are for testing only, show Auth0's name on the consent screen, do not support SSO{}; register your own app with `{strategy}` and set its client id and secret",
                name_of(c),
                in_env(f),
                if custom_domain { ", and do not work with the custom domain" } else { "" }
            ),
        );
    }
}
