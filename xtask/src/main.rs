//! Project automation. `cargo xtask codegen` regenerates `generated/` from `spec/`;
//! `cargo xtask codegen --check` changes nothing and fails, naming the stale files, when
//! `generated/` is not exactly what the generator makes. `cargo xtask spec-diff` reports what
//! a spec change does to the generated API and whether it breaks consumers.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

mod codegen;
mod random_crates;
mod spec_diff;
mod synth;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Project automation for the spec → client generator"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerates generated/ (and the generator's test fixture) from the spec, and
    /// spec/schema.json from the generator's spec model.
    Codegen {
        /// Change nothing; exit non-zero naming each file that is not what the spec produces.
        #[arg(long)]
        check: bool,
        /// Generate this spec directory instead of the project's jobs (relative to the
        /// workspace root unless absolute); needs --out.
        #[arg(long, requires = "out", value_name = "DIR")]
        spec: Option<PathBuf>,
        /// The generated crate's directory for --spec (relative to the workspace root unless
        /// absolute). Codegen owns it: whatever it did not produce there is removed.
        #[arg(long, requires = "spec", value_name = "DIR")]
        out: Option<PathBuf>,
        /// Print the time spent in each phase (read, load, check, emit, write).
        #[arg(long)]
        timings: bool,
    },
    /// Reports what the spec change since a git revision does to the generated crate's API:
    /// each added, removed or changed item, breaking or compatible, and the semver bump needed.
    SpecDiff {
        /// The revision to compare the working tree's spec with [default: the merge base with
        /// main, or HEAD when there is none].
        #[arg(long)]
        base: Option<String>,
        /// How to print the report.
        #[arg(long, value_enum, default_value_t = spec_diff::Format::Text)]
        format: spec_diff::Format,
        /// Exit non-zero when a change is breaking and the spec's version (package.yaml) is not
        /// bumped enough for it (a major bump; a minor one for 0.y.z).
        #[arg(long)]
        deny_breaking: bool,
    },
    /// Writes the whole spec as an OpenAPI 3.1 document (JSON), for standard API tools.
    Openapi {
        /// The spec directory to export (relative to the workspace root unless absolute).
        #[arg(long, default_value = "spec", value_name = "DIR")]
        spec: PathBuf,
        /// Where to write it, relative to the workspace root.
        #[arg(long, default_value = "target/openapi.json")]
        out: PathBuf,
    },
    /// Writes the crates of seeded random specs (every shape of the spec format) into one
    /// workspace, for CI to build, lint, document and test.
    RandomCrates {
        /// How many specs (and crates).
        #[arg(long, value_name = "N", default_value_t = 12)]
        count: usize,
        /// The seed: the same seed writes the same specs.
        #[arg(long, value_name = "SEED", default_value_t = 1)]
        seed: u64,
        /// The directory, relative to the workspace root (replaced if this command wrote it).
        #[arg(long, value_name = "DIR", default_value = "target/random-crates")]
        out: String,
    },
    /// Writes a synthetic spec of N operations (for benchmarks): the real spec's shapes, about
    /// 100 operations per service file, the same bytes for the same N.
    Synth {
        /// How many operations.
        #[arg(long, value_name = "N")]
        operations: usize,
        /// The directory to write the spec into (relative to the workspace root unless
        /// absolute); created if missing.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = match workspace_root() {
        Ok(root) => root,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    match cli.command {
        Command::Codegen {
            check,
            spec,
            out,
            timings,
        } => {
            let started = Instant::now();
            let mut ok = true;
            let mut report = |result: Result<String, String>| match result {
                Ok(summary) => println!("{summary}"),
                Err(message) => {
                    eprintln!("{message}");
                    ok = false;
                }
            };
            let custom = match (&spec, &out) {
                (Some(spec), Some(out)) => Some((path_text(spec), path_text(out))),
                _ => None,
            };
            let jobs: Vec<codegen::Job> = match &custom {
                Some((spec, out)) => vec![codegen::Job { spec, out }],
                None => codegen::JOBS
                    .iter()
                    .map(|j| codegen::Job { ..*j })
                    .collect(),
            };
            // Every job is generated, then all their Rust files formatted at once, then written.
            let mut phases = codegen::Timings::default();
            let mut outputs = Vec::new();
            for job in &jobs {
                match codegen::generate(&root, job, &mut phases) {
                    Ok(output) => outputs.push(output),
                    Err(message) => report(Err(message)),
                }
            }
            if let Err(message) = codegen::format(&root, &mut outputs, &mut phases) {
                report(Err(message));
                outputs.clear();
            }
            for output in outputs {
                report(codegen::write(&root, output, check, &mut phases));
            }
            if custom.is_none() {
                let t = Instant::now();
                report(codegen::schema(&root, "spec", check));
                phases.add("schema", t);
            }
            if timings {
                println!("codegen: timings: {}", phases.line());
            }
            if ok {
                println!("codegen: done in {:.2} s", started.elapsed().as_secs_f64());
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::SpecDiff {
            base,
            format,
            deny_breaking,
        } => {
            let base = base.unwrap_or_else(|| spec_diff::default_base(&root));
            match spec_diff::spec_diff(&root, &base, format) {
                Ok(outcome) => {
                    print!("{}", outcome.report);
                    if deny_breaking && outcome.breaking_unreleased {
                        eprintln!(
                            "error: breaking changes without the version bump they need (--deny-breaking)"
                        );
                        ExitCode::FAILURE
                    } else {
                        if deny_breaking && outcome.breaking {
                            eprintln!(
                                "note: breaking changes, released with the version bump they need"
                            );
                        }
                        ExitCode::SUCCESS
                    }
                }
                Err(message) => {
                    eprintln!("{message}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::RandomCrates { count, seed, out } => {
            summary(random_crates::write_all(&root, count, seed, &out))
        }
        Command::Synth { operations, out } => summary(synth::write(operations, &root.join(out))),
        Command::Openapi { spec, out } => summary(spec_diff::openapi(&root, &spec, &out)),
    }
}

/// Prints a command's one-line summary, or its error report, and exits accordingly.
fn summary(result: Result<String, String>) -> ExitCode {
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// A path as text, `/`-separated as given, without a trailing `/`.
fn path_text(path: &Path) -> String {
    let text = path.to_string_lossy();
    let trimmed = text.trim_end_matches('/');
    if trimmed.is_empty() {
        text.into_owned()
    } else {
        trimmed.to_owned()
    }
}

/// The root of the checkout this command was started from, found at run time.
///
/// `cargo run` (and so `cargo xtask`) sets `CARGO_MANIFEST_DIR` in the environment to this
/// crate's directory in the checkout cargo was run in; its parent is the root. Started any
/// other way, the root is the nearest directory at or above the current one whose
/// `Cargo.toml` declares a `[workspace]`. The compile-time `CARGO_MANIFEST_DIR` is never used:
/// with a target directory shared between two checkouts, cargo may run a binary built in the
/// other checkout, which would then read and write the other checkout's files.
fn workspace_root() -> Result<PathBuf, String> {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let cwd = std::env::current_dir().map_err(|e| format!("error: no current directory: {e}"))?;
    find_root(manifest_dir.as_deref(), &cwd).ok_or_else(|| {
        format!(
            "error: cannot find the workspace: run `cargo xtask ...` inside the checkout \
             (no Cargo.toml with [workspace] at or above {})",
            cwd.display()
        )
    })
}

/// The workspace root given the run-time `CARGO_MANIFEST_DIR` (if any) and the current
/// directory.
fn find_root(manifest_dir: Option<&Path>, cwd: &Path) -> Option<PathBuf> {
    if let Some(root) = manifest_dir.and_then(Path::parent)
        && is_workspace_root(root)
    {
        return Some(root.to_path_buf());
    }
    cwd.ancestors()
        .find(|dir| is_workspace_root(dir))
        .map(Path::to_path_buf)
}

fn is_workspace_root(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("Cargo.toml"))
        .is_ok_and(|text| text.lines().any(|line| line.trim() == "[workspace]"))
}

#[cfg(test)]
mod test_support {
    use std::path::Path;

    use super::find_root;

    #[test]
    fn the_root_is_the_checkout_cargo_was_run_in_not_the_one_xtask_was_built_in() {
        let a = scratch();
        let b = scratch();
        for dir in [a.path(), b.path()] {
            std::fs::write(dir.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
            std::fs::create_dir_all(dir.join("xtask/src")).unwrap();
        }
        // cargo run from checkout b sets b's CARGO_MANIFEST_DIR, whatever the binary's origin.
        assert_eq!(
            find_root(Some(&b.path().join("xtask")), a.path()).as_deref(),
            Some(b.path())
        );
        // Started directly: the nearest workspace above the current directory.
        assert_eq!(
            find_root(None, &b.path().join("spec")).as_deref(),
            Some(b.path())
        );
        // A CARGO_MANIFEST_DIR that is not in a workspace (another tool's) is not trusted.
        let elsewhere = tempfile::tempdir().unwrap();
        assert_eq!(
            find_root(Some(&elsewhere.path().join("x")), &a.path().join("spec")).as_deref(),
            Some(a.path())
        );
    }

    /// A scratch directory holding a copy of the generator's fixture spec in `spec/`.
    pub fn scratch() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/tests/fixture/spec");
        std::fs::create_dir(dir.path().join("spec")).unwrap();
        for entry in std::fs::read_dir(fixture).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(
                &path,
                dir.path().join("spec").join(path.file_name().unwrap()),
            )
            .unwrap();
        }
        dir
    }
}
