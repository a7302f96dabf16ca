//! The checker's rules for bodies that are not JSON, typed response headers and the body-only
//! types `bytes` and `file`: each misuse is one located problem that says what to write
//! instead; every accepted shape generates.

mod support;

use codegen::Diagnostics;

/// A service whose one operation is `operation` (indented under `operations:`), with the
/// types `types` (indented under `types:`).
fn service(operation: &str, types: &str) -> String {
    format!(
        "\
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
  Send:
    summary: Send something.
    http: POST /v1/things
{operation}
types:
  Thing:
    doc: A thing.
    fields:
      name: {{ type: string, doc: Its name. }}
  Colour:
    doc: A colour.
    values:
      - {{ value: RED, doc: Red. }}
{types}"
    )
}

fn run(text: &str) -> Result<codegen::Generated, Diagnostics> {
    support::generate_service("demo", text)
}

/// Asserts exactly one problem, at the first occurrence of `at` after `after` in the text,
/// whose message contains `message` and whose help contains `help`.
fn assert_one(text: &str, after: &str, at: &str, message: &str, help: &str) {
    let found = match run(text) {
        Ok(_) => panic!("the spec should have been rejected:\n{text}"),
        Err(d) => d,
    };
    assert_eq!(found.0.len(), 1, "expected one problem, got:\n{found}");
    let d = &found.0[0];
    let start = text.find(after).expect("`after` is in the text");
    let offset = start + text[start..].find(at).expect("`at` is in the text");
    let line = text[..offset].matches('\n').count() + 1;
    let column = offset - text[..offset].rfind('\n').map_or(0, |n| n + 1) + 1;
    assert_eq!(d.file, "spec/demo.yaml", "{d}");
    assert_eq!((d.position.line, d.position.column), (line, column), "{d}");
    assert!(d.message.contains(message), "message of {d}");
    assert!(
        d.help.as_deref().is_some_and(|h| h.contains(help)),
        "help of {d}"
    );
}

const OK: &str = "    responses:\n      200: { doc: OK }\n";

#[test]
fn every_body_shape_generates() {
    let op = "
    request:
      content_type: multipart/form-data
      body: { type: Upload, required: true, doc: The upload. }
    responses:
      200:
        doc: OK
        content_type: application/octet-stream
        body: bytes
        headers:
          X-Count: { type: int64, doc: A count. }
          X-Colour: { type: Colour, doc: A colour. }
";
    let types = "
  Upload:
    doc: An upload.
    fields:
      file: { type: file, required: true, doc: The file. }
      note: { type: string, doc: A note. }
      tags: { type: list<Colour>, doc: Tags. }
";
    let generated = run(&service(op, types)).unwrap_or_else(|d| panic!("{d}"));
    let client = generated
        .files
        .iter()
        .find(|f| f.path.ends_with("demo/client.rs"))
        .expect("the client file");
    assert!(
        client
            .contents
            .contains("runtime::Response<runtime::Download, SendResponseHeaders>"),
        "{}",
        client.contents
    );
    assert!(client.contents.contains("send_streaming"));
}

#[test]
fn file_outside_a_multipart_body_is_rejected() {
    let op = "    request:\n      body: { type: Upload, required: true, doc: The upload. }\n";
    let types = "
  Upload:
    doc: An upload.
    fields:
      file: { type: file, required: true, doc: The file. }
";
    assert_one(
        &service(&format!("{op}{OK}"), types),
        "file: {",
        "file, required",
        "`file` is for fields of a multipart/form-data body",
        "content_type: multipart/form-data",
    );
}

#[test]
fn bytes_with_a_json_content_type_is_rejected() {
    let op = "    request:\n      body: { type: bytes, required: true, doc: Raw. }\n";
    assert_one(
        &service(&format!("{op}{OK}"), ""),
        "body: {",
        "bytes",
        "cannot be sent as `application/json`, a JSON content type",
        "application/octet-stream",
    );
    let op = "    responses:\n      200: { doc: OK, body: bytes }\n";
    assert_one(
        &service(op, ""),
        "200:",
        "bytes",
        "a `bytes` body cannot be read as `application/json`",
        "application/octet-stream",
    );
}

#[test]
fn bytes_as_a_field_is_rejected() {
    let op = "    request:\n      body: { type: Blob, required: true, doc: A blob. }\n";
    let types = "
  Blob:
    doc: A blob.
    fields:
      data: { type: bytes, doc: Data. }
";
    assert_one(
        &service(&format!("{op}{OK}"), types),
        "data: {",
        "bytes",
        "`bytes` is a whole request or response body, not a field",
        "multipart",
    );
}

#[test]
fn a_nested_struct_in_a_form_body_is_rejected() {
    let op = "    request:\n      content_type: application/x-www-form-urlencoded\n      body: { type: Form, required: true, doc: A form. }\n";
    let types = "
  Form:
    doc: A form.
    fields:
      title: { type: string, doc: Title. }
      thing: { type: Thing, doc: Nested. }
";
    assert_one(
        &service(&format!("{op}{OK}"), types),
        "thing: {",
        "Thing, doc",
        "a URL-encoded form cannot nest objects",
        "flatten it into scalar fields",
    );
}

