//! SEC-035 hs256-api-signing

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{apis, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, a) in apis(t) {
        let Some(n) = a.get("signing_alg") else {
            continue;
        };
        if n.as_str() != Some("HS256") {
            continue;
        }
        r.at(
            f,
            n.span,
            format!("/resourceServers/{i}/signing_alg"),
            format!(
                "API `{}` signs its access tokens with HS256: every service that verifies them holds the signing secret and could forge tokens; use RS256 (or PS256)",
                name_of(a)
            ),
        );
    }
}
