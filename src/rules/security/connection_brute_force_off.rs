//! SEC-019 connection-brute-force-off

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{in_env, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for key in ["databases", "connections"] {
        for (i, c) in t.items(key).iter().enumerate() {
            let Some(n) = c.get_path(&["options", "brute_force_protection"]) else {
                continue;
            };
            if n.as_bool() != Some(false) {
                continue;
            }
            r.at(
                f,
                n.span,
                format!("/{key}/{i}/options/brute_force_protection"),
                format!(
                    "connection `{}` switches brute-force protection off{}, whatever the tenant's attack protection says: its users' passwords or codes can be guessed without limit; set `brute_force_protection: true`",
                    name_of(c),
                    in_env(f)
                ),
            );
        }
    }
}
