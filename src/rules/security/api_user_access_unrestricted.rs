//! SEC-037 api-user-access-unrestricted

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{apis, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, a) in apis(t) {
        let Some(p) = a.get_path(&["subject_type_authorization", "user", "policy"]) else {
            continue;
        };
        let Some(policy) = p.as_str() else { continue };
        if matches!(policy, "require_client_grant" | "deny_all") {
            continue;
        }
        r.at(
            f,
            p.span,
            format!("/resourceServers/{i}/subject_type_authorization/user/policy"),
            format!(
                "API `{}` lets every application in the tenant get user access tokens for it (`{policy}`), so one compromised or careless app reaches it too; use `require_client_grant` and grant access per application",
                name_of(a)
            ),
        );
    }
}
