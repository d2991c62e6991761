//! Maintainability: deprecated features, end-of-life runtimes and exports `a0deploy` would reject.

pub mod custom_database_without_import;
pub mod dangling_reference;
pub mod legacy_hook;
pub mod legacy_rule;
pub mod legacy_tenant_flag;
pub mod mixed_password_policy_shapes;
pub mod outdated_action_runtime;
pub mod outdated_sandbox_version;
pub mod trigger_action_mismatch;

use crate::rules::engine::Check::{self, *};

/// This category's rule files.
pub static FILES: &[(&str, &str)] = crate::rule_files![
    "maintainability/legacy-rule.toml",
    "maintainability/legacy-hook.toml",
    "maintainability/outdated-action-runtime.toml",
    "maintainability/outdated-sandbox-version.toml",
    "maintainability/legacy-tenant-flag.toml",
    "maintainability/trigger-action-mismatch.toml",
    "maintainability/dangling-reference.toml",
    "maintainability/mixed-password-policy-shapes.toml",
    "maintainability/custom-database-without-import.toml",
];

/// This category's checks.
pub static CHECKS: &[(&str, Check)] = &[
    ("MAINT-001", Tenant(legacy_rule::check)),
    ("MAINT-002", Tenant(legacy_hook::check)),
    ("MAINT-003", Tenant(outdated_action_runtime::check)),
    ("MAINT-004", Tenant(outdated_sandbox_version::check)),
    ("MAINT-005", Tenant(legacy_tenant_flag::check)),
    ("MAINT-006", Tenant(trigger_action_mismatch::check)),
    ("MAINT-007", Tenant(dangling_reference::check)),
    ("MAINT-008", Tenant(mixed_password_policy_shapes::check)),
    ("MAINT-009", Tenant(custom_database_without_import::check)),
];
