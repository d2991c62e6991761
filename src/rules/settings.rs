//! Readers shared by the per-tenant security, production-readiness and maintainability rules.

use std::sync::Arc;

use crate::export::{Environment, Tenant};
use crate::finding::{Finding, Severity};
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::source::{Node, SourceFile, Span, keywords};

/// Lowers a just-reported finding to at most `max` (a rule's minor cases under its
/// environment-dependent severity).
pub fn cap(finding: Option<&mut Finding>, max: Severity) {
    if let Some(f) = finding {
        f.severity = f.severity.min(max);
    }
}

/// The global "All Applications" client, which Auth0 manages itself.
pub fn is_global_client(client: &Node) -> bool {
    client.get_str("name") == Some("All Applications")
        || client.get("global").and_then(Node::as_bool) == Some(true)
}

/// A deployment tool's own machine-to-machine client (Deploy CLI, its extension, Terraform).
pub fn is_deploy_client(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    (n.contains("deploy") && n.contains("cli"))
        || n.contains("terraform")
        || n == "auth0 cli"
        || n.starts_with("auth0 cli ")
        || n.starts_with("auth0 cli -")
}

/// A resource's name for messages.
pub fn name_of(node: &Node) -> &str {
    node.get_str("name")
        .or_else(|| node.get_str("template"))
        .or_else(|| node.get_str("description"))
        .unwrap_or("(unnamed)")
}

/// Every client but the global one, with its index.
pub fn clients(t: &Tenant) -> impl Iterator<Item = (usize, &Node)> {
    t.items("clients")
        .iter()
        .enumerate()
        .filter(|(_, c)| !is_global_client(c))
}

/// A boolean at a path of object keys.
pub fn bool_at(node: &Node, path: &[&str]) -> Option<bool> {
    node.get_path(path).and_then(Node::as_bool)
}

/// A number at a path of object keys.
pub fn number_at(node: &Node, path: &[&str]) -> Option<f64> {
    node.get_path(path).and_then(Node::as_f64)
}

/// The string items of an array node, with their index and node.
pub fn strings(node: Option<&Node>) -> Vec<(usize, &Node, &str)> {
    node.and_then(Node::as_array)
        .map(|items| {
            items
                .iter()
                .enumerate()
                .filter_map(|(i, n)| n.as_str().map(|s| (i, n, s)))
                .collect()
        })
        .unwrap_or_default()
}

/// True when a client's `grant_types` holds `grant`.
pub fn has_grant(client: &Node, grant: &str) -> bool {
    strings(client.get("grant_types"))
        .iter()
        .any(|(_, _, g)| *g == grant)
}

/// A string that is empty, a keyword placeholder or the Deploy CLI's mask: no value to judge.
pub fn is_unknown(s: &str) -> bool {
    s.trim().is_empty() || keywords::has_marker(s)
}

/// " in a production tenant", or nothing when the environment is unknown.
pub fn in_env(f: &TenantFacts<'_>) -> String {
    match f.environment {
        Some(Environment::Production) => " in a production tenant".into(),
        Some(e) => format!(" in a {e} tenant"),
        None => String::new(),
    }
}

/// When the Deploy CLI config left `key` out of the export, says so at info level (the rule
/// cannot tell `what`) and returns true.
pub fn excluded(f: &TenantFacts<'_>, r: &mut Reporter<'_>, key: &str, what: &str) -> bool {
    let Some(t) = f.tenant else { return false };
    if !t.excluded(key) {
        return false;
    }
    cap(
        r.tenant(
            f,
            format!(
                "cannot tell {what}: the Deploy CLI config excludes `{key}` from this export, so check the tenant itself"
            ),
        ),
        Severity::Info,
    );
    true
}

/// The file a node was read from, with the node's byte range in it: for a side file (action
/// code, a database script, a page) the whole file; for an inline value the scalar as written.
pub fn raw(model: &EstateModel<'_>, span: Span) -> (Arc<SourceFile>, usize, usize) {
    let file = model.estate.sources.get(span.file);
    let end = (span.end as usize).min(file.text.len());
    let start = (span.start as usize).min(end);
    (file, start, end)
}

/// One piece of code in an export: action and action-module code, rule and hook scripts,
/// database scripts, custom social connection scripts.
pub struct Code<'a> {
    pub node: &'a Node,
    pub text: &'a str,
    pub pointer: String,
    /// "action `Enrich profile`", "script `login` of database `users`", …
    pub owner: String,
}

impl Code<'_> {
    /// False when the value is still a side-file path (the file was missing and not read).
    pub fn loaded(&self) -> bool {
        self.text.contains('\n') || !self.text.ends_with(".js") || self.text.contains(' ')
    }
}

