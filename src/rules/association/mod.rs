//! Association: every tenant belongs to the company's account, and child tenants follow Auth0's
//! policy (never production, linked to a paid production tenant, few per parent).

pub mod invalid_parent_tenant;
pub mod production_child_tenant;
pub mod tenant_not_associated;
pub mod too_many_child_tenants;

use crate::finding::Location;
use crate::rules::model::{EstateModel, TenantFacts};

/// Where to point at a tenant's `parent` value: the manifest value, else the tenant's anchor.
pub fn parent_location(facts: &TenantFacts<'_>, model: &EstateModel<'_>) -> Location {
    match (
        facts.entry.and_then(|e| e.parent.as_ref()),
        model.manifest.and_then(|m| m.file),
    ) {
        (Some(p), Some(file)) => Location::Span(crate::manifest::span_of(p, file)),
        _ => facts.anchor.clone(),
    }
}

use crate::rules::engine::Check::{self, *};

/// This category's rule files.
pub static FILES: &[(&str, &str)] = crate::rule_files![
    "association/tenant-not-associated.toml",
    "association/production-child-tenant.toml",
    "association/invalid-parent-tenant.toml",
    "association/too-many-child-tenants.toml",
];

/// This category's checks.
pub static CHECKS: &[(&str, Check)] = &[
    ("ASSOC-001", Estate(tenant_not_associated::check)),
    ("ASSOC-002", Estate(production_child_tenant::check)),
    ("ASSOC-003", Estate(invalid_parent_tenant::check)),
    ("ASSOC-004", Estate(too_many_child_tenants::check)),
];
