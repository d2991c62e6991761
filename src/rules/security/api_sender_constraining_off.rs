//! SEC-038 api-sender-constraining-off

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{anchor, apis, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, a) in apis(t) {
        let mechanism = a.get_path(&["proof_of_possession", "mechanism"]);
        if mechanism
            .and_then(|n| n.as_str())
            .is_some_and(|m| matches!(m, "dpop" | "mtls"))
        {
            continue;
        }
        let (span, pointer) = match mechanism {
            Some(n) => (
                n.span,
                format!("/resourceServers/{i}/proof_of_possession/mechanism"),
            ),
            None => (anchor(a), format!("/resourceServers/{i}")),
        };
        r.at(
            f,
            span,
            pointer,
            format!(
                "API `{}` accepts bearer tokens without proof of possession, so a stolen token works for whoever holds it; where clients support it, require DPoP or mTLS (`proof_of_possession`)",
                name_of(a)
            ),
        );
    }
}
