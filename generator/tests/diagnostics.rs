//! Each kind of spec mistake gives a diagnostic naming the file, line and column and saying
//! what to change; all problems are reported at once; nothing panics.

mod support;

use codegen::{Diagnostics, SourceFile, generate};

/// A valid service; tests replace parts of it. Line numbers below refer to this text.
const SERVICE: &str = "\
service: Demo
title: Demo
doc: A demo service.
sdk_name: DEMO
auth:
  - scheme: token
    header: X-Auth-Token
    doc: A token.
endpoints:
  xx-test-1: [https://demo.example.com]
operations:
  StopThing:
    summary: Stop a thing.
    http: POST /v1/things/{thing_id}/stop
    params:
      thing_id: { in: path, type: string, doc: The thing. }
    request:
      body: { type: StopBody, required: true, doc: How to stop. }
    responses:
      200: { doc: OK, body: StopResult }
types:
  StopBody:
    doc: How to stop.
    fields:
      force: { type: boolean, doc: Force it. }
  StopResult:
    doc: The result.
    fields:
      done: { type: boolean, doc: Whether it stopped. }
";

fn run(service: &str) -> Result<codegen::Generated, Diagnostics> {
    support::generate_service("demo", service)
}

fn problems(service: &str) -> Diagnostics {
    match run(service) {
        Ok(_) => panic!("the spec should have been rejected"),
        Err(d) => d,
    }
}

/// Asserts that exactly one problem was found, at `line:column` of spec/demo.yaml, whose
/// message contains `message` and whose help contains `help`.
fn assert_one(service: &str, line: usize, column: usize, message: &str, help: &str) {
    let found = problems(service);
    assert_eq!(found.0.len(), 1, "expected one problem, got:\n{found}");
    let d = &found.0[0];
    assert_eq!(d.file, "spec/demo.yaml", "{d}");
    assert_eq!((d.position.line, d.position.column), (line, column), "{d}");
    assert!(d.message.contains(message), "message of {d}");
    assert!(
        d.help.as_deref().unwrap_or_default().contains(help),
        "help of {d}"
    );
}

#[test]
fn the_base_spec_is_valid() {
    let generated = run(SERVICE).expect("valid");
    assert_eq!(generated.operation_count(), 1);
}

#[test]
fn yaml_syntax_error() {
    let broken = SERVICE.replace("title: Demo", "title: [Demo");
    let found = problems(&broken);
    let d = &found.0[0];
    assert_eq!(d.file, "spec/demo.yaml");
    assert!(d.position.line >= 2, "{d}");
    assert!(!d.message.is_empty());
}

#[test]
fn unknown_keys_are_all_reported_at_their_lines() {
    let broken = SERVICE
        .replace(
            "    summary: Stop a thing.",
            "    summry: Stop a thing.\n    summary: Stop a thing.",
        )
        .replace(
            "      force: { type: boolean, doc: Force it. }",
            "      force: { type: boolean, doc: Force it., colour: red }",
        );
    let found = problems(&broken);
    let at: Vec<(usize, usize, &str)> = found
        .0
        .iter()
        .map(|d| (d.position.line, d.position.column, d.message.as_str()))
        .collect();
    assert_eq!(
        at,
        vec![
            (13, 5, "unknown key `summry`"),
            (26, 47, "unknown key `colour`")
        ],
        "{found}"
    );
    assert!(
        found
            .0
            .iter()
            .all(|d| d.help.as_deref().unwrap_or_default().contains("spelling"))
    );
}

#[test]
fn unknown_type_reference_suggests_the_closest() {
    let broken = SERVICE.replace("body: { type: StopBody,", "body: { type: StopBdy,");
    assert_one(
        &broken,
        18,
        21,
        "unknown type `StopBdy`",
        "did you mean `StopBody`",
    );
}

#[test]
fn a_wrong_type_is_reported_once_not_again_by_the_examples_using_it() {
    let broken = SERVICE
        .replace(
            "      done: { type: boolean, doc: Whether it stopped. }",
            "      done: { type: bool, doc: Whether it stopped. }",
        )
        .replace(
            "      200: { doc: OK, body: StopResult }",
            "      200: { doc: OK, body: StopResult }\n    examples:\n      - name: ok\n        doc: Ok.\n        request: { params: { thing_id: t }, body: {} }\n        response: { status: 200, body: { done: true } }",
        );
    assert_one(
        &broken,
        34,
        21,
        "unknown type `bool`",
        "did you mean `boolean`",
    );
}

#[test]
fn path_placeholder_without_parameter() {
    let broken = SERVICE.replace(
        "/v1/things/{thing_id}/stop",
        "/v1/things/{thing_id}/{mode}/stop",
    );
    assert_one(
        &broken,
        14,
        11,
        "`{mode}`, which is not a declared path parameter",
        "declare `mode`",
    );
}

#[test]
fn path_parameter_missing_from_the_path() {
    let broken = SERVICE.replace("/v1/things/{thing_id}/stop", "/v1/things/stop");
    assert_one(
        &broken,
        16,
        7,
        "path parameter `thing_id` does not appear in the path",
        "add `{thing_id}`",
    );
}

#[test]
fn duplicate_operation() {
    let duplicated = SERVICE.replace(
        "types:\n",
        "  StopThing:\n    summary: Again.\n    http: POST /v1/x\n    responses:\n      200: { doc: OK }\ntypes:\n",
    );
    assert_one(
        &duplicated,
        21,
        3,
        "`StopThing` is written twice here; it first appears at line 12",
        "remove or rename",
    );
}

#[test]
fn operations_colliding_after_case_conversion() {
    let colliding = SERVICE.replace(
        "types:\n",
        "  StopThingV2:\n    summary: A.\n    http: POST /v1/a\n    responses:\n      200: { doc: OK }\n  StopThingV_2:\n    summary: B.\n    http: POST /v1/b\n    responses:\n      200: { doc: OK }\ntypes:\n",
    );
    let found = problems(&colliding);
    assert!(
        found
            .0
            .iter()
            .any(|d| d.message.contains("not PascalCase") && d.position.line == 26),
        "{found}"
    );
}

#[test]
fn fields_colliding_after_case_conversion() {
    let broken = SERVICE.replace(
        "      force: { type: boolean, doc: Force it. }",
        "      force: { type: boolean, doc: Force it. }\n      Force: { type: boolean, doc: Force it too. }",
    );
    assert_one(
        &broken,
        26,
        7,
        "fields `force` and `Force` both become the Rust field `force`",
        "rust_name",
    );
}

#[test]
fn rust_keyword_as_a_field_name() {
    let broken = SERVICE.replace("      done: { type: boolean", "      type: { type: boolean");
    assert_one(
        &broken,
        29,
        7,
        "`type` would become the Rust field `type`, but `type` is a Rust keyword",
        "rust_name: type_",
    );
    let renamed = SERVICE.replace(
        "      done: { type: boolean",
        "      type: { rust_name: kind, type: boolean",
    );
    run(&renamed).expect("a rust_name fixes it");
}

#[test]
fn invalid_regex() {
    let broken = SERVICE.replace(
        "thing_id: { in: path, type: string, doc: The thing. }",
        "thing_id: { in: path, type: string, doc: The thing., pattern: \"^[a-z\" }",
    );
    assert_one(
        &broken,
        16,
        69,
        "invalid regular expression",
        "Rust regex syntax",
    );
}

#[test]
fn enum_values_colliding_after_case_conversion() {
    let broken = format!(
        "{SERVICE}  Mode:\n    doc: A mode.\n    values:\n      - {{ value: IN_PROGRESS, doc: A. }}\n      - {{ value: InProgress, doc: B. }}\n"
    );
    assert_one(
        &broken,
        34,
        9,
        "both become the variant `InProgress`",
        "aliases",
    );
}

#[test]
fn contradicting_constraints() {
    let broken = SERVICE.replace(
        "thing_id: { in: path, type: string, doc: The thing. }",
        "thing_id: { in: path, type: string, doc: The thing., min_length: 5, max_length: 2 }",
    );
    assert_one(
        &broken,
        16,
        87,
        "`max_length` (2) is less than `min_length` (5)",
        "at most",
    );
}

#[test]
fn example_breaking_a_constraint() {
    let broken = SERVICE.replace(
        "      200: { doc: OK, body: StopResult }",
        "      200: { doc: OK, body: StopResult }\n    examples:\n      - name: bad\n        doc: Bad.\n        request:\n          params: { thing_id: \"\" }\n          body: { force: 1 }\n        response: { status: 201 }",
    );
    let found = problems(&broken);
    let messages: Vec<&str> = found.0.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`body.force` = 1 does not have the type boolean")),
        "{found}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("status 201 is not a documented response")),
        "{found}"
    );
}

