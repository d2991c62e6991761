//! ISOLATION-003 production-host-in-non-production

use crate::export::Environment;
use crate::finding::{Location, Related};
use crate::rules::engine::Reporter;
use crate::rules::helpers::host_environment;
use crate::rules::model::{EstateModel, TenantFacts};

/// Runs for each production tenant, and reports in the lower tenants of its group (so that
/// production's hosts are gathered once per group).
pub fn check(f: &TenantFacts<'_>, model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    if !f.is_production() {
        return;
    }
    let Some(theirs) = f.hosts() else { return };
    for low in model
        .group(&f.group)
        .filter(|o| o.name != f.name && o.environment.is_some_and(|e| e != Environment::Production))
    {
        let Some(mine) = low.hosts() else { continue };
        // Decided once per host: hundreds of a tenant's URLs often share one.
        let mut own: std::collections::HashMap<&str, bool> = std::collections::HashMap::new();
        for u in &mine.urls {
            let h: &str = &u.host;
            if !theirs.uses(h) {
                continue;
            }
            // A host named after a lower environment is that environment's own (ISOLATION-002
            // reports it where production uses it); so is one this tenant uses where production
            // does not, when production has no use of its own for it.
            let lower_own = *own.entry(h).or_insert_with(|| {
                host_environment(h).is_some() || (mine.owns(h, theirs) && !theirs.owns(h, mine))
            });
            if lower_own {
                continue;
            }
            if let Some(found) = r.at(
                low,
                u.at.node.span,
                u.at.pointer(),
                format!(
                    "{} allows the production host `{h}` in `{}` of {} tenant `{}`: this tenant, with its test users, looser settings and wider access, can then hand sessions and tokens to a production application, or accept requests from it. Point this environment at its own hosts (a keyword mapping per environment keeps one configuration)",
                    u.at.owner(),
                    u.at.field,
                    low.environment.map(|e| e.as_str()).unwrap_or("this"),
                    low.name
                ),
            ) {
                found.related.push(Related {
                    location: theirs
                        .first(h)
                        .map(Location::Span)
                        .unwrap_or_else(|| f.anchor.clone()),
                    message: format!("used by production tenant `{}`", f.name),
                });
            }
        }
    }
}
