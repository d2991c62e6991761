//! What the rules know about each tenant beyond its export: the facts of the estate.
//!
//! Facts come from the manifest when it declares them and are inferred otherwise (the name's
//! environment token, the name's stem as the SDLC group). A tenant listed in the manifest without an
//! export still counts (a staging tenant may be managed elsewhere), and an export the manifest does
//! not list is still checked. [`TenantFacts::anchor`] is where a finding about a tenant as a whole
//! points: its `[[tenant]]` entry when there is one, else its export's root file.

use std::path::Path;

use crate::estate::Estate;
use crate::export::{Environment, Tenant};
use crate::finding::Location;
use crate::manifest::{Manifest, TenantEntry};
use crate::source::Span;

/// One tenant of the estate, with everything known about it.
#[derive(Debug)]
pub struct TenantFacts<'a> {
    pub name: &'a str,
    /// The loaded export, if one was found.
    pub tenant: Option<&'a Tenant>,
    /// The manifest entry, if the manifest lists this tenant.
    pub entry: Option<&'a TenantEntry>,
    pub environment: Option<Environment>,
    /// The SDLC group: the name of the production tenant this tenant supports (or its inferred
    /// stem when no production tenant is known).
    pub group: String,
    pub customer: Option<&'a str>,
    pub account: Option<&'a str>,
    pub parent: Option<&'a str>,
    pub anchor: Location,
    /// The hosts the export uses, gathered on first use: ISOLATION-002 and ISOLATION-003 both
    /// compare each tenant with every other tenant of its group.
    hosts: std::sync::OnceLock<crate::rules::isolation::hosts::Hosts<'a>>,
}

impl<'a> TenantFacts<'a> {
    /// Every non-local host the export uses, and where ([`crate::rules::isolation::hosts`]);
    /// `None` without an export.
    pub fn hosts(&self) -> Option<&crate::rules::isolation::hosts::Hosts<'a>> {
        let t = self.tenant?;
        Some(
            self.hosts
                .get_or_init(|| crate::rules::isolation::hosts::Hosts::of(t)),
        )
    }

    pub fn is_production(&self) -> bool {
        self.environment == Some(Environment::Production)
    }

    /// Everything checks see of the tenant besides its export, as one string: while it stays the
    /// same (and the tenant is not reloaded), the tenant's own checks find the same things.
    pub fn key(&self) -> String {
        format!(
            "{}\0{:?}\0{}\0{:?}\0{:?}\0{:?}\0{:?}\0{:?}",
            self.name,
            self.environment,
            self.group,
            self.customer,
            self.account,
            self.parent,
            self.anchor,
            self.entry
        )
    }

    pub fn entitled(&self, entitlement: &str) -> bool {
        self.entry
            .is_some_and(|e| e.entitlements.iter().any(|x| x == entitlement))
    }
}

/// Every tenant's facts, plus the manifest they came from.
#[derive(Debug)]
pub struct EstateModel<'a> {
    pub estate: &'a Estate,
    pub manifest: Option<&'a Manifest>,
    pub tenants: Vec<TenantFacts<'a>>,
}

/// A name without its environment token: `northwind-prod` → `northwind`.
pub fn stem(name: &str) -> String {
    let parts: Vec<&str> = name.split(['-', '_']).collect();
    let kept: Vec<&str> = match parts
        .iter()
        .rposition(|p| Environment::from_token(p).is_some())
    {
        Some(i) if parts.len() > 1 => parts
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, p)| *p)
            .collect(),
        _ => parts,
    };
    kept.join("-")
}

