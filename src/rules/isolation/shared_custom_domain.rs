//! ISOLATION-004 shared-custom-domain

use std::collections::HashMap;

use crate::finding::{Location, Related};
use crate::rules::engine::Reporter;
use crate::rules::helpers::normalize_domain as normalize;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::source::{Span, keywords};

pub fn check(model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    // The first tenant (in name order) to declare each domain.
    let mut first: HashMap<String, (&TenantFacts<'_>, Span)> = HashMap::new();
    for f in &model.tenants {
        let Some(t) = f.tenant else { continue };
        for (i, d) in t.items("customDomains").iter().enumerate() {
            let Some(node) = d.get("domain") else {
                continue;
            };
            let Some(domain) = node
                .as_str()
                .filter(|s| !keywords::has_marker(s))
                .map(normalize)
            else {
                continue;
            };
            match first.get(&domain) {
                None => {
                    first.insert(domain, (f, node.span));
                }
                Some((other, _)) if other.name == f.name => {}
                Some((other, other_span)) => {
                    if let Some(found) = r.at(
                        f,
                        node.span,
                        format!("/customDomains/{i}/domain"),
                        format!(
                            "custom domain `{domain}` is also configured in tenant `{}`: a hostname's CNAME can point at only one tenant, so one of them cannot verify it, and if the exports are deployed the two tenants' login pages, cookies and passkeys would compete for it. Give each tenant its own domain (for example `login-staging.<your-domain>` for staging)",
                            other.name
                        ),
                    ) {
                        found.related.push(Related {
                            location: Location::Span(*other_span),
                            message: format!("the same domain in `{}`", other.name),
                        });
                    }
                }
            }
        }
    }
}
