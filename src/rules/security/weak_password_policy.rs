//! SEC-008 weak-password-policy

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{accepts_passwords, cap, in_env, name_of};
use crate::source::Node;

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, db) in t.items("databases").iter().enumerate() {
        let Some(opts) = db.get("options") else {
            continue;
        };
        if !accepts_passwords(db) {
            continue;
        }
        let name = name_of(db);
        if let Some(po) = opts.get("password_options") {
            let complexity = po.get("complexity");
            let types = complexity
                .and_then(|c| c.get("character_types"))
                .and_then(Node::as_array)
                .map_or(0, <[Node]>::len);
            let min = complexity
                .and_then(|c| c.get("min_length"))
                .and_then(Node::as_f64);
            if types == 0 && min.is_none_or(|m| m < 12.0) {
                r.at(
                    f,
                    complexity.unwrap_or(po).span,
                    format!("/databases/{i}/options/password_options/complexity"),
                    format!(
                        "database `{name}` requires neither character types nor a minimum length of 12{}: short, simple passwords fall to guessing and credential stuffing; require a length of at least 12 or several character types",
                        in_env(f)
                    ),
                );
            }
            continue;
        }
        let Some(p) = opts.get("passwordPolicy") else {
            continue;
        };
        let level = match p.as_str() {
            Some(l @ ("none" | "low" | "fair")) => l,
            None if p.is_null() => "none",
            _ => continue,
        };
        let finding = r.at(
            f,
            p.span,
            format!("/databases/{i}/options/passwordPolicy"),
            format!(
                "database `{name}` uses the `{level}` password policy{}: it accepts passwords short or simple enough to guess; use `good` or `excellent` (or the flexible `password_options`)",
                in_env(f)
            ),
        );
        if level == "fair" {
            cap(finding, Severity::Warning);
        }
    }
}
