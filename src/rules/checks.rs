//! The registry of checks: each checked category's rule files and its checks (rule id → the
//! function that raises it). Meta-tests keep files and checks one-to-one.

use super::engine::Check;
use super::{association, provisioning};
use super::{custom_domain, isolation, naming, sdlc};

/// A category's rule files (path below `rules/`, text) and its checks.
pub type CategoryRules = (
    &'static [(&'static str, &'static str)],
    &'static [(&'static str, Check)],
);

pub static CATEGORIES_WITH_CHECKS: &[CategoryRules] = &[
    (naming::FILES, naming::CHECKS),
    (sdlc::FILES, sdlc::CHECKS),
    (isolation::FILES, isolation::CHECKS),
    (custom_domain::FILES, custom_domain::CHECKS),
    (super::security::FILES, super::security::CHECKS),
    (
        super::production_readiness::FILES,
        super::production_readiness::CHECKS,
    ),
    (
        super::maintainability::FILES,
        super::maintainability::CHECKS,
    ),
    (association::FILES, association::CHECKS),
    (provisioning::FILES, provisioning::CHECKS),
];

/// Every check of every category.
pub fn all() -> impl Iterator<Item = &'static (&'static str, Check)> {
    CATEGORIES_WITH_CHECKS
        .iter()
        .flat_map(|(_, checks)| checks.iter())
}
