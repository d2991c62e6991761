//! SEC-013 passkeys-not-enabled

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{accepts_passwords, anchor, bool_at, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, db) in t.items("databases").iter().enumerate() {
        if !accepts_passwords(db) {
            continue;
        }
        let passkey = db.get_path(&["options", "authentication_methods", "passkey", "enabled"]);
        if bool_at(
            db,
            &["options", "authentication_methods", "passkey", "enabled"],
        ) == Some(true)
        {
            continue;
        }
        let (span, pointer) = match passkey {
            Some(n) => (
                n.span,
                format!("/databases/{i}/options/authentication_methods/passkey/enabled"),
            ),
            None => (anchor(db), format!("/databases/{i}")),
        };
        r.at(
            f,
            span,
            pointer,
            format!(
                "database `{}` signs users in with passwords only: passkeys resist phishing and credential stuffing, which passwords never do; enable the passkey authentication method",
                name_of(db)
            ),
        );
    }
}
