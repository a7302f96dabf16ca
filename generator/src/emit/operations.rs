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

use super::code::Code;
use super::docs::{paragraphs, spec_text, value_doc};
use super::layout::{array, atom, call, reference, string, structure};
use super::rust_type::{argument_text, field_init, type_text};
use super::validation::{constraints_expr, rules_expr};
use super::{File, code_file};
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

/// The operations file of `service`.
pub fn file(_api: &Api, service: &Service) -> Result<File, String> {
    let mut models = BTreeSet::new();
    for op in &service.operations {
        for field in request_fields(op) {
            named_in(field.shape, &mut models);
        }
        for header in op.success.iter().flat_map(|s| &s.headers) {
            named_in(&header.shape, &mut models);
        }
    }
    let mut code = Code::new();
    code.inner_doc(&format!(
        "The {} operations: how each goes on the wire, and its request type.",
        service.title
    ));
    code.blank();
    if !models.is_empty() {
        code.line("use super::models::*;");
    }
    code.line("use crate::runtime;");
    for op in &service.operations {
        code.blank();
        description(&mut code, service, op);
        code.blank();
        request(&mut code, service, op);
        response_headers(&mut code, service, op);
    }
    form_bodies(&mut code, service);
    Ok(code_file(
        format!("src/{}/operations.rs", service.module),
        &service.source,
        code,
    ))
}

/// `pub static STOP_TASK: runtime::Operation = ...;`
fn description(code: &mut Code, service: &Service, op: &Operation) {
    code.doc(&format!(
        "How [`{client}::{method}`](super::{client}::{method}) goes on the wire.",
        client = service.client,
        method = op.method
    ));
    let errors = op
        .errors
        .iter()
        .map(|e| {
            // `with_body`: the documented body carries `error_code` and `error_msg` (JSON).
            let named = e
                .body
                .as_ref()
                .is_some_and(|shape| names_code_and_message(service, shape, 0));
            let which = if named && e.encoding == Encoding::Json {
                "runtime::ErrorStatus::with_body"
            } else {
                "runtime::ErrorStatus::without_body"
            };
            call(which, vec![atom(e.status.to_string())])
        })
        .collect();
    let params = op
        .params
        .iter()
        .map(|p| {
            let place = match p.location {
                Location::Path => "runtime::Param::path",
                Location::Query => "runtime::Param::query",
                Location::Header => "runtime::Param::header",
            };
            let mut param = call(place, vec![string(&p.wire_name)]);
            if let Some(ConfigValue::ProjectId) = p.default_from {
                param = param.method("or_config", vec![atom("runtime::ConfigValue::ProjectId")]);
            }
            if !p.shape.constraints.is_empty() {
                param = param.method("constrained", vec![constraints_expr(&p.shape.constraints)]);
            }
            if let Some(item) = p.shape.item()
                && !item.constraints.is_empty()
            {
                param = param.method(
                    "items_constrained",
                    vec![constraints_expr(&item.constraints)],
                );
            }
            if p.style == ListStyle::Comma && p.shape.item().is_some() {
                param = param.method("comma_separated", vec![]);
            }
            param
        })
        .collect();
    let body = op
        .body
        .as_ref()
        .map_or_else(|| array("&[", vec![]), |b| rules_expr(&b.shape));
    let value = structure(
        "runtime::Operation",
        vec![
            ("name".to_owned(), Some(string(&op.name))),
            (
                "method".to_owned(),
                Some(atom(format!("runtime::Method::{}", op.http_method))),
            ),
            ("path".to_owned(), Some(string(&op.path))),
            ("content_type".to_owned(), Some(string(&op.content_type))),
            (
                "idempotent".to_owned(),
                Some(atom(op.idempotent.to_string())),
            ),
            ("errors".to_owned(), Some(array("&[", errors))),
            ("params".to_owned(), Some(array("&[", params))),
            ("body".to_owned(), Some(body)),
        ],
    );
    code.assign(
        &format!("pub static {}: runtime::Operation", static_name(op)),
        &value,
    );
}

