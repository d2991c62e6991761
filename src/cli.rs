//! Command-line interface: argument parsing and the commands. `main.rs` only maps the outcome to
//! an exit code.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::baseline;
use crate::check::{CheckOptions, run_check};
use crate::error::Error;
use crate::finding::Severity;
use crate::gate::{self, GateOptions, Workspace};
use crate::render;
use crate::rules;
use crate::suppress::Date;

/// How a run ended, mapped to the process exit code by `main`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing reached the fail threshold (exit 0).
    Success,
    /// Findings reached the fail threshold (exit 1).
    Failure,
    /// Usage error, or input that could not be read or parsed (exit 2).
    Error,
}

impl ExitStatus {
    pub fn code(self) -> i32 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "a0lint",
    version,
    about = "Lint and document Auth0 Deploy CLI tenant exports across a whole estate",
    long_about = None,
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check every Deploy CLI export found under the given paths.
    Check(CheckArgs),
    /// List the rules.
    Rules(RulesArgs),
    /// Show one rule's documentation, or scaffold a new house rule (`a0lint rule new <name>`).
    Rule(RuleArgs),
    /// Print a JSON Schema, self-contained, for editors: `tenant` (a `tenant.yaml`), `directory`
    /// (which schema each file of a directory export follows), `config` (`a0lint.toml`), `rule`
    /// (a house rule file), or a resource type such as `clients`.
    Schema {
        #[arg(default_value = "tenant")]
        which: String,
        /// Write every schema into DIR instead (tenant, config, one per directory-export file),
        /// and print VS Code's `json.schemas` setting for the directory export's files.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
    /// Write architecture pages for the estate (Markdown or HTML), or check them for drift.
    Docs(crate::docs::DocsArgs),
    /// Run the language server on standard input and output (for editors).
    #[cfg(feature = "lsp")]
    Lsp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or folders to search for exports.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = render::Format::Human)]
    pub format: render::Format,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Lowest severity that makes the run fail (exit 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Largest file read, in bytes; larger files are reported and skipped.
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    pub max_file_size: u64,
    /// When to use colour in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// The estate manifest (default: `a0lint.toml` in the first path or an ancestor).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Run only these rules: ids (`SDLC-001`), id prefixes (`SDLC`), names or categories.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Skip these rules: ids, id prefixes, names or categories.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Suppressions file (default: `.a0lint/suppressions.toml` in the working directory or a
    /// folder above it, inside the repository).
    #[arg(long, value_name = "FILE")]
    pub suppressions: Option<PathBuf>,
    /// Report only findings that are not in this baseline, and its entries that match nothing.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// With --baseline: remove the entries that match nothing from the file instead of
    /// reporting them.
    #[arg(long, requires = "baseline")]
    pub prune_baseline: bool,
    /// Record today's findings in FILE as the baseline, and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Count findings per rule instead of listing them.
    #[arg(long)]
    pub statistics: bool,
    /// Exit 0 even when findings reach --fail-on or --max-warnings (unreadable input still
    /// exits 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Fail (exit 1) when there are more than N warnings.
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,
    /// Print the findings only: no summary line and no notes.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: Option<RulesCommand>,
    /// Only rules of this category.
    #[arg(long)]
    pub category: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// Run every rule's documented examples (built-in and the team's own) and fail when one
    /// does not behave as its docs say.
    Test {
        /// Where to look for `a0lint.toml` and the user rule folder.
        #[arg(default_value = ".")]
        path: PathBuf,
    },
}

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RuleArgs {
    #[command(subcommand)]
    pub command: Option<RuleCommand>,
    /// Rule id (`INPUT-001`) or name (`yaml-syntax-error`).
    pub rule: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum RuleCommand {
    /// Write a new declarative rule file with a failing and a passing example.
    New {
        /// The rule's kebab-case name (`api-rs256-short-tokens`).
        name: String,
        /// The folder to write it to (default: the manifest's `user-rules`, else `.a0lint/rules`).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

/// Runs a parsed command line, in a process that exits afterwards: `check` leaves its estate to
/// the OS rather than freeing it.
pub fn run(cli: Cli) -> Result<ExitStatus, Error> {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(RulesArgs {
            command: Some(RulesCommand::Test { path }),
            ..
        }) => test_rules(&path),
        Command::Rules(args) => list_rules(args),
        Command::Rule(RuleArgs {
            command: Some(RuleCommand::New { name, dir }),
            ..
        }) => new_rule(&name, dir.as_deref()),
        Command::Rule(RuleArgs {
            rule: Some(rule), ..
        }) => show_rule(&rule),
        Command::Rule(_) => Err(Error::Usage(
            "name a rule (`a0lint rule SDLC-001`) or scaffold one (`a0lint rule new <name>`)"
                .into(),
        )),
        Command::Docs(args) => crate::docs::run(args),
        Command::Schema { which, out_dir } => match out_dir {
            Some(dir) => write_schemas(&dir),
            None => schema(&which),
        },
        #[cfg(feature = "lsp")]
        Command::Lsp => {
            crate::lsp::run_stdio().map_err(|e| Error::Internal(e.to_string()))?;
            Ok(ExitStatus::Success)
        }
    }
}

fn check(args: CheckArgs) -> Result<ExitStatus, Error> {
    let opts = CheckOptions {
        paths: args.paths.clone(),
        max_file_size: args.max_file_size,
        config: args.config.clone(),
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        extra_rules: Vec::new(),
    };
    let started = std::time::Instant::now();
    let lap = |what: &str| crate::timing::report(format_args!("{what} done at"), started.elapsed());
    let mut result = run_check(&opts)?;
    lap("check");
    if result.estate.tenants.is_empty() && result.findings.is_empty() {
        let shown: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::NoExports(shown.join(", ")));
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let ws = Workspace::discover(&args.paths)?;
    let gate_opts = GateOptions {
        suppressions: args.suppressions.clone(),
        baseline: args.baseline.clone(),
        prune_baseline: args.prune_baseline,
        today: Date::today()?,
    };
    let gated = gate::apply(&mut result, &ws, &gate_opts)?;
    lap("gate");
    if let Some(path) = &args.write_baseline {
        let n = baseline::write(path, &gated.findings, &gated.identities)?;
        if !args.quiet {
            eprintln!(
                "a0lint: recorded {n} findings in {}; check against it with `--baseline {}`",
                path.display(),
                path.display()
            );
        }
        return Ok(if result.unreadable_input {
            ExitStatus::Error
        } else {
            ExitStatus::Success
        });
    }
    if gated.pruned > 0 && !args.quiet {
        eprintln!(
            "a0lint: removed {} stale entries from the baseline",
            gated.pruned
        );
    }
    let report = render::Report {
        findings: &gated.findings,
        identities: &gated.identities,
        sources: &result.estate.sources,
        tenants: &result.estate.tenants,
        summary: gated.summary,
        workspace: &ws,
        complete: !result.unreadable_input,
    };
    let render_opts = render::RenderOptions {
        color,
        width: 100,
        quiet: args.quiet,
        statistics: args.statistics,
    };
    let mut buf: Vec<u8> = Vec::new();
    render::write(args.format, &mut buf, &report, &render_opts)?;
    lap("render");
    match &args.output {
        Some(path) => write_atomic(path, &buf)?,
        None => {
            let mut out = io::stdout().lock();
            out.write_all(&buf)?;
            out.flush()?;
        }
    }
    lap("write");
    if args.format == render::Format::Github
        && let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
    {
        let path = PathBuf::from(path);
        render::github::append_step_summary(&path, &report, &render::github::Links::from_env())
            .map_err(|e| Error::Output(path.clone(), e.to_string()))?;
    }
    if result.unreadable_input {
        return Ok(ExitStatus::Error);
    }
    let failed = args
        .fail_on
        .threshold()
        .is_some_and(|t| gated.findings.iter().any(|f| f.severity >= t));
    let too_many = args.max_warnings.filter(|&n| gated.summary.warnings > n);
    if let Some(n) = too_many
        && !args.quiet
    {
        eprintln!(
            "a0lint: {} warnings, more than --max-warnings {n}",
            gated.summary.warnings
        );
    }
    let status = if (failed || too_many.is_some()) && !args.exit_zero {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    };
    // The process exits next, and the OS takes back its memory at once; freeing the estate's
    // millions of nodes one by one first cost 30-50 ms of a 100-tenant check.
    std::mem::forget(gated);
    std::mem::forget(result);
    Ok(status)
}

/// Writes `data` to `path` through a temporary file in the same folder and a rename, so a reader
/// never sees half a report and an interrupted run never leaves the old file truncated.
pub fn write_atomic(path: &Path, data: &[u8]) -> Result<(), Error> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| Error::Output(path.to_path_buf(), "not a file path".into()))?;
    let tmp = dir.join(format!(
        ".{}.a0lint-{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| -> io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(data)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::Output(path.to_path_buf(), e.to_string()));
    }
    Ok(())
}

fn list_rules(args: RulesArgs) -> Result<ExitStatus, Error> {
    let rules: Vec<&rules::RuleMeta> = rules::all()
        .iter()
        .filter(|r| args.category.as_deref().is_none_or(|c| r.category == c))
        .collect();
    if let Some(c) = &args.category
        && !rules::CATEGORIES.contains(&c.as_str())
    {
        return Err(Error::Usage(format!(
            "unknown category `{c}`; categories are: {}",
            rules::CATEGORIES.join(", ")
        )));
    }
    let mut out = io::stdout().lock();
    match args.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &rules)?;
            writeln!(out)?;
        }
        OutputFormat::Human => {
            let w_id = rules.iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
            let w_name = rules.iter().map(|r| r.name.len()).max().unwrap_or(4).max(4);
            let w_cat = rules
                .iter()
                .map(|r| r.category.len())
                .max()
                .unwrap_or(8)
                .max(8);
            writeln!(
                out,
                "{:w_id$}  {:w_name$}  {:w_cat$}  {:8}  SUMMARY",
                "ID", "NAME", "CATEGORY", "SEVERITY"
            )?;
            for r in &rules {
                writeln!(
                    out,
                    "{:w_id$}  {:w_name$}  {:w_cat$}  {:8}  {}",
                    r.id,
                    r.name,
                    r.category,
                    r.severity.as_str(),
                    r.summary
                )?;
            }
        }
    }
    Ok(ExitStatus::Success)
}

