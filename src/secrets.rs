//! Keeping secret values out of every output.
//!
//! Findings name fields, never values, but the human renderer shows code frames: the flagged line
//! and its neighbours. A neighbour may hold a `client_secret`, an SMTP password or a log-stream
//! token. [`redact`] masks the value of every secret-looking key in a text, byte for byte (`*`
//! for each byte, so every offset and every label of the frame stays where it was). Keyword
//! placeholders (`##SMTP_PASS##`) are kept: they are names, not secrets.
//!
//! [`credential_literals`] finds credential-looking literals in code and text (private keys, cloud
//! and API keys, bearer tokens, passwords in URLs, long literals assigned to secret-named
//! variables); the `hardcoded-secret-in-code` rule reports them and [`redact`] masks them, so
//! whatever a rule flags is never shown in a frame. Values inside a `configuration`,
//! `credentials` or `secrets` block are masked too.

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
        mask(&mut out, start, end);
    }
    for lit in credential_literals(text) {
        mask(&mut out, lit.start, lit.end);
    }
    mask_secret_blocks(text, &mut out);
    // Only ASCII bytes and whole multi-byte characters' bytes were replaced by ASCII `*`s inside
    // one value, and a value is never split mid-character by the regex, so this is UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Replaces `start..end` by `*`s, keeping line breaks (a masked key block keeps its lines).
fn mask(out: &mut [u8], start: usize, end: usize) {
    let end = end.min(out.len());
    for b in &mut out[start.min(end)..end] {
        if !matches!(*b, b'\n' | b'\r') {
            *b = b'*';
        }
    }
}

/// One credential-looking literal: the byte range of the secret part and what it looks like.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Literal {
    pub start: usize,
    pub end: usize,
    /// "private key material", "an AWS access key id", "a literal assigned to `apiKey`", …
    pub kind: String,
}

static PRIVATE_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?s:(?P<body>.*?))-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----",
    )
    .expect("valid regex")
});

/// Token shapes that are credentials wherever they appear.
static TOKEN_SHAPES: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        (r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b", "an AWS access key id"),
        (
            r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}",
            "a JSON Web Token",
        ),
        (r"\b[sr]k_live_[0-9A-Za-z]{16,}", "a Stripe live key"),
        (r"\bxox[abprs]-[0-9A-Za-z-]{10,}", "a Slack token"),
        (r"\bgh[pousr]_[A-Za-z0-9]{30,}", "a GitHub token"),
        (
            r"\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}",
            "a SendGrid API key",
        ),
        (r"\bAIza[0-9A-Za-z_-]{35}", "a Google API key"),
        (r"\bkey-[0-9a-f]{32}\b", "a Mailgun API key"),
    ]
    .into_iter()
    .map(|(re, kind)| (Regex::new(re).expect("valid regex"), kind))
    .collect()
});

static BEARER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:bearer|basic)\s+(?P<value>[A-Za-z0-9\-._~+/]{16,}=*)")
        .expect("valid regex")
});

static URL_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@"'`]+:(?P<value>[^@\s/"'`]+)@"#)
        .expect("valid regex")
});

/// A secret-named variable, property or key given a quoted literal.
static ASSIGNED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?im)(?:^|[^A-Za-z0-9_$.-])(?P<name>[A-Za-z0-9_$.-]*(?:secret|passw(?:or)?d|pwd|token|api_?key|apikey|private_?key|access_?key|auth_?key|credential)[A-Za-z0-9_$]*)["']?\s*(?:=|:|\+=)\s*(?P<q>["'`])(?P<value>[^"'`\r\n]{8,}?)["'`]"#,
    )
    .expect("valid regex")
});

/// Name endings that make a secret-looking name refer to something else (`tokenUrl`).
const NOT_SECRET_SUFFIXES: &[&str] = &[
    "url", "uri", "endpoint", "path", "name", "field", "type", "label", "length", "header",
    "prefix", "expiry", "expires", "ttl", "lifetime", "audience", "method", "policy", "id", "ids",
    "key_id", "keyid",
];

/// Values that stand in for a secret rather than being one.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.is_empty()
        || keywords::has_marker(v)
        || v == "_VALUE_NOT_SHOWN_"
        || v.eq_ignore_ascii_case("[REDACTED]")
        || v.chars()
            .all(|c| c == '*' || c == 'x' || c == 'X' || c == '•')
        || (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with("${") && v.ends_with('}'))
        || (v.starts_with("{{") && v.ends_with("}}"))
        || v.starts_with("process.env")
}