#[test]
fn examples_are_judged_by_the_runtime_rules_in_the_runtime_words() {
    // The same rules (and words) as `Error::InvalidRequest` from the client.
    let broken = SERVICE
        .replace(
            "thing_id: { in: path, type: string, doc: The thing. }",
            "thing_id: { in: path, type: string, doc: The thing., max_length: 3, pattern: \"^[a-z]+$\" }",
        )
        .replace(
            "      200: { doc: OK, body: StopResult }",
            "      200: { doc: OK, body: StopResult }\n    examples:\n      - name: bad\n        doc: Bad.\n        request:\n          params: { thing_id: Abcd }\n          body: { force: true }\n        response: { status: 200 }",
        );
    let found = problems(&broken);
    let messages: Vec<&str> = found.0.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`thing_id` = \"Abcd\" must be at most 3 characters long, not 4",
            "`thing_id` = \"Abcd\" must match the pattern ^[a-z]+$",
        ],
        "{found}"
    );
}

#[test]
fn an_example_path_value_that_would_change_the_path() {
    let broken = SERVICE.replace(
        "      200: { doc: OK, body: StopResult }",
        "      200: { doc: OK, body: StopResult }\n    examples:\n      - name: dots\n        doc: Dots.\n        request:\n          params: { thing_id: \"..\" }\n          body: { force: true }\n        response: { status: 200 }",
    );
    assert_one(
        &broken,
        25,
        31,
        "`thing_id` must not be `..`, which would change the path",
        "a value the client can send",
    );
}

