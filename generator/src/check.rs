//! Judging a loaded spec and lowering it to the [`crate::ir`].
//!
//! This is the only place that decides whether a spec is valid. It keeps going after a problem
//! so that every problem is reported at once, each at the line a person must change, and it
//! decides every Rust name so that the emitters never have to.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use indexmap::IndexMap;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ir;
use crate::load::{Loaded, LoadedSpec};
use crate::names::{closest, crate_ident, ident_problem, pascal, snake};
use crate::spec::{self, AuthKind, HeaderSource, Location, RawConstraints};

const PRIMITIVES: &[&str] = &["string", "boolean", "int32", "int64", "float64", "json"];
const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"];
const DEFAULT_CONTENT_TYPE: &str = "application/json";

/// Checks the whole spec and lowers it. Every problem found is returned.
pub fn check(spec: &LoadedSpec) -> Result<ir::Api, Diagnostics> {
    let mut problems = Vec::new();
    let package = check_package(&spec.package, &mut problems);
    let mut services = Vec::new();
    let mut seen_services: BTreeMap<String, &str> = BTreeMap::new();
    for file in &spec.services {
        let mut checker = ServiceChecker {
            file,
            problems: &mut problems,
        };
        if let Some(service) = checker.service() {
            if let Some(other) = seen_services.insert(service.client.clone(), &file.file.path) {
                problems.push(
                    file.at_value(
                        &["service"],
                        format!("service `{}` is also defined in {other}", service.name),
                    )
                    .help("give each service file its own `service` name"),
                );
            }
            services.push(service);
        }
    }
    if problems.is_empty() {
        services.sort_by(|a, b| a.module.cmp(&b.module));
        Ok(ir::Api { package, services })
    } else {
        Err(Diagnostics(problems).sorted())
    }
}

fn check_package(file: &Loaded<spec::PackageFile>, problems: &mut Vec<Diagnostic>) -> ir::Package {
    let p = &file.spec;
    for (key, name) in [
        (["package", "name"], &p.package.name),
        (["runtime", "package"], &p.runtime.package),
    ] {
        let ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            && name.starts_with(|c: char| c.is_ascii_lowercase());
        if !ok {
            problems.push(
                file.at_value(&key, format!("`{name}` is not a valid Cargo package name"))
                    .help("use lower-case letters, digits and `-`, starting with a letter"),
            );
        }
    }
    for (key, version) in [
        (["package", "version"], &p.package.version),
        (["runtime", "version"], &p.runtime.version),
    ] {
        if !is_semver(version) {
            problems.push(
                file.at_value(&key, format!("`{version}` is not a semver version"))
                    .help("write MAJOR.MINOR.PATCH, e.g. 0.1.0"),
            );
        }
    }
    ir::Package {
        name: p.package.name.clone(),
        crate_name: crate_ident(&p.package.name),
        version: p.package.version.clone(),
        description: p.package.description.clone(),
        license: p.package.license.clone(),
        source: file.file.path.clone(),
        runtime_package: p.runtime.package.clone(),
        runtime_crate: crate_ident(&p.runtime.package),
        runtime_version: p.runtime.version.clone(),
        runtime_path: p.runtime.path.clone(),
    }
}

