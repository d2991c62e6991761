//! Isolation: production stays apart from development, and each tenant serves one community.

pub mod local_url;

use crate::rules::engine::Check::{self, *};

/// This category's rule files.
pub static FILES: &[(&str, &str)] = crate::rule_files!["isolation/local-url.toml",];

/// This category's checks.
pub static CHECKS: &[(&str, Check)] = &[("ISOLATION-001", Tenant(local_url::check))];
