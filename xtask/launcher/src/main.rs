//! `cargo xtask ...`: runs the project's xtask binary, building it first only when a file it
//! was built from has changed.
//!
//! The alias used to be `cargo run --package xtask`, and cargo's check that nothing needs
//! building (the lockfile, the index entry and fingerprint of every package in the workspace)
//! took 170 ms, ten times the 16 ms the xtask itself needs on the real spec. This crate is a
//! workspace of its own with no dependencies, which cargo checks in tens of milliseconds; it
//! then decides by itself whether the xtask is up to date, from a stamp it writes after every
//! build it asks cargo for:
//!
//! - every file of the xtask's dep-info (`target/debug/xtask.d`, written by cargo: the sources,
//!   templates and included files of the xtask and of every path crate it depends on) with
//!   its modification time and length;
//! - the manifests of those crates, the workspace's `Cargo.toml` and `Cargo.lock`,
//!   `.cargo/config.toml` and the toolchain files (recorded as absent when they are);
//! - the xtask binary itself, and the toolchain's `cargo` binary (`rustup update` replaces it
//!   at the same path);
//! - a hash of every environment variable whose name starts with `CARGO` or `RUST` (flags,
//!   profiles, the target directory, the toolchain's cargo).
//!
//! When anything differs, or there is no stamp, it runs `cargo build --package xtask` in the
//! main workspace (cargo then decides what to rebuild, as before) and writes a new stamp,
//! unless a watched file changed while cargo was building. Registry crates are not watched:
//! their versions are fixed by `Cargo.lock`, which is.

use std::collections::BTreeSet;
use std::env;
use std::ffi::OsString;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

/// The first line of a stamp; a stamp of another format is stale.
const STAMP_HEADER: &str = "xtask-launcher stamp 1";

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: cargo xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<ExitCode, String> {
    let args: Vec<OsString> = env::args_os().skip(1).collect();
    let root = checkout_root()?;
    let stamp_path = env::current_exe()
        .map_err(|e| format!("cannot find the launcher's own path: {e}"))?
        .with_file_name("xtask-launcher.stamp");
    let environment = environment_hash(env::vars_os());
    let fresh = fs::read_to_string(&stamp_path)
        .ok()
        .and_then(|text| Stamp::parse(&text))
        .and_then(|stamp| stamp.fresh(environment));
    let executable = match fresh {
        Some(executable) => executable,
        None => match build(&root)? {
            Built::Failed(code) => return Ok(code),
            Built::Executable { path, started } => {
                // Without a stamp (none can be made, or writing it fails), the next run asks
                // cargo again: slower, never stale.
                let cargo = env::var_os("CARGO").map(PathBuf::from);
                if let Some(stamp) = Stamp::of(&root, &path, cargo.as_deref(), environment)
                    && stamp.unchanged_since(started)
                {
                    let _ = stamp.write(&stamp_path);
                }
                path
            }
        },
    };
    run_xtask(&executable, &args, &root)
}

/// The root of the checkout: the launcher's crate is `xtask/launcher` in it. `cargo run`
/// sets `CARGO_MANIFEST_DIR` at run time to the checkout it was started in; the value from
/// the build is the fallback when the binary is started directly.
fn checkout_root() -> Result<PathBuf, String> {
    let manifest_dir = env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let root = manifest_dir
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .ok_or_else(|| format!("{} is not inside a checkout", manifest_dir.display()))?;
    if root.join("Cargo.toml").is_file() {
        Ok(root)
    } else {
        Err(format!(
            "no Cargo.toml in {}, where the launcher expects the workspace",
            root.display()
        ))
    }
}

/// A hash of the environment variables that can change what cargo builds: every one whose
/// name starts with `CARGO` or `RUST`, in name order. Those cargo sets for this launcher are
/// the same at every run.
fn environment_hash(vars: impl Iterator<Item = (OsString, OsString)>) -> u64 {
    let mut relevant: Vec<(OsString, OsString)> = vars
        .filter(|(name, _)| {
            let name = name.to_string_lossy();
            name.starts_with("CARGO") || name.starts_with("RUST")
        })
        .collect();
    relevant.sort();
    let mut hasher = DefaultHasher::new();
    relevant.hash(&mut hasher);
    hasher.finish()
}

/// What a `cargo build` of the xtask gave.
enum Built {
    /// The binary, and when the build started.
    Executable { path: PathBuf, started: SystemTime },
    /// The build failed (cargo has printed why); the launcher exits with cargo's status.
    Failed(ExitCode),
}

