//! `src/<module>/models.rs`: the named structs and enums of a service.

use heck::ToSnakeCase;

use super::code::Code;
use super::docs::{paragraphs, spec_text, value_doc};
use super::layout::{Expr, atom, call, string, structure};
use super::rust_type::{argument_text, field_init, float_literal, type_text};
use super::validation::{has_checks, rules_expr};
use super::{File, code_file};

use crate::ir::{Api, Enum, EnumRepr, Field, Kind, NamedType, Service, Struct};

/// The models file of `service`.
pub fn file(_api: &Api, service: &Service) -> Result<File, String> {
    let mut code = Code::new();
    code.inner_doc(&format!(
        "Request and response models of {}.",
        service.title
    ));
    // Every model's JSON conversions come from the runtime's macros.
    if !service.types.is_empty() {
        code.blank();
        code.line("use crate::runtime;");
    }
    for ty in &service.types {
        code.blank();
        match ty {
            NamedType::Struct(s) => structure_item(&mut code, service, s),
            NamedType::Enum(e) => enumeration(&mut code, e),
        }
    }
    Ok(code_file(
        format!("src/{}/models.rs", service.module),
        &service.source,
        code,
    ))
}

fn structure_item(code: &mut Code, service: &Service, s: &Struct) {
    let in_request = s.in_request;
    code.doc(&spec_text(&s.doc));
    let all_optional = s.fields.iter().all(|f| !f.required);
    let defaults = s.fields.iter().any(|f| s.defaulted(f));
    // `Default` starts every field unset, so it is derived only when no field has a default
    // value; otherwise it is written out below.
    if all_optional && !defaults {
        code.derive(&["Debug", "Clone", "PartialEq", "Default"]);
    } else {
        code.derive(&["Debug", "Clone", "PartialEq"]);
    }
    code.line("#[non_exhaustive]");
    code.open_struct(&format!("pub struct {}", s.name), s.fields.is_empty());
    for f in &s.fields {
        field(code, s, f, in_request);
    }
    code.close_struct();
    code.blank();
    json_object(code, s);
    if let Some(name) = s.required_struct() {
        code.blank();
        required_struct(code, s, &name);
    }
    let has_constructor = s.fields.iter().any(|f| f.required);
    let has_setters = in_request && s.fields.iter().any(|f| !f.required);
    if has_constructor || has_setters {
        code.blank();
        code.open(&format!("impl {}", s.name));
        let mut first = true;
        if has_constructor {
            constructor(code, s);
            first = false;
        }
        if in_request {
            setters(code, s, first);
        }
        code.close("}");
    }
    if all_optional && defaults {
        code.blank();
        code.open(&format!("impl Default for {}", s.name));
        code.open("fn default() -> Self");
        let inits = s
            .fields
            .iter()
            .map(|f| (f.rust_name.clone(), Some(initial(s, f))))
            .collect();
        code.tail(&structure("Self", inits));
        code.close("}");
        code.close("}");
    }
    for f in &s.fields {
        default_fn(code, s, f);
    }
    if in_request {
        code.blank();
        validate(code, service, s);
    }
}

/// `runtime::json_object! { Name { field, other = "wireName", ... } }`: the struct's JSON
/// conversions, with each field's wire name and mode (see the runtime's macro), the fields
/// packed on as few lines as fit.
fn json_object(code: &mut Code, s: &Struct) {
    let fields: Vec<String> = s.fields.iter().map(|f| json_field(s, f)).collect();
    let inner = format!("{} {{ {} }}", s.name, fields.join(", "));
    let one_line = format!("runtime::json_object! {{ {inner} }}");
    if fields.is_empty() {
        code.line(&format!("runtime::json_object! {{ {} {{}} }}", s.name));
    } else if code.fits(&one_line) {
        code.line(&one_line);
    } else if code.fits(&format!("    {inner}")) {
        code.open("runtime::json_object!");
        code.line(&inner);
        code.close("}");
    } else {
        code.open("runtime::json_object!");
        code.open(&s.name);
        let mut line = String::new();
        for field in fields {
            let entry = format!("{field},");
            if !line.is_empty() && !code.fits(&format!("{line} {entry}")) {
                code.line(&line);
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&entry);
        }
        code.line(&line);
        code.close("}");
        code.close("}");
    }
}

/// `f` as `runtime::json_object!` lists it.
fn json_field(s: &Struct, f: &Field) -> String {
    let mut entry = f.rust_name.clone();
    if f.wire_name != f.rust_name {
        entry.push_str(&format!(" = {:?}", f.wire_name));
    }
    if s.defaulted(f) && !f.required && !f.nullable {
        entry.push_str(&format!(": default({})", default_fn_name(s, f)));
    } else if f.required {
        entry.push_str(": required");
    } else if f.nullable {
        entry.push_str(": nullable");
    }
    entry
}

/// The Rust type of `f`'s value, boxed when the struct contains itself through it.
fn value_type(f: &Field) -> String {
    let ty = type_text(&f.shape);
    if f.boxed { format!("Box<{ty}>") } else { ty }
}

