//! SEC-005 cross-origin-authentication

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{clients, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let custom_domain = t
        .items("customDomains")
        .iter()
        .any(|d| d.get_str("status").is_none_or(|s| s == "ready"));
    for (i, c) in clients(t) {
        for key in ["cross_origin_authentication", "cross_origin_auth"] {
            let Some(n) = c.get(key) else { continue };
            if n.as_bool() != Some(true) {
                continue;
            }
            r.at(
                f,
                n.span,
                format!("/clients/{i}/{key}"),
                format!(
                    "client `{}` allows cross-origin authentication: the application collects credentials on its own page and posts them to Auth0, outside Universal Login's protections{}; use Universal Login, or keep this off",
                    name_of(c),
                    if custom_domain {
                        ""
                    } else {
                        ", and without a custom domain it relies on third-party cookies that browsers block"
                    }
                ),
            );
            break;
        }
    }
}
