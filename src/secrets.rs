//! Keeping secret values out of every output.
//!
//! Findings name fields, never values, but the human renderer shows code frames: the flagged line
//! and its neighbours. A neighbour may hold a `client_secret`, an SMTP password or a log-stream
//! token. [`redact`] masks the value of every secret-looking key in a text, byte for byte (`*`
//! for each byte, so every offset and every label of the frame stays where it was). Keyword
//! placeholders (`##SMTP_PASS##`) are kept: they are names, not secrets.

use std::sync::LazyLock;

use regex::Regex;

use crate::source::keywords;

/// A `key: value` or `"key": value` pair whose key names a secret.
static SECRET_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?im)^(?P<lead>[ \t-]*"?[A-Za-z0-9_.-]*(?:secret|password|passwd|pass|token|api_?key|authorization|private_?key|signing_?key|credentials?|pem|write_?key)"?[ \t]*:[ \t]*)(?P<value>[^\r\n]*)$"#,
    )
    .expect("valid regex")
});

/// Masks the values of secret-looking keys, keeping every byte offset.
pub fn redact(text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    for caps in SECRET_PAIR.captures_iter(text) {
        let Some(value) = caps.name("value") else {
            continue;
        };
        let v = value.as_str().trim_end_matches([',', ' ']);
        let inner = v.trim_matches(['"', '\'']);
        if inner.is_empty()
            || keywords::is_marker(inner)
            || matches!(inner, "{" | "[" | "null" | "true" | "false" | "|" | ">")
        {
            continue;
        }
        let start = value.start() + (v.len() - v.trim_start_matches(['"', '\'']).len());
        let end = start + inner.len();
        for b in &mut out[start..end] {
            *b = b'*';
        }
    }
    // Only ASCII bytes and whole multi-byte characters' bytes were replaced by ASCII `*`s inside
    // one value, and a value is never split mid-character by the regex, so this is UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_values_and_keeps_length_and_placeholders() {
        let src = "  \"client_secret\": \"abc123\",\n  smtp_pass: hunter2\n  name: x\n  api_key: '##API_KEY##'\n  token_endpoint_auth_method: none\n  splunkToken: tok\n";
        let out = redact(src);
        assert_eq!(out.len(), src.len());
        assert!(!out.contains("abc123"));
        assert!(!out.contains("hunter2"));
        assert!(out.contains("\"client_secret\": \"******\","));
        assert!(out.contains("name: x"));
        assert!(out.contains("##API_KEY##"));
        assert!(out.contains("token_endpoint_auth_method: none"));
        assert!(out.contains("splunkToken: ***"));
    }
}