fn is_semver(v: &str) -> bool {
    let core = v.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// A parsed type expression.
#[derive(Debug, Clone, PartialEq)]
enum TypeExpr {
    Primitive(ir::Kind),
    List(Box<TypeExpr>),
    Name(String),
}

fn parse_type(text: &str) -> Result<TypeExpr, String> {
    let text = text.trim();
    if let Some(inner) = text
        .strip_prefix("list<")
        .and_then(|rest| rest.strip_suffix('>'))
    {
        return Ok(TypeExpr::List(Box::new(parse_type(inner)?)));
    }
    let primitive = match text {
        "string" => Some(ir::Kind::String),
        "boolean" => Some(ir::Kind::Bool),
        "int32" => Some(ir::Kind::I32),
        "int64" => Some(ir::Kind::I64),
        "float64" => Some(ir::Kind::F64),
        "json" => Some(ir::Kind::Json),
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

struct ServiceChecker<'a> {
    file: &'a Loaded<spec::ServiceFile>,
    problems: &'a mut Vec<Diagnostic>,
}

impl ServiceChecker<'_> {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.problems.push(diagnostic);
    }

    fn service(&mut self) -> Option<ir::Service> {
        let s = &self.file.spec;
        let before = self.problems.len();
        let module = self.file.file.stem().to_owned();
        if let Some(problem) = ident_problem(&module)
            .or_else(|| (snake(&module) != module).then(|| format!("`{module}` is not snake_case")))
        {
            self.report(
                Diagnostic::new(
                    &self.file.file.path,
                    crate::source_map::Position { line: 1, column: 1 },
                    format!("the file name gives the module name, and {problem}"),
                )
                .help("rename the file to a snake_case Rust identifier, e.g. `my_service.yaml`"),
            );
        }
        self.pascal_name(&["service"], &s.service, "service");
        if s.sdk_name.is_empty()
            || !s
                .sdk_name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        {
            self.report(
                self.file
                    .at_value(&["sdk_name"], format!("`{}` is not an SDK service name", s.sdk_name))
                    .help("use upper-case letters, digits and `_`, as the official SDK does (e.g. CODEARTSBUILD)"),
            );
        }
        let auth = self.auth();
        let endpoints = self.endpoints();
        let mut types = self.types();
        let mut reserved: BTreeMap<String, String> = BTreeMap::new();
        let client = format!("{}Client", s.service);
        reserved.insert(client.clone(), "the client type".to_owned());
        let mut operations = Vec::new();
        let mut methods: BTreeMap<String, String> = BTreeMap::new();
        for (name, op) in &s.operations {
            if let Some(op) = self.operation(name, op, &auth, &types) {
                if let Some(other) = methods.insert(op.method.clone(), name.clone()) {
                    self.report(
                        self.file
                            .at_key(
                                &["operations", name],
                                format!(
                                    "operations `{other}` and `{name}` both become the method `{}`",
                                    op.method
                                ),
                            )
                            .help("rename one of the operations"),
                    );
                }
                if let Some(other) = reserved.insert(
                    op.request_type.clone(),
                    format!("the request type of `{name}`"),
                ) {
                    self.report(
                        self.file
                            .at_key(
                                &["operations", name],
                                format!(
                                    "the request type `{}` collides with {other}",
                                    op.request_type
                                ),
                            )
                            .help("rename the operation"),
                    );
                }
                operations.push(op);
            }
        }
        for ty in &types {
            if let Some(what) = reserved.get(ty.name()) {
                self.report(
                    self.file
                        .at_key(
                            &["types", ty.name()],
                            format!("the type `{}` collides with {what}", ty.name()),
                        )
                        .help("rename the type"),
                );
            }
        }
        mark_request_types(&mut types, &operations);
        if self.problems.len() != before {
            return None;
        }
        Some(ir::Service {
            source: self.file.file.path.clone(),
            module,
            name: s.service.clone(),
            client,
            title: s.title.clone(),
            doc: s.doc.clone(),
            sdk_name: s.sdk_name.clone(),
            auth,
            endpoints,
            operations,
            types,
        })
    }

    fn pascal_name(&mut self, at: &[&str], name: &str, what: &str) -> bool {
        if let Some(problem) = ident_problem(name) {
            self.report(
                self.file
                    .at_key(at, format!("{what} name: {problem}"))
                    .help(format!(
                        "write a PascalCase name such as `{}`",
                        pascal(name)
                    )),
            );
            return false;
        }
        if pascal(name) != name {
            self.report(
                self.file
                    .at_key(at, format!("{what} name `{name}` is not PascalCase"))
                    .help(format!("write `{}`", pascal(name))),
            );
            return false;
        }
        true
    }

    fn auth(&mut self) -> Vec<ir::Auth> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        if self.file.spec.auth.is_empty() {
            self.report(
                self.file
                    .at_key(&["auth"], "a service needs at least one auth scheme")
                    .help("add `- scheme: aksk` or `- scheme: token` with its `header`"),
            );
        }
        for (i, scheme) in self.file.spec.auth.iter().enumerate() {
            let index = i.to_string();
            if !seen.insert(scheme.scheme) {
                self.report(
                    self.file
                        .at_value(
                            &["auth", &index, "scheme"],
                            "this auth scheme is listed twice",
                        )
                        .help("list each scheme once"),
                );
            }
            match (scheme.scheme, &scheme.header) {
                (AuthKind::Token, None) => self.report(
                    self.file
                        .at_key(
                            &["auth", &index, "scheme"],
                            "a token scheme needs the header that carries the token",
                        )
                        .help("add `header:` with the name of the header that carries the token"),
                ),
                (AuthKind::Aksk, Some(_)) => self.report(
                    self.file
                        .at_key(
                            &["auth", &index, "header"],
                            "AK/SK signing has no token header",
                        )
                        .help("remove `header:` from the aksk scheme"),
                ),
                _ => {}
            }
            out.push(ir::Auth {
                kind: scheme.scheme,
                header: scheme.header.clone(),
                doc: scheme.doc.clone(),
            });
        }
        out
    }

    fn endpoints(&mut self) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        for (region, urls) in &self.file.spec.endpoints {
            if region.is_empty()
                || !region
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                self.report(
                    self.file
                        .at_key(
                            &["endpoints", region],
                            format!("`{region}` is not a region id"),
                        )
                        .help("use the lower-case region id, e.g. cn-north-4"),
                );
            }
            if urls.is_empty() {
                self.report(
                    self.file
                        .at_key(
                            &["endpoints", region],
                            "a region needs at least one endpoint",
                        )
                        .help("list its endpoint URLs"),
                );
            }
            for (i, url) in urls.iter().enumerate() {
                let rest = url
                    .strip_prefix("https://")
                    .or_else(|| url.strip_prefix("http://"));
                if rest.is_none_or(|host| host.is_empty() || host.contains(['/', '?', '#', ' '])) {
                    self.report(
                        self.file
                            .at_value(&["endpoints", region, &i.to_string()], format!("`{url}` is not an endpoint URL"))
                            .help("write scheme and host only, e.g. https://service.xx-region-1.example.com"),
                    );
                }
            }
            out.push((region.clone(), urls.clone()));
        }
        out
    }

    /// Lowers the named structs and enums (aliases are inlined where used).
    fn types(&mut self) -> Vec<ir::NamedType> {
        let mut out = Vec::new();
        for (name, def) in &self.file.spec.types {
            let at = ["types", name.as_str()];
            self.pascal_name(&at, name, "type");
            let kinds = [def.ty.is_some(), def.fields.is_some(), def.values.is_some()];
            if kinds.iter().filter(|k| **k).count() != 1 {
                self.report(
                    self.file
                        .at_key(&at, format!("type `{name}` must have exactly one of `type`, `fields` or `values`"))
                        .help("`type` for a constrained scalar, `fields` for a struct, `values` for an enum"),
                );
                continue;
            }
            if let Some(ty) = &def.ty {
                // A constrained scalar: checked here, inlined where it is used.
                let shape = self.shape(ty, &def.constraints(), &[&at[..], &["type"]].concat());
                if let Some(shape) = shape
                    && matches!(shape.kind, ir::Kind::Named(_))
                {
                    self.report(
                        self.file
                            .at_value(&[&at[..], &["type"]].concat(), format!("`{name}` aliases a struct or enum"))
                            .help("use the struct or enum directly; only scalars and lists can be aliased"),
                    );
                }
                continue;
            }
            if def.constraints() != RawConstraints::default() {
                self.report(
                    self.file
                        .at_key(
                            &at,
                            format!("constraints on `{name}` apply to scalars and lists only"),
                        )
                        .help("put the constraints on the fields instead"),
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
                let values = self.enum_values(values, &at);
                out.push(ir::NamedType::Enum(ir::Enum {
                    name: name.clone(),
                    doc: def.doc.clone(),
                    values,
                }));
            }
        }
        out
    }

    fn fields(&mut self, fields: &IndexMap<String, spec::Field>, at: &[&str]) -> Vec<ir::Field> {
        let mut out = Vec::new();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        if fields.is_empty() {
            self.report(
                self.file
                    .at_key(
                        &[at, &["fields"]].concat(),
                        "a struct needs at least one field",
                    )
                    .help("add its fields, or leave the body out"),
            );
        }
        for (wire, field) in fields {
            let here = [at, &["fields", wire.as_str()]].concat();
            self.reject_param_keys(field, &here);
            let rust_name = self.rust_field_name(wire, field.rust_name.as_deref(), &here);
            if let Some(other) = names.insert(rust_name.clone(), wire.clone()) {
                self.report(
                    self.file
                        .at_key(&here, format!("fields `{other}` and `{wire}` both become the Rust field `{rust_name}`"))
                        .help("give one of them a different `rust_name`"),
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
            });
        }
        out
    }

    fn reject_param_keys(&mut self, field: &spec::Field, at: &[&str]) {
        for (key, present) in [
            ("in", field.location.is_some()),
            ("from", field.from.is_some()),
            ("default_from", field.default_from.is_some()),
        ] {
            if present {
                self.report(
                    self.file
                        .at_key(
                            &[at, &[key]].concat(),
                            format!("`{key}` is for operation parameters only"),
                        )
                        .help(format!("remove `{key}` here")),
                );
            }
        }
    }

    /// The Rust name of a field or parameter: `rust_name`, or the wire name in snake_case.
    fn rust_field_name(&mut self, wire: &str, rust_name: Option<&str>, at: &[&str]) -> String {
        let name = rust_name.map_or_else(|| snake(wire), str::to_owned);
        if let Some(problem) = ident_problem(&name) {
            let key_at = if rust_name.is_some() {
                [at, &["rust_name"]].concat()
            } else {
                at.to_vec()
            };
            let suggestion = format!("{}_", snake(wire).trim_end_matches('_'));
            self.report(
                self.file
                    .at_key(&key_at, format!("`{wire}` would become the Rust field `{name}`, but {problem}"))
                    .help(format!("add `rust_name: {suggestion}` (or another valid snake_case name); the wire name stays `{wire}`")),
            );
        } else if snake(&name) != name {
            self.report(
                self.file
                    .at_key(
                        &[at, &["rust_name"]].concat(),
                        format!("`{name}` is not snake_case"),
                    )
                    .help(format!("write `{}`", snake(&name))),
            );
        }
        name
    }

    fn enum_values(&mut self, values: &[spec::EnumValue], at: &[&str]) -> Vec<ir::EnumValue> {
        let mut out = Vec::new();
        let mut variants: BTreeMap<String, String> = BTreeMap::new();
        let mut wires: BTreeSet<String> = BTreeSet::new();
        variants.insert(
            "Unknown".to_owned(),
            "the variant that keeps unknown values".to_owned(),
        );
        if values.is_empty() {
            self.report(
                self.file
                    .at_key(
                        &[at, &["values"]].concat(),
                        "an enum needs at least one value",
                    )
                    .help("list its values"),
            );
        }
        for (i, value) in values.iter().enumerate() {
            let index = i.to_string();
            let here = [at, &["values", index.as_str()]].concat();
            let variant = value
                .rust_name
                .clone()
                .unwrap_or_else(|| pascal(&value.value));
            if let Some(problem) = ident_problem(&variant) {
                self.report(
                    self.file
                        .at_value(
                            &here,
                            format!(
                                "`{}` would become the variant `{variant}`, but {problem}",
                                value.value
                            ),
                        )
                        .help("add a `rust_name:` with a PascalCase identifier"),
                );
            }
            if let Some(other) = variants.insert(variant.clone(), format!("`{}`", value.value)) {
                self.report(
                    self.file
                        .at_value(&here, format!("`{}` and {other} both become the variant `{variant}`", value.value))
                        .help("if they mean the same value, list one as an `aliases:` entry of the other; otherwise give one a `rust_name:`"),
                );
            }
            for wire in std::iter::once(&value.value).chain(&value.aliases) {
                if !wires.insert(wire.clone()) {
                    self.report(
                        self.file
                            .at_value(&here, format!("the value `{wire}` is listed twice"))
                            .help("list each wire value once"),
                    );
                }
            }
            out.push(ir::EnumValue {
                wire: value.value.clone(),
                variant,
                doc: value.doc.clone(),
                aliases: value.aliases.clone(),
            });
        }
        out
    }

    /// Resolves a type expression written at `at` (whose `type` key holds it), inlining
    /// aliases and merging constraints. `None` after reporting a problem.
    fn shape(&mut self, expr: &str, raw: &RawConstraints, at: &[&str]) -> Option<ir::Shape> {
        let type_at: Vec<String> = at
            .iter()
            .map(|s| (*s).to_owned())
            .chain(["type".to_owned()])
            .collect();
        self.shape_at(expr, raw, at, &type_at)
    }

    /// Like [`Self::shape`] for a type expression written directly at `type_at` (a response
    /// `body:`), with `at` the item that owns it.
    fn shape_at(
        &mut self,
        expr: &str,
        raw: &RawConstraints,
        at: &[&str],
        type_at: &[String],
    ) -> Option<ir::Shape> {
        let type_refs: Vec<&str> = type_at.iter().map(String::as_str).collect();
        let parsed = match parse_type(expr) {
            Ok(parsed) => parsed,
            Err(problem) => {
                self.report(self.file.at_value(&type_refs, problem).help(
                    "write string, boolean, int32, int64, float64, json, list<T> or a type name",
                ));
                return None;
            }
        };
        let shape = self.resolve(&parsed, raw, type_at, &mut Vec::new())?;
        self.check_constraints(&shape, at);
        Some(shape)
    }

    fn resolve(
        &mut self,
        expr: &TypeExpr,
        raw: &RawConstraints,
        at: &[String],
        visiting: &mut Vec<String>,
    ) -> Option<ir::Shape> {
        let at_refs: Vec<&str> = at.iter().map(String::as_str).collect();
        match expr {
            TypeExpr::Primitive(kind) => Some(ir::Shape {
                kind: kind.clone(),
                constraints: self.constraints(raw, &at_refs),
                alias_doc: None,
            }),
            TypeExpr::List(item) => {
                let item = self.resolve(item, &RawConstraints::default(), at, visiting)?;
                let list_only = RawConstraints {
                    min_items: raw.min_items,
                    max_items: raw.max_items,
                    ..RawConstraints::default()
                };
                if *raw != list_only {
                    self.report(
                        self.file
                            .at_value(&at_refs, "only `min_items` and `max_items` apply to a list")
                            .help("to constrain the items, name a constrained scalar type in `types:` and use list<ThatType>"),
                    );
                }
                Some(ir::Shape {
                    kind: ir::Kind::List(Box::new(item)),
                    constraints: self.constraints(&list_only, &at_refs),
                    alias_doc: None,
                })
            }
            TypeExpr::Name(name) => {
                let Some(def) = self.file.spec.types.get(name) else {
                    let mut candidates: Vec<&str> =
                        self.file.spec.types.keys().map(String::as_str).collect();
                    candidates.extend(PRIMITIVES);
                    let help = match closest(name, candidates) {
                        Some(close) => format!(
                            "did you mean `{close}`? Types are string, boolean, int32, int64, float64, json, list<T> or a name under `types:`"
                        ),
                        None => format!(
                            "define `{name}` under `types:`, or use string, boolean, int32, int64, float64, json or list<T>"
                        ),
                    };
                    self.report(
                        self.file
                            .at_value(&at_refs, format!("unknown type `{name}`"))
                            .help(help),
                    );
                    return None;
                };
                if let Some(alias) = &def.ty {
                    if visiting.contains(name) {
                        self.report(
                            self.file
                                .at_value(
                                    &["types", name, "type"],
                                    format!("type `{name}` refers to itself"),
                                )
                                .help("make the alias refer to a scalar or list type"),
                        );
                        return None;
                    }
                    visiting.push(name.clone());
                    let inner = parse_type(alias).ok()?;
                    let merged = raw.clone().or(&def.constraints());
                    let mut shape = self.resolve(
                        &inner,
                        &merged,
                        &["types".to_owned(), name.clone(), "type".to_owned()],
                        visiting,
                    )?;
                    visiting.pop();
                    shape.alias_doc.get_or_insert_with(|| def.doc.clone());
                    return Some(shape);
                }
                if *raw != RawConstraints::default() {
                    self.report(
                        self.file
                            .at_value(
                                &at_refs,
                                format!("constraints do not apply to the struct or enum `{name}`"),
                            )
                            .help(
                                "remove the constraints, or put them on the fields of the struct",
                            ),
                    );
                }
                Some(ir::Shape {
                    kind: ir::Kind::Named(name.clone()),
                    constraints: ir::Constraints::default(),
                    alias_doc: None,
                })
            }
        }
    }

    /// Checks that constraints fit each other; the regex must compile.
    fn constraints(&mut self, raw: &RawConstraints, at: &[&str]) -> ir::Constraints {
        if let Some(pattern) = &raw.pattern
            && let Err(error) = regex::Regex::new(pattern)
        {
            let base = at.strip_suffix(&["type"]).unwrap_or(at);
            self.report(
                self.file
                    .at_value(&[base, &["pattern"]].concat(), format!("invalid regular expression: {}", error.to_string().lines().last().unwrap_or_default().trim()))
                    .help("write a pattern in Rust regex syntax (no look-around or back-references), e.g. ^[A-Za-z0-9]{32}$"),
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
                let base = at.strip_suffix(&["type"]).unwrap_or(at);
                self.report(
                    self.file
                        .at_value(&[base, &[high_key]].concat(), format!("`{high_key}` ({high}) is less than `{low_key}` ({low}): no value can satisfy both"))
                        .help(format!("make `{low_key}` at most `{high_key}`")),
                );
            }
        }
        ir::Constraints {
            min_length: raw.min_length,
            max_length: raw.max_length,
            pattern: raw.pattern.clone(),
            minimum: raw.minimum,
            maximum: raw.maximum,
            min_items: raw.min_items,
            max_items: raw.max_items,
        }
    }

    /// Checks that each constraint fits the kind it is on.
    fn check_constraints(&mut self, shape: &ir::Shape, at: &[&str]) {
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
            self.report(
                self.file
                    .at_key(at, problem.to_owned())
                    .help("remove the constraint or change the type"),
            );
        }
    }

    fn operation(
        &mut self,
        name: &str,
        op: &spec::Operation,
        auth: &[ir::Auth],
        types: &[ir::NamedType],
    ) -> Option<ir::Operation> {
        let at = ["operations", name];
        let before = self.problems.len();
        self.pascal_name(&at, name, "operation");
        let method = snake(name);
        if let Some(problem) = ident_problem(&method) {
            self.report(
                self.file
                    .at_key(
                        &at,
                        format!("operation `{name}` becomes the method `{method}`, but {problem}"),
                    )
                    .help("rename the operation"),
            );
        }
        let (http_method, path) = self.http(&op.http, &at);
        let mut params = Vec::new();
        let mut transport_headers = Vec::new();
        let mut field_names: BTreeMap<String, String> = BTreeMap::new();
        for (wire, param) in &op.params {
            let here = ["operations", name, "params", wire.as_str()];
            let Some(location) = param.location else {
                self.report(
                    self.file
                        .at_key(&here, format!("parameter `{wire}` has no `in:`"))
                        .help("add `in: path`, `in: query` or `in: header`"),
                );
                continue;
            };
            if let Some(from) = param.from {
                self.transport_header(wire, param, from, location, auth, &here);
                transport_headers.push(ir::TransportHeader {
                    name: wire.clone(),
                    doc: param.doc.clone(),
                    from,
                });
                continue;
            }
            let rust_name = self.rust_field_name(wire, param.rust_name.as_deref(), &here);
            if let Some(other) = field_names.insert(rust_name.clone(), wire.clone()) {
                self.report(
                    self.file
                        .at_key(&here, format!("parameters `{other}` and `{wire}` both become the request field `{rust_name}`"))
                        .help("give one of them a different `rust_name`"),
                );
            }
            // As for fields: a parameter with a wrong type was reported and stays, as a
            // string, so that nothing else is reported about it.
            let resolved = self.shape(&param.ty, &param.constraints(), &here);
            let shape = resolved.clone().unwrap_or(ir::Shape {
                kind: ir::Kind::String,
                ..placeholder()
            });
            if resolved.is_some()
                && !matches!(
                    shape.kind,
                    ir::Kind::String | ir::Kind::Bool | ir::Kind::I32 | ir::Kind::I64
                )
            {
                self.report(
                    self.file
                        .at_value(
                            &[&here[..], &["type"]].concat(),
                            "a parameter must be a string, boolean, int32 or int64",
                        )
                        .help("change the type"),
                );
            }
            if param.default_from.is_some() && shape.kind != ir::Kind::String {
                self.report(
                    self.file
                        .at_key(
                            &[&here[..], &["default_from"]].concat(),
                            "`default_from` fills string parameters only",
                        )
                        .help("make the parameter a string"),
                );
            }
            let required =
                (location == Location::Path || param.required) && param.default_from.is_none();
            params.push(ir::Param {
                wire_name: wire.clone(),
                rust_name,
                location,
                shape,
                doc: param.doc.clone(),
                required,
                default_from: param.default_from,
            });
        }
        self.path_params(&path, &params, op, &at);
        let (content_type, body) = self.request(op, &at);
        if body.is_some()
            && let Some(other) = field_names.get("body")
        {
            self.report(
                self.file
                    .at_key(
                        &["operations", name, "params", other],
                        format!("the parameter `{other}` collides with the request's `body` field"),
                    )
                    .help("give the parameter another `rust_name`"),
            );
        }
        let (success, errors) = self.responses(op, &at);
        let lowered = ir::Operation {
            name: name.to_owned(),
            request_type: format!("{name}Request"),
            method,
            summary: op.summary.clone(),
            doc: op.doc.clone(),
            http_method,
            path,
            deprecated: op.deprecated.clone(),
            idempotent: op.idempotent,
            params,
            transport_headers,
            body,
            content_type,
            success,
            errors,
            examples: Vec::new(),
        };
        let examples = self.examples(op, &lowered, types, &at);
        if self.problems.len() != before {
            return None;
        }
        Some(ir::Operation {
            examples,
            ..lowered
        })
    }

    fn http(&mut self, http: &str, at: &[&str]) -> (String, String) {
        let here = [at, &["http"]].concat();
        let Some((method, path)) = http.trim().split_once(' ') else {
            self.report(
                self.file
                    .at_value(&here, format!("`{http}` is not `METHOD /path`"))
                    .help("write e.g. `POST /v2/tasks/{task_id}/stop`"),
            );
            return (String::new(), String::new());
        };
        let path = path.trim();
        if !HTTP_METHODS.contains(&method) {
            self.report(
                self.file
                    .at_value(&here, format!("`{method}` is not an HTTP method"))
                    .help(format!("use one of {}", HTTP_METHODS.join(", "))),
            );
        }
        if !path.starts_with('/') || path.contains(['?', '#', ' ']) {
            self.report(self.file.at_value(&here, format!("`{path}` is not a path template")).help("start with `/`; write query parameters as `in: query` parameters, not in the path"));
        }
        let mut depth = 0;
        for c in path.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if !(0..=1).contains(&depth) {
                break;
            }
        }
        if depth != 0 {
            self.report(
                self.file
                    .at_value(&here, format!("`{path}` has unbalanced braces"))
                    .help("write each path parameter as `{name}`"),
            );
        }
        (method.to_owned(), path.to_owned())
    }

    fn path_params(&mut self, path: &str, params: &[ir::Param], op: &spec::Operation, at: &[&str]) {
        let placeholders = placeholders(path);
        let mut seen = HashSet::new();
        for placeholder in &placeholders {
            if !seen.insert(placeholder.as_str()) {
                self.report(
                    self.file
                        .at_value(
                            &[at, &["http"]].concat(),
                            format!("`{{{placeholder}}}` appears twice in the path"),
                        )
                        .help("use each path parameter once"),
                );
            }
            let declared = op
                .params
                .get(placeholder)
                .is_some_and(|p| p.location == Some(Location::Path));
            if !declared {
                let candidates = op.params.keys().map(String::as_str);
                let help = match closest(placeholder, candidates) {
                    Some(close) => format!(
                        "did you mean `{close}`? Otherwise declare `{placeholder}` under `params:` with `in: path`"
                    ),
                    None => format!("declare `{placeholder}` under `params:` with `in: path`"),
                };
                self.report(self.file.at_value(&[at, &["http"]].concat(), format!("the path uses `{{{placeholder}}}`, which is not a declared path parameter")).help(help));
            }
        }
        for param in params.iter().filter(|p| p.location == Location::Path) {
            if !placeholders.contains(&param.wire_name) {
                self.report(
                    self.file
                        .at_key(
                            &[at, &["params", param.wire_name.as_str()]].concat(),
                            format!(
                                "path parameter `{}` does not appear in the path",
                                param.wire_name
                            ),
                        )
                        .help(format!(
                            "add `{{{}}}` to the path in `http:`, or remove the parameter",
                            param.wire_name
                        )),
                );
            }
        }
    }

    fn transport_header(
        &mut self,
        wire: &str,
        param: &spec::Field,
        from: HeaderSource,
        location: Location,
        auth: &[ir::Auth],
        at: &[&str],
    ) {
        let from_at = [at, &["from"]].concat();
        if location != Location::Header {
            self.report(
                self.file
                    .at_key(&from_at, "`from` is for header parameters only")
                    .help("remove `from`, or make it `in: header`"),
            );
            return;
        }
        if param.default_from.is_some() {
            self.report(
                self.file
                    .at_key(
                        &[at, &["default_from"]].concat(),
                        "a header supplied by the transport takes no `default_from`",
                    )
                    .help("remove `default_from`"),
            );
        }
        match from {
            HeaderSource::Credentials => {
                let matches = auth.iter().any(|a| {
                    a.header
                        .as_deref()
                        .is_some_and(|h| h.eq_ignore_ascii_case(wire))
                });
                if !matches {
                    self.report(
                        self.file
                            .at_value(
                                &from_at,
                                format!("no token auth scheme of this service sends `{wire}`"),
                            )
                            .help(format!(
                                "add `- scheme: token` with `header: {wire}` under `auth:`"
                            )),
                    );
                }
            }
            HeaderSource::Body => {
                if !wire.eq_ignore_ascii_case("content-type") {
                    self.report(
                        self.file
                            .at_value(&from_at, "only `Content-Type` follows from the body")
                            .help("remove `from: body`, or make this the Content-Type header"),
                    );
                }
            }
        }
    }

    fn request(&mut self, op: &spec::Operation, at: &[&str]) -> (String, Option<ir::Body>) {
        let Some(request) = &op.request else {
            return (DEFAULT_CONTENT_TYPE.to_owned(), None);
        };
        let content_type = request
            .content_type
            .clone()
            .unwrap_or_else(|| DEFAULT_CONTENT_TYPE.to_owned());
        if !content_type
            .to_ascii_lowercase()
            .starts_with("application/json")
        {
            self.report(
                self.file
                    .at_value(&[at, &["request", "content_type"]].concat(), format!("`{content_type}` is not a JSON content type"))
                    .help("bodies are JSON: use application/json, optionally with parameters such as ;charset=utf-8"),
            );
        }
        let body = request.body.as_ref().and_then(|body| {
            let here = [at, &["request", "body"]].concat();
            self.reject_param_keys(body, &here);
            if body.rust_name.is_some() {
                self.report(
                    self.file
                        .at_key(
                            &[&here[..], &["rust_name"]].concat(),
                            "the body is always the request's `body` field",
                        )
                        .help("remove `rust_name`"),
                );
            }
            let shape = self.shape(&body.ty, &body.constraints(), &here)?;
            Some(ir::Body {
                shape,
                doc: body.doc.clone(),
                required: body.required,
            })
        });
        (content_type, body)
    }

    fn responses(
        &mut self,
        op: &spec::Operation,
        at: &[&str],
    ) -> (Option<ir::Response>, Vec<ir::Response>) {
        let mut success: Option<ir::Response> = None;
        let mut errors = Vec::new();
        if op.responses.is_empty() {
            self.report(
                self.file
                    .at_key(
                        &[at, &["responses"]].concat(),
                        "an operation needs its documented responses",
                    )
                    .help("add at least the success response, e.g. `200: { doc: OK }`"),
            );
        }
        for (status, response) in &op.responses {
            let code = status.to_string();
            let here = [at, &["responses", code.as_str()]].concat();
            if !(100..=599).contains(status) {
                self.report(
                    self.file
                        .at_key(&here, format!("{status} is not an HTTP status code"))
                        .help("use a status from 100 to 599"),
                );
                continue;
            }
            let body_at: Vec<String> = here
                .iter()
                .map(|s| (*s).to_owned())
                .chain(["body".to_owned()])
                .collect();
            let body = response
                .body
                .as_ref()
                .and_then(|ty| self.shape_at(ty, &RawConstraints::default(), &here, &body_at));
            let lowered = ir::Response {
                status: *status,
                doc: response.doc.clone(),
                body,
            };
            if (200..300).contains(status) {
                if let Some(first) = &success {
                    self.report(
                        self.file
                            .at_key(
                                &here,
                                format!(
                                    "a second success response ({status}; {} is the first)",
                                    first.status
                                ),
                            )
                            .help("document one 2xx response per operation"),
                    );
                } else {
                    success = Some(lowered);
                }
            } else if *status >= 400 {
                errors.push(lowered);
            } else {
                self.report(
                    self.file
                        .at_key(
                            &here,
                            format!("status {status} is neither a success nor an error"),
                        )
                        .help("document 2xx, 4xx and 5xx responses only"),
                );
            }
        }
        if success.is_none() && !op.responses.is_empty() {
            self.report(
                self.file
                    .at_key(
                        &[at, &["responses"]].concat(),
                        "no 2xx response is documented",
                    )
                    .help("add the success response, e.g. `200: { doc: OK }`"),
            );
        }
        (success, errors)
    }

    fn examples(
        &mut self,
        op: &spec::Operation,
        lowered: &ir::Operation,
        types: &[ir::NamedType],
        at: &[&str],
    ) -> Vec<ir::Example> {
        let mut out = Vec::new();
        let mut names = HashSet::new();
        for (i, example) in op.examples.iter().enumerate() {
            let index = i.to_string();
            let here = [at, &["examples", index.as_str()]].concat();
            if ident_problem(&example.name).is_some() || snake(&example.name) != example.name {
                self.report(
                    self.file
                        .at_value(
                            &[&here[..], &["name"]].concat(),
                            format!("`{}` is not a snake_case name", example.name),
                        )
                        .help("examples become test functions: use a snake_case name"),
                );
            }
            if !names.insert(example.name.as_str()) {
                self.report(
                    self.file
                        .at_value(
                            &[&here[..], &["name"]].concat(),
                            format!("the example name `{}` is used twice", example.name),
                        )
                        .help("give each example of an operation its own name"),
                );
            }
            let mut params = Vec::new();
            for (wire, value) in &example.request.params {
                let value_at = [&here[..], &["request", "params", wire.as_str()]].concat();
                let Some(param) = lowered.params.iter().find(|p| &p.wire_name == wire) else {
                    let help = if lowered.transport_headers.iter().any(|h| &h.name == wire) {
                        format!("`{wire}` is sent by the transport; remove it from the example")
                    } else {
                        format!(
                            "the operation's parameters are: {}",
                            lowered
                                .params
                                .iter()
                                .map(|p| p.wire_name.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    };
                    self.report(self.file.at_key(&value_at, format!("the example sets `{wire}`, which is not a parameter of the operation")).help(help));
                    continue;
                };
                let mut problems = Vec::new();
                check_value(value, &param.shape, types, wire, &mut problems);
                for problem in problems {
                    self.report(
                        self.file
                            .at_value(&value_at, problem)
                            .help("make the example satisfy the parameter's type and constraints"),
                    );
                }
                params.push((wire.clone(), value.clone()));
            }
            for param in &lowered.params {
                if (param.required || param.location == Location::Path)
                    && !example.request.params.contains_key(&param.wire_name)
                {
                    self.report(
                        self.file
                            .at_key(
                                &[&here[..], &["request"]].concat(),
                                format!(
                                    "the example does not set the parameter `{}`",
                                    param.wire_name
                                ),
                            )
                            .help(format!(
                                "add `{}: <value>` under `request: params:`",
                                param.wire_name
                            )),
                    );
                }
            }
            params
                .sort_by_key(|(wire, _)| lowered.params.iter().position(|p| &p.wire_name == wire));
            match (&lowered.body, &example.request.body) {
                (Some(body), Some(value)) => {
                    let mut problems = Vec::new();
                    check_value(value, &body.shape, types, "body", &mut problems);
                    for problem in problems {
                        self.report(
                            self.file
                                .at_value(&[&here[..], &["request", "body"]].concat(), problem)
                                .help("make the example body match the request body's type"),
                        );
                    }
                }
                (Some(body), None) if body.required => {
                    self.report(
                        self.file
                            .at_key(
                                &[&here[..], &["request"]].concat(),
                                "the operation requires a body, but the example has none",
                            )
                            .help("add `body:` under `request:`"),
                    );
                }
                (None, Some(_)) => {
                    self.report(
                        self.file
                            .at_key(
                                &[&here[..], &["request", "body"]].concat(),
                                "the operation takes no body",
                            )
                            .help("remove the body, or declare `request: body:` on the operation"),
                    );
                }
                _ => {}
            }
            match lowered.response(example.response.status) {
                None => self.report(
                    self.file
                        .at_value(
                            &[&here[..], &["response", "status"]].concat(),
                            format!(
                                "status {} is not a documented response of the operation",
                                example.response.status
                            ),
                        )
                        .help("document it under `responses:`, or fix the example's status"),
                ),
                Some(response) => {
                    if let (Some(shape), Some(value)) = (&response.body, &example.response.body) {
                        let mut problems = Vec::new();
                        check_value(value, shape, types, "body", &mut problems);
                        for problem in problems {
                            self.report(self.file.at_value(&[&here[..], &["response", "body"]].concat(), problem).help("make the example match the response type, or add the missing field to the type"));
                        }
                    }
                }
            }
            out.push(ir::Example {
                name: example.name.clone(),
                doc: example.doc.clone(),
                params,
                body: example.request.body.clone(),
                status: example.response.status,
                response_body: example.response.body.clone(),
            });
        }
        out
    }
}

/// The shape given to an item whose type could not be resolved (already reported).
fn placeholder() -> ir::Shape {
    ir::Shape {
        kind: ir::Kind::Json,
        constraints: ir::Constraints::default(),
        alias_doc: None,
    }
}

/// The `{name}` placeholders of a path template, in order.
pub fn placeholders(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        out.push(after[..end].to_owned());
        rest = &after[end + 1..];
    }
    out
}

