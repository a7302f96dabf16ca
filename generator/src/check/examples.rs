//! Examples of an operation, and example values checked against the shapes they stand for.

use std::collections::HashSet;

use serde_json::Value;

use super::{Checker, YamlPath};
use crate::ir;
use crate::names::{ident_problem, snake};
use crate::spec::{self, Location, ServiceFile};

impl Checker<'_, ServiceFile> {
    /// Checks and lowers the examples of the operation at `at`, already lowered as `lowered`.
    pub(super) fn examples(
        &mut self,
        op: &spec::Operation,
        lowered: &ir::Operation,
        types: &[ir::NamedType],
        at: &YamlPath,
    ) -> Vec<ir::Example> {
        let mut out = Vec::new();
        let mut names = HashSet::new();
        for (i, example) in op.examples.iter().enumerate() {
            let here = at.child("examples").child(i);
            if ident_problem(&example.name).is_some() || snake(&example.name) != example.name {
                self.error_at_value(
                    &here.child("name"),
                    format!("`{}` is not a snake_case name", example.name),
                    "examples become test functions: use a snake_case name",
                );
            }
            if !names.insert(example.name.as_str()) {
                self.error_at_value(
                    &here.child("name"),
                    format!("the example name `{}` is used twice", example.name),
                    "give each example of an operation its own name",
                );
            }
            let params = self.example_params(example, lowered, types, &here);
            self.example_bodies(example, lowered, types, &here);
            let response_headers = self.example_headers(example, lowered, types, &here);
            out.push(ir::Example {
                name: example.name.clone(),
                doc: example.doc.clone(),
                params,
                body: example.request.body.clone(),
                status: example.response.status,
                response_body: example.response.body.clone(),
                response_headers,
            });
        }
        out
    }

    /// Checks the parameters the example at `at` sets, and that it sets every required one;
    /// returns them in the operation's order.
    fn example_params(
        &mut self,
        example: &spec::Example,
        lowered: &ir::Operation,
        types: &[ir::NamedType],
        at: &YamlPath,
    ) -> Vec<(String, Value)> {
        let mut params = Vec::new();
        for (wire, value) in &example.request.params {
            let value_at = at.child("request").child("params").child(wire);
            let Some(param) = lowered.params.iter().find(|p| &p.wire_name == wire) else {
                let help = if lowered.transport_headers.iter().any(|h| &h.name == wire) {
                    format!("`{wire}` is sent by the transport; remove it from the example")
                } else {
                    format!(
                        "the operation's parameters are: {}",
                        lowered
                            .params
                            .iter()
                            .map(|p| p.wire_name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                self.error_at_key(
                    &value_at,
                    format!("the example sets `{wire}`, which is not a parameter of the operation"),
                    help,
                );
                continue;
            };
            self.example_value(
                value,
                &param.shape,
                types,
                wire,
                &value_at,
                "make the example satisfy the parameter's type and constraints",
            );
            if param.location == Location::Path
                && let Some(problem) = value
                    .as_str()
                    .and_then(huaweicloud_devops_rules::path_value_problem)
            {
                self.error_at_value(
                    &value_at,
                    format!("`{wire}` {problem}"),
                    "give the path parameter a value the client can send",
                );
            }
            params.push((wire.clone(), value.clone()));
        }
        for param in &lowered.params {
            if (param.required || param.location == Location::Path)
                && !example.request.params.contains_key(&param.wire_name)
            {
                self.error_at_key(
                    &at.child("request"),
                    format!(
                        "the example does not set the parameter `{}`",
                        param.wire_name
                    ),
                    format!(
                        "add `{}: <value>` under `request: params:`",
                        param.wire_name
                    ),
                );
            }
        }
        params.sort_by_key(|(wire, _)| lowered.params.iter().position(|p| &p.wire_name == wire));
        params
    }

    /// Checks the request body and the response (status and body) of the example at `at`.
    fn example_bodies(
        &mut self,
        example: &spec::Example,
        lowered: &ir::Operation,
        types: &[ir::NamedType],
        at: &YamlPath,
    ) {
        let request_at = at.child("request");
        match (&lowered.body, &example.request.body) {
            (Some(body), Some(value)) => self.example_value(
                value,
                &body.shape,
                types,
                "body",
                &request_at.child("body"),
                "make the example body match the request body's type",
            ),
            (Some(body), None) if body.required => self.error_at_key(
                &request_at,
                "the operation requires a body, but the example has none",
                "add `body:` under `request:`",
            ),
            (None, Some(_)) => self.error_at_key(
                &request_at.child("body"),
                "the operation takes no body",
                "remove the body, or declare `request: body:` on the operation",
            ),
            _ => {}
        }
        let response_at = at.child("response");
        match lowered.response(example.response.status) {
            None => self.error_at_value(
                &response_at.child("status"),
                format!(
                    "status {} is not a documented response of the operation",
                    example.response.status
                ),
                "document it under `responses:`, or fix the example's status",
            ),
            Some(response) => {
                if let (Some(shape), Some(value)) = (&response.body, &example.response.body) {
                    self.example_value(
                        value,
                        shape,
                        types,
                        "body",
                        &response_at.child("body"),
                        "make the example match the response type, or add the missing field to the type",
                    );
                }
            }
        }
    }

    /// Checks the response headers of the example at `at` against the documented ones of its
    /// status; returns them in the documented order.
    fn example_headers(
        &mut self,
        example: &spec::Example,
        lowered: &ir::Operation,
        types: &[ir::NamedType],
        at: &YamlPath,
    ) -> Vec<(String, Value)> {
        let documented = lowered
            .response(example.response.status)
            .map_or(&[][..], |r| r.headers.as_slice());
        let mut out = Vec::new();
        for (name, value) in &example.response.headers {
            let value_at = at.child("response").child("headers").child(name);
            let Some(header) = documented
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(name))
            else {
                self.error_at_key(
                    &value_at,
                    format!(
                        "`{name}` is not a documented header of the {} response",
                        example.response.status
                    ),
                    "document it under the response's `headers:`, or remove it from the example",
                );
                continue;
            };
            if value.is_null() || value.is_array() || value.is_object() {
                self.error_at_value(
                    &value_at,
                    format!("`{name}` = {value} is not a header value"),
                    "give the header one scalar value",
                );
                continue;
            }
            self.example_value(
                value,
                &header.shape,
                types,
                name,
                &value_at,
                "make the example header satisfy its type",
            );
            out.push((header.name.clone(), value.clone()));
        }
        out.sort_by_key(|(name, _)| documented.iter().position(|h| &h.name == name));
        out
    }

    /// Reports, at `at`, every way the example value `value` (named `name` in messages) does
    /// not fit `shape`, each with `help`.
    fn example_value(
        &mut self,
        value: &Value,
        shape: &ir::Shape,
        types: &[ir::NamedType],
        name: &str,
        at: &YamlPath,
        help: &str,
    ) {
        let mut problems = Vec::new();
        check_value(value, shape, types, name, &mut Vec::new(), &mut problems);
        for problem in problems {
            let mut here = at.clone();
            for segment in problem.path {
                here = here.child(segment);
            }
            if problem.at_key {
                self.error_at_key(&here, problem.message, help);
            } else {
                self.error_at_value(&here, problem.message, help);
            }
        }
    }
}

/// A problem of an example value, and where it is under the value (keys and sequence
/// indexes), so that the caret points at the item that is wrong.
struct ValueProblem {
    /// The keys and indexes from the example value down to the item.
    path: Vec<String>,
    /// Whether the problem is the item's key (a field the type lacks) rather than its value.
    at_key: bool,
    /// What is wrong.
    message: String,
}

/// Collects the problems of an example value found at `path` under it.
struct Found<'a> {
    path: &'a [String],
    problems: &'a mut Vec<ValueProblem>,
}