/// Every code field of a tenant's export.
pub fn code(t: &Tenant) -> Vec<Code<'_>> {
    let mut all: Vec<(Option<&Node>, String, String)> = Vec::new();
    for (i, a) in t.items("actions").iter().enumerate() {
        all.push((
            a.get("code"),
            format!("/actions/{i}/code"),
            format!("action `{}`", name_of(a)),
        ));
    }
    for (i, a) in t.items("actionModules").iter().enumerate() {
        all.push((
            a.get("code"),
            format!("/actionModules/{i}/code"),
            format!("action module `{}`", name_of(a)),
        ));
    }
    for (i, x) in t.items("rules").iter().enumerate() {
        all.push((
            x.get("script"),
            format!("/rules/{i}/script"),
            format!("rule `{}`", name_of(x)),
        ));
    }
    for (i, x) in t.items("hooks").iter().enumerate() {
        all.push((
            x.get("script"),
            format!("/hooks/{i}/script"),
            format!("hook `{}`", name_of(x)),
        ));
    }
    for (key, what) in [("databases", "database"), ("connections", "connection")] {
        for (i, d) in t.items(key).iter().enumerate() {
            for field in ["customScripts", "scripts"] {
                let Some(members) = d.get_path(&["options", field]).and_then(Node::as_object)
                else {
                    continue;
                };
                for m in members {
                    all.push((
                        Some(&m.value),
                        format!(
                            "/{key}/{i}/options/{field}/{}",
                            crate::source::escape_pointer_token(&m.key)
                        ),
                        format!("script `{}` of {what} `{}`", m.key, name_of(d)),
                    ));
                }
            }
        }
    }
    all.into_iter()
        .filter_map(|(node, pointer, owner)| {
            let node = node?;
            Some(Code {
                node,
                text: node.as_str()?,
                pointer,
                owner,
            })
        })
        .collect()
}

/// The actions that support a trigger.
pub fn actions_for<'t>(t: &'t Tenant, trigger: &str) -> Vec<(usize, &'t Node)> {
    t.items("actions")
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            a.get("supported_triggers")
                .and_then(Node::as_array)
                .is_some_and(|ts| ts.iter().any(|x| x.get_str("id") == Some(trigger)))
        })
        .collect()
}

/// Hours from a tenant's session setting, in hours or in its `_in_minutes` variant.
pub fn hours<'a>(tenant: &'a Node, key: &str) -> Option<(f64, &'a Node, String)> {
    if let Some(n) = tenant.get(key)
        && let Some(h) = n.as_f64()
    {
        return Some((h, n, key.to_owned()));
    }
    let minutes = format!("{key}_in_minutes");
    let n = tenant.get(&minutes)?;
    Some((n.as_f64()? / 60.0, n, minutes))
}

/// `node{n}` → n, for Node.js runtimes (`node18`, `node18-actions`, `22`).
pub fn node_major(runtime: &str) -> Option<u32> {
    let digits: String = runtime
        .trim_start_matches("node")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Where to point at a resource as a whole: its `name` (or `template`) value, else the item.
pub fn anchor(item: &Node) -> Span {
    item.get("name")
        .or_else(|| item.get("template"))
        .or_else(|| item.get("identifier"))
        .map(|n| n.span)
        .unwrap_or(item.span)
}

/// Where to point at a top-level resource type: its key in a YAML export, else its first file.
pub fn type_anchor(t: &Tenant, key: &str) -> Option<Span> {
    t.resources.member(key).map(|m| m.key_span)
}

/// True for a client that authenticates to the token endpoint with a credential.
pub fn is_confidential(client: &Node) -> bool {
    match client.get_str("token_endpoint_auth_method") {
        Some(m) => m != "none",
        None => matches!(
            client.get_str("app_type"),
            Some("regular_web" | "non_interactive")
        ),
    }
}

/// The tenant's own APIs (not Auth0's system APIs), with their index.
pub fn apis(t: &Tenant) -> impl Iterator<Item = (usize, &Node)> {
    t.items("resourceServers")
        .iter()
        .enumerate()
        .filter(|(_, a)| a.get("is_system").and_then(Node::as_bool) != Some(true))
}

/// True when a database connection accepts passwords (`authentication_methods.password`).
pub fn accepts_passwords(db: &Node) -> bool {
    bool_at(
        db,
        &["options", "authentication_methods", "password", "enabled"],
    ) != Some(false)
}

/// True for a client whose URL settings are inert: a machine-to-machine client that cannot
/// start a browser flow, or a deployment tool's client. `pointer` is a URL value's pointer.
pub fn inert_client_url(t: &Tenant, pointer: &str) -> bool {
    let Some(i) = pointer
        .strip_prefix("/clients/")
        .and_then(|rest| rest.split('/').next())
        .and_then(|i| i.parse::<usize>().ok())
    else {
        return false;
    };
    let Some(c) = t.items("clients").get(i) else {
        return false;
    };
    is_deploy_client(name_of(c))
        || (c.get_str("app_type") == Some("non_interactive")
            && !has_grant(c, "authorization_code")
            && !has_grant(c, "implicit"))
}

/// Social connection strategies, whose `client_id` left empty means Auth0's developer keys.
pub const SOCIAL_STRATEGIES: &[&str] = &[
    "google-oauth2",
    "facebook",
    "github",
    "apple",
    "windowslive",
    "linkedin",
    "twitter",
    "amazon",
    "bitbucket",
    "box",
    "dropbox",
    "paypal",
    "paypal-sandbox",
    "salesforce",
    "salesforce-sandbox",
    "salesforce-community",
    "yahoo",
    "fitbit",
    "shopify",
    "wordpress",
    "yandex",
    "vkontakte",
    "weibo",
    "line",
    "baidu",
    "evernote",
    "evernote-sandbox",
    "exact",
    "soundcloud",
    "thecity",
    "thecity-sandbox",
    "planningcenter",
    "renren",
    "37signals",
    "instagram",
    "daccount",
    "dwolla",
    "miicard",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtimes_and_deploy_clients() {
        assert_eq!(node_major("node18"), Some(18));
        assert_eq!(node_major("node18-actions"), Some(18));
        assert_eq!(node_major("22"), Some(22));
        assert_eq!(node_major("python"), None);
        assert!(is_deploy_client("Deploy CLI"));
        assert!(is_deploy_client("auth0-deploy-cli-extension"));
        assert!(!is_deploy_client("Patient Portal"));
    }
}
