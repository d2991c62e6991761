//! Human output through miette: a code frame at the exact line, the rule id, help and a link.
//!
//! miette's own `SourceCode` for strings rescans the text from byte 0 for every label, which turns
//! thousands of findings in a large file into seconds of work. [`LocatedSource`] answers from the
//! file's line table instead.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use rayon::prelude::*;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::{Summary, meta, path_string};
use crate::finding::{Finding, Location, Severity};
use crate::source::{SourceFile, SourceMap};

/// Options for human output.
#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    pub color: bool,
    pub width: usize,
}

/// A source file as miette sees it, answering spans from its line table: the file, its text with
/// secret values masked (same length), which is what code frames display, and its path as shown.
struct LocatedSource(Arc<SourceFile>, Arc<str>, Arc<str>);

/// One masked copy of each file a finding or a related location points into, made before
/// rendering (in parallel), so that rendering threads only read it.
struct Frames<'s> {
    sources: &'s SourceMap,
    /// Each file's masked text and shown path.
    masked: std::collections::HashMap<crate::source::FileId, (Arc<str>, Arc<str>)>,
}

impl<'s> Frames<'s> {
    fn of(findings: &[Finding], sources: &'s SourceMap) -> Self {
        let mut files: Vec<crate::source::FileId> = findings
            .iter()
            .flat_map(|f| std::iter::once(&f.location).chain(f.related.iter().map(|r| &r.location)))
            .filter_map(|l| match l {
                Location::Span(s) => Some(s.file),
                Location::Path(_) => None,
            })
            .collect();
        files.sort_unstable();
        files.dedup();
        let masked = files
            .into_par_iter()
            .map(|id| {
                let f = sources.get(id);
                let masked = Arc::from(crate::secrets::redact(&f.text));
                (id, (masked, Arc::from(path_string(&f.path))))
            })
            .collect();
        Frames { sources, masked }
    }

    fn source(&self, file: crate::source::FileId) -> LocatedSource {
        let f = self.sources.get(file);
        let (shown, path) = &self.masked[&file];
        LocatedSource(f, shown.clone(), path.clone())
    }
}

impl SourceCode for LocatedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let file = &self.0;
        let text = self.1.as_bytes();
        let start = span.offset().min(text.len());
        let end = (span.offset() + span.len()).min(text.len());
        let first = file.line_col(start).line - 1;
        let last = file.line_col(end).line - 1;
        let from_line = first.saturating_sub(before);
        let to_line = (last + after).min(file.line_count() - 1);
        let from = file.line_start(from_line);
        let mut to = file.line_start(to_line + 1);
        // Drop the final line break so the frame does not end with an empty line.
        while to > from && matches!(text.get(to - 1), Some(b'\n' | b'\r')) {
            to -= 1;
        }
        let to = to.max(end);
        Ok(Box::new(MietteSpanContents::new_named(
            self.2.to_string(),
            &text[from..to],
            SourceSpan::from((from, to - from)),
            from_line,
            0,
            to_line - from_line + 1,
        )))
    }
}

/// One finding as a miette diagnostic. `message` is what miette shows as the diagnostic's text:
/// the finding's message and tenant, already wrapped when the handler does not wrap.
struct Report<'a> {
    finding: &'a Finding,
    message: Cow<'a, str>,
    source: Option<LocatedSource>,
    help: Option<Cow<'a, str>>,
    url: Option<&'a str>,
    code: &'a str,
    related: Vec<RelatedReport>,
}

/// What every finding of one rule shows the same way, worked out once per rule rather than once
/// per finding.
struct RuleText {
    code: String,
    help: Option<String>,
    /// `help` as [`Indents::wrap`] wraps it, if it can.
    wrapped_help: Option<String>,
    url: Option<String>,
}

fn rule_texts(
    findings: &[Finding],
    indents: &Indents,
) -> std::collections::HashMap<&'static str, RuleText> {
    let mut texts = std::collections::HashMap::new();
    for f in findings {
        texts.entry(f.rule).or_insert_with(|| {
            let m = meta(f);
            let help = m.map(|m| first_paragraph(&m.fix));
            RuleText {
                wrapped_help: help
                    .as_deref()
                    .and_then(|h| Some(indents.wrap(h, indents.help)?.into_owned())),
                code: match m {
                    Some(m) => format!("{}({})", f.rule, m.name),
                    None => f.rule.to_owned(),
                },
                help,
                url: m.map(|m| m.url()),
            }
        });
    }
    texts
}

