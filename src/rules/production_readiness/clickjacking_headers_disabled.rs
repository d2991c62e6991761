//! PROD-017 clickjacking-headers-disabled

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let Some(n) = t
        .object("tenant")
        .and_then(|x| x.get_path(&["flags", "disable_clickjack_protection_headers"]))
    else {
        return;
    };
    if n.as_bool() != Some(true) {
        return;
    }
    r.at(
        f,
        n.span,
        "/tenant/flags/disable_clickjack_protection_headers",
        "clickjacking protection headers are off, so any site can frame the login page and trick users into clicking through it; set `disable_clickjack_protection_headers: false`",
    );
}
