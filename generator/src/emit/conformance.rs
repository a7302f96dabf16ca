//! `tests/<module>.rs`: conformance tests generated from the spec's documented examples.
//!
//! Each example runs the client against a real HTTP server on 127.0.0.1 (wiremock) and checks
//! the exact method, path, query, headers and JSON body sent, then the decoded response or the
//! error. Every documented error status without an example gets a test too, answered with a
//! body of the documented error shape.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::rust_type::rust_type;
use super::{File, ident, raw_str, rust_file};
use crate::ir::{Api, Example, Kind, Location, NamedType, Operation, Service, Shape};

/// `tests/support/mod.rs`: what every conformance test file shares.
pub fn support(api: &Api) -> Result<File, String> {
    let krate = ident(&api.package.crate_name);
    let tokens = quote! {
        //! Shared helpers of the generated conformance tests.
        #![allow(dead_code)]

        use #krate::{ApiError, Config, Credentials, Error, Response, RetryPolicy};
        use serde_json::Value;
        use wiremock::matchers::any;
        use wiremock::{Mock, MockServer, ResponseTemplate};

        /// The token the tests authenticate with.
        pub const TOKEN: &str = "conformance-test-token";
        /// The request id the server answers with.
        pub const REQUEST_ID: &str = "conformance-request-id";

        /// A local server that answers one request with `status` and `body`.
        pub async fn serve(status: u16, body: Option<&str>) -> MockServer {
            let server = MockServer::start().await;
            let mut response = ResponseTemplate::new(status).insert_header("X-Request-Id", REQUEST_ID);
            if let Some(body) = body {
                response = response.set_body_raw(body, "application/json");
            }
            Mock::given(any()).respond_with(response).expect(1).mount(&server).await;
            server
        }

        /// A client configuration pointing at `server`, with token auth and without retries
        /// (each test checks one exchange).
        pub fn config(server: &MockServer) -> Config {
            Config::new()
                .endpoint(server.uri())
                .credentials(Credentials::token(TOKEN))
                .retry(RetryPolicy::attempts(1))
        }

        /// What the client must have sent.
        pub struct Expected<'a> {
            /// HTTP method.
            pub method: &'a str,
            /// Path exactly as sent (percent-encoded).
            pub path: &'a str,
            /// Query pairs, decoded, in order.
            pub query: &'a [(&'a str, &'a str)],
            /// Headers that must be present with these values.
            pub headers: &'a [(&'a str, &'a str)],
            /// The JSON body, or `None` for an empty body.
            pub body: Option<&'a str>,
        }

        /// Checks the one request `server` received against `expected`.
        pub async fn assert_sent(server: &MockServer, expected: Expected<'_>) {
            let requests = server.received_requests().await.expect("request recording is on");
            assert_eq!(requests.len(), 1, "the client sends exactly one request");
            let sent = &requests[0];
            assert_eq!(sent.method.as_str(), expected.method, "HTTP method");
            assert_eq!(sent.url.path(), expected.path, "request path");
            let query: Vec<(String, String)> = sent.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
            let want: Vec<(String, String)> = expected.query.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
            assert_eq!(query, want, "query string");
            for (name, value) in expected.headers {
                let got = sent.headers.get(*name).and_then(|v| v.to_str().ok());
                assert_eq!(got, Some(*value), "header {name}");
            }
            match expected.body {
                Some(json) => {
                    let got: Value = serde_json::from_slice(&sent.body).expect("the request body is JSON");
                    let want: Value = serde_json::from_str(json).expect("the expected body is JSON");
                    assert_eq!(got, want, "request body");
                }
                None => {
                    assert!(sent.body.is_empty(), "the request has no body, got {:?}", String::from_utf8_lossy(&sent.body));
                    let length = sent.headers.get("content-length").and_then(|v| v.to_str().ok());
                    assert_eq!(length, Some("0"), "a body-less request says Content-Length: 0");
                }
            }
        }

        /// Checks the status and request id of a successful response.
        pub fn assert_success<T>(response: &Response<T>, status: u16) {
            assert_eq!(response.status, status, "response status");
            assert_eq!(response.request_id.as_deref(), Some(REQUEST_ID), "request id");
        }

        /// Checks that `actual`, serialized, is the documented JSON `expected` (nulls and absent
        /// fields count as the same).
        pub fn assert_same_json<T: serde::Serialize>(actual: &T, expected: &str) {
            let actual = without_nulls(serde_json::to_value(actual).expect("the decoded body serializes"));
            let expected = without_nulls(serde_json::from_str(expected).expect("the expected body is JSON"));
            assert_eq!(actual, expected, "decoded response body");
        }

        fn without_nulls(value: Value) -> Value {
            match value {
                Value::Object(map) => Value::Object(map.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, without_nulls(v))).collect()),
                Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
                other => other,
            }
        }

        /// Checks that `error` is the API error the server answered: status, request id, and
        /// the error code and message taken from `body` (`error_code`/`error_msg`, or
        /// `code`/`message`).
        pub fn assert_api_error(error: &Error, status: u16, body: Option<&str>) -> ApiError {
            let Error::Api(api) = error else {
                panic!("expected an API error, got {error:?}");
            };
            assert_eq!(api.status(), status, "status");
            assert_eq!(api.request_id(), Some(REQUEST_ID), "request id");
            let parsed: Option<Value> = body.and_then(|b| serde_json::from_str(b).ok());
            let field = |name: &str| parsed.as_ref().and_then(|v| v.get(name)).and_then(Value::as_str).map(str::to_owned);
            let code = field("error_code").or_else(|| field("code"));
            let message = field("error_msg").or_else(|| field("message"));
            assert_eq!(api.error_code(), code.as_deref(), "error_code");
            assert_eq!(api.error_msg(), message.as_deref(), "error_msg");
            assert!(api.is_documented(), "status {status} is documented for the operation");
            api.as_ref().clone()
        }
    };
    rust_file("tests/support/mod.rs".to_owned(), "spec/", tokens)
}