#[derive(Debug)]
struct RelatedReport {
    message: String,
    source: Option<LocatedSource>,
    span: SourceSpan,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Debug for LocatedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.path.display())
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl fmt::Display for RelatedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RelatedReport {}

impl Diagnostic for RelatedReport {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            None, self.span,
        ))))
    }
}

impl Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.url
            .as_ref()
            .map(|u| Box::new(u) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let Location::Span(span) = &self.finding.location else {
            return None;
        };
        let label = if self.finding.pointer.is_empty() {
            None
        } else {
            Some(self.finding.pointer.clone())
        };
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            label,
            SourceSpan::from((span.start as usize, span.len())),
        ))))
    }
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}

fn first_paragraph(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .replace('\n', " ")
}

/// Display widths of the indents miette puts before the lines of the text it wraps (a message's
/// first and following lines per severity, the help's), and the width it wraps to. Styles add
/// only escape sequences, which wrapping counts as zero wide, so plain indents of these widths
/// break text exactly where miette's styled ones do.
struct Indents {
    width: usize,
    error: (usize, usize),
    warning: (usize, usize),
    advice: (usize, usize),
    help: (usize, usize),
}

impl Indents {
    /// As miette's `render_causes` and `render_footer` build them.
    fn of(theme: &GraphicalTheme, width: usize) -> Self {
        let w = |s: String| textwrap::core::display_width(&s);
        let c = &theme.characters;
        let rest = w(format!("  {} ", c.vbar));
        Indents {
            width: width.saturating_sub(2),
            error: (w(format!("  {} ", c.error)), rest),
            warning: (w(format!("  {} ", c.warning)), rest),
            advice: (w(format!("  {} ", c.advice)), rest),
            help: (w("  help: ".into()), w("        ".into())),
        }
    }

    fn message(&self, severity: Severity) -> (usize, usize) {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.advice,
        }
    }

    /// `text` broken into lines exactly as miette's wrapping (textwrap's `fill` with these
    /// indents) breaks it, without the indents, so a handler that does not wrap gives the same
    /// bytes by putting its indents back. `None` when it would not: that handler trims the
    /// indent of a blank line, which wrapping keeps.
    ///
    /// Wrapping was most of the cost of rendering: textwrap boxes an iterator per text and
    /// measures every word through several adapters. [`Indents::first_fit`] does the same for
    /// the texts findings have; textwrap itself wraps the rest.
    fn wrap<'t>(&self, text: &'t str, (first, rest): (usize, usize)) -> Option<Cow<'t, str>> {
        if let Some(wrapped) = self.first_fit(text, first, rest) {
            return Some(wrapped);
        }
        let first = " ".repeat(first);
        let rest = " ".repeat(rest);
        let opts = textwrap::Options::new(self.width)
            .initial_indent(&first)
            .subsequent_indent(&rest)
            .break_words(true)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        let mut out = String::with_capacity(text.len());
        for (i, line) in textwrap::wrap(text, opts).iter().enumerate() {
            let line = line.strip_prefix(if i == 0 { &first } else { &rest })?;
            if line.trim().is_empty() {
                return None;
            }
            if i > 0 {
                out.push('\n');
            }
            out.push_str(line);
        }
        Some(Cow::Owned(out))
    }

    /// textwrap's first-fit wrapping with its `AsciiSpace` words, for a text on one line without
    /// escape sequences (which textwrap measures as zero wide) and without a word wider than a
    /// line (which it breaks apart): `None` for any other, and when a line would be blank. A
    /// single line comes back borrowed, as a prefix of `text`.
    fn first_fit<'t>(&self, text: &'t str, first: usize, rest: usize) -> Option<Cow<'t, str>> {
        if text.contains(['\n', '\x1b']) {
            return None;
        }
        let widths = [
            self.width.saturating_sub(first),
            self.width.saturating_sub(rest),
        ];
        let mut lines = String::new();
        let mut line = 0;
        let mut line_start = 0;
        let mut line_end = 0;
        let mut used = 0;
        // With an initial indent textwrap puts an empty word before the first, so a first word
        // too wide for the first line leaves that line empty.
        let mut words_on_line = 1;
        let push_line = |lines: &mut String, shown: &str| {
            if shown.trim().is_empty() {
                return false;
            }
            if !lines.is_empty() {
                lines.push('\n');
            }
            lines.push_str(shown);
            true
        };
        for (start, end) in ascii_space_words(text) {
            let word = text[start..end].trim_end_matches(' ');
            let spaces = end - start - word.len();
            let width = if word.bytes().all(|b| b.is_ascii_graphic()) {
                word.len()
            } else {
                textwrap::core::display_width(word)
            };
            if width > widths[1] {
                return None;
            }
            if used + width > widths[line.min(1)] && words_on_line > 0 {
                if !push_line(&mut lines, &text[line_start..line_end]) {
                    return None;
                }
                line += 1;
                line_start = start;
                used = 0;
                words_on_line = 0;
            }
            used += width + spaces;
            words_on_line += 1;
            line_end = start + word.len();
        }
        if line == 0 {
            let shown = &text[..line_end];
            return (!shown.trim().is_empty()).then_some(Cow::Borrowed(shown));
        }
        if !push_line(&mut lines, &text[line_start..line_end]) {
            return None;
        }
        Some(Cow::Owned(lines))
    }

    /// [`Indents::wrap`] for a text of one's own, which most often comes back as it was.
    fn wrap_owned(&self, text: String, indents: (usize, usize)) -> Option<String> {
        match self.wrap(&text, indents)? {
            Cow::Borrowed(line) => {
                // Borrowed text is always a prefix: trailing spaces dropped.
                debug_assert_eq!(line.as_ptr(), text.as_ptr());
                let len = line.len();
                let mut text = text;
                text.truncate(len);
                Some(text)
            }
            Cow::Owned(wrapped) => Some(wrapped),
        }
    }
}

