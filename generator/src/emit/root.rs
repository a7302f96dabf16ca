//! `src/lib.rs`: the crate root, its docs, and the usage example shared with the README.

use quote::quote;

use super::code::Code;
use super::conformance::request_expr_with;
use super::docs::{paragraphs, spec_text};
use super::layout::{MAX_WIDTH, width};
use super::operations::{named_in, request_fields};
use super::{File, code_file, ident};
use crate::ir::{Api, AuthKind, Example, Operation, Service};

/// The crate root; `example` is [`example`]'s program.
pub fn lib_rs(api: &Api, example: &str) -> Result<File, String> {
    let mut rows = vec![
        "| module | client | service |".to_owned(),
        "| --- | --- | --- |".to_owned(),
    ];
    for s in &api.services {
        rows.push(format!(
            "| [`{m}`] | [`{c}`]({m}::{c}) | {t} |",
            m = s.module,
            c = s.client,
            t = spec_text(&s.title)
        ));
    }
    let doc = paragraphs([
        spec_text(&api.package.description),
        rows.join("\n"),
        "Every method takes a typed request whose required values are constructor arguments, \
         checks it against the spec's constraints before sending, and returns the decoded body \
         with the request id, or an [`Error`] to match on."
            .to_owned(),
        // No success example in the spec, no example here (an empty block fails rustdoc).
        if example.is_empty() {
            String::new()
        } else {
            format!("# Example\n\n```no_run\n{example}```")
        },
        format!(
            "The modules are generated from `spec/` by `cargo xtask codegen`; the runtime they \
             call is the hand-written [`runtime`] crate (`{}`).",
            api.package.runtime_package
        ),
    ]);
    let runtime = &api.package.runtime_crate;
    let mut code = Code::new();
    code.inner_doc(&doc);
    code.line("#![forbid(unsafe_code)]");
    code.line("#![deny(missing_docs)]");
    code.blank();
    code.line(&format!("pub use ::{runtime} as runtime;"));
    code.blank();
    let names =
        "ApiError, CallOptions, Config, Credentials, DecodeError, Error, Response, RetryPolicy";
    let one = format!("pub use ::{runtime}::{{{names}}};");
    if width(&one) <= MAX_WIDTH {
        code.line(&one);
    } else {
        code.line(&format!("pub use ::{runtime}::{{"));
        code.line(&format!("    {names},"));
        code.line("};");
    }
    code.blank();
    for s in &api.services {
        code.line(&format!("pub mod {};", s.module));
    }
    Ok(code_file("src/lib.rs".to_owned(), "spec/", code))
}

/// A short program calling the first documented success example of the API.
pub fn example(api: &Api) -> Result<String, String> {
    let krate = ident(&api.package.crate_name);
    let chosen = api.services.iter().find_map(|s| {
        s.operations
            .iter()
            .filter(|op| op.deprecated.is_none())
            .find_map(|op| success_example(op).map(|e| (s, op, e)))
    });
    let Some((service, op, example)) = chosen else {
        return Ok(String::new());
    };
    let Service {
        module,
        client,
        endpoints,
        ..
    } = service;
    let module = ident(module);
    let client = ident(client);
    let request_type = ident(&op.request_type);
    let method = ident(&op.method);
    let request = request_expr_with(op, example, false);
    let configured = op
        .params
        .iter()
        .filter(|p| p.default_from.is_some())
        .find_map(|p| example.params.iter().find(|(w, _)| *w == p.wire_name))
        .and_then(|(_, v)| v.as_str())
        .map(|id| quote!(.project_id(#id)));
    let region = endpoints.first().map_or("cn-north-4", |(r, _)| r.as_str());
    // The types the request expression names: models of its values, and the struct of its
    // required values when there are many.
    let mut models = std::collections::BTreeSet::new();
    for field in request_fields(op) {
        named_in(field.shape, &mut models);
    }
    let required = op.required_struct().map(|name| ident(&name));
    let body_types = models.iter().map(|name| ident(name)).chain(required);
    // A token where the service takes one, else AK/SK from the environment.
    let credentials = if service.auth.iter().any(|a| a.kind == AuthKind::Token) {
        quote!(Credentials::token(
            std::env::var("API_TOKEN").unwrap_or_default()
        ))
    } else {
        quote!(Credentials::from_env()?)
    };
    let tokens = quote! {
        use #krate::#module::{#client, #request_type #(, #body_types)*};
        use #krate::{Config, Credentials, Error};

        async fn example() -> Result<(), Error> {
            let config = Config::new()
                .region(#region)
                .credentials(#credentials)
                #configured;
            let client = #client::new(&config)?;
            let request = #request;
            match client.#method(request).await {
                Ok(response) => println!("{:?} (request id {:?})", response.body, response.request_id),
                Err(Error::Api(error)) => eprintln!("the service said no: {error}"),
                Err(other) => return Err(other),
            }
            Ok(())
        }
    };
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("generator bug: example: {e}"))?;
    Ok(super::spaced(&prettyplease::unparse(&file)))
}

fn success_example(op: &Operation) -> Option<&Example> {
    op.examples.iter().find(|e| (200..300).contains(&e.status))
}