#[test]
fn or_text_is_for_a_success_body_only() {
    let broken = SERVICE.replace(
        "      200: { doc: OK, body: StopResult }",
        "      200: { doc: OK, body: StopResult }\n      404: { doc: Gone., or_text: true }",
    );
    assert_one(
        &broken,
        21,
        26,
        "`or_text` is for a success response with a `body` only",
        "remove `or_text`",
    );
}

#[test]
fn empty_text_that_becomes_rustdoc() {
    let broken = SERVICE.replace("summary: Stop a thing.", "summary: \"  \"");
    assert_one(
        &broken,
        13,
        14,
        "this text is empty, but it becomes the rustdoc",
        "write what it is",
    );
    let broken = SERVICE.replace(
        "force: { type: boolean, doc: Force it. }",
        "force: { type: boolean, doc: \"\" }",
    );
    assert_one(&broken, 25, 36, "this text is empty", "write what it is");
}

#[test]
fn header_names_are_http_tokens() {
    let broken = SERVICE.replace(
        "      thing_id: { in: path, type: string, doc: The thing. }",
        "      thing_id: { in: path, type: string, doc: The thing. }\n      \"X Trace\": { in: header, type: string, doc: A trace. }",
    );
    assert_one(
        &broken,
        17,
        7,
        "`X Trace` is not an HTTP header name",
        "no spaces, colons or line breaks",
    );
    let broken = SERVICE.replace(
        "header: X-Auth-Token",
        "header: \"X-Auth-Token\\r\\nX-Evil: 1\"",
    );
    let found = problems(&broken);
    assert!(
        found
            .0
            .iter()
            .any(|d| d.message.contains("is not an HTTP header name")),
        "{found}"
    );
}

