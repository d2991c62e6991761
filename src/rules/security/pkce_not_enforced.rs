//! SEC-029 pkce-not-enforced

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{actions_for, anchor, clients, code, has_grant, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    if t.excluded("actions") {
        return;
    }
    let codes = code(t);
    for (i, _) in actions_for(t, "post-login") {
        let pointer = format!("/actions/{i}/code");
        if let Some(c) = codes.iter().find(|c| c.pointer == pointer)
            && (!c.loaded()
                || (c.text.contains("code_challenge") && c.text.contains("api.access.deny")))
        {
            return;
        }
    }
    for (i, c) in clients(t) {
        let app_type = c.get_str("app_type").unwrap_or("");
        if !matches!(app_type, "spa" | "native") || !has_grant(c, "authorization_code") {
            continue;
        }
        r.at(
            f,
            anchor(c),
            format!("/clients/{i}"),
            format!(
                "public `{app_type}` client `{}` uses the authorization code flow, and no post-login action rejects requests without a PKCE `code_challenge`, so an intercepted code may be redeemed; deny such requests in a post-login action",
                name_of(c)
            ),
        );
    }
}
