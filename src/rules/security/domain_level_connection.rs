//! SEC-015 domain-level-connection

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::name_of;

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for key in ["databases", "connections"] {
        for (i, c) in t.items(key).iter().enumerate() {
            let Some(n) = c.get("is_domain_connection") else {
                continue;
            };
            if n.as_bool() != Some(true) {
                continue;
            }
            r.at(
                f,
                n.span,
                format!("/{key}/{i}/is_domain_connection"),
                format!(
                    "connection `{}` is promoted to domain level, so every third-party application, including ones registered dynamically by AI agents or MCP clients, can sign users in through it; set `is_domain_connection: false` unless that is intended",
                    name_of(c)
                ),
            );
        }
    }
}
