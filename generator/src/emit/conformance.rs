//! `tests/<module>.rs`: conformance tests generated from the spec's documented examples.
//!
//! Each example runs the client against a real HTTP server on 127.0.0.1 (wiremock) and checks
//! the exact method, path, query, headers and JSON body sent, then the decoded response or the
//! error. Every documented error status without an example gets a test too, answered with a
//! body of the documented error shape. The generated tests hold only these cases; the server
//! and the assertions are the runtime's hand-written `test_util::conformance`.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::rust_type::rust_type;
use super::{File, ident, raw_str, rust_file};
use crate::ir::{
    Api, Encoding, EnumRepr, Example, Kind, ListStyle, Location, NamedType, Operation, Service,
    Shape,
};

/// The conformance test file of `service`, or `None` when no operation has an example.
pub fn file(api: &Api, service: &Service) -> Result<Option<File>, String> {
    let krate = ident(&api.package.crate_name);
    let runtime = ident(&api.package.runtime_crate);
    let module = ident(&service.module);
    let token_header = service.auth.iter().find_map(|a| a.header.clone());
    let mut tests = Vec::new();
    for op in &service.operations {
        for example in &op.examples {
            tests.push(example_test(service, op, example, token_header.as_deref())?);
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
                )?);
            }
        }
    }
    if tests.is_empty() {
        return Ok(None);
    }
    let doc = format!(
        " Conformance tests of {}, generated from the documented examples in {}: each runs the \
         client against a local HTTP server and checks the exact request sent and the decoded \
         response or error.",
        service.title, service.source
    );
    // Deprecated operations are tested like the others.
    let deprecated = service
        .operations
        .iter()
        .any(|op| op.deprecated.is_some() && !op.examples.is_empty())
        .then(|| quote!(#![allow(deprecated)]));
    let tokens = quote! {
        #![doc = #doc]
        #deprecated

        use #krate::#module::*;
        use #runtime::test_util::conformance as support;

        #(#tests)*
    };
    rust_file(
        format!("tests/{}.rs", service.module),
        &service.source,
        tokens,
    )
    .map(Some)
}

fn example_test(
    service: &Service,
    op: &Operation,
    example: &Example,
    token_header: Option<&str>,
) -> Result<TokenStream, String> {
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
    let answered = op.response(example.status);
    let raw_answer = answered.is_some_and(|r| r.body.is_some() && r.encoding != Encoding::Json);
    let serve = if raw_answer || !example.response_headers.is_empty() {
        // Text and bytes are served as they are, not as JSON, with the documented headers.
        let body = example.response_body.as_ref().map(|v| {
            if raw_answer {
                scalar_text(v)
            } else {
                v.to_string()
            }
        });
        let body = option_str(body.as_deref());
        let content_type = answered.map_or("application/json", |r| r.content_type.as_str());
        let headers = example.response_headers.iter().map(|(name, value)| {
            let value = scalar_text(value);
            quote!((#name, #value))
        });
        quote! {
            support::serve_answer(
                #status,
                support::Answer {
                    body: #body,
                    content_type: #content_type,
                    headers: &[#(#headers),*],
                },
            )
            .await
        }
    } else {
        quote!(support::serve(#status, #served).await)
    };
    let request = request_expr(op, example);
    let http_method = &op.http_method;
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
            (Location::Query, _) => pairs.push((wire.clone(), param_text(value, &param.shape))),
            _ => {}
        }
    }
    pairs.sort();
    let query = pairs.iter().map(|(w, v)| quote!((#w, #v)));
    let content_type = &op.content_type;
    let multipart = op
        .body
        .as_ref()
        .is_some_and(|b| b.encoding == Encoding::Multipart);
    // A multipart Content-Type carries the form's random boundary: `SentBody::Multipart`
    // checks it.
    let mut headers = if multipart && example.body.is_some() {
        Vec::new()
    } else {
        vec![quote!(("content-type", #content_type))]
    };
    if let Some(token) = token_header {
        headers.push(quote!((#token, support::TOKEN)));
    }
    for (wire, value) in &example.params {
        if let Some(param) = op.params.iter().find(|p| p.wire_name == *wire)
            && param.location == Location::Header
        {
            let value = param_text(value, &param.shape);
            headers.push(quote!((#wire, #value)));
        }
    }
    let sent_body = sent_body(service, op, example);
    let outcome = if (200..300).contains(&example.status) {
        let success = op.success.as_ref();
        let typed = success.and_then(|s| s.body.as_ref());
        let encoding = success.map_or(Encoding::Json, |s| s.encoding);
        let headers = (!example.response_headers.is_empty()).then(|| {
            let expected: serde_json::Map<String, Value> =
                example.response_headers.iter().cloned().collect();
            let expected = raw_str(&Value::Object(expected).to_string());
            quote!(support::assert_same_json(&response.typed_headers, #expected);)
        });
        let compare = match (&example.response_body, typed) {
            (Some(value), Some(_)) if encoding == Encoding::Bytes => {
                let text = scalar_text(value);
                quote!(support::assert_downloaded(response.body, #text.as_bytes()).await;)
            }
            (Some(value), Some(shape)) => {
                // What the client decodes: the example with the defaults of absent fields.
                let text = raw_str(&with_defaults(value, shape, service, 0).to_string());
                quote!(support::assert_same_json(&response.body, #text);)
            }
            _ => quote!(),
        };
        quote! {
            let response = result.expect("the documented example succeeds");
            support::assert_success(&response, #status);
            #headers
            #compare
        }
    } else {
        quote! {
            let error = result.expect_err("a documented error status is an error");
            support::assert_api_error(&error, #status, #served);
        }
    };
    // A token where the service takes one (its header is then checked), else AK/SK.
    let config = if token_header.is_some() {
        quote!(support::config(&server))
    } else {
        quote!(support::config_ak_sk(&server))
    };
    Ok(quote! {
        #[doc = #doc]
        #[tokio::test]
        async fn #name() {
            let server = #serve;
            let client = #client::new(&#config).expect("the client builds");
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
    })
}

/// The body the example's request must put on the wire, as a `support::SentBody`.
fn sent_body(service: &Service, op: &Operation, example: &Example) -> TokenStream {
    let (Some(body), Some(value)) = (&op.body, &example.body) else {
        return quote!(support::SentBody::None);
    };
    match body.encoding {
        Encoding::Json => {
            let text = raw_str(&value.to_string());
            quote!(support::SentBody::Json(#text))
        }
        Encoding::Text => {
            let text = scalar_text(value);
            quote!(support::SentBody::Text(#text))
        }
        Encoding::Bytes => {
            let text = scalar_text(value);
            quote!(support::SentBody::Bytes(#text.as_bytes()))
        }
        Encoding::Form | Encoding::Multipart => {
            let fields = match &body.shape.kind {
                Kind::Named(name) => match service.named(name) {
                    Some(NamedType::Struct(s)) => s.fields.as_slice(),
                    _ => &[],
                },
                _ => &[],
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
                    let file_name = option_str(key("file_name"));
                    let content_type = option_str(key("content_type"));
                    let content = key("content").unwrap_or_default();
                    parts.push(quote! {
                        support::SentPart {
                            name: #wire,
                            file_name: #file_name,
                            content_type: #content_type,
                            content: #content,
                        }
                    });
                    continue;
                }
                let items = match value {
                    Value::Array(items) => items.clone(),
                    Value::Null => Vec::new(),
                    other => vec![other.clone()],
                };
                for item in items {
                    let text = scalar_text(&item);
                    pairs.push(quote!((#wire, #text)));
                    parts.push(quote! {
                        support::SentPart {
                            name: #wire,
                            file_name: None,
                            content_type: None,
                            content: #text,
                        }
                    });
                }
            }
            if body.encoding == Encoding::Form {
                quote!(support::SentBody::Form(&[#(#pairs),*]))
            } else {
                quote!(support::SentBody::Multipart(&[#(#parts),*]))
            }
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
    // Constructor arguments: (field, as an argument, as a field value of the exact type).
    let mut args: Vec<(proc_macro2::Ident, TokenStream, TokenStream)> = Vec::new();
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
            let owned = owned_literal(value, &param.shape);
            args.push((ident(&param.rust_name), literal, owned));
        } else {
            let setter = ident(&format!("with_{}", param.rust_name));
            setters.push(quote!(.#setter(#literal)));
        }
    }
    if let (Some(body), Some(value)) = (&op.body, &example.body) {
        let expr = match body.encoding {
            // A string literal is an `impl Into<String>` and an `impl Into<runtime::Bytes>`.
            Encoding::Text | Encoding::Bytes => {
                let text = scalar_text(value);
                quote!(#text)
            }
            _ => {
                let ty = rust_type(&body.shape);
                let text = raw_str(&value.to_string());
                quote!(serde_json::from_str::<#ty>(#text).expect("the example body decodes"))
            }
        };
        if body.required {
            let owned = match body.encoding {
                Encoding::Text | Encoding::Bytes => quote!(#expr.into()),
                _ => expr.clone(),
            };
            args.push((ident("body"), expr, owned));
        } else {
            setters.push(quote!(.with_body(#expr)));
        }
    }
    match op.required_struct() {
        Some(parts) => {
            let parts = ident(&parts);
            let fields = args.iter().map(|(field, _, owned)| quote!(#field: #owned));
            quote!(#request::new(#parts { #(#fields),* }) #(#setters)*)
        }
        None => {
            let args = args.iter().map(|(_, arg, _)| arg);
            quote!(#request::new(#(#args),*) #(#setters)*)
        }
    }
}

/// Like [`literal`], of exactly the field's type: strings are `String`s, not `&str`s.
fn owned_literal(value: &Value, shape: &Shape) -> TokenStream {
    match (&shape.kind, value) {
        (Kind::String, _) => {
            let text = scalar_text(value);
            quote!(#text.to_owned())
        }
        (Kind::List(item), Value::Array(items)) => {
            let items = items.iter().map(|v| owned_literal(v, item));
            quote!(vec![#(#items),*])
        }
        _ => literal(value, shape),
    }
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
        (Kind::F64, Value::Number(n)) => {
            let v = proc_macro2::Literal::f64_unsuffixed(n.as_f64().unwrap_or_default());
            quote!(#v)
        }
        (Kind::List(item), Value::Array(items)) => {
            let items = items.iter().map(|v| literal(v, item));
            quote!(vec![#(#items),*])
        }
        (Kind::Named(name), Value::Number(n)) => {
            let ty = ident(name);
            let n = proc_macro2::Literal::i64_unsuffixed(n.as_i64().unwrap_or_default());
            quote!(#ty::from(#n))
        }
        (Kind::Named(name), _) => {
            let ty = ident(name);
            let text = scalar_text(value);
            quote!(#ty::from(#text))
        }
        _ => {
            let text = scalar_text(value);
            quote!(#text)
        }
    }
}

/// A parameter value of `shape` as the client writes it: a float64 as JSON writes an `f64`
/// (`2` as `2.0`), a list's items joined by commas.
fn param_text(value: &Value, shape: &Shape) -> String {
    match (value, &shape.kind) {
        (Value::Number(n), Kind::F64) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| n.to_string(), |n| n.to_string()),
        (Value::Array(items), Kind::List(item)) => items
            .iter()
            .map(|v| param_text(v, item))
            .collect::<Vec<_>>()
            .join(","),
        (other, _) => scalar_text(other),
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The path the example must produce, expanded by the runtime's own rule (every value
/// percent-encoded so that only `A-Z a-z 0-9 - _ . ~` stay as they are, as the official SDK
/// does).
fn expected_path(op: &Operation, example: &Example) -> Result<String, String> {
    let values: Vec<(String, String)> = example
        .params
        .iter()
        .filter(|(wire, _)| param_location(op, wire) == Some(Location::Path))
        .map(|(wire, value)| {
            let shape = op
                .params
                .iter()
                .find(|p| p.wire_name == *wire)
                .map(|p| &p.shape);
            (
                wire.clone(),
                shape.map_or_else(|| scalar_text(value), |s| param_text(value, s)),
            )
        })
        .collect();
    let pairs: Vec<(&str, &str)> = values
        .iter()
        .map(|(w, v)| (w.as_str(), v.as_str()))
        .collect();
    huaweicloud_devops_rules::expand_path(&op.path, &pairs).map_err(|name| {
        format!(
            "generator bug: example `{}` of {} has no usable value for `{{{name}}}`",
            example.name, op.name
        )
    })
}

/// `value`, a value of `shape`, with the default of every absent field that decodes to its
/// default (fields of structs that no request carries).
fn with_defaults(value: &Value, shape: &Shape, service: &Service, depth: usize) -> Value {
    if depth > 64 {
        return value.clone();
    }
    match (&shape.kind, value) {
        (Kind::List(item), Value::Array(items)) => Value::Array(
            items
                .iter()
                .map(|v| with_defaults(v, item, service, depth + 1))
                .collect(),
        ),
        (Kind::Map(item), Value::Object(entries)) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), with_defaults(v, item, service, depth + 1)))
                .collect(),
        ),
        (Kind::Named(name), Value::Object(entries)) => {
            let Some(NamedType::Struct(s)) = service.named(name) else {
                return value.clone();
            };
            let mut out = serde_json::Map::new();
            for field in &s.fields {
                match (entries.get(&field.wire_name), &field.default) {
                    (Some(v), _) => {
                        let v = with_defaults(v, &field.shape, service, depth + 1);
                        out.insert(field.wire_name.clone(), v);
                    }
                    (None, Some(default)) if s.defaulted(field) => {
                        out.insert(field.wire_name.clone(), default.clone());
                    }
                    (None, _) => {}
                }
            }
            Value::Object(out)
        }
        _ => value.clone(),
    }
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
        Kind::Object => Value::Object(serde_json::Map::new()),
        Kind::List(item) => Value::Array(vec![sample_at(item, service, name, depth + 1)]),
        Kind::Map(item) => Value::Object(
            [(name.to_owned(), sample_at(item, service, name, depth + 1))]
                .into_iter()
                .collect(),
        ),
        Kind::Bytes => Value::String(format!("example {name}")),
        Kind::File => serde_json::json!({ "file_name": format!("{name}.txt"), "content": name }),
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
            Some(NamedType::Enum(e)) => e.values.first().map_or(Value::Null, |v| match e.repr {
                EnumRepr::String => Value::String(v.wire.clone()),
                _ => Value::from(v.wire.trim().parse::<i64>().unwrap_or_default()),
            }),
            None => Value::Null,
        },
    }
}
