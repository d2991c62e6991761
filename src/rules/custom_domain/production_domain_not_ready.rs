//! DOMAIN-004 production-domain-not-ready

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::source::keywords;

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    if !f.is_production() {
        return;
    }
    for (i, d) in t.items("customDomains").iter().enumerate() {
        let Some(node) = d.get("status") else {
            continue;
        };
        let Some(status) = node.as_str().filter(|s| !keywords::has_marker(s)) else {
            continue;
        };
        if status == "ready" {
            continue;
        }
        let advice = match status {
            "pending" | "pending_verification" => {
                "Finish verification: create the CNAME record Auth0 shows for the domain and verify it"
            }
            "failed" => "Fix the DNS record Auth0 shows for the domain and verify it again",
            _ => "Enable and verify it in the Dashboard (Branding > Custom Domains)",
        };
        r.at(
            f,
            node.span,
            format!("/customDomains/{i}/status"),
            format!(
                "custom domain `{}` of production tenant `{}` has status `{status}`, not `ready`: until it is verified Auth0 does not serve the login page on it, so applications configured for it fail to sign users in, and users keep seeing `*.auth0.com`. {advice}",
                d.get_str("domain").unwrap_or("?"),
                f.name,
            ),
        );
    }
}
