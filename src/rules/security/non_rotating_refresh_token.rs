//! SEC-006 non-rotating-refresh-token

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{clients, has_grant, is_deploy_client, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, c) in clients(t) {
        let app_type = c.get_str("app_type").unwrap_or("");
        if !matches!(app_type, "spa" | "native")
            || !has_grant(c, "refresh_token")
            || is_deploy_client(name_of(c))
        {
            continue;
        }
        let Some(rot) = c.get_path(&["refresh_token", "rotation_type"]) else {
            continue;
        };
        if rot.as_str() != Some("non-rotating") {
            continue;
        }
        r.at(
            f,
            rot.span,
            format!("/clients/{i}/refresh_token/rotation_type"),
            format!(
                "client `{}` is a public `{app_type}` application with non-rotating refresh tokens: a token stolen from the browser or device can be replayed until it expires, and reuse goes undetected; set `rotation_type: rotating`",
                name_of(c)
            ),
        );
    }
}
