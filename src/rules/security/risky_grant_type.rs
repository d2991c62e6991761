//! SEC-003 risky-grant-type

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{cap, clients, is_deploy_client, name_of, strings};

const PASSWORD_GRANTS: &[&str] = &[
    "password",
    "http://auth0.com/oauth/grant-type/password-realm",
];

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, c) in clients(t) {
        let app_type = c.get_str("app_type").unwrap_or("");
        let public = matches!(app_type, "spa" | "native");
        let name = name_of(c);
        if is_deploy_client(name) {
            continue;
        }
        for (j, node, grant) in strings(c.get("grant_types")) {
            let (why, max) = if grant.starts_with("http://auth0.com/oauth/legacy/grant-type/") {
                (
                    "a legacy grant that Auth0 has deprecated: it bypasses the OIDC-conformant pipeline and its protections".to_owned(),
                    Severity::Error,
                )
            } else if PASSWORD_GRANTS.contains(&grant) {
                (
                    format!(
                        "the resource owner password grant: the application itself collects the user's password, so MFA, breached-password and bot protection of Universal Login are skipped{}",
                        if app_type == "spa" {
                            ", here in a browser"
                        } else {
                            ""
                        }
                    ),
                    if app_type == "spa" {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                )
            } else if grant == "client_credentials" && public {
                (
                    format!(
                        "client credentials on a `{app_type}` application, which cannot keep a client secret: anyone holding the app can get machine tokens"
                    ),
                    Severity::Error,
                )
            } else if grant == "implicit" {
                (
                    "the implicit grant: tokens come back in the URL fragment, where browser history, logs and other scripts can read them; use the authorization code flow with PKCE".to_owned(),
                    Severity::Warning,
                )
            } else if app_type == "non_interactive" && grant == "authorization_code" {
                (
                    "a user sign-in grant on a machine-to-machine application, which has no user and should only use client credentials".to_owned(),
                    Severity::Warning,
                )
            } else {
                continue;
            };
            cap(
                r.at(
                    f,
                    node.span,
                    format!("/clients/{i}/grant_types/{j}"),
                    format!(
                        "client `{name}` enables `{grant}`, {why}; remove it from `grant_types`"
                    ),
                ),
                max,
            );
        }
    }
}
