//! PROD-011 log-stream-not-active

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::name_of;

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, l) in t.items("logStreams").iter().enumerate() {
        let Some(n) = l.get("status") else { continue };
        let Some(status) = n.as_str().filter(|s| matches!(*s, "paused" | "suspended")) else {
            continue;
        };
        r.at(
            f,
            n.span,
            format!("/logStreams/{i}/status"),
            format!(
                "log stream `{}` is {status}, so no log events reach it{}; fix the destination and set `status: active`",
                name_of(l),
                if status == "suspended" { " (Auth0 suspends a stream after its destination failed for days)" } else { "" }
            ),
        );
    }
}
