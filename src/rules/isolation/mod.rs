//! Isolation: production stays apart from development, and each tenant serves one community.

pub mod hosts;
pub mod local_url;
pub mod multiple_user_communities;
pub mod non_production_host_in_production;
pub mod production_host_in_non_production;
pub mod shared_custom_domain;
pub mod unjustified_production_tenant;

use crate::rules::engine::Check::{self, *};

/// This category's rule files.
pub static FILES: &[(&str, &str)] = crate::rule_files![
    "isolation/local-url.toml",
    "isolation/non-production-host-in-production.toml",
    "isolation/production-host-in-non-production.toml",
    "isolation/shared-custom-domain.toml",
    "isolation/multiple-user-communities.toml",
    "isolation/unjustified-production-tenant.toml",
];

/// This category's checks.
pub static CHECKS: &[(&str, Check)] = &[
    ("ISOLATION-001", Tenant(local_url::check)),
    (
        "ISOLATION-002",
        Compare(non_production_host_in_production::check),
    ),
    (
        "ISOLATION-003",
        Compare(production_host_in_non_production::check),
    ),
    ("ISOLATION-004", Estate(shared_custom_domain::check)),
    ("ISOLATION-005", Estate(multiple_user_communities::check)),
    (
        "ISOLATION-006",
        Estate(unjustified_production_tenant::check),
    ),
];