/// Checks an example value against a shape: types, required fields, unknown fields and
/// constraints. Problems are described with the value's path.
fn check_value(
    value: &Value,
    shape: &ir::Shape,
    types: &[ir::NamedType],
    at: &str,
    problems: &mut Vec<String>,
) {
    let c = &shape.constraints;
    match (&shape.kind, value) {
        (_, Value::Null) => {}
        (ir::Kind::String, Value::String(s)) => {
            let length = s.chars().count() as u64;
            if c.min_length.is_some_and(|min| length < min)
                || c.max_length.is_some_and(|max| length > max)
            {
                problems.push(format!(
                    "`{at}` has {length} characters, outside {}..={}",
                    c.min_length.unwrap_or(0),
                    c.max_length.map_or("".to_owned(), |m| m.to_string())
                ));
            }
            if let Some(pattern) = &c.pattern
                && regex::Regex::new(pattern).is_ok_and(|re| !re.is_match(s))
            {
                problems.push(format!("`{at}` = {s:?} does not match {pattern}"));
            }
        }
        (ir::Kind::Bool, Value::Bool(_))
        | (ir::Kind::Json, _)
        | (ir::Kind::F64, Value::Number(_)) => {}
        (ir::Kind::I32 | ir::Kind::I64, Value::Number(n)) => {
            let Some(v) = n.as_i64() else {
                problems.push(format!("`{at}` = {n} is not an integer"));
                return;
            };
            if shape.kind == ir::Kind::I32 && i32::try_from(v).is_err() {
                problems.push(format!("`{at}` = {v} does not fit in int32; use int64"));
            }
            if c.minimum.is_some_and(|min| v < min) || c.maximum.is_some_and(|max| v > max) {
                problems.push(format!("`{at}` = {v} is outside the allowed range"));
            }
        }
        (ir::Kind::List(item), Value::Array(items)) => {
            let n = items.len() as u64;
            if c.min_items.is_some_and(|min| n < min) || c.max_items.is_some_and(|max| n > max) {
                problems.push(format!("`{at}` has {n} items, outside the allowed count"));
            }
            for (i, v) in items.iter().enumerate() {
                check_value(v, item, types, &format!("{at}[{i}]"), problems);
            }
        }
        (ir::Kind::Named(name), _) => match types.iter().find(|t| t.name() == name) {
            Some(ir::NamedType::Struct(s)) => {
                let Value::Object(map) = value else {
                    problems.push(format!("`{at}` should be an object ({name})"));
                    return;
                };
                for key in map.keys() {
                    if !s.fields.iter().any(|f| &f.wire_name == key) {
                        problems.push(format!("`{at}.{key}` is not a field of `{name}`"));
                    }
                }
                for field in &s.fields {
                    match map.get(&field.wire_name) {
                        Some(v) => check_value(
                            v,
                            &field.shape,
                            types,
                            &format!("{at}.{}", field.wire_name),
                            problems,
                        ),
                        None if field.required => problems.push(format!(
                            "`{at}` lacks the required field `{}`",
                            field.wire_name
                        )),
                        None => {}
                    }
                }
            }
            Some(ir::NamedType::Enum(_)) if !value.is_string() => {
                problems.push(format!("`{at}` should be a string ({name})"));
            }
            Some(ir::NamedType::Enum(_)) => {}
            None => {}
        },
        (kind, _) => problems.push(format!(
            "`{at}` = {value} does not have the type {}",
            kind_name(kind)
        )),
    }
}

