//! `src/<module>/client.rs`: the service client with one async method per operation.
//!
//! A method is glue: it hands the request to the runtime, which fills configured defaults,
//! validates, sends (auth, endpoint, retries, timeouts) and returns the answer, and decodes the
//! documented success body. Everything that is the same for every operation is in the runtime.

use std::collections::BTreeSet;

use super::code::Code;
use super::docs::{paragraphs, spec_text};
use super::layout::{atom, call, reference, structure};
use super::operations::named_in;
use super::rust_type::type_text;
use super::{File, code_file};
use crate::ir::{Api, Encoding, HeaderSource, Operation, Service};

/// The client file of `service`.
pub fn file(_api: &Api, service: &Service) -> Result<File, String> {
    let mut models = BTreeSet::new();
    for op in &service.operations {
        if let Some(shape) = op.success.as_ref().and_then(|s| s.body.as_ref()) {
            named_in(shape, &mut models);
        }
    }
    let mut code = Code::new();
    code.inner_doc(&format!("The {} client.", service.title));
    code.blank();
    if !models.is_empty() {
        code.line("use super::models::*;");
    }
    if !service.operations.is_empty() {
        code.line("use super::operations::*;");
    }
    code.line("use crate::runtime;");
    code.blank();
    code.doc(&paragraphs([
        format!("Client of {}.", service.title),
        "Create it once with [`new`](Self::new) and share it: it is cheap to clone, and clones \
         share one connection pool. Each method validates its request before anything is sent, \
         then returns the decoded response body with the request id, or an \
         [`Error`](crate::Error) to match on."
            .to_owned(),
    ]));
    code.derive(&["Debug", "Clone"]);
    code.open(&format!("pub struct {}", service.client));
    code.line("inner: runtime::Client,");
    code.close("}");
    code.blank();
    code.open(&format!("impl {}", service.client));
    code.doc(&format!(
        "Creates a client from `config`: its endpoint (given explicitly, or looked up by \
         region in this service's table), credentials and timeouts.\n\n# Errors\n\n\
         `Error::Config` when no endpoint can be found, the endpoint is not an http(s) URL, \
         or no credentials usable with {} are configured.",
        service.title
    ));
    code.fn_open(
        "pub fn new",
        &["config: &runtime::Config".to_owned()],
        " -> Result<Self, runtime::Error>",
    );
    let client = call(
        "runtime::Client::new",
        vec![atom("config"), reference(atom("super::SERVICE"))],
    )
    .try_();
    code.tail(&call(
        "Ok",
        vec![structure("Self", vec![("inner".to_owned(), Some(client))])],
    ));
    code.close("}");
    code.blank();
    code.doc(
        "A client like this one whose calls use `options` (timeouts, retries) instead of\n\
         the configured ones. It shares the connection pool unless the connect timeout\n\
         changes.\n\n# Errors\n\n\
         `Error::Config` when a new HTTP client is needed and cannot be built.",
    );
    code.fn_open(
        "pub fn with_options",
        &[
            "&self".to_owned(),
            "options: &runtime::CallOptions".to_owned(),
        ],
        " -> Result<Self, runtime::Error>",
    );
    let inner = atom("self")
        .field("inner")
        .method("with_options", vec![atom("options")])
        .try_();
    code.tail(&call(
        "Ok",
        vec![structure("Self", vec![("inner".to_owned(), Some(inner))])],
    ));
    code.close("}");
    code.blank();
    code.doc("The base URL this client sends requests to.");
    code.open("pub fn endpoint(&self) -> &str");
    code.tail(&atom("self").field("inner").method("endpoint", vec![]));
    code.close("}");
    for op in &service.operations {
        code.blank();
        method(&mut code, op);
    }
    code.close("}");
    Ok(code_file(
        format!("src/{}/client.rs", service.module),
        &service.source,
        code,
    ))
}

