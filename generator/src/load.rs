//! Reading spec files: YAML text → [`crate::spec`] model plus a [`SourceMap`] per file.
//!
//! A well-formed file is read once (saphyr-parser), into a tree of positioned nodes from which
//! the model is deserialized and positions are looked up ([`crate::yaml`]). A file with any
//! problem is read the thorough way, which is where every load diagnostic comes from:
//! syntax errors and type mismatches come from serde_yaml, with its position. Unknown keys are
//! collected (not stopped at) so that every one of them is reported at once, each at the line
//! where it is written. Values of the wrong type are all reported too: the file is read again
//! without each item found wrong until it reads (see `recover`). Keys written twice in one
//! mapping are reported too, and classic YAML pitfalls (a flow mapping cut by an unquoted
//! comma, `yes` for `true`, an unquoted version read as a number) get a help line naming the
//! real fix ([`crate::yaml::pitfalls`]).

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
/// names in diagnostics (e.g. `spec/`). A file that is not UTF-8 is an error naming the file
/// and where its first invalid byte is (see [`decode`]).
pub fn read_dir(dir: &FsPath, display_prefix: &str) -> std::io::Result<Vec<SourceFile>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "yaml") && path.is_file() {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes = std::fs::read(&path)?;
            let file = decode(&format!("{display_prefix}{name}"), bytes)
                .map_err(|d| std::io::Error::new(std::io::ErrorKind::InvalidData, d.to_string()))?;
            files.push(file);
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The spec file `path` made of `bytes`, or a diagnostic at its first byte that is not UTF-8
/// (YAML spec files are UTF-8).
pub fn decode(path: &str, bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile {
            path: path.to_owned(),
            text,
        }),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&error.as_bytes()[..offset]);
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(Diagnostic::new(
                path,
                Position { line, column },
                format!(
                    "the file is not UTF-8: byte {offset} (0x{:02X}) starts no UTF-8 character",
                    error.as_bytes()[offset]
                ),
            )
            .help("save the file as UTF-8 (spec files are UTF-8 text)"))
        }
    }
}

/// Parses `package.yaml` and the service files among `files`. Every problem found is returned.
pub fn load(files: &[SourceFile]) -> Result<LoadedSpec, Diagnostics> {
    let partial = load_partial(files);
    match partial.package {
        Some(package) if partial.problems.is_empty() => Ok(LoadedSpec {
            package,
            services: partial.services,
        }),
        _ => Err(Diagnostics(partial.problems).sorted()),
    }
}

/// What [`load_partial`] could read of a spec: the files that loaded, and the problems of the
/// others.
#[derive(Debug, Clone)]
pub struct PartialSpec {
    /// `package.yaml`, when it loaded.
    pub package: Option<Loaded<PackageFile>>,
    /// The service files that loaded without a problem, sorted by file name.
    pub services: Vec<Loaded<ServiceFile>>,
    /// Every problem found, in no particular order.
    pub problems: Vec<Diagnostic>,
}

/// Parses what can be parsed of `files`: each file that loads without a problem is kept, so
/// that it can still be checked and its problems reported in the same run as the others'.
pub fn load_partial(files: &[SourceFile]) -> PartialSpec {
    let mut problems = Vec::new();
    let mut package = None;
    let mut services = Vec::new();
    // Files are independent: a large spec is read on every core.
    let read = crate::parallel::map(
        files,
        |file| file.text.len(),
        crate::parallel::FROM_YAML_BYTES,
        |file| {
            let mut found = Vec::new();
            let read = if file.stem() == PACKAGE_FILE.trim_end_matches(".yaml") {
                Read::Package(parse::<PackageFile>(file, &mut found))
            } else {
                Read::Service(parse::<ServiceFile>(file, &mut found))
            };
            (read, found)
        },
    );
    for (read, found) in read {
        let clean = found.is_empty();
        problems.extend(found);
        match read {
            Read::Package(file) => package = file.filter(|_| clean),
            Read::Service(Some(file)) if clean => services.push(file),
            Read::Service(_) => {}
        }
    }
    if !files.iter().any(|f| f.stem() == "package") {
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
    if !files.iter().any(|f| f.stem() != "package") {
        problems.push(
            Diagnostic::new(
                files.first().map_or("spec/", |f| &f.path),
                Position { line: 1, column: 1 },
                "the spec has no service files",
            )
            .help("add a `<module>.yaml` file per service (see spec/README.md)"),
        );
    }
    PartialSpec {
        package,
        services,
        problems,
    }
}

/// One file as read by [`load_partial`].
enum Read {
    Package(Option<Loaded<PackageFile>>),
    Service(Option<Loaded<ServiceFile>>),
}

/// How many times a file with type errors is read again, each time without the items found
/// wrong, to find the next problem.
const RECOVERY_ROUNDS: usize = 200;

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
    let spec = match serde_yaml::from_str::<serde_yaml::Value>(&file.text) {
        Ok(value) if map.duplicates().is_empty() => recover::<T>(file, &map, value, problems),
        _ => stop_at_first::<T>(file, &map, problems),
    }?;
    Some(Loaded {
        file: file.clone(),
        map,
        spec,
    })
}

