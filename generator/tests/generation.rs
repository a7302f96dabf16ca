//! Properties of generation for the small made-up spec in `tests/fixture/spec`.
//!
//! The generated code itself is reviewed in one place: the fixture's output is checked in
//! under `tests/fixture/generated`, where `cargo test --workspace` compiles it and runs its
//! generated conformance tests, and where xtask's freshness test fails (naming
//! `cargo xtask codegen`) when it is not byte for byte what the generator makes. A generator
//! change therefore shows up as a readable diff of that crate.

use std::path::Path;

use codegen::{generate, load::read_dir};

fn fixture() -> Vec<codegen::SourceFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixture/spec");
    read_dir(&dir, "generator/tests/fixture/spec/").expect("the fixture spec is readable")
}

#[test]
fn generation_is_deterministic() {
    let first = generate(&fixture()).unwrap_or_else(|d| panic!("{d}"));
    let second = generate(&fixture()).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(first.files, second.files);
}

#[test]
fn every_generated_file_says_it_is_generated_and_from_where() {
    let generated = generate(&fixture()).unwrap_or_else(|d| panic!("{d}"));
    for file in &generated.files {
        let first = file.contents.lines().next().unwrap_or_default();
        assert!(first.contains("@generated"), "{}: {first}", file.path);
        assert!(
            first.contains("generator/tests/fixture/spec/") || first.contains("spec/"),
            "{}: {first}",
            file.path
        );
        assert!(
            file.contents.contains("cargo xtask codegen"),
            "{}",
            file.path
        );
    }
}

#[test]
fn a_sixth_operation_is_a_spec_edit() {
    // Adding an operation to the project's own spec produces its method, request type and
    // tests without touching the generator.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut files = read_dir(&root, "spec/").expect("spec/ is readable");
    let aom = files
        .iter_mut()
        .find(|f| f.path == "spec/aom.yaml")
        .expect("spec/aom.yaml");
    aom.text = aom.text.replacen(
        "operations:\n",
        "operations:\n  PauseExecution:\n    summary: Pause an execution.\n    http: POST /v1/{project_id}/cms/workflow/{workflow_id}/executions/{execution_id}/pause\n    params:\n      project_id: { in: path, type: string, doc: Project., default_from: project_id }\n      workflow_id: { in: path, type: string, doc: Workflow., max_length: 64 }\n      execution_id: { in: path, type: string, doc: Execution. }\n    responses:\n      200: { doc: Paused., body: StopExecutionResult }\n    examples:\n      - name: pause\n        doc: Pause it.\n        request: { params: { project_id: p, workflow_id: w, execution_id: e } }\n        response: { status: 200, body: { result: success } }\n",
        1,
    );
    let generated = generate(&files).unwrap_or_else(|d| panic!("{d}"));
    let client = generated
        .files
        .iter()
        .find(|f| f.path == "src/aom/client.rs")
        .expect("client");
    assert!(client.contents.contains("pub async fn pause_execution"));
    let tests = generated
        .files
        .iter()
        .find(|f| f.path == "tests/aom.rs")
        .expect("tests");
    assert!(tests.contents.contains("mod pause_execution {"));
    assert!(tests.contents.contains("async fn example_pause()"));
}

#[test]
fn the_runtime_version_the_generator_targets_is_the_runtime_in_the_repository() {
    let manifest = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/Cargo.toml"),
    )
    .expect("runtime/Cargo.toml");
    let version = manifest
        .lines()
        .find_map(|line| line.strip_prefix("version = "))
        .map(|v| v.trim_matches('"'))
        .expect("a version line");
    assert_eq!(
        version,
        codegen::RUNTIME_VERSION,
        "bump codegen::RUNTIME_VERSION with the runtime"
    );
}
