//! PROD-010 no-log-stream

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{excluded, type_anchor};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    if !t.items("logStreams").is_empty()
        || excluded(f, r, "logStreams", "whether logs are streamed anywhere")
    {
        return;
    }
    let msg = "no log stream is configured: Auth0 keeps tenant logs for at most 30 days (a few days on smaller plans), so attacks and outages become invisible once they age out, and no SIEM sees them; stream logs to your monitoring (`logStreams`)";
    match type_anchor(t, "logStreams") {
        Some(span) => r.at(f, span, "/logStreams", msg),
        None => r.tenant(f, msg),
    };
}
