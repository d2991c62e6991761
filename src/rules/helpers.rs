//! Small facts many checks need: URL hosts, local addresses, interactive applications, and the
//! URL-valued fields of an export.

use crate::export::Tenant;
use crate::source::{Node, keywords};

/// Client fields that hold URLs a browser is sent to or accepted from.
pub const CLIENT_URL_FIELDS: &[&str] = &[
    "callbacks",
    "allowed_logout_urls",
    "web_origins",
    "allowed_origins",
    "initiate_login_uri",
];

/// Tenant fields that hold URLs.
pub const TENANT_URL_FIELDS: &[&str] = &["allowed_logout_urls", "default_redirection_uri"];

/// One URL value in a tenant's export, with its pointer.
pub struct UrlValue<'a> {
    pub node: &'a Node,
    pub url: &'a str,
    pub pointer: String,
    /// The client's name, or `None` for tenant-level settings.
    pub client: Option<&'a str>,
}

/// Every literal URL in clients' and the tenant's URL fields (placeholders are skipped: their value
/// is not known here).
pub fn urls(tenant: &Tenant) -> Vec<UrlValue<'_>> {
    let mut out = Vec::new();
    for (i, client) in tenant.items("clients").iter().enumerate() {
        let name = client.get_str("name");
        for field in CLIENT_URL_FIELDS {
            push_urls(
                client.get(field),
                &format!("/clients/{i}/{field}"),
                name,
                &mut out,
            );
        }
    }
    if let Some(t) = tenant.object("tenant") {
        for field in TENANT_URL_FIELDS {
            push_urls(t.get(field), &format!("/tenant/{field}"), None, &mut out);
        }
    }
    out
}

fn push_urls<'a>(
    node: Option<&'a Node>,
    pointer: &str,
    client: Option<&'a str>,
    out: &mut Vec<UrlValue<'a>>,
) {
    let Some(node) = node else { return };
    let mut one = |n: &'a Node, p: String| {
        if let Some(s) = n.as_str()
            && !keywords::has_marker(s)
        {
            out.push(UrlValue {
                node: n,
                url: s,
                pointer: p,
                client,
            });
        }
    };
    match node.as_array() {
        Some(items) => {
            for (j, item) in items.iter().enumerate() {
                one(item, format!("{pointer}/{j}"));
            }
        }
        None => one(node, pointer.to_owned()),
    }
}

/// The host of a URL (lowercased, without port or credentials), wildcards kept.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r)?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority
        .rsplit_once('@')
        .map(|(_, h)| h)
        .unwrap_or(authority);
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next()?
    } else {
        authority.split(':').next()?
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// True for loopback, private-network and local-only hosts.
pub fn is_local_host(host: &str) -> bool {
    if host == "localhost"
        || host.ends_with(".localhost")
        || host.ends_with(".local")
        || host == "::1"
    {
        return true;
    }
    let octets: Vec<u8> = host.split('.').filter_map(|p| p.parse().ok()).collect();
    if octets.len() == 4 && host.split('.').count() == 4 {
        return match octets[..] {
            [127, ..] | [10, ..] | [0, 0, 0, 0] => true,
            [192, 168, ..] => true,
            [172, b, ..] => (16..=31).contains(&b),
            [169, 254, ..] => true,
            _ => false,
        };
    }
    host.starts_with("fc") && host.contains(':') || host.starts_with("fe80:")
}

/// Application types a person signs in to (as opposed to machine-to-machine).
pub fn is_interactive(client: &Node) -> bool {
    matches!(
        client.get_str("app_type"),
        Some("spa" | "native" | "regular_web") | None
    ) && client.get_str("name") != Some("All Applications")
}

/// Enterprise connection strategies (those home realm discovery routes to).
pub const ENTERPRISE_STRATEGIES: &[&str] = &[
    "samlp",
    "waad",
    "adfs",
    "ad",
    "oidc",
    "okta",
    "google-apps",
    "pingfederate",
    "auth0-oidc",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_local_addresses() {
        assert_eq!(
            host("https://app.example.com:8443/cb?x=1").as_deref(),
            Some("app.example.com")
        );
        assert_eq!(
            host("http://user:pw@LOCALHOST:3000").as_deref(),
            Some("localhost")
        );
        assert_eq!(host("http://[::1]:80/").as_deref(), Some("::1"));
        assert!(is_local_host("localhost"));
        assert!(is_local_host("127.0.0.1"));
        assert!(is_local_host("192.168.1.20"));
        assert!(is_local_host("172.20.0.1"));
        assert!(!is_local_host("172.32.0.1"));
        assert!(!is_local_host("app.example.com"));
        assert!(is_local_host("myapp.local"));
    }
}
