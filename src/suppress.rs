//! Suppressions: silencing a finding on purpose, with a written reason that can expire.
//!
//! A linter that cannot be told "we know, and here is why" gets switched off. A linter that can be
//! told so silently gets its warnings buried under waivers nobody remembers. The peers show both
//! failures (Spectral has no inline disables at all; most tools accept waivers without a reason,
//! none lets one expire), and exports add a twist of their own: `a0deploy export` rewrites every
//! file and drops every comment, so a waiver written into the export does not survive the next
//! export. Hence two kinds of suppression, both checked as strictly as the findings they hide:
//!
//! * **A suppressions file** (`.a0lint/suppressions.toml`, or `--suppressions FILE`), kept beside
//!   the exports rather than in them. Each `[[suppress]]` entry names a rule (id or name), a
//!   tenant glob and a semantic-path glob (the same path fingerprints are made from, see
//!   [`crate::fingerprint`]), a required `reason`, and optionally `expires` (a date) and `owner`.
//!   `*` in a glob matches any run of characters and `?` one; a path pattern also matches
//!   everything below what it names, so `clients[Legacy*]` covers every finding inside those
//!   clients. The file is read with `toml`'s spanned parser and registered in the run's
//!   [`SourceMap`](crate::source::SourceMap), so every problem with an entry is a finding that points at the entry.
//! * **Inline comments** for hand-written YAML: `# a0lint: ignore[RULE, …] reason`, at the end of
//!   the flagged line or alone on the line above it.
//!
//! Nothing is silenced quietly. An entry or comment without a reason, with a date that is not a
//! date, or naming no rule is invalid (`SUPPRESS-003`, an error) and suppresses nothing. An entry
//! past its `expires` date stops suppressing and is reported (`SUPPRESS-001`); the date is the
//! last day it applies, compared with today's date in UTC (`A0LINT_TODAY=YYYY-MM-DD` overrides
//! it, for tests and for checking what will expire). An entry or a comment's rule that silenced
//! nothing is reported as unused (`SUPPRESS-002`, as Ruff's RUF100 does), unless its tenant glob
//! matches none of the tenants of this run: checking one tenant must not call the others'
//! entries unused. The findings about suppressions cannot themselves be suppressed.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::Error;
use crate::estate::Estate;
use crate::finding::{Finding, Location, Resolved, Severity};
use crate::fingerprint::{Identity, Segment};
use crate::gate::Workspace;
use crate::rules;
use crate::source::{FileId, Span};

/// The rules this module raises.
pub mod ids {
    pub const EXPIRED: &str = "SUPPRESS-001";
    pub const UNUSED: &str = "SUPPRESS-002";
    pub const INVALID: &str = "SUPPRESS-003";
}

/// Where the suppressions file is looked for, relative to the working directory (and then to
/// each folder above it, up to the repository root).
pub const DEFAULT_FILE: &str = ".a0lint/suppressions.toml";

