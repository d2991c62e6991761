//! PROD-018 event-stream-not-enabled

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::name_of;

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, e) in t.items("eventStreams").iter().enumerate() {
        let Some(n) = e.get("status") else { continue };
        let Some(status) = n.as_str().filter(|s| *s != "enabled") else {
            continue;
        };
        r.at(
            f,
            n.span,
            format!("/eventStreams/{i}/status"),
            format!(
                "event stream `{}` is `{status}`, so systems that rely on it stop hearing about user changes; enable it or remove it",
                name_of(e)
            ),
        );
    }
}