fn field(code: &mut Code, s: &Struct, f: &Field, in_request: bool) {
    let mut text = value_doc(&f.doc, &f.shape, in_request);
    if let Some(default) = &f.default {
        let note = if s.defaulted(f) {
            format!("Defaults to `{default}` when absent.")
        } else {
            format!("When it is not sent, the server assumes `{default}`.")
        };
        text = paragraphs([text, note]);
    }
    if f.nullable {
        let note = if f.required {
            "`null` on the wire is `None`; it is always sent."
        } else {
            "`null` is a value of its own: `Some(None)` is `null` on the wire, `None` an absent \
             field."
        };
        text = paragraphs([text, note.to_owned()]);
    }
    code.doc(&text);
    let ty = value_type(f);
    let ty = match (f.required, f.nullable, s.defaulted(f)) {
        (true, false, _) | (false, false, true) => ty,
        (true, true, _) | (false, false, false) => format!("Option<{ty}>"),
        (false, true, _) => format!("Option<Option<{ty}>>"),
    };
    code.line(&format!("pub {}: {ty},", f.rust_name));
}

/// The name of the function that gives `f`'s default value.
fn default_fn_name(s: &Struct, f: &Field) -> String {
    format!("default_{}_{}", s.name.to_snake_case(), f.rust_name)
}

/// `fn default_<struct>_<field>() -> T`, for a field with a default value.
fn default_fn(code: &mut Code, s: &Struct, f: &Field) {
    let Some(default) = f.default.as_ref().filter(|_| s.defaulted(f)) else {
        return;
    };
    let ty = type_text(&f.shape);
    let value = match (&f.shape.kind, default) {
        (Kind::String, serde_json::Value::String(text)) => string(text).method("to_owned", vec![]),
        (Kind::Bool, serde_json::Value::Bool(flag)) => atom(flag.to_string()),
        (Kind::F64, serde_json::Value::Number(n)) => {
            atom(float_literal(n.as_f64().unwrap_or_default()))
        }
        (Kind::Named(_), serde_json::Value::String(text)) => {
            call(format!("{ty}::from"), vec![string(text)])
        }
        (_, serde_json::Value::Number(n)) => {
            let n = atom(n.as_i64().unwrap_or_default().to_string());
            if matches!(f.shape.kind, Kind::Named(_)) {
                call(format!("{ty}::from"), vec![n])
            } else {
                n
            }
        }
        _ => return,
    };
    code.blank();
    code.doc(&format!("The default of `{}.{}`.", s.name, f.wire_name));
    code.open(&format!("fn {}() -> {ty}", default_fn_name(s, f)));
    code.tail(&value);
    code.close("}");
}

/// The value `f` starts with in a new struct: its default, or unset.
fn initial(s: &Struct, f: &Field) -> Expr {
    if s.defaulted(f) {
        call(default_fn_name(s, f), vec![])
    } else {
        atom("None")
    }
}

/// The constructor argument of a required field `f`, and the value it gives the field.
fn required_argument(f: &Field) -> (String, Expr) {
    if f.nullable {
        return (format!("Option<{}>", value_type(f)), atom(&f.rust_name));
    }
    let (ty, value) = argument_text(&f.shape, &f.rust_name);
    if f.boxed {
        (ty, call("Box::new", vec![value]))
    } else {
        (ty, value)
    }
}

/// `pub struct <Name>Required { ... }`, the required fields of a struct that has too many
/// for a readable argument list.
fn required_struct(code: &mut Code, s: &Struct, name: &str) {
    code.doc(&format!(
        "The required fields of [`{0}`], for [`{0}::new`]; write it as a struct literal.",
        s.name
    ));
    code.derive(&["Debug", "Clone", "PartialEq"]);
    code.open(&format!("pub struct {name}"));
    for f in s.fields.iter().filter(|f| f.required) {
        let ty = value_type(f);
        let ty = if f.nullable {
            format!("Option<{ty}>")
        } else {
            ty
        };
        code.doc(&format!(" `{}`: {}", f.wire_name, spec_text(f.doc.trim())));
        code.line(&format!("pub {}: {ty},", f.rust_name));
    }
    code.close("}");
}

/// `new(required...)`.
fn constructor(code: &mut Code, s: &Struct) {
    code.doc(&format!(
        "Creates a `{}` from its required fields; optional fields start unset (or at their \
         default).",
        s.name
    ));
    if let Some(parts) = s.required_struct() {
        let inits = s
            .fields
            .iter()
            .map(|f| {
                if f.required {
                    let value = atom("required").field(&f.rust_name);
                    (f.rust_name.clone(), Some(value))
                } else {
                    (f.rust_name.clone(), Some(initial(s, f)))
                }
            })
            .collect();
        code.fn_open("pub fn new", &[format!("required: {parts}")], " -> Self");
        code.tail(&structure("Self", inits));
        code.close("}");
        return;
    }
    let params: Vec<String> = s
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| format!("{}: {}", f.rust_name, required_argument(f).0))
        .collect();
    let inits = s
        .fields
        .iter()
        .map(|f| {
            if f.required {
                field_init(&f.rust_name, required_argument(f).1)
            } else {
                (f.rust_name.clone(), Some(initial(s, f)))
            }
        })
        .collect();
    code.fn_open("pub fn new", &params, " -> Self");
    code.tail(&structure("Self", inits));
    code.close("}");
}

