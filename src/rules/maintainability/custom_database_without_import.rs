//! MAINT-009 custom-database-without-import

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{bool_at, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, db) in t.items("databases").iter().enumerate() {
        let Some(n) = db.get_path(&["options", "enabledDatabaseCustomization"]) else {
            continue;
        };
        if n.as_bool() != Some(true) || bool_at(db, &["options", "import_mode"]) == Some(true) {
            continue;
        }
        r.at(
            f,
            n.span,
            format!("/databases/{i}/options/enabledDatabaseCustomization"),
            format!(
                "database `{}` uses a custom database without import mode: every sign-in depends on your own user store and scripts being up, and users never move to Auth0; turn on `import_mode` (lazy migration) unless the external store must stay the source of truth",
                name_of(db)
            ),
        );
    }
}
