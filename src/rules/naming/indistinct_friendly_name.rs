//! NAMING-004 indistinct-friendly-name

use crate::finding::{Location, Related};
use crate::rules::engine::Reporter;
use crate::rules::model::EstateModel;
use crate::source::keywords;

pub fn check(model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    for group in model.groups() {
        let members: Vec<_> = model.group(group).filter(|f| f.tenant.is_some()).collect();
        for (i, f) in members.iter().enumerate() {
            let Some(t) = f.tenant else { continue };
            if t.excluded("tenant") {
                continue;
            }
            let Some(settings) = t.object("tenant") else {
                continue;
            };
            let Some(node) = settings.get("friendly_name") else {
                r.at(
                    f,
                    settings.span,
                    "/tenant",
                    "the tenant has no `friendly_name`, so the login page and emails show no name users recognise; set `tenant.friendly_name`",
                );
                continue;
            };
            let Some(name) = node.as_str() else { continue };
            if keywords::has_marker(name) {
                continue; // resolved per environment at deploy time
            }
            let same = members[..i].iter().find(|o| {
                o.environment != f.environment
                    && o.tenant
                        .and_then(|ot| ot.object("tenant"))
                        .and_then(|s| s.get_str("friendly_name"))
                        == Some(name)
            });
            if let Some(other) = same
                && let Some(found) = r.at(
                    f,
                    node.span,
                    "/tenant/friendly_name",
                    format!(
                        "`friendly_name` `{name}` is the same in {} and {}, so users and admins cannot tell the environments apart on the login page; add the environment (e.g. with a `##ENV##` keyword)",
                        f.environment.map(|e| e.as_str()).unwrap_or("this tenant"),
                        other.environment.map(|e| e.as_str()).unwrap_or(other.name)
                    ),
                )
            {
                let loc = other
                    .tenant
                    .and_then(|ot| ot.object("tenant"))
                    .and_then(|s| s.get("friendly_name"))
                    .map(|n| Location::Span(n.span))
                    .unwrap_or_else(|| other.anchor.clone());
                found.related.push(Related {
                    location: loc,
                    message: format!("the same name in `{}`", other.name),
                });
            }
        }
    }
}
