//! ASSOC-003 invalid-parent-tenant

use crate::rules::engine::Reporter;
use crate::rules::model::EstateModel;

pub fn check(model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    for f in &model.tenants {
        let Some(parent) = f.parent else { continue };
        let problem = if parent == f.name {
            "names the tenant itself".to_owned()
        } else {
            // A parent the estate does not know is MANIFEST-002's.
            let Some(p) = model.facts_of(parent) else {
                continue;
            };
            match (p.environment, p.parent) {
                (_, Some(grandparent)) => {
                    format!("names `{parent}`, which is itself a child tenant of `{grandparent}`")
                }
                (Some(e), None) if !p.is_production() => {
                    format!("names `{parent}`, a {e} tenant")
                }
                (None, None) => format!(
                    "names `{parent}`, whose environment is unknown (set its `environment`)"
                ),
                _ => continue,
            }
        };
        r.at_severity(
            f,
            super::parent_location(f, model),
            r.rule.severity,
            format!(
                "`parent` of tenant `{}` {problem}: Auth0 links a child tenant to a paid production tenant, whose plan and features it shares and whose limits it counts against, so a parent that is not such a tenant cannot be granted. Set `parent` to the production tenant of this tenant's group",
                f.name
            ),
        );
    }
}