/// A calendar date (proleptic Gregorian), enough for expiry dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`, rejecting days that do not exist (`2025-02-29`).
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let date = Date {
            year: digits(0..4)? as i32,
            month: digits(5..7)?,
            day: digits(8..10)?,
        };
        (date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= date.month_len())
            .then_some(date)
    }

    fn month_len(&self) -> u32 {
        match self.month {
            4 | 6 | 9 | 11 => 30,
            2 if (self.year % 4 == 0 && self.year % 100 != 0) || self.year % 400 == 0 => 29,
            2 => 28,
            _ => 31,
        }
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    pub fn from_unix_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Today's date in UTC, or the date in `A0LINT_TODAY`.
    pub fn today() -> Result<Date, Error> {
        if let Some(v) = std::env::var_os("A0LINT_TODAY") {
            let v = v.to_string_lossy();
            return Date::parse(&v).ok_or_else(|| {
                Error::Usage(format!(
                    "A0LINT_TODAY is `{v}`, not a date in the form YYYY-MM-DD"
                ))
            });
        }
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Ok(Date::from_unix_days(secs.div_euclid(86_400)))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Whole-string wildcard match: `*` is any run of characters, `?` one character.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// A semantic-path pattern matches the path itself or anything below it: `clients[A]` matches
/// `clients[A]/callbacks/0`, and `clients` matches `clients[A]`.
pub fn path_match(pattern: &str, path: &str) -> bool {
    if glob_match(pattern, path) {
        return true;
    }
    path.char_indices()
        .filter(|&(i, c)| i > 0 && (c == '/' || c == '['))
        .any(|(i, _)| glob_match(pattern, &path[..i]))
}

/// One `[[suppress]]` entry that parsed.
#[derive(Debug)]
struct Entry {
    rule: &'static str,
    tenant: String,
    path: String,
    expires: Option<Date>,
    owner: Option<String>,
    /// The `[[suppress]]` header.
    at: Span,
    /// The `expires` value.
    expires_at: Option<Span>,
}

impl Entry {
    fn describe(&self) -> String {
        format!(
            "`{}` for tenant `{}` at `{}`",
            self.rule, self.tenant, self.path
        )
    }

    fn matches(&self, f: &Finding, id: &Identity) -> bool {
        self.rule == f.rule
            && match &f.tenant {
                Some(t) => glob_match(&self.tenant, t),
                None => self.tenant == "*",
            }
            && path_match(&self.path, &id.path)
    }
}

/// One inline `# a0lint: ignore[…] reason` comment that parsed.
#[derive(Debug)]
struct Inline {
    file: FileId,
    /// 1-based line of the comment.
    line: usize,
    /// The comment is alone on its line, so it also covers the next line.
    alone: bool,
    rules: Vec<&'static str>,
    at: Span,
    tenant: Option<String>,
}

/// Every suppression of a run, with the problems found in them.
#[derive(Debug, Default)]
pub struct Suppressions {
    /// The suppressions file, when there is one.
    pub file: Option<PathBuf>,
    entries: Vec<Entry>,
    inline: HashMap<FileId, Vec<Inline>>,
    /// `SUPPRESS-003` findings, each with its identity.
    problems: Vec<(Finding, Identity)>,
}

/// What applying the suppressions did.
#[derive(Debug, Default)]
pub struct Applied {
    /// For each finding given, whether it is suppressed.
    pub suppressed: Vec<bool>,
    /// Findings about the suppressions themselves (invalid, expired, unused), with identities.
    pub findings: Vec<(Finding, Identity)>,
}

impl Applied {
    pub fn count(&self) -> usize {
        self.suppressed.iter().filter(|s| **s).count()
    }
}

/// Finds the suppressions file: the one given, else [`DEFAULT_FILE`] in the working directory or
/// a folder above it, inside the repository.
pub fn locate(explicit: Option<&Path>, ws: &Workspace) -> Result<Option<PathBuf>, Error> {
    if let Some(p) = explicit {
        if !p.is_file() {
            return Err(Error::Usage(format!(
                "no suppressions file at {}; create one with `[[suppress]]` entries (see README, \"Using a0lint in CI\")",
                p.display()
            )));
        }
        return Ok(Some(p.to_path_buf()));
    }
    let mut dir = ws.cwd.as_path();
    loop {
        let candidate = dir.join(DEFAULT_FILE);
        if candidate.is_file() {
            return Ok(Some(
                crate::source::display_path(&candidate, &ws.cwd).to_path_buf(),
            ));
        }
        if dir == ws.root {
            return Ok(None);
        }
        match dir.parent() {
            Some(p) if p.starts_with(&ws.root) => dir = p,
            _ => return Ok(None),
        }
    }
}

impl Suppressions {
    /// Reads the suppressions file (if any) and every inline comment in the estate's YAML files.
    pub fn load(file: Option<&Path>, estate: &Estate, ws: &Workspace) -> Result<Self, Error> {
        let mut s = Suppressions::default();
        if let Some(path) = file {
            let text = std::fs::read_to_string(path).map_err(|e| {
                Error::Usage(format!(
                    "cannot read the suppressions file {}: {e}",
                    path.display()
                ))
            })?;
            let source = estate.sources.add(path, text);
            s.file = Some(path.to_path_buf());
            s.read_file(source.id, &source.text, ws.stable_path(path));
        }
        s.scan_inline(estate);
        Ok(s)
    }

    fn invalid(&mut self, at: Span, key: String, message: String) {
        let f = Finding::at(ids::INVALID, Severity::Error, at, message);
        let id = Identity::new(ids::INVALID, None, &[Segment::File(key)]);
        self.problems.push((f, id));
    }

    fn read_file(&mut self, file: FileId, text: &str, shown: String) {
        let span = |r: std::ops::Range<usize>| Span::new(file, r.start, r.end);
        let doc = match DeTable::parse(text) {
            Ok(doc) => doc,
            Err(e) => {
                let at = e.span().map(span).unwrap_or(Span::file_start(file));
                self.invalid(
                    at,
                    format!("{shown}#syntax"),
                    format!(
                        "the suppressions file is not valid TOML ({}), so none of its entries suppresses anything",
                        e.message().trim_end_matches('.')
                    ),
                );
                return;
            }
        };
        for (key, value) in doc.get_ref().iter() {
            if key.get_ref() != "suppress" {
                self.invalid(
                    span(key.span()),
                    format!("{shown}#{}", key.get_ref()),
                    format!(
                        "unknown key `{}` in the suppressions file: it holds only `[[suppress]]` entries",
                        key.get_ref()
                    ),
                );
                continue;
            }
            let DeValue::Array(items) = value.get_ref() else {
                self.invalid(
                    span(value.span()),
                    format!("{shown}#suppress"),
                    "`suppress` must be an array of tables: write each entry as a `[[suppress]]` table".into(),
                );
                continue;
            };
            for (n, item) in items.iter().enumerate() {
                self.read_entry(file, &shown, n, item);
            }
        }
    }

    fn read_entry(&mut self, file: FileId, shown: &str, n: usize, item: &Spanned<DeValue<'_>>) {
        let span = |r: std::ops::Range<usize>| Span::new(file, r.start, r.end);
        let at = span(item.span());
        let key = format!("{shown}#suppress[{n}]");
        let DeValue::Table(table) = item.get_ref() else {
            self.invalid(
                at,
                key,
                "each `suppress` entry must be a table with `rule`, `reason` and optionally `tenant`, `path`, `expires` and `owner`".into(),
            );
            return;
        };
        let mut problems: Vec<(Span, String)> = Vec::new();
        let mut text_of = |name: &str| -> Option<(String, Span)> {
            let (_, v) = table.iter().find(|(k, _)| k.get_ref() == name)?;
            match v.get_ref() {
                DeValue::String(s) => Some((s.to_string(), span(v.span()))),
                DeValue::Datetime(d) if name == "expires" => Some((d.to_string(), span(v.span()))),
                _ => {
                    problems.push((span(v.span()), format!("`{name}` must be a string")));
                    None
                }
            }
        };
        let rule = text_of("rule");
        let tenant = text_of("tenant");
        let path = text_of("path");
        let reason = text_of("reason");
        let expires = text_of("expires");
        let owner = text_of("owner");
        const KEYS: &[&str] = &["rule", "tenant", "path", "reason", "expires", "owner"];
        for (k, _) in table.iter() {
            if !KEYS.contains(&k.get_ref().as_ref()) {
                problems.push((
                    span(k.span()),
                    format!(
                        "unknown key `{}` (an entry has `rule`, `tenant`, `path`, `reason`, `expires` and `owner`)",
                        k.get_ref()
                    ),
                ));
            }
        }
        let rule_meta = match &rule {
            None => {
                problems.push((at, "the entry names no `rule`: add `rule = \"<id or name>\"` (`a0lint rules` lists them)".into()));
                None
            }
            Some((r, rs)) => match rules::lookup(r) {
                Some(m) => Some(m),
                None => {
                    problems.push((
                        *rs,
                        format!(
                            "`rule` names no a0lint rule: `{}`; `a0lint rules` lists them",
                            shorten(r)
                        ),
                    ));
                    None
                }
            },
        };
        match &reason {
            Some((r, _)) if !r.trim().is_empty() => {}
            Some((_, rs)) => problems.push((*rs, "the `reason` is empty: say why the finding is acceptable, so the next reader can judge whether it still is".into())),
            None => problems.push((at, "the entry has no `reason`: every suppression must say why the finding is acceptable (`reason = \"…\"`)".into())),
        }
        let expiry = match &expires {
            None => None,
            Some((e, es)) => match Date::parse(e) {
                Some(d) => Some((d, *es)),
                None => {
                    problems.push((
                        *es,
                        format!(
                            "`expires` is `{}`, not a date in the form YYYY-MM-DD",
                            shorten(e)
                        ),
                    ));
                    None
                }
            },
        };
        if !problems.is_empty() {
            let what = match &rule_meta {
                Some(m) => format!("suppression of `{}`", m.id),
                None => "suppression".to_owned(),
            };
            for (i, (pat, msg)) in problems.into_iter().enumerate() {
                self.invalid(
                    pat,
                    format!("{key}#{i}"),
                    format!("{msg}; this {what} suppresses nothing until it is fixed"),
                );
            }
            return;
        }
        let Some(meta) = rule_meta else { return };
        self.entries.push(Entry {
            rule: rules_id(meta),
            tenant: tenant.map(|t| t.0).unwrap_or_else(|| "*".into()),
            path: path.map(|p| p.0).unwrap_or_else(|| "*".into()),
            expires: expiry.map(|e| e.0),
            owner: owner.map(|o| o.0).filter(|o| !o.trim().is_empty()),
            at,
            expires_at: expiry.map(|e| e.1),
        });
    }

    fn scan_inline(&mut self, estate: &Estate) {
        static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?m)(?:^|[ \t])#[ \t]*a0lint:[ \t]*ignore(?P<rules>\[[^\]\r\n]*\]?)?(?P<reason>[^\r\n]*)")
                .expect("valid regex")
        });
        let owner: HashMap<FileId, &str> = estate
            .tenants
            .iter()
            .flat_map(|t| t.files.iter().map(move |f| (*f, t.name.as_str())))
            .collect();
        for file in estate.sources.files() {
            let is_yaml = file
                .path
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml");
            if !is_yaml || !file.text.contains("a0lint:") {
                continue;
            }
            for caps in DIRECTIVE.captures_iter(&file.text) {
                let whole = caps.get(0).expect("match");
                let hash = whole.start() + whole.as_str().find('#').unwrap_or(0);
                let at = Span::new(file.id, hash, whole.end());
                let lc = file.line_col(hash);
                let alone = file.line_text(lc.line)[..lc.column - 1].trim().is_empty();
                let tenant = owner.get(&file.id).map(|t| (*t).to_owned());
                let key = format!("{}:{}", file.path.display(), lc.line);
                let reason = caps.name("reason").map(|m| m.as_str().trim()).unwrap_or("");
                let Some(list) = caps.name("rules").map(|m| m.as_str()) else {
                    self.invalid(at, key, "`# a0lint: ignore` must name the rules it silences, as in `# a0lint: ignore[SCHEMA-001] reason`; it suppresses nothing".into());
                    continue;
                };
                let Some(list) = list.strip_prefix('[').and_then(|l| l.strip_suffix(']')) else {
                    self.invalid(at, key, "the rule list of `# a0lint: ignore[…]` is not closed with `]`; it suppresses nothing".into());
                    continue;
                };
                let mut rules_found = Vec::new();
                let mut bad = Vec::new();
                for token in list.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                    match rules::lookup(token) {
                        Some(m) => rules_found.push(rules_id(m)),
                        None => bad.push(format!("`{}`", shorten(token))),
                    }
                }
                if !bad.is_empty() {
                    self.invalid(at, key, format!("`# a0lint: ignore[…]` names no a0lint rule: {}; `a0lint rules` lists them. The comment suppresses nothing until it is fixed", bad.join(", ")));
                    continue;
                }
                if rules_found.is_empty() {
                    self.invalid(at, key, "`# a0lint: ignore[]` names no rule; name the rules it silences, as in `# a0lint: ignore[SCHEMA-001] reason`".into());
                    continue;
                }
                if reason.is_empty() {
                    self.invalid(at, key, format!("`# a0lint: ignore[{}]` has no reason: write why after the `]`, as in `# a0lint: ignore[{}] kept for the legacy app until it is retired`; it suppresses nothing until then", rules_found.join(", "), rules_found[0]));
                    continue;
                }
                self.inline.entry(file.id).or_default().push(Inline {
                    file: file.id,
                    line: lc.line,
                    alone,
                    rules: rules_found,
                    at,
                    tenant,
                });
            }
        }
    }

    /// Decides which findings are suppressed, and reports expired, unused and invalid
    /// suppressions. `ids` are the findings' identities, in the same order.
    pub fn apply(
        &self,
        findings: &[Finding],
        ids: &[Identity],
        estate: &Estate,
        today: Date,
    ) -> Applied {
        let live: Vec<bool> = self
            .entries
            .iter()
            .map(|e| e.expires.is_none_or(|d| today <= d))
            .collect();
        let mut entry_used = vec![false; self.entries.len()];
        let mut inline_used: HashMap<(FileId, usize), Vec<bool>> = HashMap::new();
        let mut suppressed = vec![false; findings.len()];
        for (i, (f, id)) in findings.iter().zip(ids).enumerate() {
            if f.rule.starts_with("SUPPRESS-") {
                continue;
            }
            for (e, entry) in self.entries.iter().enumerate() {
                if live[e] && entry.matches(f, id) {
                    entry_used[e] = true;
                    suppressed[i] = true;
                }
            }
            let Location::Span(span) = &f.location else {
                continue;
            };
            let Some(comments) = self.inline.get(&span.file) else {
                continue;
            };
            let line = Resolved::of(&f.location, &estate.sources).line;
            for (c, comment) in comments.iter().enumerate() {
                let covers = comment.line == line || (comment.alone && comment.line + 1 == line);
                if !covers {
                    continue;
                }
                for (r, rule) in comment.rules.iter().enumerate() {
                    if *rule == f.rule {
                        suppressed[i] = true;
                        inline_used
                            .entry((comment.file, c))
                            .or_insert_with(|| vec![false; comment.rules.len()])[r] = true;
                    }
                }
            }
        }
        let mut out: Vec<(Finding, Identity)> = self.problems.clone();
        let tenants: Vec<&str> = estate.tenants.iter().map(|t| t.name.as_str()).collect();
        let shown = self
            .file
            .as_deref()
            .map(crate::render::path_string)
            .unwrap_or_default();
        for (e, entry) in self.entries.iter().enumerate() {
            let key = format!("{shown}#{}|{}|{}", entry.rule, entry.tenant, entry.path);
            if !live[e] {
                let expired = entry.expires.expect("only dated entries expire");
                let owner = entry
                    .owner
                    .as_deref()
                    .map(|o| format!("; owner: {o}"))
                    .unwrap_or_default();
                let f = Finding::at(
                    ids::EXPIRED,
                    Severity::Warning,
                    entry.expires_at.unwrap_or(entry.at),
                    format!(
                        "the suppression of {} expired on {expired}, so the findings it covered are reported again{owner}",
                        entry.describe()
                    ),
                );
                out.push((f, Identity::new(ids::EXPIRED, None, &[Segment::File(key)])));
            } else if !entry_used[e] && tenants.iter().any(|t| glob_match(&entry.tenant, t)) {
                let f = Finding::at(
                    ids::UNUSED,
                    Severity::Info,
                    entry.at,
                    format!(
                        "the suppression of {} matches no finding; remove it",
                        entry.describe()
                    ),
                );
                out.push((f, Identity::new(ids::UNUSED, None, &[Segment::File(key)])));
            }
        }
        for comments in self.inline.values() {
            for (c, comment) in comments.iter().enumerate() {
                let used = inline_used.get(&(comment.file, c));
                let unused: Vec<&str> = comment
                    .rules
                    .iter()
                    .enumerate()
                    .filter(|(r, _)| used.is_none_or(|u| !u[*r]))
                    .map(|(_, rule)| *rule)
                    .collect();
                if unused.is_empty() {
                    continue;
                }
                let which = unused
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let where_ = if comment.alone {
                    "on this line or the next"
                } else {
                    "on this line"
                };
                let mut f = Finding::at(
                    ids::UNUSED,
                    Severity::Info,
                    comment.at,
                    format!(
                        "`# a0lint: ignore[…]` silences {which}, but no such finding is {where_}; remove {}",
                        if unused.len() == comment.rules.len() {
                            "the comment"
                        } else {
                            "those rules from it"
                        }
                    ),
                );
                f.tenant = comment.tenant.clone();
                let path = estate.sources.path_of(comment.file);
                let key = format!(
                    "{}#ignore[{}]",
                    crate::render::path_string(&path),
                    unused.join(",")
                );
                let id = Identity::new(ids::UNUSED, f.tenant.as_deref(), &[Segment::File(key)]);
                out.push((f, id));
            }
        }
        Applied {
            suppressed,
            findings: out,
        }
    }
}

