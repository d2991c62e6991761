//! An estate: every tenant export found under the paths given, loaded in parallel.
//!
//! Each export loads on its own rayon task into its own [`Tenant`]; what one export's files do
//! wrong (a syntax error, a missing side file) becomes findings of that tenant and never stops the
//! others. Tenants are kept in path order, so every output is deterministic.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::export::discover::{Candidate, discover};
use crate::export::load::Ctx;
use crate::export::{
    DeployConfig, Environment, ExportFormat, LoadOptions, NameSource, Tenant, config, directory,
    yaml,
};
use crate::finding::Finding;
use crate::source::{SourceMap, json};

/// Everything loaded for one run.
#[derive(Debug, Default)]
pub struct Estate {
    pub sources: SourceMap,
    pub tenants: Vec<Tenant>,
    /// Findings raised while discovering and loading (category `input`).
    pub findings: Vec<Finding>,
}

impl Estate {
    /// Discovers and loads every export under `paths`.
    pub fn load(paths: &[PathBuf], opts: &LoadOptions) -> Estate {
        let discovery = discover(paths, &opts.base);
        let mut estate = Estate::load_candidates(&discovery.exports, opts);
        estate.findings.extend(discovery.problems);
        estate
    }

    /// Loads the given exports.
    pub fn load_candidates(candidates: &[Candidate], opts: &LoadOptions) -> Estate {
        let sources = SourceMap::new();
        let loaded: Vec<(Tenant, Vec<Finding>)> = candidates
            .par_iter()
            .map(|c| load_tenant(c, &sources, opts))
            .collect();
        let mut tenants = Vec::with_capacity(loaded.len());
        let mut findings = Vec::new();
        for (t, f) in loaded {
            findings.extend(f);
            tenants.push(t);
        }
        Estate {
            sources,
            tenants,
            findings,
        }
    }

    pub fn tenant(&self, name: &str) -> Option<&Tenant> {
        self.tenants.iter().find(|t| t.name == name)
    }
}

/// Loads one export into a tenant, with the findings its input raised.
pub fn load_tenant(
    c: &Candidate,
    sources: &SourceMap,
    opts: &LoadOptions,
) -> (Tenant, Vec<Finding>) {
    let (dir, stem) = match c.format {
        ExportFormat::Yaml => (
            c.path.parent().map(Path::to_path_buf).unwrap_or_default(),
            c.path
                .file_stem()
                .and_then(|s| s.to_str())
                .map(str::to_owned),
        ),
        ExportFormat::Directory => (c.path.clone(), None),
    };
    let mut pre_findings = Vec::new();
    let deploy_config = opts
        .named_deploy_config(&c.path)
        .map(Path::to_path_buf)
        .or_else(|| config::find_beside(&dir, stem.as_deref()))
        .and_then(|p| read_config(&p, sources, opts, &mut pre_findings));
    let mappings = deploy_config.as_ref().and_then(|c| c.mappings.clone());
    let mut ctx = Ctx::new(sources, opts, mappings.as_ref(), &dir);
    if let Some(cfg) = &deploy_config
        && let Some(f) = &cfg.file
    {
        ctx.files.push(f.id);
    }
    let (resources, root_file) = match c.format {
        ExportFormat::Yaml => {
            let base = deploy_config.as_ref().and_then(|c| c.base_path.clone());
            let (node, span) = yaml::load(&mut ctx, &c.path, base.as_deref());
            (node, span.map(|s| s.file))
        }
        ExportFormat::Directory => {
            let conn = deploy_config
                .as_ref()
                .and_then(|c| c.connections_directory.clone());
            directory::load(&mut ctx, &c.path, conn.as_deref())
        }
    };
    let (name, name_source, region) = identity(c, stem.as_deref(), deploy_config.as_ref());
    let environment = Environment::from_name(&name);
    let tenant = Tenant {
        name: name.clone(),
        name_source,
        environment,
        region,
        format: c.format,
        root: ctx.display(&c.path),
        root_file,
        resources,
        config: deploy_config,
        placeholders: std::mem::take(&mut ctx.placeholders),
        masked: std::mem::take(&mut ctx.masked),
        files: std::mem::take(&mut ctx.files),
    };
    let mut findings = pre_findings;
    findings.append(&mut ctx.findings);
    for f in &mut findings {
        f.tenant = Some(name.clone());
    }
    (tenant, findings)
}

/// Name, where it came from, and region: from the Deploy CLI config's `AUTH0_DOMAIN`, else the
/// folder name (or the YAML file's stem when it is not called `tenant.yaml`).
fn identity(
    c: &Candidate,
    stem: Option<&str>,
    cfg: Option<&DeployConfig>,
) -> (String, NameSource, Option<String>) {
    if let Some((name, region)) = cfg.and_then(DeployConfig::tenant_and_region) {
        return (name, NameSource::DeployConfig, region);
    }
    let folder_name = |p: &Path| {
        crate::export::load::canonical(p)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("tenant")
            .to_owned()
    };
    match (c.format, stem) {
        (ExportFormat::Yaml, Some(s)) if s != "tenant" => {
            (s.to_owned(), NameSource::FileStem, None)
        }
        (ExportFormat::Yaml, _) => (
            folder_name(c.path.parent().unwrap_or(Path::new("."))),
            NameSource::Folder,
            None,
        ),
        (ExportFormat::Directory, _) => (folder_name(&c.path), NameSource::Folder, None),
    }
}

fn read_config(
    path: &Path,
    sources: &SourceMap,
    opts: &LoadOptions,
    findings: &mut Vec<Finding>,
) -> Option<DeployConfig> {
    // The config is read as plain JSON: keywords are not substituted into it.
    let mut ctx = Ctx::new(sources, opts, None, path.parent().unwrap_or(Path::new(".")));
    let file = ctx.read(path)?;
    let parsed = json::parse(&file.text, file.id);
    findings.append(&mut ctx.findings);
    for p in &parsed.problems {
        findings.push(Finding::at(
            crate::export::load::ids::JSON_SYNTAX,
            crate::finding::Severity::Error,
            p.span,
            format!("in the Deploy CLI config: {}", p.message),
        ));
    }
    let root = parsed.root?;
    Some(DeployConfig::from_node(ctx.display(path), file, root))
}
