//! Custom domains: production signs users in on the company's own domain, and every environment
//! exercises the same set-up.

pub mod customer_tenant_without_custom_domain;
pub mod lower_environment_without_custom_domain;
pub mod multiple_custom_domains_without_entitlement;
pub mod multiple_default_domains;
pub mod production_domain_not_ready;
pub mod production_without_custom_domain;

use crate::rules::engine::Check::{self, *};

/// This category's rule files.
pub static FILES: &[(&str, &str)] = crate::rule_files![
    "custom-domain/production-without-custom-domain.toml",
    "custom-domain/lower-environment-without-custom-domain.toml",
    "custom-domain/multiple-default-domains.toml",
    "custom-domain/production-domain-not-ready.toml",
    "custom-domain/customer-tenant-without-custom-domain.toml",
    "custom-domain/multiple-custom-domains-without-entitlement.toml",
];

/// This category's checks.
pub static CHECKS: &[(&str, Check)] = &[
    (
        "DOMAIN-001",
        Tenant(production_without_custom_domain::check),
    ),
    (
        "DOMAIN-002",
        Compare(lower_environment_without_custom_domain::check),
    ),
    ("DOMAIN-003", Tenant(multiple_default_domains::check)),
    ("DOMAIN-004", Tenant(production_domain_not_ready::check)),
    (
        "DOMAIN-005",
        Tenant(customer_tenant_without_custom_domain::check),
    ),
    (
        "DOMAIN-006",
        Tenant(multiple_custom_domains_without_entitlement::check),
    ),
];