/// True for a literal that looks generated rather than a word, a path or a URL.
fn looks_random(v: &str) -> bool {
    if v.chars().any(char::is_whitespace) || v.contains("://") || v.contains("${") {
        return false;
    }
    let lower = v.chars().any(|c| c.is_ascii_lowercase());
    let upper = v.chars().any(|c| c.is_ascii_uppercase());
    let digit = v.chars().any(|c| c.is_ascii_digit());
    usize::from(lower) + usize::from(upper) + usize::from(digit) >= 2
}

/// Every credential-looking literal in `text`, sorted by position, none overlapping.
pub fn credential_literals(text: &str) -> Vec<Literal> {
    let mut found: Vec<Literal> = Vec::new();
    let mut push = |start: usize, end: usize, kind: String| {
        if end > start {
            found.push(Literal { start, end, kind });
        }
    };
    for c in PRIVATE_KEY.captures_iter(text) {
        if let Some(body) = c.name("body")
            && !is_placeholder(body.as_str().trim_matches(['\\', 'n', '\r', '\n', ' ']))
        {
            push(body.start(), body.end(), "private key material".into());
        }
    }
    for (re, kind) in TOKEN_SHAPES.iter() {
        for m in re.find_iter(text) {
            push(m.start(), m.end(), (*kind).into());
        }
    }
    for c in BEARER.captures_iter(text) {
        let v = &c["value"];
        if looks_random(v) && !is_placeholder(v) {
            let m = c.name("value").expect("group");
            push(m.start(), m.end(), "a bearer or basic credential".into());
        }
    }
    for c in URL_PASSWORD.captures_iter(text) {
        let m = c.name("value").expect("group");
        if !is_placeholder(m.as_str()) && !m.as_str().starts_with('$') {
            push(m.start(), m.end(), "a password in a URL".into());
        }
    }
    for c in ASSIGNED.captures_iter(text) {
        let name = &c["name"];
        let value = c.name("value").expect("group");
        let lname = name.to_ascii_lowercase();
        let short = lname.rsplit(['.', '-']).next().unwrap_or(&lname);
        if NOT_SECRET_SUFFIXES
            .iter()
            .any(|s| short.ends_with(s) && !short.ends_with("apikey") && !short.ends_with("_key"))
            || is_placeholder(value.as_str())
            || !looks_random(value.as_str())
        {
            continue;
        }
        let short_name = name.rsplit('.').next().unwrap_or(name);
        push(
            value.start(),
            value.end(),
            format!("a literal assigned to `{short_name}`"),
        );
    }
    found.sort_by_key(|l| (l.start, std::cmp::Reverse(l.end)));
    let mut out: Vec<Literal> = Vec::new();
    for l in found {
        if out.last().is_some_and(|p| l.start < p.end) {
            continue;
        }
        out.push(l);
    }
    out
}

/// Keys whose block holds secrets: every value (`configuration` of a custom database,
/// `credentials` of an email or phone provider, `webhook_authorization`, a flow vault `setup`),
/// every value but names (`secrets` of actions and hooks, `rulesConfigs`), or the values that
/// look generated (`AUTH0_KEYWORD_REPLACE_MAPPINGS` of a Deploy CLI config).
static BLOCK_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(?P<indent>[ \t]*(?:-[ \t]+)?)"?(?P<key>configuration|credentials|webhook_authorization|setup|secrets|rulesConfigs|AUTH0_KEYWORD_REPLACE_MAPPINGS)"?[ \t]*:[ \t]*(?P<rest>.*)$"#)
        .expect("valid regex")
});

static BLOCK_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^[ \t]*(?:-[ \t]+)?"?(?P<key>[^":]+)"?[ \t]*:[ \t]*(?P<value>.*)$"#)
        .expect("valid regex")
});

/// Which values of a secret block are masked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    All,
    ExceptNames,
    Generated,
}

/// Masks one scalar (quoted or not) that starts at `start` in `out`, unless it is structure or a
/// placeholder.
fn mask_scalar(out: &mut [u8], start: usize, raw: &str, mode: Mode) {
    let v = raw.trim_end_matches([',', ' ', '\r']);
    let inner = v.trim_matches(['"', '\'']);
    if inner.is_empty()
        || keywords::is_marker(inner)
        || matches!(
            inner,
            "{" | "[" | "{}" | "[]" | "null" | "|" | ">" | "|-" | ">-"
        )
        || (mode == Mode::Generated && !looks_random(inner))
    {
        return;
    }
    let s = start + (v.len() - v.trim_start_matches(['"', '\'']).len());
    mask(out, s, s + inner.len());
}