/// Builds the xtask in the main workspace with the cargo that started the launcher.
fn build(root: &Path) -> Result<Built, String> {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let started = SystemTime::now();
    let output = Command::new(&cargo)
        .args(["build", "--quiet", "--package", "xtask"])
        .arg("--message-format=json-render-diagnostics")
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", cargo.to_string_lossy()))?;
    if !output.status.success() {
        return Ok(Built::Failed(exit_code(output.status)));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let path = executable_of(&stdout, "xtask").ok_or_else(|| {
        "cargo built the xtask but named no binary for it in its messages".to_owned()
    })?;
    Ok(Built::Executable {
        path: PathBuf::from(path),
        started,
    })
}

/// The path of binary `name` in cargo's JSON messages (`compiler-artifact` lines).
fn executable_of(messages: &str, name: &str) -> Option<String> {
    let name = format!("\"name\":\"{name}\"");
    messages
        .lines()
        .filter(|line| {
            line.contains("\"reason\":\"compiler-artifact\"")
                && line.contains("\"kind\":[\"bin\"]")
                && line.contains(&name)
        })
        .find_map(|line| {
            let value = &line[line.find("\"executable\":\"")? + "\"executable\":".len()..];
            json_string(value)
        })
}

/// The JSON string literal at the start of `text`, decoded.
fn json_string(text: &str) -> Option<String> {
    let mut chars = text.strip_prefix('"')?.chars();
    let mut out = String::new();
    loop {
        match chars.next()? {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'u' => {
                    let unit = |chars: &mut std::str::Chars<'_>| {
                        let hex: String = chars.by_ref().take(4).collect();
                        u32::from_str_radix(&hex, 16).ok()
                    };
                    let first = unit(&mut chars)?;
                    let code = if (0xD800..0xDC00).contains(&first) {
                        let (backslash, u) = (chars.next()?, chars.next()?);
                        let second = unit(&mut chars).filter(|_| backslash == '\\' && u == 'u')?;
                        0x10000 + ((first - 0xD800) << 10) + (second.checked_sub(0xDC00)?)
                    } else {
                        first
                    };
                    out.push(char::from_u32(code)?);
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
}

/// The files of a dep-info file (`target: a b\ c ...`, spaces in paths escaped).
fn dep_info_files(text: &str) -> Vec<PathBuf> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some(' ' | '\\' | '#' | '\n')) => {
                // An escaped character, or a continued line.
                if let Some(escaped) = chars.next().filter(|&c| c != '\n') {
                    word.push(escaped);
                }
            }
            ' ' | '\t' | '\n' | '\r' => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    // The first word is the target, `path:`; the colon may also stand alone.
    // A second rule (`file:`) ends the list: only the first lists the target's dependencies.
    words
        .into_iter()
        .skip_while(|w| !w.ends_with(':'))
        .skip(1)
        .take_while(|w| !w.ends_with(':'))
        .map(PathBuf::from)
        .collect()
}

/// What a watched file was when the stamp was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    /// Its modification time (nanoseconds since the epoch) and length.
    File {
        modified: u128,
        len: u64,
    },
    Absent,
}

impl Seen {
    fn of(path: &Path) -> Seen {
        match fs::metadata(path) {
            Ok(meta) => Seen::File {
                modified: meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos()),
                len: meta.len(),
            },
            Err(_) => Seen::Absent,
        }
    }
}

/// The record of one build of the xtask.
#[derive(Debug, PartialEq)]
struct Stamp {
    environment: u64,
    executable: PathBuf,
    files: Vec<(PathBuf, Seen)>,
}

