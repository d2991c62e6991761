//! Human output through miette: a code frame at the exact line, the rule id, help and a link.
//!
//! miette's own `SourceCode` for strings rescans the text from byte 0 for every label, which turns
//! thousands of findings in a large file into seconds of work. [`LocatedSource`] answers from the
//! file's line table instead.

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

/// A source file as miette sees it, answering spans from its line table. `shown` is the file's
/// text with secret values masked (same length), which is what code frames display.
struct LocatedSource(Arc<SourceFile>, Arc<str>);

/// One masked copy of each file a finding or a related location points into, made before
/// rendering (in parallel), so that rendering threads only read it.
struct Frames<'s> {
    sources: &'s SourceMap,
    masked: std::collections::HashMap<crate::source::FileId, Arc<str>>,
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
            .map(|id| (id, Arc::from(crate::secrets::redact(&sources.get(id).text))))
            .collect();
        Frames { sources, masked }
    }

    fn source(&self, file: crate::source::FileId) -> LocatedSource {
        let f = self.sources.get(file);
        let shown = self.masked[&file].clone();
        LocatedSource(f, shown)
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
            path_string(&file.path),
            &text[from..to],
            SourceSpan::from((from, to - from)),
            from_line,
            0,
            to_line - from_line + 1,
        )))
    }
}

/// One finding as a miette diagnostic.
struct Report<'a> {
    finding: &'a Finding,
    source: Option<LocatedSource>,
    help: Option<std::borrow::Cow<'a, str>>,
    url: Option<&'a str>,
    code: &'a str,
    related: Vec<RelatedReport>,
}

/// What every finding of one rule shows the same way, worked out once per rule rather than once
/// per finding.
struct RuleText {
    code: String,
    help: Option<String>,
    url: Option<String>,
}

fn rule_texts(findings: &[Finding]) -> std::collections::HashMap<&'static str, RuleText> {
    let mut texts = std::collections::HashMap::new();
    for f in findings {
        texts.entry(f.rule).or_insert_with(|| {
            let m = meta(f);
            RuleText {
                code: match m {
                    Some(m) => format!("{}({})", f.rule, m.name),
                    None => f.rule.to_owned(),
                },
                help: m.map(|m| first_paragraph(&m.fix)),
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
        match &self.finding.tenant {
            Some(t) => write!(f, "{} [{t}]", self.finding.message),
            None => f.write_str(&self.finding.message),
        }
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

/// Renders each finding with a code frame, then the summary line (unless `summary` is `None`).
///
/// Findings are rendered in parallel, in chunks whose text is then written in order, so the
/// output is the same as a sequential run's. Wrapping breaks lines at spaces only: the default,
/// Unicode line breaking, is most of miette's cost, and it splits tenant and rule names at their
/// hyphens.
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
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(opts.width)
        .with_context_lines(1)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    let frames = Frames::of(findings, sources);
    let texts = rule_texts(findings);
    let chunks: Vec<io::Result<String>> = findings
        .par_chunks(256)
        .map(|chunk| {
            let mut text = String::new();
            for f in chunk {
                render_one(&handler, &frames, &texts[f.rule], f, &mut text)?;
            }
            Ok(text)
        })
        .collect();
    for chunk in chunks {
        out.write_all(chunk?.as_bytes())?;
    }
    match summary {
        Some(s) => writeln!(out, "{}", s.line()),
        None => Ok(()),
    }
}

fn render_one(
    handler: &GraphicalReportHandler,
    frames: &Frames<'_>,
    text: &RuleText,
    f: &Finding,
    out: &mut String,
) -> io::Result<()> {
    let source = match &f.location {
        Location::Span(s) => Some(frames.source(s.file)),
        Location::Path(_) => None,
    };
    let path_note = match &f.location {
        Location::Path(p) => Some(format!("in {}", path_string(p))),
        Location::Span(_) => None,
    };
    let related = f
        .related
        .iter()
        .map(|r| match &r.location {
            Location::Span(s) => RelatedReport {
                message: r.message.clone(),
                source: Some(frames.source(s.file)),
                span: SourceSpan::from((s.start as usize, s.len())),
            },
            Location::Path(p) => RelatedReport {
                message: format!("{} ({})", r.message, path_string(p)),
                source: None,
                span: SourceSpan::from((0, 0)),
            },
        })
        .collect();
    let help = match (path_note, &text.help) {
        (Some(p), Some(h)) => Some(format!("{p}: {h}").into()),
        (Some(p), None) => Some(p.into()),
        (None, h) => h.as_deref().map(Into::into),
    };
    let report = Report {
        finding: f,
        source,
        help,
        url: text.url.as_deref(),
        code: &text.code,
        related,
    };
    handler
        .render_report(out, &report)
        .map_err(|_| io::Error::other("rendering a finding failed"))
}
