//! SEC-034 backchannel-logout-missing

use crate::rules::engine::Reporter;
use crate::rules::model::{EstateModel, TenantFacts};
use crate::rules::settings::{anchor, clients, name_of};
use crate::source::Node;

pub fn check(f: &TenantFacts<'_>, _model: &EstateModel<'_>, r: &mut Reporter<'_>) {
    let Some(t) = f.tenant else { return };
    for (i, c) in clients(t) {
        if c.get_str("app_type") != Some("regular_web") {
            continue;
        }
        let urls = c
            .get_path(&["oidc_logout", "backchannel_logout_urls"])
            .or_else(|| c.get_path(&["oidc_backchannel_logout", "backchannel_logout_urls"]))
            .and_then(Node::as_array)
            .is_some_and(|a| !a.is_empty());
        if urls {
            continue;
        }
        r.at(
            f,
            anchor(c),
            format!("/clients/{i}"),
            format!(
                "web application `{}` registers no back-channel logout URL, so its sessions survive when the user signs out elsewhere or an administrator ends their session; set `oidc_logout.backchannel_logout_urls`",
                name_of(c)
            ),
        );
    }
}
