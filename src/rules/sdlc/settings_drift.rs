//! SDLC-003 settings-drift

use std::collections::HashMap;

use crate::export::Tenant;
use crate::finding::{Location, Related};
use crate::rules::engine::Reporter;
use crate::rules::helpers::{PlaceholderSpans, lower_tenants, show_value};
use crate::rules::model::{EstateModel, TenantFacts};
use crate::source::Node;

/// Security settings of named items, compared between production and the same-named item below.
const ITEM_SETTINGS: &[(&str, &str, &[&[&str]])] = &[
    (
        "clients",
        "application",
        &[
            &["grant_types"],
            &["app_type"],
            &["token_endpoint_auth_method"],
            &["jwt_configuration", "alg"],
            &["refresh_token", "rotation_type"],
            &["refresh_token", "expiration_type"],
        ],
    ),
    (
        "databases",
        "database connection",
        &[
            &["options", "passwordPolicy"],
            &["options", "password_complexity_options"],
            &["options", "password_history"],
            &["options", "password_no_personal_info"],
            &["options", "password_dictionary"],
            &["options", "password_options"],
            &["options", "brute_force_protection"],
        ],
    ),
];

/// Security settings of the tenant-wide objects.
const OBJECT_SETTINGS: &[(&str, &[&[&str]])] = &[(
    "attackProtection",
    &[
        &["bruteForceProtection", "enabled"],
        &["breachedPasswordDetection", "enabled"],
        &["suspiciousIpThrottling", "enabled"],
    ],
)];

/// Session lifetimes: (hours field, minutes field). Exports use hours; hand-written files may use
/// the `_in_minutes` variant, so both are read and compared in minutes.
const LIFETIMES: &[(&str, &str)] = &[
    ("session_lifetime", "session_lifetime_in_minutes"),
    ("idle_session_lifetime", "idle_session_lifetime_in_minutes"),
    (
        "ephemeral_session_lifetime",
        "ephemeral_session_lifetime_in_minutes",
    ),
    (
        "idle_ephemeral_session_lifetime",
        "idle_ephemeral_session_lifetime_in_minutes",
    ),
];

/// True when two literal values mean the same setting: arrays compare as sets, numbers by value.
fn same(a: &Node, b: &Node) -> bool {
    if let (Some(x), Some(y)) = (a.as_array(), b.as_array()) {
        let mut x: Vec<String> = x.iter().map(|n| n.to_json().to_string()).collect();
        let mut y: Vec<String> = y.iter().map(|n| n.to_json().to_string()).collect();
        x.sort();
        x.dedup();
        y.sort();
        y.dedup();
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) {
        return x == y;
    }
    a.to_json() == b.to_json()
}

/// The side of a comparison: a tenant's export with its placeholder index.
struct Side<'m, 'a> {
    facts: &'m TenantFacts<'a>,
    tenant: &'a Tenant,
    ph: PlaceholderSpans,
}

impl Side<'_, '_> {
    fn literal<'n>(&self, node: Option<&'n Node>) -> Option<&'n Node> {
        literal(&self.ph, node)
    }
}

/// The node, when it is present and written as a literal (no keyword placeholder inside).
fn literal<'n>(ph: &PlaceholderSpans, node: Option<&'n Node>) -> Option<&'n Node> {
    node.filter(|n| !n.is_null() && !ph.within(n.span))
}

/// A session lifetime's literal node, its key, and whether it is in minutes.
fn lifetime<'n>(
    obj: &'n Node,
    ph: &PlaceholderSpans,
    (hours, minutes): (&'static str, &'static str),
) -> Option<(&'static str, &'n Node, bool)> {
    [(hours, false), (minutes, true)]
        .into_iter()
        .find_map(|(k, m)| literal(ph, obj.get(k)).map(|n| (k, n, m)))
}

