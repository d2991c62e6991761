//! DOMAIN-001 production-without-custom-domain

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::helpers::is_interactive;
use crate::rules::model::{EstateModel, TenantFacts};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let interactive = t
        .items("clients")
        .iter()
        .filter(|c| is_interactive(c))
        .count();
    if interactive == 0 || !t.items("customDomains").is_empty() {
        return;
    }
    if t.excluded("customDomains") {
        r.at_severity(
            f,
            f.anchor.clone(),
            Severity::Info,
            "cannot tell whether this production tenant has a custom domain: its Deploy CLI config excludes `customDomains` from the export",
        );
        return;
    }
    r.tenant(
        f,
        format!(
            "production tenant `{}` has {interactive} interactive application{} but no custom domain, so users sign in on `*.auth0.com`: phishing is easier to pass off, silent token renewal breaks in browsers that block third-party cookies, and passkeys get bound to Auth0's domain. Add a `customDomains` entry (e.g. `login.<your-domain>`)",
            f.name,
            if interactive == 1 { "" } else { "s" }
        ),
    );
}
