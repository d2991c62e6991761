//! No secret value reaches any output. An estate is seeded with every kind of secret an export
//! can hold (in both export formats, in side files and in the Deploy CLI config); the binary then
//! runs with every `--format` its help lists, and `a0lint docs` when it exists. The secret rules
//! must find every seeded secret, and no output may contain one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_a0lint"))
}

/// A secret-looking value, unique per `i`, built at run time so that no scanner mistakes this
/// file for a leak. None is a substring of another.
fn secret(i: usize) -> String {
    format!("Q{i:03}x{}Kv{}Lp{i:03}", 7919 * (i + 3), 104_729 * (i + 5))
}

/// One seeded secret: its value, and the file and text (on one line) whose line must carry a
/// finding of `rule`.
struct Seed {
    value: String,
    file: &'static str,
    marker: String,
    rule: &'static str,
}

struct Estate {
    _dir: tempfile::TempDir,
    root: PathBuf,
    seeds: Vec<Seed>,
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn seed_one(
    seeds: &mut Vec<Seed>,
    value: &str,
    file: &'static str,
    marker: &str,
    rule: &'static str,
) {
    seeds.push(Seed {
        value: value.to_owned(),
        file,
        marker: marker.to_owned(),
        rule,
    });
}

fn seed() -> Estate {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("estate");
    let s: Vec<String> = (0..40).map(secret).collect();
    let mut seeds = Vec::new();
    let add = |seeds: &mut Vec<Seed>,
               i: usize,
               file: &'static str,
               marker: String,
               rule: &'static str| {
        seed_one(seeds, &s[i], file, &marker, rule);
    };
    // Split so that this file holds no private-key block.
    let begin = format!("-----BEGIN {}-----", "RSA PRIVATE KEY");
    let end = format!("-----END {}-----", "RSA PRIVATE KEY");
    let jwt = format!(
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ{}In0.{}",
        &s[18][..8],
        s[18].replace(['x', 'K'], "_")
    );
    let aws = format!("AKIA{}", "Q7X2M9VZ4K8T3R6W");

