//! `src/<module>/mod.rs`: the service module, its re-exports and its endpoint table.

use quote::quote;

use super::docs::{paragraphs, spec_text};
use super::operations::static_name;
use super::{File, ident, rust_file};
use crate::ir::{Api, AuthKind, NamedType, Service};

/// The module file of `service`.
pub fn module(_api: &Api, service: &Service) -> Result<File, String> {
    let mut rows = vec![
        "| method | request | what it does |".to_owned(),
        "| --- | --- | --- |".to_owned(),
    ];
    for op in &service.operations {
        let deprecated = if op.deprecated.is_some() {
            " (deprecated)"
        } else {
            ""
        };
        rows.push(format!(
            "| [`{method}`]({client}::{method}){deprecated} | [`{request}`] | {summary} |",
            method = op.method,
            client = service.client,
            request = op.request_type,
            summary = spec_text(op.summary.trim()).replace('|', "\\|"),
        ));
    }
    let mut auth_lines = Vec::new();
    for a in &service.auth {
        let what = match (a.kind, &a.header) {
            (AuthKind::Token, Some(header)) => format!("Token in `{header}`"),
            _ => "AK/SK signing".to_owned(),
        };
        auth_lines.push(format!("- {what}: {}", one_line(&spec_text(&a.doc))));
    }
    let regions: Vec<String> = service
        .endpoints
        .iter()
        .map(|(r, _)| format!("`{r}`"))
        .collect();
    let doc = paragraphs([
        format!("# {}", spec_text(&service.title)),
        spec_text(&service.doc),
        format!("Operations of [`{}`]:", service.client),
        rows.join("\n"),
        format!(
            "Authentication, in the service's order of preference:\n\n{}",
            auth_lines.join("\n")
        ),
        format!(
            "Regions with a known endpoint ([`SERVICE`]): {}. Any other endpoint can be \
             configured explicitly.",
            regions.join(", ")
        ),
    ]);
    let inner_doc = super::docs::inner_doc_attrs(&doc);
    let client = ident(&service.client);
    let models = service.types.iter().flat_map(|t| {
        let required = match t {
            NamedType::Struct(s) => s.required_struct().map(|name| ident(&name)),
            NamedType::Enum(_) => None,
        };
        std::iter::once(ident(t.name())).chain(required)
    });
    let requests = service.operations.iter().flat_map(|op| {
        let required = op.required_struct().map(|name| ident(&name));
        std::iter::once(ident(&op.request_type)).chain(required)
    });
    let descriptions = service.operations.iter().map(|op| ident(&static_name(op)));
    let headers = service
        .operations
        .iter()
        .filter_map(|op| op.headers_type())
        .map(|name| ident(&name));
    let endpoints = service.endpoints.iter().map(
        |(region, urls)| quote!(runtime::RegionEndpoints { region: #region, endpoints: &[#(#urls),*] }),
    );
    let auth = service.auth.iter().map(|a| match (a.kind, &a.header) {
        (AuthKind::Token, Some(header)) => quote!(runtime::AuthScheme::Token { header: #header }),
        _ => quote!(runtime::AuthScheme::AkSk),
    });
    let name = &service.name;
    let sdk_name = &service.sdk_name;
    let service_doc = format!(
        " What the runtime needs to know about {}: its endpoints by region and the auth \
         schemes it accepts.{}",
        service.title,
        service
            .operations
            .first()
            .map_or(String::new(), |op| format!(
                " Each operation has its own description, e.g. [`{}`].",
                static_name(op)
            ))
    );
    let tokens = quote! {
        #inner_doc

        mod client;
        mod models;
        mod operations;

        pub use client::#client;
        pub use models::{#(#models),*};
        pub use operations::{#(#requests,)* #(#headers,)* #(#descriptions),*};

        use crate::runtime;

        #[doc = #service_doc]
        pub static SERVICE: runtime::ServiceInfo = runtime::ServiceInfo {
            name: #name,
            sdk_name: #sdk_name,
            endpoints: &[#(#endpoints),*],
            auth: &[#(#auth),*],
        };
    };
    rust_file(
        format!("src/{}/mod.rs", service.module),
        &service.source,
        tokens,
    )
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