/// The byte ranges of textwrap's `AsciiSpace` words: a run of other characters and the spaces
/// after it (the first word may be spaces only). Spaces are single bytes in UTF-8 and never part
/// of another character, so bytes can be scanned.
fn ascii_space_words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let mut i = start;
        while i < bytes.len() && bytes[i] != b' ' {
            i += 1;
        }
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        let word = (start, i);
        start = i;
        Some(word)
    })
}

/// Renders each finding with a code frame, then the summary line (unless `summary` is `None`).
///
/// Findings are rendered in parallel, in chunks whose text is then written in order, so the
/// output is the same as a sequential run's. Wrapping breaks lines at spaces only: the default,
/// Unicode line breaking, is most of miette's cost, and it splits tenant and rule names at their
/// hyphens. Texts are wrapped here rather than by miette (see [`Indents::wrap`]), and the help of
/// a rule once for all its findings; miette wraps only the rare text that cannot be.
pub fn write(
    out: &mut dyn Write,
    findings: &[Finding],
    sources: &SourceMap,
    summary: Option<&Summary>,
    opts: HumanOptions,
) -> io::Result<()> {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let indents = Indents::of(&theme, opts.width);
    let wrapping = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(opts.width)
        .with_context_lines(1)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    let handlers = Handlers {
        unwrapped: wrapping.clone().with_wrap_lines(false),
        wrapping,
        indents,
    };
    let frames = Frames::of(findings, sources);
    let texts = rule_texts(findings, &handlers.indents);
    // Rounds of a few chunks per thread, written out before the next round renders into the
    // same buffers: memory the allocator already has, rather than the whole output's worth of
    // new pages, each faulted in and regrown several times.
    const CHUNK: usize = 256;
    let round = CHUNK * 4 * rayon::current_num_threads();
    let mut buffers: Vec<String> = Vec::new();
    for findings in findings.chunks(round) {
        let chunks = findings.len().div_ceil(CHUNK);
        if buffers.len() < chunks {
            buffers.resize_with(chunks, String::new);
        }
        buffers[..chunks]
            .par_iter_mut()
            .zip(findings.par_chunks(CHUNK))
            .try_for_each(|(text, chunk)| {
                text.clear();
                // About what a finding takes; a little under or over costs one regrowth at most.
                text.reserve(chunk.len() * 1024);
                for f in chunk {
                    render_one(&handlers, &frames, &texts[f.rule], f, text)?;
                }
                io::Result::Ok(())
            })?;
        for text in &buffers[..chunks] {
            out.write_all(text.as_bytes())?;
        }
    }
    match summary {
        Some(s) => writeln!(out, "{}", s.line()),
        None => Ok(()),
    }
}

