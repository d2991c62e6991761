//! Checking generated pages: every internal link must reach a page, and every `#anchor` a
//! heading id on that page.
//!
//! pulldown-cmark does not invent heading ids (GitHub, MkDocs and mdBook each slug headings their
//! own way), so the templates write explicit `{#id}` anchors and only those count here. The same
//! check runs on every generation (a template override that breaks a link is reported as a
//! warning) and in the test suite (where any broken link fails).

use std::collections::{BTreeMap, BTreeSet};

use pulldown_cmark::{Event, Options, Parser, Tag};
use rayon::prelude::*;

use super::Page;

/// The Markdown features the generated pages use, for every parse of them.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH
}

/// A link that leads nowhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenLink {
    pub page: String,
    pub href: String,
    pub reason: String,
}

impl std::fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: link `{}` {}", self.page, self.href, self.reason)
    }
}

/// Heading ids and link destinations of one page.
#[derive(Debug, Default)]
pub struct Outline {
    pub anchors: BTreeSet<String>,
    pub links: Vec<String>,
    /// Ids given to more than one heading.
    pub duplicate_anchors: Vec<String>,
}

pub fn outline(markdown: &str) -> Outline {
    let mut o = Outline::default();
    for ev in Parser::new_ext(markdown, options()) {
        match ev {
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                let id = id.to_string();
                let fresh = o.anchors.insert(id.clone());
                if !fresh {
                    o.duplicate_anchors.push(id);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => o.links.push(dest_url.to_string()),
            _ => {}
        }
    }
    o
}

/// True for links that leave the generated site (a scheme, or an absolute path).
pub fn is_external(href: &str) -> bool {
    href.starts_with('/')
        || href.starts_with("mailto:")
        || href
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains('/') && !scheme.contains('#'))
}

/// Resolves `href` (relative to `page`) to a page path and an anchor.
pub fn resolve(page: &str, href: &str) -> (String, Option<String>) {
    let (path, anchor) = match href.split_once('#') {
        Some((p, a)) => (p, Some(a.to_owned())),
        None => (href, None),
    };
    if path.is_empty() {
        return (page.to_owned(), anchor);
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    (parts.join("/"), anchor)
}

/// Checks every internal link of `pages` against the pages themselves.
pub fn check(pages: &[Page]) -> Vec<BrokenLink> {
    // Parsing is most of the work and each page parses on its own; the map keeps the order.
    let outlines: BTreeMap<&str, Outline> = pages
        .par_iter()
        .map(|p| (p.path.as_str(), outline(&p.content)))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let mut broken = Vec::new();
    for (page, o) in &outlines {
        for id in &o.duplicate_anchors {
            broken.push(BrokenLink {
                page: (*page).to_owned(),
                href: format!("#{id}"),
                reason: "is the id of more than one heading".into(),
            });
        }
        for href in &o.links {
            if is_external(href) {
                continue;
            }
            let (target, anchor) = resolve(page, href);
            match outlines.get(target.as_str()) {
                None => broken.push(BrokenLink {
                    page: (*page).to_owned(),
                    href: href.clone(),
                    reason: format!("points to `{target}`, which is not generated"),
                }),
                Some(t) => {
                    if let Some(a) = anchor
                        && !t.anchors.contains(&a)
                    {
                        broken.push(BrokenLink {
                            page: (*page).to_owned(),
                            href: href.clone(),
                            reason: format!("points to `#{a}`, which no heading of `{target}` has"),
                        });
                    }
                }
            }
        }
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, content: &str) -> Page {
        Page {
            path: path.into(),
            content: content.into(),
        }
    }

    #[test]
    fn finds_missing_pages_and_anchors() {
        let pages = vec![
            page(
                "a.md",
                "---\ntitle: A\n---\n# A {#top}\n[ok](#top) [ok](sub/b.md#b) [bad](#nope) [ext](https://x.example/#y) [gone](c.md)\n",
            ),
            page(
                "sub/b.md",
                "## B {#b}\n[up](../a.md#top) [bad](../a.md#Top)\n",
            ),
        ];
        let broken: Vec<String> = check(&pages).iter().map(|b| b.href.clone()).collect();
        assert_eq!(broken, vec!["#nope", "c.md", "../a.md#Top"]);
    }

    #[test]
    fn externals() {
        assert!(is_external("https://a"));
        assert!(is_external("mailto:x@y"));
        assert!(!is_external("tenants/a.md#x:y"));
        assert!(!is_external("#a"));
    }
}
