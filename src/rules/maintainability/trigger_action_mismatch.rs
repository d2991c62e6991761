//! MAINT-006 trigger-action-mismatch

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{bool_at, cap};
use crate::source::{Node, escape_pointer_token, keywords};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let Some(triggers) = t.object("triggers").and_then(Node::as_object) else {
        return;
    };
    let actions = t.items("actions");
    let actions_known = !t.excluded("actions");
    for m in triggers {
        let trigger = &*m.key;
        for (j, b) in m.value.as_array().unwrap_or_default().iter().enumerate() {
            let Some(n) = b.get("action_name") else {
                continue;
            };
            let Some(name) = n.as_str().filter(|s| !keywords::has_marker(s)) else {
                continue;
            };
            let pointer = format!(
                "/triggers/{}/{j}/action_name",
                escape_pointer_token(trigger)
            );
            let Some(a) = actions.iter().find(|a| a.get_str("name") == Some(name)) else {
                if actions_known {
                    r.at(f, n.span, pointer, format!("trigger `{trigger}` binds action `{name}`, which is not in this export, so `a0deploy import` fails; add the action or remove the binding"));
                }
                continue;
            };
            let supported = a
                .get("supported_triggers")
                .and_then(Node::as_array)
                .unwrap_or_default();
            if !supported.is_empty() && !supported.iter().any(|s| s.get_str("id") == Some(trigger))
            {
                r.at(f, n.span, pointer, format!("trigger `{trigger}` binds action `{name}`, which does not support that trigger, so the binding is rejected; bind it to a trigger it supports"));
            } else if bool_at(a, &["deployed"]) == Some(false) {
                cap(
                    r.at(f, n.span, pointer, format!("trigger `{trigger}` binds action `{name}`, which is not deployed, so the flow runs an old version or nothing; deploy it (`deployed: true`)")),
                    Severity::Warning,
                );
            }
        }
    }
}
