//! `src/<module>/operations.rs`: per operation, a static description the runtime acts on and
//! the request type.
//!
//! The static (`STOP_TASK`) says how the operation goes on the wire: method, path template,
//! content type, whether it is safe to repeat, documented errors, and each parameter's place,
//! configured default and constraints. The request type holds the values: required ones are
//! constructor arguments, so they cannot be forgotten, optional ones have `with_*` setters.
//! Its `runtime::Request` impl hands the values to the runtime, which validates and sends.

use std::collections::BTreeSet;

use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, paragraphs, spec_text, value_doc};
use super::rust_type::{argument, field_init, rust_type};
use super::validation::{constraints, rules};
use super::{File, ident, rust_file};
use crate::ir::{
    Api, ConfigValue, Encoding, Kind, ListStyle, Location, NamedType, Operation, Param, Service,
    Shape,
};

/// A field of a request type: a parameter or the body.
pub struct RequestField<'a> {
    /// Rust field name.
    pub rust_name: String,
    /// Name on the wire (`body` for the body).
    pub wire_name: String,
    /// Value shape.
    pub shape: &'a Shape,
    /// Docs.
    pub doc: String,
    /// Whether it is a constructor argument (not an `Option`).
    pub required: bool,
}

/// The fields of `op`'s request type, parameters first, body last.
pub fn request_fields(op: &Operation) -> Vec<RequestField<'_>> {
    let mut fields: Vec<RequestField<'_>> = op.params.iter().map(param_field).collect();
    if let Some(body) = &op.body {
        let how = match body.encoding {
            Encoding::Json => "Sent as the JSON request body.".to_owned(),
            Encoding::Text => format!("Sent as the request body, as text (`{}`).", op.content_type),
            Encoding::Bytes => format!(
                "Sent as the request body, byte for byte (`{}`).",
                op.content_type
            ),
            Encoding::Form => {
                "Sent as a URL-encoded form (`application/x-www-form-urlencoded`).".to_owned()
            }
            Encoding::Multipart => {
                "Sent as a `multipart/form-data` form, one part per field that is set.".to_owned()
            }
        };
        fields.push(RequestField {
            rust_name: "body".to_owned(),
            wire_name: "body".to_owned(),
            shape: &body.shape,
            doc: paragraphs([body.doc.clone(), how]),
            required: body.required,
        });
    }
    fields
}

fn param_field(p: &Param) -> RequestField<'_> {
    let where_ = match (p.location, p.shape.item(), p.style) {
        (Location::Path, ..) => format!("Path parameter `{}`.", p.wire_name),
        (Location::Query, Some(_), ListStyle::Repeat) => format!(
            "Query parameter `{}`, one pair per item (`{0}=a&{0}=b`).",
            p.wire_name
        ),
        (Location::Query, Some(_), ListStyle::Comma) => format!(
            "Query parameter `{}`, the items joined by commas (`{0}=a,b`).",
            p.wire_name
        ),
        (Location::Query, None, _) => format!("Query parameter `{}`.", p.wire_name),
        (Location::Header, ..) => format!("Header `{}`.", p.wire_name),
    };
    let default = p
        .default_from
        .map(|_| "When unset, the project id configured on the client is used.".to_owned());
    RequestField {
        rust_name: p.rust_name.clone(),
        wire_name: p.wire_name.clone(),
        shape: &p.shape,
        doc: paragraphs([p.doc.clone(), where_, default.unwrap_or_default()]),
        required: p.required,
    }
}

/// The name of an operation's static description, e.g. `STOP_TASK`.
pub fn static_name(op: &Operation) -> String {
    op.name.to_shouty_snake_case()
}

/// The named type that `shape` mentions, through lists and maps.
pub fn named_in(shape: &Shape, out: &mut BTreeSet<String>) {
    out.extend(shape.named().map(str::to_owned));
}

