//! SEC-047 plaintext-secret

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{code, name_of, raw};
use crate::secrets::{credential_literals, is_placeholder};
use crate::source::{Node, Value, escape_pointer_token, keywords};

/// Option keys that hold a credential, at any depth of a connection's `options`.
const OPTION_KEYS: &[&str] = &[
    "client_secret",
    "consumer_secret",
    "app_secret",
    "twilio_token",
    "api_key",
    "apiKey",
    "password",
    "secret",
    "private_key",
    "privateKey",
];
const EMAIL_KEYS: &[&str] = &[
    "api_key",
    "apiKey",
    "smtp_pass",
    "secretAccessKey",
    "connectionString",
    "clientSecret",
    "client_secret",
    "password",
];
const SINK_KEYS: &[&str] = &[
    "httpAuthorization",
    "splunkToken",
    "datadogApiKey",
    "segmentWriteKey",
    "mixpanelServiceAccountPassword",
];
const SETUP_KEYS: &[&str] = &[
    "client_secret",
    "secret",
    "token",
    "api_key",
    "password",
    "access_token",
    "refresh_token",
];

static SECRET_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)secret|passw|_pass$|^pass_|token|api_?key|private_?key|credential")
        .expect("valid regex")
});

/// A config value that says it is not a secret (`fake-…`, `…-not-a-secret`, `changeme`): demos
/// and templates of a Deploy CLI config. In an export, where the CLI masks every secret, any
/// literal is still reported.
fn declared_fake(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    ["not-a-secret", "not_a_secret", "notasecret", "not-a-real"]
        .iter()
        .any(|x| v.contains(x))
        || ["fake", "dummy", "changeme"]
            .iter()
            .any(|x| v.starts_with(x))
}

struct Hit<'a> {
    node: &'a Node,
    pointer: String,
    what: String,
}

fn leaves<'a>(
    node: &'a Node,
    pointer: &str,
    owner: &str,
    key: Option<&str>,
    out: &mut Vec<Hit<'a>>,
) {
    match &node.value {
        Value::String(_) => out.push(Hit {
            node,
            pointer: pointer.to_owned(),
            what: match key {
                Some(k) => format!("`{k}` of {owner}"),
                None => owner.to_owned(),
            },
        }),
        Value::Object(members) => {
            for m in members {
                leaves(
                    &m.value,
                    &format!("{pointer}/{}", escape_pointer_token(&m.key)),
                    owner,
                    Some(&m.key),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                leaves(item, &format!("{pointer}/{i}"), owner, key, out);
            }
        }
        _ => {}
    }
}

fn keyed<'a>(
    node: Option<&'a Node>,
    keys: &[&str],
    pointer: &str,
    owner: &str,
    out: &mut Vec<Hit<'a>>,
) {
    let Some(members) = node.and_then(Node::as_object) else {
        return;
    };
    for m in members {
        if keys.contains(&&*m.key) {
            leaves(
                &m.value,
                &format!("{pointer}/{}", escape_pointer_token(&m.key)),
                owner,
                Some(&m.key),
                out,
            );
        }
    }
}

/// Secret-named keys at any depth of a connection's options (scripts are code, checked elsewhere).
fn options<'a>(node: &'a Node, pointer: &str, owner: &str, out: &mut Vec<Hit<'a>>) {
    let Some(members) = node.as_object() else {
        return;
    };
    for m in members {
        let p = format!("{pointer}/{}", escape_pointer_token(&m.key));
        if OPTION_KEYS.contains(&&*m.key) {
            leaves(&m.value, &p, owner, Some(&m.key), out);
        } else if m.value.as_object().is_some()
            && !matches!(&*m.key, "customScripts" | "scripts" | "configuration")
        {
            options(&m.value, &p, owner, out);
        }
    }
}

