//! ASSOC-004 too-many-child-tenants

use std::collections::BTreeMap;

use crate::finding::{Related, Severity};
use crate::rules::engine::Reporter;
use crate::rules::helpers::list_names;
use crate::rules::model::{EstateModel, TenantFacts};

pub fn check(model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let mut children: BTreeMap<&str, Vec<&TenantFacts<'_>>> = BTreeMap::new();
    for f in &model.tenants {
        if let Some(p) = f.parent.filter(|p| *p != f.name) {
            children.entry(p).or_default().push(f);
        }
    }
    for (parent, kids) in children {
        if kids.len() < 2 {
            continue;
        }
        let Some(pf) = model.facts_of(parent) else {
            continue;
        };
        let (severity, limit) = if kids.len() > 3 {
            (Severity::Error, "more than Auth0 allows")
        } else {
            (
                Severity::Warning,
                "more than the one Auth0 normally allows (up to three only in limited circumstances, by agreement with Auth0)",
            )
        };
        let names: Vec<&str> = kids.iter().map(|k| k.name).collect();
        if let Some(found) = r.at_severity(
            pf,
            pf.anchor.clone(),
            severity,
            format!(
                "production tenant `{parent}` has {} child tenants ({}), {limit}: a paid production tenant normally gets one child tenant. Keep the child for the environment that most needs production's features (usually staging), and associate the other lower-environment tenants with the account without `parent`",
                kids.len(),
                list_names(&names)
            ),
        ) {
            for k in kids {
                found.related.push(Related {
                    location: super::parent_location(k, model),
                    message: format!("child tenant `{}`", k.name),
                });
            }
        }
    }
}
