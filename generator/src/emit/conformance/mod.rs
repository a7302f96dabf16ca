//! `tests/<module>.rs`: conformance tests generated from the spec's documented examples.
//!
//! Each example runs the client against a real HTTP server on 127.0.0.1 (wiremock) and checks
//! the exact method, path, query, headers and JSON body sent, then the decoded response or the
//! error. Every documented error status without an example gets a test too, answered with a
//! body of the documented error shape. The generated tests hold only these cases; the server
//! and the assertions are the runtime's hand-written `test_util::conformance`.
//!
//! The tests of an operation live in a module named after its method, so that no example
//! name can clash with another operation's tests: `example_<name>` runs a documented example,
//! `documented_errors` the error statuses, and `request_<name>` / `SENT_<NAME>` hold the
//! request of an example and what must go on the wire for it, shared by both.

mod request;
mod values;

use serde_json::Value;

use super::code::{Code, version_cmp};
use super::layout::{Expr, array, atom, call, reference, string, structure, tuple, width};
use super::rust_type::field_init;
use super::{File, code_file};
pub use request::request_expr;
use request::{byte_str, param_text, raw_str, scalar_text};
use values::{expected_path, sample, with_defaults};

use crate::ir::{Api, Encoding, Example, Kind, ListStyle, Location, NamedType, Operation, Service};

/// The conformance test file of `service`, or `None` when no operation has an example.
pub fn file(api: &Api, service: &Service) -> Result<Option<File>, String> {
    let tested: Vec<&Operation> = service
        .operations
        .iter()
        .filter(|op| !op.examples.is_empty())
        .collect();
    if tested.is_empty() {
        return Ok(None);
    }
    let mut code = Code::new();
    code.inner_doc(&format!(
        "Conformance tests of {}, generated from the documented examples in {}: each runs the \
         client against a local HTTP server and checks the exact request sent and the decoded \
         response or error.",
        service.title, service.source
    ));
    // Deprecated operations are tested like the others.
    if tested.iter().any(|op| op.deprecated.is_some()) {
        code.line("#![allow(deprecated)]");
    }
    // In rustfmt's order: by crate name.
    let mut uses = [
        (&api.package.crate_name, format!("::{}::*;", service.module)),
        (
            &api.package.runtime_crate,
            "::test_util::conformance as support;".to_owned(),
        ),
    ];
    uses.sort_by(|a, b| version_cmp(a.0, b.0));
    let tests = Tests {
        service,
        token_header: service.auth.iter().find_map(|a| a.header.as_deref()),
        uses: uses.map(|(krate, rest)| format!("use {krate}{rest}")),
    };
    for op in tested {
        code.blank();
        tests.operation(&mut code, op)?;
    }
    Ok(Some(code_file(
        format!("tests/{}.rs", service.module),
        &service.source,
        code,
    )))
}

/// What every operation's tests share.
struct Tests<'a> {
    service: &'a Service,
    /// The header a token goes in, when the service takes one (the tests then use a token and
    /// check that header; else AK/SK).
    token_header: Option<&'a str>,
    /// The module's `use` lines.
    uses: [String; 2],
}

/// What a test server answers.
struct Answer {
    status: u16,
    /// The body as served: text and bytes as they are, JSON as JSON.
    served: Option<String>,
    /// The body as the client reports it in an API error.
    reported: Option<String>,
    content_type: String,
}

