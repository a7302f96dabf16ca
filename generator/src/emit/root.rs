//! `src/lib.rs`: the crate root, its docs, and the usage example shared with the README.

use super::code::Code;
use super::conformance::request_expr;
use super::docs::{paragraphs, spec_text};
use super::layout::{MAX_WIDTH, Shape, atom, call, reference, string, width};
use super::operations::{named_in, request_fields};
use super::{File, code_file};
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
    let krate = &api.package.crate_name;
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
    let region = endpoints.first().map_or("cn-north-4", |(r, _)| r.as_str());
    // The types the request expression names: models of its values, and the struct of its
    // required values when there are many.
    let mut models = std::collections::BTreeSet::new();
    for field in request_fields(op) {
        named_in(field.shape, &mut models);
    }
    let mut names = vec![client.clone(), op.request_type.clone()];
    names.extend(models);
    names.extend(op.required_struct());
    // A token where the service takes one, else AK/SK from the environment.
    let credentials = if service.auth.iter().any(|a| a.kind == AuthKind::Token) {
        call(
            "Credentials::token",
            vec![
                call("std::env::var", vec![string("API_TOKEN")])
                    .method("unwrap_or_default", vec![]),
            ],
        )
    } else {
        call("Credentials::from_env", vec![]).try_()
    };
    let mut config = call("Config::new", vec![])
        .method("region", vec![string(region)])
        .method("credentials", vec![credentials]);
    let configured = op
        .params
        .iter()
        .filter(|p| p.default_from.is_some())
        .find_map(|p| example.params.iter().find(|(w, _)| *w == p.wire_name))
        .and_then(|(_, v)| v.as_str());
    if let Some(id) = configured {
        config = config.method("project_id", vec![string(id)]);
    }
    let mut code = Code::new();
    use_list(&mut code, &format!("{krate}::{module}"), &names);
    code.line(&format!("use {krate}::{{Config, Credentials, Error}};"));
    code.blank();
    code.open("async fn example() -> Result<(), Error>");
    code.let_("config", &config);
    code.let_(
        "client",
        &call(format!("{client}::new"), vec![reference(atom("config"))]).try_(),
    );
    let request = request_expr(op, example, false);
    request.bind_body(&mut code);
    code.let_("request", &request.expr);
    let call = atom("client")
        .method(&op.method, vec![atom("request")])
        .await_();
    code.open(&format!(
        "match {}",
        call.rewrite(Shape::indented(4)).unwrap_or_default()
    ));
    code.open("Ok(response) =>");
    code.line("let id = response.request_id;");
    code.line("println!(\"{:?} (request id {id:?})\", response.body);");
    code.close("}");
    code.line("Err(Error::Api(error)) => eprintln!(\"the service said no: {error}\"),");
    code.line("Err(other) => return Err(other),");
    code.close("}");
    code.line("Ok(())");
    code.close("}");
    Ok(code.finish().0)
}

/// `use path::{names};`, its names on following lines when it does not fit on one, as
/// rustfmt writes it.
fn use_list(code: &mut Code, path: &str, names: &[String]) {
    let one = format!("use {path}::{{{}}};", names.join(", "));
    if width(&one) <= MAX_WIDTH {
        code.line(&one);
        return;
    }
    code.line(&format!("use {path}::{{"));
    let mut line = String::from("   ");
    for name in names {
        if width(&line) + 1 + width(name) + 1 > MAX_WIDTH {
            code.line(&line);
            line = String::from("   ");
        }
        line.push(' ');
        line.push_str(name);
        line.push(',');
    }
    code.line(&line);
    code.line("};");
}

fn success_example(op: &Operation) -> Option<&Example> {
    op.examples.iter().find(|e| (200..300).contains(&e.status))
}
