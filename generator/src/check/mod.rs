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
//! | `limits.rs` | how deep generated structs may nest |
//! | `warnings.rs` | what can be generated but is probably not meant: no examples, unused types |

mod bodies;
mod examples;
mod limits;
mod names;
mod operations;
mod package;
mod service;
mod structs;
mod types;
mod warnings;

use std::collections::BTreeMap;
use std::fmt;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ir;
use crate::load::{Loaded, LoadedSpec};
use crate::source_map::Position;

pub use operations::placeholders;

/// Checks the whole spec and lowers it. Every problem found is returned; warnings are dropped
/// (see [`check_with_warnings`]).
pub fn check(spec: &LoadedSpec) -> Result<ir::Api, Diagnostics> {
    check_with_warnings(spec).map(|checked| checked.api)
}

/// A checked spec: the API, and the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The lowered API.
    pub api: ir::Api,
    /// What is probably not what the spec's author meant, though it can be generated
    /// (operations without examples, named types nothing uses), in file and position order.
    pub warnings: Diagnostics,
}

/// Checks the whole spec and lowers it, keeping the warnings. Every error found is returned
/// (without the warnings).
pub fn check_with_warnings(spec: &LoadedSpec) -> Result<Checked, Diagnostics> {
    let mut problems = Vec::new();
    let api = check_parts(Some(&spec.package), &spec.services, &mut problems);
    finish(api, problems)
}

/// Checks what [`crate::load::load_partial`] could read: the files that loaded are checked
/// even when others did not, so that every file's problems come in one run.
///
/// # Errors
///
/// Every error, of loading and of checking (without the warnings).
pub fn check_partial(partial: crate::load::PartialSpec) -> Result<Checked, Diagnostics> {
    let mut problems = partial.problems;
    let api = check_parts(partial.package.as_ref(), &partial.services, &mut problems);
    finish(api, problems)
}

/// Sorts `problems` into the result: the API with its warnings when there is no error,
/// otherwise the errors.
fn finish(api: Option<ir::Api>, problems: Vec<Diagnostic>) -> Result<Checked, Diagnostics> {
    let (errors, warnings): (Vec<_>, Vec<_>) = problems.into_iter().partition(|d| d.is_error());
    match api {
        Some(api) if errors.is_empty() => Ok(Checked {
            api,
            warnings: Diagnostics(warnings).sorted(),
        }),
        _ => Err(Diagnostics(errors).sorted()),
    }
}

/// Checks what could be loaded of a spec, adding every problem (errors and warnings) to
/// `problems`: the files that did not load are left out, and the others are still checked, so
/// that the problems of every file come in one run. The API when nothing was left out and no
/// error was found.
fn check_parts(
    package_file: Option<&Loaded<crate::spec::PackageFile>>,
    service_files: &[Loaded<crate::spec::ServiceFile>],
    problems: &mut Vec<Diagnostic>,
) -> Option<ir::Api> {
    let before = problems.iter().filter(|d| d.is_error()).count();
    let package = package_file.map(|file| Checker::new(file, problems).package());
    let mut services = Vec::new();
    let mut seen_services: BTreeMap<String, &str> = BTreeMap::new();
    // Service files are judged on their own: a large spec is checked on every core.
    let checked = crate::parallel::map(
        service_files,
        |file| file.file.text.len(),
        crate::parallel::FROM_YAML_BYTES,
        |file| {
            let mut found = Vec::new();
            let service = Checker::new(file, &mut found).service();
            (service, found)
        },
    );
    for (file, (service, found)) in service_files.iter().zip(checked) {
        problems.extend(found);
        if let Some(service) = service {
            if let Some(other) = seen_services.insert(service.client.clone(), &file.file.path) {
                Checker::new(file, problems).error_at_value(
                    &YamlPath::new(&["service"]),
                    format!("service `{}` is also defined in {other}", service.name),
                    "give each service file its own `service` name",
                );
            }
            services.push(service);
        }
    }
    let errors = problems.iter().filter(|d| d.is_error()).count();
    match package {
        Some(package) if errors == before => {
            services.sort_by(|a, b| a.module.cmp(&b.module));
            Some(ir::Api { package, services })
        }
        _ => None,
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

    /// How many errors have been found so far, to tell afterwards whether a part of the
    /// file added any (warnings do not count).
    fn problem_count(&self) -> usize {
        self.problems.iter().filter(|d| d.is_error()).count()
    }

    /// Reports a warning at the key `at`: the spec is generated, but probably not as its
    /// author meant.
    fn warn_at_key(&mut self, at: &YamlPath, message: impl Into<String>, help: impl Into<String>) {
        let at = self.file.map.key(&at.segments());
        let diagnostic = Diagnostic::warning(&self.file.file.path, at, message).help(help);
        self.problems.push(diagnostic);
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
