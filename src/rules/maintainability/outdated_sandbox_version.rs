//! MAINT-004 outdated-sandbox-version

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{cap, node_major};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let Some(n) = t.object("tenant").and_then(|x| x.get("sandbox_version")) else {
        return;
    };
    let major = match (n.as_str(), n.as_f64()) {
        (Some(s), _) => node_major(s.trim()),
        (None, Some(v)) => Some(v as u32),
        _ => None,
    };
    let Some(major) = major.filter(|m| *m < 22) else {
        return;
    };
    let finding = r.at(
        f,
        n.span,
        "/tenant/sandbox_version",
        if major < 18 {
            format!("the tenant's extensibility sandbox (rules, hooks, custom database scripts) runs on Node.js {major}, which has reached end of life and is being removed; move `sandbox_version` to 22 and test the scripts")
        } else {
            format!("the tenant's extensibility sandbox runs on Node.js {major}, which is past its end of life; move `sandbox_version` to 22 and test the scripts")
        },
    );
    if major >= 18 {
        cap(finding, Severity::Warning);
    }
}
