//! Security: per-tenant settings that leave users, tokens or credentials exposed.

pub mod api_rbac_not_enforced;
pub mod api_sender_constraining_off;
pub mod api_token_encryption_off;
pub mod api_user_access_unrestricted;
pub mod attack_protection_allowlist;
pub mod backchannel_logout_missing;
pub mod bot_detection_challenges_off;
pub mod breached_password_detection_off;
pub mod brute_force_protection_off;
pub mod canonical_domain_not_blocked;
pub mod cross_origin_authentication;
pub mod domain_level_connection;
pub mod email_verification_by_link;
pub mod hardcoded_secret_in_code;
pub mod jar_not_required;
pub mod long_api_token_lifetime;
pub mod management_api_not_ip_restricted;
pub mod management_api_overprivileged;
pub mod mfa_never_required;
pub mod no_mfa_factor;
pub mod non_expiring_refresh_token;
pub mod non_rotating_refresh_token;
pub mod non_verifiable_callback_prompt_skipped;
pub mod par_not_required;
pub mod passkeys_not_enabled;
pub mod password_personal_info_allowed;
pub mod password_reset_without_mfa;
pub mod pkce_not_enforced;
pub mod plain_http_url;
pub mod plaintext_secret;
pub mod public_client_secret_auth;
pub mod risky_grant_type;
pub mod sender_constraining_not_required;
pub mod sensitive_data_logged;
pub mod shared_secret_client_auth;
pub mod short_password_minimum;
pub mod signup_user_enumeration;
pub mod sms_mfa_auth0_provider;
pub mod social_developer_keys;
pub mod suspicious_ip_throttling_off;
pub mod unescaped_error_page_output;
pub mod weak_password_policy;
pub mod weak_saml_signing;

use crate::rules::engine::Check::{self, *};

/// This category's rule files.
pub static FILES: &[(&str, &str)] = crate::rule_files![
    "security/plain-http-url.toml",
    "security/wildcard-url.toml",
    "security/risky-grant-type.toml",
    "security/hs256-id-token.toml",
    "security/cross-origin-authentication.toml",
    "security/non-rotating-refresh-token.toml",
    "security/non-expiring-refresh-token.toml",
    "security/weak-password-policy.toml",
    "security/short-password-minimum.toml",
    "security/password-history-disabled.toml",
    "security/password-dictionary-disabled.toml",
    "security/password-personal-info-allowed.toml",
    "security/passkeys-not-enabled.toml",
    "security/email-verification-by-link.toml",
    "security/domain-level-connection.toml",
    "security/dynamic-client-registration.toml",
    "security/unescaped-error-page-output.toml",
    "security/brute-force-protection-off.toml",
    "security/connection-brute-force-off.toml",
    "security/breached-password-detection-off.toml",
    "security/suspicious-ip-throttling-off.toml",
    "security/attack-protection-allowlist.toml",
    "security/bot-detection-challenges-off.toml",
    "security/no-mfa-factor.toml",
    "security/mfa-never-required.toml",
    "security/sms-mfa-auth0-provider.toml",
    "security/signup-user-enumeration.toml",
    "security/password-reset-without-mfa.toml",
    "security/pkce-not-enforced.toml",
    "security/sender-constraining-not-required.toml",
    "security/par-not-required.toml",
    "security/jar-not-required.toml",
    "security/shared-secret-client-auth.toml",
    "security/backchannel-logout-missing.toml",
    "security/hs256-api-signing.toml",
    "security/long-api-token-lifetime.toml",
    "security/api-user-access-unrestricted.toml",
    "security/api-sender-constraining-off.toml",
    "security/api-token-encryption-off.toml",
    "security/api-rbac-not-enforced.toml",
    "security/management-api-overprivileged.toml",
    "security/social-developer-keys.toml",
    "security/weak-saml-signing.toml",
    "security/oidc-conformance-off.toml",
    "security/non-verifiable-callback-prompt-skipped.toml",
    "security/public-client-secret-auth.toml",
    "security/plaintext-secret.toml",
    "security/hardcoded-secret-in-code.toml",
    "security/sensitive-data-logged.toml",
    "security/canonical-domain-not-blocked.toml",
    "security/management-api-not-ip-restricted.toml",
];

/// This category's checks.
pub static CHECKS: &[(&str, Check)] = &[
    ("SEC-001", Tenant(plain_http_url::check)),
    ("SEC-003", Tenant(risky_grant_type::check)),
    ("SEC-005", Tenant(cross_origin_authentication::check)),
    ("SEC-006", Tenant(non_rotating_refresh_token::check)),
    ("SEC-007", Tenant(non_expiring_refresh_token::check)),
    ("SEC-008", Tenant(weak_password_policy::check)),
    ("SEC-009", Tenant(short_password_minimum::check)),
    ("SEC-012", Tenant(password_personal_info_allowed::check)),
    ("SEC-013", Tenant(passkeys_not_enabled::check)),
    ("SEC-014", Tenant(email_verification_by_link::check)),
    ("SEC-015", Tenant(domain_level_connection::check)),
    ("SEC-017", Tenant(unescaped_error_page_output::check)),
    ("SEC-018", Tenant(brute_force_protection_off::check)),
    ("SEC-020", Tenant(breached_password_detection_off::check)),
    ("SEC-021", Tenant(suspicious_ip_throttling_off::check)),
    ("SEC-022", Tenant(attack_protection_allowlist::check)),
    ("SEC-023", Tenant(bot_detection_challenges_off::check)),
    ("SEC-024", Tenant(no_mfa_factor::check)),
    ("SEC-025", Tenant(mfa_never_required::check)),
    ("SEC-026", Tenant(sms_mfa_auth0_provider::check)),
    ("SEC-027", Tenant(signup_user_enumeration::check)),
    ("SEC-028", Tenant(password_reset_without_mfa::check)),
    ("SEC-029", Tenant(pkce_not_enforced::check)),
    ("SEC-030", Tenant(sender_constraining_not_required::check)),
    ("SEC-031", Tenant(par_not_required::check)),
    ("SEC-032", Tenant(jar_not_required::check)),
    ("SEC-033", Tenant(shared_secret_client_auth::check)),
    ("SEC-034", Tenant(backchannel_logout_missing::check)),
    ("SEC-036", Tenant(long_api_token_lifetime::check)),
    ("SEC-037", Tenant(api_user_access_unrestricted::check)),
    ("SEC-038", Tenant(api_sender_constraining_off::check)),
    ("SEC-039", Tenant(api_token_encryption_off::check)),
    ("SEC-040", Tenant(api_rbac_not_enforced::check)),
    ("SEC-041", Tenant(management_api_overprivileged::check)),
    ("SEC-042", Tenant(social_developer_keys::check)),
    ("SEC-043", Tenant(weak_saml_signing::check)),
    (
        "SEC-045",
        Tenant(non_verifiable_callback_prompt_skipped::check),
    ),
    ("SEC-046", Tenant(public_client_secret_auth::check)),
    ("SEC-047", Tenant(plaintext_secret::check)),
    ("SEC-048", Tenant(hardcoded_secret_in_code::check)),
    ("SEC-049", Tenant(sensitive_data_logged::check)),
    ("SEC-050", Tenant(canonical_domain_not_blocked::check)),
    ("SEC-051", Tenant(management_api_not_ip_restricted::check)),
];