impl<'a> EstateModel<'a> {
    pub fn build(estate: &'a Estate, manifest: Option<&'a Manifest>) -> Self {
        let manifest_dir = manifest
            .and_then(|m| m.path.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let file = manifest.and_then(|m| m.file);
        let entry_for = |t: &Tenant| -> Option<&'a TenantEntry> {
            let m = manifest?;
            m.tenant(&t.name).or_else(|| {
                let root = canonical(&t.root);
                m.tenants.iter().find(|e| {
                    e.export
                        .as_ref()
                        .is_some_and(|p| canonical(&manifest_dir.join(p.get_ref())) == root)
                })
            })
        };
        let mut tenants: Vec<TenantFacts<'a>> = Vec::new();
        for t in &estate.tenants {
            let entry = entry_for(t);
            tenants.push(Self::facts(
                entry.map(|e| e.name.get_ref().as_str()).unwrap_or(&t.name),
                Some(t),
                entry,
                file,
            ));
        }
        if let Some(m) = manifest {
            for e in &m.tenants {
                if !tenants.iter().any(|f| f.name == e.name.get_ref()) {
                    tenants.push(Self::facts(e.name.get_ref(), None, Some(e), file));
                }
            }
        }
        // A non-production tenant without a declared group supports the production tenant that
        // shares its stem, when there is exactly one.
        let prods: Vec<(String, String)> = tenants
            .iter()
            .filter(|f| f.is_production())
            .map(|f| (stem(f.name), f.name.to_owned()))
            .collect();
        for f in &mut tenants {
            if f.entry.and_then(|e| e.group.as_ref()).is_some() || f.is_production() {
                continue;
            }
            let s = stem(f.name);
            let matches: Vec<&(String, String)> = prods.iter().filter(|(ps, _)| *ps == s).collect();
            if let [(_, prod)] = matches.as_slice() {
                f.group = prod.clone();
            }
        }
        tenants.sort_by(|a, b| a.name.cmp(b.name));
        EstateModel {
            estate,
            manifest,
            tenants,
        }
    }

    fn facts(
        name: &'a str,
        tenant: Option<&'a Tenant>,
        entry: Option<&'a TenantEntry>,
        file: Option<crate::source::FileId>,
    ) -> TenantFacts<'a> {
        let environment = entry
            .and_then(|e| e.environment.as_ref().map(|v| *v.get_ref()))
            .or_else(|| tenant.and_then(|t| t.environment))
            .or_else(|| Environment::from_name(name));
        let group = entry
            .and_then(|e| e.group.as_ref().map(|g| g.get_ref().clone()))
            .unwrap_or_else(|| {
                if environment == Some(Environment::Production) {
                    name.to_owned()
                } else {
                    stem(name)
                }
            });
        let anchor = match (entry.and_then(|e| e.span), file) {
            (Some(span), _) => Location::Span(span),
            _ => match tenant {
                Some(t) => match t.root_file {
                    Some(f) => Location::Span(Span::file_start(f)),
                    None => Location::Path(t.root.clone()),
                },
                None => Location::Path(name.into()),
            },
        };
        TenantFacts {
            name,
            tenant,
            entry,
            environment,
            group,
            customer: entry.and_then(|e| e.customer.as_ref().map(|c| c.get_ref().as_str())),
            account: entry.and_then(|e| e.account.as_ref().map(|a| a.get_ref().as_str())),
            parent: entry.and_then(|e| e.parent.as_ref().map(|p| p.get_ref().as_str())),
            anchor,
            hosts: std::sync::OnceLock::new(),
        }
    }

    /// The tenants of one SDLC group.
    pub fn group(&self, group: &str) -> impl Iterator<Item = &TenantFacts<'a>> {
        self.tenants.iter().filter(move |f| f.group == group)
    }

    /// Every group name, sorted, once.
    pub fn groups(&self) -> Vec<&str> {
        let mut g: Vec<&str> = self.tenants.iter().map(|f| f.group.as_str()).collect();
        g.sort_unstable();
        g.dedup();
        g
    }

    pub fn facts_of(&self, name: &str) -> Option<&TenantFacts<'a>> {
        self.tenants.iter().find(|f| f.name == name)
    }
}

fn canonical(p: &Path) -> std::path::PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_drop_the_environment_token() {
        assert_eq!(stem("northwind-prod"), "northwind");
        assert_eq!(stem("acme-prod-eu"), "acme-eu");
        assert_eq!(stem("acme"), "acme");
        assert_eq!(stem("acme-sandbox2"), "acme");
    }
}