fn show_rule(id: &str) -> Result<ExitStatus, Error> {
    let Some(r) = rules::lookup(id) else {
        return Err(Error::Usage(format!(
            "no rule `{id}`; `a0lint rules` lists them"
        )));
    };
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} {} ({}, {} by default)\n",
        r.id, r.name, r.category, r.severity
    )?;
    writeln!(out, "{}\n", r.summary)?;
    writeln!(out, "Why it matters\n\n{}\n", r.rationale.trim())?;
    writeln!(out, "How to fix\n\n{}\n", r.fix.trim())?;
    writeln!(out, "Fails:\n\n{}\n", indent(r.examples.fail.trim_end()))?;
    writeln!(out, "Passes:\n\n{}\n", indent(r.examples.pass.trim_end()))?;
    for link in &r.references {
        writeln!(out, "See: {link}")?;
    }
    writeln!(out, "Docs: {}", r.url())?;
    Ok(ExitStatus::Success)
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn schema(which: &str) -> Result<ExitStatus, Error> {
    if which == "rule" {
        out_text(include_str!("../schemas/rule.schema.json"))?;
        return Ok(ExitStatus::Success);
    }
    let doc = match which {
        "config" | "manifest" => serde_json::from_str(crate::schema::MANIFEST_SCHEMA)?,
        "directory" => directory_mapping(None),
        "tenant" | "yaml" => bundled("tenant-export")?,
        other => bundled(other).map_err(|_| {
            Error::Usage(format!(
                "no schema `{which}`; use `tenant`, `directory`, `config`, `rule` or a resource type such as `clients`"
            ))
        })?,
    };
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &doc)?;
    writeln!(out)?;
    Ok(ExitStatus::Success)
}

