//! Re-parsing a large `tenant.yaml` piece by piece, reusing the pieces that did not change.
//!
//! The language server re-loads a tenant on every keystroke. A 1 MB `tenant.yaml` takes tens of
//! milliseconds to parse, which alone would spend the whole latency budget, yet a keystroke
//! changes one client of the 1,235 in it. So [`parse_reusing`] cuts the text into *chunks* along
//! the lines where the top-level structure of a Deploy CLI export shows in the indentation:
//!
//! * a **section** starts at a line `key: …` in column 0 (the top-level mapping's keys);
//! * a section whose header is a bare `key:` and whose value is a block sequence is cut further
//!   into **items**, one per line `- ` at the sequence's indentation.
//!
//! Each chunk is parsed on its own (or taken from the [`ChunkCache`] when its text is unchanged)
//! and the pieces are stitched into the tree a whole-text parse gives, spans and problems
//! included. Two facts make that exact:
//!
//! * saphyr ends a collection's span where the next token starts. A chunk ends where the next
//!   chunk's first token starts (blank and comment lines stay with the chunk before), so a span
//!   ending at the chunk's end is moved to that token.
//! * Anything that can cross a chunk line makes a chunk fail alone: an unterminated quote or flow
//!   collection, an alias to an anchor in another chunk. A chunk with a fatal problem, a key
//!   repeated at the top level, a merge key there, or a text with directives, several documents
//!   or `!include` tags is not cut: the whole text is parsed as before. The test
//!   `chunked_parse_equals_whole_parse` holds the two to the same result on every fixture.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::node::{Interner, Member, Node, Value};
use super::yaml::{self, IncludeFn, Parsed, Problem};
use super::{FileId, Span};

/// Texts below this size are parsed whole: cutting them saves nothing worth the bookkeeping.
pub const MIN_CHUNKED_LEN: usize = 64 * 1024;

/// Parsed chunks of the files the language server keeps open, by path: each file keeps the chunks
/// of its last parse, so memory stays at one copy of each tree.
#[derive(Default)]
pub struct ChunkCache {
    files: Mutex<HashMap<std::path::PathBuf, FileChunks>>,
}

impl std::fmt::Debug for ChunkCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let files = self.files.lock().map(|m| m.len()).unwrap_or_default();
        f.debug_struct("ChunkCache").field("files", &files).finish()
    }
}

/// One file's chunks, by their text. foldhash rather than SipHash: every keystroke hashes the
/// whole text chunk by chunk, twice, and SipHash took a millisecond of it on a 1 MB file; a text
/// built to collide only slows its own editor.
type FileChunks = HashMap<Box<str>, Arc<Parsed>, foldhash::fast::RandomState>;

/// Where a chunk sits and what it stands for.
#[derive(Clone, Copy, Debug)]
struct Chunk {
    start: usize,
    end: usize,
    /// Where the token after the chunk starts (the text's end for the last chunk).
    next: usize,
    kind: ChunkKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ChunkKind {
    /// A whole `key: value` of the top-level mapping.
    Section,
    /// A bare `key:` header whose value is the items that follow.
    Header { key_len: usize },
    /// One item of the header's block sequence.
    Item,
}

/// Parses `text` as [`yaml::parse_with`] does, reusing and refreshing the chunks `cache` holds for
/// `path`. Falls back to a whole parse whenever cutting could change the result.
pub fn parse_reusing(
    text: &str,
    file: FileId,
    path: &std::path::Path,
    include: &mut IncludeFn<'_>,
    keys: &mut Interner,
    cache: &ChunkCache,
) -> Parsed {
    let whole = |include: &mut IncludeFn<'_>, keys: &mut Interner| {
        yaml::parse_with(text, file, include, keys)
    };
    if text.len() < MIN_CHUNKED_LEN {
        return whole(include, keys);
    }
    let Some(chunks) = cut(text) else {
        return whole(include, keys);
    };
    let mut old = cache
        .files
        .lock()
        .ok()
        .and_then(|mut m| m.remove(path))
        .unwrap_or_default();
    let mut fresh = FileChunks::with_capacity_and_hasher(chunks.len(), Default::default());
    let mut pieces: Vec<Arc<Parsed>> = Vec::with_capacity(chunks.len());
    for c in &chunks {
        let t = &text[c.start..c.end];
        // A chunk met last time moves over with its key: no copy of its text.
        if let Some((key, parsed)) = old.remove_entry(t) {
            pieces.push(parsed.clone());
            fresh.insert(key, parsed);
            continue;
        }
        let parsed = match fresh.get(t) {
            Some(p) => p.clone(),
            None => {
                let p = yaml::parse_with(t, FileId(0), &mut |_, _| None, keys);
                if p.root.is_none() || p.problems.iter().any(|p| p.kind.is_fatal()) {
                    return whole(include, keys);
                }
                let p = Arc::new(p);
                fresh.insert(t.into(), p.clone());
                p
            }
        };
        pieces.push(parsed);
    }
    let Some(parsed) = stitch(text, file, &chunks, &pieces) else {
        return whole(include, keys);
    };
    if let Ok(mut m) = cache.files.lock() {
        m.insert(path.to_path_buf(), fresh);
    }
    parsed
}

