//! IR shapes → Rust types.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{Kind, Shape};

/// The Rust type of a value of `shape`.
pub fn rust_type(shape: &Shape) -> TokenStream {
    match &shape.kind {
        Kind::String => quote!(String),
        Kind::Bool => quote!(bool),
        Kind::I32 => quote!(i32),
        Kind::I64 => quote!(i64),
        Kind::F64 => quote!(f64),
        Kind::Json => quote!(serde_json::Value),
        Kind::Object => quote!(serde_json::Map<String, serde_json::Value>),
        Kind::List(item) => {
            let item = rust_type(item);
            quote!(Vec<#item>)
        }
        Kind::Map(item) => {
            let item = rust_type(item);
            quote!(std::collections::BTreeMap<String, #item>)
        }
        Kind::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        Kind::Bytes => quote!(runtime::Bytes),
        Kind::File => quote!(runtime::FilePart),
    }
}

/// The type a constructor or setter takes for `shape`, and how to turn the argument `arg`
/// into the field's value: strings take `impl Into<String>`, lists and maps anything that
/// iterates over their items.
pub fn argument(shape: &Shape, arg: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    match &shape.kind {
        Kind::String => (quote!(impl Into<String>), quote!(#arg.into())),
        Kind::List(item) if item.kind == Kind::String => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            quote!(#arg.into_iter().map(Into::into).collect()),
        ),
        Kind::Map(value) if value.kind == Kind::String => (
            quote!(impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>),
            quote!(#arg.into_iter().map(|(k, v)| (k.into(), v.into())).collect()),
        ),
        Kind::Map(value) => {
            let value = rust_type(value);
            (
                quote!(impl IntoIterator<Item = (impl Into<String>, #value)>),
                quote!(#arg.into_iter().map(|(k, v)| (k.into(), v)).collect()),
            )
        }
        Kind::Bytes => (quote!(impl Into<runtime::Bytes>), quote!(#arg.into())),
        _ => (rust_type(shape), quote!(#arg)),
    }
}

/// `field: value` in a struct literal, or the shorthand `field` when the value is the argument
/// of the same name.
pub fn field_init(field: &proc_macro2::Ident, value: TokenStream) -> TokenStream {
    if *field == value.to_string() {
        quote!(#field)
    } else {
        quote!(#field: #value)
    }
}
