//! Custom domains: production signs users in on the company's own domain, and every environment
//! exercises the same set-up.

pub mod multiple_default_domains;
pub mod production_without_custom_domain;

use crate::rules::engine::Check::{self, *};

/// This category's rule files.
pub static FILES: &[(&str, &str)] = crate::rule_files![
    "custom-domain/production-without-custom-domain.toml",
    "custom-domain/multiple-default-domains.toml",
];

/// This category's checks.
pub static CHECKS: &[(&str, Check)] = &[
    (
        "DOMAIN-001",
        Tenant(production_without_custom_domain::check),
    ),
    ("DOMAIN-003", Tenant(multiple_default_domains::check)),
];
