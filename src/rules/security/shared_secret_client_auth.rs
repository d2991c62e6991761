//! SEC-033 shared-secret-client-auth

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{
    anchor, bool_at, clients, is_confidential, is_deploy_client, name_of,
};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, c) in clients(t) {
        if !is_confidential(c)
            || is_deploy_client(name_of(c))
            || matches!(c.get_str("app_type"), Some("spa" | "native"))
            || bool_at(c, &["require_proof_of_possession"]) == Some(true)
        {
            continue;
        }
        let keys = c
            .get_path(&[
                "client_authentication_methods",
                "private_key_jwt",
                "credentials",
            ])
            .and_then(|n| n.as_array())
            .is_some_and(|a| !a.is_empty());
        if keys {
            continue;
        }
        let (span, pointer) = match c.get("token_endpoint_auth_method") {
            Some(n) => (n.span, format!("/clients/{i}/token_endpoint_auth_method")),
            None => (anchor(c), format!("/clients/{i}")),
        };
        r.at(
            f,
            span,
            pointer,
            format!(
                "client `{}` authenticates with a shared client secret, which has to be copied to every place the app runs and can leak from any of them; prefer Private Key JWT (`client_authentication_methods.private_key_jwt`)",
                name_of(c)
            ),
        );
    }
}
