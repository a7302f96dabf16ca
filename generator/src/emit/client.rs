//! `src/<module>/client.rs`: the service client with one async method per operation.
//!
//! A method is glue: it hands the request to the runtime, which fills configured defaults,
//! validates, sends (auth, endpoint, retries, timeouts) and returns the answer, and decodes the
//! documented success body. Everything that is the same for every operation is in the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use std::collections::BTreeSet;

use super::docs::{doc_attrs, paragraphs, spec_text};
use super::operations::{models_import, named_in};
use super::rust_type::rust_type;
use super::{File, ident, rust_file};
use crate::ir::{Api, Encoding, HeaderSource, Operation, Service};

/// The client file of `service`.
pub fn file(_api: &Api, service: &Service) -> Result<File, String> {
    let client = ident(&service.client);
    let doc = doc_attrs(&paragraphs([
        format!("Client of {}.", service.title),
        "Create it once with [`new`](Self::new) and share it: it is cheap to clone, and clones \
         share one connection pool. Each method validates its request before anything is sent, \
         then returns the decoded response body with the request id, or an \
         [`Error`](crate::Error) to match on."
            .to_owned(),
    ]));
    let new_doc = doc_attrs(&format!(
        "Creates a client from `config`: its endpoint (given explicitly, or looked up by \
         region in this service's table), credentials and timeouts.\n\n# Errors\n\n\
         `Error::Config` when no endpoint can be found, the endpoint is not an http(s) URL, \
         or no credentials usable with {} are configured.",
        service.title
    ));
    let methods = service.operations.iter().map(method);
    let mut models = BTreeSet::new();
    for op in &service.operations {
        if let Some(shape) = op.success.as_ref().and_then(|s| s.body.as_ref()) {
            named_in(shape, &mut models);
        }
    }
    let models = models_import(&models);
    let requests = service
        .operations
        .iter()
        .map(|op| ident(&op.request_type))
        .chain(
            service
                .operations
                .iter()
                .filter_map(|op| op.headers_type())
                .map(|name| ident(&name)),
        );
    let file_doc = format!(" The {} client.", service.title);
    let tokens = quote! {
        #![doc = #file_doc]
        #models
        use super::operations::{#(#requests),*};
        use crate::runtime;

        #doc
        #[derive(Debug, Clone)]
        pub struct #client {
            inner: runtime::Client,
        }

        impl #client {
            #new_doc
            pub fn new(config: &runtime::Config) -> Result<Self, runtime::Error> {
                Ok(Self { inner: runtime::Client::new(config, &super::SERVICE)? })
            }

            /// A client like this one whose calls use `options` (timeouts, retries) instead of
            /// the configured ones. It shares the connection pool unless the connect timeout
            /// changes.
            ///
            /// # Errors
            ///
            /// `Error::Config` when a new HTTP client is needed and cannot be built.
            pub fn with_options(&self, options: &runtime::CallOptions) -> Result<Self, runtime::Error> {
                Ok(Self { inner: self.inner.with_options(options)? })
            }

            /// The base URL this client sends requests to.
            pub fn endpoint(&self) -> &str {
                self.inner.endpoint()
            }

            #(#methods)*
        }
    };
    rust_file(
        format!("src/{}/client.rs", service.module),
        &service.source,
        tokens,
    )
}

fn method(op: &Operation) -> TokenStream {
    let name = ident(&op.method);
    let request_type = ident(&op.request_type);
    let doc = doc_attrs(&method_doc(op));
    let deprecated = op.deprecated.as_ref().map(|note| {
        let note = note.trim();
        quote!(#[deprecated(note = #note)])
    });
    let success = op.success.as_ref();
    let encoding = success.map_or(Encoding::Json, |s| s.encoding);
    let send = if success.and_then(|s| s.body.as_ref()).is_some() && encoding == Encoding::Bytes {
        quote!(self.inner.send_streaming(&request).await?)
    } else {
        quote!(self.inner.send(&request).await?)
    };
    let headers = op.headers_type().map(|name| ident(&name));
    let raw = if headers.is_some() {
        quote!(raw)
    } else {
        send.clone()
    };
    // What the 2xx answer becomes: an expression of `Result<runtime::Response<T>, _>`.
    let (output, decode) = match success.and_then(|s| s.body.as_ref()) {
        Some(shape) if success.is_some_and(|s| s.or_text) => {
            let ty = rust_type(shape);
            (
                quote!(runtime::OrText<#ty>),
                quote!(Ok(#raw.json_or_text())),
            )
        }
        Some(_) if encoding == Encoding::Text => (quote!(String), quote!(#raw.text())),
        Some(_) if encoding == Encoding::Bytes => {
            (quote!(runtime::Download), quote!(Ok(#raw.download())))
        }
        Some(shape) => (rust_type(shape), quote!(#raw.json())),
        None => (quote!(()), quote!(Ok(#raw.ignore_body()))),
    };
    let (output, decode) = match headers {
        Some(headers) => (
            quote!(#output, #headers),
            quote! {
                let raw = #send;
                let typed_headers = raw.typed_headers::<#headers>()?;
                Ok(#decode?.with_typed_headers(typed_headers))
            },
        ),
        None => (output, decode),
    };
    quote! {
        #doc
        #deprecated
        pub async fn #name(
            &self,
            request: #request_type,
        ) -> Result<runtime::Response<#output>, runtime::Error> {
            #decode
        }
    }
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
