//! Named types, struct fields and enum values; type expressions, resolved to shapes with
//! aliases inlined; constraints.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;

use super::{Checker, YamlPath};
use crate::ir;
use crate::names::{closest, ident_problem, pascal};
use crate::spec::{self, ServiceFile};

/// The primitive type names, for "did you mean" hints.
const PRIMITIVES: &[&str] = &[
    "string", "boolean", "int32", "int64", "float64", "json", "object",
];

/// What a type expression can be, for help lines.
const TYPE_FORMS: &str =
    "string, boolean, int32, int64, float64, json, object, list<T>, map<T> or a type name";

/// How deeply list (and map) types may nest, `list<list<…>>`: deeper types make rustc's trait
/// solving overflow in the generated crate; a spec needing more names an inner level.
pub(super) const MAX_NESTING: usize = 16;

/// How many levels of `<` nesting the type expression `text` has.
fn nesting(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for c in text.chars() {
        match c {
            '<' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            '>' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// How many levels of lists (and maps) `shape` nests, aliases resolved.
fn shape_nesting(shape: &ir::Shape) -> usize {
    match &shape.kind {
        ir::Kind::List(item) => 1 + shape_nesting(item),
        _ => 0,
    }
}

/// A parsed type expression.
#[derive(Debug, Clone, PartialEq)]
enum TypeExpr {
    Primitive(ir::Kind),
    List(Box<TypeExpr>),
    Map(Box<TypeExpr>),
    Name(String),
}

/// Parses a type expression: a primitive, `list<T>`, `map<T>` or a type name.
fn parse_type(text: &str) -> Result<TypeExpr, String> {
    let text = text.trim();
    if let Some(inner) = text
        .strip_prefix("list<")
        .and_then(|rest| rest.strip_suffix('>'))
    {
        return Ok(TypeExpr::List(Box::new(parse_type(inner)?)));
    }
    if let Some(inner) = text
        .strip_prefix("map<")
        .and_then(|rest| rest.strip_suffix('>'))
    {
        if inner.contains(',') {
            return Err(format!(
                "`{text}` is not a type expression: map keys are always strings"
            ));
        }
        return Ok(TypeExpr::Map(Box::new(parse_type(inner)?)));
    }
    let primitive = match text {
        "string" => Some(ir::Kind::String),
        "boolean" => Some(ir::Kind::Bool),
        "int32" => Some(ir::Kind::I32),
        "int64" => Some(ir::Kind::I64),
        "float64" => Some(ir::Kind::F64),
        "json" => Some(ir::Kind::Json),
        "object" => Some(ir::Kind::Object),
        // Body-only kinds (see `bodies.rs` for where they are allowed).
        "bytes" => Some(ir::Kind::Bytes),
        "file" => Some(ir::Kind::File),
        _ => None,
    };
    if let Some(kind) = primitive {
        return Ok(TypeExpr::Primitive(kind));
    }
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Ok(TypeExpr::Name(text.to_owned()));
    }
    Err(format!("`{text}` is not a type expression"))
}

/// `own`, with every limit it leaves unset taken from `base` (an alias's constraints under the
/// ones written where the alias is used).
fn inherit(own: &ir::Constraints, base: &ir::Constraints) -> ir::Constraints {
    ir::Constraints {
        min_length: own.min_length.or(base.min_length),
        max_length: own.max_length.or(base.max_length),
        pattern: own.pattern.clone().or_else(|| base.pattern.clone()),
        minimum: own.minimum.or(base.minimum),
        maximum: own.maximum.or(base.maximum),
        min_items: own.min_items.or(base.min_items),
        max_items: own.max_items.or(base.max_items),
    }
}

/// The shape given to an item whose type could not be resolved (already reported).
pub(super) fn placeholder() -> ir::Shape {
    ir::Shape {
        kind: ir::Kind::Json,
        constraints: ir::Constraints::default(),
        alias_doc: None,
    }
}

impl Checker<'_, ServiceFile> {
    /// Lowers the named structs and enums (aliases are inlined where used).
    pub(super) fn types(&mut self) -> Vec<ir::NamedType> {
        let mut out = Vec::new();
        for (name, def) in &self.file.spec.types {
            let at = YamlPath::new(&["types", name]);
            self.pascal_name(&at, name, "type");
            self.reserved_type_name(&at, name);
            self.require_text(&at.child("doc"), &def.doc);
            // An enum's `type` says what its values are; otherwise `type` makes an alias.
            let alias = def.ty.as_ref().filter(|_| def.values.is_none());
            let kinds = [alias.is_some(), def.fields.is_some(), def.values.is_some()];
            if kinds.iter().filter(|k| **k).count() != 1 {
                self.error_at_key(
                    &at,
                    format!("type `{name}` must have exactly one of `type`, `fields` or `values`"),
                    "`type` for a constrained scalar, `fields` for a struct, `values` for an enum (with `type: int32` or `int64` for an enum of integers)",
                );
                continue;
            }
            if let Some(ty) = alias {
                // A constrained scalar: checked here, inlined where it is used. Its owner is
                // given as `types.<name>.type`, so its problems point at that value.
                let shape = self.shape(ty, &def.constraints(), &at.child("type"));
                if let Some(shape) = shape
                    && matches!(shape.kind, ir::Kind::Named(_))
                {
                    self.error_at_value(
                        &at.child("type"),
                        format!("`{name}` aliases a struct or enum"),
                        "use the struct or enum directly; only scalars and lists can be aliased",
                    );
                }
                continue;
            }
            if def.constraints() != ir::Constraints::default() {
                self.error_at_key(
                    &at,
                    format!("constraints on `{name}` apply to scalars and lists only"),
                    "put the constraints on the fields instead",
                );
            }
            if let Some(fields) = &def.fields {
                let fields = self.fields(fields, &at);
                out.push(ir::NamedType::Struct(ir::Struct {
                    name: name.clone(),
                    doc: def.doc.clone(),
                    fields,
                    in_request: false,
                }));
            } else if let Some(values) = &def.values {
                let repr = match def.ty.as_deref().map(str::trim) {
                    None | Some("string") => ir::EnumRepr::String,
                    Some("int32") => ir::EnumRepr::I32,
                    Some("int64") => ir::EnumRepr::I64,
                    Some(other) => {
                        self.error_at_value(
                            &at.child("type"),
                            format!("an enum's values cannot be `{other}`"),
                            "write `type: int32` or `type: int64` for an enum of integers, or leave `type` out for strings",
                        );
                        continue;
                    }
                };
                let values = self.enum_values(values, repr, &at);
                out.push(ir::NamedType::Enum(ir::Enum {
                    name: name.clone(),
                    repr,
                    doc: def.doc.clone(),
                    values,
                    in_request: false,
                }));
            }
        }
        out
    }

    /// Checks and lowers the fields of the struct at `at`.
    fn fields(&mut self, fields: &IndexMap<String, spec::Field>, at: &YamlPath) -> Vec<ir::Field> {
        let mut out = Vec::new();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        if fields.is_empty() {
            self.error_at_key(
                &at.child("fields"),
                "a struct needs at least one field",
                "add its fields, or leave the body out",
            );
        }
        for (wire, field) in fields {
            let here = at.child("fields").child(wire);
            self.reject_param_keys(field, &here);
            self.require_text(&here.child("doc"), &field.doc);
            let rust_name = self.rust_field_name(wire, field.rust_name.as_deref(), &here);
            if let Some(other) = names.insert(rust_name.clone(), wire.clone()) {
                self.error_at_key(
                    &here,
                    format!(
                        "fields `{other}` and `{wire}` both become the Rust field `{rust_name}`"
                    ),
                    "give one of them a different `rust_name`",
                );
            }
            // A field whose type is wrong was reported; it stays, as `json`, so that examples
            // using it are not reported again as using an unknown field.
            let shape = self
                .shape(&field.ty, &field.constraints(), &here)
                .unwrap_or_else(placeholder);
            out.push(ir::Field {
                wire_name: wire.clone(),
                rust_name,
                shape,
                doc: field.doc.clone(),
                required: field.required,
                nullable: field.nullable,
                default: field.default.clone(),
                boxed: false,
            });
        }
        out
    }

    /// Reports the keys that only operation parameters take, on the field at `at`.
    pub(super) fn reject_param_keys(&mut self, field: &spec::Field, at: &YamlPath) {
        for (key, present) in [
            ("in", field.location.is_some()),
            ("from", field.from.is_some()),
            ("default_from", field.default_from.is_some()),
            ("style", field.style.is_some()),
        ] {
            if present {
                self.error_at_key(
                    &at.child(key),
                    format!("`{key}` is for operation parameters only"),
                    format!("remove `{key}` here"),
                );
            }
        }
    }

    /// Checks and lowers the values of the enum at `at`.
    fn enum_values(
        &mut self,
        values: &[spec::EnumValue],
        repr: ir::EnumRepr,
        at: &YamlPath,
    ) -> Vec<ir::EnumValue> {
        let mut out = Vec::new();
        let mut variants: BTreeMap<String, String> = BTreeMap::new();
        let mut wires: BTreeSet<String> = BTreeSet::new();
        variants.insert(
            "Unknown".to_owned(),
            "the variant that keeps unknown values".to_owned(),
        );
        if values.is_empty() {
            self.error_at_key(
                &at.child("values"),
                "an enum needs at least one value",
                "list its values",
            );
        }
        for (i, value) in values.iter().enumerate() {
            let here = at.child("values").child(i);
            self.require_text(&here.child("doc"), &value.doc);
            let Some(wire) = self.enum_wire(&value.value, repr, &here.child("value")) else {
                continue;
            };
            for (j, alias) in value.aliases.iter().enumerate() {
                if repr != ir::EnumRepr::String && alias.trim().parse::<i64>().is_err() {
                    self.error_at_value(
                        &here.child("aliases").child(j),
                        format!("the alias `{alias}` of an integer enum is not an integer"),
                        "write an integer",
                    );
                }
            }
            let variant = value.rust_name.clone().unwrap_or_else(|| pascal(&wire));
            if let Some(problem) = ident_problem(&variant) {
                self.error_at_value(
                    &here,
                    format!("`{wire}` would become the variant `{variant}`, but {problem}"),
                    "add a `rust_name:` with a PascalCase identifier",
                );
            }
            if let Some(other) = variants.insert(variant.clone(), format!("`{wire}`")) {
                self.error_at_value(
                    &here,
                    format!("`{wire}` and {other} both become the variant `{variant}`"),
                    "if they mean the same value, list one as an `aliases:` entry of the other; otherwise give one a `rust_name:`",
                );
            }
            for wire in std::iter::once(&wire).chain(&value.aliases) {
                if !wires.insert(wire.clone()) {
                    self.error_at_value(
                        &here,
                        format!("the value `{wire}` is listed twice"),
                        "list each wire value once",
                    );
                }
            }
            out.push(ir::EnumValue {
                wire,
                variant,
                doc: value.doc.clone(),
                aliases: value.aliases.clone(),
            });
        }
        out
    }

    /// The wire value `value` of an enum of `repr`, as text, written at `at`; `None` after
    /// reporting a value of the wrong kind.
    fn enum_wire(
        &mut self,
        value: &serde_json::Value,
        repr: ir::EnumRepr,
        at: &YamlPath,
    ) -> Option<String> {
        use serde_json::Value;
        match (value, repr) {
            (Value::String(text), ir::EnumRepr::String) => Some(text.clone()),
            (Value::Number(n), ir::EnumRepr::String) => {
                self.error_at_value(
                    at,
                    format!("`{n}` is a number, but the values of this enum are strings"),
                    format!(
                        "quote it (`value: \"{n}\"`) for a string, or add `type: int32` (or `int64`) to the enum for an enum of integers"
                    ),
                );
                None
            }
            (Value::Number(n), ir::EnumRepr::I32)
                if n.as_i64().and_then(|v| i32::try_from(v).ok()).is_some() =>
            {
                Some(n.to_string())
            }
            (Value::Number(n), ir::EnumRepr::I64) if n.is_i64() => Some(n.to_string()),
            (_, ir::EnumRepr::I32 | ir::EnumRepr::I64) => {
                let kind = if repr == ir::EnumRepr::I32 {
                    "int32"
                } else {
                    "int64"
                };
                self.error_at_value(
                    at,
                    format!("`{value}` is not an {kind} value"),
                    format!("write an integer that fits in {kind}, unquoted, or leave out `type: {kind}` for an enum of strings"),
                );
                None
            }
            (_, ir::EnumRepr::String) => {
                self.error_at_value(
                    at,
                    format!("`{value}` is not a string"),
                    format!("quote it: `value: \"{value}\"`"),
                );
                None
            }
        }
    }

    /// Resolves a type expression written at `at` (whose `type` key holds it), inlining
    /// aliases and merging constraints. `None` after reporting a problem.
    pub(super) fn shape(
        &mut self,
        expr: &str,
        raw: &ir::Constraints,
        at: &YamlPath,
    ) -> Option<ir::Shape> {
        self.shape_at(expr, raw, at, &at.child("type"))
    }

    /// Like [`Self::shape`] for a type expression written directly at `type_at` (a response
    /// `body:`), with `at` the item that owns it.
    pub(super) fn shape_at(
        &mut self,
        expr: &str,
        raw: &ir::Constraints,
        at: &YamlPath,
        type_at: &YamlPath,
    ) -> Option<ir::Shape> {
        if nesting(expr) > MAX_NESTING {
            self.error_at_value(
                type_at,
                format!(
                    "this type nests {} levels of list<…>; at most {MAX_NESTING} are allowed",
                    nesting(expr)
                ),
                "name an inner level: define a struct under `types:` that holds it, and use its name",
            );
            return None;
        }
        let parsed = match parse_type(expr) {
            Ok(parsed) => parsed,
            Err(problem) => {
                self.error_at_value(type_at, problem, format!("write {TYPE_FORMS}"));
                return None;
            }
        };
        let shape = self.resolve(&parsed, raw, type_at, &mut Vec::new())?;
        if shape_nesting(&shape) > MAX_NESTING {
            self.error_at_value(
                type_at,
                format!(
                    "with its aliases resolved, this type nests {} levels of list<…>; at most {MAX_NESTING} are allowed",
                    shape_nesting(&shape)
                ),
                "name an inner level: define a struct under `types:` that holds it, and use its name",
            );
            return None;
        }
        self.check_constraints(&shape, at);
        Some(shape)
    }

    /// The shape of `expr`, written at `at`, with the constraints `raw`; `visiting` holds the
    /// aliases being resolved, to catch an alias that refers to itself.
    fn resolve(
        &mut self,
        expr: &TypeExpr,
        raw: &ir::Constraints,
        at: &YamlPath,
        visiting: &mut Vec<String>,
    ) -> Option<ir::Shape> {
        match expr {
            TypeExpr::Primitive(kind) => Some(ir::Shape {
                kind: kind.clone(),
                constraints: self.constraints(raw, at),
                alias_doc: None,
            }),
            TypeExpr::List(item) => {
                let item = self.resolve(item, &ir::Constraints::default(), at, visiting)?;
                let list_only = ir::Constraints {
                    min_items: raw.min_items,
                    max_items: raw.max_items,
                    ..ir::Constraints::default()
                };
                if *raw != list_only {
                    self.error_at_value(
                        at,
                        "only `min_items` and `max_items` apply to a list",
                        "to constrain the items, name a constrained scalar type in `types:` and use list<ThatType>",
                    );
                }
                Some(ir::Shape {
                    kind: ir::Kind::List(Box::new(item)),
                    constraints: self.constraints(&list_only, at),
                    alias_doc: None,
                })
            }
            TypeExpr::Map(value) => {
                let value = self.resolve(value, &ir::Constraints::default(), at, visiting)?;
                if *raw != ir::Constraints::default() {
                    self.error_at_value(
                        at,
                        "constraints do not apply to a map",
                        "to constrain the values, name a constrained scalar type in `types:` and use map<ThatType>",
                    );
                }
                Some(ir::Shape {
                    kind: ir::Kind::Map(Box::new(value)),
                    constraints: ir::Constraints::default(),
                    alias_doc: None,
                })
            }
            TypeExpr::Name(name) => self.resolve_name(name, raw, at, visiting),
        }
    }

    /// The shape of the type name `name`, written at `at`: an alias is resolved and inlined,
    /// a struct or enum stays named.
    fn resolve_name(
        &mut self,
        name: &str,
        raw: &ir::Constraints,
        at: &YamlPath,
        visiting: &mut Vec<String>,
    ) -> Option<ir::Shape> {
        let Some(def) = self.file.spec.types.get(name) else {
            let mut candidates: Vec<&str> =
                self.file.spec.types.keys().map(String::as_str).collect();
            candidates.extend(PRIMITIVES);
            let help = match closest(name, candidates) {
                Some(close) => {
                    format!("did you mean `{close}`? Types are {TYPE_FORMS} under `types:`")
                }
                None => format!("define `{name}` under `types:`, or use {TYPE_FORMS}"),
            };
            self.error_at_value(at, format!("unknown type `{name}`"), help);
            return None;
        };
        if let Some(alias) = def.ty.as_ref().filter(|_| def.values.is_none()) {
            let alias_at = YamlPath::new(&["types", name, "type"]);
            if visiting.iter().any(|v| v == name) {
                self.error_at_value(
                    &alias_at,
                    format!("type `{name}` refers to itself"),
                    "make the alias refer to a scalar or list type",
                );
                return None;
            }
            if visiting.len() > MAX_NESTING {
                self.error_at_value(
                    &alias_at,
                    format!("a chain of more than {MAX_NESTING} aliases leads to `{name}`"),
                    "make the aliases refer to scalar or list types directly",
                );
                return None;
            }
            visiting.push(name.to_owned());
            if nesting(alias) > MAX_NESTING {
                // Reported where the alias is defined.
                return None;
            }
            let inner = parse_type(alias).ok()?;
            let merged = inherit(raw, &def.constraints());
            let mut shape = self.resolve(&inner, &merged, &alias_at, visiting)?;
            visiting.pop();
            shape.alias_doc.get_or_insert_with(|| def.doc.clone());
            return Some(shape);
        }
        if *raw != ir::Constraints::default() {
            self.error_at_value(
                at,
                format!("constraints do not apply to the struct or enum `{name}`"),
                "remove the constraints, or put them on the fields of the struct",
            );
        }
        Some(ir::Shape {
            kind: ir::Kind::Named(name.to_owned()),
            constraints: ir::Constraints::default(),
            alias_doc: None,
        })
    }

    /// Checks that constraints fit each other; the regex must compile. `at` is where the type
    /// is written; the constraints are beside it.
    fn constraints(&mut self, raw: &ir::Constraints, at: &YamlPath) -> ir::Constraints {
        let base = at.without_last("type");
        if let Some(pattern) = &raw.pattern
            && let Err(error) = huaweicloud_devops_rules::check_pattern(pattern)
        {
            self.error_at_value(
                &base.child("pattern"),
                format!("invalid regular expression: {error}"),
                "write a pattern in Rust regex syntax (no look-around or back-references), e.g. ^[A-Za-z0-9]{32}$",
            );
        }
        let pairs = [
            (
                "min_length",
                "max_length",
                raw.min_length.map(|v| v as i128),
                raw.max_length.map(|v| v as i128),
            ),
            (
                "minimum",
                "maximum",
                raw.minimum.map(i128::from),
                raw.maximum.map(i128::from),
            ),
            (
                "min_items",
                "max_items",
                raw.min_items.map(|v| v as i128),
                raw.max_items.map(|v| v as i128),
            ),
        ];
        for (low_key, high_key, low, high) in pairs {
            if let (Some(low), Some(high)) = (low, high)
                && low > high
            {
                self.error_at_value(
                    &base.child(high_key),
                    format!("`{high_key}` ({high}) is less than `{low_key}` ({low}): no value can satisfy both"),
                    format!("make `{low_key}` at most `{high_key}`"),
                );
            }
        }
        raw.clone()
    }

    /// Checks that each constraint fits the kind it is on, the item at `at`.
    fn check_constraints(&mut self, shape: &ir::Shape, at: &YamlPath) {
        let c = &shape.constraints;
        let string_keys = c.min_length.is_some() || c.max_length.is_some() || c.pattern.is_some();
        let integer_keys = c.minimum.is_some() || c.maximum.is_some();
        let misplaced = match shape.kind {
            ir::Kind::String => integer_keys.then_some("`minimum`/`maximum` apply to integers"),
            ir::Kind::I32 | ir::Kind::I64 => {
                string_keys.then_some("length and pattern constraints apply to strings")
            }
            ir::Kind::List(_) => None,
            _ => (string_keys || integer_keys)
                .then_some("constraints apply to strings, integers and lists only"),
        };
        if let Some(problem) = misplaced {
            self.error_at_key(at, problem, "remove the constraint or change the type");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_expressions() {
        assert_eq!(
            parse_type("string"),
            Ok(TypeExpr::Primitive(ir::Kind::String))
        );
        assert_eq!(
            parse_type("list<list<Foo>>"),
            Ok(TypeExpr::List(Box::new(TypeExpr::List(Box::new(
                TypeExpr::Name("Foo".into())
            )))))
        );
        assert!(parse_type("list<").is_err());
        assert!(parse_type("map<string, x>").is_err());
        assert_eq!(
            parse_type("map<list<int64>>"),
            Ok(TypeExpr::Map(Box::new(TypeExpr::List(Box::new(
                TypeExpr::Primitive(ir::Kind::I64)
            )))))
        );
        assert_eq!(
            parse_type("object"),
            Ok(TypeExpr::Primitive(ir::Kind::Object))
        );
    }
}