fn candidates(t: &crate::export::Tenant) -> Vec<Hit<'_>> {
    let mut out = Vec::new();
    for (i, c) in t.items("clients").iter().enumerate() {
        // Most clients hold no secret in an export: skip building their pointer and name.
        if c.get("client_secret").is_none() {
            continue;
        }
        keyed(
            Some(c),
            &["client_secret"],
            &format!("/clients/{i}"),
            &format!("client `{}`", name_of(c)),
            &mut out,
        );
    }
    for key in ["connections", "databases"] {
        for (i, c) in t.items(key).iter().enumerate() {
            let owner = format!("connection `{}`", name_of(c));
            if let Some(o) = c.get("options") {
                options(o, &format!("/{key}/{i}/options"), &owner, &mut out);
                if let Some(conf) = o.get("configuration") {
                    leaves(
                        conf,
                        &format!("/{key}/{i}/options/configuration"),
                        &format!("the custom database `configuration` of {owner}"),
                        None,
                        &mut out,
                    );
                }
            }
        }
    }
    if let Some(e) = t.object("emailProvider") {
        keyed(
            e.get("credentials"),
            EMAIL_KEYS,
            "/emailProvider/credentials",
            "the email provider's credentials",
            &mut out,
        );
    }
    for (i, l) in t.items("logStreams").iter().enumerate() {
        keyed(
            l.get("sink"),
            SINK_KEYS,
            &format!("/logStreams/{i}/sink"),
            &format!("log stream `{}`", name_of(l)),
            &mut out,
        );
    }
    if let Some(captcha) = t
        .object("attackProtection")
        .and_then(|a| a.get("captcha"))
        .and_then(Node::as_object)
    {
        for m in captcha {
            keyed(
                Some(&m.value),
                &["secret", "api_key"],
                &format!("/attackProtection/captcha/{}", escape_pointer_token(&m.key)),
                &format!("the `{}` CAPTCHA provider", m.key),
                &mut out,
            );
        }
    }
    for key in ["actions", "actionModules"] {
        for (i, a) in t.items(key).iter().enumerate() {
            for (j, s) in a
                .get("secrets")
                .and_then(Node::as_array)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                if let Some(v) = s.get("value") {
                    out.push(Hit {
                        node: v,
                        pointer: format!("/{key}/{i}/secrets/{j}/value"),
                        what: format!(
                            "secret `{}` of action `{}`",
                            s.get_str("name").unwrap_or("?"),
                            name_of(a)
                        ),
                    });
                }
            }
        }
    }
    for (i, h) in t.items("hooks").iter().enumerate() {
        if let Some(s) = h.get("secrets") {
            leaves(
                s,
                &format!("/hooks/{i}/secrets"),
                &format!("the secrets of hook `{}`", name_of(h)),
                None,
                &mut out,
            );
        }
    }
    for (i, p) in t.items("guardianFactorProviders").iter().enumerate() {
        keyed(
            Some(p),
            &["auth_token"],
            &format!("/guardianFactorProviders/{i}"),
            &format!("MFA provider `{}`", p.get_str("provider").unwrap_or("?")),
            &mut out,
        );
    }
    let phones: Vec<(String, &Node)> = match t.resources.get("phoneProviders") {
        Some(n) if n.as_array().is_some() => n
            .as_array()
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("/phoneProviders/{i}"), p))
            .collect(),
        Some(n) if n.as_object().is_some() => vec![("/phoneProviders".to_owned(), n)],
        _ => Vec::new(),
    };
    for (p, node) in phones {
        if let Some(c) = node.get("credentials") {
            leaves(
                c,
                &format!("{p}/credentials"),
                "the phone provider's credentials",
                None,
                &mut out,
            );
        }
    }
    for (i, e) in t.items("eventStreams").iter().enumerate() {
        keyed(
            e.get_path(&["destination", "configuration", "webhook_authorization"]),
            &["password", "token", "header_value"],
            &format!("/eventStreams/{i}/destination/configuration/webhook_authorization"),
            &format!("event stream `{}`", name_of(e)),
            &mut out,
        );
    }
    for (i, v) in t.items("flowVaultConnections").iter().enumerate() {
        keyed(
            v.get("setup"),
            SETUP_KEYS,
            &format!("/flowVaultConnections/{i}/setup"),
            &format!("flow vault connection `{}`", name_of(v)),
            &mut out,
        );
    }
    for (i, rc) in t.items("rulesConfigs").iter().enumerate() {
        if let Some(v) = rc.get("value") {
            out.push(Hit {
                node: v,
                pointer: format!("/rulesConfigs/{i}/value"),
                what: format!("rules config `{}`", rc.get_str("key").unwrap_or("?")),
            });
        }
    }
    out
}

static PEM: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("PRIVATE KEY-----"));

/// True when any string in `node` holds private key material, code included.
fn holds_private_key(node: &Node) -> bool {
    match &node.value {
        Value::String(s) => PEM.find(s.as_bytes()).is_some(),
        Value::Object(members) => members.iter().any(|m| holds_private_key(&m.value)),
        Value::Array(items) => items.iter().any(holds_private_key),
        _ => false,
    }
}

