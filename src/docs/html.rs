//! `--format html`: the same pages as static HTML, for teams without a site generator.
//!
//! Each Markdown page goes through pulldown-cmark with the options the pages are written for
//! (tables, `{#id}` heading attributes, YAML front matter). The front matter is dropped from the
//! body and its `title` becomes the `<title>`; links to `.md` pages of the site become links to
//! the `.html` pages; a ```` ```mermaid ```` block becomes `<pre class="mermaid">`, which a page
//! that loads mermaid.js draws (nothing is fetched from the network here).

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};

use super::Page;
use super::links::{is_external, options};

/// Renders one Markdown page to a complete HTML document, with its new path.
pub fn page(p: &Page) -> Page {
    let mut title = String::new();
    let mut in_meta = false;
    let mut in_mermaid = false;
    let mut mermaid = String::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    for ev in Parser::new_ext(&p.content, options()) {
        match ev {
            Event::Start(Tag::MetadataBlock(_)) => in_meta = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_meta = false,
            Event::Text(t) if in_meta => title = front_matter_title(&t).unwrap_or_default(),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if &*lang == "mermaid" => {
                in_mermaid = true;
                mermaid.clear();
            }
            Event::Text(t) if in_mermaid => mermaid.push_str(&t),
            Event::End(TagEnd::CodeBlock) if in_mermaid => {
                in_mermaid = false;
                events.push(Event::Html(CowStr::from(format!(
                    "<pre class=\"mermaid\">\n{}</pre>\n",
                    escape(&mermaid)
                ))));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => events.push(Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(rewrite_href(&dest_url)),
                title,
                id,
            })),
            ev if in_meta => drop(ev),
            ev => events.push(ev),
        }
    }
    let mut body = String::with_capacity(p.content.len() * 2);
    pulldown_cmark::html::push_html(&mut body, events.into_iter());
    let content = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"generator\" content=\"a0lint docs\">\n<title>{}</title>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(&title)
    );
    Page {
        path: html_path(&p.path),
        content,
    }
}

/// `tenants/a.md` → `tenants/a.html`.
pub fn html_path(path: &str) -> String {
    match path.strip_suffix(".md") {
        Some(stem) => format!("{stem}.html"),
        None => path.to_owned(),
    }
}

/// Rewrites a link to a site page (`a.md`, `../b.md#x`) to its HTML page.
pub fn rewrite_href(href: &str) -> String {
    if is_external(href) {
        return href.to_owned();
    }
    let (path, anchor) = match href.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (href, None),
    };
    let path = html_path(path);
    match anchor {
        Some(a) => format!("{path}#{a}"),
        None => path,
    }
}

fn front_matter_title(yaml: &str) -> Option<String> {
    let line = yaml.lines().find_map(|l| l.strip_prefix("title:"))?.trim();
    Some(
        match line.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
            Some(quoted) => quoted.replace("\\\"", "\"").replace("\\\\", "\\"),
            None => line.to_owned(),
        },
    )
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_anchors_links_tables_and_mermaid_without_front_matter() {
        let md = Page {
            path: "tenants/a.md".into(),
            content: "---\ntitle: \"Tenant a<b>\"\ntoc: true\n---\n\n# A {#top}\n\n[x](../findings.md#t) [y](https://e.example/a.md)\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n```mermaid\nflowchart LR\n  a[\"x#lt;\"] --> b\n```\n".into(),
        };
        let html = page(&md);
        assert_eq!(html.path, "tenants/a.html");
        let c = &html.content;
        assert!(c.contains("<title>Tenant a&lt;b&gt;</title>"), "{c}");
        assert!(!c.contains("toc: true"));
        assert!(c.contains("<h1 id=\"top\">A</h1>"), "{c}");
        assert!(c.contains("href=\"../findings.html#t\""));
        assert!(c.contains("href=\"https://e.example/a.md\""));
        assert!(c.contains("<table>"));
        assert!(
            c.contains(
                "<pre class=\"mermaid\">\nflowchart LR\n  a[&quot;x#lt;&quot;] --&gt; b\n</pre>"
            ),
            "{c}"
        );
    }
}
