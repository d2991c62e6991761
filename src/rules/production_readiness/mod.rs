//! Production readiness: what a tenant needs before real users arrive (Auth0's production checks).

pub mod classic_login_page;
pub mod clickjacking_headers_disabled;
pub mod core_email_template_missing;
pub mod custom_domain_not_ready;
pub mod default_audience_set;
pub mod email_template_without_provider;
pub mod event_stream_not_enabled;
pub mod invalid_default_directory;
pub mod log_stream_not_active;
pub mod long_session_lifetime;
pub mod missing_application_login_uri;
pub mod missing_custom_error_page;
pub mod missing_email_provider;
pub mod missing_support_contact;
pub mod missing_tenant_login_uri;
pub mod missing_tenant_logout_url;
pub mod network_acl_inactive;
pub mod no_log_stream;
pub mod test_mail_server;

use crate::rules::engine::Check::{self, *};

/// This category's rule files.
pub static FILES: &[(&str, &str)] = crate::rule_files![
    "production-readiness/missing-email-provider.toml",
    "production-readiness/test-mail-server.toml",
    "production-readiness/email-template-without-provider.toml",
    "production-readiness/core-email-template-missing.toml",
    "production-readiness/missing-support-contact.toml",
    "production-readiness/missing-tenant-login-uri.toml",
    "production-readiness/missing-tenant-logout-url.toml",
    "production-readiness/missing-application-login-uri.toml",
    "production-readiness/missing-custom-error-page.toml",
    "production-readiness/no-log-stream.toml",
    "production-readiness/log-stream-not-active.toml",
    "production-readiness/custom-domain-not-ready.toml",
    "production-readiness/long-session-lifetime.toml",
    "production-readiness/default-audience-set.toml",
    "production-readiness/invalid-default-directory.toml",
    "production-readiness/classic-login-page.toml",
    "production-readiness/clickjacking-headers-disabled.toml",
    "production-readiness/event-stream-not-enabled.toml",
    "production-readiness/network-acl-inactive.toml",
];

/// This category's checks.
pub static CHECKS: &[(&str, Check)] = &[
    ("PROD-001", Tenant(missing_email_provider::check)),
    ("PROD-002", Tenant(test_mail_server::check)),
    ("PROD-003", Tenant(email_template_without_provider::check)),
    ("PROD-004", Tenant(core_email_template_missing::check)),
    ("PROD-005", Tenant(missing_support_contact::check)),
    ("PROD-006", Tenant(missing_tenant_login_uri::check)),
    ("PROD-007", Tenant(missing_tenant_logout_url::check)),
    ("PROD-008", Tenant(missing_application_login_uri::check)),
    ("PROD-009", Tenant(missing_custom_error_page::check)),
    ("PROD-010", Tenant(no_log_stream::check)),
    ("PROD-011", Tenant(log_stream_not_active::check)),
    ("PROD-012", Tenant(custom_domain_not_ready::check)),
    ("PROD-013", Tenant(long_session_lifetime::check)),
    ("PROD-014", Tenant(default_audience_set::check)),
    ("PROD-015", Tenant(invalid_default_directory::check)),
    ("PROD-016", Tenant(classic_login_page::check)),
    ("PROD-017", Tenant(clickjacking_headers_disabled::check)),
    ("PROD-018", Tenant(event_stream_not_enabled::check)),
    ("PROD-019", Tenant(network_acl_inactive::check)),
];