#[test]
fn a_file_in_a_url_encoded_form_is_rejected() {
    let op = "    request:\n      content_type: application/x-www-form-urlencoded\n      body: { type: Form, required: true, doc: A form. }\n";
    let types = "
  Form:
    doc: A form.
    fields:
      file: { type: file, doc: A file. }
";
    let found = run(&service(&format!("{op}{OK}"), types)).unwrap_err();
    assert!(
        found.0.iter().any(|d| d.message.contains("not a scalar")),
        "{found}"
    );
}

#[test]
fn a_form_body_that_is_no_struct_is_rejected() {
    let op = "    request:\n      content_type: multipart/form-data\n      body: { type: string, required: true, doc: Text. }\n";
    assert_one(
        &service(&format!("{op}{OK}"), ""),
        "body: {",
        "string",
        "a `multipart/form-data` body must be a struct",
        "name a struct",
    );
}

#[test]
fn text_and_raw_content_types_take_their_body_types() {
    let op = "    request:\n      content_type: text/plain\n      body: { type: Thing, required: true, doc: A thing. }\n";
    assert_one(
        &service(&format!("{op}{OK}"), ""),
        "body: {",
        "Thing",
        "a `text/plain` body is text or bytes",
        "type: string",
    );
    let op = "    request:\n      content_type: application/octet-stream\n      body: { type: string, required: true, doc: Text. }\n";
    assert_one(
        &service(&format!("{op}{OK}"), ""),
        "body: {",
        "string",
        "is sent as raw bytes",
        "type: bytes",
    );
    let op = "    responses:\n      200: { doc: OK, content_type: application/pdf, body: Thing }\n";
    assert_one(
        &service(op, ""),
        "200:",
        "Thing",
        "is read as raw bytes",
        "body: bytes",
    );
}

#[test]
fn a_content_type_must_be_a_media_type() {
    let op = "    request:\n      content_type: json\n";
    assert_one(
        &service(&format!("{op}{OK}"), ""),
        "content_type:",
        "json",
        "`json` is not a media type",
        "application/json",
    );
}

#[test]
fn response_content_type_and_or_text_misuses_are_rejected() {
    let op = "    responses:\n      200: { doc: OK, content_type: text/plain }\n";
    assert_one(
        &service(op, ""),
        "200:",
        "content_type",
        "the response documents none",
        "add the `body:` type",
    );
    let op = "    responses:\n      200: { doc: OK, content_type: text/plain, body: string, or_text: true }\n";
    assert_one(
        &service(op, ""),
        "200:",
        "or_text",
        "`or_text` is for JSON bodies",
        "remove `or_text`",
    );
    let op = "    responses:\n      200: { doc: OK }\n      500: { doc: Oops, content_type: text/plain, body: bytes }\n";
    assert_one(
        &service(op, ""),
        "500:",
        "bytes",
        "an error body is read whole",
        "string",
    );
}

#[test]
fn a_header_name_must_be_a_token_and_its_type_a_scalar() {
    let op = "    responses:\n      200:\n        doc: OK\n        headers:\n          X Count: { type: int64, doc: A count. }\n";
    assert_one(
        &service(op, ""),
        "headers:",
        "X Count",
        "`X Count` is not an HTTP header name",
        "letters, digits and `-`",
    );
    let op = "    responses:\n      200:\n        doc: OK\n        headers:\n          X-Things: { type: list<string>, doc: Things. }\n";
    assert_one(
        &service(op, ""),
        "X-Things",
        "list<string>",
        "a header is one value",
        "string enum",
    );
    let op = "    responses:\n      200:\n        doc: OK\n        headers:\n          X-Thing: { type: Thing, doc: A thing. }\n";
    assert_one(
        &service(op, ""),
        "X-Thing:",
        "Thing, doc",
        "a header is one value",
        "string enum",
    );
}

#[test]
fn headers_belong_to_the_success_response_and_examples_use_documented_ones() {
    let op = "    responses:\n      200: { doc: OK }\n      404:\n        doc: Missing\n        headers:\n          X-Why: { type: string, doc: Why. }\n";
    assert_one(
        &service(op, ""),
        "404:",
        "headers",
        "typed headers are decoded for the success response only",
        "move `headers:`",
    );
    let op = "
    responses:
      200:
        doc: OK
        headers:
          X-Count: { type: int64, doc: A count. }
    examples:
      - name: one
        doc: One.
        request: {}
        response:
          status: 200
          headers: { X-Count: many, X-Other: 1 }
";
    let found = run(&service(op, "")).unwrap_err();
    let messages: Vec<&str> = found.0.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(found.0.len(), 2, "{found}");
    assert!(
        messages.iter().any(|m| m.contains("`X-Count` = \"many\"")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`X-Other` is not a documented header")),
        "{messages:?}"
    );
}

#[test]
fn example_files_have_a_name_and_content() {
    let op = "
    request:
      content_type: multipart/form-data
      body: { type: Upload, required: true, doc: The upload. }
    responses:
      200: { doc: OK }
    examples:
      - name: one
        doc: One.
        request:
          body: { file: { name: a.txt } }
        response: { status: 200 }
";
    let types = "
  Upload:
    doc: An upload.
    fields:
      file: { type: file, required: true, doc: The file. }
";
    let found = run(&service(op, types)).unwrap_err();
    let text = found.to_string();
    assert!(
        text.contains("`body.file.name` is not a key of a file"),
        "{text}"
    );
    assert!(text.contains("lacks the file's `file_name`"), "{text}");
}
