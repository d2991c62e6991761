//! PROD-013 long-session-lifetime

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{cap, hours};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let Some(tenant) = t.object("tenant") else {
        return;
    };
    for (absolute_key, idle_key, what) in [
        ("session_lifetime", "idle_session_lifetime", "sessions"),
        (
            "ephemeral_session_lifetime",
            "idle_ephemeral_session_lifetime",
            "non-persistent sessions",
        ),
    ] {
        let absolute = hours(tenant, absolute_key);
        let idle = hours(tenant, idle_key);
        if let Some((h, n, key)) = &absolute
            && *h > 8760.0
        {
            r.at(f, n.span, format!("/tenant/{key}"), format!("{what} last {h:.0} hours, more than Auth0's maximum of 8760 (one year); Auth0 silently caps the value, so set what you mean"));
            continue;
        }
        if let Some((h, n, key)) = &idle
            && *h > 2400.0
        {
            r.at(f, n.span, format!("/tenant/{key}"), format!("{what} stay alive for {h:.0} idle hours, more than Auth0's maximum of 2400; Auth0 silently caps the value, so set what you mean"));
            continue;
        }
        if let (Some((a, _, _)), Some((i, n, key))) = (&absolute, &idle)
            && i >= a
        {
            r.at(f, n.span, format!("/tenant/{key}"), format!("the idle timeout of {what} ({i:.0} h) is not shorter than their absolute lifetime ({a:.0} h), so it never ends a session; make it shorter"));
            continue;
        }
        if !f.is_production() {
            continue;
        }
        if let Some((h, n, key)) = absolute.filter(|(h, _, _)| *h > 168.0) {
            cap(
                r.at(f, n.span, format!("/tenant/{key}"), format!("{what} last up to {h:.0} hours, longer than Auth0's default week: a session on a shared or stolen device stays signed in that long; review it against your security policy")),
                Severity::Info,
            );
        }
        if let Some((h, n, key)) = idle.filter(|(h, _, _)| *h > 72.0) {
            cap(
                r.at(f, n.span, format!("/tenant/{key}"), format!("idle {what} stay signed in for {h:.0} hours, longer than Auth0's default three days; review it against your security policy")),
                Severity::Info,
            );
        }
    }
}
