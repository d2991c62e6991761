//! SEC-002 wildcard-url

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::helpers::{host, urls};
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{cap, in_env, inert_client_url};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for u in urls(t) {
        // The host is part of the URL: no `*` in the URL, no wildcard host.
        if !u.url.contains('*') {
            continue;
        }
        let Some(h) = host(u.url) else { continue };
        if !h.contains('*') || inert_client_url(t, &u.pointer) {
            continue;
        }
        let field = u
            .pointer
            .rsplit('/')
            .find(|s| s.parse::<usize>().is_err())
            .unwrap_or("")
            .to_owned();
        let owner = match u.client {
            Some(c) => format!("client `{c}`"),
            None => "the tenant".into(),
        };
        let callback = field == "callbacks";
        let finding = r.at(
            f,
            u.node.span,
            u.pointer.clone(),
            format!(
                "{owner} allows the wildcard host `{h}` in `{field}`{}: every subdomain, including a forgotten or taken-over one, {}; list each host, or use the `{{organization_name}}` placeholder for per-organization hosts",
                in_env(f),
                if callback {
                    "can receive authorization codes and tokens"
                } else {
                    "is trusted as if it were your application"
                }
            ),
        );
        if !callback {
            cap(finding, Severity::Warning);
        }
    }
}
