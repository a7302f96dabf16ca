//! How request values are checked, as generated code states it: the constraints of each
//! value as `runtime::Constraints` expressions, and which types have anything to check.
//!
//! The checks themselves run in the runtime (its `Validate` trait and the static
//! `Operation`s), with the same rules the checker applies to the spec's examples.

use std::collections::BTreeSet;

use super::layout::{Expr, array, atom, string};
use crate::ir::{Constraints, Kind, NamedType, Service, Shape};

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

/// [`constraints`] as a laid-out expression.
pub fn constraints_expr(c: &Constraints) -> Expr {
    let mut out = atom("runtime::Constraints::NONE");
    for (method, value) in [("min_length", c.min_length), ("max_length", c.max_length)] {
        if let Some(v) = value {
            out = out.method(method, vec![atom(v.to_string())]);
        }
    }
    if let Some(pattern) = &c.pattern {
        out = out.method("pattern", vec![string(pattern)]);
    }
    for (method, value) in [("minimum", c.minimum), ("maximum", c.maximum)] {
        if let Some(v) = value {
            out = out.method(method, vec![atom(v.to_string())]);
        }
    }
    for (method, value) in [("min_items", c.min_items), ("max_items", c.max_items)] {
        if let Some(v) = value {
            out = out.method(method, vec![atom(v.to_string())]);
        }
    }
    out
}

/// [`rules`] as a laid-out expression.
pub fn rules_expr(shape: &Shape) -> Expr {
    let mut levels = Vec::new();
    let mut current = Some(shape);
    while let Some(shape) = current {
        levels.push(&shape.constraints);
        current = shape.item();
    }
    while levels.last().is_some_and(|c| c.is_empty()) {
        levels.pop();
    }
    array("&[", levels.into_iter().map(constraints_expr).collect())
}
