//! View models: plain serde structs holding exactly what the templates print, computed in Rust.
//!
//! Every decision (what counts as drift, whether a dedicated customer tenant is warranted, which
//! hosts a callback list names, what a link's relative path is) is made here, where it is tested;
//! templates only lay the values out. All lists are sorted, so a view serialises the same way on
//! every run.

pub mod architecture;
pub mod reference;
pub mod tenant;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::finding::{Finding, Resolved, Severity};
use crate::rules::model::EstateModel;
use crate::source::SourceMap;

use super::markdown::Slugs;

/// The seed page's front matter, for every generated page.
#[derive(Clone, Debug, Serialize)]
pub struct FrontMatter {
    pub title: String,
    pub description: String,
    pub toc: bool,
    pub topics: Vec<String>,
    #[serde(rename = "contentType")]
    pub content_type: String,
    #[serde(rename = "useCase")]
    pub use_case: Vec<String>,
    /// Set only with `--timestamp`.
    pub generated: Option<String>,
}

impl FrontMatter {
    pub fn new(
        title: impl Into<String>,
        description: impl Into<String>,
        topics: &[&str],
        content_type: &str,
        generated: Option<&str>,
    ) -> Self {
        FrontMatter {
            title: title.into(),
            description: description.into(),
            toc: true,
            topics: topics.iter().map(|s| (*s).to_owned()).collect(),
            content_type: content_type.to_owned(),
            use_case: vec!["tenant-architecture".to_owned()],
            generated: generated.map(str::to_owned),
        }
    }
}

/// A link: text and a relative target.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Link {
    pub text: String,
    pub href: String,
}

/// Where every generated page lives, and how one page links to another.
#[derive(Debug)]
pub struct Site {
    /// Page path (below the output folder) of each tenant of the model, by model index.
    tenant_pages: Vec<String>,
    /// Anchor of each tenant's section on the findings page, by model index.
    tenant_anchors: Vec<String>,
    by_name: HashMap<String, usize>,
}

pub const ARCHITECTURE: &str = "architecture.md";
pub const FINDINGS: &str = "findings.md";
pub const RULES_INDEX: &str = "rules/index.md";

/// Anchors the findings page uses for itself; tenant anchors never take them.
const FINDINGS_ANCHORS: &[&str] = &["summary", "estate-wide"];

impl Site {
    pub fn new(model: &EstateModel<'_>) -> Self {
        let mut files = Slugs::with_reserved(&["index"]);
        let mut anchors = Slugs::with_reserved(FINDINGS_ANCHORS);
        let mut by_name = HashMap::new();
        let mut tenant_pages = Vec::with_capacity(model.tenants.len());
        let mut tenant_anchors = Vec::with_capacity(model.tenants.len());
        for (i, f) in model.tenants.iter().enumerate() {
            tenant_pages.push(format!("tenants/{}.md", files.unique(f.name)));
            tenant_anchors.push(anchors.unique(&format!("tenant-{}", f.name)));
            by_name.entry(f.name.to_owned()).or_insert(i);
        }
        Site {
            tenant_pages,
            tenant_anchors,
            by_name,
        }
    }

    pub fn tenant_page(&self, index: usize) -> &str {
        &self.tenant_pages[index]
    }

    pub fn tenant_anchor(&self, index: usize) -> &str {
        &self.tenant_anchors[index]
    }

    pub fn tenant_index(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    pub fn rule_page(name: &str) -> String {
        format!("rules/{name}.md")
    }
}

/// Writes links relative to the page they appear on (and, for a block injected into another file,
/// relative to that file).
#[derive(Clone, Debug)]
pub struct Linker {
    prefix: String,
}

impl Linker {
    /// Links from `page` (a path below the output folder).
    pub fn from_page(page: &str) -> Self {
        Linker {
            prefix: "../".repeat(page.matches('/').count()),
        }
    }