    // A YAML export, with side files and a Deploy CLI config.
    let yaml = format!(
        r#"tenant:
  friendly_name: Northwind Health
clients:
  - name: Billing Service
    app_type: non_interactive
    client_secret: {s1}
connections:
  - name: google-oauth2
    strategy: google-oauth2
    options:
      client_id: 1234-northwind.apps.googleusercontent.com
      client_secret: {s2}
  - name: sms
    strategy: sms
    options:
      twilio_sid: AC00000000000000000000000000000000
      twilio_token: {s6}
  - name: partner-saml
    strategy: samlp
    options:
      signingCert: MIIC-public-certificate
      signing_key:
        cert: MIIC-public-certificate
        key: |
          {begin}
          {s8}
          {end}
  - name: github
    strategy: github
    options:
      client_id: Iv1.northwind
      client_secret: '##GOOGLE_CS##'
databases:
  - name: Legacy Members
    options:
      enabledDatabaseCustomization: true
      import_mode: true
      configuration:
        DB_PASSWORD: {s10}
        MEMBERS_API: {s11}
      customScripts:
        login: ./databases/Legacy Members/login.js
emailProvider:
  name: smtp
  enabled: true
  credentials:
    smtp_host: smtp.northwind.example
    smtp_port: 587
    smtp_user: auth0-mailer
    smtp_pass: {s3}
logStreams:
  - name: Splunk
    type: splunk
    status: active
    sink:
      splunkDomain: splunk.northwind.example
      splunkToken: {s4}
  - name: Webhook
    type: http
    status: active
    sink:
      httpEndpoint: https://logs.northwind.example/auth0
      httpAuthorization: {s5}
guardianFactorProviders:
  - name: sms
    provider: twilio
    sid: AC00000000000000000000000000000000
    auth_token: {s7}
actions:
  - name: Enrich profile
    code: ./actions/Enrich profile/code.js
    runtime: node22
    secrets:
      - name: CRM_API_KEY
        value: {s9}
    supported_triggers:
      - id: post-login
        version: v3
attackProtection:
  captcha:
    active_provider_id: hcaptcha
    hcaptcha:
      site_key: 10000000-ffff-ffff-ffff-000000000001
      secret: {s12}
hooks:
  - name: add-claim
    triggerId: credentials-exchange
    enabled: false
    script: ./hooks/add-claim.js
    secrets:
      api-key: {s13}
phoneProviders:
  - name: twilio
    configuration:
      sid: AC00000000000000000000000000000000
      default_from: '+15550100'
      delivery_methods:
        - text
    credentials:
      auth_token: {s14}
eventStreams:
  - name: crm-webhook
    status: enabled
    destination:
      type: webhook
      configuration:
        webhook_endpoint: https://crm.northwind.example/events
        webhook_authorization:
          method: bearer
          header_value: {s15}
rulesConfigs:
  - key: CRM_TOKEN
    value: {s16}
rules:
  - name: legacy-claims
    enabled: false
    script: ./rules/legacy-claims.js
    order: 1
"#,
        s1 = s[1],
        s2 = s[2],
        s3 = s[3],
        s4 = s[4],
        s5 = s[5],
        s6 = s[6],
        s7 = s[7],
        s8 = s[8],
        s9 = s[9],
        s10 = s[10],
        s11 = s[11],
        s12 = s[12],
        s13 = s[13],
        s14 = s[14],
        s15 = s[15],
        s16 = s[16],
    );
    let y = "northwind-prod/tenant.yaml";
    write(&root, y, &yaml);
    for i in [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16] {
        add(&mut seeds, i, y, s[i].clone(), "SEC-047");
    }
    add(&mut seeds, 8, y, begin.clone(), "SEC-047");
    write(
        &root,
        "northwind-prod/actions/Enrich profile/code.js",
        &format!(
            "exports.onExecutePostLogin = async (event, api) => {{\n  const api_key = \"{}\";\n  const res = await fetch('https://crm.northwind.example/v1', {{\n    headers: {{ Authorization: 'Bearer {jwt}' }},\n  }});\n  api.idToken.setCustomClaim('https://northwind.example/crm', res.ok);\n}};\n",
            s[17]
        ),
    );
    add(
        &mut seeds,
        17,
        "northwind-prod/actions/Enrich profile/code.js",
        s[17].clone(),
        "SEC-048",
    );
    seed_one(
        &mut seeds,
        &jwt,
        "northwind-prod/actions/Enrich profile/code.js",
        &jwt,
        "SEC-048",
    );
    write(
        &root,
        "northwind-prod/rules/legacy-claims.js",
        &format!(
            "function legacyClaims(user, context, callback) {{\n  const awsKeyId = '{aws}';\n  callback(null, user, context);\n}}\n"
        ),
    );
    seed_one(
        &mut seeds,
        &aws,
        "northwind-prod/rules/legacy-claims.js",
        &aws,
        "SEC-048",
    );
    let hex: String = s[22]
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    write(
        &root,
        "northwind-prod/hooks/add-claim.js",
        &format!(
            "module.exports = function (client, scope, audience, context, cb) {{\n  var signingSecret = \"{hex}\";\n  cb(null, {{ scope: scope }});\n}};\n"
        ),
    );
    seed_one(
        &mut seeds,
        &hex,
        "northwind-prod/hooks/add-claim.js",
        &hex,
        "SEC-048",
    );
    write(
        &root,
        "northwind-prod/databases/Legacy Members/login.js",
        &format!(
            "function login(email, password, callback) {{\n  const dbPassword = '{}';\n  const url = 'mysql://auth0:{}@members-db.northwind.example/members';\n  const key = `{begin}\n{}\n{end}`;\n  callback(null, {{ user_id: email }});\n}}\n",
            s[20], s[21], s[23]
        ),
    );
    add(
        &mut seeds,
        20,
        "northwind-prod/databases/Legacy Members/login.js",
        s[20].clone(),
        "SEC-048",
    );
    add(
        &mut seeds,
        21,
        "northwind-prod/databases/Legacy Members/login.js",
        s[21].clone(),
        "SEC-048",
    );
    add(
        &mut seeds,
        23,
        "northwind-prod/databases/Legacy Members/login.js",
        begin.clone(),
        "SEC-048",
    );
    write(
        &root,
        "northwind-prod/config.json",
        &format!(
            "{{\n  \"AUTH0_CLIENT_ID\": \"deploy-cli-client\",\n  \"AUTH0_CLIENT_SECRET\": \"{}\",\n  \"AUTH0_KEYWORD_REPLACE_MAPPINGS\": {{\n    \"ENV\": \"prod\",\n    \"SMTP_PASSWORD\": \"{}\",\n    \"GOOGLE_CS\": \"{}\"\n  }}\n}}\n",
            s[24], s[25], s[26]
        ),
    );
    add(
        &mut seeds,
        24,
        "northwind-prod/config.json",
        s[24].clone(),
        "SEC-047",
    );
    add(
        &mut seeds,
        25,
        "northwind-prod/config.json",
        "SMTP_PASSWORD".into(),
        "SEC-047",
    );
    // A mapping with an innocent name that gives a secret field its value is reported where the
    // export uses it.
    add(&mut seeds, 26, y, "##GOOGLE_CS##".into(), "SEC-047");

