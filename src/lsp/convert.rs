//! Positions and paths between a0lint and the protocol.
//!
//! a0lint locates everything by byte offset; the protocol speaks 0-based lines and columns counted
//! in the negotiated encoding: UTF-16 code units unless the client offered `utf-8`. Byte offsets
//! become lines through the file's line table ([`SourceFile::line_col`], a binary search), and
//! columns are then counted on that one line only.

use std::path::{Path, PathBuf};

use lsp_types::{Position, Range, Uri};

use crate::export::load::normalize;
use crate::source::{SourceFile, Span};

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// The protocol position of a byte offset in `file`.
pub fn position(file: &SourceFile, offset: usize, enc: Encoding) -> Position {
    let lc = file.line_col(offset);
    let character = match enc {
        Encoding::Utf8 => lc.column - 1,
        Encoding::Utf16 => file.utf16_column(offset),
    };
    Position {
        line: (lc.line - 1) as u32,
        character: character as u32,
    }
}

/// The protocol range of a span of `file`.
pub fn range(file: &SourceFile, span: Span, enc: Encoding) -> Range {
    Range {
        start: position(file, span.start as usize, enc),
        end: position(file, span.end as usize, enc),
    }
}

/// Where 0-based line `line` of `bytes` starts, if it has that many lines. One vectorised pass
/// over the newlines before it: a search per line cost more in call overhead than in searching,
/// milliseconds per keystroke near the end of a 1 MB file. (Counting newlines block by block
/// measured four times slower than this.)
fn line_start(bytes: &[u8], line: usize) -> Option<usize> {
    match line {
        0 => Some(0),
        n => memchr::memchr_iter(b'\n', bytes).nth(n - 1).map(|i| i + 1),
    }
}

/// The byte offset of a protocol position in `text`. A line past the end clamps to the end of the
/// text, a column past the end of its line to the end of the line (as the protocol asks), and a
/// column inside a character to that character's start.
pub fn offset(text: &str, pos: Position, enc: Encoding) -> usize {
    let Some(line_start) = line_start(text.as_bytes(), pos.line as usize) else {
        return text.len();
    };
    let line_end = memchr::memchr(b'\n', &text.as_bytes()[line_start..])
        .map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let want = pos.character as usize;
    match enc {
        Encoding::Utf8 => {
            let mut at = want.min(line.len());
            while !line.is_char_boundary(at) {
                at -= 1;
            }
            line_start + at
        }
        Encoding::Utf16 => {
            let mut units = 0;
            for (i, c) in line.char_indices() {
                if units >= want {
                    return line_start + i;
                }
                units += c.len_utf16();
                if units > want {
                    return line_start + i;
                }
            }
            line_end
        }
    }
}

/// The position just past the end of `text`.
pub fn end_position(text: &str, enc: Encoding) -> Position {
    let line_start = text.rfind('\n').map_or(0, |i| i + 1);
    let last = &text[line_start..];
    Position {
        line: text.matches('\n').count() as u32,
        character: match enc {
            Encoding::Utf8 => last.len(),
            Encoding::Utf16 => last.encode_utf16().count(),
        } as u32,
    }
}

/// True when `pos` lies in `r` (ends included, so an empty range at a position still matches it).
pub fn contains(r: &Range, pos: Position) -> bool {
    r.start <= pos && pos <= r.end
}

/// True when two ranges share a position.
pub fn overlaps(a: &Range, b: &Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// The local path of a `file:` URI, made absolute and lexically normalised: the key of the
/// loader's overlay and of every map here.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().ok().map(|p| normalize(&p))
}

pub fn path_to_uri(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    #[test]
    fn line_starts_are_found_on_every_line() {
        // Lines of every length from 0 to 99, the last one ending the text.
        let mut text = String::new();
        for i in 0..9000 {
            text.push_str(&"x".repeat(i % 100));
            text.push('\n');
        }
        let naive: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        for (line, &start) in naive.iter().enumerate() {
            assert_eq!(
                line_start(text.as_bytes(), line),
                Some(start),
                "line {line}"
            );
        }
        assert_eq!(line_start(text.as_bytes(), naive.len()), None);
        assert_eq!(line_start(b"", 0), Some(0));
        assert_eq!(line_start(b"", 1), None);
    }

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn byte_offsets_become_utf16_and_utf8_columns() {
        let f = SourceFile::new(FileId(0), "t".into(), "a: é😀x\nb\n".into());
        let x = f.text.find('x').unwrap();
        assert_eq!(position(&f, x, Encoding::Utf16), pos(0, 6));
        assert_eq!(position(&f, x, Encoding::Utf8), pos(0, 9));
        let b = f.text.find('b').unwrap();
        assert_eq!(position(&f, b, Encoding::Utf16), pos(1, 0));
    }

    #[test]
    fn positions_go_back_to_byte_offsets() {
        let text = "a: é😀x\nb\n";
        let x = text.find('x').unwrap();
        assert_eq!(offset(text, pos(0, 6), Encoding::Utf16), x);
        assert_eq!(offset(text, pos(0, 9), Encoding::Utf8), x);
        // Past the end of the line: the end of the line.
        assert_eq!(offset(text, pos(0, 99), Encoding::Utf16), x + 1);
        assert_eq!(offset(text, pos(1, 0), Encoding::Utf16), x + 2);
        assert_eq!(offset(text, pos(9, 0), Encoding::Utf16), text.len());
        // Inside the surrogate pair: the character's start.
        let emoji = text.find('😀').unwrap();
        assert_eq!(offset(text, pos(0, 5), Encoding::Utf16), emoji);
    }

    #[test]
    fn end_position_counts_the_last_line() {
        assert_eq!(end_position("a\nbé", Encoding::Utf16), pos(1, 2));
        assert_eq!(end_position("a\n", Encoding::Utf8), pos(1, 0));
    }
}