#[test]
fn the_suggested_rust_name_for_a_keyword_is_accepted() {
    let keyword = SERVICE.replace("force: { type: boolean,", "type: { type: boolean,");
    let found = problems(&keyword);
    let help = found.0[0].help.clone().unwrap_or_default();
    assert!(help.contains("rust_name: type_"), "{found}");
    let fixed = SERVICE.replace(
        "force: { type: boolean,",
        "type: { type: boolean, rust_name: type_,",
    );
    run(&fixed).unwrap_or_else(|d| panic!("the checker's own suggestion is accepted:\n{d}"));
}

#[test]
fn two_operations_on_one_method_and_path() {
    let broken = SERVICE.replace(
        "types:\n",
        "  StopThingAgain:\n    summary: Stop it again.\n    http: POST /v1/things/{id}/stop\n    params:\n      id: { in: path, type: string, doc: The thing. }\n    responses:\n      200: { doc: OK }\ntypes:\n",
    );
    assert_one(
        &broken,
        23,
        11,
        "`POST /v1/things/{id}/stop` is also the method and path of `StopThing`",
        "its own method and path",
    );
}

#[test]
fn a_type_named_like_a_prelude_item() {
    let broken = SERVICE.replace("StopResult", "Result");
    let found = problems(&broken);
    assert!(
        found
            .0
            .iter()
            .any(|d| d.message.contains("would hide Rust's `Result`")
                && d.help.as_deref().is_some_and(|h| h.contains("DemoResult"))),
        "{found}"
    );
}

#[test]
fn a_runtime_version_the_generated_code_cannot_use() {
    let package = support::package("demo-client").replace(
        &format!("  version: {}\n  path: runtime", codegen::RUNTIME_VERSION),
        "  version: 0.1.0\n  path: runtime",
    );
    let found = generate(&[
        SourceFile {
            path: "spec/package.yaml".into(),
            text: package,
        },
        SourceFile {
            path: "spec/demo.yaml".into(),
            text: SERVICE.into(),
        },
    ])
    .expect_err("rejected");
    assert_eq!(found.0.len(), 1, "{found}");
    assert!(
        found.0[0].message.contains(&format!(
            "needs version {} of the runtime",
            codegen::RUNTIME_VERSION
        )),
        "{found}"
    );
    assert_eq!(
        found.0[0].help.as_deref(),
        Some(format!("write `version: {}`", codegen::RUNTIME_VERSION).as_str())
    );
}

#[test]
fn many_problems_in_several_places_come_together() {
    let broken = SERVICE
        .replace("body: { type: StopBody,", "body: { type: Nope,")
        .replace(
            "      done: { type: boolean",
            "      match: { type: boolean",
        )
        .replace("sdk_name: DEMO", "sdk_name: demo");
    let found = problems(&broken);
    assert_eq!(found.0.len(), 3, "{found}");
    let rendered = found.to_string();
    assert!(
        rendered.starts_with("spec/demo.yaml:4:11: error:"),
        "{rendered}"
    );
    assert!(rendered.ends_with("3 problems in the spec"), "{rendered}");
}

#[test]
fn missing_package_file() {
    let found = generate(&[SourceFile {
        path: "spec/demo.yaml".into(),
        text: SERVICE.into(),
    }])
    .unwrap_err();
    assert!(found.0[0].file.ends_with("package.yaml"), "{found}");
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "",
        "[]",
        "service: [",
        "operations: 7",
        "\t\u{0}",
        "a: &x [*x]",
        "operations:\n  X:\n    http: POST\n",
    ];
    for text in inputs {
        assert!(run(text).is_err(), "{text:?}");
    }
}

/// The files `run` reads, for rendering.
fn sources(service: &str) -> Vec<SourceFile> {
    vec![
        SourceFile {
            path: "spec/package.yaml".into(),
            text: support::package("demo-client"),
        },
        SourceFile {
            path: "spec/demo.yaml".into(),
            text: service.into(),
        },
    ]
}

fn rendered(service: &str) -> String {
    let text = problems(service).render(&sources(service));
    assert!(!text.contains('\u{1b}'), "no ANSI escapes:\n{text}");
    text
}