fn rules_id(meta: &'static rules::RuleMeta) -> &'static str {
    meta.id.as_str()
}

/// Text from a user's file, cut short for a message.
fn shorten(s: &str) -> String {
    if s.chars().count() <= 40 {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(40).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_strictly_and_convert_from_unix_days() {
        assert_eq!(
            Date::parse("2024-02-29"),
            Some(Date {
                year: 2024,
                month: 2,
                day: 29
            })
        );
        assert_eq!(Date::parse("2025-02-29"), None);
        assert_eq!(Date::parse("2025-13-01"), None);
        assert_eq!(Date::parse("2025-1-01"), None);
        assert_eq!(Date::parse("+025-01-01"), None);
        assert_eq!(Date::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_days(19_782).to_string(), "2024-02-29");
        assert_eq!(Date::from_unix_days(-1).to_string(), "1969-12-31");
        assert!(Date::parse("2025-01-31") < Date::parse("2025-02-01"));
    }

    #[test]
    fn globs_match_whole_strings_and_paths_match_below() {
        assert!(glob_match("northwind-*", "northwind-prod"));
        assert!(!glob_match("northwind-*", "acme-prod"));
        assert!(glob_match("*", ""));
        assert!(glob_match("a?c", "abc"));
        assert!(glob_match("*Legacy*", "clients[Old Legacy App]"));
        assert!(path_match(
            "clients[Legacy*]/callbacks/*",
            "clients[Legacy App]/callbacks/2"
        ));
        assert!(path_match(
            "clients[Legacy App]",
            "clients[Legacy App]/callbacks/2"
        ));
        assert!(path_match("clients", "clients[Legacy App]/callbacks/2"));
        assert!(!path_match(
            "clients[Legacy]",
            "clients[Legacy App]/callbacks/2"
        ));
        assert!(!path_match("client", "clients[Legacy App]"));
    }
}
