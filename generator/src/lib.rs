//! `hwc-codegen`: turns the YAML API spec in `spec/` into the Rust client crate in `generated/`.
//!
//! The flow runs one way: [`load`] (YAML → [`spec`] model, positions kept in a
//! [`source_map::SourceMap`]) → [`check`] (judges the spec, decides every Rust name, lowers to
//! the [`ir`]) → [`emit`] (IR → files in memory). [`generate`] runs all three. It does no I/O and
//! reads no clock: the same spec always gives byte-identical files.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod check;
pub mod diagnostic;
pub mod diff;
pub mod ir;
pub mod load;
pub mod names;
pub mod openapi;
mod parallel;
pub mod random_spec;
pub mod schema;
mod source;
pub mod source_map;
pub mod spec;
pub mod synth;
pub mod yaml;

pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use source::SourceFile;
pub mod emit;

pub use emit::File;

/// The version of the runtime crate (`runtime/`) whose API the emitted code is written
/// against. A spec's `runtime.version` must accept it (as a Cargo requirement, `^version`), or
/// the generated crate would not build; a test keeps it equal to `runtime/Cargo.toml`.
pub const RUNTIME_VERSION: &str = "0.4.1";

/// Loads, checks and emits: spec files in, generated files out.
///
/// # Errors
///
/// Every problem found in the spec, each with its file, line, column and what to change.
pub fn generate(files: &[SourceFile]) -> Result<Generated, Diagnostics> {
    let check::Checked { api, warnings } = check_files(files)?;
    let files = emit::files(&api).map_err(|bug| {
        Diagnostics(vec![Diagnostic::new(
            "generator",
            source_map::Position::default(),
            bug,
        )])
    })?;
    Ok(Generated {
        api,
        files,
        warnings,
    })
}

/// Loads and checks, keeping the warnings: every problem of every file in one run. A file that
/// does not load (bad YAML, unknown keys, values of the wrong type) is reported and left out,
/// and the files that load are still checked, so their problems come in the same run.
///
/// # Errors
///
/// Every error found in the spec (without the warnings), each with its file, line, column and
/// what to change.
pub fn check_files(files: &[SourceFile]) -> Result<check::Checked, Diagnostics> {
    check::check_partial(load::load_partial(files))
}

/// Loads and checks, without emitting: the checked API of a spec, as [`diff`] compares it and
/// [`openapi`] exports it.
///
/// # Errors
///
/// Every problem found in the spec, each with its file, line, column and what to change.
pub fn check_spec(files: &[SourceFile]) -> Result<ir::Api, Diagnostics> {
    check_files(files).map(|checked| checked.api)
}

/// Like [`check_spec`], for the spec of an earlier revision (the base `spec-diff` compares
/// with): the runtime version it names is taken to be the one this generator targets, since
/// which runtime a past revision was generated for is not part of its API, and a runtime
/// release would otherwise make every earlier spec "invalid".
///
/// # Errors
///
/// Every other problem found in the spec.
pub fn check_earlier_spec(files: &[SourceFile]) -> Result<ir::Api, Diagnostics> {
    let mut partial = load::load_partial(files);
    if let Some(package) = &mut partial.package {
        package.spec.runtime.version = RUNTIME_VERSION.to_owned();
    }
    check::check_partial(partial).map(|checked| checked.api)
}

/// What [`generate`] produces.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The checked API the files were made from.
    pub api: ir::Api,
    /// The generated crate's files, paths relative to its directory.
    pub files: Vec<File>,
    /// What is probably not meant, though it was generated (see [`check::Checked`]).
    pub warnings: Diagnostics,
}

impl Generated {
    /// Number of operations across all services.
    pub fn operation_count(&self) -> usize {
        self.api.services.iter().map(|s| s.operations.len()).sum()
    }

    /// Number of named types plus request types across all services.
    pub fn type_count(&self) -> usize {
        self.api
            .services
            .iter()
            .map(|s| s.types.len() + s.operations.len())
            .sum()
    }
}
