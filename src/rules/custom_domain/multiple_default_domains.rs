//! DOMAIN-003 multiple-default-domains

use crate::finding::{Location, Related};
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let defaults: Vec<(usize, &crate::source::Node)> = t
        .items("customDomains")
        .iter()
        .enumerate()
        .filter(|(_, d)| d.get("is_default").and_then(|n| n.as_bool()) == Some(true))
        .collect();
    let Some((_, first)) = defaults.first() else {
        return;
    };
    for (i, d) in defaults.iter().skip(1) {
        let flag = d.get("is_default").expect("filtered on is_default");
        if let Some(found) = r.at(
            f,
            flag.span,
            format!("/customDomains/{i}/is_default"),
            format!(
                "custom domain `{}` is marked `is_default` although `{}` already is; a tenant has one default domain (used in emails and notifications) and `a0deploy` rejects more. Keep `is_default: true` on one domain only",
                d.get_str("domain").unwrap_or("?"),
                first.get_str("domain").unwrap_or("?")
            ),
        ) {
            found.related.push(Related {
                location: Location::Span(first.get("is_default").map(|n| n.span).unwrap_or(first.span)),
                message: "the first default domain".into(),
            });
        }
    }
}
