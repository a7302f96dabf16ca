//! How request values are checked, as generated code states it: the constraints of each
//! value as `runtime::Constraints` expressions, and which types have anything to check.
//!
//! The checks themselves run in the runtime (its `Validate` trait and the static
//! `Operation`s), with the same rules the checker applies to the spec's examples.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use crate::ir::{Constraints, Kind, NamedType, Service, Shape};

/// `runtime::Constraints::NONE.max_length(32).pattern("...")`.
pub fn constraints(c: &Constraints) -> TokenStream {
    let mut out = quote!(runtime::Constraints::NONE);
    let mut add = |method: &str, value: TokenStream| {
        let method = super::ident(method);
        out.extend(quote!(.#method(#value)));
    };
    for (method, value) in [("min_length", c.min_length), ("max_length", c.max_length)] {
        if let Some(v) = value {
            add(
                method,
                proc_macro2::Literal::u64_unsuffixed(v).into_token_stream(),
            );
        }
    }
    if let Some(pattern) = &c.pattern {
        add("pattern", quote!(#pattern));
    }
    for (method, value) in [("minimum", c.minimum), ("maximum", c.maximum)] {
        if let Some(v) = value {
            add(
                method,
                proc_macro2::Literal::i64_unsuffixed(v).into_token_stream(),
            );
        }
    }
    for (method, value) in [("min_items", c.min_items), ("max_items", c.max_items)] {
        if let Some(v) = value {
            add(
                method,
                proc_macro2::Literal::u64_unsuffixed(v).into_token_stream(),
            );
        }
    }
    out
}

/// The constraints of a value of `shape` by depth, as the runtime takes them: the value's
/// own, then its items' (or map values'), and so on down nested lists and maps; trailing levels without constraints
/// are left out (`&[]` when nothing is constrained).
pub fn rules(shape: &Shape) -> TokenStream {
    let mut levels = Vec::new();
    let mut current = Some(shape);
    while let Some(shape) = current {
        levels.push(&shape.constraints);
        current = shape.item();
    }
    while levels.last().is_some_and(|c| c.is_empty()) {
        levels.pop();
    }
    let levels = levels.into_iter().map(constraints);
    quote!(&[#(#levels),*])
}

/// Whether a value of `shape` has anything to check: constraints at some depth, or a struct
/// (reached through lists) with a field that has. Safe on recursive types.
pub fn has_checks(shape: &Shape, service: &Service) -> bool {
    has_checks_inner(shape, service, &mut BTreeSet::new())
}

fn has_checks_inner<'a>(
    shape: &'a Shape,
    service: &'a Service,
    visiting: &mut BTreeSet<&'a str>,
) -> bool {
    if !shape.constraints.is_empty() {
        return true;
    }
    match &shape.kind {
        Kind::List(item) | Kind::Map(item) => has_checks_inner(item, service, visiting),
        Kind::Named(name) => {
            if !visiting.insert(name) {
                return false;
            }
            let found = matches!(service.named(name), Some(NamedType::Struct(s))
                if s.fields.iter().any(|f| has_checks_inner(&f.shape, service, visiting)));
            visiting.remove(name.as_str());
            found
        }
        _ => false,
    }
}
