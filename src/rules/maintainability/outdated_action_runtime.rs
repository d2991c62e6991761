//! MAINT-003 outdated-action-runtime

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{cap, name_of, node_major};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for key in ["actions", "actionModules"] {
        for (i, a) in t.items(key).iter().enumerate() {
            let Some(n) = a.get("runtime") else { continue };
            let Some(runtime) = n.as_str() else { continue };
            let Some(major) = node_major(runtime) else {
                continue;
            };
            if major >= 22 {
                continue;
            }
            let finding = r.at(
                f,
                n.span,
                format!("/{key}/{i}/runtime"),
                if major < 18 {
                    format!("action `{}` runs on Node.js {major}, which has reached end of life and which Auth0 is removing; an action left on it stops being deployable and may stop running; move it to `node22` and test it", name_of(a))
                } else {
                    format!("action `{}` runs on Node.js {major}, which is past its end of life and deprecated for actions; move it to `node22` and test it", name_of(a))
                },
            );
            if major >= 18 {
                cap(finding, Severity::Warning);
            }
        }
    }
}