/// `with_<field>(value)` for each optional field.
fn setters(code: &mut Code, s: &Struct, mut first: bool) {
    for f in s.fields.iter().filter(|f| !f.required) {
        let name = &f.rust_name;
        let (ty, value) = if f.nullable {
            let ty = value_type(f);
            let value = if f.boxed {
                call(
                    "Some",
                    vec![atom(name).method("map", vec![atom("Box::new")])],
                )
            } else {
                call("Some", vec![atom(name)])
            };
            (format!("Option<{ty}>"), value)
        } else {
            let (ty, value) = argument_text(&f.shape, name);
            let value = if f.boxed {
                call("Box::new", vec![value])
            } else {
                value
            };
            if s.defaulted(f) {
                (ty, value)
            } else {
                (ty, call("Some", vec![value]))
            }
        };
        if !first {
            code.blank();
        }
        first = false;
        if f.nullable {
            code.doc(&format!("Sets `{}`; `None` sends `null`.", f.wire_name));
        } else {
            code.doc(&format!("Sets `{}`.", f.wire_name));
        }
        code.fn_open(
            &format!("pub fn with_{name}"),
            &["mut self".to_owned(), format!("{name}: {ty}")],
            " -> Self",
        );
        code.assign(&format!("self.{name}"), &value);
        code.tail(&atom("self"));
        code.close("}");
    }
}

/// `impl runtime::Validate`: one line per field with anything to check; the runtime walks
/// lists and nested structs.
fn validate(code: &mut Code, service: &Service, s: &Struct) {
    let fields: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| has_checks(&f.shape, service))
        .collect();
    if fields.is_empty() {
        code.line(&format!("impl runtime::Validate for {} {{}}", s.name));
        return;
    }
    code.open(&format!("impl runtime::Validate for {}", s.name));
    code.open(
        "fn validate(&self, _: &[runtime::Constraints], violations: &mut runtime::Violations)",
    );
    for f in fields {
        code.stmt(&atom("violations").method(
            "field",
            vec![
                string(&f.wire_name),
                super::layout::reference(atom("self").field(&f.rust_name)),
                rules_expr(&f.shape),
            ],
        ));
    }
    code.close("}");
    code.close("}");
}

fn enumeration(code: &mut Code, e: &Enum) {
    enum_doc(code, e);
    let string_repr = e.repr == EnumRepr::String;
    let int = if e.repr == EnumRepr::I32 {
        "i32"
    } else {
        "i64"
    };
    if string_repr {
        code.derive(&["Debug", "Clone", "PartialEq", "Eq", "Hash"]);
    } else {
        code.derive(&["Debug", "Clone", "Copy", "PartialEq", "Eq", "Hash"]);
    }
    code.line("#[non_exhaustive]");
    code.open(&format!("pub enum {}", e.name));
    variants(code, e);
    code.doc("A value this version of the crate does not know, exactly as received.");
    code.line(&format!(
        "Unknown({}),",
        if string_repr { "String" } else { int }
    ));
    code.close("}");
    code.blank();
    // The conversions are the runtime's macros: each variant with its wire spellings.
    let literal = |wire: &str| -> String {
        if string_repr {
            format!("{wire:?}")
        } else {
            wire.trim().parse::<i64>().unwrap_or_default().to_string()
        }
    };
    let request = if e.in_request { "request " } else { "" };
    if string_repr {
        code.open("runtime::string_enum!");
        code.open(&format!("{request}{}", e.name));
    } else {
        code.open("runtime::int_enum!");
        code.open(&format!("{request}{int} {}", e.name));
    }
    for v in &e.values {
        let spellings: Vec<String> = std::iter::once(&v.wire)
            .chain(&v.aliases)
            .map(|w| literal(w))
            .collect();
        code.line(&format!("{} = {},", v.variant, spellings.join(" | ")));
    }
    code.close("}");
    code.close("}");
}

/// The variants of `e`, each with its docs (the wire value, what it means, its aliases).
fn variants(code: &mut Code, e: &Enum) {
    for v in &e.values {
        let mut text = format!("`{}`: {}", v.wire, spec_text(&v.doc));
        if !v.aliases.is_empty() {
            let aliases: Vec<String> = v.aliases.iter().map(|a| format!("`{a}`")).collect();
            text = paragraphs([text, format!("Also decoded from {}.", aliases.join(", "))]);
        }
        code.doc(&text);
        code.line(&format!("{},", v.variant));
    }
}

/// The docs of an enum: the spec's text, then what happens to unknown values.
fn enum_doc(code: &mut Code, e: &Enum) {
    code.doc(&paragraphs([
        spec_text(&e.doc).as_str(),
        "Values this version of the crate does not know are kept in `Unknown`, so a new value \
         on the server never breaks decoding.",
    ]));
}
