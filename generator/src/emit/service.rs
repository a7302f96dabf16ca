//! `src/<module>/mod.rs`: the service module, its re-exports and its endpoint table.

use super::code::Code;
use super::docs::{paragraphs, spec_text};
use super::layout::{array, atom, string, structure};
use super::operations::static_name;
use super::{File, code_file};
use crate::ir::{Api, AuthKind, Service};

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
    let mut code = Code::new();
    code.inner_doc(&doc);
    code.blank();
    code.line("mod client;");
    code.line("mod models;");
    code.line("mod operations;");
    code.blank();
    code.line(&format!("pub use client::{};", service.client));
    if !service.types.is_empty() {
        code.line("pub use models::*;");
    }
    if !service.operations.is_empty() {
        code.line("pub use operations::*;");
    }
    code.blank();
    code.line("use crate::runtime;");
    code.blank();
    code.doc(&format!(
        "What the runtime needs to know about {}: its endpoints by region and the auth \
         schemes it accepts.{}",
        service.title,
        service
            .operations
            .first()
            .map_or(String::new(), |op| format!(
                " Each operation has its own description, e.g. [`{}`].",
                static_name(op)
            ))
    ));
    let endpoints = service
        .endpoints
        .iter()
        .map(|(region, urls)| {
            structure(
                "runtime::RegionEndpoints",
                vec![
                    ("region".to_owned(), Some(string(region))),
                    (
                        "endpoints".to_owned(),
                        Some(array("&[", urls.iter().map(|u| string(u)).collect())),
                    ),
                ],
            )
        })
        .collect();
    let auth = service
        .auth
        .iter()
        .map(|a| match (a.kind, &a.header) {
            (AuthKind::Token, Some(header)) => structure(
                "runtime::AuthScheme::Token",
                vec![("header".to_owned(), Some(string(header)))],
            ),
            _ => atom("runtime::AuthScheme::AkSk"),
        })
        .collect();
    code.assign(
        "pub static SERVICE: runtime::ServiceInfo",
        &structure(
            "runtime::ServiceInfo",
            vec![
                ("name".to_owned(), Some(string(&service.name))),
                ("sdk_name".to_owned(), Some(string(&service.sdk_name))),
                ("endpoints".to_owned(), Some(array("&[", endpoints))),
                ("auth".to_owned(), Some(array("&[", auth))),
            ],
        ),
    );
    Ok(code_file(
        format!("src/{}/mod.rs", service.module),
        &service.source,
        code,
    ))
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
