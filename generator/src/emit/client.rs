//! `src/<module>/client.rs`: the service client with one async method per operation.
//!
//! A method validates the request, fills configured defaults, builds the call (path parameters
//! percent-encoded by the runtime), sends it and decodes the documented success body. All
//! transport concerns (auth, endpoint, timeouts) live in the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, paragraphs, spec_text};
use super::rust_type::rust_type;
use super::validation::checks;
use super::{File, ident, runtime, rust_file};
use crate::ir::{Api, Kind, Location, Operation, Param, Service};
use crate::spec::{ConfigValue, HeaderSource};

/// The client file of `service`.
pub fn file(api: &Api, service: &Service) -> Result<File, String> {
    let rt = runtime(api);
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
    let methods = service.operations.iter().map(|op| method(api, service, op));
    let file_doc = format!(" The {} client.", service.title);
    let tokens = quote! {
        #![doc = #file_doc]
        #[allow(unused_imports)]
        use super::models::*;
        use super::operations::*;

        #doc
        #[derive(Debug, Clone)]
        pub struct #client {
            inner: #rt::Client,
        }

        impl #client {
            #new_doc
            pub fn new(config: &#rt::Config) -> Result<Self, #rt::Error> {
                Ok(Self { inner: #rt::Client::new(config, &super::SERVICE)? })
            }

            /// A client like this one whose calls use `options` (timeouts, retries) instead of
            /// the configured ones. It shares the connection pool unless the connect timeout
            /// changes.
            ///
            /// # Errors
            ///
            /// `Error::Config` when a new HTTP client is needed and cannot be built.
            pub fn with_options(&self, options: &#rt::CallOptions) -> Result<Self, #rt::Error> {
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

fn method(api: &Api, service: &Service, op: &Operation) -> TokenStream {
    let rt = runtime(api);
    let name = ident(&op.method);
    let request_type = ident(&op.request_type);
    let operation = &op.name;
    let doc = doc_attrs(&method_doc(op));
    let deprecated = op.deprecated.as_ref().map(|note| {
        let note = note.trim();
        quote!(#[deprecated(note = #note)])
    });
    let (output, decode) = match op.success.as_ref().and_then(|s| s.body.as_ref()) {
        Some(shape) => {
            let ty = rust_type(shape);
            (ty.clone(), quote!(response.json::<#ty>()))
        }
        None => (quote!(()), quote!(Ok(response.ignore_body()))),
    };
    let defaults = op
        .params
        .iter()
        .filter(|p| p.default_from.is_some())
        .map(|p| default_value(api, service, p));
    let path_values = op
        .params
        .iter()
        .filter(|p| p.location == Location::Path)
        .map(|p| {
            let field = ident(&p.rust_name);
            let wire = &p.wire_name;
            let value = match (&p.shape.kind, p.default_from.is_some()) {
                (_, true) => quote!(#field),
                (Kind::String, false) => quote!(request.#field.as_str()),
                _ => quote!(&request.#field.to_string()),
            };
            quote!((#wire, #value))
        });
    let extras = op
        .params
        .iter()
        .filter(|p| p.location != Location::Path)
        .map(|p| {
            let field = ident(&p.rust_name);
            let wire = &p.wire_name;
            let add = match p.location {
                Location::Query => quote!(call.query),
                _ => quote!(call.header),
            };
            if p.required {
                quote!(#add(#wire, request.#field.to_string());)
            } else {
                quote!(if let Some(value) = &request.#field { #add(#wire, value.to_string()); })
            }
        });
    let body = op.body.as_ref().map(|b| {
        if b.required {
            quote!(call.json_body(&request.body)?;)
        } else {
            quote!(if let Some(body) = &request.body {
                call.json_body(body)?;
            })
        }
    });
    let documented = op.errors.iter().map(|e| {
        let status = proc_macro2::Literal::u16_unsuffixed(e.status);
        let typed = e.body.is_some();
        quote!((#status, #typed))
    });
    let idempotent = op.idempotent.then(|| quote!(call.idempotent();));
    let http_method = ident(&op.http_method);
    let path = &op.path;
    let content_type = &op.content_type;
    quote! {
        #doc
        #deprecated
        pub async fn #name(&self, request: #request_type) -> Result<#rt::Response<#output>, #rt::Error> {
            let mut violations = #rt::Violations::new(#operation);
            request.check(&mut violations);
            #(#defaults)*
            violations.finish()?;
            let mut call = #rt::Call::new(
                #operation,
                #rt::Method::#http_method,
                #path,
                &[#(#path_values),*],
                #content_type,
            )?;
            #(#extras)*
            #body
            call.documented_errors(&[#(#documented),*]);
            #idempotent
            let response = self.inner.send(call).await?;
            #decode
        }
    }
}

/// Resolves a parameter that the configuration can fill: the request's value, else the
/// configured one (checked against the same constraints), else a violation.
fn default_value(api: &Api, service: &Service, p: &Param) -> TokenStream {
    let rt = runtime(api);
    let field = ident(&p.rust_name);
    let at = &p.wire_name;
    let key = match p.default_from {
        Some(ConfigValue::ProjectId) | None => quote!(#rt::ConfigValue::ProjectId),
    };
    let non_empty =
        (p.location == Location::Path).then(|| quote!(violations.non_empty(#at, value);));
    let constraints = checks(&p.shape, quote!(value), quote!(#at), service);
    quote! {
        // A value set on the request was checked with the request; one from the
        // configuration is checked here.
        let #field: &str = match (&request.#field, self.inner.config_value(#key)) {
            (Some(value), _) => value,
            (None, Some(value)) => {
                #non_empty
                #constraints
                value
            }
            (None, None) => {
                violations.unset(#at, #key);
                ""
            }
        };
    }
}

fn method_doc(op: &Operation) -> String {
    let mut parts = vec![spec_text(&op.summary)];
    if let Some(doc) = &op.doc {
        parts.push(spec_text(doc));
    }
    parts.push(format!("`{} {}`", op.http_method, op.path));
    parts.push(if op.idempotent {
        "Safe to repeat: retried after connection failures, `429` and `5xx`, as the client's \
         retry policy allows."
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
        let body = if success.body.is_some() {
            "the decoded body"
        } else {
            "no body (whatever the service sends is ignored)"
        };
        parts.push(format!(
            "Returns {body} on status {}: {}",
            success.status,
            one_line(&success.doc)
        ));
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
