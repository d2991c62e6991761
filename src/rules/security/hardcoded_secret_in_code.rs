//! SEC-048 hardcoded-secret-in-code

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{code, name_of, raw};
use crate::secrets::credential_literals;
use crate::source::Span;

pub fn check(f: &TenantFacts<'_>, model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    let mut fields: Vec<(crate::source::Span, String, String)> = code(t)
        .into_iter()
        .filter(|c| c.loaded())
        .map(|c| (c.node.span, c.pointer, c.owner))
        .collect();
    for (i, p) in t.items("pages").iter().enumerate() {
        if let Some(h) = p.get("html") {
            fields.push((
                h.span,
                format!("/pages/{i}/html"),
                format!("page `{}`", name_of(p)),
            ));
        }
    }
    for (span, pointer, owner) in fields {
        let (file, start, end) = raw(model, span);
        for lit in credential_literals(&file.text[start..end]) {
            r.at(
                f,
                Span::new(span.file, start + lit.start, start + lit.end),
                pointer.clone(),
                format!(
                    "the code of {owner} contains {}: code is copied into every export, repository and log of a deployment; read it from the action's secrets (`event.secrets`) or the database's configuration instead, and rotate it",
                    lit.kind
                ),
            );
        }
    }
}
