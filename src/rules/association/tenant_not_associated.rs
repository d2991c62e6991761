//! ASSOC-001 tenant-not-associated

use crate::finding::Location;
use crate::manifest::span_of;
use crate::rules::engine::Reporter;
use crate::rules::model::EstateModel;

pub fn check(model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    // Without a manifest nothing records association; MANIFEST-003 says so once.
    let (Some(m), Some(file)) = (model.manifest, model.manifest.and_then(|m| m.file)) else {
        return;
    };
    let company = m.account.as_ref().map(|a| a.get_ref().as_str());
    let why = "Auth0 asks that every tenant, developers' sandboxes included, be associated with the company's account, so that all of them are covered by its agreement and have the same features and support";
    for f in &model.tenants {
        let kind = f
            .environment
            .map(|e| format!("{e} tenant"))
            .unwrap_or_else(|| "tenant".into());
        let Some(entry) = f.entry else {
            r.at_severity(
                f,
                f.anchor.clone(),
                r.rule.severity,
                format!(
                    "{kind} `{}` has an export but no `[[tenant]]` entry in a0lint.toml, so nothing records that it is associated with {}: {why}. Add an entry with `account = \"{}\"` once Auth0 support has associated it",
                    f.name,
                    company.map(|c| format!("account `{c}`")).unwrap_or_else(|| "the company account".into()),
                    company.unwrap_or("<account>"),
                ),
            );
            continue;
        };
        match (&entry.account, company) {
            (None, _) => {
                r.tenant(
                    f,
                    format!(
                        "{kind} `{}` has no `account`, so it is not known to be associated with {}: {why}. Ask Auth0 support (or your account representative) to associate it, then record `account = \"{}\"` in its `[[tenant]]` entry",
                        f.name,
                        company.map(|c| format!("account `{c}`")).unwrap_or_else(|| "the company account".into()),
                        company.unwrap_or("<account>"),
                    ),
                );
            }
            (Some(a), Some(c)) if a.get_ref() != c => {
                r.at_severity(
                    f,
                    Location::Span(span_of(a, file)),
                    r.rule.severity,
                    format!(
                        "{kind} `{}` is associated with account `{}`, not the estate's account `{c}`: {why}; a tenant under another account (often a developer's own) has other features and no coverage. Ask Auth0 support to move it to `{c}`, then update `account`",
                        f.name,
                        a.get_ref(),
                    ),
                );
            }
            _ => {}
        }
    }
}
