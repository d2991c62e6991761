//! SEC-036 long-api-token-lifetime

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{apis, cap, name_of};

const DAY: f64 = 86_400.0;

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, a) in apis(t) {
        let Some(n) = a.get("token_lifetime") else {
            continue;
        };
        let Some(secs) = n.as_f64() else { continue };
        if secs <= DAY {
            continue;
        }
        let days = secs / DAY;
        let finding = r.at(
            f,
            n.span,
            format!("/resourceServers/{i}/token_lifetime"),
            format!(
                "API `{}` issues access tokens valid for {:.1} days: a leaked token cannot be revoked and stays usable all that time; keep access tokens to a day or less (Auth0's default is 86400 seconds) and use refresh tokens",
                name_of(a),
                days
            ),
        );
        if days < 7.0 {
            cap(finding, Severity::Warning);
        }
    }
}
