//! IR shapes → Rust types.

use super::layout;
use crate::ir::{Kind, Shape};

/// The Rust type of a value of `shape`, as text.
pub fn type_text(shape: &Shape) -> String {
    match &shape.kind {
        Kind::String => "String".to_owned(),
        Kind::Bool => "bool".to_owned(),
        Kind::I32 => "i32".to_owned(),
        Kind::I64 => "i64".to_owned(),
        Kind::F64 => "f64".to_owned(),
        Kind::Json => "serde_json::Value".to_owned(),
        Kind::Object => "serde_json::Map<String, serde_json::Value>".to_owned(),
        Kind::List(item) => format!("Vec<{}>", type_text(item)),
        Kind::Map(item) => format!("std::collections::BTreeMap<String, {}>", type_text(item)),
        Kind::Named(name) => name.clone(),
        Kind::Bytes => "runtime::Bytes".to_owned(),
        Kind::File => "runtime::FilePart".to_owned(),
    }
}

/// [`argument`] as text and a laid-out expression.
pub fn argument_text(shape: &Shape, arg: &str) -> (String, layout::Expr) {
    use layout::atom;
    let into = || atom(arg).method("into", vec![]);
    match &shape.kind {
        Kind::String => ("impl Into<String>".to_owned(), into()),
        Kind::List(item) if item.kind == Kind::String => (
            "impl IntoIterator<Item = impl Into<String>>".to_owned(),
            atom(arg)
                .method("into_iter", vec![])
                .method("map", vec![atom("Into::into")])
                .method("collect", vec![]),
        ),
        Kind::Map(value) if value.kind == Kind::String => (
            "impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>".to_owned(),
            atom(arg)
                .method("into_iter", vec![])
                .method("map", vec![atom("|(k, v)| (k.into(), v.into())")])
                .method("collect", vec![]),
        ),
        Kind::Map(value) => (
            format!(
                "impl IntoIterator<Item = (impl Into<String>, {})>",
                type_text(value)
            ),
            atom(arg)
                .method("into_iter", vec![])
                .method("map", vec![atom("|(k, v)| (k.into(), v)")])
                .method("collect", vec![]),
        ),
        Kind::Bytes => ("impl Into<runtime::Bytes>".to_owned(), into()),
        _ => (type_text(shape), atom(arg)),
    }
}

/// A struct-literal field: the shorthand `name` when the value is the variable of that name.
pub fn field_init(name: &str, value: layout::Expr) -> (String, Option<layout::Expr>) {
    if value == layout::atom(name) {
        (name.to_owned(), None)
    } else {
        (name.to_owned(), Some(value))
    }
}

/// An unsuffixed float literal (`2.0`, `0.5`): the text of `value` with `.0` added where it
/// would otherwise read as an integer.
pub fn float_literal(value: f64) -> String {
    let text = value.to_string();
    if text.contains(['.', 'e', 'E']) || !value.is_finite() {
        text
    } else {
        format!("{text}.0")
    }
}