/// Every string leaf holding private key material, outside code (checked by its own rule).
fn private_keys<'a>(
    node: &'a Node,
    pointer: &mut String,
    skip: &BTreeSet<String>,
    out: &mut Vec<Hit<'a>>,
) {
    if skip.contains(pointer.as_str()) {
        return;
    }
    // One pointer buffer for the whole walk: this visits every node of the tenant, and a fresh
    // string per node made it the costliest rule on large estates.
    let len = pointer.len();
    match &node.value {
        Value::String(s) if PEM.find(s.as_bytes()).is_some() => out.push(Hit {
            node,
            pointer: pointer.clone(),
            what: format!("`{}`", pointer.rsplit('/').next().unwrap_or("")),
        }),
        Value::Object(members) => {
            for m in members {
                pointer.push('/');
                if m.key.contains(['~', '/']) {
                    pointer.push_str(&escape_pointer_token(&m.key));
                } else {
                    pointer.push_str(&m.key);
                }
                private_keys(&m.value, pointer, skip, out);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                use std::fmt::Write as _;
                let _ = write!(pointer, "/{i}");
                private_keys(item, pointer, skip, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

pub fn check(f: &TenantFacts<'_>, model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let mut hits = candidates(t);
    let mut keys = Vec::new();
    // Private keys are rare; a walk that only searches strings rules them out before the walk
    // that tracks pointers (and checks each against the code fields) runs.
    if holds_private_key(&t.resources) {
        let skip: BTreeSet<String> = code(t).into_iter().map(|c| c.pointer).collect();
        private_keys(&t.resources, &mut String::new(), &skip, &mut keys);
    }
    for k in keys {
        if !hits.iter().any(|h| h.pointer == k.pointer) {
            hits.push(k);
        }
    }
    let mut mapped: Vec<(String, Hit<'_>)> = Vec::new();
    for h in hits {
        let Some(value) = h.node.as_str() else {
            continue;
        };
        if is_placeholder(value) {
            continue;
        }
        if value.contains("PRIVATE KEY-----") && credential_literals(value).is_empty() {
            continue;
        }
        let (file, start, end) = raw(model, h.node.span);
        let markers: Vec<String> = keywords::marker_keys(&file.text[start..end])
            .map(str::to_owned)
            .collect();
        match markers.first() {
            None => {
                r.at(
                    f,
                    h.node.span,
                    h.pointer,
                    format!(
                        "{} is a plaintext secret in the export: anyone who can read the repository can use it; replace it with a keyword placeholder (`##NAME##`) mapped from your CI's secret store, and rotate the secret",
                        h.what
                    ),
                );
            }
            Some(key) => mapped.push((key.clone(), h)),
        }
    }
    let Some(root) = t.config.as_ref().and_then(|c| c.root.as_ref()) else {
        return;
    };
    if let Some(n) = root.get("AUTH0_CLIENT_SECRET")
        && n.as_str()
            .is_some_and(|s| !is_placeholder(s) && !declared_fake(s))
    {
        r.at(
            f,
            n.span,
            "",
            "the Deploy CLI config holds `AUTH0_CLIENT_SECRET` in plaintext: with it anyone can change this tenant through the Management API; pass it in the environment from your CI's secret store, and rotate it",
        );
    }
    let Some(mappings) = root
        .get("AUTH0_KEYWORD_REPLACE_MAPPINGS")
        .and_then(Node::as_object)
    else {
        return;
    };
    let literal = |v: &Node| {
        v.as_str()
            .is_some_and(|s| !is_placeholder(s) && !declared_fake(s))
    };
    for m in mappings {
        if !(SECRET_NAME.is_match(&m.key) && (literal(&m.value) || m.value.as_object().is_some())) {
            continue;
        }
        let used = mapped.iter().any(|(k, _)| *k == *m.key);
        r.at(
            f,
            m.key_span,
            "",
            format!(
                "the Deploy CLI config maps keyword `{}` to a plaintext secret{}: anyone who can read the config can use it; set the mapping from the environment (`AUTH0_KEYWORD_REPLACE_MAPPINGS` in CI), and rotate the secret",
                m.key,
                if used { " that the export uses in a secret field" } else { "" }
            ),
        );
    }
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for (key, h) in mapped {
        let Some(m) = mappings.iter().find(|m| *m.key == *key) else {
            continue;
        };
        if SECRET_NAME.is_match(&key) || !literal(&m.value) || !seen.insert(h.pointer.clone()) {
            continue;
        }
        r.at(
            f,
            h.node.span,
            h.pointer,
            format!(
                "{} gets a plaintext secret from the keyword mapping `{key}` in the Deploy CLI config: anyone who can read the config can use it; set the mapping from the environment in CI, and rotate the secret",
                h.what
            ),
        );
    }
}
