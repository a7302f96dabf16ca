//! `src/<module>/models.rs`: the named structs and enums of a service.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::docs::{doc_attrs, paragraphs, spec_text, value_doc};
use super::rust_type::{argument, field_init, rust_type};
use super::validation::{has_checks, rules};
use super::{File, ident, rust_file};
use heck::ToSnakeCase;

use crate::ir::{Api, Enum, EnumRepr, Field, Kind, NamedType, Service, Struct};

/// The models file of `service`.
pub fn file(_api: &Api, service: &Service) -> Result<File, String> {
    let items = service.types.iter().map(|ty| match ty {
        NamedType::Struct(s) => structure(service, s),
        NamedType::Enum(e) => enumeration(e),
    });
    let any_in_request = service.types.iter().any(|ty| match ty {
        NamedType::Struct(s) => s.in_request,
        NamedType::Enum(e) => e.in_request,
    });
    let runtime = any_in_request.then(|| {
        quote!(
            use crate::runtime;
        )
    });
    let doc = format!(" Request and response models of {}.", service.title);
    let tokens = quote! {
        #![doc = #doc]
        #runtime
        #(#items)*
    };
    rust_file(
        format!("src/{}/models.rs", service.module),
        &service.source,
        tokens,
    )
}

fn structure(service: &Service, s: &Struct) -> TokenStream {
    let in_request = s.in_request;
    let name = ident(&s.name);
    let doc = doc_attrs(&spec_text(&s.doc));
    let fields = s.fields.iter().map(|f| field(s, f, in_request));
    let all_optional = s.fields.iter().all(|f| !f.required);
    let defaults = s.fields.iter().any(|f| s.defaulted(f));
    // `Default` starts every field unset, so it is derived only when no field has a default
    // value; otherwise it is written out below.
    let derive_default = (all_optional && !defaults).then(|| quote!(Default,));
    let default_impl = (all_optional && defaults).then(|| {
        let inits = s.fields.iter().map(|f| initial(s, f));
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self { #(#inits),* }
                }
            }
        }
    });
    let required_struct = required_struct(s);
    let constructor = constructor(s);
    let setters = if in_request { setters(s) } else { quote!() };
    let methods = quote!(#constructor #setters);
    let methods = (!methods.is_empty()).then(|| quote!(impl #name { #methods }));
    let validate = in_request.then(|| validate(service, s));
    let default_fns = s.fields.iter().filter_map(|f| default_fn(s, f));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #derive_default serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #required_struct

        #methods

        #default_impl

        #(#default_fns)*

        #validate
    }
}

/// The Rust type of `f`'s value, boxed when the struct contains itself through it.
fn value_type(f: &Field) -> TokenStream {
    let ty = rust_type(&f.shape);
    if f.boxed { quote!(Box<#ty>) } else { ty }
}

fn field(s: &Struct, f: &Field, in_request: bool) -> TokenStream {
    let name = ident(&f.rust_name);
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
    let doc = doc_attrs(&text);
    let ty = value_type(f);
    let rename = (f.wire_name != f.rust_name).then(|| {
        let wire = &f.wire_name;
        quote!(#[serde(rename = #wire)])
    });
    let (attr, ty) = match (f.required, f.nullable, s.defaulted(f)) {
        (true, false, _) => (quote!(), ty),
        (true, true, _) => (quote!(), quote!(Option<#ty>)),
        (false, true, _) => (
            quote!(#[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "crate::runtime::nullable"
            )]),
            quote!(Option<Option<#ty>>),
        ),
        (false, false, true) => {
            let function = default_fn_name(s, f);
            (quote!(#[serde(default = #function)]), ty)
        }
        (false, false, false) => (
            quote!(#[serde(default, skip_serializing_if = "Option::is_none")]),
            quote!(Option<#ty>),
        ),
    };
    quote! {
        #doc
        #rename
        #attr
        pub #name: #ty,
    }
}

/// The name of the function that gives `f`'s default value.
fn default_fn_name(s: &Struct, f: &Field) -> String {
    format!("default_{}_{}", s.name.to_snake_case(), f.rust_name)
}

/// `fn default_<struct>_<field>() -> T`, for a field with a default value.
fn default_fn(s: &Struct, f: &Field) -> Option<TokenStream> {
    let default = f.default.as_ref().filter(|_| s.defaulted(f))?;
    let name = ident(&default_fn_name(s, f));
    let ty = rust_type(&f.shape);
    let value = match (&f.shape.kind, default) {
        (Kind::String, serde_json::Value::String(text)) => quote!(#text.to_owned()),
        (Kind::Bool, serde_json::Value::Bool(flag)) => quote!(#flag),
        (Kind::F64, serde_json::Value::Number(n)) => {
            let n = proc_macro2::Literal::f64_unsuffixed(n.as_f64().unwrap_or_default());
            quote!(#n)
        }
        (Kind::Named(_), serde_json::Value::String(text)) => quote!(#ty::from(#text)),
        (_, serde_json::Value::Number(n)) => {
            let n = proc_macro2::Literal::i64_unsuffixed(n.as_i64().unwrap_or_default());
            if matches!(f.shape.kind, Kind::Named(_)) {
                quote!(#ty::from(#n))
            } else {
                quote!(#n)
            }
        }
        _ => return None,
    };
    let doc = format!(" The default of `{}.{}`.", s.name, f.wire_name);
    Some(quote! {
        #[doc = #doc]
        fn #name() -> #ty {
            #value
        }
    })
}

/// The value `f` starts with in a new struct: its default, or unset.
fn initial(s: &Struct, f: &Field) -> TokenStream {
    let name = ident(&f.rust_name);
    if s.defaulted(f) {
        let function = ident(&default_fn_name(s, f));
        quote!(#name: #function())
    } else {
        quote!(#name: None)
    }
}

/// The constructor argument of a required field `f`, and the value it gives the field.
fn required_argument(f: &Field) -> (TokenStream, TokenStream) {
    let name = ident(&f.rust_name);
    if f.nullable {
        let ty = value_type(f);
        return (quote!(Option<#ty>), quote!(#name));
    }
    let (ty, value) = argument(&f.shape, &name);
    if f.boxed {
        (ty, quote!(Box::new(#value)))
    } else {
        (ty, value)
    }
}

/// `pub struct <Name>Required { ... }`, the required fields of a struct that has too many
/// for a readable argument list.
fn required_struct(s: &Struct) -> Option<TokenStream> {
    let name = ident(&s.required_struct()?);
    let doc = format!(
        " The required fields of [`{0}`], for [`{0}::new`]; write it as a struct literal.",
        s.name
    );
    let fields = s.fields.iter().filter(|f| f.required).map(|f| {
        let field = ident(&f.rust_name);
        let ty = value_type(f);
        let ty = if f.nullable { quote!(Option<#ty>) } else { ty };
        let doc = format!(" `{}`: {}", f.wire_name, spec_text(f.doc.trim()));
        let doc = doc_attrs(&doc);
        quote!(#doc pub #field: #ty,)
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
        }
    })
}

/// `new(required...)`, or nothing when `Default` does the job.
fn constructor(s: &Struct) -> TokenStream {
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    if required.is_empty() {
        return quote!();
    }
    let doc = format!(
        " Creates a `{}` from its required fields; optional fields start unset (or at their \
         default).",
        s.name
    );
    if let Some(parts) = s.required_struct() {
        let parts = ident(&parts);
        let inits = s.fields.iter().map(|f| {
            let name = ident(&f.rust_name);
            if f.required {
                quote!(#name: required.#name)
            } else {
                initial(s, f)
            }
        });
        return quote! {
            #[doc = #doc]
            pub fn new(required: #parts) -> Self {
                Self { #(#inits),* }
            }
        };
    }
    let params = required.iter().map(|f| {
        let name = ident(&f.rust_name);
        let (ty, _) = required_argument(f);
        quote!(#name: #ty)
    });
    let inits = s.fields.iter().map(|f| {
        let name = ident(&f.rust_name);
        if f.required {
            field_init(&name, required_argument(f).1)
        } else {
            initial(s, f)
        }
    });
    quote! {
        #[doc = #doc]
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits),* }
        }
    }
}

/// `with_<field>(value)` for each optional field.
fn setters(s: &Struct) -> TokenStream {
    let setters = s.fields.iter().filter(|f| !f.required).map(|f| {
        let name = ident(&f.rust_name);
        let setter = ident(&format!("with_{}", f.rust_name));
        let doc = format!(" Sets `{}`.", f.wire_name);
        let (ty, value) = if f.nullable {
            let ty = value_type(f);
            let value = if f.boxed {
                quote!(Some(#name.map(Box::new)))
            } else {
                quote!(Some(#name))
            };
            (quote!(Option<#ty>), value)
        } else {
            let (ty, value) = argument(&f.shape, &name);
            let value = if f.boxed {
                quote!(Box::new(#value))
            } else {
                value
            };
            if s.defaulted(f) {
                (ty, value)
            } else {
                (ty, quote!(Some(#value)))
            }
        };
        let doc = if f.nullable {
            format!(" Sets `{}`; `None` sends `null`.", f.wire_name)
        } else {
            doc
        };
        quote! {
            #[doc = #doc]
            pub fn #setter(mut self, #name: #ty) -> Self {
                self.#name = #value;
                self
            }
        }
    });
    quote!(#(#setters)*)
}

/// `impl runtime::Validate`: one line per field with anything to check; the runtime walks
/// lists and nested structs.
fn validate(service: &Service, s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let fields: Vec<TokenStream> = s
        .fields
        .iter()
        .filter(|f| has_checks(&f.shape, service))
        .map(|f| {
            let field = ident(&f.rust_name);
            let wire = &f.wire_name;
            let rules = rules(&f.shape);
            quote!(violations.field(#wire, &self.#field, #rules);)
        })
        .collect();
    if fields.is_empty() {
        return quote!(impl runtime::Validate for #name {});
    }
    quote! {
        impl runtime::Validate for #name {
            fn validate(&self, _: &[runtime::Constraints], violations: &mut runtime::Violations) {
                #(#fields)*
            }
        }
    }
}

fn enumeration(e: &Enum) -> TokenStream {
    if e.repr != EnumRepr::String {
        return integer_enumeration(e);
    }
    let name = ident(&e.name);
    let doc = enum_doc(e);
    let variants = variants(e);
    let (to_wire, from_wire) = wire_arms(e, |wire| quote!(#wire));
    let request = request_impls(e, quote!(runtime::ParamValue::Text(self.as_str())));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know, exactly as received.
            Unknown(String),
        }

        impl #name {
            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_wire)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }

        #request
    }
}

/// The variants of `e`, each with its docs (the wire value, what it means, its aliases).
fn variants(e: &Enum) -> impl Iterator<Item = TokenStream> + '_ {
    e.values.iter().map(|v| {
        let variant = ident(&v.variant);
        let mut text = format!("`{}`: {}", v.wire, spec_text(&v.doc));
        if !v.aliases.is_empty() {
            let aliases: Vec<String> = v.aliases.iter().map(|a| format!("`{a}`")).collect();
            text = paragraphs([text, format!("Also decoded from {}.", aliases.join(", "))]);
        }
        let doc = doc_attrs(&text);
        quote! {
            #doc
            #variant,
        }
    })
}

/// An enum of integers: `Copy`, read and written as a JSON number, unknown values kept.
fn integer_enumeration(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let int = if e.repr == EnumRepr::I32 {
        quote!(i32)
    } else {
        quote!(i64)
    };
    let doc = enum_doc(e);
    let variants = variants(e);
    let (to_wire, from_wire) = wire_arms(e, |wire| {
        let value: i64 = wire.trim().parse().unwrap_or_default();
        proc_macro2::Literal::i64_unsuffixed(value).into_token_stream()
    });
    let request = request_impls(
        e,
        quote!(runtime::ParamValue::Integer(i64::from(self.value()))),
    );
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know, exactly as received.
            Unknown(#int),
        }

        impl #name {
            /// The value as it is written on the wire.
            pub fn value(&self) -> #int {
                match self {
                    #(#to_wire)*
                    Self::Unknown(value) => *value,
                }
            }
        }

        impl From<#int> for #name {
            fn from(value: #int) -> Self {
                match value {
                    #(#from_wire)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&self.value(), serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <#int as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        #request
    }
}

/// The docs of an enum: the spec's text, then what happens to unknown values.
fn enum_doc(e: &Enum) -> TokenStream {
    doc_attrs(&paragraphs([
        spec_text(&e.doc).as_str(),
        "Values this version of the crate does not know are kept in `Unknown`, so a new value \
         on the server never breaks decoding.",
    ]))
}

/// The match arms from each variant to its wire value, and from each spelling (value and
/// aliases) to its variant, with `literal` writing a wire value.
fn wire_arms(
    e: &Enum,
    literal: impl Fn(&str) -> TokenStream,
) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let to_wire = e
        .values
        .iter()
        .map(|v| {
            let variant = ident(&v.variant);
            let wire = literal(&v.wire);
            quote!(Self::#variant => #wire,)
        })
        .collect();
    let from_wire = e
        .values
        .iter()
        .map(|v| {
            let variant = ident(&v.variant);
            let spellings = std::iter::once(&v.wire)
                .chain(&v.aliases)
                .map(|w| literal(w));
            quote!(#(#spellings)|* => Self::#variant,)
        })
        .collect();
    (to_wire, from_wire)
}

/// For an enum a request carries: `Validate` (nothing to check) and `ToParam`, which gives
/// `param_value`.
fn request_impls(e: &Enum, param_value: TokenStream) -> Option<TokenStream> {
    let name = ident(&e.name);
    e.in_request.then(|| {
        quote! {
            impl runtime::Validate for #name {}

            impl runtime::ToParam for #name {
                fn to_param(&self) -> runtime::ParamValue<'_> {
                    #param_value
                }
            }
        }
    })
}
