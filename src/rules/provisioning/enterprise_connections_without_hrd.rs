//! PROV-003 enterprise-connections-without-hrd

use std::collections::BTreeMap;

use crate::rules::engine::Reporter;
use crate::rules::helpers::{list_names, strings};
use crate::rules::model::{EstateModel, TenantFacts};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    if t.excluded("connections") || t.excluded("organizations") {
        return;
    }
    // Organizations with discovery domains route users to their organization (and its
    // connections) by email domain: that is home realm discovery too.
    let discovery = t.items("organizations").iter().any(|o| {
        o.get("discovery_domains")
            .and_then(|d| d.as_array())
            .is_some_and(|d| !d.is_empty())
    });
    if discovery {
        return;
    }
    let enterprise = super::enterprise_connections(t);
    // Application name → the enterprise connections enabled for it.
    let mut per_app: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, c) in &enterprise {
        for (app, _) in strings(c.get("enabled_clients")) {
            per_app.entry(app).or_default().push(*i);
        }
    }
    let crowded: Vec<(&str, &Vec<usize>)> = per_app
        .iter()
        .filter(|(_, conns)| conns.len() >= 2)
        .map(|(a, c)| (*a, c))
        .collect();
    if crowded.is_empty() {
        return;
    }
    for (i, c) in &enterprise {
        if super::domain_aliases(c).is_some() {
            continue;
        }
        let apps: Vec<&str> = crowded
            .iter()
            .filter(|(_, conns)| conns.contains(i))
            .map(|(a, _)| *a)
            .collect();
        if apps.is_empty() {
            continue;
        }
        let name = c.get_str("name").unwrap_or("?");
        let node = c.get("name").unwrap_or(c);
        r.at(
            f,
            node.span,
            format!("/connections/{i}/name"),
            format!(
                "enterprise connection `{name}` has no `options.domain_aliases`, yet {} {} offer{} several enterprise connections and no organization of this tenant has discovery domains: Universal Login cannot route users to `{name}` by their email domain (home realm discovery), so they must pick their company's button, or the application must send `connection=` itself. Add the email domains of `{name}`'s users to `options.domain_aliases` (with identifier-first login), or route them through an organization with discovery domains",
                if apps.len() == 1 { "application" } else { "applications" },
                list_names(&apps),
                if apps.len() == 1 { "s" } else { "" },
            ),
        );
    }
}