#[test]
fn rendered_unknown_type_shows_the_line_a_caret_and_help() {
    let broken = SERVICE.replace("body: { type: StopBody,", "body: { type: StopBdy,");
    insta::assert_snapshot!(rendered(&broken));
}

#[test]
fn rendered_unknown_keys() {
    let broken = SERVICE
        .replace(
            "    summary: Stop a thing.",
            "    summry: Stop a thing.\n    summary: Stop a thing.",
        )
        .replace(
            "      force: { type: boolean, doc: Force it. }",
            "      force: { type: boolean, doc: Force it., colour: red }",
        );
    insta::assert_snapshot!(rendered(&broken));
}

#[test]
fn rendered_many_problems_come_together() {
    let broken = SERVICE
        .replace("body: { type: StopBody,", "body: { type: Nope,")
        .replace(
            "      done: { type: boolean",
            "      match: { type: boolean",
        )
        .replace("sdk_name: DEMO", "sdk_name: demo")
        .replace("/v1/things/{thing_id}/stop", "/v1/things/stop");
    insta::assert_snapshot!(rendered(&broken));
}

#[test]
fn rendered_yaml_syntax_error() {
    let broken = SERVICE.replace("title: Demo", "title: [Demo");
    insta::assert_snapshot!(rendered(&broken));
}

#[test]
fn rendered_quoted_value_and_bad_version() {
    let broken = SERVICE.replace(
        "http: POST /v1/things/{thing_id}/stop",
        "http: \"FETCH /v1/things/{thing_id}/stop\"",
    );
    let package = support::package("demo-client").replace(
        "version: 0.1.0\n  description",
        "version: one\n  description",
    );
    let mut files = sources(&broken);
    files[0].text = package;
    let found = generate(&files).unwrap_err();
    insta::assert_snapshot!(found.render(&files));
}

#[test]
fn rendered_problem_without_a_source_file() {
    let files = [SourceFile {
        path: "spec/demo.yaml".into(),
        text: SERVICE.into(),
    }];
    let found = generate(&files).unwrap_err();
    insta::assert_snapshot!(found.render(&files));
}

/// The problems of `service` beside `package`, all of them, and the files for rendering.
fn problems_with_package(package: &str, service: &str) -> (Diagnostics, Vec<SourceFile>) {
    let files = vec![
        SourceFile {
            path: "spec/package.yaml".into(),
            text: package.into(),
        },
        SourceFile {
            path: "spec/demo.yaml".into(),
            text: service.into(),
        },
    ];
    let found = generate(&files).expect_err("rejected");
    (found, files)
}

#[test]
fn type_errors_unknown_keys_and_other_files_problems_come_in_one_run() {
    let broken = SERVICE
        .replace(
            "body: { type: StopBody, required: true,",
            "body: { type: StopBody, required: maybe,",
        )
        .replace(
            "      force: { type: boolean, doc: Force it. }",
            "      force: { type: boolean, doc: Force it., colour: red }",
        )
        .replace(
            "200: { doc: OK, body: StopResult }",
            "200: { doc: [OK], body: StopResult }",
        );
    let package = support::package("demo-client").replace(
        "version: 0.1.0\n  description",
        "version: one\n  description",
    );
    let (found, files) = problems_with_package(&package, &broken);
    let at: Vec<(&str, usize, usize)> = found
        .0
        .iter()
        .map(|d| (d.file.as_str(), d.position.line, d.position.column))
        .collect();
    assert_eq!(
        at,
        [
            ("spec/demo.yaml", 18, 41),
            ("spec/demo.yaml", 20, 19),
            ("spec/demo.yaml", 25, 47),
            ("spec/package.yaml", 3, 12),
        ],
        "{}",
        found.render(&files)
    );
    let messages: Vec<&str> = found.0.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages[0].contains("\"maybe\", expected a boolean"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("invalid type: sequence, expected a string"),
        "{messages:?}"
    );
    assert_eq!(messages[2], "unknown key `colour`");
    assert!(messages[3].contains("`one`"), "{messages:?}");
}