fn kind_name(kind: &ir::Kind) -> &'static str {
    match kind {
        ir::Kind::String => "string",
        ir::Kind::Bool => "boolean",
        ir::Kind::I32 => "int32",
        ir::Kind::I64 => "int64",
        ir::Kind::F64 => "float64",
        ir::Kind::Json => "json",
        ir::Kind::List(_) => "list",
        ir::Kind::Named(_) => "named type",
    }
}

/// Marks every struct that a request body carries, directly or through other structs.
fn mark_request_types(types: &mut [ir::NamedType], operations: &[ir::Operation]) {
    let mut pending: Vec<String> = Vec::new();
    for op in operations {
        if let Some(body) = &op.body {
            collect_named(&body.shape, &mut pending);
        }
    }
    let mut done = HashSet::new();
    while let Some(name) = pending.pop() {
        if !done.insert(name.clone()) {
            continue;
        }
        for ty in types.iter_mut() {
            if let ir::NamedType::Struct(s) = ty
                && s.name == name
            {
                s.in_request = true;
                for field in &s.fields {
                    collect_named(&field.shape, &mut pending);
                }
            }
        }
    }
}

fn collect_named(shape: &ir::Shape, out: &mut Vec<String>) {
    match &shape.kind {
        ir::Kind::Named(name) => out.push(name.clone()),
        ir::Kind::List(item) => collect_named(item, out),
        _ => {}
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
    }

    #[test]
    fn path_placeholders() {
        assert_eq!(placeholders("/v1/{a}/x/{b_c}/y"), vec!["a", "b_c"]);
        assert!(placeholders("/v3/jobs/stop").is_empty());
    }
}
