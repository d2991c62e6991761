//! SEC-010 password-history-disabled

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{accepts_passwords, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, db) in t.items("databases").iter().enumerate() {
        if !accepts_passwords(db) {
            continue;
        }
        let (node, pointer) =
            if let Some(n) = db.get_path(&["options", "password_options", "history", "active"]) {
                (
                    n,
                    format!("/databases/{i}/options/password_options/history/active"),
                )
            } else if let Some(n) = db.get_path(&["options", "password_history", "enable"]) {
                (n, format!("/databases/{i}/options/password_history/enable"))
            } else {
                continue;
            };
        if node.as_bool() != Some(false) {
            continue;
        }
        r.at(
            f,
            node.span,
            pointer,
            format!(
                "database `{}` lets users reuse their previous passwords when they change one, so a password that leaked once stays valid; turn password history on",
                name_of(db)
            ),
        );
    }
}