/// Reads a file that is YAML but may not fit `T`, reporting every unknown key and every value
/// of the wrong type at once: after each problem the item found wrong is taken out of the
/// document (and, when what holds it then lacks a required key, what holds it) and the
/// document is read again. `Some` when no value had the wrong type (unknown keys are
/// reported, but do not stop the reading).
fn recover<T: DeserializeOwned>(
    file: &SourceFile,
    map: &SourceMap,
    mut value: serde_yaml::Value,
    problems: &mut Vec<Diagnostic>,
) -> Option<T> {
    let mut removed = Removed::default();
    let mut unknown_seen = std::collections::HashSet::new();
    let mut failed = false;
    for _ in 0..RECOVERY_ROUNDS {
        let mut unknown: Vec<Vec<String>> = Vec::new();
        let result = {
            let mut callback = |path: serde_ignored::Path<'_>| unknown.push(segments(&path));
            let deserializer = serde_ignored::Deserializer::new(&value, &mut callback);
            serde_path_to_error::deserialize::<_, T>(deserializer)
        };
        for path in unknown {
            let original = removed.original(&path, &value);
            if unknown_seen.insert(original.clone()) {
                problems.push(unknown_key(file, map, &original));
            }
        }
        let error = match result {
            Ok(spec) => return (!failed).then_some(spec),
            Err(error) => error,
        };
        failed = true;
        let mut path = Vec::new();
        for segment in error.path() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => path.push(index.to_string()),
                serde_path_to_error::Segment::Map { key } => path.push(key.clone()),
                serde_path_to_error::Segment::Enum { .. } => {}
                serde_path_to_error::Segment::Unknown => break,
            }
        }
        let message = error.inner().to_string();
        let original = removed.original(&path, &value);
        if let Some(text) = read_as_text(file, map, &original, &message)
            && let Some(slot) = at_path(&mut value, &path)
        {
            // serde_yaml reads a plain scalar into a string as written (`1.10`, `yes`); the
            // YAML value made a number or boolean of it. Not a problem: read it as text.
            *slot = serde_yaml::Value::String(text);
            continue;
        }
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.strip_suffix('`'));
        match missing {
            // A key taken out by an earlier round: not a problem of its own.
            Some(key) if removed.contains(&original, key) => {}
            Some(key) => {
                let refs: Vec<&str> = original.iter().map(String::as_str).collect();
                problems.push(
                    Diagnostic::new(&file.path, map.key(&refs), format!("missing key `{key}`"))
                        .help(format!(
                            "add `{key}:` here; spec/README.md lists the keys each item takes"
                        )),
                );
            }
            None => {
                let refs: Vec<&str> = original.iter().map(String::as_str).collect();
                let at = map.value(&refs);
                let help = crate::yaml::pitfalls::type_error(&file.text, at, &message)
                    .unwrap_or_else(|| {
                        "see spec/README.md for the keys and value types each item takes".into()
                    });
                problems.push(Diagnostic::new(&file.path, at, message).help(help));
            }
        }
        if path.is_empty() || !removed.remove(&mut value, &path, original) {
            return None;
        }
    }
    None
}

/// The text a plain scalar at `path` is read as when serde_yaml reads it into a string
/// (`1.10`, `true`), when `message` says a string was expected there and something else found.
fn read_as_text(
    file: &SourceFile,
    map: &SourceMap,
    path: &[String],
    message: &str,
) -> Option<String> {
    let scalar = ["floating point", "integer", "boolean", "unit value"]
        .iter()
        .any(|found| message.starts_with(&format!("invalid type: {found}")));
    if !scalar || !message.contains("expected a string") {
        return None;
    }
    let refs: Vec<&str> = path.iter().map(String::as_str).collect();
    let written = crate::yaml::pitfalls::scalar_at(&file.text, map.value(&refs))?;
    serde_yaml::from_str::<String>(written).ok()
}

/// The item at `path` of `value`.
fn at_path<'v>(
    value: &'v mut serde_yaml::Value,
    path: &[String],
) -> Option<&'v mut serde_yaml::Value> {
    let mut here = value;
    for segment in path {
        here = match here {
            serde_yaml::Value::Sequence(items) => items.get_mut(segment.parse::<usize>().ok()?)?,
            serde_yaml::Value::Mapping(entries) => entries
                .iter_mut()
                .find(|(k, _)| key_text(k).as_deref() == Some(segment.as_str()))
                .map(|(_, v)| v)?,
            _ => return None,
        };
    }
    Some(here)
}

