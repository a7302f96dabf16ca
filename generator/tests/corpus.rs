//! The corpus of malformed specs (`tests/corpus/`): each is a small YAML file a person might
//! write, and the snapshot of each is the rendered message they would see: `file:line:col`,
//! what is wrong, the line with a caret, and the help.
//!
//! `corpus/service/<case>.yaml` is read as the service file `spec/demo.yaml` beside the valid
//! `corpus/package.yaml`; `corpus/package/<case>.yaml` is read as `spec/package.yaml` beside
//! the valid `corpus/valid.yaml`. Every case is rejected with errors, except the `warning_*`
//! ones, which are generated with warnings. Snapshots: `snapshots/corpus/<dir>__<case>.snap`.

use std::path::{Path, PathBuf};

use codegen::{SourceFile, generate};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The cases of `dir`, by name, sorted.
fn cases(dir: &str) -> Vec<(String, PathBuf)> {
    let mut cases: Vec<(String, PathBuf)> = std::fs::read_dir(corpus().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    cases.sort();
    cases
}

/// What a person sees for `files`: the rendered errors, or for a `warning_*` case the rendered
/// warnings of a spec that is generated.
fn seen(name: &str, files: &[SourceFile]) -> String {
    match generate(files) {
        Err(found) => {
            assert!(
                !name.starts_with("warning_"),
                "{name} is rejected:\n{found}"
            );
            assert!(found.error_count() > 0, "{name}");
            for d in &found.0 {
                assert!(
                    d.position.line >= 1 && d.position.column >= 1,
                    "{name}: {d}"
                );
                assert!(files.iter().any(|f| f.path == d.file), "{name}: {d}");
                assert!(
                    d.help.is_some(),
                    "{name}: every problem says what to do: {d}"
                );
            }
            found.render(files)
        }
        Ok(generated) => {
            assert!(name.starts_with("warning_"), "{name} is accepted");
            assert!(!generated.warnings.is_empty(), "{name} has warnings");
            generated.warnings.render(files)
        }
    }
}

fn snapshot(dir: &str, name: &str, path: &Path, rendered: &str) {
    insta::with_settings!({
        snapshot_path => "snapshots/corpus",
        prepend_module_to_snapshot => false,
        input_file => path,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(format!("{dir}__{name}"), rendered);
    });
}

#[test]
fn the_base_files_are_valid() {
    let files = [
        SourceFile {
            path: "spec/package.yaml".into(),
            text: read(&corpus().join("package.yaml")),
        },
        SourceFile {
            path: "spec/demo.yaml".into(),
            text: read(&corpus().join("valid.yaml")),
        },
    ];
    let generated = generate(&files).unwrap_or_else(|d| panic!("{}", d.render(&files)));
    assert!(generated.warnings.is_empty(), "{}", generated.warnings);
}

#[test]
fn every_malformed_service_file_is_told_where_and_what_to_do() {
    let package = read(&corpus().join("package.yaml"));
    let cases = cases("service");
    assert!(cases.len() >= 60, "{} cases", cases.len());
    for (name, path) in cases {
        let files = [
            SourceFile {
                path: "spec/package.yaml".into(),
                text: package.clone(),
            },
            SourceFile {
                path: "spec/demo.yaml".into(),
                text: read(&path),
            },
        ];
        snapshot("service", &name, &path, &seen(&name, &files));
    }
}

#[test]
fn every_malformed_package_file_is_told_where_and_what_to_do() {
    let service = read(&corpus().join("valid.yaml"));
    for (name, path) in cases("package") {
        let files = [
            SourceFile {
                path: "spec/package.yaml".into(),
                text: read(&path),
            },
            SourceFile {
                path: "spec/demo.yaml".into(),
                text: service.clone(),
            },
        ];
        snapshot("package", &name, &path, &seen(&name, &files));
    }
}
