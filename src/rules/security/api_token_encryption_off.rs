//! SEC-039 api-token-encryption-off

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{anchor, apis, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, a) in apis(t) {
        let enc = a.get("token_encryption");
        let ok = enc.is_some_and(|e| {
            e.get_str("format") == Some("compact-nested-jwe") && e.get("encryption_key").is_some()
        });
        if ok {
            continue;
        }
        let (span, pointer) = match enc {
            Some(n) => (n.span, format!("/resourceServers/{i}/token_encryption")),
            None => (anchor(a), format!("/resourceServers/{i}")),
        };
        r.at(
            f,
            span,
            pointer,
            format!(
                "API `{}` issues readable (unencrypted) access tokens, so any client or log that sees one can read its claims; if they carry personal data, encrypt them (`token_encryption` with `compact-nested-jwe`)",
                name_of(a)
            ),
        );
    }
}
