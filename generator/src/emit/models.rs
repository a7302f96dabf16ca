//! `src/<module>/models.rs`: the named structs and enums of a service.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, paragraphs, spec_text, value_doc};
use super::rust_type::{argument, field_init, rust_type};
use super::validation::{has_checks, rules};
use super::{File, ident, rust_file};
use crate::ir::{Api, Enum, EnumRepr, Field, NamedType, Service, Struct};

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
    let fields = s.fields.iter().map(|f| field(f, in_request));
    let all_optional = s.fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote!(Default,));
    let constructor = constructor(s);
    let setters = if in_request { setters(s) } else { quote!() };
    let methods = quote!(#constructor #setters);
    let methods = (!methods.is_empty()).then(|| quote!(impl #name { #methods }));
    let validate = in_request.then(|| validate(service, s));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #methods

        #validate
    }
}

fn field(f: &Field, in_request: bool) -> TokenStream {
    let name = ident(&f.rust_name);
    let doc = doc_attrs(&value_doc(&f.doc, &f.shape, in_request));
    let ty = rust_type(&f.shape);
    let rename = (f.wire_name != f.rust_name).then(|| {
        let wire = &f.wire_name;
        quote!(#[serde(rename = #wire)])
    });
    if f.required {
        quote! {
            #doc
            #rename
            pub #name: #ty,
        }
    } else {
        quote! {
            #doc
            #rename
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub #name: Option<#ty>,
        }
    }
}

/// `new(required...)`, or nothing when `Default` does the job.
fn constructor(s: &Struct) -> TokenStream {
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    if required.is_empty() {
        return quote!();
    }
    let params = required.iter().map(|f| {
        let name = ident(&f.rust_name);
        let (ty, _) = argument(&f.shape, &name);
        quote!(#name: #ty)
    });
    let inits = s.fields.iter().map(|f| {
        let name = ident(&f.rust_name);
        if f.required {
            field_init(&name, argument(&f.shape, &name).1)
        } else {
            quote!(#name: None)
        }
    });
    let doc = format!(
        " Creates a `{}` from its required fields; optional fields start unset.",
        s.name
    );
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
        let (ty, value) = argument(&f.shape, &name);
        let doc = format!(" Sets `{}`.", f.wire_name);
        quote! {
            #[doc = #doc]
            pub fn #setter(mut self, #name: #ty) -> Self {
                self.#name = Some(#value);
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
    let doc = doc_attrs(&paragraphs([
        spec_text(&e.doc).as_str(),
        "Values this version of the crate does not know are kept in `Unknown`, so a new value \
         on the server never breaks decoding.",
    ]));
    let variants = variants(e);
    let to_wire = e.values.iter().map(|v| {
        let variant = ident(&v.variant);
        let wire = &v.wire;
        quote!(Self::#variant => #wire,)
    });
    let from_wire = e.values.iter().map(|v| {
        let variant = ident(&v.variant);
        let spellings = std::iter::once(&v.wire).chain(&v.aliases);
        quote!(#(#spellings)|* => Self::#variant,)
    });
    let request = e.in_request.then(|| {
        quote! {
            impl runtime::Validate for #name {}

            impl runtime::ToParam for #name {
                fn to_param(&self) -> runtime::ParamValue<'_> {
                    runtime::ParamValue::Text(self.as_str())
                }
            }
        }
    });
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
    let doc = doc_attrs(&paragraphs([
        spec_text(&e.doc).as_str(),
        "Values this version of the crate does not know are kept in `Unknown`, so a new value \
         on the server never breaks decoding.",
    ]));
    let variants = variants(e);
    let number = |text: &str| {
        let value: i64 = text.trim().parse().unwrap_or_default();
        proc_macro2::Literal::i64_unsuffixed(value)
    };
    let to_wire = e.values.iter().map(|v| {
        let variant = ident(&v.variant);
        let wire = number(&v.wire);
        quote!(Self::#variant => #wire,)
    });
    let from_wire = e.values.iter().map(|v| {
        let variant = ident(&v.variant);
        let spellings = std::iter::once(&v.wire)
            .chain(&v.aliases)
            .map(|w| number(w));
        quote!(#(#spellings)|* => Self::#variant,)
    });
    let request = e.in_request.then(|| {
        quote! {
            impl runtime::Validate for #name {}

            impl runtime::ToParam for #name {
                fn to_param(&self) -> runtime::ParamValue<'_> {
                    runtime::ParamValue::Integer(i64::from(self.value()))
                }
            }
        }
    });
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
