//! SDLC: every production tenant has its development, test and staging tenants, and they stay in
//! step with it.

pub mod missing_lower_environments;
pub mod resource_drift;
pub mod settings_drift;
pub mod unresolved_placeholder;

use crate::rules::engine::Check::{self, *};

/// This category's rule files.
pub static FILES: &[(&str, &str)] = crate::rule_files![
    "sdlc/missing-lower-environments.toml",
    "sdlc/resource-drift.toml",
    "sdlc/settings-drift.toml",
    "sdlc/unresolved-placeholder.toml",
];

/// This category's checks.
pub static CHECKS: &[(&str, Check)] = &[
    ("SDLC-001", Estate(missing_lower_environments::check)),
    ("SDLC-002", Compare(resource_drift::check)),
    ("SDLC-003", Compare(settings_drift::check)),
    ("SDLC-004", Tenant(unresolved_placeholder::check)),
];
