//! `a0lint docs`: architecture pages for the estate, generated from the same model the rules
//! check, and checked for drift in CI.
//!
//! # What it writes
//!
//! Auth0's B2B architecture page is built from named includes (`_custom-domains`,
//! `_sdlc-support`, `_tenant-association`, …), each answering one design question in general
//! terms. `a0lint docs` writes that page for one estate: the same front matter and sections,
//! each answering its question with the estate's facts (which tenants exist, in which environment
//! and SDLC group, which custom domains users see, which resources one environment has and another
//! lacks, which customers warrant a tenant of their own), and saying "unanswered" with the
//! manifest field to set where neither the exports nor `a0lint.toml` know. Beside it: one page per
//! tenant (applications, APIs and grants, connections, organizations, actions, custom domains,
//! security settings, findings), a findings page, and a reference page per rule generated from
//! `rules/`. Mermaid diagrams show the estate (account → SDLC groups → tenants) and each tenant
//! (connections → applications → APIs).
//!
//! # How it is built
//!
//! The pipeline is `check` (load, validate, run the rules) → [`EstateModel`] → view models
//! ([`view`]) → Handlebars templates ([`templates`]) → Markdown pages → optional HTML ([`html`]).
//!
//! * **All logic is in Rust.** A view model is a plain serde struct holding exactly what a page
//!   prints, already sorted and counted; the templates only lay it out. The decisions a reviewer
//!   would question (what counts as drift, when a dedicated customer tenant is warranted) are
//!   functions with unit tests, not template conditionals.
//! * **Templates are data.** They are embedded with `include_str!`, named after the includes of
//!   Auth0's page, and a docs team can replace any one of them with `--templates DIR`. Strict mode
//!   makes a misspelt field an error; the escape function is Markdown-aware ([`markdown`]) rather
//!   than HTML-escaping, and headings carry explicit `{#id}` anchors because every Markdown tool
//!   slugs headings differently.
//! * **Output is stable.** Everything is sorted, nothing depends on the clock unless `--timestamp`
//!   asks, and paths are relative to the estate's folder, so two runs on the same input produce
//!   the same bytes on any machine. That is what makes `--check` (exit 1 and a unified diff when
//!   the pages are stale) usable in CI.
//! * **Output is safe.** Pages carry names, types, hosts and settings, never a whole URL or a value
//!   under a credential key; [`redact`] then removes any secret value of the exports that still
//!   reached a page. Writes stay inside the output folder, are atomic, and only replace what a
//!   previous run wrote ([`output`]).
//! * **Links are checked.** Every generated link and anchor is resolved against the generated
//!   pages ([`links`]) on every run; a template override that breaks one is reported.

pub mod html;
pub mod links;
pub mod markdown;
pub mod mermaid;
pub mod output;
pub mod redact;
pub mod templates;
pub mod view;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use handlebars::Handlebars;
use rayon::prelude::*;
use serde::Serialize;

use crate::check::{CheckOptions, CheckResult, run_check};
use crate::cli::{ExitStatus, write_atomic};
use crate::error::Error;
use crate::rules::model::EstateModel;

use view::tenant::TenantData;
use view::{Input, Linker, Site, architecture, reference};

/// One generated file: its path below the output folder (forward slashes) and its content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub content: String,
}

/// Output format of `a0lint docs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DocsFormat {
    Markdown,
    Html,
}

impl DocsFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            DocsFormat::Markdown => "markdown",
            DocsFormat::Html => "html",
        }
    }
}

