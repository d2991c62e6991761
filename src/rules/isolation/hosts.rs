//! Which application hosts each tenant of a group uses, and where: the evidence ISOLATION-002
//! and ISOLATION-003 weigh.
//!
//! A host is *owned* by a tenant when that tenant uses it in a place (an application's URL field,
//! a tenant-level URL, its custom domains) where the other side of the comparison does not. A
//! production URL whose host a lower environment owns and production does not was copied up from
//! that environment; a lower-environment URL whose host production uses, and that the lower
//! environment does not own on its own, points at production. A host whose labels name a
//! non-production environment (`dev.`, `-staging`) belongs to that environment whatever else.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::export::Tenant;
use crate::rules::helpers::{
    CLIENT_URL_FIELDS, TENANT_URL_FIELDS, custom_domains, host, is_local_host,
};
use crate::source::{Node, Span, keywords};

/// Where a URL sits: the application's name (`""` for tenant settings) and the field.
pub type Position<'t> = (&'t str, &'static str);

/// One URL value of a tenant's export.
pub struct Url<'t> {
    pub host: Cow<'t, str>,
    pub node: &'t Node,
    /// The application's index and name, or `None` for tenant settings.
    pub client: Option<(usize, &'t str)>,
    pub field: &'static str,
    /// The index in the field's list, when the field holds a list.
    pub index: Option<usize>,
}

impl Url<'_> {
    pub fn pointer(&self) -> String {
        let mut p = match self.client {
            Some((i, _)) => format!("/clients/{i}/{}", self.field),
            None => format!("/tenant/{}", self.field),
        };
        if let Some(j) = self.index {
            p.push_str(&format!("/{j}"));
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

/// One tenant's hosts, each with the positions that use it and the first place it appears, and
/// every (non-local, literal) URL.
#[derive(Default)]
pub struct Hosts<'t> {
    by_host: HashMap<Cow<'t, str>, (Vec<Position<'t>>, Span), foldhash::fast::RandomState>,
    pub urls: Vec<Url<'t>>,
}

impl std::fmt::Debug for Hosts<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hosts")
            .field("hosts", &self.by_host.len())
            .field("urls", &self.urls.len())
            .finish()
    }
}

impl<'t> Hosts<'t> {
    /// Every non-local host in the tenant's URL fields and custom domains.
    pub fn of(tenant: &'t Tenant) -> Hosts<'t> {
        let mut out = Hosts::default();
        for (i, client) in tenant.items("clients").iter().enumerate() {
            let name = client.get_str("name").unwrap_or_default();
            for field in CLIENT_URL_FIELDS {
                out.add_all(client.get(field), Some((i, name)), field);
            }
        }
        if let Some(t) = tenant.object("tenant") {
            for field in TENANT_URL_FIELDS {
                out.add_all(t.get(field), None, field);
            }
        }
        for (d, node) in custom_domains(tenant) {
            out.add(d.into(), ("", "customDomains"), node.span);
        }
        for (positions, _) in out.by_host.values_mut() {
            positions.sort_unstable();
            positions.dedup();
        }
        out
    }

    fn add_all(
        &mut self,
        node: Option<&'t Node>,
        client: Option<(usize, &'t str)>,
        field: &'static str,
    ) {
        let Some(node) = node else { return };
        let at = (client.map(|(_, n)| n).unwrap_or_default(), field);
        let mut one = |n: &'t Node, index: Option<usize>| {
            if let Some(url) = n.as_str().filter(|s| !keywords::has_marker(s))
                && let Some(h) = host(url)
                && !is_local_host(&h)
            {
                self.add(h.clone(), at, n.span);
                self.urls.push(Url {
                    host: h,
                    node: n,
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

    fn add(&mut self, h: Cow<'t, str>, at: Position<'t>, span: Span) {
        let entry = self.by_host.entry(h).or_insert_with(|| (Vec::new(), span));
        entry.0.push(at);
    }

    pub fn uses(&self, h: &str) -> bool {
        self.by_host.contains_key(h)
    }

    /// True when this tenant uses `h` somewhere `other` does not.
    pub fn owns(&self, h: &str, other: &Hosts<'_>) -> bool {
        let Some((mine, _)) = self.by_host.get(h) else {
            return false;
        };
        match other.by_host.get(h) {
            Some((theirs, _)) => mine.iter().any(|p| theirs.binary_search(p).is_err()),
            None => true,
        }
    }

    /// The first place `h` appears.
    pub fn first(&self, h: &str) -> Option<Span> {
        self.by_host.get(h).map(|(_, s)| *s)
    }
}
