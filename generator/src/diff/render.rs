//! Rendering a [`Report`]: plain text, Markdown and JSON, all from the same groups, summary
//! and version verdict.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{Bump, Change, ChangeKind, Impact, Report, Scope};

impl Bump {
    /// The bump as reports and JSON name it.
    fn name(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

impl Change {
    /// The kind as reports and JSON name it.
    fn kind_name(&self) -> &'static str {
        match self.kind {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }

    /// The impact as reports and JSON name it.
    fn impact_name(&self) -> &'static str {
        match self.impact {
            Impact::Breaking => "breaking",
            Impact::Compatible => "compatible",
        }
    }
}

impl Scope {
    /// The heading the scope's changes are listed under.
    fn heading(&self) -> String {
        match self {
            Scope::Service => "service".to_owned(),
            Scope::Operation(name) => format!("operation {name}"),
            Scope::Type(name) => format!("type {name}"),
        }
    }
}

/// The changes of one service, by scope.
struct ServiceGroup<'a> {
    service: &'a str,
    scopes: Vec<(&'a Scope, Vec<&'a Change>)>,
}

impl Report {
    /// How many changes are breaking, and how many compatible.
    fn counts(&self) -> (usize, usize) {
        let breaking = self
            .changes
            .iter()
            .filter(|c| c.impact == Impact::Breaking)
            .count();
        (breaking, self.changes.len() - breaking)
    }

    /// Changes grouped by service, then scope, both in first-seen order.
    fn groups(&self) -> Vec<ServiceGroup<'_>> {
        let mut out: Vec<ServiceGroup<'_>> = Vec::new();
        for change in &self.changes {
            let i = match out.iter().position(|g| g.service == change.service) {
                Some(i) => i,
                None => {
                    out.push(ServiceGroup {
                        service: &change.service,
                        scopes: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            let scopes = &mut out[i].scopes;
            match scopes.iter_mut().find(|(s, _)| **s == change.scope) {
                Some((_, changes)) => changes.push(change),
                None => scopes.push((&change.scope, vec![change])),
            }
        }
        out
    }

    fn summary(&self) -> String {
        let (breaking, compatible) = self.counts();
        if self.changes.is_empty() {
            return "No change to the generated API.".to_owned();
        }
        format!(
            "{breaking} breaking and {compatible} compatible change{}.",
            if breaking + compatible == 1 { "" } else { "s" }
        )
    }

    fn verdict(&self) -> String {
        let v = &self.version;
        let made = match v.actual {
            Bump::None => "not bumped".to_owned(),
            bump => format!("a {} bump", bump.name()),
        };
        let needed = match v.required {
            Bump::None => "no bump".to_owned(),
            bump => format!("a {} bump", bump.name()),
        };
        let mut text = format!(
            "Version: {} → {} ({made}); these changes need {needed}",
            v.old, v.new
        );
        if v.enough {
            text.push_str(": enough.");
        } else {
            text.push_str(": NOT enough");
            if let Some(s) = &v.suggested {
                let _ = write!(text, "; set the package version in package.yaml to {s}");
            }
            text.push('.');
        }
        text
    }

    /// Plain text for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = format!("Spec diff of {}\n", self.package);
        for group in self.groups() {
            let _ = writeln!(out, "\n{}", group.service);
            for (scope, changes) in group.scopes {
                let _ = writeln!(out, "  {}", scope.heading());
                for c in changes {
                    let _ = writeln!(
                        out,
                        "    {:<10} {:<7} {}: {}",
                        c.impact_name(),
                        c.kind_name(),
                        c.item,
                        c.detail
                    );
                }
            }
        }
        let _ = write!(out, "\n{}\n{}\n", self.summary(), self.verdict());
        out
    }

    /// Markdown to paste into a pull request.
    pub fn to_markdown(&self) -> String {
        let (breaking, _) = self.counts();
        let mut out = format!("### API changes of `{}`\n\n", self.package);
        let headline = if breaking > 0 {
            format!("**Breaking.** {}", self.summary())
        } else {
            self.summary()
        };
        let _ = writeln!(out, "{headline}\n\n{}", self.verdict());
        for group in self.groups() {
            let _ = writeln!(out, "\n#### {}\n", group.service);
            out.push_str("| | where | change | item | detail |\n| --- | --- | --- | --- | --- |\n");
            for (scope, changes) in group.scopes {
                for c in changes {
                    let mark = match c.impact {
                        Impact::Breaking => "❌ breaking",
                        Impact::Compatible => "✅ compatible",
                    };
                    let _ = writeln!(
                        out,
                        "| {mark} | {} | {} | {} | {} |",
                        scope.heading(),
                        c.kind_name(),
                        cell(&c.item),
                        cell(&c.detail)
                    );
                }
            }
        }
        out
    }

    /// A JSON value for other tools.
    pub fn to_json(&self) -> Value {
        let (breaking, compatible) = self.counts();
        let v = &self.version;
        json!({
            "package": self.package,
            "breaking": breaking > 0,
            "counts": { "breaking": breaking, "compatible": compatible },
            "version": {
                "old": v.old,
                "new": v.new,
                "required_bump": v.required.name(),
                "actual_bump": v.actual.name(),
                "enough": v.enough,
                "suggested": v.suggested,
            },
            "changes": self.changes.iter().map(|c| {
                let (scope, name) = match &c.scope {
                    Scope::Service => ("service", None),
                    Scope::Operation(n) => ("operation", Some(n)),
                    Scope::Type(n) => ("type", Some(n)),
                };
                json!({
                    "service": c.service,
                    "scope": scope,
                    "name": name,
                    "kind": c.kind_name(),
                    "item": c.item,
                    "detail": c.detail,
                    "impact": c.impact_name(),
                })
            }).collect::<Vec<_>>(),
        })
    }
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
