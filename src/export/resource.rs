//! The Deploy CLI's resource types and where each lives in the two export formats.
//!
//! The YAML key is the canonical name (`clients`, `resourceServers`, …): it is what `tenant.yaml`
//! uses, what the Deploy CLI's `AUTH0_EXCLUDED` lists, and what a0lint's JSON Pointers start with.
//! Checked against the Deploy CLI's `src/types.ts` (`AssetTypes`), `src/tools/constants.ts` and its
//! directory handlers.

/// Whether a resource type holds a list of resources or one settings object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Array,
    Object,
}

/// Where a resource type lives in a directory export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Every `*.json` in the folder is one item.
    Items(&'static str),
    /// One file holding the whole array.
    ArrayFile(&'static str),
    /// One file holding the object.
    Single(&'static str),
    /// Several files or side files: read by dedicated code in the directory loader.
    Special,
    /// Not written to a directory export.
    NotWritten,
}

#[derive(Clone, Copy, Debug)]
pub struct ResourceType {
    /// The YAML top-level key.
    pub key: &'static str,
    pub shape: Shape,
    /// The field naming an item (names come from inside the JSON, never from file names).
    pub name_field: Option<&'static str>,
    pub layout: Layout,
}

const fn t(
    key: &'static str,
    shape: Shape,
    name_field: Option<&'static str>,
    layout: Layout,
) -> ResourceType {
    ResourceType {
        key,
        shape,
        name_field,
        layout,
    }
}

use Layout::*;
use Shape::{Array as A, Object as O};

/// Every resource type the Deploy CLI reads, in the order its own exports list them.
pub static RESOURCE_TYPES: &[ResourceType] = &[
    t("rules", A, Some("name"), Special),
    t("rulesConfigs", A, Some("key"), Items("rules-configs")),
    t("hooks", A, Some("name"), Special),
    t("pages", A, Some("name"), Special),
    t(
        "resourceServers",
        A,
        Some("name"),
        Items("resource-servers"),
    ),
    t("clients", A, Some("name"), Special),
    t("databases", A, Some("name"), Special),
    t("connections", A, Some("name"), Special),
    t("tenant", O, None, Single("tenant.json")),
    t("emailProvider", O, None, Special),
    t("emailTemplates", A, Some("template"), Special),
    t("clientGrants", A, None, Items("grants")),
    t(
        "guardianFactors",
        A,
        Some("name"),
        Items("guardian/factors"),
    ),
    t(
        "guardianFactorProviders",
        A,
        Some("name"),
        Items("guardian/providers"),
    ),
    t(
        "guardianFactorTemplates",
        A,
        Some("name"),
        Items("guardian/templates"),
    ),
    t(
        "guardianPhoneFactorMessageTypes",
        O,
        None,
        Single("guardian/phoneFactorMessageTypes.json"),
    ),
    t(
        "guardianPhoneFactorSelectedProvider",
        O,
        None,
        Single("guardian/phoneFactorSelectedProvider.json"),
    ),
    t(
        "guardianPolicies",
        O,
        None,
        Single("guardian/policies.json"),
    ),
    t("roles", A, Some("name"), Items("roles")),
    t("branding", O, None, Special),
    t(
        "phoneProviders",
        A,
        Some("name"),
        ArrayFile("phone-providers/provider.json"),
    ),
    t("phoneTemplates", A, Some("type"), Items("phone-templates")),
    t("prompts", O, None, Special),
    t("actions", A, Some("name"), Special),
    t("actionModules", A, Some("name"), Special),
    t("triggers", O, None, Special),
    t("organizations", A, Some("name"), Items("organizations")),
    t("attackProtection", O, None, Special),
    t(
        "riskAssessment",
        O,
        None,
        Single("risk-assessment/settings.json"),
    ),
    t("logStreams", A, Some("name"), Items("log-streams")),
    t(
        "customDomains",
        A,
        Some("domain"),
        ArrayFile("custom-domains/custom-domains.json"),
    ),
    t("themes", A, Some("displayName"), Items("themes")),
    t("forms", A, Some("name"), Items("forms")),
    t("flows", A, Some("name"), Items("flows")),
    t(
        "flowVaultConnections",
        A,
        Some("name"),
        Items("flow-vault-connections"),
    ),
    t(
        "selfServiceProfiles",
        A,
        Some("name"),
        Items("self-service-profiles"),
    ),
    t("networkACLs", A, Some("description"), Items("network-acls")),
    // Newer than the Deploy CLI version the layout was checked against; folder name unverified.
    t("networkACLKeys", A, None, Items("network-acl-keys")),
    t(
        "userAttributeProfiles",
        A,
        Some("name"),
        Items("user-attribute-profiles"),
    ),
    t(
        "connectionProfiles",
        A,
        Some("name"),
        Items("connection-profiles"),
    ),
    t(
        "tokenExchangeProfiles",
        A,
        Some("name"),
        Items("token-exchange-profiles"),
    ),
    t(
        "supplementalSignals",
        O,
        None,
        Single("supplemental-signals.json"),
    ),
    t("rateLimitPolicies", A, None, Items("rate-limit-policies")),
    t("eventStreams", A, Some("name"), Items("event-streams")),
    t("clientAuthCredentials", A, None, NotWritten),
];

/// Top-level keys a `tenant.yaml` may hold that are not resource types.
pub const NON_RESOURCE_KEYS: &[&str] = &["exclude", "include"];

/// Looks a resource type up by its YAML key.
pub fn by_key(key: &str) -> Option<&'static ResourceType> {
    RESOURCE_TYPES.iter().find(|t| t.key == key)
}

/// Folders (and root files) whose presence marks a directory export. The folders that a YAML
/// export also writes side files into (`pages/`, `rules/`, `actions/`, …) are left out, so a
/// YAML export's folder is not mistaken for a directory export.
pub const DIRECTORY_MARKERS: &[&str] = &[
    "tenant.json",
    "clients",
    "connections",
    "database-connections",
    "resource-servers",
    "grants",
    "roles",
    "organizations",
    "custom-domains",
    "attack-protection",
    "guardian",
    "log-streams",
    "emails",
    "triggers",
    "branding",
    "prompts",
    "rules-configs",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<_> = RESOURCE_TYPES.iter().map(|t| t.key).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }
}