    // A directory export.
    let d = "northwind-staging";
    write(
        &root,
        &format!("{d}/tenant.json"),
        "{\n  \"friendly_name\": \"Northwind Health (staging)\"\n}\n",
    );
    write(
        &root,
        &format!("{d}/clients/Billing Service.json"),
        &format!(
            "{{\n  \"name\": \"Billing Service\",\n  \"app_type\": \"non_interactive\",\n  \"client_secret\": \"{}\"\n}}\n",
            s[27]
        ),
    );
    add(
        &mut seeds,
        27,
        "northwind-staging/clients/Billing Service.json",
        s[27].clone(),
        "SEC-047",
    );
    write(
        &root,
        &format!("{d}/connections/github.json"),
        &format!(
            "{{\n  \"name\": \"github\",\n  \"strategy\": \"github\",\n  \"options\": {{\n    \"client_id\": \"Iv1.northwind\",\n    \"client_secret\": \"{}\"\n  }}\n}}\n",
            s[28]
        ),
    );
    add(
        &mut seeds,
        28,
        "northwind-staging/connections/github.json",
        s[28].clone(),
        "SEC-047",
    );
    write(
        &root,
        &format!("{d}/emails/provider.json"),
        &format!(
            "{{\n  \"name\": \"sendgrid\",\n  \"enabled\": true,\n  \"credentials\": {{\n    \"api_key\": \"{}\"\n  }}\n}}\n",
            s[29]
        ),
    );
    add(
        &mut seeds,
        29,
        "northwind-staging/emails/provider.json",
        s[29].clone(),
        "SEC-047",
    );
    write(
        &root,
        &format!("{d}/log-streams/Datadog.json"),
        &format!(
            "{{\n  \"name\": \"Datadog\",\n  \"type\": \"datadog\",\n  \"status\": \"active\",\n  \"sink\": {{\n    \"datadogApiKey\": \"{}\",\n    \"datadogRegion\": \"eu\"\n  }}\n}}\n",
            s[30]
        ),
    );
    add(
        &mut seeds,
        30,
        "northwind-staging/log-streams/Datadog.json",
        s[30].clone(),
        "SEC-047",
    );
    write(
        &root,
        &format!("{d}/database-connections/users/database.json"),
        &format!(
            "{{\n  \"name\": \"users\",\n  \"strategy\": \"auth0\",\n  \"options\": {{\n    \"enabledDatabaseCustomization\": true,\n    \"import_mode\": true,\n    \"configuration\": {{\n      \"API_SECRET\": \"{}\"\n    }},\n    \"customScripts\": {{\n      \"login\": \"./login.js\"\n    }}\n  }}\n}}\n",
            s[31]
        ),
    );
    add(
        &mut seeds,
        31,
        "northwind-staging/database-connections/users/database.json",
        s[31].clone(),
        "SEC-047",
    );
    write(
        &root,
        &format!("{d}/database-connections/users/login.js"),
        &format!(
            "function login(email, password, callback) {{\n  var apiToken = \"{}\";\n  callback(null, {{ user_id: email }});\n}}\n",
            s[32]
        ),
    );
    add(
        &mut seeds,
        32,
        "northwind-staging/database-connections/users/login.js",
        s[32].clone(),
        "SEC-048",
    );
    write(
        &root,
        &format!("{d}/actions/Enrich profile.json"),
        "{\n  \"name\": \"Enrich profile\",\n  \"code\": \"./actions/Enrich profile/code.js\",\n  \"runtime\": \"node22\",\n  \"supported_triggers\": [{ \"id\": \"post-login\", \"version\": \"v3\" }]\n}\n",
    );
    write(
        &root,
        &format!("{d}/actions/Enrich profile/code.js"),
        &format!(
            "exports.onExecutePostLogin = async (event, api) => {{\n  const clientSecret = '{}';\n}};\n",
            s[33]
        ),
    );
    add(
        &mut seeds,
        33,
        "northwind-staging/actions/Enrich profile/code.js",
        s[33].clone(),
        "SEC-048",
    );
    Estate {
        _dir: dir,
        root,
        seeds,
    }
}

