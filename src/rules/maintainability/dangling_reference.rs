//! MAINT-007 dangling-reference

use std::collections::BTreeSet;

use crate::export::Tenant;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{name_of, strings};
use crate::source::{Node, keywords};

/// Names the Deploy CLI config leaves out of the export on purpose (`AUTH0_EXCLUDED_<TYPE>`).
fn excluded_names(t: &Tenant, key: &str) -> BTreeSet<String> {
    t.config
        .as_ref()
        .and_then(|c| c.root.as_ref())
        .map(|root| {
            strings(root.get(key))
                .into_iter()
                .map(|(_, _, s)| s.to_owned())
                .collect()
        })
        .unwrap_or_default()
}

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let third_party_out = t
        .config
        .as_ref()
        .and_then(|c| c.root.as_ref())
        .and_then(|root| root.get("AUTH0_EXCLUDE_THIRD_PARTY_CLIENTS"))
        .is_some_and(|n| n.as_bool() == Some(true) || n.as_str() == Some("true"));
    let clients_known = !t.excluded("clients") && !third_party_out;
    let mut clients: BTreeSet<String> = t
        .items("clients")
        .iter()
        .map(|c| name_of(c).to_owned())
        .collect();
    clients.extend(excluded_names(t, "AUTH0_EXCLUDED_CLIENTS"));
    let connections_known = !t.excluded("connections") && !t.excluded("databases");
    let mut connections: BTreeSet<String> = t
        .items("connections")
        .iter()
        .chain(t.items("databases"))
        .map(|c| name_of(c).to_owned())
        .collect();
    connections.extend(excluded_names(t, "AUTH0_EXCLUDED_CONNECTIONS"));
    connections.extend(excluded_names(t, "AUTH0_EXCLUDED_DATABASES"));
    let apis_known = !t.excluded("resourceServers");
    let mut apis: BTreeSet<String> = t
        .items("resourceServers")
        .iter()
        .filter_map(|a| a.get_str("identifier").map(str::to_owned))
        .collect();
    apis.extend(excluded_names(t, "AUTH0_EXCLUDED_RESOURCE_SERVERS"));
    let unknown = |set: &BTreeSet<String>, known: bool, s: &str| {
        known && !keywords::has_marker(s) && !s.is_empty() && !set.contains(s)
    };
    let mut report = |node: &Node, pointer: String, message: String| {
        r.at(f, node.span, pointer, message);
    };
    for key in ["connections", "databases"] {
        for (i, c) in t.items(key).iter().enumerate() {
            for (j, n, s) in strings(c.get("enabled_clients")) {
                if unknown(&clients, clients_known, s) {
                    report(
                        n,
                        format!("/{key}/{i}/enabled_clients/{j}"),
                        format!(
                            "connection `{}` is enabled for client `{s}`, which is not in this export: `a0deploy import` drops or rejects the reference; add the client or remove the name",
                            name_of(c)
                        ),
                    );
                }
            }
        }
    }
    for (i, g) in t.items("clientGrants").iter().enumerate() {
        if let Some(n) = g.get("client_id")
            && let Some(s) = n.as_str()
            && unknown(&clients, clients_known, s)
        {
            report(
                n,
                format!("/clientGrants/{i}/client_id"),
                format!(
                    "a client grant names client `{s}`, which is not in this export, so `a0deploy import` fails on it; add the client or remove the grant"
                ),
            );
        }
        if let Some(n) = g.get("audience")
            && let Some(s) = n.as_str()
            && !s.trim_end_matches('/').ends_with("/api/v2")
            && unknown(&apis, apis_known, s)
        {
            report(
                n,
                format!("/clientGrants/{i}/audience"),
                format!(
                    "a client grant targets the API `{s}`, which is not in this export, so `a0deploy import` fails on it; add the API or remove the grant"
                ),
            );
        }
    }
    for (i, role) in t.items("roles").iter().enumerate() {
        for (j, p) in role
            .get("permissions")
            .and_then(Node::as_array)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            if let Some(n) = p.get("resource_server_identifier")
                && let Some(s) = n.as_str()
                && unknown(&apis, apis_known, s)
            {
                report(
                    n,
                    format!("/roles/{i}/permissions/{j}/resource_server_identifier"),
                    format!(
                        "role `{}` grants a permission on the API `{s}`, which is not in this export; add the API or remove the permission",
                        name_of(role)
                    ),
                );
            }
        }
    }
    for (i, o) in t.items("organizations").iter().enumerate() {
        for (j, c) in o
            .get("connections")
            .and_then(Node::as_array)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            if let Some(n) = c.get("name")
                && let Some(s) = n.as_str()
                && unknown(&connections, connections_known, s)
            {
                report(
                    n,
                    format!("/organizations/{i}/connections/{j}/name"),
                    format!(
                        "organization `{}` enables connection `{s}`, which is not in this export, so `a0deploy import` silently drops it; add the connection or remove it",
                        name_of(o)
                    ),
                );
            }
        }
        for (j, c) in o
            .get("clients")
            .and_then(Node::as_array)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            if let Some(n) = c.get("client_id")
                && let Some(s) = n.as_str()
                && unknown(&clients, clients_known, s)
            {
                report(
                    n,
                    format!("/organizations/{i}/clients/{j}/client_id"),
                    format!(
                        "organization `{}` names client `{s}`, which is not in this export; add the client or remove it",
                        name_of(o)
                    ),
                );
            }
        }
    }
}
