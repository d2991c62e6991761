//! SEC-004 hs256-id-token

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{clients, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, c) in clients(t) {
        let Some(alg) = c.get_path(&["jwt_configuration", "alg"]) else {
            continue;
        };
        if alg.as_str() != Some("HS256") {
            continue;
        }
        r.at(
            f,
            alg.span,
            format!("/clients/{i}/jwt_configuration/alg"),
            format!(
                "client `{}` signs its ID tokens with HS256, a secret shared with the application: anyone who learns the client secret can forge tokens, and public clients cannot verify them at all; use RS256 (or PS256)",
                name_of(c)
            ),
        );
    }
}
