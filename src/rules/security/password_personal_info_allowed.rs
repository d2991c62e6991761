//! SEC-012 password-personal-info-allowed

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
            db.get_path(&["options", "password_options", "profile_data", "active"])
        {
            (
                n,
                format!("/databases/{i}/options/password_options/profile_data/active"),
            )
        } else if let Some(n) = db.get_path(&["options", "password_no_personal_info", "enable"]) {
            (
                n,
                format!("/databases/{i}/options/password_no_personal_info/enable"),
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
                "database `{}` accepts passwords made of the user's own name, email or username, which are the first guesses in a targeted attack; turn the personal-data check on",
                name_of(db)
            ),
        );
    }
}
