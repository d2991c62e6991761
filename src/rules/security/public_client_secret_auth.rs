//! SEC-046 public-client-secret-auth

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{cap, clients, name_of};
use crate::source::keywords;

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, c) in clients(t) {
        let Some(n) = c.get("token_endpoint_auth_method") else {
            continue;
        };
        let Some(method) = n.as_str().filter(|m| !keywords::has_marker(m)) else {
            continue;
        };
        let app_type = c.get_str("app_type").unwrap_or("");
        let pointer = format!("/clients/{i}/token_endpoint_auth_method");
        if matches!(app_type, "spa" | "native") && method != "none" {
            r.at(
                f,
                n.span,
                pointer,
                format!(
                    "`{app_type}` client `{}` authenticates with `{method}`, but a browser or device app cannot keep a credential secret: it ships to every user; set `token_endpoint_auth_method: none` and use PKCE",
                    name_of(c)
                ),
            );
        } else if app_type == "regular_web" && method == "none" {
            cap(
                r.at(
                    f,
                    n.span,
                    pointer,
                    format!(
                        "web application `{}` does not authenticate to the token endpoint, so anyone with one of its codes can redeem it; a server-side app can keep a secret or key, so use `client_secret_basic` or `private_key_jwt`",
                        name_of(c)
                    ),
                ),
                Severity::Info,
            );
        }
    }
}
