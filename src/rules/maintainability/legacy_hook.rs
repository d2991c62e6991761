//! MAINT-002 legacy-hook

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{anchor, bool_at, cap, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, x) in t.items("hooks").iter().enumerate() {
        let enabled = bool_at(x, &["enabled"]) == Some(true);
        let finding = r.at(
            f,
            anchor(x),
            format!("/hooks/{i}"),
            if enabled {
                format!(
                    "hook `{}` ({}) is enabled: Hooks are deprecated, read-only since November 2024 and stop running on 18 November 2026; migrate it to an action on the matching trigger",
                    name_of(x),
                    x.get_str("triggerId").unwrap_or("?")
                )
            } else {
                format!(
                    "hook `{}` is disabled but still kept: Hooks are deprecated and read-only, so delete it (or migrate what it did to an action)",
                    name_of(x)
                )
            },
        );
        if !enabled {
            cap(finding, Severity::Info);
        }
    }
}
