//! SDLC-002 resource-drift

use std::collections::{BTreeMap, HashSet};

use crate::export::Tenant;
use crate::finding::{Location, Related, Severity};
use crate::rules::engine::Reporter;
use crate::rules::helpers::{PlaceholderSpans, and_list, lower_tenants, raw_text, tenant_label};
use crate::rules::model::{EstateModel, TenantFacts};
use crate::source::{Node, SourceMap};

/// The resource types compared, with the word a message uses for one item.
pub const TYPES: &[(&str, &str)] = &[
    ("clients", "application"),
    ("connections", "connection"),
    ("databases", "database connection"),
    ("resourceServers", "API"),
    ("actions", "action"),
    ("roles", "role"),
    ("organizations", "organization"),
];

/// One named item of a resource type.
struct Named<'t> {
    index: usize,
    name: &'t str,
    node: &'t Node,
    /// The name as written, when it holds a keyword placeholder (`Portal ##ENV##`): such names
    /// resolve differently per environment, so they are matched as written.
    raw: Option<String>,
}

/// An export's items of one type, by name.
struct Names<'t> {
    items: Vec<Named<'t>>,
    resolved: HashSet<&'t str>,
    raw: HashSet<String>,
}

impl<'t> Names<'t> {
    fn of(tenant: &'t Tenant, key: &str, ph: &PlaceholderSpans, sources: &SourceMap) -> Self {
        let items: Vec<Named<'t>> = tenant
            .items(key)
            .iter()
            .enumerate()
            .filter_map(|(index, item)| {
                let node = item.get("name")?;
                let name = node.as_str()?;
                let raw = ph.within(node.span).then(|| raw_text(sources, node.span));
                Some(Named {
                    index,
                    name,
                    node,
                    raw,
                })
            })
            .collect();
        let resolved = items.iter().map(|n| n.name).collect();
        let raw = items.iter().filter_map(|n| n.raw.clone()).collect();
        Names {
            items,
            resolved,
            raw,
        }
    }

    fn has(&self, item: &Named<'_>) -> bool {
        self.resolved.contains(item.name) || item.raw.as_ref().is_some_and(|r| self.raw.contains(r))
    }
}

pub fn check(f: &TenantFacts<'_>, model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    if !f.is_production() {
        return;
    }
    let Some(prod) = f.tenant else { return };
    let lowers = lower_tenants(model, f);
    if lowers.is_empty() {
        return;
    }
    let sources = &model.estate.sources;
    let prod_ph = PlaceholderSpans::of(prod);
    let lower_ph: Vec<PlaceholderSpans> = lowers
        .iter()
        .map(|l| PlaceholderSpans::of(l.tenant.expect("lower tenants have exports")))
        .collect();
    for (key, kind) in TYPES {
        if prod.excluded(key) {
            continue;
        }
        let in_prod = Names::of(prod, key, &prod_ph, sources);
        // Production items missing below, with the lower tenants that lack them.
        let mut missing: BTreeMap<usize, Vec<&TenantFacts<'_>>> = BTreeMap::new();
        for (low, ph) in lowers.iter().zip(&lower_ph) {
            let lt = low.tenant.expect("lower tenants have exports");
            if lt.excluded(key) {
                continue;
            }
            let below = Names::of(lt, key, ph, sources);
            for item in &in_prod.items {
                if !below.has(item) {
                    missing.entry(item.index).or_default().push(low);
                }
            }
            for item in below.items.iter().filter(|i| !in_prod.has(i)) {
                if let Some(found) = r.at_severity(
                    low,
                    Location::Span(item.node.span),
                    Severity::Info,
                    format!(
                        "{kind} `{}` exists in {} tenant `{}` but not in production tenant `{}`: fine while it is on its way to production, but if it was abandoned it is configuration nobody tests or removes. Promote it to production or delete it from `{}`",
                        item.name,
                        low.environment.map(|e| e.as_str()).unwrap_or("this"),
                        low.name,
                        f.name,
                        low.name
                    ),
                ) {
                    found.pointer = format!("/{key}/{}/name", item.index);
                    found.related.push(Related {
                        location: f.anchor.clone(),
                        message: format!("production tenant `{}`", f.name),
                    });
                }
            }
        }
        for item in &in_prod.items {
            let Some(lacking) = missing.get(&item.index) else {
                continue;
            };
            let names: Vec<String> = lacking.iter().map(|l| tenant_label(l)).collect();
            if let Some(found) = r.at(
                f,
                item.node.span,
                format!("/{key}/{}/name", item.index),
                format!(
                    "{kind} `{}` exists in production but is missing from {}: it reached production without passing through the lower environments (or was made in the Dashboard), so it was never tested there, and a deployment from those environments' configuration may overwrite or delete it. Add it to the lower environments with the same name (the Deploy CLI matches resources by name)",
                    item.name,
                    and_list(&names)
                ),
            ) {
                for l in lacking {
                    found.related.push(Related {
                        location: l.anchor.clone(),
                        message: format!("`{}` has no {kind} of that name", l.name),
                    });
                }
            }
        }
    }
}