fn bundled(key: &str) -> Result<serde_json::Value, Error> {
    crate::schema::bundled(key).ok_or_else(|| Error::Usage(format!("no schema `{key}`")))
}

/// VS Code's `json.schemas` entries for the files of a directory export: each glob with the
/// schema's `$id`, or with its file in `dir` when the schemas were written there.
fn directory_mapping(dir: Option<&Path>) -> serde_json::Value {
    let entries: Vec<serde_json::Value> = crate::schema::directory_files()
        .into_iter()
        .map(|(globs, key)| {
            let file_match: Vec<String> = globs
                .iter()
                .map(|g| match g.strip_prefix('!') {
                    Some(rest) => format!("!**/{rest}"),
                    None => format!("**/{g}"),
                })
                .collect();
            let url = match dir {
                Some(d) => {
                    let file = render::path_string(&d.join(format!("{key}.schema.json")));
                    if d.is_absolute() {
                        file
                    } else {
                        format!("./{file}")
                    }
                }
                None => crate::schema::schema_id(&key),
            };
            serde_json::json!({ "fileMatch": file_match, "url": url })
        })
        .collect();
    serde_json::Value::Array(entries)
}

/// `a0lint schema --out-dir DIR`: every schema an editor needs, bundled, as files.
fn write_schemas(dir: &Path) -> Result<ExitStatus, Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::Output(dir.to_path_buf(), e.to_string()))?;
    let pretty = |v: &serde_json::Value| -> Result<Vec<u8>, Error> {
        let mut buf = serde_json::to_vec_pretty(v)?;
        buf.push(b'\n');
        Ok(buf)
    };
    write_atomic(
        &dir.join("tenant-export.schema.json"),
        &pretty(&bundled("tenant-export")?)?,
    )?;
    write_atomic(
        &dir.join("a0lint.schema.json"),
        crate::schema::MANIFEST_SCHEMA.as_bytes(),
    )?;
    for (_, key) in crate::schema::directory_files() {
        write_atomic(
            &dir.join(format!("{key}.schema.json")),
            &pretty(&bundled(&key)?)?,
        )?;
    }
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &directory_mapping(Some(dir)))?;
    writeln!(out)?;
    Ok(ExitStatus::Success)
}