impl Found<'_> {
    fn push(&mut self, message: String) {
        self.problems.push(ValueProblem {
            path: self.path.to_vec(),
            at_key: false,
            message,
        });
    }
}

/// The problems of `value` (a default, say) against `shape`, each described with `at` and the
/// path under it.
pub(super) fn value_problems(
    value: &Value,
    shape: &ir::Shape,
    types: &[ir::NamedType],
    at: &str,
) -> Vec<String> {
    let mut found = Vec::new();
    check_value(value, shape, types, at, &mut Vec::new(), &mut found);
    found.into_iter().map(|p| p.message).collect()
}

/// Checks an example value against a shape: types, required fields, unknown fields and
/// constraints. Problems are described with the value's path.
fn check_value(
    value: &Value,
    shape: &ir::Shape,
    types: &[ir::NamedType],
    at: &str,
    path: &mut Vec<String>,
    all: &mut Vec<ValueProblem>,
) {
    let c = &shape.constraints;
    let mut problems = Found {
        path: &path.clone(),
        problems: all,
    };
    match (&shape.kind, value) {
        (_, Value::Null) => {}
        (ir::Kind::String, Value::String(s)) => {
            c.check_text(s, &mut |problem| {
                problems.push(format!("`{at}` = {s:?} {problem}"));
            });
        }
        (ir::Kind::Bool, Value::Bool(_))
        | (ir::Kind::Json, _)
        | (ir::Kind::Object, Value::Object(_))
        | (ir::Kind::F64, Value::Number(_))
        | (ir::Kind::Bytes, Value::String(_)) => {}
        (ir::Kind::File, Value::Object(map)) => check_file(map, at, &mut problems),
        (ir::Kind::I32 | ir::Kind::I64, Value::Number(n)) => {
            let Some(v) = n.as_i64() else {
                problems.push(format!("`{at}` = {n} is not an integer"));
                return;
            };
            if shape.kind == ir::Kind::I32 && i32::try_from(v).is_err() {
                problems.push(format!("`{at}` = {v} does not fit in int32; use int64"));
            }
            c.check_integer(v, &mut |problem| problems.push(format!("`{at}` {problem}")));
        }
        (ir::Kind::List(item), Value::Array(items)) => {
            c.check_count(items.len(), &mut |problem| {
                problems.push(format!("`{at}` {problem}"));
            });
            for (i, v) in items.iter().enumerate() {
                path.push(i.to_string());
                check_value(
                    v,
                    item,
                    types,
                    &format!("{at}[{i}]"),
                    path,
                    problems.problems,
                );
                path.pop();
            }
        }
        (ir::Kind::Map(item), Value::Object(entries)) => {
            for (key, v) in entries {
                path.push(key.clone());
                check_value(
                    v,
                    item,
                    types,
                    &format!("{at}[{key:?}]"),
                    path,
                    problems.problems,
                );
                path.pop();
            }
        }
        (ir::Kind::Named(name), _) => match types.iter().find(|t| t.name() == name) {
            Some(ir::NamedType::Struct(s)) => {
                let Value::Object(map) = value else {
                    problems.push(format!("`{at}` should be an object ({name})"));
                    return;
                };
                for key in map.keys() {
                    if !s.fields.iter().any(|f| &f.wire_name == key) {
                        let mut key_path = path.clone();
                        key_path.push(key.clone());
                        problems.problems.push(ValueProblem {
                            path: key_path,
                            at_key: true,
                            message: format!("`{at}.{key}` is not a field of `{name}`"),
                        });
                    }
                }
                for field in &s.fields {
                    match map.get(&field.wire_name) {
                        Some(v) => {
                            path.push(field.wire_name.clone());
                            check_value(
                                v,
                                &field.shape,
                                types,
                                &format!("{at}.{}", field.wire_name),
                                path,
                                problems.problems,
                            );
                            path.pop();
                        }
                        None if field.required => problems.push(format!(
                            "`{at}` lacks the required field `{}`",
                            field.wire_name
                        )),
                        None => {}
                    }
                }
            }
            Some(ir::NamedType::Enum(e))
                if e.repr == ir::EnumRepr::String && !value.is_string() =>
            {
                problems.push(format!("`{at}` should be a string ({name})"));
            }
            Some(ir::NamedType::Enum(e))
                if e.repr != ir::EnumRepr::String
                    && !value.as_i64().is_some_and(|v| {
                        e.repr == ir::EnumRepr::I64 || i32::try_from(v).is_ok()
                    }) =>
            {
                problems.push(format!("`{at}` should be an integer ({name})"));
            }
            Some(ir::NamedType::Enum(_)) => {}
            None => {}
        },
        (kind, _) => problems.push(format!(
            "`{at}` = {value} does not have the type {}",
            kind_name(kind)
        )),
    }
}

