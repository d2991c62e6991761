//! PROV-001 isolated-multi-idp-customer-in-shared-tenant

use crate::finding::Location;
use crate::manifest::{UserIsolation, span_of};
use crate::rules::engine::Reporter;
use crate::rules::helpers::list_names;
use crate::rules::model::EstateModel;

pub fn check(model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let (Some(m), Some(file)) = (model.manifest, model.manifest.and_then(|m| m.file)) else {
        return;
    };
    for c in &m.customers {
        if c.user_isolation != Some(UserIsolation::Isolated) {
            continue;
        }
        let idps = super::identity_providers(c);
        if idps.len() < 2 {
            continue;
        }
        let name = c.name.get_ref();
        if model
            .tenants
            .iter()
            .any(|f| f.customer == Some(name.as_str()))
        {
            continue;
        }
        let at = c
            .span
            .map(Location::Span)
            .unwrap_or_else(|| Location::Span(span_of(&c.name, file)));
        r.estate(
            at,
            format!(
                "customer `{name}` has isolated users and {} identity providers ({}) but no tenant of its own (no `[[tenant]]` has `customer = \"{name}\"`): in a shared tenant, home realm discovery can route a user to one connection per email domain, so a second identity provider for the same users needs a second round of discovery that one login page cannot give. Auth0's guidance for exactly this case is a dedicated tenant (federated from the main one if needed), with the customer's own custom domain and login page; record it with `customer = \"{name}\"`, or, if the customer can consolidate on one identity provider, list only that one",
                idps.len(),
                list_names(&idps),
            ),
        );
    }
}
