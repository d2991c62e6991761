//! PROD-002 test-mail-server

use crate::rules::engine::Reporter;
use crate::rules::helpers::is_local_host;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::in_env;

const TEST_HOSTS: &[&str] = &[
    "mailtrap",
    "smtp4dev",
    "mailhog",
    "mailcatcher",
    "mailpit",
    "debugmail",
    "fakesmtp",
    "ethereal.email",
    "maildev",
];

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let Some(n) = t
        .object("emailProvider")
        .and_then(|p| p.get_path(&["credentials", "smtp_host"]))
    else {
        return;
    };
    let Some(host) = n.as_str().map(|h| h.trim().to_ascii_lowercase()) else {
        return;
    };
    if !(TEST_HOSTS.iter().any(|x| host.contains(x)) || is_local_host(&host)) {
        return;
    }
    r.at(
        f,
        n.span,
        "/emailProvider/credentials/smtp_host",
        format!(
            "the email provider sends through the test mail server `{host}`{}: messages are caught there and never reach users, so nobody can verify an address or reset a password; use a real SMTP service",
            in_env(f)
        ),
    );
}
