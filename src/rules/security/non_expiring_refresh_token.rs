//! SEC-007 non-expiring-refresh-token

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{bool_at, clients, has_grant, is_deploy_client, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, c) in clients(t) {
        if !has_grant(c, "refresh_token") || is_deploy_client(name_of(c)) {
            continue;
        }
        let Some(rt) = c.get("refresh_token") else {
            continue;
        };
        let (node, field) = if let Some(n) = rt
            .get("expiration_type")
            .filter(|n| n.as_str() == Some("non-expiring"))
        {
            (n, "expiration_type")
        } else if bool_at(rt, &["infinite_token_lifetime"]) == Some(true)
            && rt.get_str("expiration_type") != Some("expiring")
        {
            (
                rt.get("infinite_token_lifetime").unwrap_or(rt),
                "infinite_token_lifetime",
            )
        } else {
            continue;
        };
        r.at(
            f,
            node.span,
            format!("/clients/{i}/refresh_token/{field}"),
            format!(
                "client `{}` issues refresh tokens that never expire: a leaked token grants access for as long as the user exists; set `expiration_type: expiring` with an absolute and an idle lifetime",
                name_of(c)
            ),
        );
    }
}
