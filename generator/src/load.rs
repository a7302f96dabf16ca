//! Reading spec files: YAML text → [`crate::spec`] model plus a [`SourceMap`] per file.
//!
//! A well-formed file is read once (saphyr-parser), into a tree of positioned nodes from which
//! the model is deserialized and positions are looked up ([`crate::yaml`]). A file with any
//! problem is read the thorough way, which is where every load diagnostic comes from:
//! syntax errors and type mismatches come from serde_yaml, with its position. Unknown keys are
//! collected (not stopped at) so that every one of them is reported at once, each at the line
//! where it is written. Keys written twice in one mapping are reported too.

use std::path::Path as FsPath;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Diagnostics};
pub use crate::source::SourceFile;
use crate::source_map::{Position, SourceMap};
use crate::spec::{PackageFile, ServiceFile};
use crate::yaml::Tree;

/// The name of the file that describes the generated crate as a whole.
pub const PACKAGE_FILE: &str = "package.yaml";

/// A parsed file with the positions of its items.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// The file it came from.
    pub file: SourceFile,
    /// Positions of its keys and values.
    pub map: SourceMap,
    /// The parsed model.
    pub spec: T,
}

impl<T> Loaded<T> {
    /// A diagnostic at the key `path` of this file.
    pub fn at_key(&self, path: &[&str], message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.file.path, self.map.key(path), message)
    }

    /// A diagnostic at the value of `path` in this file.
    pub fn at_value(&self, path: &[&str], message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.file.path, self.map.value(path), message)
    }
}

/// Everything read from a spec directory.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// `package.yaml`.
    pub package: Loaded<PackageFile>,
    /// The service files, sorted by file name.
    pub services: Vec<Loaded<ServiceFile>>,
}

/// Reads every `*.yaml` file of `dir` (not recursing). `display_prefix` is prepended to file
/// names in diagnostics (e.g. `spec/`).
pub fn read_dir(dir: &FsPath, display_prefix: &str) -> std::io::Result<Vec<SourceFile>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "yaml") && path.is_file() {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path)?;
            files.push(SourceFile {
                path: format!("{display_prefix}{name}"),
                text,
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Parses `package.yaml` and the service files among `files`. Every problem found is returned.
pub fn load(files: &[SourceFile]) -> Result<LoadedSpec, Diagnostics> {
    let mut problems = Vec::new();
    let mut package = None;
    let mut services = Vec::new();
    for file in files {
        if file.stem() == PACKAGE_FILE.trim_end_matches(".yaml") {
            package = parse::<PackageFile>(file, &mut problems);
        } else if let Some(service) = parse::<ServiceFile>(file, &mut problems) {
            services.push(service);
        }
    }
    if package.is_none() && !files.iter().any(|f| f.stem() == "package") {
        let dir = files
            .first()
            .and_then(|f| f.path.rsplit_once('/').map(|(d, _)| format!("{d}/")))
            .unwrap_or_default();
        problems.push(
            Diagnostic::new(
                &format!("{dir}{PACKAGE_FILE}"),
                Position { line: 1, column: 1 },
                "the spec has no package.yaml",
            )
            .help("create it with `package:` and `runtime:` sections (see spec/README.md)"),
        );
    }
    if services.is_empty() && problems.is_empty() {
        problems.push(
            Diagnostic::new(
                files.first().map_or("spec/", |f| &f.path),
                Position { line: 1, column: 1 },
                "the spec has no service files",
            )
            .help("add a `<module>.yaml` file per service (see spec/README.md)"),
        );
    }
    match package {
        Some(package) if problems.is_empty() => Ok(LoadedSpec { package, services }),
        _ => Err(Diagnostics(problems).sorted()),
    }
}

fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    problems: &mut Vec<Diagnostic>,
) -> Option<Loaded<T>> {
    // One read of a well-formed file; anything else is read the thorough way below, whose
    // diagnostics are the reference.
    if let Some(tree) = Tree::read(&file.text)
        && let Some(spec) = tree.deserialize::<T>()
    {
        return Some(Loaded {
            file: file.clone(),
            map: SourceMap::from_tree(tree.positions()),
            spec,
        });
    }
    let map = SourceMap::read(&file.text);
    for duplicate in map.duplicates() {
        problems.push(
            Diagnostic::new(
                &file.path,
                duplicate.again,
                format!(
                    "`{}` is written twice here; it first appears at line {}",
                    duplicate.key, duplicate.first.line
                ),
            )
            .help("remove or rename one of them: each key may appear once in a mapping"),
        );
    }
    let mut unknown: Vec<Vec<String>> = Vec::new();
    let deserializer = serde_yaml::Deserializer::from_str(&file.text);
    let parsed: Result<T, _> = serde_ignored::deserialize(deserializer, |path| {
        unknown.push(segments(&path));
    });
    for path in &unknown {
        let refs: Vec<&str> = path.iter().map(String::as_str).collect();
        let key = refs.last().copied().unwrap_or_default();
        problems.push(
            Diagnostic::new(&file.path, map.key(&refs), format!("unknown key `{key}`")).help(
                "remove it or correct its spelling; spec/README.md lists the keys each item takes",
            ),
        );
    }
    match parsed {
        Ok(spec) => Some(Loaded {
            file: file.clone(),
            map,
            spec,
        }),
        Err(error) => {
            let position = error
                .location()
                .map_or(Position { line: 1, column: 1 }, |l| Position {
                    line: l.line(),
                    column: l.column(),
                });
            problems.push(
                Diagnostic::new(&file.path, position, serde_message(&error))
                    .help("see spec/README.md for the keys and value types each item takes"),
            );
            None
        }
    }
}

/// The path of an ignored key as plain segments (serde_ignored's `Some` and newtype levels are
/// not part of the YAML).
fn segments(path: &serde_ignored::Path<'_>) -> Vec<String> {
    use serde_ignored::Path;
    match path {
        Path::Root => Vec::new(),
        Path::Seq { parent, index } => {
            let mut v = segments(parent);
            v.push(index.to_string());
            v
        }
        Path::Map { parent, key } => {
            let mut v = segments(parent);
            v.push(key.clone());
            v
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => segments(parent),
    }
}

/// serde_yaml's message without its own " at line L column C" suffix (the diagnostic has it).
fn serde_message(error: &serde_yaml::Error) -> String {
    let text = error.to_string();
    match text.find(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}
