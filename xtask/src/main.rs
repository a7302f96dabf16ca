//! Project automation. `cargo xtask codegen` regenerates `generated/` from `spec/`;
//! `cargo xtask codegen --check` changes nothing and fails, naming the stale files, when
//! `generated/` is not exactly what the generator makes.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

mod codegen;

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
    }
}

/// The workspace root: the parent of this crate's directory.
fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}
