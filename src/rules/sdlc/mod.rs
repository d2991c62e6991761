//! SDLC: every production tenant has its development, test and staging tenants, and they stay in
//! step with it.

pub mod missing_lower_environments;

use crate::rules::engine::Check::{self, *};

/// This category's rule files.
pub static FILES: &[(&str, &str)] = crate::rule_files!["sdlc/missing-lower-environments.toml",];

/// This category's checks.
pub static CHECKS: &[(&str, Check)] = &[("SDLC-001", Estate(missing_lower_environments::check))];
