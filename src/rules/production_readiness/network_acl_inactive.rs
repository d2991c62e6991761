//! PROD-019 network-acl-inactive

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::name_of;

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, a) in t.items("networkACLs").iter().enumerate() {
        let Some(n) = a.get("active") else { continue };
        if n.as_bool() != Some(false) {
            continue;
        }
        r.at(
            f,
            n.span,
            format!("/networkACLs/{i}/active"),
            format!(
                "network ACL `{}` is inactive, so the traffic it describes is not filtered; activate it or remove it",
                name_of(a)
            ),
        );
    }
}