#[test]
fn a_missing_key_is_reported_with_the_others() {
    let broken = SERVICE
        .replace("    summary: Stop a thing.\n", "")
        .replace(
            "force: { type: boolean, doc: Force it. }",
            "force: { type: boolean }",
        )
        .replace("title: Demo", "title: Demo\ncolour: red");
    let found = problems(&broken);
    let at: Vec<(usize, &str)> = found
        .0
        .iter()
        .map(|d| (d.position.line, d.message.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            (3, "unknown key `colour`"),
            (13, "missing key `summary`"),
            (25, "missing key `doc`"),
        ],
        "{found}"
    );
}

#[test]
fn a_flow_mapping_cut_by_a_comma_is_told_how_to_quote() {
    let broken = SERVICE.replace(
        "done: { type: boolean, doc: Whether it stopped. }",
        "done: { type: boolean, doc: Whether it stopped, finally. }",
    );
    assert_one(
        &broken,
        29,
        55,
        "unknown key `finally.`",
        "quote the value: doc: \"Whether it stopped, finally.\"",
    );
}

#[test]
fn yes_for_true_and_a_reserved_character_are_told_how_to_write() {
    let broken = SERVICE.replace("required: true,", "required: yes,");
    assert_one(&broken, 18, 41, "expected a boolean", "write `true`");
    // With another problem in the file, a number-like text is still read as written.
    let broken = SERVICE
        .replace("required: true,", "required: yes,")
        .replace("summary: Stop a thing.", "summary: 1.10");
    assert_one(&broken, 18, 41, "expected a boolean", "write `true`");
    let broken = SERVICE.replace("doc: A demo service.", "doc: @demo service");
    let found = problems(&broken);
    assert!(
        found.0[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("quote it: \"@demo service\"")),
        "{found}"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_named_with_where() {
    let bytes = b"service: Demo\ntitle: D\xE9mo\n".to_vec();
    let problem = codegen::load::decode("spec/demo.yaml", bytes).unwrap_err();
    assert_eq!(problem.file, "spec/demo.yaml");
    assert_eq!((problem.position.line, problem.position.column), (2, 9));
    assert!(
        problem.message.contains("not UTF-8: byte 22 (0xE9)"),
        "{problem}"
    );
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("not-utf8");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("demo.yaml"), b"title: D\xE9mo\n").unwrap();
    let error = codegen::load::read_dir(&dir, "spec/").unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("spec/demo.yaml:1:9: error: the file is not UTF-8"),
        "{error}"
    );
}

#[test]
fn a_nested_example_error_points_at_its_key() {
    let service = SERVICE
        .replace(
            "      force: { type: boolean, doc: Force it. }",
            "      force: { type: boolean, doc: Force it. }\n      plan: { type: Plan, doc: The plan. }\n  Plan:\n    doc: A plan.\n    fields:\n      steps: { type: list<Step>, doc: Steps. }\n  Step:\n    doc: A step.\n    fields:\n      level: { type: int32, doc: Level. }",
        )
        .replace(
            "      200: { doc: OK, body: StopResult }",
            "      200: { doc: OK, body: StopResult }\n    examples:\n      - name: nested\n        doc: Nested.\n        request:\n          params: { thing_id: t }\n          body:\n            force: true\n            plan:\n              steps:\n                - level: 1\n                - level: high\n                  extra: 1\n        response: { status: 200 }",
        );
    let found = problems(&service);
    let rendered = found.render(&sources(&service));
    let at: Vec<(usize, usize, &str)> = found
        .0
        .iter()
        .map(|d| (d.position.line, d.position.column, d.message.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            (
                31,
                26,
                "`body.plan.steps[1].level` = \"high\" does not have the type int32"
            ),
            (
                32,
                19,
                "`body.plan.steps[1].extra` is not a field of `Step`"
            ),
        ],
        "{rendered}"
    );
    assert!(rendered.contains("--> spec/demo.yaml:31:26"), "{rendered}");
}