/// The items [`recover`] took out of a document, by their path in the file as written.
#[derive(Debug, Default)]
struct Removed {
    paths: std::collections::HashSet<Vec<String>>,
}

impl Removed {
    /// Whether `key` of the mapping at `parent` (a path as written) was taken out.
    fn contains(&self, parent: &[String], key: &str) -> bool {
        let mut path = parent.to_vec();
        path.push(key.to_owned());
        self.paths.contains(&path)
    }

    /// The path as written in the file of the item at `path` of the document as it is now
    /// (sequence items after a removed one have moved up).
    fn original(&self, path: &[String], value: &serde_yaml::Value) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut here = Some(value);
        for segment in path {
            match here {
                Some(serde_yaml::Value::Sequence(items)) => {
                    let index: usize = segment.parse().unwrap_or(0);
                    here = items.get(index);
                    let mut kept = 0;
                    let mut written = 0;
                    loop {
                        let mut candidate = out.clone();
                        candidate.push(written.to_string());
                        if !self.paths.contains(&candidate) {
                            if kept == index {
                                break;
                            }
                            kept += 1;
                        }
                        written += 1;
                    }
                    out.push(written.to_string());
                }
                Some(serde_yaml::Value::Mapping(entries)) => {
                    here = entries
                        .iter()
                        .find(|(k, _)| key_text(k).as_deref() == Some(segment.as_str()))
                        .map(|(_, v)| v);
                    out.push(segment.clone());
                }
                Some(serde_yaml::Value::Tagged(tagged)) => {
                    here = Some(&tagged.value);
                    out.push(segment.clone());
                }
                _ => {
                    here = None;
                    out.push(segment.clone());
                }
            }
        }
        out
    }

    /// Takes the item at `path` (as the document is now; `original` as written) out of
    /// `value`; false when there is no such item.
    fn remove(
        &mut self,
        value: &mut serde_yaml::Value,
        path: &[String],
        original: Vec<String>,
    ) -> bool {
        let Some((last, parent)) = path.split_last() else {
            return false;
        };
        let Some(here) = at_path(value, parent) else {
            return false;
        };
        let done = match here {
            serde_yaml::Value::Sequence(items) => match last.parse::<usize>() {
                Ok(i) if i < items.len() => {
                    items.remove(i);
                    true
                }
                _ => false,
            },
            serde_yaml::Value::Mapping(entries) => {
                let key = entries
                    .keys()
                    .find(|k| key_text(k).as_deref() == Some(last.as_str()))
                    .cloned();
                key.is_some_and(|k| entries.remove(&k).is_some())
            }
            _ => false,
        };
        if done {
            self.paths.insert(original);
        }
        done
    }
}

/// A mapping key as the paths of serde and of the [`SourceMap`] write it.
fn key_text(key: &serde_yaml::Value) -> Option<String> {
    match key {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        serde_yaml::Value::Null => Some(String::new()),
        _ => None,
    }
}

/// The diagnostic of an unknown key at `path`.
fn unknown_key(file: &SourceFile, map: &SourceMap, path: &[String]) -> Diagnostic {
    let refs: Vec<&str> = path.iter().map(String::as_str).collect();
    let key = refs.last().copied().unwrap_or_default();
    let at = map.key(&refs);
    let help = crate::yaml::pitfalls::unknown_key(&file.text, at).unwrap_or_else(|| {
        "remove it or correct its spelling; spec/README.md lists the keys each item takes".into()
    });
    Diagnostic::new(&file.path, at, format!("unknown key `{key}`")).help(help)
}

/// Reads a file that serde_yaml cannot read as a YAML value (a syntax error, a key written
/// twice): the unknown keys before the first problem, and that problem.
fn stop_at_first<T: DeserializeOwned>(
    file: &SourceFile,
    map: &SourceMap,
    problems: &mut Vec<Diagnostic>,
) -> Option<T> {
    let mut unknown: Vec<Vec<String>> = Vec::new();
    let deserializer = serde_yaml::Deserializer::from_str(&file.text);
    let parsed: Result<T, _> = serde_ignored::deserialize(deserializer, |path| {
        unknown.push(segments(&path));
    });
    for path in &unknown {
        problems.push(unknown_key(file, map, path));
    }
    match parsed {
        Ok(spec) => Some(spec),
        Err(error) => {
            let position = error
                .location()
                .map_or(Position { line: 1, column: 1 }, |l| Position {
                    line: l.line(),
                    column: l.column(),
                });
            let message = serde_message(&error);
            let help = crate::yaml::pitfalls::syntax_error(&file.text, position)
                .or_else(|| crate::yaml::pitfalls::type_error(&file.text, position, &message))
                .unwrap_or_else(|| {
                    "see spec/README.md for the keys and value types each item takes".into()
                });
            problems.push(Diagnostic::new(&file.path, position, message).help(help));
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
