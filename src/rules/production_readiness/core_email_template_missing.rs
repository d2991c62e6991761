//! PROD-004 core-email-template-missing

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{bool_at, cap, type_anchor};

/// Templates users meet in every tenant with a database, by alternatives.
const CORE: &[(&[&str], &str)] = &[
    (
        &["verify_email", "verify_email_by_code"],
        "verification email",
    ),
    (
        &["reset_email", "reset_email_by_code"],
        "password-reset email",
    ),
    (&["blocked_account"], "blocked-account email"),
];

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let provider = t
        .object("emailProvider")
        .filter(|p| p.as_object().is_some_and(|m| !m.is_empty()))
        .is_some_and(|p| bool_at(p, &["enabled"]) != Some(false));
    if !provider || t.items("databases").is_empty() {
        return;
    }
    if t.excluded("emailTemplates") {
        cap(
            r.tenant(
                f,
                "cannot tell whether the core email templates are customised: the Deploy CLI config excludes `emailTemplates` from this export",
            ),
            Severity::Info,
        );
        return;
    }
    let templates = t.items("emailTemplates");
    for (names, what) in CORE {
        let found: Vec<(usize, &crate::source::Node)> = templates
            .iter()
            .enumerate()
            .filter(|(_, e)| e.get_str("template").is_some_and(|n| names.contains(&n)))
            .collect();
        if found
            .iter()
            .any(|(_, e)| bool_at(e, &["enabled"]) != Some(false))
        {
            continue;
        }
        match found.first() {
            Some((i, e)) => {
                let n = e.get("enabled").unwrap_or(e);
                r.at(
                    f,
                    n.span,
                    format!("/emailTemplates/{i}/enabled"),
                    format!(
                        "the {what} template `{}` is disabled, so users get Auth0's generic text and sender; enable the customised template",
                        names[0]
                    ),
                );
            }
            None => {
                let msg = format!(
                    "no {what} template (`{}`) is customised, so users get Auth0's generic text and sender; add the template with your branding and links",
                    names[0]
                );
                match type_anchor(t, "emailTemplates") {
                    Some(span) => r.at(f, span, "/emailTemplates", msg),
                    None => r.tenant(f, msg),
                };
            }
        }
    }
}
