//! One tenant's page: what its export holds, in the terms an architecture review uses.
//!
//! Only names, types, hosts and settings leave the export: never a whole URL (its path and query
//! may carry tokens), never a value under a credential key. Callback URLs are reduced to their
//! hosts (`https://portal.example/cb?x` → `portal.example`; a custom scheme keeps its scheme:
//! `com.example.app://login.example`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::export::Tenant;
use crate::rules::helpers::ENTERPRISE_STRATEGIES;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::source::Node;

use super::super::mermaid::{self, Diagram, Ids, Shape};
use super::{Counts, FindingRow, FrontMatter, Input, Link, Linker, Site, sorted_unique};

/// Diagrams larger than this are left out of a page (GitHub stops rendering far sooner than a
/// reader stops understanding).
pub const MAX_DIAGRAM_NODES: usize = 80;
pub const MAX_DIAGRAM_EDGES: usize = 250;

/// The audience-name used for grants to the tenant's own Management API.
pub const MANAGEMENT_API: &str = "Auth0 Management API";

#[derive(Clone, Debug, Serialize)]
pub struct TenantView {
    pub front: FrontMatter,
    pub name: String,
    pub environment: String,
    pub region: String,
    pub group: String,
    pub association: String,
    pub customer: Option<String>,
    /// `yaml` or `directory`; `None` when the manifest lists the tenant but no export was found.
    pub format: Option<&'static str>,
    /// The export's root, relative to the estate root.
    pub export_path: Option<String>,
    pub communities: Vec<String>,
    pub counts: ResourceCounts,
    pub diagram: Option<Diagram>,
    /// Why the diagram was left out, when it was.
    pub diagram_note: Option<String>,
    pub applications: Vec<Application>,
    pub apis: Vec<Api>,
    pub grants: Vec<Grant>,
    pub connections: Vec<Connection>,
    pub organizations: Vec<Organization>,
    pub actions: Vec<ActionBinding>,
    pub custom_domains: Vec<CustomDomain>,
    pub security: Vec<Setting>,
    pub findings: Vec<FindingRow>,
    pub finding_counts: Counts,
    pub links: TenantLinks,
}

#[derive(Clone, Debug, Serialize)]
pub struct TenantLinks {
    pub architecture: String,
    pub findings: String,
    pub group: Option<Link>,
}

