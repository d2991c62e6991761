//! SEC-040 api-rbac-not-enforced

use std::collections::BTreeSet;

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{anchor, apis, bool_at, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let used: BTreeSet<&str> = t
        .items("roles")
        .iter()
        .flat_map(|role| {
            role.get("permissions")
                .and_then(|p| p.as_array())
                .unwrap_or_default()
        })
        .filter_map(|p| p.get_str("resource_server_identifier"))
        .collect();
    for (i, a) in apis(t) {
        let Some(id) = a.get_str("identifier") else {
            continue;
        };
        if !used.contains(id) || bool_at(a, &["enforce_policies"]) == Some(true) {
            continue;
        }
        let (span, pointer) = match a.get("enforce_policies") {
            Some(n) => (n.span, format!("/resourceServers/{i}/enforce_policies")),
            None => (anchor(a), format!("/resourceServers/{i}")),
        };
        r.at(
            f,
            span,
            pointer,
            format!(
                "roles grant permissions on API `{}`, but the API does not enforce RBAC, so any user gets whatever scopes the application asks for; set `enforce_policies: true`",
                name_of(a)
            ),
        );
    }
}
