//! NAMING-001 invalid-tenant-name

use crate::rules::engine::Reporter;
use crate::rules::model::EstateModel;

/// Auth0's rule for tenant names: 3 to 63 characters, lowercase letters, digits and hyphens,
/// no hyphen at either end. Returns what is wrong, if anything.
pub fn problem(name: &str) -> Option<String> {
    if name.len() < 3 || name.len() > 63 {
        return Some(format!(
            "is {} characters long; tenant names have 3 to 63",
            name.len()
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Some(format!(
            "contains `{c}`; only lowercase letters, digits and hyphens are allowed"
        ));
    }
    if name.starts_with('-') || name.ends_with('-') {
        return Some("begins or ends with a hyphen".into());
    }
    None
}

pub fn check(model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    for f in model.tenants.iter().filter(|f| super::is_real_name(f)) {
        if let Some(why) = problem(f.name) {
            let at = super::name_location(f, model);
            r.at_severity(
                f,
                at,
                r.rule.severity,
                format!(
                    "tenant name `{}` {why}; Auth0 cannot create such a tenant, and a tenant name can never be changed later, so choose a valid one now"
                , f.name),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn auth0_name_constraints() {
        assert!(problem("acme-prod").is_none());
        assert!(problem("ab").is_some());
        assert!(problem("Acme-prod").is_some());
        assert!(problem("-acme").is_some());
        assert!(problem("acme_prod").is_some());
        assert!(problem(&"a".repeat(64)).is_some());
    }
}