/// `a0lint docs`.
#[derive(clap::Args, Debug)]
pub struct DocsArgs {
    /// Files or folders to search for exports.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Folder to write the pages to. Files a0lint did not write there are never touched.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Page format: Markdown, or static HTML rendered from it.
    #[arg(long, value_enum, default_value_t = DocsFormat::Markdown)]
    pub format: DocsFormat,
    /// Write nothing; print a unified diff and exit 1 when the pages in DIR (or the injected block)
    /// are stale.
    #[arg(long)]
    pub check: bool,
    /// Also replace the block between `<!-- a0lint:begin -->` and `<!-- a0lint:end -->` in this
    /// existing Markdown file with the architecture page's body (links point into DIR).
    #[arg(long, value_name = "FILE")]
    pub inject: Option<PathBuf>,
    /// Folder of `*.md.hbs` templates overriding the built-in ones, one by one.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Stamp each page's front matter with the generation time (`SOURCE_DATE_EPOCH` if set).
    #[arg(long, conflicts_with = "check")]
    pub timestamp: bool,
    /// The estate manifest (default: `a0lint.toml` in the first path or an ancestor).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Largest file read, in bytes; larger files are reported and skipped.
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    pub max_file_size: u64,
}

/// What generation needs besides the checked estate.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--templates DIR`.
    pub templates: Option<PathBuf>,
    /// The time stamp for the front matter (`--timestamp`).
    pub generated: Option<String>,
    /// Paths in the pages are shown relative to this folder (absolute).
    pub root: PathBuf,
    /// The folder the estate's display paths are relative to (absolute; the working directory).
    pub base: PathBuf,
    /// For `--inject`: the path from the injected file's folder to the output folder.
    pub inject_prefix: Option<String>,
}

/// The generated pages, sorted by path.
#[derive(Debug, Default)]
pub struct Generated {
    pub pages: Vec<Page>,
    /// The architecture page's body for `--inject`.
    pub block: Option<String>,
    /// Broken links and redactions, for stderr.
    pub warnings: Vec<String>,
    /// Secret values found and removed from pages (zero unless something is wrong).
    pub redacted: usize,
}

fn render<T: Serialize>(hb: &Handlebars<'_>, name: &str, view: &T) -> Result<String, Error> {
    hb.render(name, view)
        .map(|s| tidy(&s))
        .map_err(|e| Error::Usage(format!("template `{name}`: {e}")))
}

/// Generates every page for a checked estate.
pub fn generate(result: &CheckResult, opts: &Options) -> Result<Generated, Error> {
    let hb = templates::registry(opts.templates.as_deref()).map_err(Error::Usage)?;
    let model = EstateModel::build(&result.estate, result.manifest.as_ref());
    let site = Site::new(&model);
    let data: Vec<Option<TenantData>> = model
        .tenants
        .par_iter()
        .map(|f| f.tenant.map(TenantData::read))
        .collect();
    let input = Input {
        model: &model,
        findings: &result.findings,
        sources: &result.estate.sources,
        root: opts.root.clone(),
        base: opts.base.clone(),
        generated: opts.generated.clone(),
    };
    let generated = opts.generated.as_deref();

    let mut pages = Vec::new();
    let arch = architecture::build(&input, &site, &data, &Linker::from_page(view::ARCHITECTURE));
    pages.push(Page {
        path: view::ARCHITECTURE.into(),
        content: render(&hb, "architecture", &arch)?,
    });
    let tenant_pages: Vec<Result<Page, Error>> = (0..model.tenants.len())
        .into_par_iter()
        .map(|i| {
            let empty = TenantData::default();
            let v = view::tenant::build(&input, &site, i, data[i].as_ref().unwrap_or(&empty));
            Ok(Page {
                path: site.tenant_page(i).to_owned(),
                content: render(&hb, "tenant", &v)?,
            })
        })
        .collect();
    for p in tenant_pages {
        pages.push(p?);
    }
    pages.push(Page {
        path: view::FINDINGS.into(),
        content: render(&hb, "findings", &reference::findings(&input, &site))?,
    });
    let rules = reference::documented_rules(&result.findings);
    pages.push(Page {
        path: view::RULES_INDEX.into(),
        content: render(
            &hb,
            "rules-index",
            &reference::rules_index(&rules, generated),
        )?,
    });
    for meta in &rules {
        let file = if meta.user {
            input.relative(Path::new(&meta.file))
        } else {
            format!("rules/{}", meta.file)
        };
        pages.push(Page {
            path: Site::rule_page(&meta.name),
            content: render(&hb, "rule", &reference::rule(meta, file, generated))?,
        });
    }
    let mut block = match &opts.inject_prefix {
        Some(prefix) => {
            let v = architecture::build(&input, &site, &data, &Linker::with_prefix(prefix));
            Some(render(&hb, "architecture-body", &v)?)
        }
        None => None,
    };

    let mut out = Generated::default();
    let secrets = redact::Secrets::collect(&result.estate.tenants);
    let matcher = secrets.matcher();
    // Each page is scanned on its own, in parallel; the warnings keep the pages' order.
    let replaced: Vec<usize> = pages
        .par_iter_mut()
        .map(|p| redact::redact(matcher.as_ref(), &mut p.content))
        .collect();
    for (p, n) in pages.iter().zip(replaced) {
        if n > 0 {
            out.warnings.push(format!(
                "{}: {n} secret value{} from the exports reached the page and {} replaced by `[redacted]`",
                p.path,
                if n == 1 { "" } else { "s" },
                if n == 1 { "was" } else { "were" }
            ));
            out.redacted += n;
        }
    }
    if let Some(b) = &mut block {
        out.redacted += redact::redact(matcher.as_ref(), b);
    }
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    for broken in links::check(&pages) {
        out.warnings.push(broken.to_string());
    }
    out.pages = pages;
    out.block = block;
    Ok(out)
}

