//! PROD-014 default-audience-set

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::cap;
use crate::source::keywords;

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let Some(n) = t.object("tenant").and_then(|x| x.get("default_audience")) else {
        return;
    };
    let Some(aud) = n.as_str().map(str::trim).filter(|s| !s.is_empty()) else {
        return;
    };
    let known = keywords::has_marker(aud)
        || aud.trim_end_matches('/').ends_with("/api/v2")
        || t.excluded("resourceServers")
        || t.items("resourceServers")
            .iter()
            .any(|a| a.get_str("identifier") == Some(aud));
    let finding = r.at(
        f,
        n.span,
        "/tenant/default_audience",
        if known {
            format!("the tenant's default audience is `{aud}`: every authorization request without an `audience` silently gets an access token for this API, so each application gets more access than it asked for; pass `audience` explicitly and clear the default")
        } else {
            format!("the tenant's default audience `{aud}` matches no API in this export, so requests without an `audience` fail or get tokens for an API that is gone; fix or clear it")
        },
    );
    if known {
        cap(finding, Severity::Info);
    }
}
