//! MAINT-005 legacy-tenant-flag

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};

const FLAGS: &[(&str, &str)] = &[
    (
        "allow_legacy_ro_grant_types",
        "keeps the legacy `/oauth/ro` resource-owner endpoint open",
    ),
    (
        "allow_legacy_delegation_grant_types",
        "keeps the legacy delegation endpoint open",
    ),
    (
        "allow_legacy_tokeninfo_endpoint",
        "keeps the legacy `/tokeninfo` endpoint open",
    ),
    (
        "enable_legacy_profile",
        "returns the legacy user profile, with more data than OIDC scopes allow",
    ),
    (
        "enable_idtoken_api2",
        "lets ID tokens call the Management API",
    ),
    ("change_pwd_flow_v1", "uses the old change-password flow"),
];

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let Some(flags) = t.object("tenant").and_then(|x| x.get("flags")) else {
        return;
    };
    for (flag, what) in FLAGS {
        let Some(n) = flags.get(flag) else { continue };
        if n.as_bool() != Some(true) {
            continue;
        }
        r.at(
            f,
            n.span,
            format!("/tenant/flags/{flag}"),
            format!("the legacy tenant flag `{flag}` is on: it {what}, which Auth0 deprecated for security reasons; turn it off once no application depends on it"),
        );
    }
}
