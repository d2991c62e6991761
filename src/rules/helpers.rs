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

/// One URL value in a tenant's export, with where it sits.
pub struct UrlValue<'a> {
    pub node: &'a Node,
    pub url: &'a str,
    /// The client's index and name, or `None` for tenant-level settings.
    pub client: Option<(usize, &'a str)>,
    pub field: &'static str,
    /// The index in the field's list, when the field holds a list.
    pub index: Option<usize>,
}

impl UrlValue<'_> {
    /// The value's JSON Pointer. Built on demand: a tenant has thousands of URLs and few findings.
    pub fn pointer(&self) -> String {
        let mut p = match self.client {
            Some((i, _)) => format!("/clients/{i}/{}", self.field),
            None => format!("/tenant/{}", self.field),
        };
        if let Some(j) = self.index {
            use std::fmt::Write as _;
            let _ = write!(p, "/{j}");
        }
        p
    }

    /// "client `X`" or "the tenant", for a message.
    pub fn owner(&self) -> String {
        match self.client {
            Some((_, c)) => format!("client `{c}`"),
            None => "the tenant".into(),
        }
    }
}

/// Every literal URL in clients' and the tenant's URL fields (placeholders are skipped: their value
/// is not known here).
pub fn urls(tenant: &Tenant) -> Vec<UrlValue<'_>> {
    let mut out = Vec::new();
    for (i, client) in tenant.items("clients").iter().enumerate() {
        let name = client.get_str("name").unwrap_or_default();
        for field in CLIENT_URL_FIELDS {
            push_urls(client.get(field), Some((i, name)), field, &mut out);
        }
    }
    if let Some(t) = tenant.object("tenant") {
        for field in TENANT_URL_FIELDS {
            push_urls(t.get(field), None, field, &mut out);
        }
    }
    out
}

fn push_urls<'a>(
    node: Option<&'a Node>,
    client: Option<(usize, &'a str)>,
    field: &'static str,
    out: &mut Vec<UrlValue<'a>>,
) {
    let Some(node) = node else { return };
    let mut one = |n: &'a Node, index: Option<usize>| {
        if let Some(s) = n.as_str()
            && !keywords::has_marker(s)
        {
            out.push(UrlValue {
                node: n,
                url: s,
                client,
                field,
                index,
            });
        }
    };
    match node.as_array() {
        Some(items) => items.iter().enumerate().for_each(|(j, n)| one(n, Some(j))),
        None => one(node, None),
    }
}

/// The host of a URL (lowercased, without port or credentials), wildcards kept.
pub fn host(url: &str) -> Option<std::borrow::Cow<'_, str>> {
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
    if host.is_empty() {
        return None;
    }
    // Borrowed unless it has capitals: this runs for every URL of every client.
    Some(if host.bytes().any(|b| b.is_ascii_uppercase()) {
        host.to_ascii_lowercase().into()
    } else {
        host.into()
    })
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
    // Only an IPv4 address (below) ends in a digit, and only an IPv6 one holds a colon: most
    // hosts are names and stop here.
    if !host.ends_with(|c: char| c.is_ascii_digit()) && !host.contains(':') {
        return false;
    }
    // Four dot-separated parts that are all octets: an IPv4 address (no allocation: this runs
    // for every URL of every client).
    let mut octets = [0u8; 4];
    let mut parts = 0;
    let mut all_octets = true;
    for p in host.split('.') {
        match p.parse::<u8>() {
            Ok(o) if parts < 4 => octets[parts] = o,
            Ok(_) => {}
            Err(_) => all_octets = false,
        }
        parts += 1;
    }
    if all_octets && parts == 4 {
        return match octets {
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

// ---------------------------------------------------------------------------------------------
// Helpers of the cross-tenant architecture rules (SDLC drift, isolation, custom domains).

/// The environments below production that a group's changes pass through, nearest first.
/// Sandboxes are left out: they exist to try things, so they are expected to differ.
pub const LOWER_ENVIRONMENTS: [crate::export::Environment; 3] = [
    crate::export::Environment::Staging,
    crate::export::Environment::Test,
    crate::export::Environment::Development,
];

/// The tenants with an export that support `prod` in a lower environment (staging, test,
/// development), nearest environment first, then by name.
pub fn lower_tenants<'m, 'a>(
    model: &'m crate::rules::model::EstateModel<'a>,
    prod: &crate::rules::model::TenantFacts<'_>,
) -> Vec<&'m crate::rules::model::TenantFacts<'a>> {
    let rank = |f: &crate::rules::model::TenantFacts<'_>| {
        f.environment
            .and_then(|e| LOWER_ENVIRONMENTS.iter().position(|l| *l == e))
    };
    let mut out: Vec<_> = model
        .group(&prod.group)
        .filter(|f| f.name != prod.name && f.tenant.is_some() && rank(f).is_some())
        .collect();
    out.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.name.cmp(b.name)));
    out
}

