//! New entries for the suppressions file ([`crate::suppress`]), as the "Suppress …" code action
//! writes them: one `[[suppress]]` table naming the finding's rule, tenant and semantic path (the
//! path fingerprints are made from, so the waiver survives a re-export that reorders the file),
//! with a placeholder reason the user must replace and the optional keys left as comments.

/// The reason written into a new entry: a placeholder the user must replace.
pub const REASON_PLACEHOLDER: &str = "TODO: explain why";

/// A new `[[suppress]]` table, preceded by a blank line when appended to existing text. An
/// estate-wide finding (no tenant) gets `tenant = "*"`, which is how the suppressions file
/// matches those.
pub fn entry(rule: &str, tenant: Option<&str>, path: &str, after_text: bool) -> String {
    let q = |s: &str| toml::Value::String(s.to_owned()).to_string();
    format!(
        "{}[[suppress]]\nrule = {}\ntenant = {}\npath = {}\nreason = {}\n# expires = 2099-12-31\n# owner = \"\"\n",
        if after_text { "\n" } else { "" },
        q(rule),
        q(tenant.unwrap_or("*")),
        q(path),
        q(REASON_PLACEHOLDER),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_quote_what_they_name() {
        let text = entry(
            "SCHEMA-001",
            Some("acme-dev"),
            "clients[Web \"App\"]/callback",
            true,
        );
        let doc: toml::Table = toml::from_str(&text).unwrap();
        let e = &doc["suppress"].as_array().unwrap()[0];
        assert_eq!(e["path"].as_str(), Some("clients[Web \"App\"]/callback"));
        assert_eq!(e["reason"].as_str(), Some(REASON_PLACEHOLDER));
        assert!(text.starts_with("\n[[suppress]]\n"));
    }
}
