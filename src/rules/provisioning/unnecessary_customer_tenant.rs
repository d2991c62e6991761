//! PROV-002 unnecessary-customer-tenant

use std::collections::BTreeMap;

use crate::finding::{Location, Related};
use crate::manifest::{UserIsolation, span_of};
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};

pub fn check(model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let (Some(m), Some(file)) = (model.manifest, model.manifest.and_then(|m| m.file)) else {
        return;
    };
    let mut by_customer: BTreeMap<&str, Vec<&TenantFacts<'_>>> = BTreeMap::new();
    for f in &model.tenants {
        if let Some(c) = f.customer {
            by_customer.entry(c).or_default().push(f);
        }
    }
    let customer_value = |f: &TenantFacts<'_>| {
        f.entry
            .and_then(|e| e.customer.as_ref())
            .map(|c| Location::Span(span_of(c, file)))
            .unwrap_or_else(|| f.anchor.clone())
    };
    for (name, mut tenants) in by_customer {
        // An unknown customer is MANIFEST-002's.
        let Some(c) = m.customer(name) else { continue };
        let idps = super::identity_providers(c);
        let why = if c.user_isolation == Some(UserIsolation::Shared) {
            "the customer's users are shared with other organisations (`user-isolation = \"shared\"`), so they belong in the shared tenant".to_owned()
        } else if idps.len() == 1 {
            format!(
                "the customer signs in with one identity provider (`{}`), which a connection of the shared tenant can serve, with home realm discovery or an Auth0 organization routing its users",
                idps[0]
            )
        } else {
            continue;
        };
        // Report once per customer, at its production tenant when there is one.
        tenants.sort_by_key(|f| (!f.is_production(), f.name));
        let (first, rest) = tenants.split_first().expect("at least one tenant");
        if let Some(found) = r.at_severity(
            first,
            customer_value(first),
            r.rule.severity,
            format!(
                "`{}` is a tenant dedicated to customer `{name}`, but {why}. Auth0 recommends a separate tenant per customer only when its users are isolated and it needs more than one identity provider; otherwise the extra tenant (and its own development, test and staging tenants) multiplies configuration, deployments and cost for nothing. Serve the customer from the shared tenant (an organization with its connection), or correct the `[[customer]]` entry if it is out of date",
                first.name
            ),
        ) {
            for o in rest {
                found.related.push(Related {
                    location: customer_value(o),
                    message: format!("also dedicated to `{name}`: `{}`", o.name),
                });
            }
        }
    }
}