/// Masks the values inside the blocks [`BLOCK_KEY`] names (YAML by indentation, pretty-printed
/// JSON likewise).
fn mask_secret_blocks(text: &str, out: &mut [u8]) {
    let mut block: Option<(usize, Mode)> = None; // (indent of the key, what to mask)
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches([' ', '\t', '-']).len();
        if let Some((key_indent, mode)) = block {
            let trimmed = body.trim();
            if trimmed.is_empty() {
                continue;
            }
            if indent > key_indent && !matches!(trimmed, "}" | "}," | "]" | "],") {
                match BLOCK_PAIR.captures(body) {
                    Some(c) => {
                        let key = c["key"].trim();
                        if !(mode == Mode::ExceptNames && matches!(key, "name" | "key")) {
                            let value = c.name("value").expect("group");
                            mask_scalar(out, line_start + value.start(), value.as_str(), mode);
                        }
                    }
                    None => mask_scalar(out, line_start + indent, &body[indent..], mode),
                }
                continue;
            }
            block = None;
        }
        if let Some(c) = BLOCK_KEY.captures(body) {
            let key_indent = c["indent"].len();
            let rest = c["rest"].trim();
            let mode = match &c["key"] {
                "secrets" | "rulesConfigs" => Mode::ExceptNames,
                "AUTH0_KEYWORD_REPLACE_MAPPINGS" => Mode::Generated,
                _ => Mode::All,
            };
            if rest.is_empty() || rest == "{" || rest == "[" {
                block = Some((key_indent, mode));
            } else if mode == Mode::All && !matches!(rest, "{}" | "[]" | "null") {
                // A flow mapping on one line: mask everything after the colon.
                let m = c.name("rest").expect("group");
                let start =
                    line_start + m.start() + (m.as_str().len() - m.as_str().trim_start().len());
                let inner = rest
                    .trim_start_matches('{')
                    .trim_end_matches([',', '}', ' ']);
                if !inner.is_empty() && !keywords::has_marker(inner) {
                    mask(out, start, start + rest.len());
                }
            }
        }
    }
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

    #[test]
    fn masks_code_literals_pem_blocks_and_secret_blocks() {
        let src = "const apiKey = \"Zx81kQpLm29vTtY4\";\nconst tokenUrl = \"https://x.example/oauth/token\";\nheaders: { Authorization: `Bearer ${token}` }\nconst id = 'AKIAIOSFODNN7EXAMPLE';\nconst db = 'postgres://admin:s3cretPw@db.example:5432/x';\n";
        let out = redact(src);
        assert_eq!(out.len(), src.len());
        assert!(!out.contains("Zx81kQpLm29vTtY4"));
        assert!(out.contains("https://x.example/oauth/token"));
        assert!(out.contains("Bearer ${token}"));
        assert!(!out.contains("AKIAIOSFODNN7EXAMPLE"));
        assert!(!out.contains("s3cretPw"));
        let pem = "signing_key:\n  key: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIEpAIBAAKCAQEAwJ\n    -----END RSA PRIVATE KEY-----\n  cert: abc\n";
        let out = redact(pem);
        assert!(!out.contains("MIIEpAIBAAKCAQEAwJ"));
        assert!(out.contains("-----END RSA PRIVATE KEY-----"));
        assert_eq!(out.lines().count(), pem.lines().count());
        let yaml = "options:\n  configuration:\n    DB_URL: mysql-host-7\n    OTHER: '##X##'\n  name: users\nsecrets:\n  - name: API_KEY\n    value: v8Kx2p\nemailProvider:\n  credentials: {api_key: k9Y2}\n";
        let out = redact(yaml);
        assert!(!out.contains("mysql-host-7"), "{out}");
        assert!(out.contains("##X##"));
        assert!(out.contains("name: users"));
        assert!(out.contains("name: API_KEY"));
        assert!(!out.contains("v8Kx2p"));
        assert!(!out.contains("k9Y2"));
        let json = "{\n  \"options\": {\n    \"configuration\": {\n      \"DB_PASS\": \"p4ss\"\n    },\n    \"name\": \"x\"\n  }\n}\n";
        let out = redact(json);
        assert!(!out.contains("p4ss"));
        assert!(out.contains("\"name\": \"x\""));
    }

    #[test]
    fn finds_credential_literals_but_not_references() {
        let kinds = |s: &str| -> Vec<String> {
            credential_literals(s).into_iter().map(|l| l.kind).collect()
        };
        assert_eq!(
            kinds("const clientSecret = 'q8R2mVx0LpZ7';"),
            ["a literal assigned to `clientSecret`"]
        );
        assert!(kinds("const clientSecret = event.secrets.CLIENT_SECRET;").is_empty());
        assert!(kinds("const grantType = 'client_credentials';").is_empty());
        assert!(kinds("const tokenUrl = 'https://example.com/Token1';").is_empty());
        assert!(kinds("password: '##DB_PASSWORD##'").is_empty());
        assert!(kinds("const password = 'password';").is_empty());
        assert_eq!(
            kinds("x = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijkl'").len(),
            1
        );
    }
}
