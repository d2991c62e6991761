//! ASSOC-002 production-child-tenant

use crate::rules::engine::Reporter;
use crate::rules::model::EstateModel;

pub fn check(model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    for f in model.tenants.iter().filter(|f| f.is_production()) {
        let Some(parent) = f.parent else { continue };
        r.at_severity(
            f,
            super::parent_location(f, model),
            r.rule.severity,
            format!(
                "tenant `{}` is a child tenant of `{parent}` but serves production: Auth0's policy is that child tenants must not be used in production (they exist so development, test and staging share the paid production tenant's features, and their usage counts against its limits). Run production on a tenant with its own subscription, or correct `environment`/`parent` if this tenant is not production",
                f.name
            ),
        );
    }
}
