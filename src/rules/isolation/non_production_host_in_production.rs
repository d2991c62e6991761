//! ISOLATION-002 non-production-host-in-production

use crate::export::Environment;
use crate::finding::{Location, Related};
use crate::rules::engine::Reporter;
use crate::rules::helpers::host_environment;
use crate::rules::model::{EstateModel, TenantFacts};

use super::hosts::Hosts;

pub fn check(f: &TenantFacts<'_>, model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    if !f.is_production() {
        return;
    }
    let lowers: Vec<(&TenantFacts<'_>, &Hosts)> = model
        .group(&f.group)
        .filter(|o| o.name != f.name && o.environment.is_some_and(|e| e != Environment::Production))
        .filter_map(|o| Some((o, o.hosts()?)))
        .collect();
    let Some(mine) = f.hosts() else { return };
    let mut owners: std::collections::HashMap<&str, Option<usize>> =
        std::collections::HashMap::new();
    // Local hosts are ISOLATION-001's, and `Hosts` leaves them out.
    for u in &mine.urls {
        let h: &str = &u.host;
        let (why, related) = if let Some(env) = host_environment(h) {
            (
                format!("its name marks it as a {env} host"),
                lowers
                    .iter()
                    .find(|(_, hs)| hs.uses(h))
                    .map(|(o, hs)| (o, hs.first(h))),
            )
        } else {
            // A host a lower environment owns and production does not: copied up from below.
            // Decided once per host: hundreds of a tenant's URLs often share one, and `owns`
            // compares every place each side uses it.
            let owner = *owners.entry(h).or_insert_with(|| {
                lowers
                    .iter()
                    .position(|(_, hs)| hs.owns(h, mine) && !mine.owns(h, hs))
            });
            let Some((o, hs)) = owner.map(|i| &lowers[i]) else {
                continue;
            };
            (
                format!(
                    "{} tenant `{}` uses it, and production uses it nowhere else",
                    o.environment.map(|e| e.as_str()).unwrap_or("a lower"),
                    o.name
                ),
                Some((o, hs.first(h))),
            )
        };
        if let Some(found) = r.at(
            f,
            u.at.node.span,
            u.at.pointer(),
            format!(
                "{} allows `{h}` in `{}` of production tenant `{}`, and {why}: production would send its users' codes and tokens to, or accept requests from, an application that is deployed and tested with looser controls. Remove the URL from production, and keep per-environment URLs in keyword mappings",
                u.at.owner(),
                u.at.field,
                f.name
            ),
        ) && let Some((o, span)) = related
        {
            found.related.push(Related {
                location: span.map(Location::Span).unwrap_or_else(|| o.anchor.clone()),
                message: format!("used by `{}`", o.name),
            });
        }
    }
}
