//! PROV-004 email-domain-claimed-twice

use std::collections::BTreeMap;

use crate::finding::{Location, Related};
use crate::rules::engine::Reporter;
use crate::rules::helpers::{normalize_domain, strings};
use crate::rules::model::{EstateModel, TenantFacts};
use crate::source::Node;

/// One connection's claim on an email domain.
struct Claim<'t> {
    connection: &'t str,
    index: usize,
    alias: usize,
    node: &'t Node,
}

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let mut claims: BTreeMap<String, Vec<Claim<'_>>> = BTreeMap::new();
    for (index, c) in t.items("connections").iter().enumerate() {
        let connection = c.get_str("name").unwrap_or("?");
        for (alias, (domain, node)) in strings(c.get_path(&["options", "domain_aliases"]))
            .into_iter()
            .enumerate()
        {
            claims
                .entry(normalize_domain(domain))
                .or_default()
                .push(Claim {
                    connection,
                    index,
                    alias,
                    node,
                });
        }
    }
    for (domain, mut list) in claims {
        // The first claim by connection name (not file order, which differs between formats) is
        // the one the others are reported against.
        list.sort_by_key(|c| (c.connection, c.index, c.alias));
        let first = &list[0];
        for c in list.iter().filter(|c| c.connection != first.connection) {
            if let Some(found) = r.at(
                f,
                c.node.span,
                format!("/connections/{}/options/domain_aliases/{}", c.index, c.alias),
                format!(
                    "email domain `{domain}` is claimed by connection `{}` and by `{}`: home realm discovery sends a user to the one connection whose `domain_aliases` hold their email's domain, so users of `{domain}` end up at whichever Auth0 picks, and those whose accounts live in the other identity provider cannot sign in. Keep the domain on the connection that really serves it and remove it from the other",
                    c.connection, first.connection,
                ),
            ) {
                found.related.push(Related {
                    location: Location::Span(first.node.span),
                    message: format!("also claimed by `{}`", first.connection),
                });
            }
        }
    }
}
