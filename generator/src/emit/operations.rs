//! `src/<module>/operations.rs`: one request type per operation.
//!
//! Required parameters (and a required body) are constructor arguments, so they cannot be
//! forgotten; optional ones have `with_*` setters. `validate` checks the spec's constraints,
//! which the client also does before sending.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, paragraphs, spec_text, value_doc};
use super::rust_type::{argument, field_init, rust_type};
use super::validation::checks;
use super::{File, ident, runtime, rust_file};
use crate::ir::{Api, Location, Operation, Param, Service, Shape};

/// A field of a request type: a parameter or the body.
pub struct RequestField<'a> {
    /// Rust field name.
    pub rust_name: String,
    /// Field path used in validation messages.
    pub at: String,
    /// Value shape.
    pub shape: &'a Shape,
    /// Docs.
    pub doc: String,
    /// Whether it is a constructor argument (not an `Option`).
    pub required: bool,
    /// Whether an empty string is rejected (path parameters: an empty segment changes the path).
    pub non_empty: bool,
}

/// The fields of `op`'s request type, parameters first, body last.
pub fn request_fields(op: &Operation) -> Vec<RequestField<'_>> {
    let mut fields: Vec<RequestField<'_>> = op.params.iter().map(param_field).collect();
    if let Some(body) = &op.body {
        fields.push(RequestField {
            rust_name: "body".to_owned(),
            at: "body".to_owned(),
            shape: &body.shape,
            doc: paragraphs([body.doc.as_str(), "Sent as the JSON request body."]),
            required: body.required,
            non_empty: false,
        });
    }
    fields
}

fn param_field(p: &Param) -> RequestField<'_> {
    let where_ = match p.location {
        Location::Path => format!("Path parameter `{}`.", p.wire_name),
        Location::Query => format!("Query parameter `{}`.", p.wire_name),
        Location::Header => format!("Header `{}`.", p.wire_name),
    };
    let default = p
        .default_from
        .map(|_| "When unset, the project id configured on the client is used.".to_owned());
    RequestField {
        rust_name: p.rust_name.clone(),
        at: p.wire_name.clone(),
        shape: &p.shape,
        doc: paragraphs([p.doc.clone(), where_, default.unwrap_or_default()]),
        required: p.required,
        non_empty: p.location == Location::Path && p.shape.kind == crate::ir::Kind::String,
    }
}

/// The operations file of `service`.
pub fn file(api: &Api, service: &Service) -> Result<File, String> {
    let items = service
        .operations
        .iter()
        .map(|op| request(api, service, op));
    let doc = format!(" Request types of the {} operations.", service.title);
    let tokens = quote! {
        #![doc = #doc]
        #[allow(unused_imports)]
        use super::models::*;
        #(#items)*
    };
    rust_file(
        format!("src/{}/operations.rs", service.module),
        &service.source,
        tokens,
    )
}

fn request(api: &Api, service: &Service, op: &Operation) -> TokenStream {
    let rt = runtime(api);
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
    let new_doc = format!(
        " Creates a `{}` from its required values; optional ones start unset.",
        op.request_type
    );
    let setters = fields.iter().filter(|f| !f.required).map(|f| {
        let field = ident(&f.rust_name);
        let setter = ident(&format!("with_{}", f.rust_name));
        let (ty, value) = argument(f.shape, &field);
        let doc = format!(" Sets `{}`.", f.at);
        quote! {
            #[doc = #doc]
            pub fn #setter(mut self, #field: #ty) -> Self {
                self.#field = Some(#value);
                self
            }
        }
    });
    let field_checks = fields.iter().map(|f| field_check(f, service));
    let operation = &op.name;
    let default = required.is_empty().then(|| quote!(Default,));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#defs)*
        }

        impl #name {
            #[doc = #new_doc]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }

            #(#setters)*

            /// Checks the request against the spec's constraints, as the client does before
            /// sending it.
            ///
            /// # Errors
            ///
            /// `Error::InvalidRequest` listing every value that breaks a constraint.
            pub fn validate(&self) -> Result<(), #rt::Error> {
                let mut violations = #rt::Violations::new(#operation);
                self.check(&mut violations);
                violations.finish()
            }

            #[allow(unused_variables)]
            pub(crate) fn check(&self, violations: &mut #rt::Violations) {
                #(#field_checks)*
            }
        }
    }
}

/// The checks of one request field: emptiness for path parameters, then its constraints.
pub fn field_check(f: &RequestField<'_>, service: &Service) -> TokenStream {
    let at = &f.at;
    let non_empty = f
        .non_empty
        .then(|| quote!(violations.non_empty(#at, value);));
    let constraints = checks(f.shape, quote!(value), quote!(#at), service);
    if non_empty.is_none() && constraints.is_empty() {
        return quote!();
    }
    let field = ident(&f.rust_name);
    if f.required {
        quote! {
            let value = &self.#field;
            #non_empty
            #constraints
        }
    } else {
        quote! {
            if let Some(value) = &self.#field {
                #non_empty
                #constraints
            }
        }
    }
}
