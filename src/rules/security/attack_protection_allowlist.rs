//! SEC-022 attack-protection-allowlist

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{cap, strings};

/// True for a range of more than 65,536 IPv4 addresses (or its IPv6 equivalent, a /32 or wider).
fn broad(entry: &str) -> bool {
    let (addr, prefix) = match entry.split_once('/') {
        Some((a, p)) => (a, p.trim().parse::<u32>().ok()),
        None => (entry, None),
    };
    if addr == "0.0.0.0" || addr == "::" {
        return true;
    }
    match prefix {
        Some(p) if addr.contains(':') => p < 32,
        Some(p) => p < 16,
        None => false,
    }
}

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let Some(ap) = t.object("attackProtection") else {
        return;
    };
    for (key, what) in [
        ("bruteForceProtection", "brute-force protection"),
        ("suspiciousIpThrottling", "suspicious IP throttling"),
        ("botDetection", "bot detection"),
    ] {
        let Some(list) = ap.get(key).and_then(|x| x.get("allowlist")) else {
            continue;
        };
        for (i, node, entry) in strings(Some(list)) {
            let wide = broad(entry.trim());
            let finding = r.at(
                f,
                node.span,
                format!("/attackProtection/{key}/allowlist/{i}"),
                if wide {
                    format!("the {what} allow-list holds the broad range `{entry}`: attacks from any of its addresses are neither throttled nor reported; list only the few addresses that need it")
                } else {
                    format!("the {what} allow-list exempts `{entry}`: attacks from it are neither throttled nor reported, so keep the list short and reviewed")
                },
            );
            if !wide {
                cap(finding, Severity::Info);
            }
        }
    }
}
