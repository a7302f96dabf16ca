//! `spec/schema.json` (the JSON Schema editors use) is the schema of the generator's spec
//! model, accepts every spec file of the project and of the generator's fixture, and rejects
//! unknown keys as the loader does.

use std::path::Path;

use codegen::load::read_dir;
use codegen::schema::{SCHEMA_FILE, spec_schema, spec_schema_text};
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// A YAML document as the YAML language server sees it: JSON, with every mapping key a string.
fn to_json(yaml: &serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(*b),
        Y::Number(n) => serde_json::to_value(n).unwrap_or(Value::Null),
        Y::String(s) => Value::String(s.clone()),
        Y::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s.clone(),
                        other => serde_yaml::to_string(other)
                            .unwrap_or_default()
                            .trim()
                            .to_owned(),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => to_json(&tagged.value),
    }
}

fn errors(validator: &jsonschema::Validator, text: &str) -> Vec<String> {
    let mut yaml: serde_yaml::Value = serde_yaml::from_str(text).expect("YAML");
    yaml.apply_merge().expect("merge keys");
    let instance = to_json(&yaml);
    validator
        .iter_errors(&instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&spec_schema()).expect("the schema is a valid JSON Schema")
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let committed = std::fs::read_to_string(root().join("spec").join(SCHEMA_FILE))
        .expect("spec/schema.json exists: run `cargo xtask codegen`");
    assert!(
        committed == spec_schema_text(),
        "spec/schema.json is stale: run `cargo xtask codegen`"
    );
}

#[test]
fn every_spec_file_is_valid_against_the_schema() {
    let validator = validator();
    let mut seen = 0;
    for dir in ["spec", "generator/tests/fixture/spec"] {
        for file in read_dir(&root().join(dir), &format!("{dir}/")).expect("readable") {
            let found = errors(&validator, &file.text);
            assert!(found.is_empty(), "{}:\n{}", file.path, found.join("\n"));
            seen += 1;
        }
    }
    assert!(seen >= 4, "only {seen} spec files found");
}

#[test]
fn every_service_file_starts_with_the_modeline() {
    for file in read_dir(&root().join("spec"), "spec/").expect("readable") {
        assert_eq!(
            file.text.lines().next(),
            Some("# yaml-language-server: $schema=schema.json"),
            "{}",
            file.path
        );
    }
}

#[test]
fn unknown_keys_and_wrong_types_are_rejected() {
    let validator = validator();
    let fixture = std::fs::read_to_string(root().join("generator/tests/fixture/spec/garden.yaml"))
        .expect("fixture");
    let unknown_top = format!("{fixture}colour: red\n");
    assert!(!errors(&validator, &unknown_top).is_empty());
    let unknown_in_field = fixture.replace(
        "lat: { type: float64, required: true, doc: Latitude. }",
        "lat: { type: float64, required: true, doc: Latitude., colour: red }",
    );
    assert_ne!(unknown_in_field, fixture);
    assert!(!errors(&validator, &unknown_in_field).is_empty());
    let misspelt = fixture.replace("    summary: Plant a tree", "    summry: Plant a tree");
    assert!(!errors(&validator, &misspelt).is_empty());
    let bad_location = fixture.replace("dry_run: { in: query,", "dry_run: { in: body,");
    assert!(!errors(&validator, &bad_location).is_empty());
    let package = format!(
        "package: {{ name: x, version: 0.1.0, description: d, license: MIT }}\nruntime: {{ package: r, version: {}, path: p, extra: 1 }}\n",
        codegen::RUNTIME_VERSION
    );
    assert!(!errors(&validator, &package).is_empty());
}