/// The values `--format` accepts, as the binary lists them: clap names every possible value when
/// it rejects one (whatever the help layout), so new formats are covered without editing this test.
fn formats() -> Vec<String> {
    let help = bin().args(["check", "--help"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&help.stdout).contains("--format"),
        "`check --help` documents --format"
    );
    let out = bin()
        .args(["check", "--format", "no-such-format"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let start = err
        .find("[possible values:")
        .unwrap_or_else(|| panic!("--format lists its values: {err}"))
        + "[possible values:".len();
    let end = start + err[start..].find(']').unwrap();
    let list: Vec<String> = err[start..end]
        .split(',')
        .map(|v| v.split_whitespace().collect::<String>())
        .filter(|v| !v.is_empty())
        .collect();
    assert!(
        list.len() >= 2 && list.iter().any(|f| f == "human"),
        "{list:?}"
    );
    list
}

fn leaks<'a>(text: &str, seeds: &'a [Seed]) -> Vec<&'a str> {
    seeds
        .iter()
        .filter(|s| text.contains(&s.value))
        .map(|s| s.value.as_str())
        .collect()
}

#[test]
fn the_secret_rules_find_every_seeded_secret() {
    let e = seed();
    let out = bin()
        .args(["check", "--format", "json", "--select", "SEC-047,SEC-048"])
        .arg(&e.root)
        .current_dir(e.root.parent().unwrap())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|err| panic!("{err}: {}", String::from_utf8_lossy(&out.stderr)));
    let mut at: BTreeMap<(String, usize), Vec<String>> = BTreeMap::new();
    for f in report["findings"].as_array().unwrap() {
        let file = f["file"].as_str().unwrap().replace('\\', "/");
        let file = file.split("estate/").last().unwrap().to_owned();
        at.entry((file, f["line"].as_u64().unwrap() as usize))
            .or_default()
            .push(f["rule"].as_str().unwrap().to_owned());
    }
    let mut missed = Vec::new();
    for s in &e.seeds {
        let text = std::fs::read_to_string(e.root.join(s.file)).unwrap();
        let line = text
            .lines()
            .position(|l| l.contains(&s.marker))
            .unwrap_or_else(|| panic!("{} not in {}", s.marker, s.file))
            + 1;
        if !at
            .get(&(s.file.to_owned(), line))
            .is_some_and(|rules| rules.iter().any(|r| r == s.rule))
        {
            missed.push(format!("{} {}:{line}", s.rule, s.file));
        }
    }
    assert!(missed.is_empty(), "not reported: {missed:#?}\nall: {at:#?}");
}

#[test]
fn no_output_format_contains_a_secret() {
    let e = seed();
    let formats = formats();
    for format in &formats {
        for color in ["never", "always"] {
            let out = bin()
                .args([
                    "check",
                    "--format",
                    format,
                    "--color",
                    color,
                    "--fail-on",
                    "never",
                ])
                .arg(&e.root)
                .current_dir(e.root.parent().unwrap())
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.code().is_some_and(|c| c == 0 || c == 1),
                "{format}: exit {:?}\n{stderr}",
                out.status
            );
            assert!(!stdout.trim().is_empty(), "{format}: no output");
            let found = leaks(&format!("{stdout}\n{stderr}"), &e.seeds);
            assert!(
                found.is_empty(),
                "`--format {format}` prints secrets {found:?}"
            );
        }
    }
    // The human report shows code frames of the files that hold the secrets: the test means it.
    let out = bin()
        .args(["check", "--color", "never", "--fail-on", "never"])
        .arg(&e.root)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("client_secret"), "{stdout}");
    assert!(stdout.contains("const api_key = \""), "{stdout}");
}

#[test]
fn generated_pages_contain_no_secret() {
    let e = seed();
    let out_dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["docs", "--out"])
        .arg(out_dir.path())
        .arg(&e.root)
        .current_dir(out_dir.path())
        .output()
        .unwrap();
    let mut outputs = String::new();
    outputs.push_str(&String::from_utf8_lossy(&out.stdout));
    outputs.push_str(&String::from_utf8_lossy(&out.stderr));
    assert_ne!(
        out.status.code(),
        Some(2),
        "`a0lint docs` did not accept an estate: {outputs}"
    );
    for entry in walkdir::WalkDir::new(out_dir.path()) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            outputs.push_str(&String::from_utf8_lossy(
                &std::fs::read(entry.path()).unwrap(),
            ));
        }
    }
    let found = leaks(&outputs, &e.seeds);
    assert!(found.is_empty(), "`a0lint docs` writes secrets {found:?}");
}
