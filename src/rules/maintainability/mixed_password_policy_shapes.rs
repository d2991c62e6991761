//! MAINT-008 mixed-password-policy-shapes

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{name_of, strings};

const LEGACY: &[&str] = &[
    "passwordPolicy",
    "password_complexity_options",
    "password_history",
    "password_no_personal_info",
    "password_dictionary",
];
const TYPES: &[&str] = &["lowercase", "uppercase", "number", "special"];

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, db) in t.items("databases").iter().enumerate() {
        let Some(opts) = db.get("options") else {
            continue;
        };
        let Some(po) = opts.get("password_options") else {
            continue;
        };
        let name = name_of(db);
        for key in LEGACY {
            if let Some(m) = opts.member(key) {
                r.at(
                    f,
                    m.key_span,
                    format!("/databases/{i}/options/{key}"),
                    format!("database `{name}` sets the legacy `{key}` beside `password_options`; the two password-policy shapes are exclusive and `a0deploy import` rejects the mix, so express it in `password_options` and remove `{key}`"),
                );
            }
        }
        if let Some(rule) = po.get_path(&["complexity", "character_type_rule"])
            && rule.as_str() == Some("three_of_four")
        {
            let types = strings(po.get_path(&["complexity", "character_types"]));
            if !TYPES.iter().all(|x| types.iter().any(|(_, _, s)| s == x)) {
                r.at(
                    f,
                    rule.span,
                    format!("/databases/{i}/options/password_options/complexity/character_type_rule"),
                    format!("database `{name}` asks for three of four character types but does not list all four in `character_types`, which `a0deploy import` rejects; list lowercase, uppercase, number and special"),
                );
            }
        }
    }
}
