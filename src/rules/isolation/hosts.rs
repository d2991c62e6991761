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
use crate::rules::helpers::{UrlValue, custom_domains, host, is_local_host, urls};
use crate::source::Span;

/// Where a URL sits: the application's name (`""` for tenant settings) and the field.
pub type Position<'t> = (&'t str, &'static str);

/// One URL value of a tenant's export, with its host.
pub struct Url<'t> {
    pub host: Cow<'t, str>,
    /// The value and where it sits.
    pub at: UrlValue<'t>,
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
        for at in urls(tenant) {
            if let Some(h) = host(at.url)
                && !is_local_host(&h)
            {
                let position = (at.client.map(|(_, n)| n).unwrap_or_default(), at.field);
                out.add(h.clone(), position, at.node.span);
                out.urls.push(Url { host: h, at });
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
