//! NAMING-002 duplicate-tenant-name

use crate::rules::engine::Reporter;
use crate::rules::model::EstateModel;

pub fn check(model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    // Manifest entries with the same name, and exports whose configs target the same tenant.
    if let (Some(m), Some(file)) = (model.manifest, model.manifest.and_then(|m| m.file)) {
        for (i, e) in m.tenants.iter().enumerate() {
            if let Some(first) = m.tenants[..i]
                .iter()
                .find(|o| o.name.get_ref() == e.name.get_ref())
                && let Some(f) = model.facts_of(e.name.get_ref())
            {
                let at = crate::finding::Location::Span(crate::manifest::span_of(&e.name, file));
                if let Some(found) = r.at_severity(
                    f,
                    at,
                    r.rule.severity,
                    format!(
                        "tenant `{}` is listed twice; tenant names are globally unique, so both entries describe one tenant: merge them",
                        e.name.get_ref()
                    ),
                ) {
                    found.related.push(crate::finding::Related {
                        location: crate::finding::Location::Span(crate::manifest::span_of(&first.name, file)),
                        message: "first listed here".into(),
                    });
                }
            }
        }
    }
    let exports: Vec<&crate::export::Tenant> = model.estate.tenants.iter().collect();
    for (i, t) in exports.iter().enumerate() {
        if t.name_source != crate::export::NameSource::DeployConfig {
            continue;
        }
        let Some(first) = exports[..i]
            .iter()
            .find(|o| o.name == t.name && o.name_source == crate::export::NameSource::DeployConfig)
        else {
            continue;
        };
        let Some(f) = model.facts_of(&t.name) else {
            continue;
        };
        let at = match t.root_file {
            Some(file) => crate::finding::Location::Span(crate::source::Span::file_start(file)),
            None => crate::finding::Location::Path(t.root.clone()),
        };
        if let Some(found) = r.at_severity(
            f,
            at,
            r.rule.severity,
            format!(
                "two exports deploy to tenant `{}` (their Deploy CLI configs share `AUTH0_DOMAIN`); each would overwrite the other's changes, so give each export its own tenant",
                t.name
            ),
        ) {
            found.related.push(crate::finding::Related {
                location: crate::finding::Location::Path(first.root.clone()),
                message: "the other export".into(),
            });
        }
    }
}
