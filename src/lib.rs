//! a0lint: lint and document Auth0 Deploy CLI tenant exports across a whole estate.
//!
//! The pipeline, in the order data flows through it:
//!
//! 1. [`source`] reads files and parses YAML and JSON into one located tree, in which every value
//!    and key knows its file and byte range.
//! 2. [`export`] understands the Deploy CLI's two export formats (a `tenant.yaml` with side files,
//!    or a directory of JSON files), finds exports on disk and loads each into a [`export::Tenant`].
//! 3. [`estate`] loads every tenant of an estate in parallel; one broken export never hides the
//!    others.
//! 4. [`schema`] validates every resource against the JSON Schemas in `schemas/`.
//! 5. [`rules`] holds the rule registry; every finding is a [`finding::Finding`].
//! 6. [`render`] turns findings into human, JSON and CI formats.
//! 7. [`docs`] writes architecture pages for the estate from the same model (`a0lint docs`).
//! 8. `lsp` (cargo feature `lsp`, on by default) serves the same findings to editors, as you type.
//!
//! The binary (`src/main.rs`) is a thin shell over [`cli`].

pub mod baseline;
pub mod check;
pub mod cli;
pub mod docs;
pub mod error;
pub mod estate;
pub mod export;
pub mod finding;
pub mod fingerprint;
pub mod gate;
#[cfg(feature = "lsp")]
pub mod lsp;
pub mod manifest;
pub mod render;
pub mod rules;
pub mod schema;
pub mod secrets;
pub mod source;
pub mod suppress;
pub mod timing;
