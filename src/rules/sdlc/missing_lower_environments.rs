//! SDLC-001 missing-lower-environments

use crate::export::Environment;
use crate::rules::engine::Reporter;
use crate::rules::model::EstateModel;

pub fn check(model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let required: Vec<Environment> = model
        .manifest
        .map(|m| m.policy.environments.clone())
        .unwrap_or_else(|| crate::manifest::Policy::default().environments);
    for prod in model.tenants.iter().filter(|f| f.is_production()) {
        let present: Vec<Environment> = model
            .group(&prod.group)
            .filter_map(|f| f.environment)
            .collect();
        let missing: Vec<&str> = required
            .iter()
            .filter(|e| **e != Environment::Production && !present.contains(e))
            .map(|e| e.as_str())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let inferred = model.manifest.is_none() || prod.entry.is_none();
        let kind = if prod.customer.is_some() {
            "dedicated customer tenant"
        } else {
            "production tenant"
        };
        let others: Vec<&str> = model
            .group(&prod.group)
            .filter(|f| f.name != prod.name)
            .map(|f| f.name)
            .collect();
        if let Some(found) = r.tenant(
            prod,
            format!(
                "{kind} `{}` has no {} tenant{}; Auth0 recommends a full suite of SDLC tenants for every production tenant, so changes are tested before they reach users. {}Create the missing tenant{} (or, if it exists, list it in a0lint.toml with `group = \"{}\"`)",
                prod.name,
                missing.join(", "),
                if missing.len() > 1 { "s" } else { "" },
                if others.is_empty() {
                    String::new()
                } else {
                    format!("Its group holds: {}. ", others.join(", "))
                },
                if missing.len() > 1 { "s" } else { "" },
                prod.name,
            ),
        ) && inferred
        {
            found.message.push_str(" (groups were inferred from tenant names)");
        }
    }
}