/// Normalises template output: no trailing spaces, no runs of blank lines, no blank lines at the
/// start, one newline at the end. Fenced code blocks are kept as they are.
pub fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut fence: Option<(char, usize)> = None;
    let mut pending_blank = false;
    for raw in s.lines() {
        let trimmed = raw.trim_start();
        let run = |c: char| trimmed.chars().take_while(|x| *x == c).count();
        if let Some((c, n)) = fence {
            out.push_str(raw);
            out.push('\n');
            if run(c) >= n && trimmed.trim_end().chars().all(|x| x == c) {
                fence = None;
            }
            continue;
        }
        let line = raw.trim_end();
        if line.is_empty() {
            pending_blank = !out.is_empty();
            continue;
        }
        if pending_blank {
            out.push('\n');
            pending_blank = false;
        }
        out.push_str(line);
        out.push('\n');
        for c in ['`', '~'] {
            if run(c) >= 3 && raw.len() - trimmed.len() <= 3 {
                fence = Some((c, run(c)));
            }
        }
    }
    out
}

/// The time stamp for `--timestamp`: `SOURCE_DATE_EPOCH` when set (reproducible builds), else
/// now; RFC 3339 in UTC.
pub fn timestamp() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    rfc3339(secs)
}

/// Seconds since the Unix epoch as an RFC 3339 UTC time.
pub fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The path from folder `from` to `to`, both absolute, with forward slashes.
pub fn relative_path(from: &Path, to: &Path) -> String {
    let a: Vec<_> = from.components().collect();
    let b: Vec<_> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

/// The folder paths in the pages are relative to: the manifest's folder, else the first path
/// searched (or the folder of the file given).
pub fn estate_root(result: &CheckResult, paths: &[PathBuf]) -> PathBuf {
    match &result.manifest {
        Some(m) => absolute(m.path.parent().unwrap_or(Path::new("."))),
        None => {
            let first = paths.first().cloned().unwrap_or_else(|| ".".into());
            if first.is_file() {
                absolute(first.parent().unwrap_or(Path::new(".")))
            } else {
                absolute(&first)
            }
        }
    }
}

/// An absolute, normalised path (symbolic links resolved when the path exists).
pub fn absolute(p: &Path) -> PathBuf {
    let p = if p.as_os_str().is_empty() {
        Path::new(".")
    } else {
        p
    };
    let abs = std::fs::canonicalize(p)
        .or_else(|_| std::path::absolute(p))
        .unwrap_or_else(|_| p.to_path_buf());
    view::normalize(&abs)
}

/// Runs `a0lint docs`.
pub fn run(args: DocsArgs) -> Result<ExitStatus, Error> {
    if args.inject.is_some() && args.format == DocsFormat::Html {
        return Err(Error::Usage(
            "--inject writes Markdown into a Markdown file; it cannot be combined with --format html"
                .into(),
        ));
    }
    let result = run_check(&CheckOptions {
        paths: args.paths.clone(),
        max_file_size: args.max_file_size,
        config: args.config.clone(),
        ..CheckOptions::default()
    })?;
    let listed = result
        .manifest
        .as_ref()
        .is_some_and(|m| !m.tenants.is_empty());
    if result.estate.tenants.is_empty() && !listed {
        let shown: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::NoExports(shown.join(", ")));
    }
    let base = std::env::current_dir().unwrap_or_default();
    let root = estate_root(&result, &args.paths);
    let inject_prefix = args.inject.as_ref().map(|file| {
        let dir = absolute(
            file.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new(".")),
        );
        relative_path(&dir, &absolute(&args.out))
    });
    let opts = Options {
        templates: args.templates.clone(),
        generated: args.timestamp.then(timestamp),
        root,
        base: absolute(&base),
        inject_prefix,
    };
    let generated = generate(&result, &opts)?;
    for w in &generated.warnings {
        eprintln!("warning: {w}");
    }
    let pages: Vec<Page> = match args.format {
        DocsFormat::Markdown => generated.pages,
        DocsFormat::Html => generated.pages.iter().map(html::page).collect(),
    };
    let shown = crate::render::path_string(&args.out);
    let mut status = ExitStatus::Success;
    if args.check {
        let mut diffs = output::check(&args.out, &pages)?;
        if let (Some(file), Some(block)) = (&args.inject, &generated.block)
            && let (_, Some(d)) = output::inject(file, block)?
        {
            diffs.push(d);
        }
        let mut stdout = std::io::stdout().lock();
        for d in &diffs {
            stdout.write_all(d.as_bytes())?;
        }
        stdout.flush()?;
        if diffs.is_empty() {
            eprintln!("docs in {shown} are up to date ({} pages)", pages.len());
        } else {
            eprintln!(
                "{} file{} stale; run `a0lint docs` with the same arguments (without --check) to update {}",
                diffs.len(),
                if diffs.len() == 1 { " is" } else { "s are" },
                if diffs.len() == 1 { "it" } else { "them" }
            );
            status = ExitStatus::Failure;
        }
    } else {
        let report = output::write(&args.out, &pages, args.format.as_str())?;
        let mut injected = String::new();
        if let (Some(file), Some(block)) = (&args.inject, &generated.block) {
            let (new, d) = output::inject(file, block)?;
            if d.is_some() {
                write_atomic(file, new.as_bytes())?;
                injected = format!(
                    "; updated the block in {}",
                    crate::render::path_string(file)
                );
            }
        }
        eprintln!(
            "wrote {} of {} pages to {shown} ({} unchanged, {} removed){injected}",
            report.written.len(),
            pages.len(),
            report.unchanged,
            report.removed.len()
        );
    }
    if result.unreadable_input {
        eprintln!(
            "error: some exports could not be read or parsed; the pages describe what could be read (see the findings page)"
        );
        status = ExitStatus::Error;
    }
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_collapses_blank_lines_outside_code() {
        let s = "\n\n# A  \n\n\n\ntext\n```mermaid\na\n\n\nb\n```\n\n\nend\n\n";
        assert_eq!(tidy(s), "# A\n\ntext\n```mermaid\na\n\n\nb\n```\n\nend\n");
    }

    #[test]
    fn timestamps_are_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn relative_paths_between_folders() {
        assert_eq!(
            relative_path(Path::new("/r"), Path::new("/r/docs/arch")),
            "docs/arch"
        );
        assert_eq!(
            relative_path(Path::new("/r/a/b"), Path::new("/r/docs")),
            "../../docs"
        );
        assert_eq!(relative_path(Path::new("/r"), Path::new("/r")), ".");
    }
}
