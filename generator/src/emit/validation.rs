//! Code that checks request values against the spec's constraints before anything is sent.
//!
//! The generated checks call the runtime's `Violations`, which collects every problem so the
//! caller sees all of them at once.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Constraints, Kind, NamedType, Service, Shape};

/// Whether a value of `shape` has anything to check.
pub fn has_checks(shape: &Shape, service: &Service) -> bool {
    !shape.constraints.is_empty()
        || match &shape.kind {
            Kind::List(item) => has_checks(item, service),
            Kind::Named(name) => {
                matches!(service.named(name), Some(NamedType::Struct(s)) if s.in_request)
            }
            _ => false,
        }
}

/// Statements that check `value` (an expression of type `&T`) whose field path is `at` (an
/// expression of type `&str`), reporting into `violations` (a `&mut Violations` variable).
pub fn checks(
    shape: &Shape,
    value: TokenStream,
    at: TokenStream,
    service: &Service,
) -> TokenStream {
    if !has_checks(shape, service) {
        return quote!();
    }
    let own = own_checks(&shape.constraints, &shape.kind, &value);
    let nested = match &shape.kind {
        Kind::List(item) if has_checks(item, service) => {
            let inner = checks(item, quote!(item), quote!(&item_at), service);
            quote! {
                for (index, item) in #value.iter().enumerate() {
                    let item_at = format!("{}[{}]", at, index);
                    #inner
                }
            }
        }
        Kind::Named(_) => quote!(#value.check(at, violations);),
        _ => quote!(),
    };
    quote! {
        {
            let at: &str = #at;
            #own
            #nested
        }
    }
}

fn own_checks(c: &Constraints, kind: &Kind, value: &TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    if c.min_length.is_some() || c.max_length.is_some() {
        let (min, max) = (opt(c.min_length), opt(c.max_length));
        out.extend(quote!(violations.length(at, #value, #min, #max);));
    }
    if let Some(pattern) = &c.pattern {
        out.extend(quote!(violations.pattern(at, #value, #pattern);));
    }
    if c.minimum.is_some() || c.maximum.is_some() {
        let (min, max) = (opt(c.minimum), opt(c.maximum));
        let widened = match kind {
            Kind::I32 => quote!(i64::from(*#value)),
            _ => quote!(*#value),
        };
        out.extend(quote!(violations.range(at, #widened, #min, #max);));
    }
    if c.min_items.is_some() || c.max_items.is_some() {
        let (min, max) = (opt(c.min_items), opt(c.max_items));
        out.extend(quote!(violations.items(at, #value.len(), #min, #max);));
    }
    out
}

/// `Some(32)` or `None`, with an unsuffixed literal (the call site gives the type).
fn opt<T: Into<i128>>(value: Option<T>) -> TokenStream {
    match value {
        Some(v) => {
            let literal = proc_macro2::Literal::i128_unsuffixed(v.into());
            quote!(Some(#literal))
        }
        None => quote!(None),
    }
}
