//! Provisioning and home realm discovery: a tenant per customer only where Auth0's guidance
//! calls for one, and routing by email domain where one tenant serves several identity providers.

pub mod domain_aliases_without_identifier_first;
pub mod email_domain_claimed_twice;
pub mod enterprise_connections_without_hrd;
pub mod isolated_multi_idp_customer_in_shared_tenant;
pub mod unnecessary_customer_tenant;

use crate::manifest::CustomerEntry;
use crate::source::Node;

/// The distinct identity providers a customer entry lists.
pub fn identity_providers(c: &CustomerEntry) -> Vec<String> {
    let mut idps: Vec<String> = c
        .identity_providers
        .iter()
        .map(|i| i.trim().to_ascii_lowercase())
        .filter(|i| !i.is_empty())
        .collect();
    idps.sort();
    idps.dedup();
    idps
}

/// The connections of an export that home realm discovery routes to, with their index.
pub fn enterprise_connections(t: &crate::export::Tenant) -> Vec<(usize, &Node)> {
    t.items("connections")
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.get_str("strategy")
                .is_some_and(|s| crate::rules::helpers::ENTERPRISE_STRATEGIES.contains(&s))
        })
        .collect()
}

/// A connection's `options.domain_aliases` node, when it holds at least one entry (a keyword
/// placeholder counts: its value is set per environment).
pub fn domain_aliases(connection: &Node) -> Option<&Node> {
    connection
        .get_path(&["options", "domain_aliases"])
        .filter(|n| match n.as_array() {
            Some(items) => !items.is_empty(),
            None => n.as_str().is_some_and(crate::source::keywords::has_marker),
        })
}

use crate::rules::engine::Check::{self, *};

/// This category's rule files.
pub static FILES: &[(&str, &str)] = crate::rule_files![
    "provisioning/isolated-multi-idp-customer-in-shared-tenant.toml",
    "provisioning/unnecessary-customer-tenant.toml",
    "provisioning/enterprise-connections-without-hrd.toml",
    "provisioning/email-domain-claimed-twice.toml",
    "provisioning/domain-aliases-without-identifier-first.toml",
];

/// This category's checks.
pub static CHECKS: &[(&str, Check)] = &[
    (
        "PROV-001",
        Estate(isolated_multi_idp_customer_in_shared_tenant::check),
    ),
    ("PROV-002", Estate(unnecessary_customer_tenant::check)),
    (
        "PROV-003",
        Tenant(enterprise_connections_without_hrd::check),
    ),
    ("PROV-004", Tenant(email_domain_claimed_twice::check)),
    (
        "PROV-005",
        Tenant(domain_aliases_without_identifier_first::check),
    ),
];
