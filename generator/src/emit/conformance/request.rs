//! The values of the generated tests: an example's request as an expression, and literals
//! of its values as the client writes them.

use serde_json::Value;

use super::super::code::Code;
use super::super::layout::{Expr, array, atom, call, string, structure};
use super::super::rust_type::{field_init, float_literal, type_text};
use crate::ir::{Encoding, Example, Kind, Operation, Shape};

/// The request of an example: `Request::new(required...)` then setters, with a JSON body
/// decoded into `body` beforehand (a long literal inside a chain is more than rustfmt lays
/// out).
pub struct RequestExpr {
    /// The JSON text of the body and its Rust type, for [`bind_body`](Self::bind_body).
    body: Option<(String, String)>,
    /// The request.
    pub expr: Expr,
}

impl RequestExpr {
    /// `let json = r#"..."#;` and `let body: T = serde_json::from_str(json)...;` when the
    /// request has a JSON body.
    pub fn bind_body(&self, code: &mut Code) {
        if let Some((json, ty)) = &self.body {
            code.let_("json", &raw_str(json));
            let decoded = call("serde_json::from_str", vec![atom("json")])
                .method("expect", vec![string("the example body decodes")]);
            code.let_(&format!("body: {ty}"), &decoded);
        }
    }
}

/// The request of `example`; parameters the configuration can fill are left out unless
/// `with_defaults`.
pub fn request_expr(op: &Operation, example: &Example, with_defaults: bool) -> RequestExpr {
    // Constructor arguments: (field, as an argument, as a field value of the exact type).
    let mut args: Vec<(&str, Expr, Expr)> = Vec::new();
    let mut setters = Vec::new();
    for param in &op.params {
        if param.default_from.is_some() && !with_defaults {
            continue;
        }
        let Some((_, value)) = example.params.iter().find(|(w, _)| *w == param.wire_name) else {
            continue;
        };
        let literal = literal(value, &param.shape);
        if param.required {
            let owned = owned_literal(value, &param.shape);
            args.push((&param.rust_name, literal, owned));
        } else {
            setters.push((format!("with_{}", param.rust_name), literal));
        }
    }
    let mut json = None;
    if let (Some(body), Some(value)) = (&op.body, &example.body) {
        let expr = match body.encoding {
            // A string literal is an `impl Into<String>` and an `impl Into<runtime::Bytes>`.
            Encoding::Text | Encoding::Bytes => string(&scalar_text(value)),
            _ => {
                json = Some((value.to_string(), type_text(&body.shape)));
                atom("body")
            }
        };
        if body.required {
            let owned = match body.encoding {
                Encoding::Text | Encoding::Bytes => expr.clone().method("into", vec![]),
                _ => expr.clone(),
            };
            args.push(("body", expr, owned));
        } else {
            setters.push(("with_body".to_owned(), expr));
        }
    }
    let new = format!("{}::new", op.request_type);
    let mut expr = match op.required_struct() {
        Some(parts) => {
            let fields = args
                .into_iter()
                .map(|(field, _, owned)| field_init(field, owned))
                .collect();
            call(new, vec![structure(parts, fields)])
        }
        None => call(new, args.into_iter().map(|(_, arg, _)| arg).collect()),
    };
    for (setter, value) in setters {
        expr = expr.method(setter, vec![value]);
    }
    RequestExpr { body: json, expr }
}

/// Like [`literal`], of exactly the field's type: strings are `String`s, not `&str`s.
fn owned_literal(value: &Value, shape: &Shape) -> Expr {
    match (&shape.kind, value) {
        (Kind::String, _) => string(&scalar_text(value)).method("to_owned", vec![]),
        (Kind::List(item), Value::Array(items)) => array(
            "vec![",
            items.iter().map(|v| owned_literal(v, item)).collect(),
        ),
        _ => literal(value, shape),
    }
}

fn literal(value: &Value, shape: &Shape) -> Expr {
    match (&shape.kind, value) {
        (Kind::Bool, Value::Bool(b)) => atom(b.to_string()),
        (Kind::I32, Value::Number(n)) => {
            let v = n
                .as_i64()
                .and_then(|v| i32::try_from(v).ok())
                .unwrap_or_default();
            atom(format!("{v}i32"))
        }
        (Kind::I64, Value::Number(n)) => atom(format!("{}i64", n.as_i64().unwrap_or_default())),
        (Kind::F64, Value::Number(n)) => atom(float_literal(n.as_f64().unwrap_or_default())),
        (Kind::List(item), Value::Array(items)) => {
            array("vec![", items.iter().map(|v| literal(v, item)).collect())
        }
        (Kind::Named(name), Value::Number(n)) => call(
            format!("{name}::from"),
            vec![atom(n.as_i64().unwrap_or_default().to_string())],
        ),
        (Kind::Named(name), _) => call(format!("{name}::from"), vec![string(&scalar_text(value))]),
        _ => string(&scalar_text(value)),
    }
}

/// A parameter value of `shape` as the client writes it: a float64 as JSON writes an `f64`
/// (`2` as `2.0`), a list's items joined by commas.
pub(super) fn param_text(value: &Value, shape: &Shape) -> String {
    match (value, &shape.kind) {
        (Value::Number(n), Kind::F64) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| n.to_string(), |n| n.to_string()),
        (Value::Array(items), Kind::List(item)) => items
            .iter()
            .map(|v| param_text(v, item))
            .collect::<Vec<_>>()
            .join(","),
        (other, _) => scalar_text(other),
    }
}

pub(super) fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A raw string literal (`r#"..."#`) of `text`: JSON stays readable in generated tests.
pub(super) fn raw_str(text: &str) -> Expr {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    // A raw string cannot hold a carriage return on its own.
    if text.contains('\r') {
        return string(text);
    }
    atom(format!("r{hashes}\"{text}\"{hashes}"))
}

/// A byte string literal (`b"..."`) of `text`'s UTF-8 bytes: a constant `&'static [u8]`.
pub(super) fn byte_str(text: &str) -> Expr {
    let mut out = String::with_capacity(text.len() + 3);
    out.push_str("b\"");
    for byte in text.bytes() {
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b' '..=b'~' => out.push(char::from(byte)),
            _ => out.push_str(&format!("\\x{byte:02x}")),
        }
    }
    out.push('"');
    atom(out)
}
