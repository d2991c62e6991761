//! ISOLATION-005 multiple-user-communities

use crate::finding::Location;
use crate::manifest::span_of;
use crate::rules::engine::Reporter;
use crate::rules::helpers::list_names;
use crate::rules::model::EstateModel;

pub fn check(model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(file) = model.manifest.and_then(|m| m.file) else {
        return;
    };
    for f in &model.tenants {
        let Some(communities) = f.entry.and_then(|e| e.communities.as_ref()) else {
            continue;
        };
        let mut distinct: Vec<String> = communities
            .get_ref()
            .iter()
            .map(|c| c.trim().to_ascii_lowercase())
            .filter(|c| !c.is_empty())
            .collect();
        distinct.sort();
        distinct.dedup();
        if distinct.len() < 2 {
            continue;
        }
        r.at_severity(
            f,
            Location::Span(span_of(communities, file)),
            r.rule.severity,
            format!(
                "tenant `{}` serves {} user communities ({}): Auth0 recommends one tenant per community, because a tenant has one login experience, one set of connections, password, MFA and session policies, and one user store, so one community's needs (an employee's SSO, a partner's IdP) loosen or complicate the others', and a mistake exposes all of them. Serve each community from its own tenant, or list only the community this tenant is for",
                f.name,
                distinct.len(),
                list_names(&distinct)
            ),
        );
    }
}