/// Cuts `text` into chunks, or `None` when it is not shaped for it.
fn cut(text: &str) -> Option<Vec<Chunk>> {
    if text.contains("!include") {
        return None;
    }
    let bytes = text.as_bytes();
    // Line starts, and what each line is.
    let mut lines: Vec<usize> = Vec::with_capacity(bytes.len() / 24);
    lines.push(0);
    lines.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
    if lines.last() == Some(&bytes.len()) {
        lines.pop();
    }
    let line = |i: usize| -> &[u8] {
        let end = lines.get(i + 1).copied().unwrap_or(bytes.len());
        &bytes[lines[i]..end]
    };
    let trivial = |l: &[u8]| {
        let t = l.trim_ascii_start();
        t.is_empty() || t[0] == b'#'
    };
    let spaces = |l: &[u8]| l.iter().take_while(|b| **b == b' ').count();
    // Section starts: a plain key in column 0, with the key's length.
    let mut sections: Vec<(usize, usize)> = Vec::new();
    for i in 0..lines.len() {
        let l = line(i);
        match l.first() {
            None | Some(b' ' | b'\n' | b'\r' | b'#') => {}
            Some(b'-') if !l.starts_with(b"---") => {}
            Some(c) if c.is_ascii_alphanumeric() || *c == b'_' => {
                let key_len = l
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                    .count();
                if l.get(key_len) != Some(&b':') {
                    return None;
                }
                sections.push((i, key_len));
            }
            // Directives, document markers, flow or quoted keys, tabs: not cut.
            Some(_) => return None,
        }
    }
    let (first, _) = *sections.first()?;
    if (0..first).any(|i| !trivial(line(i))) {
        return None;
    }
    // The token that starts line `i` (the text's end past the last line).
    let token_at = |i: usize| -> usize {
        if i >= lines.len() {
            return bytes.len();
        }
        lines[i] + spaces(line(i))
    };
    let mut chunks = Vec::new();
    for (n, &(s, key_len)) in sections.iter().enumerate() {
        let end_line = sections.get(n + 1).map_or(lines.len(), |&(i, _)| i);
        let end = lines.get(end_line).copied().unwrap_or(bytes.len());
        let next = token_at(end_line);
        let bare = line(s)[key_len + 1..]
            .iter()
            .all(|b| b.is_ascii_whitespace());
        // The items of a bare header: lines `- ` at the indentation of the first one.
        let body = (s + 1..end_line).find(|&i| !trivial(line(i)));
        let indent = body.map(|i| spaces(line(i)));
        let is_item = |i: usize, k: usize| {
            let l = line(i);
            l.len() > k
                && l[..k].iter().all(|b| *b == b' ')
                && l[k] == b'-'
                && l.get(k + 1).is_none_or(|b| b.is_ascii_whitespace())
        };
        match (bare, body, indent) {
            (true, Some(b), Some(k)) if is_item(b, k) => {
                let items: Vec<usize> = (b..end_line).filter(|&i| is_item(i, k)).collect();
                chunks.push(Chunk {
                    start: lines[s],
                    end: lines[b],
                    next: token_at(b),
                    kind: ChunkKind::Header { key_len },
                });
                for (m, &it) in items.iter().enumerate() {
                    let (item_end, item_next) = match items.get(m + 1) {
                        Some(&nx) => (lines[nx], token_at(nx)),
                        None => (end, next),
                    };
                    chunks.push(Chunk {
                        start: lines[it],
                        end: item_end,
                        next: item_next,
                        kind: ChunkKind::Item,
                    });
                }
            }
            _ => chunks.push(Chunk {
                start: lines[s],
                end,
                next,
                kind: ChunkKind::Section,
            }),
        }
    }
    Some(chunks)
}

