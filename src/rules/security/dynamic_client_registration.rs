//! SEC-016 dynamic-client-registration

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let Some(n) = t
        .object("tenant")
        .and_then(|x| x.get_path(&["flags", "enable_dynamic_client_registration"]))
    else {
        return;
    };
    if n.as_bool() != Some(true) {
        return;
    }
    r.at(
        f,
        n.span,
        "/tenant/flags/enable_dynamic_client_registration",
        "dynamic client registration is on: anyone can register a third-party application with this tenant without a token and ask users to consent to it; turn it off unless third-party or agent clients must register themselves, and then keep connections off domain level",
    );
}
