//! The findings page and the rule reference pages.
//!
//! Rule pages are generated from the rule files in `rules/` (the same data `a0lint rule` prints),
//! so the published reference cannot drift from the rules a0lint runs. Their rationale and fix are
//! Markdown written by the rule's author and go into the page as they are.

use serde::Serialize;

use crate::rules::{self, RuleMeta};

use super::super::markdown;
use super::{Counts, FindingRow, FrontMatter, Input, Link, Linker, Site};

#[derive(Clone, Debug, Serialize)]
pub struct FindingsView {
    pub front: FrontMatter,
    pub counts: Counts,
    pub architecture: String,
    pub estate_wide: Vec<FindingRow>,
    pub tenants: Vec<TenantFindings>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TenantFindings {
    pub name: String,
    pub anchor: String,
    pub page: String,
    pub counts: Counts,
    pub findings: Vec<FindingRow>,
}

pub fn findings(input: &Input<'_>, site: &Site) -> FindingsView {
    let linker = Linker::from_page(super::FINDINGS);
    let estate_wide = input
        .findings
        .iter()
        .filter(|f| {
            f.tenant
                .as_deref()
                .and_then(|t| site.tenant_index(t))
                .is_none()
        })
        .map(|f| input.finding_row(site, &linker, f))
        .collect();
    let mut tenants = Vec::new();
    for (i, t) in input.model.tenants.iter().enumerate() {
        // A name shared by two exports has one section, under its first tenant.
        if site.tenant_index(t.name) != Some(i) {
            continue;
        }
        let own: Vec<&crate::finding::Finding> = input
            .findings
            .iter()
            .filter(|f| f.tenant.as_deref() == Some(t.name))
            .collect();
        tenants.push(TenantFindings {
            name: t.name.to_owned(),
            anchor: site.tenant_anchor(i).to_owned(),
            page: linker.href(site.tenant_page(i)),
            counts: Counts::of(own.iter().copied()),
            findings: own
                .iter()
                .map(|f| input.finding_row(site, &linker, f))
                .collect(),
        });
    }
    FindingsView {
        front: FrontMatter::new(
            "Findings",
            "Every open a0lint finding in the estate, by tenant",
            &["tenants", "iam"],
            "reference",
            input.generated.as_deref(),
        ),
        counts: Counts::of(input.findings),
        architecture: linker.href(super::ARCHITECTURE),
        estate_wide,
        tenants,
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct RuleView {
    pub front: FrontMatter,
    pub id: String,
    pub name: String,
    pub anchor: String,
    pub category: String,
    pub severity: String,
    pub environments: Vec<String>,
    pub severity_by_environment: Vec<EnvironmentSeverity>,
    pub summary: String,
    /// Markdown, as written in the rule file.
    pub rationale: String,
    /// Markdown, as written in the rule file.
    pub fix: String,
    pub example_format: String,
    pub fail: String,
    pub pass: String,
    pub fail_manifest: Option<String>,
    pub pass_manifest: Option<String>,
    /// A fence longer than any backtick run in the examples.
    pub fence: String,
    pub references: Vec<String>,
    pub url: String,
    pub index: String,
    pub rule_file: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct EnvironmentSeverity {
    pub environment: String,
    pub severity: String,
}

/// The rules that get a page: every built-in rule, and the estate's own (user) rules that raised
/// a finding. Sorted by id.
pub fn documented_rules(findings: &[crate::finding::Finding]) -> Vec<&'static RuleMeta> {
    let mut out: Vec<&'static RuleMeta> = rules::all().iter().collect();
    for f in findings {
        if let Some(m) = rules::lookup(f.rule)
            && m.user
            && !out.iter().any(|r| r.id == m.id)
        {
            out.push(m);
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// A rule's page; `file` is where its definition lives, as shown on the page.
pub fn rule(meta: &RuleMeta, file: String, generated: Option<&str>) -> RuleView {
    let ex = &meta.examples;
    let all_text = format!(
        "{}{}{}{}",
        ex.fail,
        ex.pass,
        ex.fail_manifest.as_deref().unwrap_or(""),
        ex.pass_manifest.as_deref().unwrap_or("")
    );
    RuleView {
        front: FrontMatter::new(
            format!("{} {}", meta.id, meta.name),
            meta.summary.clone(),
            &["a0lint", "rules", &meta.category],
            "reference",
            generated,
        ),
        id: meta.id.clone(),
        name: meta.name.clone(),
        anchor: markdown::slug(&meta.name),
        category: meta.category.clone(),
        severity: meta.severity.as_str().to_owned(),
        environments: meta
            .environments
            .iter()
            .map(|e| e.as_str().to_owned())
            .collect(),
        severity_by_environment: meta
            .severity_by_environment
            .iter()
            .map(|(e, s)| EnvironmentSeverity {
                environment: e.as_str().to_owned(),
                severity: s.clone(),
            })
            .collect(),
        summary: meta.summary.clone(),
        rationale: meta.rationale.trim().to_owned(),
        fix: meta.fix.trim().to_owned(),
        example_format: ex.format.clone(),
        fail: ex.fail.trim_end().to_owned(),
        pass: ex.pass.trim_end().to_owned(),
        fail_manifest: ex.fail_manifest.as_ref().map(|m| m.trim_end().to_owned()),
        pass_manifest: ex.pass_manifest.as_ref().map(|m| m.trim_end().to_owned()),
        fence: markdown::fence(&all_text),
        references: meta.references.clone(),
        url: meta.url(),
        index: format!("index.md#{}", category_anchor(&meta.category)),
        rule_file: file,
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct RulesIndexView {
    pub front: FrontMatter,
    pub architecture: String,
    pub categories: Vec<CategoryRules>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CategoryRules {
    pub category: String,
    pub anchor: String,
    pub rules: Vec<RuleEntry>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RuleEntry {
    pub rule: Link,
    pub name: String,
    pub severity: String,
    pub summary: String,
}

pub fn category_anchor(category: &str) -> String {
    format!("category-{}", markdown::slug(category))
}

pub fn rules_index(documented: &[&'static RuleMeta], generated: Option<&str>) -> RulesIndexView {
    let mut categories: Vec<CategoryRules> = Vec::new();
    let order = |c: &str| {
        rules::CATEGORIES
            .iter()
            .position(|x| *x == c)
            .unwrap_or(usize::MAX)
    };
    let mut all: Vec<&RuleMeta> = documented.to_vec();
    all.sort_by(|a, b| {
        (order(&a.category), &a.category, &a.id).cmp(&(order(&b.category), &b.category, &b.id))
    });
    for r in all {
        if categories.last().is_none_or(|c| c.category != r.category) {
            categories.push(CategoryRules {
                category: r.category.clone(),
                anchor: category_anchor(&r.category),
                rules: Vec::new(),
            });
        }
        if let Some(c) = categories.last_mut() {
            c.rules.push(RuleEntry {
                rule: Link {
                    text: r.id.clone(),
                    href: format!("{}.md", r.name),
                },
                name: r.name.clone(),
                severity: r.severity.as_str().to_owned(),
                summary: r.summary.clone(),
            });
        }
    }
    RulesIndexView {
        front: FrontMatter::new(
            "Rule reference",
            "Every rule a0lint checks, by category",
            &["a0lint", "rules"],
            "reference",
            generated,
        ),
        architecture: Linker::from_page(super::RULES_INDEX).href(super::ARCHITECTURE),
        categories,
    }
}
