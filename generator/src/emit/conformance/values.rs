//! What the generated tests expect: the path an example produces, the body the client
//! decodes, and sample bodies for error statuses without an example.

use serde_json::Value;

use super::request::{param_text, scalar_text};
use crate::ir::{EnumRepr, Example, Kind, Location, NamedType, Operation, Service, Shape};

fn param_location(op: &Operation, wire: &str) -> Option<Location> {
    op.params
        .iter()
        .find(|p| p.wire_name == wire)
        .map(|p| p.location)
}

/// The path the example must produce, expanded by the runtime's own rule (every value
/// percent-encoded so that only `A-Z a-z 0-9 - _ . ~` stay as they are, as the official SDK
/// does).
pub(super) fn expected_path(op: &Operation, example: &Example) -> Result<String, String> {
    let values: Vec<(String, String)> = example
        .params
        .iter()
        .filter(|(wire, _)| param_location(op, wire) == Some(Location::Path))
        .map(|(wire, value)| {
            let shape = op
                .params
                .iter()
                .find(|p| p.wire_name == *wire)
                .map(|p| &p.shape);
            (
                wire.clone(),
                shape.map_or_else(|| scalar_text(value), |s| param_text(value, s)),
            )
        })
        .collect();
    let pairs: Vec<(&str, &str)> = values
        .iter()
        .map(|(w, v)| (w.as_str(), v.as_str()))
        .collect();
    huaweicloud_devops_rules::expand_path(&op.path, &pairs).map_err(|name| {
        format!(
            "generator bug: example `{}` of {} has no usable value for `{{{name}}}`",
            example.name, op.name
        )
    })
}

/// `value`, a value of `shape`, with the default of every absent field that decodes to its
/// default (fields of structs that no request carries).
pub(super) fn with_defaults(
    value: &Value,
    shape: &Shape,
    service: &Service,
    depth: usize,
) -> Value {
    if depth > 64 {
        return value.clone();
    }
    match (&shape.kind, value) {
        (Kind::List(item), Value::Array(items)) => Value::Array(
            items
                .iter()
                .map(|v| with_defaults(v, item, service, depth + 1))
                .collect(),
        ),
        (Kind::Map(item), Value::Object(entries)) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), with_defaults(v, item, service, depth + 1)))
                .collect(),
        ),
        (Kind::Named(name), Value::Object(entries)) => {
            let Some(NamedType::Struct(s)) = service.named(name) else {
                return value.clone();
            };
            let mut out = serde_json::Map::new();
            for field in &s.fields {
                match (entries.get(&field.wire_name), &field.default) {
                    (Some(v), _) => {
                        let v = with_defaults(v, &field.shape, service, depth + 1);
                        out.insert(field.wire_name.clone(), v);
                    }
                    (None, Some(default)) if s.defaulted(field) => {
                        out.insert(field.wire_name.clone(), default.clone());
                    }
                    (None, _) => {}
                }
            }
            Value::Object(out)
        }
        _ => value.clone(),
    }
}

/// A JSON value of `shape` for error statuses that have no documented example: strings name
/// their field, numbers are zero, lists have one item.
pub(super) fn sample(shape: &Shape, service: &Service) -> Value {
    sample_at(shape, service, "value", 0)
}

fn sample_at(shape: &Shape, service: &Service, name: &str, depth: usize) -> Value {
    if depth > 8 {
        return Value::Null;
    }
    match &shape.kind {
        Kind::String => Value::String(format!("example {name}")),
        Kind::Bool => Value::Bool(false),
        Kind::I32 | Kind::I64 => Value::from(shape.constraints.minimum.unwrap_or(0)),
        Kind::F64 => Value::from(0.0),
        Kind::Json => Value::Null,
        Kind::Object => Value::Object(serde_json::Map::new()),
        Kind::List(item) => Value::Array(vec![sample_at(item, service, name, depth + 1)]),
        Kind::Map(item) => Value::Object(
            [(name.to_owned(), sample_at(item, service, name, depth + 1))]
                .into_iter()
                .collect(),
        ),
        Kind::Bytes => Value::String(format!("example {name}")),
        Kind::File => serde_json::json!({ "file_name": format!("{name}.txt"), "content": name }),
        Kind::Named(type_name) => match service.named(type_name) {
            Some(NamedType::Struct(s)) => Value::Object(
                s.fields
                    .iter()
                    .map(|f| {
                        (
                            f.wire_name.clone(),
                            sample_at(&f.shape, service, &f.wire_name, depth + 1),
                        )
                    })
                    .collect(),
            ),
            Some(NamedType::Enum(e)) => e.values.first().map_or(Value::Null, |v| match e.repr {
                EnumRepr::String => Value::String(v.wire.clone()),
                _ => Value::from(v.wire.trim().parse::<i64>().unwrap_or_default()),
            }),
            None => Value::Null,
        },
    }
}
