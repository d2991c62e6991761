//! SEC-049 sensitive-data-logged

use std::sync::LazyLock;

use regex::Regex;

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{code, raw};
use crate::source::Span;

static CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"console\.(?:log|info|warn|error|debug|dir|trace)\s*\((?P<args>[^\n]*)")
        .expect("valid regex")
});
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'"#).expect("valid regex"));
static SENSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:password|passwd|newPassword|secrets?|client_?secret|access_?token|id_?token|refresh_?token|api_?key|authorization|credentials?)\b|^\s*(?:event|context|user|configuration)\s*(?:[,)]|$)|JSON\.stringify\(\s*(?:event|context|user|configuration)\s*[,)]",
    )
    .expect("valid regex")
});

pub fn check(f: &TenantFacts<'_>, model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for c in code(t).into_iter().filter(|c| c.loaded()) {
        let (file, start, end) = raw(model, c.node.span);
        let text = &file.text[start..end];
        for m in CALL.captures_iter(text) {
            let args = QUOTED.replace_all(&m["args"], "''");
            let Some(hit) = SENSITIVE.find(&args) else {
                continue;
            };
            let call = m.get(0).expect("match");
            let what = hit.as_str().trim().trim_end_matches([',', ')']).trim();
            r.at(
                f,
                Span::new(c.node.span.file, start + call.start(), start + call.start() + "console.".len() + call.as_str()["console.".len()..].find('(').unwrap_or(0)),
                c.pointer.clone(),
                format!(
                    "the code of {} logs `{what}`: Auth0 keeps console output in its logs and real-time streams, where passwords, tokens, secrets or whole user profiles should never appear; log only what you need, without credentials",
                    c.owner
                ),
            );
        }
    }
}
