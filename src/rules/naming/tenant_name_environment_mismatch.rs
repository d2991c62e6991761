//! NAMING-003 tenant-name-environment-mismatch

use crate::export::Environment;
use crate::rules::engine::Reporter;
use crate::rules::model::EstateModel;

pub fn check(model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let pattern = model
        .manifest
        .and_then(|m| m.policy.tenant_name_pattern.as_ref())
        .and_then(|p| regex::Regex::new(p.get_ref()).ok());
    for f in model.tenants.iter().filter(|f| super::is_real_name(f)) {
        let at = super::name_location(f, model);
        let from_name = Environment::from_name(f.name);
        let declared = f
            .entry
            .and_then(|e| e.environment.as_ref())
            .map(|e| *e.get_ref());
        let message = match (from_name, declared) {
            (Some(n), Some(d)) if n != d => format!(
                "tenant `{}` is declared `{d}` but its name says `{n}`; people and scripts go by the name, so a mismatch invites changes to the wrong tenant. Tenant names cannot change: fix the declared environment, or plan a new tenant with the right name",
                f.name
            ),
            (None, _) => format!(
                "tenant name `{}` does not say which environment it serves; Auth0 recommends `<company>-dev`, `<company>-qa`/`-uat`, `<company>-staging`, `<company>-prod` and `<company>-sandbox<N>`. Choose such names for new tenants (existing names cannot change)",
                f.name
            ),
            _ => match &pattern {
                Some(p) if !p.is_match(f.name) => format!(
                    "tenant name `{}` does not match the estate's `tenant-name-pattern` `{}`",
                    f.name,
                    p.as_str()
                ),
                _ => continue,
            },
        };
        r.at_severity(f, at, r.rule.severity, message);
    }
}
