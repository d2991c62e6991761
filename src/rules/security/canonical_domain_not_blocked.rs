//! SEC-050 canonical-domain-not-blocked

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{bool_at, strings, type_anchor};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let acls = t.items("networkACLs");
    let ready = t
        .items("customDomains")
        .iter()
        .any(|d| d.get_str("status") == Some("ready"));
    if acls.is_empty() || !ready {
        return;
    }
    let canonical = t.config.as_ref().and_then(|c| c.domain.clone());
    let blocked = acls.iter().any(|a| {
        bool_at(a, &["active"]) == Some(true)
            && a.get_path(&["rule", "scope"]).and_then(|s| s.as_str()) == Some("authentication")
            && bool_at(a, &["rule", "action", "block"]) == Some(true)
            && strings(a.get_path(&["rule", "match", "hostnames"]))
                .iter()
                .any(|(_, _, h)| {
                    h.ends_with(".auth0.com")
                        || h.ends_with(".auth0app.com")
                        || canonical.as_deref() == Some(*h)
                })
    });
    if blocked {
        return;
    }
    r.at(
        f,
        type_anchor(t, "networkACLs").unwrap_or(acls[0].span),
        "/networkACLs",
        "the tenant has a ready custom domain and uses network ACLs, but no active ACL blocks sign-ins on the canonical `*.auth0.com` host, so users and bots can bypass the custom domain and the protections in front of it; add a blocking rule for the canonical hostname",
    );
}
