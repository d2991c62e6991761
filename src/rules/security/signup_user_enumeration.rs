//! SEC-027 signup-user-enumeration

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{actions_for, cap, name_of, raw};
use crate::source::Span;

pub fn check(f: &TenantFacts<'_>, model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    if let Some(n) = t
        .object("tenant")
        .and_then(|x| x.get_path(&["flags", "enable_public_signup_user_exists_error"]))
        && n.as_bool() == Some(true)
    {
        r.at(
            f,
            n.span,
            "/tenant/flags/enable_public_signup_user_exists_error",
            "the public signup endpoint answers \"user already exists\", so anyone can test which email addresses have an account here; turn `enable_public_signup_user_exists_error` off",
        );
    }
    for (i, a) in actions_for(t, "pre-user-registration") {
        let Some(code) = a.get("code") else { continue };
        let (file, start, end) = raw(model, code.span);
        let text = &file.text[start..end];
        let Some(at) = text.find("api.access.deny(") else {
            continue;
        };
        cap(
            r.at(
                f,
                Span::new(code.span.file, start + at, start + at + "api.access.deny".len()),
                format!("/actions/{i}/code"),
                format!(
                    "pre-user-registration action `{}` denies signups with `api.access.deny`; make sure its message does not reveal whether the address is already registered, or signup becomes a way to enumerate users",
                    name_of(a)
                ),
            ),
            Severity::Info,
        );
    }
}
