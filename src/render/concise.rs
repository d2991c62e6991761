//! `--format concise`: one line per finding, `file:line:col: severity[RULE] message`, the shape
//! compilers use, so editors' and terminals' "jump to file:line:col" work on it, and `grep`,
//! `sort` and `wc -l` do what they should. The summary line follows unless `--quiet` is given.

use std::io::{self, Write};

use super::{Report, Summary, one_line, path_string, resolve_all};

pub fn write(
    out: &mut dyn Write,
    report: &Report<'_>,
    summary: Option<&Summary>,
) -> io::Result<()> {
    let resolved = resolve_all(report.findings, report.sources);
    for (f, r) in report.findings.iter().zip(&resolved) {
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            path_string(&r.path),
            r.line,
            r.column,
            f.severity,
            f.rule,
            one_line(&f.message)
        )?;
    }
    if let Some(s) = summary {
        writeln!(out, "{}", s.line())?;
    }
    Ok(())
}
