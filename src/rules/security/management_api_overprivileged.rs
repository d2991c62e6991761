//! SEC-041 management-api-overprivileged

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{is_deploy_client, strings};

/// Resources whose create, update or delete scope lets a client take over the tenant.
const CRITICAL: &[&str] = &[
    "clients",
    "client_grants",
    "client_keys",
    "client_credentials",
    "connections",
    "resource_servers",
    "rules",
    "hooks",
    "actions",
    "email_provider",
    "tenant_settings",
    "custom_domains",
    "log_streams",
    "guardian_factors",
    "roles",
    "organizations",
];

fn critical(scope: &str) -> bool {
    let Some((verb, resource)) = scope.split_once(':') else {
        return false;
    };
    match verb {
        "delete" => true,
        "create" | "update" => CRITICAL.contains(&resource),
        "read" => resource == "client_keys",
        _ => false,
    }
}

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, g) in t.items("clientGrants").iter().enumerate() {
        let Some(aud) = g.get_str("audience") else {
            continue;
        };
        let client = g.get_str("client_id").unwrap_or("?");
        if !aud.trim_end_matches('/').ends_with("/api/v2") || is_deploy_client(client) {
            continue;
        }
        let scopes = strings(g.get("scope"));
        let risky: Vec<&(usize, &crate::source::Node, &str)> =
            scopes.iter().filter(|(_, _, s)| critical(s)).collect();
        let Some((j, first, _)) = risky.first() else {
            continue;
        };
        let names: Vec<String> = risky
            .iter()
            .take(3)
            .map(|(_, _, s)| format!("`{s}`"))
            .collect();
        r.at(
            f,
            first.span,
            format!("/clientGrants/{i}/scope/{j}"),
            format!(
                "client `{client}` holds {} high-impact Management API scope{} ({}{}): whoever obtains its credentials can change the tenant's applications, connections or settings; grant only the scopes it uses",
                risky.len(),
                if risky.len() == 1 { "" } else { "s" },
                names.join(", "),
                if risky.len() > 3 { ", …" } else { "" }
            ),
        );
    }
}
