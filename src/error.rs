//! Errors that stop a command (as opposed to findings, which are reported and counted).

use std::path::PathBuf;

use thiserror::Error;

#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// A command-line argument that makes no sense.
    #[error("{0}")]
    Usage(String),
    /// Nothing to check.
    #[error(
        "no Deploy CLI export found under {0}: a0lint looks for a YAML file with Deploy CLI keys (`clients:`, `tenant:`, …) or a folder with `tenant.json` or resource folders"
    )]
    NoExports(String),
    /// The report could not be written where the user asked.
    #[error("cannot write {path}: {reason}", path = .0.display(), reason = .1)]
    Output(PathBuf, String),
    /// The embedded schemas failed to compile (a broken build, never user input).
    #[error("internal error: {0}")]
    Internal(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

impl Error {
    /// True when the error is only a closed output pipe (`a0lint check | head`), which is not a
    /// failure.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            Error::Io(e) => e.kind() == std::io::ErrorKind::BrokenPipe,
            Error::Json(e) => e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe),
            _ => false,
        }
    }
}