/// The same handler twice: one that leaves texts as they are, for texts wrapped here, and one
/// that wraps them, for findings whose texts [`Indents::wrap`] cannot wrap.
struct Handlers {
    unwrapped: GraphicalReportHandler,
    wrapping: GraphicalReportHandler,
    indents: Indents,
}

fn render_one(
    handlers: &Handlers,
    frames: &Frames<'_>,
    text: &RuleText,
    f: &Finding,
    out: &mut String,
) -> io::Result<()> {
    let (handler, report) = match report(frames, text, f, Some(&handlers.indents)) {
        Some(report) => (&handlers.unwrapped, report),
        None => (
            &handlers.wrapping,
            report(frames, text, f, None).expect("texts left to miette always fit"),
        ),
    };
    handler
        .render_report(out, &report)
        .map_err(|_| io::Error::other("rendering a finding failed"))
}

/// A finding as miette renders it, its texts wrapped by `wrap` if given; `None` if one of them
/// cannot be (see [`Indents::wrap`]).
fn report<'a>(
    frames: &Frames<'_>,
    text: &'a RuleText,
    f: &'a Finding,
    wrap: Option<&Indents>,
) -> Option<Report<'a>> {
    let wrapped = |s: String, indents: fn(&Indents) -> (usize, usize)| match wrap {
        Some(w) => w.wrap_owned(s, indents(w)),
        None => Some(s),
    };
    let source = match &f.location {
        Location::Span(s) => Some(frames.source(s.file)),
        Location::Path(_) => None,
    };
    let help = match (&f.location, &text.help) {
        (Location::Path(p), Some(h)) => {
            Some(wrapped(format!("in {}: {h}", path_string(p)), |i| i.help)?.into())
        }
        (Location::Path(p), None) => {
            Some(wrapped(format!("in {}", path_string(p)), |i| i.help)?.into())
        }
        (Location::Span(_), Some(h)) => Some(match wrap {
            Some(_) => text.wrapped_help.as_deref()?.into(),
            None => h.as_str().into(),
        }),
        (Location::Span(_), None) => None,
    };
    let related = f
        .related
        .iter()
        .map(|r| {
            Some(match &r.location {
                Location::Span(s) => RelatedReport {
                    message: wrapped(r.message.clone(), |i| i.advice)?,
                    source: Some(frames.source(s.file)),
                    span: SourceSpan::from((s.start as usize, s.len())),
                },
                Location::Path(p) => RelatedReport {
                    message: wrapped(format!("{} ({})", r.message, path_string(p)), |i| i.advice)?,
                    source: None,
                    span: SourceSpan::from((0, 0)),
                },
            })
        })
        .collect::<Option<_>>()?;
    let message = match &f.tenant {
        Some(t) => format!("{} [{t}]", f.message),
        None => f.message.clone(),
    };
    let severity = f.severity;
    Some(Report {
        finding: f,
        message: match wrap {
            Some(w) => w.wrap_owned(message, w.message(severity))?.into(),
            None => message.into(),
        },
        source,
        help,
        url: text.url.as_deref(),
        code: &text.code,
        related,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A diagnostic with only the texts miette wraps.
    #[derive(Debug)]
    struct Note {
        message: String,
        help: String,
        severity: miette::Severity,
    }

    impl fmt::Display for Note {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.message)
        }
    }

    impl std::error::Error for Note {}

    impl Diagnostic for Note {
        fn severity(&self) -> Option<miette::Severity> {
            Some(self.severity)
        }
        fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
            Some(Box::new(&self.help))
        }
    }

    /// Texts that fit, that wrap, that sit at the edge of a line, and the awkward ones: wide
    /// and non-ASCII characters, runs of spaces, words wider than a line, line breaks, blanks.
    fn texts() -> Vec<String> {
        let mut texts: Vec<String> = [
            "",
            " ",
            "   ",
            "short",
            "  leading spaces",
            "trailing spaces   ",
            "two  spaces   between words",
            "Client 00042 (Zürich) has `callbak`; did you mean `callbacks`? [bench-dev]",
            "日本語のテキスト 日本語のテキスト 日本語のテキスト 日本語のテキスト 日本語",
            "tab\tinside a word and an emoji 🎉 too",
            "first line\nsecond line",
            "ends with a break\n",
            "a blank line\n\nbetween",
            "\u{1b}[31mred\u{1b}[0m text with an escape sequence",
            "\u{3000}ideographic space",
        ]
        .map(String::from)
        .into();
        texts.push("x".repeat(150));
        texts.push(format!("word {} word", "y".repeat(120)));
        // Pseudo-random words, so that line ends fall on every position a few times.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..400 {
            let mut text = String::new();
            let words = 1 + seed % 40;
            for _ in 0..words {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let len = 1 + (seed >> 33) % 14;
                text.push_str(&"abcdefghijklmnopqrstuvwxyz"[..len as usize]);
                text.push_str(if (seed >> 20).is_multiple_of(9) {
                    "  "
                } else {
                    " "
                });
            }
            texts.push(text.trim_end().to_owned());
        }
        texts
    }

    #[test]
    fn texts_wrapped_here_render_as_miette_wraps_them() {
        let severities = [
            (miette::Severity::Error, Severity::Error),
            (miette::Severity::Warning, Severity::Warning),
            (miette::Severity::Advice, Severity::Info),
        ];
        let texts = texts();
        let mut fallbacks = 0;
        for color in [false, true] {
            for width in [20, 41, 60, 80, 100, 133] {
                let theme = if color {
                    GraphicalTheme::unicode()
                } else {
                    GraphicalTheme::unicode_nocolor()
                };
                let indents = Indents::of(&theme, width);
                let wrapping = GraphicalReportHandler::new_themed(theme)
                    .with_links(false)
                    .with_width(width)
                    .with_word_separator(textwrap::WordSeparator::AsciiSpace)
                    .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
                let unwrapped = wrapping.clone().with_wrap_lines(false);
                for (i, text) in texts.iter().enumerate() {
                    let (miette_severity, severity) = severities[i % 3];
                    let help = &texts[(i * 7 + 3) % texts.len()];
                    let expected = {
                        let mut out = String::new();
                        let note = Note {
                            message: text.clone(),
                            help: help.clone(),
                            severity: miette_severity,
                        };
                        wrapping.render_report(&mut out, &note).unwrap();
                        out
                    };
                    let (Some(message), Some(help)) = (
                        indents.wrap(text, indents.message(severity)),
                        indents.wrap(help, indents.help),
                    ) else {
                        fallbacks += 1;
                        continue;
                    };
                    let mut out = String::new();
                    let note = Note {
                        message: message.into_owned(),
                        help: help.into_owned(),
                        severity: miette_severity,
                    };
                    unwrapped.render_report(&mut out, &note).unwrap();
                    assert_eq!(out, expected, "width {width}, text {text:?}");
                }
            }
        }
        // Only the blank texts and those with blank lines are left to miette.
        assert!(fallbacks < texts.len(), "{fallbacks} texts left to miette");
    }

    #[test]
    fn first_fit_agrees_with_textwrap() {
        let indents = Indents::of(&GraphicalTheme::unicode_nocolor(), 100);
        for text in texts() {
            for indent in [(4, 4), (8, 8), (4, 12), (30, 4)] {
                let Some(fast) = indents.first_fit(&text, indent.0, indent.1) else {
                    continue;
                };
                let first = " ".repeat(indent.0);
                let rest = " ".repeat(indent.1);
                let opts = textwrap::Options::new(indents.width)
                    .initial_indent(&first)
                    .subsequent_indent(&rest)
                    .word_separator(textwrap::WordSeparator::AsciiSpace)
                    .word_splitter(textwrap::WordSplitter::NoHyphenation);
                let slow: Vec<String> = textwrap::wrap(&text, opts)
                    .iter()
                    .enumerate()
                    .map(|(i, l)| l[if i == 0 { indent.0 } else { indent.1 }..].to_owned())
                    .collect();
                assert_eq!(fast, slow.join("\n"), "{text:?}");
            }
        }
    }
}
