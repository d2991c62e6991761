//! ISOLATION-001 local-url

use crate::rules::engine::Reporter;
use crate::rules::helpers::{host, is_local_host, urls};
use crate::rules::model::{EstateModel, TenantFacts};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for u in urls(t) {
        let Some(h) = host(u.url) else { continue };
        if !is_local_host(&h) {
            continue;
        }
        let (field, owner) = (u.field, u.owner());
        r.at(
            f,
            u.node.span,
            u.pointer(),
            format!(
                "{owner} allows the local address `{h}` in `{field}`{}: anyone running a server on their own machine can receive this tenant's codes and tokens there. Keep local URLs in development tenants (a keyword mapping per environment does this)",
                f.environment
                    .map(|e| format!(" in a {e} tenant"))
                    .unwrap_or_default()
            ),
        );
    }
}
