//! DOMAIN-005 customer-tenant-without-custom-domain

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let Some(customer) = f.customer else { return };
    if !t.items("customDomains").is_empty() {
        return;
    }
    if t.excluded("customDomains") {
        r.at_severity(
            f,
            f.anchor.clone(),
            Severity::Info,
            format!(
                "cannot tell whether `{}`, the dedicated tenant of customer `{customer}`, has a custom domain: its Deploy CLI config excludes `customDomains` from the export",
                f.name
            ),
        );
        return;
    }
    r.tenant(
        f,
        format!(
            "`{}` is the dedicated tenant of customer `{customer}` but has no custom domain: a login page on the customer's own domain is one of the main reasons Auth0 gives for a separate customer tenant, and without it the customer's users sign in on `*.auth0.com`. Add a custom domain for the customer (e.g. `login.<customer-domain>`), or reconsider whether the tenant is needed",
            f.name
        ),
    );
}
