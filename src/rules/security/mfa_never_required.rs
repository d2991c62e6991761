//! SEC-025 mfa-never-required

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{bool_at, cap, code, excluded, type_anchor};
use crate::source::Node;

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let any_factor = t.items("guardianFactors").iter().any(|x| {
        x.get_str("name") != Some("recovery-code") && bool_at(x, &["enabled"]) == Some(true)
    });
    if !any_factor {
        return;
    }
    let actions = code(t);
    let actions: Vec<_> = actions
        .iter()
        .filter(|c| c.pointer.starts_with("/actions/") || c.pointer.starts_with("/rules/"))
        .collect();
    if actions.iter().any(|c| !c.loaded())
        || actions.iter().any(|c| {
            c.text.contains("multifactor.enable") || c.text.contains("context.multifactor")
        })
    {
        return;
    }
    let Some(gp) = t.object("guardianPolicies") else {
        if !excluded(f, r, "guardianPolicies", "when MFA is required") {
            cap(
                r.tenant(
                    f,
                    "MFA factors are enabled but this export has no `guardianPolicies`, so it cannot show when MFA is required; export the tenant with them",
                ),
                Severity::Info,
            );
        }
        return;
    };
    let policies = gp.get("policies");
    if policies
        .and_then(Node::as_array)
        .is_some_and(|p| !p.is_empty())
    {
        return;
    }
    r.at(
        f,
        policies.map_or_else(|| type_anchor(t, "guardianPolicies").unwrap_or(gp.span), |p| p.span),
        "/guardianPolicies/policies",
        "MFA factors are enabled but the MFA policy is \"Never\" and no action or rule asks for MFA, so users are never challenged; set `policies` to `all-applications` or `confidence-score` (Adaptive MFA), or require MFA in a post-login action",
    );
}
