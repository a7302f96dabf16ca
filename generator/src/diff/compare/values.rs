//! What parameters, struct fields, bodies and responses have in common: matching them up by
//! name, and comparing names, requiredness, types and constraints.

use super::{Differ, describe, required_change};
use crate::diff::{ChangeKind, Impact};
use crate::ir::{self, Constraints, Kind, Shape};

impl Differ<'_> {
    /// The changes parameters and struct fields have in common: wire name, Rust name,
    /// whether it is required, type and constraints (`checked`: enforced before sending), docs.
    /// `labels` name the Rust item and what "required" makes of it.
    pub(super) fn value(
        &mut self,
        item: String,
        old: Compared<'_>,
        new: Compared<'_>,
        labels: (&str, &str),
        checked: bool,
    ) {
        let (rust_label, required_label) = labels;
        if new.wire != old.wire {
            self.push(
                ChangeKind::Changed,
                item.clone(),
                format!("wire name `{}` → `{}`", old.wire, new.wire),
                Impact::Breaking,
            );
        }
        if new.rust != old.rust {
            self.push(
                ChangeKind::Changed,
                item.clone(),
                format!("{rust_label} `{}` → `{}`", old.rust, new.rust),
                Impact::Breaking,
            );
        }
        if new.required != old.required {
            self.push(
                ChangeKind::Changed,
                item.clone(),
                required_change(new.required, required_label),
                Impact::Breaking,
            );
        }
        if new.nullable != old.nullable {
            self.push(
                ChangeKind::Changed,
                item.clone(),
                if new.nullable {
                    "now nullable: `null` is kept apart from absence (`Option<Option<T>>`)"
                } else {
                    "no longer nullable: `null` and absence are both `None`"
                }
                .to_owned(),
                Impact::Breaking,
            );
        }
        if new.defaulted != old.defaulted {
            self.push(
                ChangeKind::Changed,
                item.clone(),
                if new.defaulted {
                    "now decodes absence as its default: the field is no longer an `Option`"
                } else {
                    "no longer has a default it decodes absence as: the field is an `Option`"
                }
                .to_owned(),
                Impact::Breaking,
            );
        } else if new.default != old.default {
            let show =
                |v: Option<&serde_json::Value>| v.map_or("none".to_owned(), |v| format!("`{v}`"));
            self.push(
                ChangeKind::Changed,
                item.clone(),
                format!("default {} → {}", show(old.default), show(new.default)),
                Impact::Compatible,
            );
        }
        self.shape(&item, old.shape, new.shape, checked);
        if new.doc != old.doc {
            self.push(
                ChangeKind::Changed,
                item,
                "documentation".to_owned(),
                Impact::Compatible,
            );
        }
    }

    /// Compares the type and constraints of a value. `request`: the value is sent by the
    /// client, so its constraints are checked before sending.
    pub(super) fn shape(&mut self, item: &str, old: &Shape, new: &Shape, request: bool) {
        if !same_type(old, new) {
            self.push(
                ChangeKind::Changed,
                item.to_owned(),
                format!("type `{}` → `{}`", describe(old), describe(new)),
                Impact::Breaking,
            );
            return;
        }
        for (key, tighter) in constraint_changes(&old.constraints, &new.constraints) {
            let (before, after) = (
                constraint_value(&old.constraints, key),
                constraint_value(&new.constraints, key),
            );
            let (verb, impact) = match (tighter, request) {
                (true, true) => (
                    "tightened: values accepted before may now be rejected before sending",
                    Impact::Breaking,
                ),
                (false, true) => ("loosened", Impact::Compatible),
                (_, false) => (
                    "changed (documentation only on responses)",
                    Impact::Compatible,
                ),
            };
            self.push(
                ChangeKind::Changed,
                item.to_owned(),
                format!("constraint `{key}` {before} → {after}: {verb}"),
                impact,
            );
        }
        match (&old.kind, &new.kind) {
            (Kind::List(old), Kind::List(new)) => {
                self.shape(&format!("{item} items"), old, new, request);
            }
            (Kind::Map(old), Kind::Map(new)) => {
                self.shape(&format!("{item} values"), old, new, request);
            }
            _ => {}
        }
    }
}

/// A parameter or struct field, as [`Differ::value`] compares it.
pub(super) struct Compared<'a> {
    wire: &'a str,
    rust: &'a str,
    required: bool,
    shape: &'a ir::Shape,
    doc: &'a str,
    nullable: bool,
    default: Option<&'a serde_json::Value>,
    /// A plain `T` that decodes absence as its default (not an `Option`).
    defaulted: bool,
}

