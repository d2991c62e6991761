//! PROD-015 invalid-default-directory

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::source::keywords;

const STRATEGIES: &[&str] = &[
    "auth0",
    "ad",
    "auth0-adldap",
    "email",
    "sms",
    "waad",
    "adfs",
];

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let Some(n) = t.object("tenant").and_then(|x| x.get("default_directory")) else {
        return;
    };
    let Some(name) = n
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty() && !keywords::has_marker(s))
    else {
        return;
    };
    if t.excluded("databases") || t.excluded("connections") {
        return;
    }
    let found = t
        .items("databases")
        .iter()
        .map(|d| (d, "auth0"))
        .chain(
            t.items("connections")
                .iter()
                .map(|c| (c, c.get_str("strategy").unwrap_or(""))),
        )
        .find(|(c, _)| c.get_str("name") == Some(name));
    let message = match found {
        None => format!(
            "the tenant's default directory `{name}` is not a connection in this export, so password and passwordless grants without a `realm` fail; name an existing database connection"
        ),
        Some((_, strategy)) if !STRATEGIES.contains(&strategy) => format!(
            "the tenant's default directory `{name}` is a `{strategy}` connection, which cannot check passwords, so password grants without a `realm` fail; name a database or directory connection"
        ),
        _ => return,
    };
    r.at(f, n.span, "/tenant/default_directory", message);
}
