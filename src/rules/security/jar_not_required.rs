//! SEC-032 jar-not-required

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{anchor, bool_at, clients, has_grant, is_confidential, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, c) in clients(t) {
        if !is_confidential(c)
            || matches!(c.get_str("app_type"), Some("spa" | "native"))
            || !(has_grant(c, "authorization_code") || has_grant(c, "implicit"))
        {
            continue;
        }
        let required = bool_at(c, &["signed_request_object", "required"]) == Some(true);
        let has_keys = c
            .get_path(&["signed_request_object", "credentials"])
            .and_then(|n| n.as_array())
            .is_some_and(|a| !a.is_empty());
        if required && has_keys {
            continue;
        }
        let (span, pointer) = match c.get("signed_request_object") {
            Some(n) => (n.span, format!("/clients/{i}/signed_request_object")),
            None => (anchor(c), format!("/clients/{i}")),
        };
        r.at(
            f,
            span,
            pointer,
            format!(
                "client `{}` {}: its authorization requests are not signed, so their parameters can be tampered with on the way; require JWT-secured authorization requests (`signed_request_object`)",
                name_of(c),
                if required { "requires signed request objects but registers no key to verify them" } else { "accepts unsigned authorization requests" }
            ),
        );
    }
}