impl<'a> Compared<'a> {
    pub(super) fn of_param(p: &'a ir::Param) -> Compared<'a> {
        Compared {
            wire: &p.wire_name,
            rust: &p.rust_name,
            required: p.required,
            shape: &p.shape,
            doc: &p.doc,
            nullable: false,
            default: p.default.as_ref(),
            defaulted: false,
        }
    }

    /// The field `f` of the struct `s`.
    pub(super) fn of_field(s: &'a ir::Struct, f: &'a ir::Field) -> Compared<'a> {
        Compared {
            wire: &f.wire_name,
            rust: &f.rust_name,
            required: f.required,
            shape: &f.shape,
            doc: &f.doc,
            nullable: f.nullable,
            default: f.default.as_ref(),
            defaulted: s.defaulted(f),
        }
    }
}

/// For each item of `old`, the index of the item of `new` with the same Rust name, or else
/// with the same wire name (each `new` item matched once).
pub(super) fn match_by_names<T>(
    old: &[T],
    new: &[T],
    names: impl Fn(&T) -> (&str, &str),
) -> Vec<Option<usize>> {
    fn pick<'s>((rust, wire): (&'s str, &'s str), by_wire: bool) -> &'s str {
        if by_wire { wire } else { rust }
    }
    let mut taken = vec![false; new.len()];
    let mut out = vec![None; old.len()];
    // Every Rust name before any wire name: a wire name match never takes an item that
    // another one matches by Rust name.
    for by_wire in [false, true] {
        for (i, item) in old.iter().enumerate() {
            if out[i].is_some() {
                continue;
            }
            let key = pick(names(item), by_wire);
            let found = new
                .iter()
                .enumerate()
                .position(|(j, other)| !taken[j] && pick(names(other), by_wire) == key);
            if let Some(j) = found {
                taken[j] = true;
                out[i] = Some(j);
            }
        }
    }
    out
}

/// Whether two shapes have the same type; their constraints, list items' too, are compared
/// apart.
fn same_type(old: &Shape, new: &Shape) -> bool {
    match (&old.kind, &new.kind) {
        (Kind::List(a), Kind::List(b)) | (Kind::Map(a), Kind::Map(b)) => same_type(a, b),
        (a, b) => a == b,
    }
}

/// The constraint keys that changed, each with whether the change tightens it. A changed
/// pattern counts as tightened: it cannot be shown to accept every value the old one did.
fn constraint_changes(old: &Constraints, new: &Constraints) -> Vec<(&'static str, bool)> {
    /// Whether a bound moved, and if so whether it tightened: adding one tightens, dropping
    /// one loosens, and `tightens(old, new)` judges a changed value.
    fn bound<T: PartialOrd>(
        old: Option<T>,
        new: Option<T>,
        tightens: fn(&T, &T) -> bool,
    ) -> Option<bool> {
        match (old, new) {
            (None, None) => None,
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            (Some(a), Some(b)) if a == b => None,
            (Some(a), Some(b)) => Some(tightens(&a, &b)),
        }
    }
    // A lower bound tightens when raised, an upper bound when lowered.
    fn raised<T: PartialOrd>(old: &T, new: &T) -> bool {
        new > old
    }
    fn lowered<T: PartialOrd>(old: &T, new: &T) -> bool {
        new < old
    }
    let pattern = match (&old.pattern, &new.pattern) {
        (a, b) if a == b => None,
        (_, None) => Some(false),
        _ => Some(true),
    };
    [
        ("min_length", bound(old.min_length, new.min_length, raised)),
        ("max_length", bound(old.max_length, new.max_length, lowered)),
        ("pattern", pattern),
        ("minimum", bound(old.minimum, new.minimum, raised)),
        ("maximum", bound(old.maximum, new.maximum, lowered)),
        ("min_items", bound(old.min_items, new.min_items, raised)),
        ("max_items", bound(old.max_items, new.max_items, lowered)),
    ]
    .into_iter()
    .filter_map(|(key, tighter)| tighter.map(|t| (key, t)))
    .collect()
}

fn constraint_value(c: &Constraints, key: &str) -> String {
    let value = match key {
        "min_length" => c.min_length.map(|v| v.to_string()),
        "max_length" => c.max_length.map(|v| v.to_string()),
        "pattern" => c.pattern.as_ref().map(|p| format!("`{p}`")),
        "minimum" => c.minimum.map(|v| v.to_string()),
        "maximum" => c.maximum.map(|v| v.to_string()),
        "min_items" => c.min_items.map(|v| v.to_string()),
        "max_items" => c.max_items.map(|v| v.to_string()),
        _ => None,
    };
    value.unwrap_or_else(|| "none".to_owned())
}
