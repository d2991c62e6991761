//! Naming: tenant names are chosen once (they can never be changed or reused), so they must meet
//! Auth0's constraints and carry the environment they serve.

pub mod duplicate_tenant_name;
pub mod indistinct_friendly_name;
pub mod invalid_tenant_name;
pub mod tenant_name_environment_mismatch;

use crate::export::NameSource;
use crate::rules::model::TenantFacts;

/// True when `facts.name` really is the Auth0 tenant name (declared in the manifest or read from
/// `AUTH0_DOMAIN`), not a folder name standing in for it.
pub fn is_real_name(facts: &TenantFacts<'_>) -> bool {
    facts.entry.is_some()
        || facts
            .tenant
            .is_some_and(|t| t.name_source == NameSource::DeployConfig)
}

/// Where to point at a tenant's name: its manifest `name` value, else the tenant as a whole.
pub fn name_location(
    facts: &TenantFacts<'_>,
    model: &crate::rules::model::EstateModel<'_>,
) -> crate::finding::Location {
    match (facts.entry, model.manifest.and_then(|m| m.file)) {
        (Some(e), Some(file)) => {
            crate::finding::Location::Span(crate::manifest::span_of(&e.name, file))
        }
        _ => facts.anchor.clone(),
    }
}

use crate::rules::engine::Check::{self, *};

/// This category's rule files.
pub static FILES: &[(&str, &str)] = crate::rule_files![
    "naming/invalid-tenant-name.toml",
    "naming/duplicate-tenant-name.toml",
    "naming/tenant-name-environment-mismatch.toml",
    "naming/indistinct-friendly-name.toml",
];

/// This category's checks.
pub static CHECKS: &[(&str, Check)] = &[
    ("NAMING-001", Estate(invalid_tenant_name::check)),
    ("NAMING-002", Estate(duplicate_tenant_name::check)),
    (
        "NAMING-003",
        Estate(tenant_name_environment_mismatch::check),
    ),
    ("NAMING-004", Estate(indistinct_friendly_name::check)),
];