/// The conformance test file of `service`.
pub fn file(api: &Api, service: &Service) -> Result<File, String> {
    let krate = ident(&api.package.crate_name);
    let module = ident(&service.module);
    let client = ident(&service.client);
    let token_header = service.auth.iter().find_map(|a| a.header.clone());
    let mut tests = Vec::new();
    for op in &service.operations {
        for example in &op.examples {
            tests.push(example_test(service, op, example, token_header.as_deref()));
        }
        if let Some(first) = op.examples.first() {
            for error in &op.errors {
                if op.examples.iter().any(|e| e.status == error.status) {
                    continue;
                }
                let body = error.body.as_ref().map(|shape| sample(shape, service));
                let synthetic = Example {
                    name: format!("documented_status_{}", error.status),
                    doc: format!(
                        "Status {} ({}), answered with a body of the documented shape.",
                        error.status,
                        error.doc.trim()
                    ),
                    status: error.status,
                    response_body: body,
                    ..first.clone()
                };
                tests.push(example_test(
                    service,
                    op,
                    &synthetic,
                    token_header.as_deref(),
                ));
            }
        }
    }
    let doc = format!(
        " Conformance tests of {}, generated from the documented examples in {}: each runs the \
         client against a local HTTP server and checks the exact request sent and the decoded \
         response or error.",
        service.title, service.source
    );
    let tokens = quote! {
        #![doc = #doc]
        #![allow(deprecated)]

        mod support;

        #[allow(unused_imports)]
        use #krate::#module::*;
        use #krate::#module::#client;

        #(#tests)*
    };
    rust_file(
        format!("tests/{}.rs", service.module),
        &service.source,
        tokens,
    )
}

