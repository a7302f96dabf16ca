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
mod spec_diff;

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
        /// Where to write it, relative to the workspace root.
        #[arg(long, default_value = "target/openapi.json")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    match cli.command {
        Command::Codegen { check } => {
            let started = Instant::now();
            let mut ok = true;
            for job in codegen::JOBS {
                match codegen::run(&root, job, check) {
                    Ok(summary) => println!("{summary}"),
                    Err(message) => {
                        eprintln!("{message}");
                        ok = false;
                    }
                }
            }
            match codegen::schema(&root, "spec", check) {
                Ok(summary) => println!("{summary}"),
                Err(message) => {
                    eprintln!("{message}");
                    ok = false;
                }
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
        Command::Openapi { out } => match spec_diff::openapi(&root, &out) {
            Ok(summary) => {
                println!("{summary}");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
        },
    }
}

/// The workspace root: the parent of this crate's directory.
fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

#[cfg(test)]
mod test_support {
    use std::path::Path;

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
