//! SEC-043 weak-saml-signing

use crate::finding::Severity;
use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{anchor, cap, name_of};

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, c) in t.items("connections").iter().enumerate() {
        if c.get_str("strategy") != Some("samlp") {
            continue;
        }
        let name = name_of(c);
        let mut weak = false;
        for (key, bad) in [
            ("signatureAlgorithm", "rsa-sha1"),
            ("digestAlgorithm", "sha1"),
        ] {
            if let Some(n) = c.get_path(&["options", key])
                && n.as_str() == Some(bad)
            {
                weak = true;
                r.at(
                    f,
                    n.span,
                    format!("/connections/{i}/options/{key}"),
                    format!(
                        "SAML connection `{name}` uses `{bad}`, which is broken enough that signatures can be forged; use `rsa-sha256` / `sha256`"
                    ),
                );
            }
        }
        let signed = c.get_path(&["options", "signSAMLRequest"]);
        if !weak && signed.and_then(|n| n.as_bool()) != Some(true) {
            let (span, pointer) = match signed {
                Some(n) => (n.span, format!("/connections/{i}/options/signSAMLRequest")),
                None => (anchor(c), format!("/connections/{i}")),
            };
            cap(
                r.at(
                    f,
                    span,
                    pointer,
                    format!(
                        "SAML connection `{name}` sends unsigned authentication requests, so the identity provider cannot tell them from forged ones; set `signSAMLRequest: true` if the provider supports it"
                    ),
                ),
                Severity::Info,
            );
        }
    }
}
