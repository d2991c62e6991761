//! SEC-011 password-dictionary-disabled

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{accepts_passwords, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, db) in t.items("databases").iter().enumerate() {
        if !accepts_passwords(db) {
            continue;
        }
        let (node, pointer) = if let Some(n) =
            db.get_path(&["options", "password_options", "dictionary", "active"])
        {
            (
                n,
                format!("/databases/{i}/options/password_options/dictionary/active"),
            )
        } else if let Some(n) = db.get_path(&["options", "password_dictionary", "enable"]) {
            (
                n,
                format!("/databases/{i}/options/password_dictionary/enable"),
            )
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
                "database `{}` accepts the most common passwords (`password1`, `qwerty123`), the first ones attackers try; turn the password dictionary on",
                name_of(db)
            ),
        );
    }
}
