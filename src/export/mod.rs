//! The Deploy CLI export model: one [`Tenant`] per export, whatever its format.
//!
//! `a0deploy export` writes a tenant either as one `tenant.yaml` (large bodies in side files) or as
//! a directory with one JSON file per resource. Both load here into the same shape: an object
//! keyed by the YAML top-level keys (`clients`, `connections`, `tenant`, …) whose items carry the
//! spans of the files they came from. A side file referenced by a path (`actions[].code`,
//! `pages[].html`, …) is replaced by its text, with a span covering that file, exactly as the
//! Deploy CLI replaces the path by the file's content; so the same tenant in either format loads
//! to identical resources.
//!
//! Loading never stops at the first problem. Every unreadable, malformed or suspicious input
//! becomes a located finding of category `input`, and whatever could be read is still returned.

pub mod config;
pub mod directory;
pub mod discover;
pub mod load;
pub mod resource;
pub mod yaml;

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

pub use config::DeployConfig;
pub use load::LoadOptions;

use crate::source::keywords::{Placeholder, Rewrite};
use crate::source::{FileId, Node};

/// The two formats `a0deploy export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Yaml,
    Directory,
}

impl ExportFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Yaml => "yaml",
            ExportFormat::Directory => "directory",
        }
    }
}

/// The SDLC environment a tenant serves.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Development,
    Test,
    Staging,
    Production,
    Sandbox,
}

impl Environment {
    pub const ALL: [Environment; 5] = [
        Environment::Development,
        Environment::Test,
        Environment::Staging,
        Environment::Production,
        Environment::Sandbox,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Development => "development",
            Environment::Test => "test",
            Environment::Staging => "staging",
            Environment::Production => "production",
            Environment::Sandbox => "sandbox",
        }
    }

    pub fn parse(s: &str) -> Option<Environment> {
        Environment::ALL
            .into_iter()
            .find(|e| e.as_str() == s)
            .or_else(|| Environment::from_token(s))
    }

    /// The environment one name token stands for (`dev`, `qa`, `preprod`, `sandbox2`, …).
    pub fn from_token(token: &str) -> Option<Environment> {
        let t = token.to_ascii_lowercase();
        Some(match t.as_str() {
            "dev" | "development" | "develop" => Environment::Development,
            "test" | "testing" | "qa" | "uat" => Environment::Test,
            "staging" | "stage" | "stg" | "preprod" | "pre-prod" => Environment::Staging,
            "prod" | "production" | "prd" | "live" => Environment::Production,
            _ if t.starts_with("sandbox") => Environment::Sandbox,
            _ => return None,
        })
    }

    /// The environment a tenant name announces: its last name part that names one
    /// (`acme-dev` → development, `acme-prod-eu` → production).
    pub fn from_name(name: &str) -> Option<Environment> {
        name.rsplit(['-', '_', '.'])
            .find_map(Environment::from_token)
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a tenant's name came from, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameSource {
    Manifest,
    DeployConfig,
    Folder,
    FileStem,
}

/// One exported tenant.
#[derive(Clone, Debug)]
pub struct Tenant {
    pub name: String,
    pub name_source: NameSource,
    pub environment: Option<Environment>,
    pub region: Option<String>,
    pub format: ExportFormat,
    /// The export's root: the `tenant.yaml` file, or the directory export's folder.
    pub root: PathBuf,
    /// The file that stands for the tenant as a whole (`tenant.yaml` or `tenant.json`); findings
    /// about the tenant itself point here.
    pub root_file: Option<FileId>,
    /// All resources, keyed by YAML top-level key.
    pub resources: Node,
    pub config: Option<DeployConfig>,
    /// Every keyword placeholder met, resolved or not.
    pub placeholders: Vec<Placeholder>,
    /// Unquoted markers that had to be masked to parse, per file.
    pub masked: Vec<(FileId, Rewrite)>,
    /// Every file read for this tenant.
    pub files: Vec<FileId>,
}

impl Tenant {
    /// The items of an array resource type (`clients`), with their index.
    pub fn items(&self, key: &str) -> &[Node] {
        self.resources
            .get(key)
            .and_then(Node::as_array)
            .unwrap_or_default()
    }

    /// An object resource type (`tenant`, `attackProtection`).
    pub fn object(&self, key: &str) -> Option<&Node> {
        self.resources.get(key).filter(|n| n.as_object().is_some())
    }

    /// Number of resources per type: array length, or 1 for a present settings object.
    pub fn resource_counts(&self) -> std::collections::BTreeMap<String, usize> {
        let mut counts = std::collections::BTreeMap::new();
        if let Some(members) = self.resources.as_object() {
            for m in members {
                let n = match &m.value.value {
                    crate::source::Value::Array(items) => items.len(),
                    crate::source::Value::Object(_) => 1,
                    _ => 0,
                };
                counts.insert(m.key.to_string(), n);
            }
        }
        counts
    }

    /// True when the Deploy CLI config that produced this export left `key` out of it.
    pub fn excluded(&self, key: &str) -> bool {
        self.config.as_ref().is_some_and(|c| c.excludes(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_comes_from_the_name() {
        assert_eq!(
            Environment::from_name("acme-dev"),
            Some(Environment::Development)
        );
        assert_eq!(
            Environment::from_name("acme-prod-eu"),
            Some(Environment::Production)
        );
        assert_eq!(Environment::from_name("acme-uat"), Some(Environment::Test));
        assert_eq!(
            Environment::from_name("acme-preprod"),
            Some(Environment::Staging)
        );
        assert_eq!(
            Environment::from_name("acme-sandbox3"),
            Some(Environment::Sandbox)
        );
        assert_eq!(Environment::from_name("acme"), None);
    }
}
