//! SEC-051 management-api-not-ip-restricted

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{bool_at, type_anchor};
use crate::source::Node;

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let acls = t.items("networkACLs");
    if acls.is_empty() {
        return;
    }
    let restricted = acls.iter().any(|a| {
        let non_empty = |k: &str| {
            a.get_path(&["rule", "match", k])
                .and_then(Node::as_array)
                .is_some_and(|x| !x.is_empty())
        };
        bool_at(a, &["active"]) == Some(true)
            && a.get_path(&["rule", "scope"]).and_then(Node::as_str) == Some("management")
            && bool_at(a, &["rule", "action", "allow"]) == Some(true)
            && (non_empty("ipv4_cidrs") || non_empty("ipv6_cidrs"))
    });
    if restricted {
        return;
    }
    r.at(
        f,
        type_anchor(t, "networkACLs").unwrap_or(acls[0].span),
        "/networkACLs",
        "the tenant uses network ACLs, but none limits the Management API to known IP ranges, so a leaked machine-to-machine credential works from anywhere; add an active `management` rule that allows only your ranges",
    );
}
