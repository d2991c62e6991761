//! The architecture page: the seed page's sections, each answering its question for this estate.
//!
//! Auth0's B2B architecture page asks a fixed set of questions (which URL users see, how tenants
//! support the SDLC, how they are tied to the contract, which user communities exist, how customer
//! organisations map onto tenants) and gives generic advice. This view answers each one from the
//! exports and the manifest, and when neither can, says so and names the manifest field that
//! would.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::export::Environment;
use crate::finding::Severity;
use crate::manifest::UserIsolation;
use crate::rules::model::{EstateModel, TenantFacts};

use super::super::mermaid::{self, Diagram, Ids, Shape};
use super::tenant::{self, TenantData};
use super::{Counts, FrontMatter, Input, Link, Linker, Site, sorted_unique};

#[derive(Clone, Debug, Serialize)]
pub struct ArchitectureView {
    pub front: FrontMatter,
    pub estate: EstateSummary,
    pub diagram: Option<Diagram>,
    pub diagram_note: Option<String>,
    pub design: Vec<DesignQuestion>,
    pub communities: Vec<CommunityRow>,
    pub communities_declared: bool,
    pub protocols: Vec<ProtocolRow>,
    pub multi_connection_orgs: Vec<OrganizationRow>,
    pub tenants: Vec<TenantRow>,
    pub customers: Vec<CustomerRow>,
    pub organizations: Vec<OrganizationRow>,
    pub custom_domains: Vec<DomainRow>,
    pub production_without_domain: Vec<Link>,
    pub sdlc: Sdlc,
    pub association: Association,
    pub planning: Planning,
    pub keep_reading: Vec<Link>,
    pub external_reading: Vec<Link>,
}

