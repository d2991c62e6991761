//! The last line of defence against secrets in generated pages.
//!
//! The views copy only names, types, hosts and settings out of an export, so no secret should ever
//! reach a page. This module makes sure: it collects every value an export or a Deploy CLI config
//! holds under a credential key (`client_secret`, `credentials.smtp_pass`, a log stream's
//! `datadogApiKey`, keyword mappings such as `SMTP_PASS`, …) and replaces any occurrence in a page
//! with `[redacted]`, counting what it replaced so the caller can warn (and a test can prove the
//! count stays at zero).

use std::collections::BTreeSet;

use regex::Regex;

use crate::export::Tenant;
use crate::source::{Node, Value};

/// Values shorter than this are not treated as secrets: they would match ordinary words.
const MIN_LEN: usize = 8;

/// Keys whose whole subtree is secret.
fn secret_container(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    matches!(
        k.as_str(),
        "credentials" | "secrets" | "configuration" | "authorization" | "headers" | "rulesconfigs"
    )
}

/// Keys whose value is secret: names that *end* in a credential word, separators ignored
/// (`client_secret`, `smtp_pass`, `datadogApiKey`, `splunkToken`, `SMTP_PASS`), so that
/// `breachedPasswordDetection` or `token_endpoint_auth_method` do not count.
pub fn secret_key(key: &str) -> bool {
    let k: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    const ENDINGS: &[&str] = &[
        "secret",
        "password",
        "passwd",
        "pass",
        "pwd",
        "token",
        "apikey",
        "privatekey",
        "signingkey",
        "secretkey",
        "accesskey",
        "authkey",
        "writekey",
        "licensekey",
        "connectionstring",
        "authorization",
        "credential",
        "credentials",
        "pem",
    ];
    const NOT: &[&str] = &["refreshtoken", "bypass", "compass"];
    ENDINGS.iter().any(|e| k.ends_with(e)) && !NOT.contains(&k.as_str())
}

/// Every secret-looking value of an estate.
#[derive(Debug, Default)]
pub struct Secrets {
    values: BTreeSet<String>,
}

impl Secrets {
    pub fn collect<'a>(tenants: impl IntoIterator<Item = &'a Tenant>) -> Secrets {
        let mut s = Secrets::default();
        for t in tenants {
            s.walk(&t.resources, false);
            if let Some(cfg) = &t.config {
                if let Some(root) = &cfg.root {
                    s.walk(root, false);
                }
                for (k, v) in cfg.mappings.iter().flatten() {
                    if secret_key(k) {
                        s.json(v);
                    }
                }
            }
        }
        s
    }

    fn add(&mut self, v: &str) {
        let v = v.trim();
        if v.len() >= MIN_LEN && !crate::secrets::is_placeholder(v) {
            self.values.insert(v.to_owned());
        }
    }

    fn json(&mut self, v: &serde_json::Value) {
        match v {
            serde_json::Value::String(s) => self.add(s),
            serde_json::Value::Array(a) => a.iter().for_each(|x| self.json(x)),
            serde_json::Value::Object(o) => o.values().for_each(|x| self.json(x)),
            _ => {}
        }
    }

    fn walk(&mut self, node: &Node, secret: bool) {
        match &node.value {
            Value::String(s) if secret => self.add(s),
            Value::Array(items) => items.iter().for_each(|n| self.walk(n, secret)),
            Value::Object(members) => {
                for m in members {
                    let secret = secret || secret_container(&m.key) || secret_key(&m.key);
                    self.walk(&m.value, secret);
                }
            }
            _ => {}
        }
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// A matcher for all of them, longest first (`None` when there is nothing to find).
    pub fn matcher(&self) -> Option<Regex> {
        if self.values.is_empty() {
            return None;
        }
        let mut v: Vec<&String> = self.values.iter().collect();
        v.sort_by_key(|s| std::cmp::Reverse(s.len()));
        let pattern = v
            .iter()
            .map(|s| regex::escape(s))
            .collect::<Vec<_>>()
            .join("|");
        Regex::new(&pattern).ok()
    }
}

/// Replaces every secret in `text`; returns how many were replaced.
pub fn redact(matcher: Option<&Regex>, text: &mut String) -> usize {
    let Some(re) = matcher else { return 0 };
    let n = re.find_iter(text).count();
    if n > 0 {
        *text = re.replace_all(text, "[redacted]").into_owned();
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_keys() {
        for k in [
            "client_secret",
            "smtp_pass",
            "datadogApiKey",
            "splunkToken",
            "signingKey",
            "SMTP_PASS",
            "CONNECTIONS_WAAD_SECRET",
            "AUTH0_CLIENT_SECRET",
            "twilio_token",
            "httpAuthorization",
            "private_key",
        ] {
            assert!(secret_key(k), "{k}");
        }
        for k in [
            "token_endpoint_auth_method",
            "refresh_token",
            "passwordPolicy",
            "password_history",
            "breachedPasswordDetection",
            "passwordless",
            "name",
            "token_lifetime",
            "sha256_cert_fingerprints",
        ] {
            assert!(!secret_key(k), "{k}");
        }
    }

    #[test]
    fn redacts_and_counts() {
        let mut s = Secrets::default();
        s.add("hunter2-long-secret");
        s.add("short");
        s.add("##SMTP_PASS##");
        assert_eq!(s.len(), 1);
        let re = s.matcher();
        let mut text = "a hunter2-long-secret b".to_owned();
        assert_eq!(redact(re.as_ref(), &mut text), 1);
        assert_eq!(text, "a [redacted] b");
    }
}