fn request(code: &mut Code, service: &Service, op: &Operation) {
    let name = &op.request_type;
    let client = &service.client;
    code.doc(&format!(
        "The request of [`{client}::{method}`](super::{client}::{method}): {summary}",
        method = op.method,
        summary = spec_text(op.summary.trim())
    ));
    let fields = request_fields(op);
    let required: Vec<&RequestField<'_>> = fields.iter().filter(|f| f.required).collect();
    if required.is_empty() {
        code.derive(&["Debug", "Clone", "PartialEq", "Default"]);
    } else {
        code.derive(&["Debug", "Clone", "PartialEq"]);
    }
    code.line("#[non_exhaustive]");
    code.open_struct(&format!("pub struct {name}"), fields.is_empty());
    for f in &fields {
        let ty = type_text(f.shape);
        code.doc(&value_doc(&f.doc, f.shape, true));
        if f.required {
            code.line(&format!("pub {}: {ty},", f.rust_name));
        } else {
            code.line(&format!("pub {}: Option<{ty}>,", f.rust_name));
        }
    }
    code.close_struct();
    let new_doc = format!(
        "Creates a `{}` from its required values; optional ones start unset.",
        op.request_type
    );
    // More required values than a readable argument list: they come as a struct.
    let parts = op.required_struct();
    if let Some(parts) = &parts {
        code.blank();
        code.doc(&format!(
            "The required values of [`{0}`], for [`{0}::new`]; write it as a struct literal.",
            op.request_type
        ));
        code.derive(&["Debug", "Clone", "PartialEq"]);
        code.open(&format!("pub struct {parts}"));
        for f in &required {
            code.doc(&format!("`{}`: {}", f.wire_name, spec_text(f.doc.trim())));
            code.line(&format!("pub {}: {},", f.rust_name, type_text(f.shape)));
        }
        code.close("}");
    }
    code.blank();
    code.open(&format!("impl {name}"));
    code.doc(&new_doc);
    match &parts {
        Some(parts) => {
            let inits = fields
                .iter()
                .map(|f| {
                    let value = if f.required {
                        atom("required").field(&f.rust_name)
                    } else {
                        atom("None")
                    };
                    (f.rust_name.clone(), Some(value))
                })
                .collect();
            code.fn_open("pub fn new", &[format!("required: {parts}")], " -> Self");
            code.tail(&structure("Self", inits));
        }
        None => {
            let params: Vec<String> = required
                .iter()
                .map(|f| {
                    format!(
                        "{}: {}",
                        f.rust_name,
                        argument_text(f.shape, &f.rust_name).0
                    )
                })
                .collect();
            let inits = fields
                .iter()
                .map(|f| {
                    if f.required {
                        field_init(&f.rust_name, argument_text(f.shape, &f.rust_name).1)
                    } else {
                        (f.rust_name.clone(), Some(atom("None")))
                    }
                })
                .collect();
            code.fn_open("pub fn new", &params, " -> Self");
            code.tail(&structure("Self", inits));
        }
    }
    code.close("}");
    for f in fields.iter().filter(|f| !f.required) {
        let field = &f.rust_name;
        let (ty, value) = argument_text(f.shape, field);
        code.blank();
        code.doc(&format!("Sets `{}`.", f.wire_name));
        code.fn_open(
            &format!("pub fn with_{field}"),
            &["mut self".to_owned(), format!("{field}: {ty}")],
            " -> Self",
        );
        code.assign(&format!("self.{field}"), &call("Some", vec![value]));
        code.line("self");
        code.close("}");
    }
    code.blank();
    code.doc("Checks the request as the client does before sending it: see [`runtime::validate`].");
    code.open("pub fn validate(&self) -> Result<(), runtime::Error>");
    code.line("runtime::validate(self)");
    code.close("}");
    code.close("}");
    code.blank();
    code.open(&format!("impl runtime::Request for {name}"));
    code.open("fn operation(&self) -> &'static runtime::Operation");
    code.line(&format!("&{}", static_name(op)));
    code.close("}");
    code.blank();
    code.open("fn params(&self) -> Vec<runtime::ParamValue<'_>>");
    let values = op
        .params
        .iter()
        .map(|p| {
            call(
                "runtime::ParamValue::of",
                vec![reference(atom("self").field(&p.rust_name))],
            )
        })
        .collect();
    code.tail(&array("vec![", values));
    code.close("}");
    if let Some(b) = &op.body {
        code.blank();
        let body = || atom("self").field("body");
        let variant = match b.encoding {
            Encoding::Json => None,
            Encoding::Text => Some("Text"),
            Encoding::Bytes => Some("Bytes"),
            Encoding::Form => Some("Form"),
            Encoding::Multipart => Some("Multipart"),
        };
        match variant {
            None => {
                code.open("fn body(&self) -> Option<&dyn runtime::Body>");
                if b.required {
                    code.tail(&call("Some", vec![reference(body())]));
                } else {
                    code.tail(
                        &body()
                            .method("as_ref", vec![])
                            .method("map", vec![atom("|body| body as &dyn runtime::Body")]),
                    );
                }
            }
            Some(variant) => {
                code.open("fn payload(&self) -> Option<runtime::Payload<'_>>");
                let payload = format!("runtime::Payload::{variant}");
                let value = match (b.required, b.encoding) {
                    (true, _) => call("Some", vec![call(payload, vec![reference(body())])]),
                    (false, Encoding::Text) => body()
                        .method("as_deref", vec![])
                        .method("map", vec![atom("runtime::Payload::Text")]),
                    (false, _) => body()
                        .method("as_ref", vec![])
                        .method("map", vec![atom(format!("|body| {payload}(body)"))]),
                };
                code.tail(&value);
            }
        }
        code.close("}");
    }
    code.close("}");
}

