//! PROD-005 missing-support-contact

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{excluded, type_anchor};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    if excluded(f, r, "tenant", "whether support contacts are set") {
        return;
    }
    let Some(tenant) = t.object("tenant") else {
        return;
    };
    for (key, what) in [
        ("support_email", "support email"),
        ("support_url", "support URL"),
    ] {
        let value = tenant.get(key);
        if value
            .and_then(|v| v.as_str())
            .is_some_and(|s| !s.trim().is_empty())
        {
            continue;
        }
        let msg = format!(
            "the tenant has no {what} (`{key}`): error pages and emails have no way to send users who are stuck to your support; set it"
        );
        match value.map(|v| v.span).or_else(|| type_anchor(t, "tenant")) {
            Some(span) => r.at(f, span, format!("/tenant/{key}"), msg),
            None => r.tenant(f, msg),
        };
    }
}