/// The user rule folder for `path`: the manifest's `user-rules`, else `.a0lint/rules` beside the
/// manifest or in `path`.
fn user_rule_dir(path: &Path) -> PathBuf {
    let found = crate::manifest::Manifest::find(path, None);
    let manifest = found
        .as_deref()
        .and_then(|p| crate::manifest::PendingManifest::read(p).ok())
        .and_then(|p| p.user_rules().map(str::to_owned));
    match found {
        Some(m) => m
            .parent()
            .unwrap_or(Path::new("."))
            .join(manifest.as_deref().unwrap_or(rules::user::DEFAULT_DIR)),
        None => path.join(rules::user::DEFAULT_DIR),
    }
}

fn new_rule(name: &str, dir: Option<&Path>) -> Result<ExitStatus, Error> {
    let valid = !name.is_empty()
        && name.split('-').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if !valid {
        return Err(Error::Usage(format!(
            "rule names are kebab-case (`api-rs256-short-tokens`), not `{name}`"
        )));
    }
    let dir = dir
        .map(Path::to_path_buf)
        .unwrap_or_else(|| user_rule_dir(Path::new(".")));
    let path = dir.join(format!("{name}.toml"));
    if path.exists() {
        return Err(Error::Usage(format!("{} already exists", path.display())));
    }
    std::fs::create_dir_all(&dir)?;
    write_atomic(&path, rules::user::scaffold(name).as_bytes())?;
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "wrote {}: edit it, then run `a0lint rules test`",
        path.display()
    )?;
    Ok(ExitStatus::Success)
}

fn test_rules(path: &Path) -> Result<ExitStatus, Error> {
    let sources = crate::source::SourceMap::new();
    let base = std::env::current_dir().unwrap_or_default();
    let dir = user_rule_dir(path);
    let (user, problems) = rules::user::load_dir(&dir, &sources, &base);
    let mut out = io::stdout().lock();
    for p in &problems {
        let r = crate::finding::Resolved::of(&p.location, &sources);
        writeln!(
            out,
            "{}:{}:{}: {}",
            r.path.display(),
            r.line,
            r.column,
            p.message
        )?;
    }
    let (mut passed, mut failed, mut skipped) = (0, problems.len(), 0);
    for meta in rules::all().iter().chain(user.iter().copied()) {
        match rules::examples::run(meta) {
            rules::examples::Outcome::Passed => passed += 1,
            rules::examples::Outcome::Skipped => skipped += 1,
            rules::examples::Outcome::Failed(why) => {
                failed += 1;
                writeln!(
                    out,
                    "FAILED {} {} ({}): {why}",
                    meta.id, meta.name, meta.file
                )?;
            }
        }
    }
    writeln!(
        out,
        "rules: {passed} passed, {failed} failed, {skipped} skipped"
    )?;
    Ok(if failed > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn out_text(text: &str) -> Result<(), Error> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    Ok(())
}
