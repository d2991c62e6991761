//! MAINT-001 legacy-rule

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{anchor, bool_at, cap, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, x) in t.items("rules").iter().enumerate() {
        let enabled = bool_at(x, &["enabled"]) != Some(false);
        let finding = r.at(
            f,
            anchor(x),
            format!("/rules/{i}"),
            if enabled {
                format!(
                    "rule `{}` is enabled: Rules are deprecated, read-only since November 2024 and stop running on 18 November 2026, taking whatever it does out of the login flow; migrate it to a post-login action",
                    name_of(x)
                )
            } else {
                format!(
                    "rule `{}` is disabled but still kept: Rules are deprecated and read-only, so delete it (or migrate what it did to an action)",
                    name_of(x)
                )
            },
        );
        if !enabled {
            cap(finding, Severity::Info);
        }
    }
}
