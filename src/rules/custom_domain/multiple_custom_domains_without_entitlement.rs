//! DOMAIN-006 multiple-custom-domains-without-entitlement

use crate::finding::{Location, Related};
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};

/// The manifest entitlement that allows more than one custom domain.
pub const ENTITLEMENT: &str = "multiple-custom-domains";

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let domains = t.items("customDomains");
    if domains.len() < 2 || f.entitled(ENTITLEMENT) {
        return;
    }
    let first = &domains[0];
    for (i, d) in domains.iter().enumerate().skip(1) {
        let node = d.get("domain").unwrap_or(d);
        if let Some(found) = r.at(
            f,
            node.span,
            format!("/customDomains/{i}"),
            format!(
                "tenant `{}` declares {} custom domains but a0lint.toml does not give it the `{ENTITLEMENT}` entitlement: a tenant has one custom domain unless its plan includes Multiple Custom Domains (an Enterprise add-on), so Auth0 refuses to create `{}` and the deployment fails. Remove the extra domain, or, if the plan includes it, add `entitlements = [\"{ENTITLEMENT}\"]` to the tenant's `[[tenant]]` entry",
                f.name,
                domains.len(),
                d.get_str("domain").unwrap_or("this domain"),
            ),
        ) {
            found.related.push(Related {
                location: Location::Span(first.get("domain").unwrap_or(first).span),
                message: "the first custom domain".into(),
            });
        }
    }
}
