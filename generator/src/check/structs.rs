//! What can only be judged once every named type is lowered: fields whose type contains
//! their own struct (boxed, or rejected when no value could ever be built), and defaults
//! (checked against the field's type, enums included).

use std::collections::{BTreeMap, BTreeSet};

use super::{Checker, YamlPath};
use crate::ir;
use crate::spec::ServiceFile;

impl Checker<'_, ServiceFile> {
    /// Boxes the fields through which a struct contains itself, rejects cycles of required
    /// fields, and checks the fields' `default` and `nullable`.
    pub(super) fn struct_fields(&mut self, types: &mut [ir::NamedType]) {
        let edges = direct_edges(types);
        let mut required_cycles = BTreeSet::new();
        for ty in types.iter_mut() {
            let ir::NamedType::Struct(s) = ty else {
                continue;
            };
            for field in &mut s.fields {
                let Some(target) = direct_struct(&field.shape, &edges) else {
                    continue;
                };
                if reaches(&edges, target, &s.name, false) {
                    field.boxed = true;
                }
                if field.required
                    && reaches(&edges, target, &s.name, true)
                    && required_cycles.insert(s.name.clone())
                {
                    self.error_at_key(
                        &YamlPath::new(&["types", &s.name, "fields", &field.wire_name]),
                        format!(
                            "`{}.{}` makes `{}` contain itself through required fields only, so no value of it can ever be built",
                            s.name, field.wire_name, s.name
                        ),
                        "make this field (or another on the way back to the struct) optional, or a list",
                    );
                }
            }
        }
        let snapshot: Vec<ir::NamedType> = types.to_vec();
        for ty in &snapshot {
            let ir::NamedType::Struct(s) = ty else {
                continue;
            };
            for field in &s.fields {
                let at = YamlPath::new(&["types", &s.name, "fields", &field.wire_name]);
                self.field_default(field, &snapshot, &at);
            }
        }
    }

    /// Checks the `default` and `nullable` of `field`, written at `at`.
    fn field_default(&mut self, field: &ir::Field, types: &[ir::NamedType], at: &YamlPath) {
        let Some(default) = &field.default else {
            return;
        };
        let at_default = at.child("default");
        if field.required {
            self.error_at_key(
                &at_default,
                "a required field has no default: it is always sent",
                "remove `default`, or `required: true`",
            );
            return;
        }
        if field.nullable {
            self.error_at_key(
                &at_default,
                "a nullable field cannot also have a default",
                "remove `default` (absent and `null` stay distinct), or `nullable: true`",
            );
            return;
        }
        let scalar = match &field.shape.kind {
            ir::Kind::String | ir::Kind::Bool | ir::Kind::I32 | ir::Kind::I64 | ir::Kind::F64 => {
                true
            }
            ir::Kind::Named(name) => types
                .iter()
                .any(|t| matches!(t, ir::NamedType::Enum(e) if e.name == *name)),
            _ => false,
        };
        if !scalar {
            self.error_at_key(
                &at_default,
                "only scalar and enum fields take a default",
                "remove `default`; an absent list, map or struct is `None`",
            );
            return;
        }
        let mut problems = super::examples::value_problems(default, &field.shape, types, "default");
        if default.is_null() {
            problems.push("`default` is null".to_owned());
        }
        if let (ir::Kind::Named(name), None) = (&field.shape.kind, problems.first())
            && let Some(ir::NamedType::Enum(e)) = types.iter().find(|t| t.name() == name)
        {
            let wire = match default {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            if !e.values.iter().any(|v| v.wire == wire) {
                problems.push(format!("`{wire}` is not a value of `{name}`"));
            }
        }
        for problem in problems {
            self.error_at_value(
                &at_default,
                problem,
                "write a value of the field's type that meets its constraints",
            );
        }
    }
}

/// Struct name → the structs its fields hold directly (not through a list or map), with
/// whether that field is required.
type Edges = BTreeMap<String, Vec<(String, bool)>>;

fn direct_edges(types: &[ir::NamedType]) -> Edges {
    let structs: BTreeSet<&str> = types
        .iter()
        .filter_map(|t| match t {
            ir::NamedType::Struct(s) => Some(s.name.as_str()),
            ir::NamedType::Enum(_) => None,
        })
        .collect();
    let mut edges = Edges::new();
    for ty in types {
        if let ir::NamedType::Struct(s) = ty {
            let targets = s
                .fields
                .iter()
                .filter_map(|f| match &f.shape.kind {
                    ir::Kind::Named(name) if structs.contains(name.as_str()) => {
                        Some((name.clone(), f.required))
                    }
                    _ => None,
                })
                .collect();
            edges.insert(s.name.clone(), targets);
        }
    }
    edges
}

/// The struct a field of `shape` holds directly, if any.
fn direct_struct<'a>(shape: &'a ir::Shape, edges: &Edges) -> Option<&'a str> {
    match &shape.kind {
        ir::Kind::Named(name) if edges.contains_key(name) => Some(name),
        _ => None,
    }
}

/// Whether `to` can be reached from `from` through direct fields (required ones only when
/// `required_only`); `from == to` counts.
fn reaches(edges: &Edges, from: &str, to: &str, required_only: bool) -> bool {
    let mut seen = BTreeSet::new();
    let mut pending = vec![from];
    while let Some(name) = pending.pop() {
        if name == to {
            return true;
        }
        if !seen.insert(name) {
            continue;
        }
        for (next, required) in edges.get(name).into_iter().flatten() {
            if *required || !required_only {
                pending.push(next);
            }
        }
    }
    false
}