fn method(code: &mut Code, op: &Operation) {
    code.doc(&method_doc(op));
    if let Some(note) = &op.deprecated {
        code.attr("deprecated", &[format!("note = {:?}", note.trim())]);
    }
    let success = op.success.as_ref();
    let encoding = success.map_or(Encoding::Json, |s| s.encoding);
    let sender = if success.and_then(|s| s.body.as_ref()).is_some() && encoding == Encoding::Bytes {
        "send_streaming"
    } else {
        "send"
    };
    let send = || {
        atom("self")
            .field("inner")
            .method(sender, vec![reference(atom("request"))])
            .await_()
            .try_()
    };
    let headers = op.headers_type();
    let raw = || {
        if headers.is_some() {
            atom("raw")
        } else {
            send()
        }
    };
    // What the 2xx answer becomes: an expression of `Result<runtime::Response<T>, _>`.
    let (output, decode) = match success.and_then(|s| s.body.as_ref()) {
        Some(shape) if success.is_some_and(|s| s.or_text) => (
            format!("runtime::OrText<{}>", type_text(shape)),
            call("Ok", vec![raw().method("json_or_text", vec![])]),
        ),
        Some(_) if encoding == Encoding::Text => {
            ("String".to_owned(), raw().method("text", vec![]))
        }
        Some(_) if encoding == Encoding::Bytes => (
            "runtime::Download".to_owned(),
            call("Ok", vec![raw().method("download", vec![])]),
        ),
        Some(shape) => (type_text(shape), raw().method("json", vec![])),
        None => (
            "()".to_owned(),
            call("Ok", vec![raw().method("ignore_body", vec![])]),
        ),
    };
    let output = match &headers {
        Some(headers) => format!("{output}, {headers}"),
        None => output,
    };
    code.fn_open(
        &format!("pub async fn {}", op.method),
        &["&self".to_owned(), format!("request: {}", op.request_type)],
        &format!(" -> Result<runtime::Response<{output}>, runtime::Error>"),
    );
    match &headers {
        Some(headers) => {
            code.let_("raw", &send());
            code.let_(
                "typed_headers",
                &atom("raw")
                    .method(format!("typed_headers::<{headers}>"), vec![])
                    .try_(),
            );
            code.tail(&call(
                "Ok",
                vec![
                    decode
                        .try_()
                        .method("with_typed_headers", vec![atom("typed_headers")]),
                ],
            ));
        }
        None => code.tail(&decode),
    }
    code.close("}");
}

fn method_doc(op: &Operation) -> String {
    let mut parts = vec![spec_text(&op.summary)];
    if let Some(doc) = &op.doc {
        parts.push(spec_text(doc));
    }
    parts.push(format!("`{} {}`", op.http_method, op.path));
    parts.push(if op.idempotent {
        "Safe to repeat: retried after connection failures, timeouts, `429` and `5xx`, as the \
         client's retry policy, deadline and retry budget allow."
            .to_owned()
    } else {
        "Not retried: the spec does not mark it safe to repeat.".to_owned()
    });
    if let Some(note) = &op.deprecated {
        parts.push(format!("**Deprecated:** {}", spec_text(note.trim())));
    }
    let mut headers = vec![format!(
        "- `Content-Type: {}`, sent on every call.",
        op.content_type
    )];
    for h in &op.transport_headers {
        let source = match h.from {
            HeaderSource::Credentials => "set from the client's credentials, never per call",
            HeaderSource::Body => "follows from the body",
        };
        if h.from == HeaderSource::Body && h.name.eq_ignore_ascii_case("content-type") {
            headers[0] = format!(
                "- `Content-Type: {}` ({source}): {}",
                op.content_type,
                one_line(&h.doc)
            );
        } else {
            headers.push(format!("- `{}` ({source}): {}", h.name, one_line(&h.doc)));
        }
    }
    parts.push(format!("# Headers\n\n{}", headers.join("\n")));
    if let Some(success) = &op.success {
        let body = if success.body.is_some() && success.encoding == Encoding::Bytes {
            "the body as a [`Download`](runtime::Download), read as it arrives (stream it to a \
             file or collect it), with the status and headers as soon as they arrive"
        } else if success.body.is_some() && success.encoding == Encoding::Text {
            "the body as text"
        } else if success.or_text {
            "the decoded body, or the body as text when it is not of the documented type (the \
             service does not promise its shape)"
        } else if success.body.is_some() {
            "the decoded body"
        } else {
            "no body (whatever the service sends is ignored)"
        };
        parts.push(format!(
            "Returns {body} on status {}: {}",
            success.status,
            one_line(&success.doc)
        ));
        if let Some(headers) = op.headers_type() {
            let names: Vec<String> = success
                .headers
                .iter()
                .map(|h| format!("`{}`", h.name))
                .collect();
            parts.push(format!(
                "The documented headers ({}) are decoded into \
                 [`typed_headers`](runtime::Response::typed_headers) ([`{headers}`]).",
                names.join(", ")
            ));
        }
    }
    let mut errors = vec![
        "- `Error::InvalidRequest` before anything is sent, when a value breaks the spec's \
         constraints (all of them are listed)."
            .to_owned(),
    ];
    for e in &op.errors {
        errors.push(format!(
            "- `Error::Api` with status {}: {}",
            e.status,
            one_line(&e.doc)
        ));
    }
    errors.push(
        "- `Error::Api` for any other non-2xx status; `Error::Transport` or `Error::Timeout` \
         when no answer arrives; `Error::Decode` when a success body is not the documented shape."
            .to_owned(),
    );
    parts.push(format!("# Errors\n\n{}", errors.join("\n")));
    paragraphs(parts)
}

fn one_line(text: &str) -> String {
    spec_text(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
