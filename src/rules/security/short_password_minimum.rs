//! SEC-009 short-password-minimum

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{accepts_passwords, in_env, name_of};
use crate::source::Node;

/// The minimum length each legacy policy level implies.
fn level_minimum(level: &str) -> Option<f64> {
    Some(match level {
        "none" => 1.0,
        "low" => 6.0,
        "fair" | "good" => 8.0,
        "excellent" => 10.0,
        _ => return None,
    })
}

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, db) in t.items("databases").iter().enumerate() {
        let Some(opts) = db.get("options") else {
            continue;
        };
        if !accepts_passwords(db) {
            continue;
        }
        let found: Option<(f64, &Node, String)> = if let Some(po) = opts.get("password_options") {
            po.get_path(&["complexity", "min_length"]).and_then(|n| {
                Some((
                    n.as_f64()?,
                    n,
                    format!("/databases/{i}/options/password_options/complexity/min_length"),
                ))
            })
        } else if let Some(n) = opts.get_path(&["password_complexity_options", "min_length"]) {
            n.as_f64().map(|m| {
                (
                    m,
                    n,
                    format!("/databases/{i}/options/password_complexity_options/min_length"),
                )
            })
        } else {
            opts.get("passwordPolicy").and_then(|n| {
                let m = level_minimum(n.as_str().unwrap_or("none"))?;
                Some((m, n, format!("/databases/{i}/options/passwordPolicy")))
            })
        };
        let Some((min, node, pointer)) = found else {
            continue;
        };
        if min >= 12.0 {
            continue;
        }
        r.at(
            f,
            node.span,
            pointer,
            format!(
                "database `{}` accepts passwords of {min} characters{}: length is what makes a password hard to guess, and NIST and Auth0's checker ask for at least 12; raise the minimum length to 12 or more",
                name_of(db),
                in_env(f)
            ),
        );
    }
}
