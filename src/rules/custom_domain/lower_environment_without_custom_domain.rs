//! DOMAIN-002 lower-environment-without-custom-domain

use crate::finding::{Location, Related, Severity};
use crate::rules::engine::Reporter;
use crate::rules::helpers::lower_tenants;
use crate::rules::model::{EstateModel, TenantFacts};

pub fn check(f: &TenantFacts<'_>, model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    if !f.is_production() {
        return;
    }
    let Some(prod) = f.tenant else { return };
    let Some(domain) = prod
        .items("customDomains")
        .iter()
        .find_map(|d| d.get("domain"))
    else {
        return;
    };
    for low in lower_tenants(model, f) {
        let lt = low.tenant.expect("lower tenants have exports");
        if !lt.items("customDomains").is_empty() {
            continue;
        }
        let env = low.environment.map(|e| e.as_str()).unwrap_or("lower");
        let found = if lt.excluded("customDomains") {
            r.at_severity(
                low,
                low.anchor.clone(),
                Severity::Info,
                format!(
                    "cannot tell whether {env} tenant `{}` has a custom domain like production's: its Deploy CLI config excludes `customDomains` from the export",
                    low.name
                ),
            )
        } else {
            r.tenant(
                low,
                format!(
                    "{env} tenant `{}` has no custom domain although production tenant `{}` signs users in on `{}`: the CNAME, cookies, silent authentication and passkeys on a domain of your own are then first exercised in production. Auth0 recommends creating the custom domain in every environment early; add one such as `login-{}.<your-domain>`",
                    low.name,
                    f.name,
                    domain.as_str().unwrap_or("a custom domain"),
                    match low.environment {
                        Some(crate::export::Environment::Development) => "dev",
                        Some(crate::export::Environment::Test) => "test",
                        _ => "staging",
                    }
                ),
            )
        };
        if let Some(found) = found {
            found.related.push(Related {
                location: Location::Span(domain.span),
                message: format!("production's custom domain in `{}`", f.name),
            });
        }
    }
}
