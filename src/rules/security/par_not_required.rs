//! SEC-031 par-not-required

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{anchor, bool_at, clients, has_grant, is_confidential, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, c) in clients(t) {
        if !is_confidential(c)
            || matches!(c.get_str("app_type"), Some("spa" | "native"))
            || !has_grant(c, "authorization_code")
            || bool_at(c, &["require_pushed_authorization_requests"]) == Some(true)
        {
            continue;
        }
        let (span, pointer) = match c.get("require_pushed_authorization_requests") {
            Some(n) => (
                n.span,
                format!("/clients/{i}/require_pushed_authorization_requests"),
            ),
            None => (anchor(c), format!("/clients/{i}")),
        };
        r.at(
            f,
            span,
            pointer,
            format!(
                "client `{}` sends its authorization parameters through the browser, where they can be read or altered; require Pushed Authorization Requests (`require_pushed_authorization_requests: true`)",
                name_of(c)
            ),
        );
    }
}
