//! ISOLATION-006 unjustified-production-tenant

use crate::finding::{Related, Severity};
use crate::rules::engine::Reporter;
use crate::rules::helpers::list_names;
use crate::rules::model::EstateModel;

pub fn check(model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    // Dedicated customer tenants are judged by the provisioning rules, child tenants by the
    // association rules.
    let prods: Vec<_> = model
        .tenants
        .iter()
        .filter(|f| f.is_production() && f.customer.is_none() && f.parent.is_none())
        .collect();
    if prods.len() < 2 {
        return;
    }
    let unexplained: Vec<_> = prods
        .iter()
        .filter(|f| f.entry.and_then(|e| e.isolation_reason.as_ref()).is_none())
        .collect();
    // One production tenant needs no reason: it is the main one.
    if unexplained.len() < 2 {
        return;
    }
    let names: Vec<&str> = prods.iter().map(|f| f.name).collect();
    for f in &unexplained {
        let severity = if f.entry.is_some() {
            r.rule.severity
        } else {
            Severity::Info
        };
        let others: Vec<&str> = names.iter().copied().filter(|n| *n != f.name).collect();
        if let Some(found) = r.at_severity(
            f,
            f.anchor.clone(),
            severity,
            format!(
                "production tenant `{}` is one of {} production tenants ({}) and no `isolation-reason` says why it exists beside {}: every production tenant needs its own SDLC suite and is one more place to configure, secure and pay for, so Auth0 advises a separate production tenant only for an isolated user community, a customer that needs its own, or branding that one tenant cannot give. Record the reason in its `[[tenant]]` entry (`isolation-reason = \"user-community\"`), or fold it into the main production tenant",
                f.name,
                prods.len(),
                list_names(&names),
                list_names(&others),
            ),
        ) {
            for o in prods.iter().filter(|o| o.name != f.name) {
                found.related.push(Related {
                    location: o.anchor.clone(),
                    message: format!("production tenant `{}`", o.name),
                });
            }
        }
    }
}
