//! PROD-012 custom-domain-not-ready

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let domains = t.items("customDomains");
    if domains.iter().any(|d| d.get_str("status") == Some("ready")) {
        return;
    }
    for (i, d) in domains.iter().enumerate() {
        let Some(n) = d.get("status") else { continue };
        let Some(status) = n.as_str() else { continue };
        r.at(
            f,
            n.span,
            format!("/customDomains/{i}/status"),
            format!(
                "custom domain `{}` is `{status}` and the tenant has no ready custom domain, so users still sign in on the `auth0.com` host; finish the DNS verification",
                d.get_str("domain").unwrap_or("?")
            ),
        );
    }
}