impl Stamp {
    /// The stamp of the xtask binary `executable` just built in the checkout at `root` by
    /// the toolchain whose `cargo` binary is `cargo` (watched too: `rustup update` replaces
    /// it in place, at the same path); `None` when the dep-info cannot be read or names a
    /// file that is not there (what the binary was built from is then unknown).
    fn of(root: &Path, executable: &Path, cargo: Option<&Path>, environment: u64) -> Option<Stamp> {
        let text = fs::read_to_string(executable.with_extension("d")).ok()?;
        let sources = dep_info_files(&text);
        if sources.is_empty() || !sources.iter().all(|file| file.is_file()) {
            return None;
        }
        let mut watched: BTreeSet<PathBuf> = BTreeSet::new();
        for file in sources {
            // The manifest of the crate a source belongs to, and of the crates around it.
            for dir in file.ancestors().skip(1) {
                if !dir.starts_with(root) {
                    break;
                }
                let manifest = dir.join("Cargo.toml");
                if manifest.is_file() {
                    watched.insert(manifest);
                }
            }
            watched.insert(file);
        }
        for file in [
            "Cargo.toml",
            "Cargo.lock",
            ".cargo/config.toml",
            ".cargo/config",
            "rust-toolchain.toml",
            "rust-toolchain",
        ] {
            watched.insert(root.join(file));
        }
        watched.insert(executable.to_path_buf());
        watched.extend(cargo.map(Path::to_path_buf));
        Some(Stamp {
            environment,
            executable: executable.to_path_buf(),
            files: watched
                .into_iter()
                .map(|path| {
                    let seen = Seen::of(&path);
                    (path, seen)
                })
                .collect(),
        })
    }

    /// Whether no watched file (the binary aside) was modified after `started`: one that
    /// was may have been built from its older content.
    fn unchanged_since(&self, started: SystemTime) -> bool {
        let started = started
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        self.files.iter().all(|(path, seen)| {
            *path == self.executable
                || match seen {
                    Seen::File { modified, .. } => *modified < started,
                    Seen::Absent => true,
                }
        })
    }

    /// The binary, when the environment and every watched file are as recorded.
    fn fresh(self, environment: u64) -> Option<PathBuf> {
        (self.environment == environment
            && self
                .files
                .iter()
                .all(|(path, seen)| Seen::of(path) == *seen))
        .then_some(self.executable)
    }

    fn render(&self) -> Option<String> {
        let mut text = format!(
            "{STAMP_HEADER}\nenvironment {:016x}\nexecutable {}\n",
            self.environment,
            self.executable.to_str()?
        );
        for (path, seen) in &self.files {
            let path = path.to_str()?;
            match seen {
                Seen::File { modified, len } => {
                    text.push_str(&format!("file {modified} {len} {path}\n"));
                }
                Seen::Absent => text.push_str(&format!("absent {path}\n")),
            }
        }
        Some(text)
    }

    fn parse(text: &str) -> Option<Stamp> {
        let mut lines = text.lines();
        (lines.next()? == STAMP_HEADER).then_some(())?;
        let environment =
            u64::from_str_radix(lines.next()?.strip_prefix("environment ")?, 16).ok()?;
        let executable = PathBuf::from(lines.next()?.strip_prefix("executable ")?);
        let mut files = Vec::new();
        for line in lines {
            if let Some(path) = line.strip_prefix("absent ") {
                files.push((PathBuf::from(path), Seen::Absent));
            } else {
                let mut fields = line.strip_prefix("file ")?.splitn(3, ' ');
                let modified = fields.next()?.parse().ok()?;
                let len = fields.next()?.parse().ok()?;
                files.push((PathBuf::from(fields.next()?), Seen::File { modified, len }));
            }
        }
        Some(Stamp {
            environment,
            executable,
            files,
        })
    }

    /// Writes the stamp whole or not at all. Paths that are not UTF-8 are not recorded:
    /// without a stamp, every run asks cargo.
    fn write(&self, path: &Path) -> io::Result<()> {
        let Some(text) = self.render() else {
            return Ok(());
        };
        let partial = path.with_extension("stamp.partial");
        fs::write(&partial, text)?;
        fs::rename(&partial, path)
    }
}

/// Runs the xtask with `args`, as `cargo run` in the main workspace would (its
/// `CARGO_MANIFEST_DIR` tells it the checkout), and exits as it does.
fn run_xtask(executable: &Path, args: &[OsString], root: &Path) -> Result<ExitCode, String> {
    let mut command = Command::new(executable);
    command
        .args(args)
        .env("CARGO_MANIFEST_DIR", root.join("xtask"));
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let error = command.exec();
        Err(format!("cannot run {}: {error}", executable.display()))
    }
    #[cfg(not(unix))]
    {
        let status = command
            .status()
            .map_err(|e| format!("cannot run {}: {e}", executable.display()))?;
        Ok(exit_code(status))
    }
}

/// A child's exit status as this process's (1 when it has no code in 0..=255).
fn exit_code(status: std::process::ExitStatus) -> ExitCode {
    let code = status.code().and_then(|code| u8::try_from(code).ok());
    ExitCode::from(code.unwrap_or(1))
}

#[cfg(test)]
mod tests;