/// `use super::models::{A, B};` for the models `names`, or nothing.
pub fn models_import(names: &BTreeSet<String>) -> TokenStream {
    if names.is_empty() {
        return quote!();
    }
    let names = names.iter().map(|n| ident(n));
    quote!(use super::models::{#(#names),*};)
}

/// The operations file of `service`.
pub fn file(_api: &Api, service: &Service) -> Result<File, String> {
    let mut models = BTreeSet::new();
    for op in &service.operations {
        for field in request_fields(op) {
            named_in(field.shape, &mut models);
        }
    }
    for op in &service.operations {
        for header in op.success.iter().flat_map(|s| &s.headers) {
            named_in(&header.shape, &mut models);
        }
    }
    let models = models_import(&models);
    let items = service.operations.iter().map(|op| {
        let description = description(service, op);
        let request = request(service, op);
        let headers = response_headers(service, op);
        quote!(#description #request #headers)
    });
    let forms = form_bodies(service);
    let doc = format!(
        " The {} operations: how each goes on the wire, and its request type.",
        service.title
    );
    let tokens = quote! {
        #![doc = #doc]
        #models
        use crate::runtime;
        #(#items)*
        #forms
    };
    rust_file(
        format!("src/{}/operations.rs", service.module),
        &service.source,
        tokens,
    )
}

/// `pub static STOP_TASK: runtime::Operation = ...;`
fn description(service: &Service, op: &Operation) -> TokenStream {
    let name = ident(&static_name(op));
    let doc = format!(
        " How [`{client}::{method}`](super::{client}::{method}) goes on the wire.",
        client = service.client,
        method = op.method
    );
    let operation = &op.name;
    let method = ident(&op.http_method);
    let path = &op.path;
    let content_type = &op.content_type;
    let idempotent = op.idempotent;
    let errors = op.errors.iter().map(|e| {
        let status = proc_macro2::Literal::u16_unsuffixed(e.status);
        // `with_body`: the documented body carries `error_code` and `error_msg` (JSON).
        let named = e
            .body
            .as_ref()
            .is_some_and(|shape| names_code_and_message(service, shape, 0));
        if named && e.encoding == Encoding::Json {
            quote!(runtime::ErrorStatus::with_body(#status))
        } else {
            quote!(runtime::ErrorStatus::without_body(#status))
        }
    });
    let params = op.params.iter().map(|p| {
        let wire = &p.wire_name;
        let mut param = match p.location {
            Location::Path => quote!(runtime::Param::path(#wire)),
            Location::Query => quote!(runtime::Param::query(#wire)),
            Location::Header => quote!(runtime::Param::header(#wire)),
        };
        if let Some(ConfigValue::ProjectId) = p.default_from {
            param.extend(quote!(.or_config(runtime::ConfigValue::ProjectId)));
        }
        if !p.shape.constraints.is_empty() {
            let c = constraints(&p.shape.constraints);
            param.extend(quote!(.constrained(#c)));
        }
        if let Some(item) = p.shape.item()
            && !item.constraints.is_empty()
        {
            let c = constraints(&item.constraints);
            param.extend(quote!(.items_constrained(#c)));
        }
        if p.style == ListStyle::Comma && p.shape.item().is_some() {
            param.extend(quote!(.comma_separated()));
        }
        param
    });
    let body = op
        .body
        .as_ref()
        .map_or_else(|| quote!(&[]), |b| rules(&b.shape));
    quote! {
        #[doc = #doc]
        pub static #name: runtime::Operation = runtime::Operation {
            name: #operation,
            method: runtime::Method::#method,
            path: #path,
            content_type: #content_type,
            idempotent: #idempotent,
            errors: &[#(#errors),*],
            params: &[#(#params),*],
            body: #body,
        };
    }
}

fn request(service: &Service, op: &Operation) -> TokenStream {
    let name = ident(&op.request_type);
    let client = &service.client;
    let link = format!(
        "The request of [`{client}::{method}`](super::{client}::{method}): {summary}",
        method = op.method,
        summary = spec_text(op.summary.trim())
    );
    let doc = doc_attrs(&link);
    let fields = request_fields(op);
    let defs = fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let ty = rust_type(f.shape);
        let doc = doc_attrs(&value_doc(&f.doc, f.shape, true));
        if f.required {
            quote!(#doc pub #field: #ty,)
        } else {
            quote!(#doc pub #field: Option<#ty>,)
        }
    });
    let required: Vec<&RequestField<'_>> = fields.iter().filter(|f| f.required).collect();
    let new_doc = format!(
        " Creates a `{}` from its required values; optional ones start unset.",
        op.request_type
    );
    // More required values than a readable argument list: they come as a struct.
    let parts = op.required_struct().map(|parts| ident(&parts));
    let (required_struct, constructor) = match &parts {
        Some(parts) => {
            let doc = format!(
                " The required values of [`{0}`], for [`{0}::new`]; write it as a struct literal.",
                op.request_type
            );
            let defs = required.iter().map(|f| {
                let field = ident(&f.rust_name);
                let ty = rust_type(f.shape);
                let doc = doc_attrs(&format!("`{}`: {}", f.wire_name, spec_text(f.doc.trim())));
                quote!(#doc pub #field: #ty,)
            });
            let inits = fields.iter().map(|f| {
                let field = ident(&f.rust_name);
                if f.required {
                    quote!(#field: required.#field)
                } else {
                    quote!(#field: None)
                }
            });
            (
                quote! {
                    #[doc = #doc]
                    #[derive(Debug, Clone, PartialEq)]
                    pub struct #parts {
                        #(#defs)*
                    }
                },
                quote! {
                    #[doc = #new_doc]
                    pub fn new(required: #parts) -> Self {
                        Self { #(#inits),* }
                    }
                },
            )
        }
        None => {
            let params = required.iter().map(|f| {
                let field = ident(&f.rust_name);
                let (ty, _) = argument(f.shape, &field);
                quote!(#field: #ty)
            });
            let inits = fields.iter().map(|f| {
                let field = ident(&f.rust_name);
                if f.required {
                    field_init(&field, argument(f.shape, &field).1)
                } else {
                    quote!(#field: None)
                }
            });
            (
                quote!(),
                quote! {
                    #[doc = #new_doc]
                    pub fn new(#(#params),*) -> Self {
                        Self { #(#inits),* }
                    }
                },
            )
        }
    };
    let setters = fields.iter().filter(|f| !f.required).map(|f| {
        let field = ident(&f.rust_name);
        let setter = ident(&format!("with_{}", f.rust_name));
        let (ty, value) = argument(f.shape, &field);
        let doc = format!(" Sets `{}`.", f.wire_name);
        quote! {
            #[doc = #doc]
            pub fn #setter(mut self, #field: #ty) -> Self {
                self.#field = Some(#value);
                self
            }
        }
    });
    let default = required.is_empty().then(|| quote!(Default,));
    let description = ident(&static_name(op));
    let values = op.params.iter().map(|p| {
        let field = ident(&p.rust_name);
        quote!(runtime::ParamValue::of(&self.#field))
    });
    let body = op.body.as_ref().map(|b| {
        let variant = match b.encoding {
            Encoding::Json => {
                let value = if b.required {
                    quote!(Some(&self.body))
                } else {
                    quote!(self.body.as_ref().map(|body| body as &dyn runtime::Body))
                };
                return quote! {
                    fn body(&self) -> Option<&dyn runtime::Body> {
                        #value
                    }
                };
            }
            Encoding::Text => quote!(Text),
            Encoding::Bytes => quote!(Bytes),
            Encoding::Form => quote!(Form),
            Encoding::Multipart => quote!(Multipart),
        };
        let value = match (b.required, b.encoding) {
            (true, _) => quote!(Some(runtime::Payload::#variant(&self.body))),
            (false, Encoding::Text) => quote!(self.body.as_deref().map(runtime::Payload::Text)),
            (false, _) => quote!(self.body.as_ref().map(|body| runtime::Payload::#variant(body))),
        };
        quote! {
            fn payload(&self) -> Option<runtime::Payload<'_>> {
                #value
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#defs)*
        }

        #required_struct

        impl #name {
            #constructor

            #(#setters)*

            /// Checks the request against the spec's constraints, as the client does before
            /// sending it (a value left unset, which the client fills from its
            /// configuration, is checked then).
            ///
            /// # Errors
            ///
            /// `Error::InvalidRequest` listing every value that breaks a constraint.
            pub fn validate(&self) -> Result<(), runtime::Error> {
                runtime::validate(self)
            }
        }

        impl runtime::Request for #name {
            fn operation(&self) -> &'static runtime::Operation {
                &#description
            }

            fn params(&self) -> Vec<runtime::ParamValue<'_>> {
                vec![#(#values),*]
            }

            #body
        }
    }
}

/// `impl runtime::FormBody` for each struct that is a URL-encoded or multipart body: its
/// fields in spec order, files as file parts.
fn form_bodies(service: &Service) -> TokenStream {
    let mut seen = BTreeSet::new();
    let mut out = TokenStream::new();
    for op in &service.operations {
        let Some(body) = &op.body else { continue };
        if !matches!(body.encoding, Encoding::Form | Encoding::Multipart) {
            continue;
        }
        let Kind::Named(name) = &body.shape.kind else {
            continue;
        };
        let Some(NamedType::Struct(s)) = service.named(name) else {
            continue;
        };
        if !seen.insert(name.clone()) {
            continue;
        }
        let ty = ident(name);
        let fields = s.fields.iter().map(|f| {
            let field = ident(&f.rust_name);
            let wire = &f.wire_name;
            match (&f.shape.kind, f.required) {
                (Kind::File, true) => quote!(fields.file(#wire, Some(&self.#field));),
                (Kind::File, false) => quote!(fields.file(#wire, self.#field.as_ref());),
                _ => quote!(fields.text(#wire, &self.#field);),
            }
        });
        out.extend(quote! {
            impl runtime::FormBody for #ty {
                fn fields(&self, fields: &mut runtime::FormFields) {
                    #(#fields)*
                }
            }
        });
    }
    out
}

/// The struct of `op`'s typed response headers and its `runtime::FromHeaders` impl, when the
/// success response documents headers.
fn response_headers(service: &Service, op: &Operation) -> TokenStream {
    let (Some(name), Some(success)) = (op.headers_type(), op.success.as_ref()) else {
        return quote!();
    };
    let ty = ident(&name);
    let doc = format!(
        " The documented headers of the answer of [`{client}::{method}`](super::{client}::{method}) \
         ([`Response::typed_headers`](runtime::Response::typed_headers)): each is `None` when \
         the answer lacks it; one that is present but not of its type is an `Error::Decode`.",
        client = service.client,
        method = op.method
    );
    let fields = success.headers.iter().map(|h| {
        let field = ident(&h.rust_name);
        let wire = &h.name;
        let ty = rust_type(&h.shape);
        let doc = doc_attrs(&value_doc(
            &paragraphs([h.doc.clone(), format!("Header `{wire}`.")]),
            &h.shape,
            false,
        ));
        quote! {
            #doc
            #[serde(rename = #wire, skip_serializing_if = "Option::is_none")]
            pub #field: Option<#ty>,
        }
    });
    let decode = success.headers.iter().map(|h| {
        let field = ident(&h.rust_name);
        let wire = &h.name;
        quote!(#field: runtime::typed_header(headers, #wire)?,)
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
        #[non_exhaustive]
        pub struct #ty {
            #(#fields)*
        }

        impl runtime::FromHeaders for #ty {
            fn from_headers(headers: &runtime::HeaderMap) -> Result<Self, runtime::HeaderProblem> {
                Ok(Self { #(#decode)* })
            }
        }
    }
}

/// Whether an error body of `shape` has a field pair the runtime reads the error code and
/// message from (`error_code`/`error_msg`, ...), at the top or one struct down: only then is
/// an answer with that status "documented with a body" (one without the pair is still an
/// `Error::Api`, marked undocumented).
fn names_code_and_message(service: &Service, shape: &Shape, depth: usize) -> bool {
    let Kind::Named(name) = &shape.kind else {
        return false;
    };
    let Some(NamedType::Struct(s)) = service.named(name) else {
        return false;
    };
    let has = |name: &str| s.fields.iter().any(|f| f.wire_name == name);
    huaweicloud_devops_rules::ERROR_FIELD_PAIRS
        .iter()
        .any(|(code, message)| has(code) && has(message))
        || (depth == 0
            && s.fields
                .iter()
                .any(|f| names_code_and_message(service, &f.shape, depth + 1)))
}