/// Builds the whole text's tree from its chunks' trees, or `None` when the pieces do not fit
/// together the way a whole parse would put them.
fn stitch(text: &str, file: FileId, chunks: &[Chunk], pieces: &[Arc<Parsed>]) -> Option<Parsed> {
    let mut problems: Vec<Problem> = Vec::new();
    let mut members: Vec<Member> = Vec::new();
    let mut i = 0;
    let mut root_start = None;
    while i < chunks.len() {
        let c = chunks[i];
        let piece = &pieces[i];
        let at = Shift::new(file, &c);
        problems.extend(piece.problems.iter().map(|p| at.problem(p)));
        let Some(Value::Object(m)) = piece.root.as_ref().map(|r| &r.value) else {
            // A header parses as `key: null`, a section as a one-key mapping; anything else
            // means the cut was wrong.
            return None;
        };
        let [member] = &m[..] else { return None };
        root_start.get_or_insert(at.offset(piece.root.as_ref()?.span.start));
        match c.kind {
            ChunkKind::Section => {
                members.push(at.member(member));
                i += 1;
            }
            ChunkKind::Header { key_len } => {
                if member.key.len() != key_len {
                    return None;
                }
                let mut j = i + 1;
                while j < chunks.len() && chunks[j].kind == ChunkKind::Item {
                    let at = Shift::new(file, &chunks[j]);
                    problems.extend(pieces[j].problems.iter().map(|p| at.problem(p)));
                    j += 1;
                }
                // Copying the items' trees into place is most of a cached re-parse: in parallel.
                let items: Vec<Node> = (i + 1..j)
                    .into_par_iter()
                    .map(|j| {
                        let at = Shift::new(file, &chunks[j]);
                        match pieces[j].root.as_ref().map(|r| &r.value) {
                            Some(Value::Array(list)) if list.len() == 1 => Some(at.node(&list[0])),
                            _ => None,
                        }
                    })
                    .collect::<Option<Vec<Node>>>()?;
                let last = chunks.get(j - 1).filter(|_| j > i + 1)?;
                let seq_end = Shift::new(file, last).end(pieces[j - 1].root.as_ref()?.span.end);
                // A whole parse starts an indented sequence at its first `-`, and one in column 0
                // (YAML's "indentless" sequence) at its first item.
                let indentless = text.as_bytes().get(c.end) == Some(&b'-');
                let seq_start = if indentless {
                    items.first().map(|n| n.span.start as usize)
                } else {
                    Some(c.next)
                };
                let seq_start = seq_start?;
                members.push(Member {
                    key: member.key.clone(),
                    key_span: at.span(member.key_span),
                    value: Node::new(
                        Span::new(file, seq_start, seq_end),
                        Value::Array(items.into()),
                    ),
                });
                i = j;
            }
            ChunkKind::Item => return None,
        }
    }
    // A whole parse would merge `<<` and report repeated keys at the top level: leave both to it.
    let mut names: Vec<&str> = members.iter().map(|m| &*m.key).collect();
    names.sort_unstable();
    if names.windows(2).any(|w| w[0] == w[1]) || names.contains(&"<<") {
        return None;
    }
    let end = chunks.last().map_or(text.len(), |c| c.next);
    Some(Parsed {
        root: Some(Node::new(
            Span::new(file, root_start.unwrap_or(0), end),
            Value::Object(members.into()),
        )),
        problems,
    })
}

