//! The Deploy CLI's own configuration file (`config.json`, `config-<env>.json`).
//!
//! An export does not say which tenant it came from; the config that deployed it does
//! (`AUTH0_DOMAIN`), and it also holds the keyword mappings that placeholders resolve through and
//! the exclusion lists that decide whether a missing resource type is really missing. The config
//! also holds `AUTH0_CLIENT_SECRET`: a0lint reads it as located JSON but never prints a value.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::source::keywords::Mappings;
use crate::source::{Node, SourceFile};

/// What a0lint uses from a Deploy CLI config.
#[derive(Clone, Debug, Default)]
pub struct DeployConfig {
    pub path: PathBuf,
    pub file: Option<Arc<SourceFile>>,
    /// `AUTH0_DOMAIN`, when it is a literal (not itself a placeholder).
    pub domain: Option<String>,
    pub mappings: Option<Mappings>,
    /// `AUTH0_EXCLUDED`: resource types left out of the export.
    pub excluded: Vec<String>,
    /// `AUTH0_INCLUDED_ONLY`: when set, the only resource types in the export.
    pub included_only: Option<Vec<String>>,
    /// `AUTH0_BASE_PATH`: where a YAML export's side files are resolved from.
    pub base_path: Option<String>,
    /// `AUTH0_CONNECTIONS_DIRECTORY`: the folder holding connections in a directory export.
    pub connections_directory: Option<String>,
    pub root: Option<Node>,
}

impl DeployConfig {
    /// Reads the fields a0lint uses from a parsed config.
    pub fn from_node(path: PathBuf, file: Arc<SourceFile>, root: Node) -> Self {
        let mappings = root.get("AUTH0_KEYWORD_REPLACE_MAPPINGS").and_then(|n| {
            match n.to_json() {
                serde_json::Value::Object(m) => Some(m),
                // The Deploy CLI also accepts the mappings as a JSON string (from an env var).
                serde_json::Value::String(s) => serde_json::from_str::<Mappings>(&s).ok(),
                _ => None,
            }
        });
        let strings = |key: &str| -> Option<Vec<String>> {
            let node = root.get(key)?;
            match node.to_json() {
                serde_json::Value::Array(items) => Some(
                    items
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect(),
                ),
                serde_json::Value::String(s) => serde_json::from_str(&s).ok(),
                _ => None,
            }
        };
        let domain = root
            .get_str("AUTH0_DOMAIN")
            .filter(|d| !crate::source::keywords::has_marker(d) && !d.is_empty())
            .map(str::to_owned);
        DeployConfig {
            path,
            domain,
            mappings,
            excluded: strings("AUTH0_EXCLUDED").unwrap_or_default(),
            included_only: strings("AUTH0_INCLUDED_ONLY"),
            base_path: root.get_str("AUTH0_BASE_PATH").map(str::to_owned),
            connections_directory: root
                .get_str("AUTH0_CONNECTIONS_DIRECTORY")
                .map(str::to_owned),
            file: Some(file),
            root: Some(root),
        }
    }

    /// True when the config left resource type `key` out of the export, so its absence proves
    /// nothing about the tenant.
    pub fn excludes(&self, key: &str) -> bool {
        self.excluded.iter().any(|k| k == key)
            || self
                .included_only
                .as_ref()
                .is_some_and(|only| !only.iter().any(|k| k == key))
    }

    /// The tenant name and region that `AUTH0_DOMAIN` gives (`acme-prod.eu.auth0.com` →
    /// `acme-prod`, `eu`; a bare `acme.auth0.com` is in the US region).
    pub fn tenant_and_region(&self) -> Option<(String, Option<String>)> {
        parse_auth0_domain(self.domain.as_deref()?)
    }
}

/// Splits an Auth0 canonical domain into tenant name and region. Custom domains give nothing.
pub fn parse_auth0_domain(domain: &str) -> Option<(String, Option<String>)> {
    let domain = domain
        .trim()
        .trim_start_matches("https://")
        .trim_end_matches('/');
    let labels: Vec<&str> = domain.split('.').collect();
    match labels.as_slice() {
        [tenant, "auth0", "com"] => Some(((*tenant).to_owned(), Some("us".to_owned()))),
        [tenant, region, "auth0", "com"] => {
            Some(((*tenant).to_owned(), Some((*region).to_owned())))
        }
        _ => None,
    }
}

/// The Deploy CLI config that sits beside an export, if any. `dir` is the export's folder (for a
/// YAML export, the folder holding the file); `stem` is the YAML file's stem, if any.
pub fn find_beside(dir: &Path, stem: Option<&str>) -> Option<PathBuf> {
    let dir_name = dir.file_name().and_then(|n| n.to_str());
    let mut candidates = vec![dir.join("config.json")];
    if let Some(stem) = stem.filter(|s| *s != "tenant") {
        candidates.push(dir.join(format!("config-{stem}.json")));
    }
    if let Some(parent) = dir.parent()
        && let Some(name) = dir_name
    {
        // `auth0/config-dev.json` beside `auth0/dev/tenant.yaml`.
        candidates.push(parent.join(format!("config-{name}.json")));
    }
    candidates.into_iter().find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth0_domains_give_tenant_and_region() {
        assert_eq!(
            parse_auth0_domain("acme-prod.eu.auth0.com"),
            Some(("acme-prod".into(), Some("eu".into())))
        );
        assert_eq!(
            parse_auth0_domain("acme.auth0.com"),
            Some(("acme".into(), Some("us".into())))
        );
        assert_eq!(parse_auth0_domain("login.acme.com"), None);
    }
}