impl Tests<'_> {
    /// `mod <method> { ... }`: a test per example, one for the documented error statuses
    /// without an example, and the requests and wire expectations they share.
    fn operation(&self, code: &mut Code, op: &Operation) -> Result<(), String> {
        code.open(&format!("mod {}", op.method));
        for line in &self.uses {
            code.line(line);
        }
        for example in &op.examples {
            code.blank();
            self.example_test(code, op, example);
        }
        let first = &op.examples[0];
        let errors: Vec<Answer> = op
            .errors
            .iter()
            .filter(|e| !op.examples.iter().any(|x| x.status == e.status))
            .map(|e| {
                let body = e.body.as_ref().map(|shape| sample(shape, self.service));
                self.answer(op, e.status, body.as_ref())
            })
            .collect();
        if !errors.is_empty() {
            code.blank();
            let list = op
                .errors
                .iter()
                .filter(|e| errors.iter().any(|a| a.status == e.status))
                .map(|e| format!("{} ({})", e.status, one_line(&e.doc)))
                .collect::<Vec<_>>()
                .join(", ");
            code.doc(&format!(
                "The documented error statuses without an example, each answered with a body \
                 of its documented shape: {list}."
            ));
            self.errors_test(code, op, first, &errors);
        }
        for example in &op.examples {
            code.blank();
            code.doc(&format!("The request of the example `{}`.", example.name));
            code.fn_open(
                &format!("fn request_{}", example.name),
                &[],
                &format!(" -> {}", op.request_type),
            );
            let request = request_expr(op, example, true);
            request.bind_body(code);
            code.tail(&request.expr);
            code.close("}");
            code.blank();
            code.doc(&format!(
                "What the client must send for the example `{}`.",
                example.name
            ));
            let sent = self.expected(op, example)?;
            code.assign(
                &format!("const {}: support::Expected<'static>", sent_name(example)),
                &sent,
            );
        }
        code.close("}");
        Ok(())
    }

    /// What the server answers for `status` with `body`, as the operation documents it.
    fn answer(&self, op: &Operation, status: u16, body: Option<&Value>) -> Answer {
        let answered = op.response(status);
        // Text and bytes are served as they are, not as JSON.
        let raw = answered.is_some_and(|r| r.body.is_some() && r.encoding != Encoding::Json);
        let served = body.map(|v| if raw { scalar_text(v) } else { v.to_string() });
        Answer {
            status,
            served,
            reported: body.map(Value::to_string),
            content_type: answered
                .map_or("application/json", |r| r.content_type.as_str())
                .to_owned(),
        }
    }

    /// `let server = ...;`: a server answering `status`, `served` and `content_type`, with
    /// the example's response headers.
    fn serve(
        &self,
        code: &mut Code,
        example: &Example,
        status: Expr,
        served: Expr,
        content_type: Option<Expr>,
    ) {
        let server = match content_type {
            None if example.response_headers.is_empty() => {
                call("support::serve", vec![status, served])
            }
            content_type => {
                let headers = example
                    .response_headers
                    .iter()
                    .map(|(name, value)| tuple(vec![string(name), string(&scalar_text(value))]))
                    .collect();
                let answer = structure(
                    "support::Answer",
                    vec![
                        field_init("body", served),
                        field_init(
                            "content_type",
                            content_type.unwrap_or_else(|| string("application/json")),
                        ),
                        ("headers".to_owned(), Some(array("&[", headers))),
                    ],
                );
                call("support::serve_answer", vec![status, answer])
            }
        };
        code.let_("server", &server.await_());
    }

    /// `let result = ...;`: the client sends the example's request to the server, then what
    /// it sent is checked.
    fn exchange(&self, code: &mut Code, op: &Operation, example: &Example) {
        // A token where the service takes one (its header is then checked), else AK/SK.
        let config = if self.token_header.is_some() {
            "support::config"
        } else {
            "support::config_ak_sk"
        };
        let client = call(
            format!("{}::new", self.service.client),
            vec![reference(call(config, vec![reference(atom("server"))]))],
        )
        .method("expect", vec![string("the client builds")]);
        code.let_("client", &client);
        let request = call(format!("request_{}", example.name), vec![]);
        let result = atom("client").method(&op.method, vec![request]).await_();
        code.let_("result", &result);
        let sent = call(
            "support::assert_sent",
            vec![reference(atom("server")), atom(sent_name(example))],
        )
        .await_();
        code.stmt(&sent);
    }

    /// `example_<name>`: the example's exchange, then its documented outcome.
    fn example_test(&self, code: &mut Code, op: &Operation, example: &Example) {
        code.doc(&one_line(&example.doc));
        code.line("#[tokio::test]");
        code.open(&format!("async fn example_{}()", example.name));
        let answer = self.answer(op, example.status, example.response_body.as_ref());
        let plain = answer.content_type == "application/json" && answer.served == answer.reported;
        let status = atom(example.status.to_string());
        let content_type = (!plain).then(|| string(&answer.content_type));
        // The body is bound first: a long literal inside the `.await` chain is more than
        // rustfmt lays out.
        let served = match &answer.served {
            Some(text) => {
                code.let_("body", &raw_str(text));
                call("Some", vec![atom("body")])
            }
            None => atom("None"),
        };
        let reported = if answer.reported == answer.served {
            served.clone()
        } else {
            option_str(answer.reported.as_deref())
        };
        self.serve(code, example, status.clone(), served, content_type);
        self.exchange(code, op, example);
        if (200..300).contains(&example.status) {
            self.success(code, op, example, answer.served.as_deref());
        } else {
            code.stmt(&call(
                "support::assert_failed",
                vec![atom("result"), status, reported],
            ));
        }
        code.close("}");
    }

    /// The checks of a success: status and request id, typed headers, the decoded body.
    fn success(&self, code: &mut Code, op: &Operation, example: &Example, served: Option<&str>) {
        let success = op.success.as_ref();
        let typed = success.and_then(|s| s.body.as_ref());
        let checked_body = example.response_body.is_some() && typed.is_some();
        let succeeded = call(
            "support::assert_succeeded",
            vec![atom("result"), atom(example.status.to_string())],
        );
        if checked_body || !example.response_headers.is_empty() {
            code.let_("response", &succeeded);
        } else {
            code.stmt(&succeeded);
        }
        if !example.response_headers.is_empty() {
            let expected: serde_json::Map<String, Value> =
                example.response_headers.iter().cloned().collect();
            code.stmt(&call(
                "support::assert_same_json",
                vec![
                    reference(atom("response").field("typed_headers")),
                    raw_str(&Value::Object(expected).to_string()),
                ],
            ));
        }
        let encoding = success.map_or(Encoding::Json, |s| s.encoding);
        match (&example.response_body, typed) {
            (Some(value), Some(_)) if encoding == Encoding::Bytes => {
                let bytes = string(&scalar_text(value)).method("as_bytes", vec![]);
                code.stmt(
                    &call(
                        "support::assert_downloaded",
                        vec![atom("response").field("body"), bytes],
                    )
                    .await_(),
                );
            }
            (Some(value), Some(shape)) => {
                // What the client decodes: the example with the defaults of absent fields
                // (often just the body served).
                let decoded = with_defaults(value, shape, self.service, 0).to_string();
                let expected = if served == Some(decoded.as_str()) {
                    atom("body")
                } else {
                    raw_str(&decoded)
                };
                code.stmt(&call(
                    "support::assert_same_json",
                    vec![reference(atom("response").field("body")), expected],
                ));
            }
            _ => {}
        }
    }

    /// `documented_errors`: the first example's request answered with each error status.
    fn errors_test(&self, code: &mut Code, op: &Operation, first: &Example, errors: &[Answer]) {
        code.line("#[tokio::test]");
        code.open("async fn documented_errors()");
        // The columns of the cases that vary; the others are written in place.
        let plain = errors
            .iter()
            .all(|a| a.content_type == "application/json" && a.served == a.reported);
        let one_type = errors
            .iter()
            .all(|a| a.content_type == errors[0].content_type);
        let reported_differs = errors.iter().any(|a| a.served != a.reported);
        let same_body = !reported_differs && errors.iter().all(|a| a.served == errors[0].served);
        let mut names = vec!["status", "body"];
        if reported_differs {
            names.push("reported");
        }
        if !plain && !one_type {
            names.push("content_type");
        }
        let cases = errors
            .iter()
            .map(|a| {
                let mut items = vec![atom(a.status.to_string()), option_str(a.served.as_deref())];
                if reported_differs {
                    items.push(option_str(a.reported.as_deref()));
                }
                if !plain && !one_type {
                    items.push(string(&a.content_type));
                }
                tuple(items)
            })
            .collect();
        if same_body && (plain || one_type) {
            // Only the status varies.
            code.let_("body", &option_str(errors[0].served.as_deref()));
            let statuses: Vec<String> = errors.iter().map(|a| a.status.to_string()).collect();
            let head = format!("for status in [{}] {{", statuses.join(", "));
            // rustfmt keeps a short array in the loop's head (`array_width`, 60).
            if code.fits(&head) && width(&head) - "for status in  {".len() <= 60 {
                code.open(&format!("for status in [{}]", statuses.join(", ")));
            } else {
                let statuses = statuses.into_iter().map(atom).collect();
                code.let_("statuses", &array("[", statuses));
                code.open("for status in statuses");
            }
        } else {
            code.let_("cases", &array("[", cases));
            code.open(&format!("for ({}) in cases", names.join(", ")));
        }
        let content_type = match (plain, one_type) {
            (true, _) => None,
            (false, true) => Some(string(&errors[0].content_type)),
            (false, false) => Some(atom("content_type")),
        };
        self.serve(code, first, atom("status"), atom("body"), content_type);
        self.exchange(code, op, first);
        let reported = if reported_differs { "reported" } else { "body" };
        code.stmt(&call(
            "support::assert_failed",
            vec![atom("result"), atom("status"), atom(reported)],
        ));
        code.close("}");
        code.close("}");
    }

    /// `support::Expected { ... }`: what the client must send for `example`.
    fn expected(&self, op: &Operation, example: &Example) -> Result<Expr, String> {
        let path = expected_path(op, example)?;
        // The client sends query pairs in the order of the signed canonical request: sorted by
        // name, then value (byte order), as the official SDK does.
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (wire, value) in &example.params {
            let Some(param) = op.params.iter().find(|p| p.wire_name == *wire) else {
                continue;
            };
            match (param.location, value) {
                (Location::Query, Value::Array(items)) if param.style == ListStyle::Repeat => {
                    let item = param.shape.item().unwrap_or(&param.shape);
                    pairs.extend(items.iter().map(|v| (wire.clone(), param_text(v, item))));
                }
                (Location::Query, Value::Array(items)) if items.is_empty() => {}
                (Location::Query, _) => {
                    pairs.push((wire.clone(), param_text(value, &param.shape)));
                }
                _ => {}
            }
        }
        pairs.sort();
        let query = pairs
            .iter()
            .map(|(w, v)| tuple(vec![string(w), string(v)]))
            .collect();
        let multipart = op
            .body
            .as_ref()
            .is_some_and(|b| b.encoding == Encoding::Multipart);
        // A multipart Content-Type carries the form's random boundary: `SentBody::Multipart`
        // checks it.
        let mut headers = Vec::new();
        if !(multipart && example.body.is_some()) {
            headers.push(tuple(vec![
                string("content-type"),
                string(&op.content_type),
            ]));
        }
        if let Some(token) = self.token_header {
            headers.push(tuple(vec![string(token), atom("support::TOKEN")]));
        }
        for (wire, value) in &example.params {
            if let Some(param) = op.params.iter().find(|p| p.wire_name == *wire)
                && param.location == Location::Header
            {
                let value = param_text(value, &param.shape);
                headers.push(tuple(vec![string(wire), string(&value)]));
            }
        }
        let field = |name: &str, value: Expr| (name.to_owned(), Some(value));
        Ok(structure(
            "support::Expected",
            vec![
                field("method", string(&op.http_method)),
                field("path", string(&path)),
                field("query", array("&[", query)),
                field("headers", array("&[", headers)),
                field("body", self.sent_body(op, example)),
            ],
        ))
    }

    /// The body the example's request must put on the wire, as a `support::SentBody`.
    fn sent_body(&self, op: &Operation, example: &Example) -> Expr {
        let (Some(body), Some(value)) = (&op.body, &example.body) else {
            return atom("support::SentBody::None");
        };
        match body.encoding {
            Encoding::Json => call("support::SentBody::Json", vec![raw_str(&value.to_string())]),
            Encoding::Text => call("support::SentBody::Text", vec![string(&scalar_text(value))]),
            Encoding::Bytes => call(
                "support::SentBody::Bytes",
                vec![byte_str(&scalar_text(value))],
            ),
            Encoding::Form | Encoding::Multipart => {
                let fields = match &body.shape.kind {
                    Kind::Named(name) => match self.service.named(name) {
                        Some(NamedType::Struct(s)) => s.fields.as_slice(),
                        _ => &[],
                    },
                    _ => &[],
                };
                let part = |name: &str, file_name: Expr, content_type: Expr, content: &str| {
                    structure(
                        "support::SentPart",
                        vec![
                            ("name".to_owned(), Some(string(name))),
                            ("file_name".to_owned(), Some(file_name)),
                            ("content_type".to_owned(), Some(content_type)),
                            ("content".to_owned(), Some(string(content))),
                        ],
                    )
                };
                let mut pairs = Vec::new();
                let mut parts = Vec::new();
                for field in fields {
                    let wire = &field.wire_name;
                    let Some(value) = value.get(wire) else {
                        continue;
                    };
                    if field.shape.kind == Kind::File {
                        let key = |k: &str| value.get(k).and_then(Value::as_str);
                        parts.push(part(
                            wire,
                            option_plain(key("file_name")),
                            option_plain(key("content_type")),
                            key("content").unwrap_or_default(),
                        ));
                        continue;
                    }
                    let items = match value {
                        Value::Array(items) => items.clone(),
                        Value::Null => Vec::new(),
                        other => vec![other.clone()],
                    };
                    for item in items {
                        let text = scalar_text(&item);
                        pairs.push(tuple(vec![string(wire), string(&text)]));
                        parts.push(part(wire, atom("None"), atom("None"), &text));
                    }
                }
                if body.encoding == Encoding::Form {
                    call("support::SentBody::Form", vec![array("&[", pairs)])
                } else {
                    call("support::SentBody::Multipart", vec![array("&[", parts)])
                }
            }
        }
    }
}

/// The name of the constant holding what `example` must send.
fn sent_name(example: &Example) -> String {
    format!("SENT_{}", example.name.to_uppercase())
}

/// Text on one line, its runs of whitespace made single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `Some(r#"text"#)` or `None`.
fn option_str(text: Option<&str>) -> Expr {
    match text {
        Some(text) => call("Some", vec![raw_str(text)]),
        None => atom("None"),
    }
}

/// `Some("text")` or `None`.
fn option_plain(text: Option<&str>) -> Expr {
    match text {
        Some(text) => call("Some", vec![string(text)]),
        None => atom("None"),
    }
}
