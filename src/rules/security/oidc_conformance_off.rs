//! SEC-044 oidc-conformance-off

use crate::rules::engine::Reporter;
use crate::rules::helpers::is_interactive;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{clients, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, c) in clients(t) {
        if !is_interactive(c) {
            continue;
        }
        let Some(n) = c.get("oidc_conformant") else {
            continue;
        };
        if n.as_bool() != Some(false) {
            continue;
        }
        r.at(
            f,
            n.span,
            format!("/clients/{i}/oidc_conformant"),
            format!(
                "client `{}` is not OIDC-conformant, which keeps legacy endpoints and token formats open to it; set `oidc_conformant: true`",
                name_of(c)
            ),
        );
    }
}