/// Checks an example file (`{ file_name, content_type, content }`, the content as text).
fn check_file(map: &serde_json::Map<String, Value>, at: &str, problems: &mut Found<'_>) {
    for key in map.keys() {
        if !["file_name", "content_type", "content"].contains(&key.as_str()) {
            problems.push(format!(
                "`{at}.{key}` is not a key of a file (file_name, content_type, content)"
            ));
        }
    }
    for (key, required) in [
        ("file_name", true),
        ("content", true),
        ("content_type", false),
    ] {
        match map.get(key) {
            Some(Value::String(_)) => {}
            None if !required => {}
            None => problems.push(format!("`{at}` lacks the file's `{key}`")),
            Some(other) => problems.push(format!("`{at}.{key}` = {other} is not a string")),
        }
    }
}

/// The spec's name of a kind, for messages.
fn kind_name(kind: &ir::Kind) -> &'static str {
    match kind {
        ir::Kind::String => "string",
        ir::Kind::Bool => "boolean",
        ir::Kind::I32 => "int32",
        ir::Kind::I64 => "int64",
        ir::Kind::F64 => "float64",
        ir::Kind::Json => "json",
        ir::Kind::Object => "object",
        ir::Kind::List(_) => "list",
        ir::Kind::Map(_) => "map",
        ir::Kind::Named(_) => "named type",
        ir::Kind::Bytes => "bytes (a string in examples)",
        ir::Kind::File => "file ({ file_name, content_type, content })",
    }
}