#[derive(Clone, Debug, Serialize)]
pub struct EstateSummary {
    pub name: String,
    pub account: Option<String>,
    pub tenants: usize,
    pub exported: usize,
    pub groups: usize,
    pub regions: Vec<String>,
    pub environments: Vec<String>,
    pub manifest: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DesignQuestion {
    pub question: &'static str,
    /// Anchor of the section that answers the question in detail.
    pub section: &'static str,
    pub answered: bool,
    /// The answer; when unanswered, what the exports do say (may be empty).
    pub answer: String,
    /// What would answer it: "set `field` in where".
    pub verb: &'static str,
    pub field: &'static str,
    pub place: &'static str,
    pub source: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct TenantRow {
    pub tenant: Link,
    pub environment: String,
    pub region: String,
    pub group: String,
    pub association: String,
    pub custom_domains: Vec<String>,
    pub format: String,
    pub applications: usize,
    pub apis: usize,
    pub connections: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct CommunityRow {
    pub tenant: Link,
    pub exported: bool,
    pub environment: String,
    pub communities: Vec<String>,
    pub connection_kinds: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ProtocolRow {
    pub tenant: Link,
    pub database: Vec<String>,
    pub social: Vec<String>,
    pub enterprise: Vec<String>,
    pub passwordless: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct OrganizationRow {
    pub organization: String,
    pub tenant: Link,
    pub connections: Vec<String>,
    pub note: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct CustomerRow {
    pub customer: String,
    pub user_isolation: String,
    pub identity_providers: Vec<String>,
    pub dedicated_tenants: Vec<Link>,
    /// Whether the guidance calls for a dedicated tenant: `yes`, `no` or `unknown`.
    pub warranted: &'static str,
    pub reason: String,
    pub verdict: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct DomainRow {
    pub tenant: Link,
    pub environment: String,
    pub domains: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Sdlc {
    pub environments: Vec<String>,
    pub required: Vec<String>,
    pub groups: Vec<GroupRow>,
    pub drift: Vec<DriftRow>,
    pub settings_drift: Vec<SettingDriftRow>,
    /// Groups with at least two exported tenants, whose resources could be compared.
    pub compared_groups: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct GroupRow {
    pub group: String,
    pub cells: Vec<EnvironmentCell>,
}

#[derive(Clone, Debug, Serialize)]
pub struct EnvironmentCell {
    pub tenants: Vec<Link>,
    /// The policy requires this environment and the group has no tenant for it.
    pub missing: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct DriftRow {
    pub group: String,
    pub kind: &'static str,
    pub name: String,
    pub present: Vec<Link>,
    pub missing: Vec<Link>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SettingDriftRow {
    pub group: String,
    pub setting: &'static str,
    pub values: Vec<TenantValue>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TenantValue {
    pub tenant: Link,
    pub value: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Association {
    pub manifest: bool,
    pub account: Option<String>,
    pub associated: usize,
    pub rows: Vec<AssociationRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AssociationRow {
    pub tenant: Link,
    pub environment: String,
    pub account: String,
    pub parent: String,
    pub status: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Planning {
    pub counts: Counts,
    pub findings_href: String,
    pub categories: Vec<CategoryCounts>,
    pub rules: Vec<RuleCount>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CategoryCounts {
    pub category: &'static str,
    pub counts: Counts,
}

#[derive(Clone, Debug, Serialize)]
pub struct RuleCount {
    pub rule: Link,
    pub name: String,
    pub severity: &'static str,
    pub count: usize,
    pub tenants: Vec<Link>,
}

/// The names of one kind of resource in a tenant's export.
type NamesOf = fn(&TenantData) -> Vec<String>;

/// Environments in their SDLC order; tenants without one last.
fn env_key(f: &TenantFacts<'_>) -> (u8, Option<Environment>) {
    (u8::from(f.environment.is_none()), f.environment)
}

/// Indices of the model's tenants in group order: by group, then environment, then name.
fn ordered(model: &EstateModel<'_>) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..model.tenants.len()).collect();
    idx.sort_by(|&a, &b| {
        let (fa, fb) = (&model.tenants[a], &model.tenants[b]);
        (&fa.group, env_key(fa), fa.name).cmp(&(&fb.group, env_key(fb), fb.name))
    });
    idx
}

fn estate_name(model: &EstateModel<'_>) -> String {
    if let Some(a) = model.manifest.and_then(|m| m.account.as_ref()) {
        return a.get_ref().clone();
    }
    let stems: BTreeSet<String> = model
        .tenants
        .iter()
        .map(|f| crate::rules::model::stem(f.name))
        .collect();
    match stems.len() {
        1 => stems.into_iter().next().unwrap_or_default(),
        _ => "this estate".to_owned(),
    }
}

/// Builds the architecture page. `linker` places its links (on the page itself, or in a block
/// injected into another file).
pub fn build(
    input: &Input<'_>,
    site: &Site,
    data: &[Option<TenantData>],
    linker: &Linker,
) -> ArchitectureView {
    let model = input.model;
    let order = ordered(model);
    let tlink = |i: usize| linker.link(model.tenants[i].name, site.tenant_page(i));
    let production: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| model.tenants[i].is_production())
        .collect();
    // The tenants whose configuration speaks for the estate: production, or all when none is.
    let reference: Vec<usize> = if production.is_empty() {
        order.clone()
    } else {
        production.clone()
    };
    let name = estate_name(model);
    let regions = sorted_unique(
        model
            .tenants
            .iter()
            .map(tenant::region)
            .filter(|r| r != "unknown")
            .collect(),
    );
    let mut envs: Vec<Environment> = model.tenants.iter().filter_map(|f| f.environment).collect();
    envs.sort();
    envs.dedup();
    let estate = EstateSummary {
        name: name.clone(),
        account: model
            .manifest
            .and_then(|m| m.account.as_ref())
            .map(|a| a.get_ref().clone()),
        tenants: model.tenants.len(),
        exported: model.tenants.iter().filter(|f| f.tenant.is_some()).count(),
        groups: model.groups().len(),
        regions,
        environments: envs.iter().map(|e| e.as_str().to_owned()).collect(),
        manifest: model
            .manifest
            .map(|m| input.relative(&crate::source::display_path(&m.path, &input.base))),
    };

    let (diagram, diagram_note) = match estate_diagram(model, &order) {
        Ok(d) => (Some(d), None),
        Err(note) => (None, Some(note)),
    };

    let tenants: Vec<TenantRow> = order
        .iter()
        .map(|&i| {
            let f = &model.tenants[i];
            let d = data[i].as_ref();
            let counts = d.map(TenantData::counts).unwrap_or_default();
            TenantRow {
                tenant: tlink(i),
                environment: tenant::environment_name(f),
                region: tenant::region(f),
                group: f.group.clone(),
                association: tenant::association(model, f),
                custom_domains: d
                    .map(|d| d.custom_domains.iter().map(|c| c.domain.clone()).collect())
                    .unwrap_or_default(),
                format: f
                    .tenant
                    .map(|t| t.format.as_str().to_owned())
                    .unwrap_or_else(|| "no export".into()),
                applications: counts.applications,
                apis: counts.apis,
                connections: counts.connections,
            }
        })
        .collect();

    let communities: Vec<CommunityRow> = order
        .iter()
        .map(|&i| {
            let f = &model.tenants[i];
            CommunityRow {
                tenant: tlink(i),
                exported: data[i].is_some(),
                environment: tenant::environment_name(f),
                communities: f
                    .entry
                    .and_then(|e| e.communities.as_ref())
                    .map(|c| c.get_ref().clone())
                    .unwrap_or_default(),
                connection_kinds: data[i]
                    .as_ref()
                    .map(|d| {
                        let kinds: BTreeSet<&str> = d.connections.iter().map(|c| c.kind).collect();
                        kinds.into_iter().map(str::to_owned).collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect();
    let communities_declared = communities.iter().any(|c| !c.communities.is_empty());

    let protocols: Vec<ProtocolRow> = reference
        .iter()
        .filter_map(|&i| {
            let d = data[i].as_ref()?;
            let of = |kind: &str| -> Vec<String> {
                d.connections
                    .iter()
                    .filter(|c| c.kind == kind)
                    .map(|c| format!("{} ({})", c.name, c.strategy))
                    .collect()
            };
            Some(ProtocolRow {
                tenant: tlink(i),
                database: of("database"),
                social: of("social"),
                enterprise: of("enterprise"),
                passwordless: of("passwordless"),
            })
        })
        .collect();

    let customers_declared: Vec<&str> = model
        .manifest
        .map(|m| {
            m.customers
                .iter()
                .map(|c| c.name.get_ref().as_str())
                .collect()
        })
        .unwrap_or_default();
    let organizations: Vec<OrganizationRow> = reference
        .iter()
        .filter_map(|&i| data[i].as_ref().map(|d| (i, d)))
        .flat_map(|(i, d)| {
            d.organizations.iter().map(move |o| (i, o))
        })
        .map(|(i, o)| OrganizationRow {
            organization: if o.display_name != o.name {
                format!("{} ({})", o.display_name, o.name)
            } else {
                o.name.clone()
            },
            tenant: tlink(i),
            connections: o.connections.clone(),
            note: match customers_declared.iter().find(|c| **c == o.name) {
                Some(c) => format!("declared as the customer {c} (see above)"),
                None if o.connections.len() > 1 => format!(
                    "{} connections: if its users are isolated from other organizations, a dedicated tenant may be warranted (declare it as a [[customer]] in a0lint.toml)",
                    o.connections.len()
                ),
                None => "one connection: fits the shared tenant".to_owned(),
            },
        })
        .collect();
    let multi_connection_orgs: Vec<OrganizationRow> = organizations
        .iter()
        .filter(|o| o.connections.len() > 1)
        .cloned()
        .collect();

    let customers = customers(model, site, linker);

    let custom_domains: Vec<DomainRow> = order
        .iter()
        .filter_map(|&i| {
            let d = data[i].as_ref()?;
            Some(DomainRow {
                tenant: tlink(i),
                environment: tenant::environment_name(&model.tenants[i]),
                domains: d
                    .custom_domains
                    .iter()
                    .map(|c| {
                        let mut s = format!("{} ({}", c.domain, c.status);
                        if c.default == "yes" {
                            s.push_str(", default");
                        }
                        s.push(')');
                        s
                    })
                    .collect(),
            })
        })
        .collect();
    let production_without_domain: Vec<Link> = production
        .iter()
        .copied()
        .filter(|&i| {
            data[i]
                .as_ref()
                .is_some_and(|d| d.custom_domains.is_empty())
        })
        .map(tlink)
        .collect();

    let sdlc = sdlc(model, site, data, linker, &order);
    let association = association(model, linker, site, &order);
    let planning = planning(input, site, linker);

    let design = design_questions(
        model,
        data,
        &production,
        &sdlc,
        &association,
        &customers,
        &organizations,
    );

    let mut keep_reading: Vec<Link> = order
        .iter()
        .map(|&i| {
            let f = &model.tenants[i];
            linker.link(
                format!("Tenant {} ({})", f.name, tenant::environment_name(f)),
                site.tenant_page(i),
            )
        })
        .collect();
    keep_reading.push(linker.link("All findings", super::FINDINGS));
    keep_reading.push(linker.link("Rule reference", super::RULES_INDEX));

    ArchitectureView {
        front: FrontMatter::new(
            "Architecture",
            format!(
                "How the Auth0 tenants of {name} are laid out across environments, accounts and customers, generated from their Deploy CLI exports"
            ),
            &["b2b", "iam", "tenants"],
            "concept",
            input.generated.as_deref(),
        ),
        estate,
        diagram,
        diagram_note,
        design,
        communities,
        communities_declared,
        protocols,
        multi_connection_orgs,
        tenants,
        customers,
        organizations,
        custom_domains,
        production_without_domain,
        sdlc,
        association,
        planning,
        keep_reading,
        external_reading: vec![
            Link {
                text: "Auth0: B2B architecture".into(),
                href: "https://auth0.com/docs/get-started/architecture-scenarios/business-to-business/architecture".into(),
            },
            Link {
                text: "Auth0: Deploy CLI".into(),
                href: "https://auth0.com/docs/deploy-monitor/deploy-cli-tool".into(),
            },
        ],
    }
}

/// The estate diagram: account → SDLC groups → tenants, in environment order.
fn estate_diagram(model: &EstateModel<'_>, order: &[usize]) -> Result<Diagram, String> {
    const MAX_TENANTS: usize = 200;
    if model.tenants.len() > MAX_TENANTS {
        return Err(format!(
            "The diagram is left out: {} tenants are more than one diagram can show legibly ({MAX_TENANTS}). The tables below list them all.",
            model.tenants.len()
        ));
    }
    let mut ids = Ids::default();
    let mut g = Diagram::new("LR");
    let account = model
        .manifest
        .and_then(|m| m.account.as_ref())
        .map(|a| format!("Account {}", a.get_ref()))
        .unwrap_or_else(|| "Account (not declared)".into());
    let account_id = ids.id("account", "");
    g.nodes.push(mermaid::node(
        account_id.clone(),
        &[&account],
        Shape::Stadium,
    ));
    let mut tenant_ids: BTreeMap<usize, String> = BTreeMap::new();
    let mut current: Option<&str> = None;
    for &i in order {
        let f = &model.tenants[i];
        if current != Some(f.group.as_str()) {
            current = Some(f.group.as_str());
            let id = ids.id("group_", &f.group);
            g.edges.push(mermaid::Edge {
                from: account_id.clone(),
                to: id.clone(),
                arrow: mermaid::arrow(None, false),
            });
            g.subgraphs.push(mermaid::Subgraph {
                id,
                label: mermaid::label(&format!("SDLC group {}", f.group)),
                nodes: Vec::new(),
            });
        }
        let id = ids.id("tenant_", f.name);
        let env = tenant::environment_name(f);
        let mut lines = vec![f.name.to_owned(), env];
        if model.manifest.is_some() && f.account.is_none() {
            lines.push("not associated".into());
        }
        if f.tenant.is_none() {
            lines.push("no export".into());
        }
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        if let Some(sg) = g.subgraphs.last_mut() {
            sg.nodes.push(mermaid::node(id.clone(), &refs, Shape::Box));
        }
        tenant_ids.insert(i, id);
    }
    for (&i, id) in &tenant_ids {
        let f = &model.tenants[i];
        if let Some(parent) = f.parent
            && let Some(pi) = model.tenants.iter().position(|t| t.name == parent)
            && let Some(pid) = tenant_ids.get(&pi)
        {
            g.edges.push(mermaid::Edge {
                from: id.clone(),
                to: pid.clone(),
                arrow: mermaid::arrow(Some("child of"), true),
            });
        }
    }
    Ok(g)
}

fn customers(model: &EstateModel<'_>, site: &Site, linker: &Linker) -> Vec<CustomerRow> {
    let Some(m) = model.manifest else {
        return Vec::new();
    };
    let mut rows: Vec<CustomerRow> = m
        .customers
        .iter()
        .map(|c| {
            let name = c.name.get_ref();
            let dedicated: Vec<Link> = model
                .tenants
                .iter()
                .enumerate()
                .filter(|(_, f)| f.customer == Some(name.as_str()))
                .map(|(i, f)| linker.link(f.name, site.tenant_page(i)))
                .collect();
            let idps = c.identity_providers.len();
            let (warranted, reason) = match c.user_isolation {
                None => (
                    "unknown",
                    "set user-isolation to say whether its users are isolated".to_owned(),
                ),
                Some(UserIsolation::Isolated) if idps > 1 => (
                    "yes",
                    format!("isolated users and {idps} identity providers"),
                ),
                Some(UserIsolation::Isolated) => (
                    "no",
                    format!(
                        "isolated users but {} identity provider{}",
                        if idps == 0 { "no".to_owned() } else { idps.to_string() },
                        if idps == 1 { "" } else { "s" }
                    ),
                ),
                Some(UserIsolation::Shared) => {
                    ("no", "its users are shared with other organizations".to_owned())
                }
            };
            let verdict = match (warranted, dedicated.is_empty()) {
                ("yes", true) => "consider a dedicated tenant for this customer".to_owned(),
                ("yes", false) => "has its dedicated tenant, as the guidance suggests".to_owned(),
                ("no", false) => {
                    "has a dedicated tenant the guidance does not call for: keep it only if absolutely necessary".to_owned()
                }
                ("no", true) => "stays in the shared tenant, as the guidance suggests".to_owned(),
                _ => "cannot be judged yet".to_owned(),
            };
            CustomerRow {
                customer: name.clone(),
                user_isolation: match c.user_isolation {
                    Some(UserIsolation::Isolated) => "isolated".into(),
                    Some(UserIsolation::Shared) => "shared".into(),
                    None => "not declared".into(),
                },
                identity_providers: c.identity_providers.clone(),
                dedicated_tenants: dedicated,
                warranted,
                reason,
                verdict,
            }
        })
        .collect();
    rows.sort_by(|a, b| a.customer.cmp(&b.customer));
    rows
}

fn sdlc(
    model: &EstateModel<'_>,
    site: &Site,
    data: &[Option<TenantData>],
    linker: &Linker,
    order: &[usize],
) -> Sdlc {
    let required: Vec<Environment> = model
        .manifest
        .map(|m| m.policy.environments.clone())
        .unwrap_or_else(|| crate::manifest::Policy::default().environments);
    let mut columns: Vec<Option<Environment>> = required.iter().copied().map(Some).collect();
    for f in &model.tenants {
        if !columns.contains(&f.environment) {
            columns.push(f.environment);
        }
    }
    columns.sort_by_key(|e| (e.is_none(), *e));
    let tlink = |i: usize| linker.link(model.tenants[i].name, site.tenant_page(i));

    let mut groups: Vec<GroupRow> = Vec::new();
    let mut drift = Vec::new();
    let mut settings_drift = Vec::new();
    let mut compared_groups = 0;
    for group in model.groups() {
        let members: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| model.tenants[i].group == group)
            .collect();
        let has_production = members.iter().any(|&i| model.tenants[i].is_production());
        let cells = columns
            .iter()
            .map(|env| {
                let tenants: Vec<Link> = members
                    .iter()
                    .copied()
                    .filter(|&i| model.tenants[i].environment == *env)
                    .map(tlink)
                    .collect();
                EnvironmentCell {
                    missing: tenants.is_empty()
                        && has_production
                        && env.is_some_and(|e| required.contains(&e)),
                    tenants,
                }
            })
            .collect();
        groups.push(GroupRow {
            group: group.to_owned(),
            cells,
        });

        let exported: Vec<(usize, &TenantData)> = members
            .iter()
            .filter_map(|&i| data[i].as_ref().map(|d| (i, d)))
            .collect();
        if exported.len() < 2 {
            continue;
        }
        compared_groups += 1;
        let kinds: [(&'static str, NamesOf); 6] = [
            ("application", |d| {
                d.applications.iter().map(|a| a.name.clone()).collect()
            }),
            ("API", |d| d.apis.iter().map(|a| a.name.clone()).collect()),
            ("connection", |d| {
                d.connections.iter().map(|c| c.name.clone()).collect()
            }),
            ("organization", |d| {
                d.organizations.iter().map(|o| o.name.clone()).collect()
            }),
            ("action", |d| {
                d.actions.iter().map(|a| a.action.clone()).collect()
            }),
            ("role", |d| d.roles.clone()),
        ];
        for (kind, names_of) in kinds {
            let per: Vec<(usize, BTreeSet<String>)> = exported
                .iter()
                .map(|(i, d)| (*i, names_of(d).into_iter().collect()))
                .collect();
            let all: BTreeSet<&String> = per.iter().flat_map(|(_, s)| s.iter()).collect();
            for name in all {
                let (present, missing): (Vec<_>, Vec<_>) =
                    per.iter().partition(|(_, s)| s.contains(name));
                if missing.is_empty() {
                    continue;
                }
                drift.push(DriftRow {
                    group: group.to_owned(),
                    kind,
                    name: name.clone(),
                    present: present.iter().map(|(i, _)| tlink(*i)).collect(),
                    missing: missing.iter().map(|(i, _)| tlink(*i)).collect(),
                });
            }
        }
        let mut settings: Vec<&'static str> = Vec::new();
        for (_, d) in &exported {
            for s in &d.security {
                if !settings.contains(&s.setting) {
                    settings.push(s.setting);
                }
            }
        }
        for setting in settings {
            let values: Vec<TenantValue> = exported
                .iter()
                .map(|(i, d)| TenantValue {
                    tenant: tlink(*i),
                    value: d
                        .security
                        .iter()
                        .find(|s| s.setting == setting)
                        .map(|s| s.value.clone())
                        .unwrap_or_else(|| "not in the export".into()),
                })
                .collect();
            if values.iter().any(|v| v.value != values[0].value) {
                settings_drift.push(SettingDriftRow {
                    group: group.to_owned(),
                    setting,
                    values,
                });
            }
        }
    }
    Sdlc {
        environments: columns
            .iter()
            .map(|e| {
                e.map(|e| e.as_str().to_owned())
                    .unwrap_or_else(|| "unknown".into())
            })
            .collect(),
        required: required.iter().map(|e| e.as_str().to_owned()).collect(),
        groups,
        drift,
        settings_drift,
        compared_groups,
    }
}

fn association(
    model: &EstateModel<'_>,
    linker: &Linker,
    site: &Site,
    order: &[usize],
) -> Association {
    let rows: Vec<AssociationRow> = order
        .iter()
        .map(|&i| {
            let f = &model.tenants[i];
            AssociationRow {
                tenant: linker.link(f.name, site.tenant_page(i)),
                environment: tenant::environment_name(f),
                account: f.account.unwrap_or("none").to_owned(),
                parent: f.parent.unwrap_or("none").to_owned(),
                status: match (
                    model.manifest.is_some(),
                    f.account,
                    f.parent,
                    f.is_production(),
                ) {
                    (false, ..) => "unknown: no a0lint.toml".into(),
                    (true, None, ..) => "not associated: set account in a0lint.toml".into(),
                    (true, Some(_), Some(_), true) => {
                        "associated, but a child tenant must not serve production".into()
                    }
                    (true, Some(_), Some(p), false) => format!("associated; child tenant of {p}"),
                    (true, Some(_), None, _) => "associated".into(),
                },
            }
        })
        .collect();
    Association {
        manifest: model.manifest.is_some(),
        account: model
            .manifest
            .and_then(|m| m.account.as_ref())
            .map(|a| a.get_ref().clone()),
        associated: model.tenants.iter().filter(|f| f.account.is_some()).count(),
        rows,
    }
}

fn planning(input: &Input<'_>, site: &Site, linker: &Linker) -> Planning {
    let mut by_category: BTreeMap<usize, Counts> = BTreeMap::new();
    let mut by_rule: BTreeMap<&str, (Severity, usize, BTreeSet<String>)> = BTreeMap::new();
    for f in input.findings {
        let meta = crate::rules::lookup(f.rule);
        let cat = meta
            .and_then(|m| {
                crate::rules::CATEGORIES
                    .iter()
                    .position(|c| *c == m.category)
            })
            .unwrap_or(usize::MAX);
        by_category.entry(cat).or_default().add(f.severity);
        let e = by_rule
            .entry(f.rule)
            .or_insert((f.severity, 0, BTreeSet::new()));
        e.0 = e.0.max(f.severity);
        e.1 += 1;
        if let Some(t) = &f.tenant {
            e.2.insert(t.clone());
        }
    }
    let mut rules: Vec<RuleCount> = by_rule
        .into_iter()
        .map(|(id, (severity, count, tenants))| {
            let meta = crate::rules::lookup(id);
            RuleCount {
                rule: Link {
                    text: id.to_owned(),
                    href: meta
                        .map(|m| linker.href(&Site::rule_page(&m.name)))
                        .unwrap_or_default(),
                },
                name: meta.map(|m| m.name.clone()).unwrap_or_default(),
                severity: severity.as_str(),
                count,
                tenants: tenants
                    .iter()
                    .map(|t| match site.tenant_index(t) {
                        Some(i) => linker.link(t, site.tenant_page(i)),
                        None => Link {
                            text: t.clone(),
                            href: String::new(),
                        },
                    })
                    .collect(),
            }
        })
        .collect();
    rules.sort_by(|a, b| {
        let sev = |s: &str| Severity::parse(s).unwrap_or(Severity::Info);
        sev(b.severity)
            .cmp(&sev(a.severity))
            .then(b.count.cmp(&a.count))
            .then(a.rule.text.cmp(&b.rule.text))
    });
    Planning {
        counts: Counts::of(input.findings),
        findings_href: linker.href(super::FINDINGS),
        categories: by_category
            .into_iter()
            .map(|(i, counts)| CategoryCounts {
                category: crate::rules::CATEGORIES.get(i).copied().unwrap_or("other"),
                counts,
            })
            .collect(),
        rules,
    }
}

fn design_questions(
    model: &EstateModel<'_>,
    data: &[Option<TenantData>],
    production: &[usize],
    sdlc: &Sdlc,
    association: &Association,
    customers: &[CustomerRow],
    organizations: &[OrganizationRow],
) -> Vec<DesignQuestion> {
    let mut out = Vec::new();

    // 1. Which URL users see.
    let with_domain: Vec<(usize, &TenantData)> = data
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.as_ref().map(|d| (i, d)))
        .filter(|(_, d)| !d.custom_domains.is_empty())
        .collect();
    let exported = data.iter().filter(|d| d.is_some()).count();
    let prod_domains: Vec<String> = production
        .iter()
        .filter_map(|&i| {
            let d = data[i].as_ref()?;
            (!d.custom_domains.is_empty()).then(|| {
                format!(
                    "{} on {}",
                    d.custom_domains
                        .iter()
                        .map(|c| c.domain.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    model.tenants[i].name
                )
            })
        })
        .collect();
    let url_answered = if production.is_empty() {
        !with_domain.is_empty()
    } else {
        !prod_domains.is_empty()
    };
    out.push(DesignQuestion {
        question: "What URL do users see when Auth0 shows them a page (login, password reset)?",
        section: "custom-domains",
        answered: url_answered,
        answer: if url_answered {
            let mut s = if prod_domains.is_empty() {
                "No production tenant is known".to_owned()
            } else {
                format!("Production: {}", prod_domains.join("; "))
            };
            s.push_str(&format!(
                ". {} of {} exported tenants have a custom domain.",
                with_domain.len(),
                exported
            ));
            s
        } else {
            format!(
                "users see the Auth0 domain (*.auth0.com): {} of {} exported tenants have a custom domain",
                with_domain.len(),
                exported
            )
        },
        verb: "add",
        field: "customDomains",
        place: "to the production tenant's export",
        source: "exports",
    });

    // 2. SDLC.
    let envs_known = model.tenants.iter().any(|f| f.environment.is_some());
    let declared_env = model
        .tenants
        .iter()
        .any(|f| f.entry.is_some_and(|e| e.environment.is_some()));
    let groups: Vec<String> = sdlc
        .groups
        .iter()
        .map(|g| {
            let present: Vec<&str> = g
                .cells
                .iter()
                .zip(&sdlc.environments)
                .filter(|(c, _)| !c.tenants.is_empty())
                .map(|(_, e)| e.as_str())
                .collect();
            let missing: Vec<&str> = g
                .cells
                .iter()
                .zip(&sdlc.environments)
                .filter(|(c, _)| c.missing)
                .map(|(_, e)| e.as_str())
                .collect();
            let mut s = format!("{} ({})", g.group, present.join(", "));
            if !missing.is_empty() {
                s.push_str(&format!(", missing {}", missing.join(", ")));
            }
            s
        })
        .collect();
    out.push(DesignQuestion {
        question: "How do the tenants support our software development life cycle?",
        section: "sdlc-support",
        answered: envs_known,
        answer: if envs_known {
            format!(
                "{} SDLC group{}: {}.",
                groups.len(),
                if groups.len() == 1 { "" } else { "s" },
                groups.join("; ")
            )
        } else {
            String::new()
        },
        verb: "set",
        field: "environment",
        place: "in each [[tenant]] of a0lint.toml",
        source: if declared_env {
            "a0lint.toml"
        } else {
            "tenant names"
        },
    });

    // 3. Contract.
    let any_account = association.associated > 0 || association.account.is_some();
    out.push(DesignQuestion {
        question: "Are all tenants associated with our Auth0 account, so they share its contracted features?",
        section: "tenant-association",
        answered: association.manifest && any_account,
        answer: if association.manifest && any_account {
            let not: Vec<&str> = model
                .tenants
                .iter()
                .filter(|f| f.account.is_none())
                .map(|f| f.name)
                .collect();
            let mut s = format!(
                "{} of {} tenants are associated{}.",
                association.associated,
                model.tenants.len(),
                association
                    .account
                    .as_ref()
                    .map(|a| format!(" with account {a}"))
                    .unwrap_or_default()
            );
            if !not.is_empty() {
                s.push_str(&format!(" Not associated: {}.", not.join(", ")));
            }
            s
        } else {
            String::new()
        },
        verb: "set",
        field: "account",
        place: "in each [[tenant]] of a0lint.toml",
        source: "a0lint.toml",
    });

    // 4. Communities and other projects.
    let declared: Vec<String> = model
        .tenants
        .iter()
        .filter_map(|f| {
            let c = f.entry?.communities.as_ref()?.get_ref();
            (!c.is_empty()).then(|| format!("{}: {}", f.name, c.join(", ")))
        })
        .collect();
    out.push(DesignQuestion {
        question: "Which user communities (customers, employees, partners) does each tenant serve, and which other projects use Auth0?",
        section: "how-your-domains-and-user-community-impact-architecture",
        answered: !declared.is_empty(),
        answer: declared.join("; "),
        verb: "set",
        field: "communities",
        place: "in each [[tenant]] of a0lint.toml",
        source: "a0lint.toml",
    });

    // 5. Customer organisations.
    let orgs = organizations.len();
    out.push(DesignQuestion {
        question: "How do our customers' organizations map onto the Auth0 deployment?",
        section: "complex-organization-tenant-provisioning",
        answered: !customers.is_empty(),
        answer: if customers.is_empty() {
            if orgs > 0 {
                format!(
                    "the exports hold {orgs} Auth0 organization{}, but nothing says whether their users are isolated",
                    if orgs == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            }
        } else {
            let warranted = customers.iter().filter(|c| c.warranted == "yes").count();
            let dedicated = customers
                .iter()
                .filter(|c| !c.dedicated_tenants.is_empty())
                .count();
            format!(
                "{} customer{} declared; a dedicated tenant is warranted for {warranted} and exists for {dedicated}; {orgs} Auth0 organization{} in the exports.",
                customers.len(),
                if customers.len() == 1 { "" } else { "s" },
                if orgs == 1 { "" } else { "s" }
            )
        },
        verb: "declare",
        field: "[[customer]]",
        place: "entries (user-isolation, identity-providers) in a0lint.toml",
        source: "a0lint.toml and exports",
    });
    out
}
