//! Judging a loaded spec and lowering it to the [`crate::ir`].
//!
//! This is the only place that decides whether a spec is valid. It keeps going after a problem
//! so that every problem is reported at once, each at the line a person must change, and it
//! decides every Rust name so that the emitters never have to.
//!
//! One context, `Checker`, walks one file at a time; each concern adds an `impl` block to it
//! in its own file:
//!
//! | file | concern |
//! | --- | --- |
//! | `mod.rs` | [`check`], the context, reporting a problem, paths into the YAML |
//! | `package.rs` | `package.yaml` |
//! | `service.rs` | assembling a service: service-level keys, auth, endpoints |
//! | `names.rs` | the naming rules: PascalCase and snake_case names, Rust names that collide |
//! | `types.rs` | named types, struct fields, enum values, type expressions, constraints |
//! | `operations.rs` | an operation: HTTP line, parameters, transport headers, request, responses |
//! | `bodies.rs` | content types and the bodies they carry, typed response headers, `bytes` and `file` |
//! | `examples.rs` | examples, and example values checked against their shapes |

mod bodies;
mod examples;
mod names;
mod operations;
mod package;
mod service;
mod structs;
mod types;

use std::collections::BTreeMap;
use std::fmt;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ir;
use crate::load::{Loaded, LoadedSpec};
use crate::source_map::Position;

pub use operations::placeholders;

/// Checks the whole spec and lowers it. Every problem found is returned.
pub fn check(spec: &LoadedSpec) -> Result<ir::Api, Diagnostics> {
    let mut problems = Vec::new();
    let package = Checker::new(&spec.package, &mut problems).package();
    let mut services = Vec::new();
    let mut seen_services: BTreeMap<String, &str> = BTreeMap::new();
    for file in &spec.services {
        let mut checker = Checker::new(file, &mut problems);
        if let Some(service) = checker.service() {
            if let Some(other) = seen_services.insert(service.client.clone(), &file.file.path) {
                checker.error_at_value(
                    &YamlPath::new(&["service"]),
                    format!("service `{}` is also defined in {other}", service.name),
                    "give each service file its own `service` name",
                );
            }
            services.push(service);
        }
    }
    if problems.is_empty() {
        services.sort_by(|a, b| a.module.cmp(&b.module));
        Ok(ir::Api { package, services })
    } else {
        Err(Diagnostics(problems).sorted())
    }
}

/// The checker's context while it judges one file, `F` being the file's model
/// ([`crate::spec::PackageFile`] or [`crate::spec::ServiceFile`]). Problems of every file go
/// to one list.
struct Checker<'a, F> {
    /// The file being judged, with the positions of its items.
    file: &'a Loaded<F>,
    /// Every problem found so far.
    problems: &'a mut Vec<Diagnostic>,
}

impl<'a, F> Checker<'a, F> {
    /// A checker of `file` that adds what it finds to `problems`.
    fn new(file: &'a Loaded<F>, problems: &'a mut Vec<Diagnostic>) -> Checker<'a, F> {
        Checker { file, problems }
    }

    /// How many problems have been found so far, to tell afterwards whether a part of the
    /// file added any.
    fn problem_count(&self) -> usize {
        self.problems.len()
    }

    /// Reports a problem at the key `at` (where the item is named): `message` says what is
    /// wrong, `help` what to change.
    fn error_at_key(&mut self, at: &YamlPath, message: impl Into<String>, help: impl Into<String>) {
        let diagnostic = self.file.at_key(&at.segments(), message).help(help);
        self.problems.push(diagnostic);
    }

    /// Reports a problem at the value of `at` (what is written after the key).
    fn error_at_value(
        &mut self,
        at: &YamlPath,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let diagnostic = self.file.at_value(&at.segments(), message).help(help);
        self.problems.push(diagnostic);
    }

    /// Reports `text` (written at `at`) when it is empty: it becomes rustdoc, and the generated
    /// crate denies items without docs.
    fn require_text(&mut self, at: &YamlPath, text: &str) {
        if text.trim().is_empty() {
            self.error_at_value(
                at,
                "this text is empty, but it becomes the rustdoc of a generated item",
                "write what it is, in a sentence",
            );
        }
    }

    /// Reports a header name that is not an HTTP token (RFC 9110: letters, digits and
    /// ``!#$%&'*+-.^_`|~``): such a header can never be sent.
    fn require_header_name(&mut self, at: &YamlPath, name: &str) {
        let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        if name.is_empty() || !name.chars().all(token) {
            self.error_at_key(
                at,
                format!("`{}` is not an HTTP header name", name.escape_debug()),
                "use letters, digits and `-` (no spaces, colons or line breaks), e.g. X-Trace-Id",
            );
        }
    }

    /// Reports a problem with the file as a whole, at its first line.
    fn error_at_start(&mut self, message: impl Into<String>, help: impl Into<String>) {
        let start = Position { line: 1, column: 1 };
        let diagnostic = Diagnostic::new(&self.file.file.path, start, message).help(help);
        self.problems.push(diagnostic);
    }
}

/// Where an item is written in a YAML file: the keys (and sequence indexes) leading to it from
/// the top of the file, e.g. `operations` / `StopThing` / `params` / `thing_id`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct YamlPath(Vec<String>);

impl YamlPath {
    /// The path made of `segments`.
    fn new(segments: &[&str]) -> YamlPath {
        YamlPath(segments.iter().map(|s| (*s).to_owned()).collect())
    }

    /// The item under this one at `segment`: a key, or the index of a sequence item.
    fn child(&self, segment: impl fmt::Display) -> YamlPath {
        let mut segments = self.0.clone();
        segments.push(segment.to_string());
        YamlPath(segments)
    }

    /// This path without its last segment when that is `last`; otherwise the path itself.
    fn without_last(&self, last: &str) -> YamlPath {
        match self.0.split_last() {
            Some((end, rest)) if end == last => YamlPath(rest.to_vec()),
            _ => self.clone(),
        }
    }

    /// The segments, as the [`crate::source_map::SourceMap`] looks them up.
    fn segments(&self) -> Vec<&str> {
        self.0.iter().map(String::as_str).collect()
    }
}
