//! Writing values into Markdown safely: the template escape function, code spans, fences, YAML
//! front-matter scalars, and heading anchors.
//!
//! Every `{{value}}` in a template goes through [`escape`]. It is a *Markdown* escape, not an HTML
//! one: it leaves ordinary text alone (`Klinik Zürich`, `read:users_app_metadata`, `&`) and
//! backslash-escapes only what would change the document's structure: a `|` that would split a
//! table cell, a line break that would end one, `*`/`_`/`` ` ``/`~` that would start emphasis or
//! code, `[`/`]` that would start a link, and `<`/`>` that would start raw HTML (a client named
//! `<img onerror=…>` must stay text in the HTML output too).

use std::fmt::Write as _;

/// Escapes a value for Markdown text, including GFM table cells. Line breaks become spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\r' => {
                out.push(' ');
                if chars.get(i + 1) == Some(&'\n') {
                    i += 1;
                }
            }
            '\n' => out.push(' '),
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // Intraword underscores never start emphasis (`authorization_code`), so only one at a
            // word boundary is escaped.
            '_' => {
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + 1).copied();
                let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                if !(word(before) && word(after)) {
                    out.push('\\');
                }
                out.push('_');
            }
            // `&amp;` and `&#35;` would be read as entities; a lone `&` is just text.
            '&' if chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&");
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// A code span holding `s` literally, safe inside a GFM table cell: the fence is longer than any
/// run of backticks inside, line breaks become spaces, and `|` is escaped (GFM removes that
/// backslash before parsing the cell, even inside code).
pub fn code(s: &str) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let longest = longest_run(&flat, '`');
    let fence = "`".repeat(longest + 1);
    let pad = if flat.starts_with('`') || flat.ends_with('`') || flat.trim().is_empty() {
        " "
    } else {
        ""
    };
    let body = flat.replace('|', "\\|");
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// A code-block fence longer than any backtick run in `text` (at least three backticks).
pub fn fence(text: &str) -> String {
    "`".repeat((longest_run(text, '`') + 1).max(3))
}

fn longest_run(s: &str, c: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for ch in s.chars() {
        if ch == c {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

/// A YAML scalar for front matter: plain when that is unambiguous, double-quoted otherwise.
pub fn yaml_scalar(s: &str) -> String {
    let reserved = matches!(
        s.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
    );
    let plain = !s.is_empty()
        && !reserved
        && s.parse::<f64>().is_err()
        && s.chars().next().is_some_and(|c| c.is_alphanumeric())
        && s.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_' | '/' | ',' | '(' | ')')
        })
        && !s.ends_with(' ');
    if plain {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A heading anchor: lowercase ASCII letters, digits and single hyphens (`Klinik Zürich` →
/// `klinik-z-rich`). Never empty.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

/// Hands out slugs that are unique within one namespace (a page's anchors, a folder's file
/// names), adding `-2`, `-3`, … to repeats. Feed it names in a stable order and the result is
/// stable.
#[derive(Debug, Default)]
pub struct Slugs {
    taken: std::collections::HashSet<String>,
}

impl Slugs {
    /// A namespace in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Slugs {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    pub fn unique(&mut self, name: &str) -> String {
        let base = slug(name);
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.taken.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    /// The text and code events of a one-row table whose single cell is `cell`.
    fn cell_text(cell: &str) -> (String, usize) {
        let doc = format!("| h |\n| --- |\n| {cell} |\n");
        let mut text = String::new();
        let mut cells = 0;
        let mut in_body = false;
        for ev in Parser::new_ext(&doc, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
            match ev {
                Event::End(TagEnd::TableHead) => in_body = true,
                Event::Start(Tag::TableCell) if in_body => cells += 1,
                Event::Text(t) | Event::Code(t) if in_body => text.push_str(&t),
                Event::Html(_) | Event::InlineHtml(_) => panic!("raw HTML from {cell:?}"),
                Event::Start(Tag::Emphasis | Tag::Strong | Tag::Link { .. }) => {
                    panic!("markup from {cell:?}")
                }
                Event::Start(Tag::Strikethrough) => panic!("strikethrough from {cell:?}"),
                _ => {}
            }
        }
        (text, cells)
    }

    #[test]
    fn escaped_values_read_back_as_the_same_text_in_one_cell() {
        for raw in [
            "plain text",
            "a|b||c",
            "line one\nline two\r\nthree",
            "*bold* and _em_ and __strong__",
            "snake_case_name",
            "`code` and ``more``",
            "[link](http://x) ![img](y)",
            "<img src=x onerror=alert(1)>",
            "&amp; &#35; & AT&T",
            "~~gone~~",
            "back\\slash\\|",
            "Klinik Zürich – Ärzte",
        ] {
            let (text, cells) = cell_text(&escape(raw));
            let expected = raw.replace("\r\n", " ").replace('\n', " ");
            assert_eq!(text, expected, "escaped: {}", escape(raw));
            assert_eq!(cells, 1);
        }
        assert_eq!(escape("authorization_code"), "authorization_code");
        assert_eq!(escape("Northwind & Co"), "Northwind & Co");
    }

    #[test]
    fn code_spans_hold_any_value_in_one_cell() {
        for raw in ["a|b", "x`y", "``", "`lead", "multi\nline", "read:users"] {
            let (text, cells) = cell_text(&code(raw));
            assert_eq!(text.trim(), raw.replace('\n', " ").trim(), "{}", code(raw));
            assert_eq!(cells, 1);
        }
        assert_eq!(code("read:users"), "`read:users`");
        assert_eq!(fence("a ```` b"), "`````");
        assert_eq!(fence("none"), "```");
    }

    #[test]
    fn yaml_scalars_and_slugs() {
        assert_eq!(yaml_scalar("Architecture"), "Architecture");
        assert_eq!(yaml_scalar("yes"), "\"yes\"");
        assert_eq!(yaml_scalar("a: b"), "\"a: b\"");
        assert_eq!(yaml_scalar("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(yaml_scalar("12"), "\"12\"");
        assert_eq!(slug("Klinik Zürich"), "klinik-z-rich");
        assert_eq!(slug("--"), "x");
        let mut s = Slugs::with_reserved(&["index"]);
        assert_eq!(s.unique("Index"), "index-2");
        assert_eq!(s.unique("a b"), "a-b");
        assert_eq!(s.unique("a-b"), "a-b-2");
    }
}
