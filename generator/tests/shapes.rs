//! The checker's rules for the shapes beyond plain scalars and structs: maps, free-form
//! objects, integer enums, list-valued query parameters, nullable fields, defaults and
//! recursive types. Each misuse is rejected at its place with a help line that names the fix;
//! each good use is accepted. (The fixture spec proves that accepted shapes generate a crate
//! that builds and talks on the wire.)

mod support;

use codegen::Diagnostics;

/// A valid service using every shape; tests replace one line of it.
const SERVICE: &str = "\
service: Shapes
title: Shapes
doc: Shapes.
sdk_name: SHAPES
auth:
  - { scheme: aksk, doc: Signing. }
endpoints:
  xx-test-1: [https://shapes.example.com]
operations:
  ListThings:
    summary: List things.
    http: GET /v1/things/{level}
    params:
      level: { in: path, type: Level, doc: The level. }
      kinds: { in: query, type: list<Kind>, doc: Kinds., style: comma }
      ratio: { in: query, type: float64, doc: A ratio. }
    responses:
      200: { doc: The things., body: map<Thing> }
types:
  Thing:
    doc: A thing.
    fields:
      labels: { type: map<string>, doc: Labels. }
      extra: { type: object, doc: Anything. }
      parent: { type: Thing, doc: The thing it belongs to. }
  Kind:
    doc: A kind.
    values:
      - { value: big, doc: Big. }
  Level:
    doc: A level.
    type: int32
    values:
      - { value: 1, rust_name: Low, doc: Low. }
";

fn run(service: &str) -> Result<codegen::Generated, Diagnostics> {
    support::generate_service("shapes", service)
}

/// `SERVICE` with the line containing `line` replaced by `with`.
fn edited(line: &str, with: &str) -> String {
    assert!(SERVICE.contains(line), "no line {line:?}");
    SERVICE.replacen(line, with, 1)
}

/// Asserts that the spec is rejected with exactly one problem, on line `line` of the service
/// file, whose message contains `message` and whose help contains `help`.
fn assert_rejected(service: &str, line: usize, message: &str, help: &str) {
    let found = match run(service) {
        Ok(_) => panic!("the spec should have been rejected:\n{service}"),
        Err(d) => d,
    };
    assert_eq!(found.0.len(), 1, "expected one problem, got:\n{found}");
    let d = &found.0[0];
    assert_eq!(d.file, "spec/shapes.yaml", "{d}");
    assert_eq!(d.position.line, line, "{d}");
    assert!(d.message.contains(message), "message of {d}");
    assert!(
        d.help.as_deref().unwrap_or_default().contains(help),
        "help of {d}"
    );
}

#[test]
fn every_shape_of_the_base_spec_is_accepted() {
    let generated = run(SERVICE).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(generated.operation_count(), 1);
}

#[test]
fn a_number_in_a_string_enum_is_told_to_be_quoted() {
    assert_rejected(
        &edited(
            "      - { value: big, doc: Big. }",
            "      - { value: 0, doc: Big. }",
        ),
        29,
        "`0` is a number, but the values of this enum are strings",
        "quote it (`value: \"0\"`)",
    );
}

#[test]
fn a_string_in_an_integer_enum_is_rejected() {
    assert_rejected(
        &edited(
            "      - { value: 1, rust_name: Low, doc: Low. }",
            "      - { value: low, rust_name: Low, doc: Low. }",
        ),
        34,
        "is not an int32 value",
        "write an integer",
    );
    assert_rejected(
        &edited("    type: int32", "    type: float64"),
        32,
        "an enum's values cannot be `float64`",
        "`type: int32` or `type: int64`",
    );
}

#[test]
fn list_parameters_are_for_the_query_only_and_style_for_lists_only() {
    assert_rejected(
        &edited(
            "      level: { in: path, type: Level, doc: The level. }",
            "      level: { in: path, type: list<Level>, doc: The level. }",
        ),
        14,
        "only query parameters can be lists",
        "request body",
    );
    assert_rejected(
        &edited(
            "      ratio: { in: query, type: float64, doc: A ratio. }",
            "      ratio: { in: query, type: float64, doc: A ratio., style: comma }",
        ),
        16,
        "`style` is for list-valued query parameters only",
        "remove `style`",
    );
    assert_rejected(
        &edited(
            "      ratio: { in: query, type: float64, doc: A ratio. }",
            "      ratio: { in: query, type: list<Thing>, doc: A ratio. }",
        ),
        16,
        "a parameter must be a string, boolean, int32, int64, float64 or enum",
        "request body",
    );
}

#[test]
fn maps_take_no_constraints_and_keys_are_always_strings() {
    assert_rejected(
        &edited(
            "      labels: { type: map<string>, doc: Labels. }",
            "      labels: { type: map<string>, doc: Labels., max_length: 3 }",
        ),
        23,
        "constraints do not apply to a map",
        "map<ThatType>",
    );
    assert_rejected(
        &edited(
            "      labels: { type: map<string>, doc: Labels. }",
            "      labels: { type: \"map<string, string>\", doc: Labels. }",
        ),
        23,
        "map keys are always strings",
        "map<T>",
    );
}

#[test]
fn a_struct_that_contains_itself_through_required_fields_only_is_rejected() {
    assert_rejected(
        &edited(
            "      parent: { type: Thing, doc: The thing it belongs to. }",
            "      parent: { type: Thing, required: true, doc: The thing it belongs to. }",
        ),
        25,
        "makes `Thing` contain itself through required fields only",
        "optional, or a list",
    );
}

#[test]
fn defaults_are_checked_against_the_field() {
    let line = "      extra: { type: object, doc: Anything. }";
    for (field, message, help) in [
        (
            "      extra: { type: int32, default: big, doc: Anything. }",
            "does not have the type int32",
            "a value of the field's type",
        ),
        (
            "      extra: { type: int32, minimum: 2, default: 1, doc: Anything. }",
            "`default` must be at least 2, not 1",
            "meets its constraints",
        ),
        (
            "      extra: { type: Kind, default: small, doc: Anything. }",
            "`small` is not a value of `Kind`",
            "a value of the field's type",
        ),
        (
            "      extra: { type: int32, required: true, default: 1, doc: Anything. }",
            "a required field has no default",
            "remove `default`",
        ),
        (
            "      extra: { type: list<int32>, default: 1, doc: Anything. }",
            "only scalar and enum fields take a default",
            "is `None`",
        ),
        (
            "      extra: { type: int32, nullable: true, default: 1, doc: Anything. }",
            "a nullable field cannot also have a default",
            "remove `default`",
        ),
    ] {
        assert_rejected(&edited(line, field), 24, message, help);
    }
    let accepted = edited(
        line,
        "      extra: { type: Kind, default: big, doc: Anything. }",
    );
    run(&accepted).unwrap_or_else(|d| panic!("{d}"));
}

#[test]
fn parameters_are_never_null() {
    assert_rejected(
        &edited(
            "      ratio: { in: query, type: float64, doc: A ratio. }",
            "      ratio: { in: query, type: float64, doc: A ratio., nullable: true }",
        ),
        16,
        "a parameter cannot be `null`",
        "remove `nullable`",
    );
}

#[test]
fn a_spec_without_a_success_example_has_no_empty_example_block() {
    let generated = run(SERVICE).unwrap_or_else(|d| panic!("{d}"));
    for (path, fence) in [("src/lib.rs", "```no_run"), ("README.md", "```rust,no_run")] {
        let file = generated
            .files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path} is generated"));
        assert!(!file.contents.contains(fence), "{path}:\n{}", file.contents);
    }
}
