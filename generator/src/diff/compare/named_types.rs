//! Comparing a named type: a struct's fields or an enum's values.

use super::Differ;
use super::values::{Compared, match_by_names};
use crate::diff::{ChangeKind, Impact};
use crate::ir;

impl Differ<'_> {
    pub(super) fn named_type(&mut self, old: &ir::NamedType, new: &ir::NamedType) {
        let item = format!("type `{}`", new.name());
        match (old, new) {
            (ir::NamedType::Struct(old), ir::NamedType::Struct(new)) => self.strukt(old, new),
            (ir::NamedType::Enum(old), ir::NamedType::Enum(new)) => self.enumeration(old, new),
            (ir::NamedType::Struct(_), ir::NamedType::Enum(_)) => self.push(
                ChangeKind::Changed,
                item,
                "struct → enum".to_owned(),
                Impact::Breaking,
            ),
            (ir::NamedType::Enum(_), ir::NamedType::Struct(_)) => self.push(
                ChangeKind::Changed,
                item,
                "enum → struct".to_owned(),
                Impact::Breaking,
            ),
        }
    }

    fn strukt(&mut self, old: &ir::Struct, new: &ir::Struct) {
        if old.doc != new.doc {
            self.push(
                ChangeKind::Changed,
                format!("type `{}`", new.name),
                "documentation".to_owned(),
                Impact::Compatible,
            );
        }
        if old.in_request && !new.in_request {
            self.push(
                ChangeKind::Changed,
                format!("type `{}`", new.name),
                "no longer part of a request: its constructor and `validate` are gone".to_owned(),
                Impact::Breaking,
            );
        }
        // A struct that a request carries is built by consumers, so its constraints are
        // checked before sending and its required fields are constructor arguments.
        let request = old.in_request || new.in_request;
        let matched = match_by_names(&old.fields, &new.fields, |f| {
            (f.rust_name.as_str(), f.wire_name.as_str())
        });
        for (i, field) in old.fields.iter().enumerate() {
            let item = format!("field `{}`", field.wire_name);
            let Some(after) = matched[i].map(|j| &new.fields[j]) else {
                self.push(
                    ChangeKind::Removed,
                    item,
                    format!("`{}.{}` is gone", old.name, field.rust_name),
                    Impact::Breaking,
                );
                continue;
            };
            self.value(
                item,
                Compared::of_field(old, field),
                Compared::of_field(new, after),
                ("Rust field", "non-`Option` field"),
                request,
            );
        }
        for (j, field) in new.fields.iter().enumerate() {
            if matched.contains(&Some(j)) {
                continue;
            }
            let item = format!("field `{}`", field.wire_name);
            let (detail, impact) = match (field.required, request) {
                (true, true) => (
                    format!(
                        "required in a request type: a new argument of `{}::new`",
                        new.name
                    ),
                    Impact::Breaking,
                ),
                (true, false) => (
                    format!(
                        "required response field (`{}` is #[non_exhaustive])",
                        new.name
                    ),
                    Impact::Compatible,
                ),
                (false, _) => ("optional".to_owned(), Impact::Compatible),
            };
            self.push(ChangeKind::Added, item, detail, impact);
        }
    }

    fn enumeration(&mut self, old: &ir::Enum, new: &ir::Enum) {
        if old.repr != new.repr {
            self.push(
                ChangeKind::Changed,
                format!("type `{}`", new.name),
                format!(
                    "values are {} instead of {}",
                    repr(new.repr),
                    repr(old.repr)
                ),
                Impact::Breaking,
            );
        }
        if old.doc != new.doc {
            self.push(
                ChangeKind::Changed,
                format!("type `{}`", new.name),
                "documentation".to_owned(),
                Impact::Compatible,
            );
        }
        for value in &old.values {
            let item = format!("enum value `{}`", value.wire);
            let Some(after) = new.values.iter().find(|v| v.wire == value.wire) else {
                self.push(
                    ChangeKind::Removed,
                    item,
                    format!(
                        "the variant `{}::{}` is gone; the value now decodes as `Unknown`",
                        old.name, value.variant
                    ),
                    Impact::Breaking,
                );
                continue;
            };
            if after.variant != value.variant {
                self.push(
                    ChangeKind::Changed,
                    item.clone(),
                    format!("variant `{}` → `{}`", value.variant, after.variant),
                    Impact::Breaking,
                );
            }
            for alias in &value.aliases {
                if !after.aliases.contains(alias) {
                    self.push(
                        ChangeKind::Removed,
                        format!("alias `{alias}` of enum value `{}`", value.wire),
                        format!("`{alias}` now decodes as `Unknown`"),
                        Impact::Breaking,
                    );
                }
            }
            for alias in &after.aliases {
                if !value.aliases.contains(alias) {
                    self.push(
                        ChangeKind::Added,
                        format!("alias `{alias}` of enum value `{}`", value.wire),
                        format!("`{alias}` decodes as `{}`", after.variant),
                        Impact::Compatible,
                    );
                }
            }
            if after.doc != value.doc {
                self.push(
                    ChangeKind::Changed,
                    item,
                    "documentation".to_owned(),
                    Impact::Compatible,
                );
            }
        }
        for value in &new.values {
            if !old.values.iter().any(|v| v.wire == value.wire) {
                self.push(
                    ChangeKind::Added,
                    format!("enum value `{}`", value.wire),
                    format!(
                        "new variant `{}::{}` (the enum is #[non_exhaustive] and keeps unknown values)",
                        new.name, value.variant
                    ),
                    Impact::Compatible,
                );
            }
        }
    }
}

/// What an enum's values are, in a change.
fn repr(repr: ir::EnumRepr) -> &'static str {
    match repr {
        ir::EnumRepr::String => "strings",
        ir::EnumRepr::I32 => "int32 integers",
        ir::EnumRepr::I64 => "int64 integers",
    }
}