#[test]
fn operations_without_examples_and_unused_types_are_warnings() {
    let service = format!(
        "{SERVICE}  Unused:\n    doc: Nothing uses it.\n    fields:\n      x: {{ type: string, doc: X. }}\n"
    );
    let generated = run(&service).expect("warnings do not stop generation");
    let warnings = &generated.warnings;
    let at: Vec<(usize, usize, &str)> = warnings
        .0
        .iter()
        .map(|d| (d.position.line, d.position.column, d.message.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            (
                12,
                3,
                "operation `StopThing` has no examples, so it gets no conformance test"
            ),
            (30, 3, "type `Unused` is not used by any operation"),
        ],
        "{warnings}"
    );
    assert!(warnings.0.iter().all(|d| !d.is_error()));
    let rendered = warnings.render(&sources(&service));
    assert!(
        rendered.starts_with("warning: operation `StopThing` has no examples"),
        "{rendered}"
    );
    assert!(
        rendered.ends_with("warning: 2 warnings in the spec\n"),
        "{rendered}"
    );
    // No example anywhere: no conformance test file at all (so none with unused imports).
    assert!(!generated.files.iter().any(|f| f.path.starts_with("tests/")));
}

#[test]
fn a_conformance_test_file_beside_an_operation_without_examples_uses_all_it_imports() {
    let service = SERVICE
        .replace(
            "      200: { doc: OK, body: StopResult }",
            "      200: { doc: OK, body: StopResult }\n    examples:\n      - name: ok\n        doc: Ok.\n        request: { params: { thing_id: t }, body: { force: true } }\n        response: { status: 200, body: { done: true } }\n  ListThings:\n    summary: List things.\n    http: GET /v1/things\n    responses:\n      200: { doc: OK }",
        );
    let generated = run(&service).expect("valid");
    assert_eq!(generated.warnings.0.len(), 1, "{}", generated.warnings);
    let tests = generated
        .files
        .iter()
        .find(|f| f.path == "tests/demo.rs")
        .expect("a conformance test file");
    let file = syn::parse_file(&tests.contents).expect("parses");
    // One module of tests, for the one operation with examples, with its two imports.
    let modules: Vec<(String, usize)> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) => {
                let items = &m.content.as_ref()?.1;
                let uses = items
                    .iter()
                    .filter(|i| matches!(i, syn::Item::Use(_)))
                    .count();
                Some((m.ident.to_string(), uses))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        modules,
        [("stop_thing".to_owned(), 2)],
        "{}",
        tests.contents
    );
    // `use demo_client::demo::*;` brings the request types the tests build; the support
    // module is called by every test.
    assert!(
        tests.contents.contains("StopThingRequest"),
        "{}",
        tests.contents
    );
    assert!(tests.contents.contains("support::"), "{}", tests.contents);
}

#[test]
fn list_nesting_and_struct_chains_have_limits() {
    let deep = |n: usize| format!("{}boolean{}", "list<".repeat(n), ">".repeat(n));
    let ok = SERVICE.replace(
        "done: { type: boolean,",
        &format!("done: {{ type: \"{}\",", deep(16)),
    );
    run(&ok).expect("16 levels are allowed");
    let broken = SERVICE.replace(
        "done: { type: boolean,",
        &format!("done: {{ type: \"{}\",", deep(17)),
    );
    assert_one(
        &broken,
        29,
        21,
        "nests 17 levels of list<…>; at most 16",
        "define a struct under `types:`",
    );
    let mut chain = SERVICE.replace(
        "done: { type: boolean, doc: Whether it stopped. }",
        "done: { type: boolean, doc: Whether it stopped. }\n      next: { type: Level1, doc: Next. }",
    );
    for i in 1..=33 {
        let field = if i < 33 {
            format!("next: {{ type: Level{}, doc: Next. }}", i + 1)
        } else {
            "end: { type: boolean, doc: End. }".to_owned()
        };
        chain.push_str(&format!(
            "  Level{i}:\n    doc: Level {i}.\n    fields:\n      {field}\n"
        ));
    }
    assert_one(
        &chain,
        26,
        3,
        "`StopResult` starts a chain of 34 structs, each holding the next; at most 32",
        "flatten some levels",
    );
}
