//! PROV-005 domain-aliases-without-identifier-first

use crate::rules::engine::Reporter;
use crate::rules::helpers::list_names;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::source::keywords;

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    if t.excluded("prompts") {
        return;
    }
    let routed: Vec<(usize, &crate::source::Node)> = super::enterprise_connections(t)
        .into_iter()
        .filter(|(_, c)| super::domain_aliases(c).is_some())
        .collect();
    let Some((first_index, first)) = routed.first() else {
        return;
    };
    let prompts = t.object("prompts");
    // Classic Universal Login (Lock) does home realm discovery in the browser itself.
    if prompts.and_then(|p| p.get_str("universal_login_experience")) == Some("classic") {
        return;
    }
    let flag = prompts.and_then(|p| p.get("identifier_first"));
    if let Some(n) = flag
        && (n.as_bool() == Some(true) || n.as_str().is_some_and(keywords::has_marker))
    {
        return;
    }
    let mut names: Vec<&str> = routed
        .iter()
        .filter_map(|(_, c)| c.get_str("name"))
        .collect();
    names.sort_unstable();
    let (noun, verb) = if names.len() == 1 {
        ("connection", "has")
    } else {
        ("connections", "have")
    };
    let message = format!(
        "{noun} {} {verb} `domain_aliases` for home realm discovery, but `prompts.identifier_first` is {}: with New Universal Login, Auth0 matches the email domain against `domain_aliases` only on the identifier-first screen, so users are shown a password prompt instead of being sent to their company's identity provider. Set `identifier_first: true` under `prompts`",
        list_names(&names),
        match flag {
            Some(_) => "not `true`",
            None => "not set (it defaults to off)",
        }
    );
    match flag {
        Some(n) => r.at(f, n.span, "/prompts/identifier_first", message),
        None => {
            let aliases = super::domain_aliases(first).expect("filtered on aliases");
            r.at(
                f,
                aliases.span,
                format!("/connections/{first_index}/options/domain_aliases"),
                message,
            )
        }
    };
}