/// Where a tenant's keyword placeholders are, for asking "was this value written as a literal?".
pub struct PlaceholderSpans(Vec<crate::source::Span>);

impl PlaceholderSpans {
    pub fn of(tenant: &Tenant) -> Self {
        let mut spans: Vec<crate::source::Span> =
            tenant.placeholders.iter().map(|p| p.span).collect();
        spans.sort_unstable();
        spans.dedup();
        PlaceholderSpans(spans)
    }

    /// True when a placeholder (resolved or not) lies inside `span`: the value there was not
    /// written as a literal, so it may differ per environment by design.
    pub fn within(&self, span: crate::source::Span) -> bool {
        let from = self
            .0
            .partition_point(|p| (p.file, p.start) < (span.file, span.start));
        self.0[from..]
            .iter()
            .take_while(|p| p.file == span.file && p.start <= span.end)
            .any(|p| p.end <= span.end)
    }
}

/// The text a span covers, as written (keyword markers unresolved), without surrounding quotes.
pub fn raw_text(sources: &crate::source::SourceMap, span: crate::source::Span) -> String {
    let file = sources.get(span.file);
    let text = file
        .text
        .get(span.start as usize..span.end as usize)
        .unwrap_or_default()
        .trim();
    let unquoted = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .or_else(|| text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')))
        .unwrap_or(text);
    unquoted.to_owned()
}

/// The non-production environment a host name announces in one of its labels (`dev.app.example`,
/// `app-staging.example`, `northwind-uat.eu.auth0.com`), if any. The top-level domain is not a
/// label that counts (`app.pages.dev` is not a development host by its name).
pub fn host_environment(host: &str) -> Option<crate::export::Environment> {
    use crate::export::Environment;
    let labels: Vec<&str> = host.split('.').collect();
    let kept = labels.len().saturating_sub(1).max(1).min(labels.len());
    labels[..kept]
        .iter()
        .copied()
        .flat_map(|label| {
            std::iter::once(label).chain(label.split('-').filter(move |_| label.contains('-')))
        })
        .filter_map(Environment::from_token)
        .find(|e| *e != Environment::Production)
}

/// The domains of a tenant's `customDomains`, lowercased, with their nodes.
pub fn custom_domains(tenant: &Tenant) -> Vec<(String, &Node)> {
    tenant
        .items("customDomains")
        .iter()
        .filter_map(|d| {
            let node = d.get("domain")?;
            let s = node.as_str()?;
            (!keywords::has_marker(s)).then(|| (normalize_domain(s), node))
        })
        .collect()
}

/// A domain name as compared: trimmed, lowercased, without a trailing dot.
pub fn normalize_domain(s: &str) -> String {
    s.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// The strings of an array node (placeholders and non-strings skipped).
pub fn strings(node: Option<&Node>) -> Vec<(&str, &Node)> {
    node.and_then(Node::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|n| {
                    n.as_str()
                        .filter(|s| !keywords::has_marker(s))
                        .map(|s| (s, n))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A short, readable rendering of a setting's value for a message (never used for secrets).
pub fn show_value(node: &Node) -> String {
    let text = match node.as_array() {
        Some(items) => items.iter().map(show_value).collect::<Vec<_>>().join(", "),
        None => match node.as_str() {
            Some(s) => s.to_owned(),
            None => node.to_json().to_string(),
        },
    };
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(79).collect::<String>())
    } else if text.is_empty() {
        "(empty)".into()
    } else {
        text
    }
}

/// Human list of names: `a`, `b` and `c`.
pub fn list_names<S: AsRef<str>>(names: &[S]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{}`", n.as_ref())).collect();
    and_list(&quoted)
}

/// Joins phrases as a sentence does: `a, b and c`.
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `` `name` (environment) `` for a message.
pub fn tenant_label(f: &crate::rules::model::TenantFacts<'_>) -> String {
    match f.environment {
        Some(e) => format!("`{}` ({e})", f.name),
        None => format!("`{}`", f.name),
    }
}

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