    /// Links from a file outside the output folder, which is at `prefix` from it (`docs/arch`).
    pub fn with_prefix(prefix: &str) -> Self {
        let prefix = prefix.trim_end_matches('/');
        Linker {
            prefix: if prefix.is_empty() || prefix == "." {
                String::new()
            } else {
                format!("{prefix}/")
            },
        }
    }

    /// The href of `target` (a page path below the output folder, possibly with `#anchor`).
    pub fn href(&self, target: &str) -> String {
        format!("{}{target}", self.prefix)
    }

    pub fn link(&self, text: impl Into<String>, target: &str) -> Link {
        Link {
            text: text.into(),
            href: self.href(target),
        }
    }
}

/// One finding, as a table row.
#[derive(Clone, Debug, Serialize)]
pub struct FindingRow {
    pub severity: &'static str,
    /// The rule's id, linked to its page.
    pub rule: Link,
    pub rule_name: String,
    pub tenant: Option<Link>,
    /// `path:line:column`, relative to the estate's root.
    pub location: String,
    pub message: String,
}

/// Counts per severity.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub total: usize,
}

impl Counts {
    pub fn add(&mut self, s: Severity) {
        match s {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
        self.total += 1;
    }

    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Counts {
        let mut c = Counts::default();
        for f in findings {
            c.add(f.severity);
        }
        c
    }
}

/// Everything the views are built from.
pub struct Input<'a> {
    pub model: &'a EstateModel<'a>,
    /// Sorted, as `check` sorts them.
    pub findings: &'a [Finding],
    pub sources: &'a SourceMap,
    /// Paths in the pages are shown relative to this folder (absolute).
    pub root: PathBuf,
    /// The folder display paths are relative to (absolute; the working directory).
    pub base: PathBuf,
    /// `--timestamp`: the time to stamp the pages with.
    pub generated: Option<String>,
}

impl Input<'_> {
    /// A finding's location as `path:line:column` relative to the estate root.
    pub fn location(&self, f: &Finding) -> String {
        let r = Resolved::of(&f.location, self.sources);
        let path = self.relative(&r.path);
        format!("{path}:{}:{}", r.line, r.column)
    }

    /// A display path shown relative to the estate root, with forward slashes.
    pub fn relative(&self, display: &Path) -> String {
        let abs = normalize(&self.base.join(display));
        let shown = abs
            .strip_prefix(&self.root)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| display.to_path_buf());
        let s = crate::render::path_string(&shown);
        if s.is_empty() { ".".to_owned() } else { s }
    }

    pub fn finding_row(&self, site: &Site, linker: &Linker, f: &Finding) -> FindingRow {
        let meta = crate::rules::lookup(f.rule);
        FindingRow {
            severity: f.severity.as_str(),
            rule: Link {
                text: f.rule.to_owned(),
                href: meta
                    .map(|m| linker.href(&Site::rule_page(&m.name)))
                    .unwrap_or_default(),
            },
            rule_name: meta.map(|m| m.name.clone()).unwrap_or_default(),
            tenant: f.tenant.as_deref().map(|t| match site.tenant_index(t) {
                Some(i) => linker.link(t, site.tenant_page(i)),
                None => Link {
                    text: t.to_owned(),
                    href: String::new(),
                },
            }),
            location: self.location(f),
            message: f.message.clone(),
        }
    }
}

/// Removes `.` and resolves `..` lexically (the paths may not exist).
pub use crate::export::load::normalize;

/// `a, b, c` for a sorted, de-duplicated list.
pub fn sorted_unique(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_to_the_page() {
        assert_eq!(
            Linker::from_page("tenants/a.md").href("rules/x.md"),
            "../rules/x.md"
        );
        assert_eq!(
            Linker::from_page("architecture.md").href("findings.md#a"),
            "findings.md#a"
        );
        assert_eq!(
            Linker::with_prefix("docs/arch/").href("findings.md"),
            "docs/arch/findings.md"
        );
        assert_eq!(Linker::with_prefix(".").href("findings.md"), "findings.md");
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }
}
