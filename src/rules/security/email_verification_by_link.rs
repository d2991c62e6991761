//! SEC-014 email-verification-by-link

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{anchor, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, db) in t.items("databases").iter().enumerate() {
        if db
            .get_path(&["options", "disable_signup"])
            .and_then(|n| n.as_bool())
            == Some(true)
        {
            continue;
        }
        let (span, pointer) =
            match db.get_path(&["options", "attributes", "email", "verification_method"]) {
                Some(n) if n.as_str() == Some("otp") => continue,
                Some(n) => (
                    n.span,
                    format!("/databases/{i}/options/attributes/email/verification_method"),
                ),
                None => (anchor(db), format!("/databases/{i}")),
            };
        r.at(
            f,
            span,
            pointer,
            format!(
                "database `{}` verifies email addresses with a link after signup, so accounts exist (and can be used) before anyone proved they own the address; verify with a one-time code at signup (`attributes.email.verification_method: otp`)",
                name_of(db)
            ),
        );
    }
}