/// Moves a chunk's spans to where the chunk sits in the whole text.
struct Shift {
    file: FileId,
    base: usize,
    len: usize,
    next: usize,
}

impl Shift {
    fn new(file: FileId, c: &Chunk) -> Shift {
        Shift {
            file,
            base: c.start,
            len: c.end - c.start,
            next: c.next,
        }
    }

    fn offset(&self, at: u32) -> usize {
        self.base + at as usize
    }

    /// A span's end: the chunk's end stands for the next chunk's first token.
    fn end(&self, at: u32) -> usize {
        if at as usize >= self.len {
            self.next
        } else {
            self.base + at as usize
        }
    }

    fn span(&self, s: Span) -> Span {
        let start = if s.start as usize >= self.len {
            self.next
        } else {
            self.offset(s.start)
        };
        Span::new(self.file, start, self.end(s.end).max(start))
    }

    fn node(&self, n: &Node) -> Node {
        let value = match &n.value {
            Value::Array(items) => Value::Array(items.iter().map(|c| self.node(c)).collect()),
            Value::Object(members) => {
                Value::Object(members.iter().map(|m| self.member(m)).collect())
            }
            other => other.clone(),
        };
        Node::new(self.span(n.span), value)
    }

    fn member(&self, m: &Member) -> Member {
        Member {
            key: m.key.clone(),
            key_span: self.span(m.key_span),
            value: self.node(&m.value),
        }
    }