/// `impl runtime::FormBody` for each struct that is a URL-encoded or multipart body: its
/// fields in spec order, files as file parts.
fn form_bodies(code: &mut Code, service: &Service) {
    let mut seen = BTreeSet::new();
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
        code.blank();
        code.open(&format!("impl runtime::FormBody for {name}"));
        code.open("fn fields(&self, fields: &mut runtime::FormFields)");
        for f in &s.fields {
            let wire = string(&f.wire_name);
            let value = || atom("self").field(&f.rust_name);
            let statement = match (&f.shape.kind, f.required) {
                (Kind::File, true) => atom("fields")
                    .method("file", vec![wire, call("Some", vec![reference(value())])]),
                (Kind::File, false) => {
                    atom("fields").method("file", vec![wire, value().method("as_ref", vec![])])
                }
                _ => atom("fields").method("text", vec![wire, reference(value())]),
            };
            code.stmt(&statement);
        }
        code.close("}");
        code.close("}");
    }
}

/// The struct of `op`'s typed response headers and its `runtime::FromHeaders` impl, when the
/// success response documents headers.
fn response_headers(code: &mut Code, service: &Service, op: &Operation) {
    let (Some(name), Some(success)) = (op.headers_type(), op.success.as_ref()) else {
        return;
    };
    code.blank();
    code.doc(&format!(
        "The documented headers of the answer of [`{client}::{method}`](super::{client}::{method}) \
         ([`Response::typed_headers`](runtime::Response::typed_headers)): each is `None` when \
         the answer lacks it; one that is present but not of its type is an `Error::Decode`.",
        client = service.client,
        method = op.method
    ));
    code.derive(&["Debug", "Clone", "PartialEq", "Default", "serde::Serialize"]);
    code.line("#[non_exhaustive]");
    code.open(&format!("pub struct {name}"));
    for h in &success.headers {
        let wire = &h.name;
        code.doc(&value_doc(
            &paragraphs([h.doc.clone(), format!("Header `{wire}`.")]),
            &h.shape,
            false,
        ));
        code.attr(
            "serde",
            &[
                format!("rename = {wire:?}"),
                "skip_serializing_if = \"Option::is_none\"".to_owned(),
            ],
        );
        code.line(&format!(
            "pub {}: Option<{}>,",
            h.rust_name,
            type_text(&h.shape)
        ));
    }
    code.close("}");
    code.blank();
    code.open(&format!("impl runtime::FromHeaders for {name}"));
    code.fn_open(
        "fn from_headers",
        &["headers: &runtime::HeaderMap".to_owned()],
        " -> Result<Self, runtime::HeaderProblem>",
    );
    let decode = success
        .headers
        .iter()
        .map(|h| {
            let value = call(
                "runtime::typed_header",
                vec![atom("headers"), string(&h.name)],
            )
            .try_();
            (h.rust_name.clone(), Some(value))
        })
        .collect();
    code.tail(&call("Ok", vec![structure("Self", decode)]));
    code.close("}");
    code.close("}");
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