#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct ResourceCounts {
    pub applications: usize,
    pub apis: usize,
    pub connections: usize,
    pub organizations: usize,
    pub actions: usize,
    pub roles: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Application {
    pub name: String,
    pub app_type: String,
    pub grant_types: Vec<String>,
    pub callback_hosts: Vec<String>,
    pub first_party: &'static str,
    pub organization_usage: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Api {
    pub name: String,
    pub identifier: String,
    pub signing_alg: String,
    pub scopes: Vec<String>,
    pub rbac: &'static str,
    pub offline_access: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct Grant {
    pub application: String,
    pub api: String,
    pub scopes: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Connection {
    pub name: String,
    pub strategy: String,
    pub kind: &'static str,
    pub enabled_for: Vec<String>,
    /// False when the export does not list the applications (newer Deploy CLI exports keep them
    /// on the clients instead).
    pub enabled_listed: bool,
    pub domain_aliases: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Organization {
    pub name: String,
    pub display_name: String,
    pub connections: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ActionBinding {
    pub trigger: String,
    /// 1-based position in the trigger's flow; `None` for an action bound to no trigger.
    pub order: Option<usize>,
    pub action: String,
    pub runtime: String,
    pub deployed: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct CustomDomain {
    pub domain: String,
    pub kind: String,
    pub status: String,
    pub default: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Setting {
    pub setting: &'static str,
    pub value: String,
}

/// Tenant flags Auth0 calls legacy ("Migrations" in the Dashboard).
const LEGACY_FLAGS: &[&str] = &[
    "allow_legacy_delegation_grant_types",
    "allow_legacy_ro_grant_types",
    "allow_legacy_tokeninfo_endpoint",
    "change_pwd_flow_v1",
    "enable_idtoken_api2",
    "enable_legacy_profile",
];

fn on_off(b: Option<bool>) -> String {
    match b {
        Some(true) => "on".into(),
        Some(false) => "off".into(),
        None => "not set".into(),
    }
}

fn yes_no(b: Option<bool>) -> &'static str {
    match b {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not set",
    }
}

fn strings(node: Option<&Node>) -> Vec<String> {
    node.and_then(Node::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(|n| n.as_str().map(str::to_owned))
        .collect()
}

fn text(node: Option<&Node>) -> String {
    match node {
        Some(n) => match (n.as_str(), n.as_f64(), n.as_bool()) {
            (Some(s), _, _) => s.to_owned(),
            (_, Some(_), _) => n.to_json().to_string(),
            (_, _, Some(b)) => b.to_string(),
            _ => "not set".into(),
        },
        None => "not set".into(),
    }
}

/// What a callback URL says about where users are sent: its host, or scheme and host for a
/// non-web scheme; a placeholder that stayed unresolved is shown as the placeholder.
pub fn callback_host(url: &str) -> Option<String> {
    let url = url.trim();
    for (open, close) in [("##", "##"), ("@@", "@@")] {
        if let Some(rest) = url.strip_prefix(open)
            && let Some(end) = rest.find(close)
        {
            return Some(url[..end + 2 * open.len()].to_owned());
        }
    }
    let (scheme, _) = url.split_once("://")?;
    let host = crate::rules::helpers::host(url)?;
    Some(match scheme.to_ascii_lowercase().as_str() {
        "https" => host.into_owned(),
        s => format!("{s}://{host}"),
    })
}

/// The kind of identity a connection strategy brings.
pub fn connection_kind(strategy: &str) -> &'static str {
    match strategy {
        "auth0" => "database",
        "sms" | "email" => "passwordless",
        s if ENTERPRISE_STRATEGIES.contains(&s) => "enterprise",
        _ => "social",
    }
}

/// Facts read from one export, shared by the tenant page and the architecture page.
#[derive(Clone, Debug, Default)]
pub struct TenantData {
    pub applications: Vec<Application>,
    pub apis: Vec<Api>,
    pub grants: Vec<Grant>,
    pub connections: Vec<Connection>,
    pub organizations: Vec<Organization>,
    pub actions: Vec<ActionBinding>,
    pub custom_domains: Vec<CustomDomain>,
    pub security: Vec<Setting>,
    pub roles: Vec<String>,
}

impl TenantData {
    pub fn read(t: &Tenant) -> TenantData {
        let mut d = TenantData::default();
        for c in t.items("clients") {
            let mut hosts: Vec<String> = strings(c.get("callbacks"))
                .iter()
                .filter_map(|u| callback_host(u))
                .collect();
            hosts = sorted_unique(hosts);
            d.applications.push(Application {
                name: c.get_str("name").unwrap_or("(unnamed)").to_owned(),
                app_type: c.get_str("app_type").unwrap_or("not set").to_owned(),
                grant_types: strings(c.get("grant_types")),
                callback_hosts: hosts,
                first_party: yes_no(c.get("is_first_party").and_then(Node::as_bool)),
                organization_usage: c
                    .get_str("organization_usage")
                    .unwrap_or("not set")
                    .to_owned(),
            });
        }
        d.applications.sort_by(|a, b| a.name.cmp(&b.name));

        let mut api_names: BTreeMap<String, String> = BTreeMap::new();
        for r in t.items("resourceServers") {
            let name = r.get_str("name").unwrap_or("(unnamed)").to_owned();
            let identifier = r.get_str("identifier").unwrap_or("").to_owned();
            api_names.insert(identifier.clone(), name.clone());
            let scopes = r
                .get("scopes")
                .and_then(Node::as_array)
                .unwrap_or_default()
                .iter()
                .filter_map(|s| s.get_str("value").map(str::to_owned))
                .collect();
            d.apis.push(Api {
                name,
                identifier,
                signing_alg: text(r.get("signing_alg")),
                scopes,
                rbac: yes_no(r.get("enforce_policies").and_then(Node::as_bool)),
                offline_access: yes_no(r.get("allow_offline_access").and_then(Node::as_bool)),
            });
        }
        d.apis.sort_by(|a, b| a.name.cmp(&b.name));

        for g in t.items("clientGrants") {
            let audience = g.get_str("audience").unwrap_or("");
            let api = match api_names.get(audience) {
                Some(name) => name.clone(),
                None if audience.ends_with("/api/v2/") => MANAGEMENT_API.to_owned(),
                None => audience.to_owned(),
            };
            d.grants.push(Grant {
                application: g.get_str("client_id").unwrap_or("(unknown)").to_owned(),
                api,
                scopes: strings(g.get("scope")),
            });
        }
        d.grants
            .sort_by(|a, b| (&a.application, &a.api).cmp(&(&b.application, &b.api)));

        for (key, db) in [("databases", true), ("connections", false)] {
            for c in t.items(key) {
                let strategy = if db {
                    c.get_str("strategy").unwrap_or("auth0")
                } else {
                    c.get_str("strategy").unwrap_or("not set")
                };
                d.connections.push(Connection {
                    name: c.get_str("name").unwrap_or("(unnamed)").to_owned(),
                    strategy: strategy.to_owned(),
                    kind: connection_kind(strategy),
                    enabled_for: sorted_unique(strings(c.get("enabled_clients"))),
                    enabled_listed: c.get("enabled_clients").and_then(Node::as_array).is_some(),
                    domain_aliases: sorted_unique(strings(
                        c.get_path(&["options", "domain_aliases"]),
                    )),
                });
            }
        }
        d.connections.sort_by(|a, b| a.name.cmp(&b.name));

        for o in t.items("organizations") {
            let connections = o
                .get("connections")
                .and_then(Node::as_array)
                .unwrap_or_default()
                .iter()
                .filter_map(|c| c.get_str("name").or_else(|| c.get_str("connection_id")))
                .map(str::to_owned)
                .collect();
            let name = o.get_str("name").unwrap_or("(unnamed)").to_owned();
            d.organizations.push(Organization {
                display_name: o.get_str("display_name").unwrap_or(&name).to_owned(),
                name,
                connections: sorted_unique(connections),
            });
        }
        d.organizations.sort_by(|a, b| a.name.cmp(&b.name));

        d.actions = actions(t);

        for c in t.items("customDomains") {
            let default = c.get("is_default").and_then(Node::as_bool) == Some(true)
                || c.get("primary").and_then(Node::as_bool) == Some(true);
            d.custom_domains.push(CustomDomain {
                domain: c.get_str("domain").unwrap_or("(unnamed)").to_owned(),
                kind: c.get_str("type").unwrap_or("not set").to_owned(),
                status: c.get_str("status").unwrap_or("not set").to_owned(),
                default: if default { "yes" } else { "no" },
            });
        }
        d.custom_domains.sort_by(|a, b| a.domain.cmp(&b.domain));

        d.security = security(t);
        d.roles = sorted_unique(
            t.items("roles")
                .iter()
                .filter_map(|r| r.get_str("name").map(str::to_owned))
                .collect(),
        );
        d
    }

    pub fn counts(&self) -> ResourceCounts {
        ResourceCounts {
            applications: self.applications.len(),
            apis: self.apis.len(),
            connections: self.connections.len(),
            organizations: self.organizations.len(),
            actions: {
                let mut names: Vec<&str> = self.actions.iter().map(|a| a.action.as_str()).collect();
                names.sort_unstable();
                names.dedup();
                names.len()
            },
            roles: self.roles.len(),
        }
    }
}

fn actions(t: &Tenant) -> Vec<ActionBinding> {
    let mut out = Vec::new();
    let by_name: BTreeMap<&str, &Node> = t
        .items("actions")
        .iter()
        .filter_map(|a| a.get_str("name").map(|n| (n, a)))
        .collect();
    let describe = |name: &str| -> (String, &'static str) {
        match by_name.get(name) {
            Some(a) => (
                text(a.get("runtime")),
                yes_no(a.get("deployed").and_then(Node::as_bool)),
            ),
            None => ("not exported".into(), "not exported"),
        }
    };
    let mut bound: Vec<&str> = Vec::new();
    if let Some(members) = t.object("triggers").and_then(Node::as_object) {
        let mut triggers: Vec<_> = members.iter().collect();
        triggers.sort_by(|a, b| a.key.cmp(&b.key));
        for m in triggers {
            for (i, b) in m.value.as_array().unwrap_or_default().iter().enumerate() {
                let name = b
                    .get_str("action_name")
                    .or_else(|| b.get_str("display_name"))
                    .unwrap_or("(unnamed)");
                bound.push(name);
                let (runtime, deployed) = describe(name);
                out.push(ActionBinding {
                    trigger: m.key.to_string(),
                    order: Some(i + 1),
                    action: name.to_owned(),
                    runtime,
                    deployed,
                });
            }
        }
    }
    for (name, a) in &by_name {
        if bound.contains(name) {
            continue;
        }
        let supported: Vec<String> = a
            .get("supported_triggers")
            .and_then(Node::as_array)
            .unwrap_or_default()
            .iter()
            .filter_map(|s| s.get_str("id").map(str::to_owned))
            .collect();
        let (runtime, deployed) = describe(name);
        out.push(ActionBinding {
            trigger: if supported.is_empty() {
                "none".to_owned()
            } else {
                sorted_unique(supported).join(", ")
            },
            order: None,
            action: (*name).to_owned(),
            runtime,
            deployed,
        });
    }
    out
}

fn security(t: &Tenant) -> Vec<Setting> {
    let mut out = Vec::new();
    let missing = |key: &str| {
        if t.excluded(key) {
            "not exported (excluded by the Deploy CLI config)".to_owned()
        } else {
            "not in the export".to_owned()
        }
    };
    let mut push = |setting: &'static str, value: String| out.push(Setting { setting, value });

    match t.object("prompts") {
        Some(p) => {
            push(
                "Universal Login",
                p.get_str("universal_login_experience")
                    .unwrap_or("not set")
                    .to_owned(),
            );
            push(
                "Identifier first",
                on_off(p.get("identifier_first").and_then(Node::as_bool)),
            );
        }
        None => push("Universal Login", missing("prompts")),
    }

    match t.object("guardianPolicies") {
        Some(g) => {
            let policies = strings(g.get("policies"));
            push("MFA policy", joined_or(&policies, "never"));
        }
        None => push("MFA policy", missing("guardianPolicies")),
    }
    if t.resources.get("guardianFactors").is_some() {
        let mut on: Vec<String> = t
            .items("guardianFactors")
            .iter()
            .filter(|f| f.get("enabled").and_then(Node::as_bool) == Some(true))
            .filter_map(|f| f.get_str("name").map(str::to_owned))
            .collect();
        on.sort();
        push("MFA factors enabled", joined_or(&on, "none"));
    }

    match t.object("attackProtection") {
        Some(a) => {
            let enabled = |part: &str| a.get_path(&[part, "enabled"]).and_then(Node::as_bool);
            let brute = match (
                enabled("bruteForceProtection"),
                a.get_path(&["bruteForceProtection", "max_attempts"])
                    .and_then(Node::as_f64),
            ) {
                (Some(true), Some(n)) => format!("on ({n} attempts)"),
                (b, _) => on_off(b),
            };
            push("Brute-force protection", brute);
            push(
                "Breached-password detection",
                on_off(enabled("breachedPasswordDetection")),
            );
            push(
                "Suspicious-IP throttling",
                on_off(enabled("suspiciousIpThrottling")),
            );
            if let Some(bot) = a.get("botDetection") {
                let level = bot.get_str("bot_detection_level").unwrap_or("not set");
                let monitoring =
                    bot.get("monitoring_mode_enabled").and_then(Node::as_bool) == Some(true);
                push(
                    "Bot detection",
                    if monitoring {
                        format!("{level} (monitoring only)")
                    } else {
                        level.to_owned()
                    },
                );
            }
        }
        None => push("Attack protection", missing("attackProtection")),
    }

    let mut open_signup: Vec<String> = t
        .items("databases")
        .iter()
        .filter(|d| {
            d.get_path(&["options", "disable_signup"])
                .and_then(Node::as_bool)
                != Some(true)
        })
        .filter_map(|d| d.get_str("name").map(str::to_owned))
        .collect();
    open_signup.sort();
    if !t.items("databases").is_empty() {
        push(
            "Public sign-up open on",
            joined_or(&open_signup, "no database"),
        );
    }

    match t.object("tenant") {
        Some(s) => {
            let hours = |key: &str| match s.get(key).and_then(Node::as_f64) {
                Some(h) => format!("{h} h"),
                None => "not set (Auth0 default)".to_owned(),
            };
            push("Session lifetime", hours("session_lifetime"));
            push("Idle session lifetime", hours("idle_session_lifetime"));
            let on: Vec<&str> = LEGACY_FLAGS
                .iter()
                .copied()
                .filter(|f| s.get_path(&["flags", f]).and_then(Node::as_bool) == Some(true))
                .collect();
            push("Legacy flags on", joined_or(&on, "none"));
        }
        None => push("Tenant settings", missing("tenant")),
    }
    out
}

/// The tenant's diagram: connections → applications → APIs (through client grants).
pub fn diagram(d: &TenantData) -> Result<Option<Diagram>, String> {
    if d.applications.is_empty() && d.connections.is_empty() && d.apis.is_empty() {
        return Ok(None);
    }
    let mut ids = Ids::default();
    let mut g = Diagram::new("LR");
    let mut app_ids: BTreeMap<&str, String> = BTreeMap::new();
    let mut api_ids: BTreeMap<&str, String> = BTreeMap::new();

    let mut conns = mermaid::Subgraph {
        id: ids.id("sg_", "connections"),
        label: "Connections".into(),
        nodes: Vec::new(),
    };
    let mut conn_ids = Vec::new();
    for c in &d.connections {
        let id = ids.id("conn_", &c.name);
        conns.nodes.push(mermaid::node(
            id.clone(),
            &[&c.name, &format!("{} · {}", c.strategy, c.kind)],
            if c.kind == "database" {
                Shape::Cylinder
            } else {
                Shape::Rounded
            },
        ));
        conn_ids.push(id);
    }
    let mut apps = mermaid::Subgraph {
        id: ids.id("sg_", "applications"),
        label: "Applications".into(),
        nodes: Vec::new(),
    };
    for a in &d.applications {
        let id = ids.id("app_", &a.name);
        apps.nodes.push(mermaid::node(
            id.clone(),
            &[&a.name, &a.app_type],
            Shape::Box,
        ));
        app_ids.entry(a.name.as_str()).or_insert(id);
    }
    let mut apis = mermaid::Subgraph {
        id: ids.id("sg_", "apis"),
        label: "APIs".into(),
        nodes: Vec::new(),
    };
    for a in &d.apis {
        let id = ids.id("api_", &a.name);
        apis.nodes
            .push(mermaid::node(id.clone(), &[&a.name], Shape::Hexagon));
        api_ids.entry(a.name.as_str()).or_insert(id);
    }
    for gr in &d.grants {
        if !api_ids.contains_key(gr.api.as_str()) {
            let id = ids.id("api_", &gr.api);
            apis.nodes
                .push(mermaid::node(id.clone(), &[&gr.api], Shape::Hexagon));
            api_ids.insert(gr.api.as_str(), id);
        }
    }
    for (c, cid) in d.connections.iter().zip(&conn_ids) {
        for app in &c.enabled_for {
            if let Some(aid) = app_ids.get(app.as_str()) {
                g.edges.push(mermaid::Edge {
                    from: cid.clone(),
                    to: aid.clone(),
                    arrow: mermaid::arrow(None, false),
                });
            }
        }
    }
    for gr in &d.grants {
        let (Some(aid), Some(pid)) = (
            app_ids.get(gr.application.as_str()),
            api_ids.get(gr.api.as_str()),
        ) else {
            continue;
        };
        let n = gr.scopes.len();
        g.edges.push(mermaid::Edge {
            from: aid.clone(),
            to: pid.clone(),
            arrow: mermaid::arrow(
                Some(&format!("{n} scope{}", if n == 1 { "" } else { "s" })),
                false,
            ),
        });
    }
    for sg in [conns, apps, apis] {
        if !sg.nodes.is_empty() {
            g.subgraphs.push(sg);
        }
    }
    if g.node_count() > MAX_DIAGRAM_NODES || g.edges.len() > MAX_DIAGRAM_EDGES {
        return Err(format!(
            "The diagram is left out: it would have {} nodes and {} edges (more than {MAX_DIAGRAM_NODES} nodes or {MAX_DIAGRAM_EDGES} edges do not render legibly). The tables below hold the same facts.",
            g.node_count(),
            g.edges.len()
        ));
    }
    Ok(Some(g))
}

/// A tenant's association, in words.
pub fn association(model: &EstateModel<'_>, f: &TenantFacts<'_>) -> String {
    if model.manifest.is_none() {
        return "unknown (no a0lint.toml)".into();
    }
    let estate_account = model
        .manifest
        .and_then(|m| m.account.as_ref())
        .map(|a| a.get_ref().as_str());
    let mut s = match (f.account, estate_account) {
        (Some(a), Some(e)) if a != e => format!("account {a} (not the estate's account {e})"),
        (Some(a), _) => format!("account {a}"),
        (None, _) => "not associated".into(),
    };
    if let Some(p) = f.parent {
        s.push_str(&format!("; child tenant of {p}"));
    }
    s
}

pub fn environment_name(f: &TenantFacts<'_>) -> String {
    f.environment
        .map(|e| e.as_str().to_owned())
        .unwrap_or_else(|| "unknown".into())
}

pub fn region(f: &TenantFacts<'_>) -> String {
    f.entry
        .and_then(|e| e.region.clone())
        .or_else(|| f.tenant.and_then(|t| t.region.clone()))
        .unwrap_or_else(|| "unknown".into())
}

/// Builds the page of the tenant at `index` in the model.
pub fn build(input: &Input<'_>, site: &Site, index: usize, data: &TenantData) -> TenantView {
    let f = &input.model.tenants[index];
    let page = site.tenant_page(index);
    let linker = Linker::from_page(page);
    let environment = environment_name(f);
    let (diagram, diagram_note) = match diagram(data) {
        Ok(d) => (d, None),
        Err(note) => (None, Some(note)),
    };
    let findings: Vec<FindingRow> = input
        .findings
        .iter()
        .filter(|x| x.tenant.as_deref() == Some(f.name))
        .map(|x| input.finding_row(site, &linker, x))
        .collect();
    let finding_counts = Counts::of(
        input
            .findings
            .iter()
            .filter(|x| x.tenant.as_deref() == Some(f.name)),
    );
    let group = (f.group != f.name)
        .then(|| site.tenant_index(&f.group))
        .flatten()
        .map(|i| linker.link(&f.group, site.tenant_page(i)));
    TenantView {
        front: FrontMatter::new(
            format!("Tenant {}", f.name),
            format!(
                "The {} tenant {}: its applications, APIs, connections, organizations, actions, custom domains, security settings and findings",
                environment, f.name
            ),
            &["tenants", "iam"],
            "reference",
            input.generated.as_deref(),
        ),
        name: f.name.to_owned(),
        environment,
        region: region(f),
        group: f.group.clone(),
        association: association(input.model, f),
        customer: f.customer.map(str::to_owned),
        format: f.tenant.map(|t| t.format.as_str()),
        export_path: f.tenant.map(|t| input.relative(&t.root)),
        communities: f
            .entry
            .and_then(|e| e.communities.as_ref())
            .map(|c| c.get_ref().clone())
            .unwrap_or_default(),
        counts: data.counts(),
        diagram,
        diagram_note,
        applications: data.applications.clone(),
        apis: data.apis.clone(),
        grants: data.grants.clone(),
        connections: data.connections.clone(),
        organizations: data.organizations.clone(),
        actions: data.actions.clone(),
        custom_domains: data.custom_domains.clone(),
        security: data.security.clone(),
        findings,
        finding_counts,
        links: TenantLinks {
            architecture: linker.href(super::ARCHITECTURE),
            findings: linker.href(&format!(
                "{}#{}",
                super::FINDINGS,
                site.tenant_anchor(index)
            )),
            group,
        },
    }
}

/// The items joined with commas, or `empty` when there are none.
fn joined_or<S: std::borrow::Borrow<str>>(items: &[S], empty: &str) -> String {
    if items.is_empty() {
        empty.to_owned()
    } else {
        items.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callbacks_reduce_to_hosts() {
        assert_eq!(
            callback_host("https://user:pw@Portal.Example.com:8443/cb?code=secret").as_deref(),
            Some("portal.example.com")
        );
        assert_eq!(
            callback_host("http://localhost:3000/callback").as_deref(),
            Some("http://localhost")
        );
        assert_eq!(
            callback_host("com.northwind.mobile://login.northwind.example/ios/cb").as_deref(),
            Some("com.northwind.mobile://login.northwind.example")
        );
        assert_eq!(
            callback_host("##APP_BASE_URL##/callback").as_deref(),
            Some("##APP_BASE_URL##")
        );
        assert_eq!(
            callback_host("https://portal.example/cb?token=##TOKEN##").as_deref(),
            Some("portal.example")
        );
        assert_eq!(callback_host("not a url"), None);
    }

    #[test]
    fn connection_kinds() {
        assert_eq!(connection_kind("auth0"), "database");
        assert_eq!(connection_kind("waad"), "enterprise");
        assert_eq!(connection_kind("samlp"), "enterprise");
        assert_eq!(connection_kind("google-oauth2"), "social");
        assert_eq!(connection_kind("email"), "passwordless");
    }
}