    fn problem(&self, p: &Problem) -> Problem {
        Problem {
            kind: p.kind,
            span: self.span(p.span),
            message: p.message.clone(),
            related: p.related.map(|s| self.span(s)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> Parsed {
        yaml::parse(text, FileId(7), &mut |_, _| None)
    }

    /// Each chunk parsed alone, as `parse_reusing` parses a chunk it has not seen.
    fn pieces_of(text: &str, chunks: &[Chunk]) -> Vec<Arc<Parsed>> {
        chunks
            .iter()
            .map(|c| {
                Arc::new(yaml::parse(
                    &text[c.start..c.end],
                    FileId(0),
                    &mut |_, _| None,
                ))
            })
            .collect()
    }

    fn chunked(text: &str, cache: &ChunkCache) -> Parsed {
        let chunks = cut(text).expect("the text is cut");
        assert!(chunks.len() > 1, "more than one chunk");
        let pieces = pieces_of(text, &chunks);
        let direct = stitch(text, FileId(7), &chunks, &pieces).expect("the pieces fit");
        let mut keys = Interner::new();
        let cached = parse_reusing_at(text, cache, &mut keys);
        assert_eq!(format!("{direct:?}"), format!("{cached:?}"));
        direct
    }

    fn parse_reusing_at(text: &str, cache: &ChunkCache, keys: &mut Interner) -> Parsed {
        parse_reusing(
            text,
            FileId(7),
            std::path::Path::new("t.yaml"),
            &mut |_, _| None,
            keys,
            cache,
        )
    }

    const SAMPLE: &str = "# An export\n\ntenant:\n  friendly_name: Acme\n  flags:\n    a: true\nclients:\n  - name: One\n    callbacks:\n      - https://one.example/cb\n    description: |\n      Two lines\n      of text\n\n  # between items\n  - name: Two\n    app_type: spa\n    jwt_configuration: {alg: RS256, lifetime_in_seconds: 36000}\n  -\n    name: Three\n    dup: 1\n    dup: 2\nconnections:\n- name: db\n  strategy: auth0\nemailTemplates: []\nrules:\n  - name: r\n    script: ./rules/r.js\npages:\n  - &login\n    name: login\n    html: ./pages/login.html\n# trailing comment\n";

    #[test]
    fn chunked_parse_equals_whole_parse() {
        let cache = ChunkCache::default();
        let w = whole(SAMPLE);
        let c = chunked(SAMPLE, &cache);
        assert_eq!(format!("{w:?}"), format!("{c:?}"));
        // Without the trailing newline, and with Windows line ends.
        let trimmed = SAMPLE.trim_end();
        assert_eq!(
            format!("{:?}", whole(trimmed)),
            format!("{:?}", chunked(trimmed, &cache))
        );
        let crlf = SAMPLE.replace('\n', "\r\n");
        assert_eq!(
            format!("{:?}", whole(&crlf)),
            format!("{:?}", chunked(&crlf, &cache))
        );
    }

    #[test]
    fn texts_that_cannot_be_cut_safely_are_parsed_whole() {
        for text in [
            "%YAML 1.2\n---\na: 1\nb: 2\n",
            "a: 1\n---\nb: 2\n",
            "{a: 1}\n",
            "\"a\": 1\nb: 2\n",
            "a: !include x.yaml\nb: 2\n",
            "a:\n  - 1\n<<: {b: 2}\n",
        ] {
            assert!(cut(text).is_none(), "{text:?}");
        }
        // Cut, but a piece fails alone or the pieces do not fit: the whole parse decides.
        for text in [
            "a: &x 1\nb: *x\n",
            "a: \"open\nb: close\"\n",
            "a: 1\na: 2\n",
        ] {
            let chunks = cut(text).expect("cut");
            let pieces = pieces_of(text, &chunks);
            let fits = pieces
                .iter()
                .all(|p| p.root.is_some() && !p.problems.iter().any(|p| p.kind.is_fatal()))
                && stitch(text, FileId(7), &chunks, &pieces).is_some();
            assert!(!fits, "{text:?}");
        }
    }

    #[test]
    fn an_edit_reparses_one_chunk_and_matches_a_whole_parse() {
        let mut text = String::from("tenant:\n  friendly_name: Acme\nclients:\n");
        for i in 0..2000 {
            text.push_str(&format!(
                "  - name: Client {i} é\n    callbacks:\n      - https://c{i}.example/cb\n    app_type: spa\n"
            ));
        }
        assert!(text.len() >= MIN_CHUNKED_LEN);
        let cache = ChunkCache::default();
        let mut keys = Interner::new();
        let first = parse_reusing_at(&text, &cache, &mut keys);
        assert_eq!(format!("{first:?}"), format!("{:?}", whole(&text)));
        let edited = text.replacen("Client 1000 é", "Client 1000 éé", 1);
        let second = parse_reusing_at(&edited, &cache, &mut keys);
        assert_eq!(format!("{second:?}"), format!("{:?}", whole(&edited)));
        let stored = cache.files.lock().unwrap();
        assert_eq!(stored[std::path::Path::new("t.yaml")].len(), 2002);
    }

    /// Every YAML file of the fixtures and of the shared corpus of real exports (when present):
    /// cut and stitched, each gives what a whole parse gives, problems included.
    #[test]
    fn chunked_parse_equals_whole_parse_on_every_fixture() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("fixtures")];
        let corpus = root.join("../shared/corpus");
        if corpus.is_dir() {
            dirs.push(corpus);
        } else {
            eprintln!("skipped ../shared/corpus: not present");
        }
        let (mut compared, mut cut_count) = (0, 0);
        for dir in dirs {
            for entry in walkdir::WalkDir::new(dir)
                .into_iter()
                .filter_map(Result::ok)
            {
                let path = entry.path();
                if !matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "yml")
                ) {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(path) else {
                    continue;
                };
                let (masked, _) = crate::source::keywords::mask_yaml(&text);
                compared += 1;
                let Some(chunks) = cut(&masked) else { continue };
                let pieces = pieces_of(&masked, &chunks);
                if pieces
                    .iter()
                    .any(|p| p.root.is_none() || p.problems.iter().any(|p| p.kind.is_fatal()))
                {
                    continue;
                }
                let Some(stitched) = stitch(&masked, FileId(7), &chunks, &pieces) else {
                    continue;
                };
                cut_count += 1;
                assert_eq!(
                    format!("{stitched:?}"),
                    format!("{:?}", whole(&masked)),
                    "{}",
                    path.display()
                );
            }
        }
        eprintln!("{compared} YAML files, {cut_count} cut and compared");
        assert!(
            compared > 20 && cut_count > 10,
            "{compared} files, {cut_count} cut"
        );
    }
}
