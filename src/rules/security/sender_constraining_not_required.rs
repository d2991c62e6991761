//! SEC-030 sender-constraining-not-required

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{anchor, bool_at, clients, has_grant, is_deploy_client, name_of};

const GRANTS: &[&str] = &[
    "authorization_code",
    "refresh_token",
    "client_credentials",
    "password",
    "urn:ietf:params:oauth:grant-type:device_code",
];

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, c) in clients(t) {
        if is_deploy_client(name_of(c))
            || !GRANTS.iter().any(|g| has_grant(c, g))
            || bool_at(c, &["require_proof_of_possession"]) == Some(true)
        {
            continue;
        }
        let (span, pointer) = match c.get("require_proof_of_possession") {
            Some(n) => (n.span, format!("/clients/{i}/require_proof_of_possession")),
            None => (anchor(c), format!("/clients/{i}")),
        };
        r.at(
            f,
            span,
            pointer,
            format!(
                "client `{}` gets bearer tokens that anyone holding them can replay; where the client supports it, require sender-constrained tokens (DPoP or mTLS) with `require_proof_of_possession: true`",
                name_of(c)
            ),
        );
    }
}