fn example_test(
    service: &Service,
    op: &Operation,
    example: &Example,
    token_header: Option<&str>,
) -> TokenStream {
    let name = ident(&format!("{}_{}", op.method, example.name));
    let client = ident(&service.client);
    let method = ident(&op.method);
    let doc = format!(
        " {}",
        example.doc.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    let status = proc_macro2::Literal::u16_unsuffixed(example.status);
    let response_text = example.response_body.as_ref().map(|v| v.to_string());
    let served = option_str(response_text.as_deref());
    let request = request_expr(op, example);
    let http_method = &op.http_method;
    let path = expected_path(op, example);
    let query = example
        .params
        .iter()
        .filter(|(w, _)| param_location(op, w) == Some(Location::Query))
        .map(|(w, v)| {
            let v = scalar_text(v);
            quote!((#w, #v))
        });
    let content_type = &op.content_type;
    let mut headers = vec![quote!(("content-type", #content_type))];
    if let Some(token) = token_header {
        headers.push(quote!((#token, support::TOKEN)));
    }
    for (wire, value) in &example.params {
        if param_location(op, wire) == Some(Location::Header) {
            let value = scalar_text(value);
            headers.push(quote!((#wire, #value)));
        }
    }
    let sent_body = option_str(example.body.as_ref().map(|b| b.to_string()).as_deref());
    let outcome = if (200..300).contains(&example.status) {
        let typed = op.success.as_ref().and_then(|s| s.body.as_ref()).is_some();
        let compare = match (&response_text, typed) {
            (Some(text), true) => {
                let text = raw_str(text);
                quote!(support::assert_same_json(&response.body, #text);)
            }
            _ => quote!(),
        };
        quote! {
            let response = result.expect("the documented example succeeds");
            support::assert_success(&response, #status);
            #compare
        }
    } else {
        quote! {
            let error = result.expect_err("a documented error status is an error");
            support::assert_api_error(&error, #status, #served);
        }
    };
    quote! {
        #[doc = #doc]
        #[tokio::test]
        async fn #name() {
            let server = support::serve(#status, #served).await;
            let client = #client::new(&support::config(&server)).expect("the client builds");
            let result = client.#method(#request).await;
            support::assert_sent(
                &server,
                support::Expected {
                    method: #http_method,
                    path: #path,
                    query: &[#(#query),*],
                    headers: &[#(#headers),*],
                    body: #sent_body,
                },
            )
            .await;
            #outcome
        }
    }
}

fn option_str(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => {
            let text = raw_str(text);
            quote!(Some(#text))
        }
        None => quote!(None),
    }
}

fn param_location(op: &Operation, wire: &str) -> Option<Location> {
    op.params
        .iter()
        .find(|p| p.wire_name == wire)
        .map(|p| p.location)
}

/// The request of `example` as an expression: `Request::new(required...)` then setters.
pub fn request_expr(op: &Operation, example: &Example) -> TokenStream {
    request_expr_with(op, example, true)
}

/// Like [`request_expr`]; parameters the configuration can fill are left out unless
/// `with_defaults`.
pub fn request_expr_with(op: &Operation, example: &Example, with_defaults: bool) -> TokenStream {
    let request = ident(&op.request_type);
    let mut args = Vec::new();
    let mut setters = Vec::new();
    for param in &op.params {
        if param.default_from.is_some() && !with_defaults {
            continue;
        }
        let Some((_, value)) = example.params.iter().find(|(w, _)| *w == param.wire_name) else {
            continue;
        };
        let literal = literal(value, &param.shape);
        if param.required {
            args.push(literal);
        } else {
            let setter = ident(&format!("with_{}", param.rust_name));
            setters.push(quote!(.#setter(#literal)));
        }
    }
    if let (Some(body), Some(value)) = (&op.body, &example.body) {
        let ty = rust_type(&body.shape);
        let text = raw_str(&value.to_string());
        let expr = quote!(serde_json::from_str::<#ty>(#text).expect("the example body decodes"));
        if body.required {
            args.push(expr);
        } else {
            setters.push(quote!(.with_body(#expr)));
        }
    }
    quote!(#request::new(#(#args),*) #(#setters)*)
}

fn literal(value: &Value, shape: &Shape) -> TokenStream {
    match (&shape.kind, value) {
        (Kind::Bool, Value::Bool(b)) => quote!(#b),
        (Kind::I32, Value::Number(n)) => {
            let v = n
                .as_i64()
                .and_then(|v| i32::try_from(v).ok())
                .unwrap_or_default();
            quote!(#v)
        }
        (Kind::I64, Value::Number(n)) => {
            let v = n.as_i64().unwrap_or_default();
            quote!(#v)
        }
        _ => {
            let text = scalar_text(value);
            quote!(#text)
        }
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The path the example must produce: every parameter percent-encoded so that only
/// `A-Z a-z 0-9 - _ . ~` stay as they are (the official SDK's rule).
fn expected_path(op: &Operation, example: &Example) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    let mut path = op.path.clone();
    for (wire, value) in &example.params {
        if param_location(op, wire) == Some(Location::Path) {
            let encoded =
                percent_encoding::utf8_percent_encode(&scalar_text(value), KEEP).to_string();
            path = path.replace(&format!("{{{wire}}}"), &encoded);
        }
    }
    path
}

/// A JSON value of `shape` for error statuses that have no documented example: strings name
/// their field, numbers are zero, lists have one item.
fn sample(shape: &Shape, service: &Service) -> Value {
    sample_at(shape, service, "value", 0)
}

fn sample_at(shape: &Shape, service: &Service, name: &str, depth: usize) -> Value {
    if depth > 8 {
        return Value::Null;
    }
    match &shape.kind {
        Kind::String => Value::String(format!("example {name}")),
        Kind::Bool => Value::Bool(false),
        Kind::I32 | Kind::I64 => Value::from(shape.constraints.minimum.unwrap_or(0)),
        Kind::F64 => Value::from(0.0),
        Kind::Json => Value::Null,
        Kind::List(item) => Value::Array(vec![sample_at(item, service, name, depth + 1)]),
        Kind::Named(type_name) => match service.named(type_name) {
            Some(NamedType::Struct(s)) => Value::Object(
                s.fields
                    .iter()
                    .map(|f| {
                        (
                            f.wire_name.clone(),
                            sample_at(&f.shape, service, &f.wire_name, depth + 1),
                        )
                    })
                    .collect(),
            ),
            Some(NamedType::Enum(e)) => e
                .values
                .first()
                .map_or(Value::Null, |v| Value::String(v.wire.clone())),
            None => Value::Null,
        },
    }
}