pub fn check(f: &TenantFacts<'_>, model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    if !f.is_production() {
        return;
    }
    let Some(prod) = f.tenant else { return };
    let lowers: Vec<Side<'_, '_>> = lower_tenants(model, f)
        .into_iter()
        .map(|l| {
            let t = l.tenant.expect("lower tenants have exports");
            Side {
                facts: l,
                tenant: t,
                ph: PlaceholderSpans::of(t),
            }
        })
        .collect();
    if lowers.is_empty() {
        return;
    }
    let prod_ph = PlaceholderSpans::of(prod);
    let mut report = |what: String,
                      pointer: String,
                      (p, p_shown): (&Node, String),
                      low: &Side<'_, '_>,
                      (l, l_shown): (&Node, String)| {
        if let Some(found) = r.at(
            f,
            p.span,
            pointer,
            format!(
                "{what} is `{p_shown}` in production but `{l_shown}` in `{}` ({}), and no keyword placeholder explains the difference: production runs a security setting that was never tested below it (or the lower environment tests a different one). Make the environments agree, or template the value with a keyword mapping if it must differ",
                low.facts.name,
                low.facts.environment.map(|e| e.as_str()).unwrap_or("lower environment"),
            ),
        ) {
            found.related.push(Related {
                location: Location::Span(l.span),
                message: format!("the value in `{}`", low.facts.name),
            });
        }
    };

    for (key, kind, fields) in ITEM_SETTINGS {
        if prod.excluded(key) {
            continue;
        }
        // Each lower tenant's items of this type, by name.
        let by_name: Vec<HashMap<&str, &Node>> = lowers
            .iter()
            .map(|l| {
                if l.tenant.excluded(key) {
                    return HashMap::new();
                }
                l.tenant
                    .items(key)
                    .iter()
                    .filter_map(|o| Some((o.get_str("name")?, o)))
                    .collect()
            })
            .collect();
        for (i, item) in prod.items(key).iter().enumerate() {
            let Some(name) = item.get_str("name") else {
                continue;
            };
            // The nearest lower environment that has an item of the same name.
            let Some((low, low_item)) = lowers
                .iter()
                .zip(&by_name)
                .find_map(|(l, items)| items.get(name).map(|o| (l, *o)))
            else {
                continue;
            };
            for path in fields.iter() {
                let (Some(p), Some(l)) = (
                    literal(&prod_ph, item.get_path(path)),
                    low.literal(low_item.get_path(path)),
                ) else {
                    continue;
                };
                if !same(p, l) {
                    report(
                        format!("`{}` of {kind} `{name}`", path.join(".")),
                        format!("/{key}/{i}/{}", path.join("/")),
                        (p, show_value(p)),
                        low,
                        (l, show_value(l)),
                    );
                }
            }
        }
    }

    for (key, fields) in OBJECT_SETTINGS {
        if prod.excluded(key) {
            continue;
        }
        let Some(obj) = prod.object(key) else {
            continue;
        };
        let Some((low, low_obj)) = lowers.iter().find_map(|l| {
            (!l.tenant.excluded(key))
                .then(|| l.tenant.object(key))
                .flatten()
                .map(|o| (l, o))
        }) else {
            continue;
        };
        for path in fields.iter() {
            let (Some(p), Some(l)) = (
                literal(&prod_ph, obj.get_path(path)),
                low.literal(low_obj.get_path(path)),
            ) else {
                continue;
            };
            if !same(p, l) {
                report(
                    format!("`{key}.{}`", path.join(".")),
                    format!("/{key}/{}", path.join("/")),
                    (p, show_value(p)),
                    low,
                    (l, show_value(l)),
                );
            }
        }
    }

    if prod.excluded("tenant") {
        return;
    }
    let Some(settings) = prod.object("tenant") else {
        return;
    };
    let Some((low, low_settings)) = lowers.iter().find_map(|l| {
        (!l.tenant.excluded("tenant"))
            .then(|| l.tenant.object("tenant"))
            .flatten()
            .map(|o| (l, o))
    }) else {
        return;
    };
    for &(hours, minutes) in LIFETIMES {
        let minutes_of = |node: &Node, in_minutes: bool| {
            node.as_f64().map(|v| if in_minutes { v } else { v * 60.0 })
        };
        let p = lifetime(settings, &prod_ph, (hours, minutes));
        let l = lifetime(low_settings, &low.ph, (hours, minutes));
        let (Some((pk, pn, pm)), Some((_, ln, lm))) = (p, l) else {
            continue;
        };
        let (Some(pv), Some(lv)) = (minutes_of(pn, pm), minutes_of(ln, lm)) else {
            continue;
        };
        if pv != lv {
            report(
                format!("`tenant.{pk}`"),
                format!("/tenant/{pk}"),
                (pn, hours_text(pv)),
                low,
                (ln, hours_text(lv)),
            );
        }
    }
}

/// A lifetime in minutes, as hours when whole.
fn hours_text(minutes: f64) -> String {
    if minutes % 60.0 == 0.0 {
        format!("{} hours", minutes / 60.0)
    } else {
        format!("{minutes} minutes")
    }
}
