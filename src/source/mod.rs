//! Source files, byte spans and the located document tree.
//!
//! Everything a0lint reports has to point at a real place: a file, a byte range inside it, and the
//! 1-based line and column that a human or an editor jumps to. This module owns that contract.
//!
//! * [`SourceFile`] keeps a file's text together with a table of line starts, built once, the first
//!   time a position in the file is asked for (most files of a clean export never are). Turning a
//!   byte offset into a line and column is then a binary search, never a re-scan of the text. Columns are counted in bytes (UTF-8 code units), so they stay exact on
//!   non-ASCII text; [`SourceFile::utf16_column`] gives the UTF-16 column editors speak.
//! * [`SourceMap`] owns every file read during a run and hands out small [`FileId`]s. Loaders
//!   running in parallel on different tenants register files concurrently.
//! * [`Node`] is the parsed document: a JSON-shaped tree in which every value and every object key
//!   carries its [`Span`]. YAML and JSON parse into the same tree (see [`yaml`] and [`json`]), so
//!   rules never care which format a tenant was exported in. A node is addressed by JSON Pointer
//!   ([`Node::pointer`]).
//! * [`keywords`] handles the Deploy CLI's `##KEY##` / `@@KEY@@` placeholders without moving a
//!   single byte, so that locations keep pointing at the text the user wrote.

pub mod json;
pub mod keywords;
mod node;
pub mod yaml;
pub mod yaml_chunks;

pub use node::{Interner, Key, Member, Node, Value, escape_pointer_token, unescape_pointer_token};

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock};

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// A byte range in one file. `start..end`, both byte offsets into [`SourceFile::text`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span {
            file,
            start: start as u32,
            end: end.max(start) as u32,
        }
    }

    /// An empty span at the start of a file: used for facts about a file as a whole.
    pub fn file_start(file: FileId) -> Self {
        Span {
            file,
            start: 0,
            end: 0,
        }
    }

    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// A resolved position: 1-based line, 1-based byte column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// One file read from disk (or handed over by an editor), with its line table.
#[derive(Debug)]
pub struct SourceFile {
    pub id: FileId,
    /// The path as it is shown to users: relative to the working directory where possible.
    pub path: PathBuf,
    pub text: String,
    line_starts: OnceLock<Vec<u32>>,
}

impl SourceFile {
    pub fn new(id: FileId, path: PathBuf, text: String) -> Self {
        SourceFile {
            id,
            path,
            text,
            line_starts: OnceLock::new(),
        }
    }

    /// Byte offsets where each line starts.
    fn lines(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            // `\n` ends a line; a `\r\n` pair therefore ends it too, and a lone `\r` is kept as
            // text, which is how YAML and every editor treat CRLF files.
            // memchr: a byte-by-byte filter took a millisecond per megabyte, which the language
            // server paid on every keystroke for the edited file's new text.
            let mut starts = vec![0];
            starts.extend(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| (i + 1) as u32));
            starts.shrink_to_fit();
            starts
        })
    }

    pub fn line_count(&self) -> usize {
        self.lines().len()
    }

    /// Byte offset where the 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.lines()
            .get(line)
            .map(|s| *s as usize)
            .unwrap_or(self.text.len())
    }

    /// The 1-based line and 1-based byte column of a byte offset. Offsets past the end clamp to it.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let starts = self.lines();
        let line = match starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        LineCol {
            line: line + 1,
            column: offset - starts[line] as usize + 1,
        }
    }

    /// The 0-based UTF-16 column of a byte offset, as the Language Server Protocol counts.
    pub fn utf16_column(&self, offset: usize) -> usize {
        let lc = self.line_col(offset);
        let start = self.lines()[lc.line - 1] as usize;
        let end = floor_char_boundary(&self.text, offset.min(self.text.len()));
        self.text[start..end].encode_utf16().count()
    }

    /// The 0-based Unicode scalar column of a byte offset (SARIF's `unicodeCodePoints`).
    pub fn char_column(&self, offset: usize) -> usize {
        let lc = self.line_col(offset);
        let start = self.lines()[lc.line - 1] as usize;
        let end = floor_char_boundary(&self.text, offset.min(self.text.len()));
        self.text[start..end].chars().count()
    }

    /// Text of the 1-based line `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let starts = self.lines();
        if line == 0 || line > starts.len() {
            return "";
        }
        let start = starts[line - 1] as usize;
        let end = starts
            .get(line)
            .map(|s| *s as usize)
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Every file read in one run. Append-only, shared across threads.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: RwLock<Vec<Arc<SourceFile>>>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a file and returns it. `path` is shown to users as given.
    pub fn add(&self, path: impl Into<PathBuf>, text: String) -> Arc<SourceFile> {
        let mut files = self.files.write().unwrap_or_else(|e| e.into_inner());
        let id = FileId(files.len() as u32);
        let file = Arc::new(SourceFile::new(id, path.into(), text));
        files.push(file.clone());
        file
    }

    pub fn get(&self, id: FileId) -> Arc<SourceFile> {
        let files = self.files.read().unwrap_or_else(|e| e.into_inner());
        files[id.0 as usize].clone()
    }

    pub fn files(&self) -> Vec<Arc<SourceFile>> {
        self.files.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn len(&self) -> usize {
        self.files.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drops the text of files nothing points into any more (a long-running language server
    /// reloads tenants into one map). Their ids stay valid and resolve to an empty file of the
    /// same path, so the map never reuses or shifts an id.
    pub fn release(&self, ids: &[FileId]) {
        let mut files = self.files.write().unwrap_or_else(|e| e.into_inner());
        for id in ids {
            if let Some(slot) = files.get_mut(id.0 as usize) {
                *slot = Arc::new(SourceFile::new(*id, slot.path.clone(), String::new()));
            }
        }
    }

    pub fn path_of(&self, id: FileId) -> PathBuf {
        self.get(id).path.clone()
    }
}

/// Shows `path` relative to `base` when it lies below it; otherwise as it is.
pub fn display_path(path: &Path, base: &Path) -> PathBuf {
    path.strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_is_byte_accurate_on_non_ascii_text() {
        let f = SourceFile::new(FileId(0), "t.yaml".into(), "a: é\nb: ü x\n".into());
        // 'x' sits after "b: ü " — 'ü' is two bytes.
        let x = f.text.find('x').unwrap();
        assert_eq!(f.line_col(x), LineCol { line: 2, column: 7 });
        assert_eq!(f.char_column(x), 5);
        assert_eq!(f.utf16_column(x), 5);
        assert_eq!(f.line_text(2), "b: ü x");
    }

    #[test]
    fn crlf_lines_end_at_the_newline() {
        let f = SourceFile::new(FileId(0), "t".into(), "a: 1\r\nb: 2\r\n".into());
        let b = f.text.find('b').unwrap();
        assert_eq!(f.line_col(b), LineCol { line: 2, column: 1 });
        assert_eq!(f.line_text(1), "a: 1");
    }

    #[test]
    fn utf16_column_counts_surrogate_pairs() {
        let f = SourceFile::new(FileId(0), "t".into(), "k: 😀x".into());
        let x = f.text.find('x').unwrap();
        assert_eq!(f.utf16_column(x), 5);
    }
}
