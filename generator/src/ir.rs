//! The checked, resolved form of a spec that the emitters work from.
//!
//! Every Rust name is decided here (by [`crate::check`]), every type reference is resolved and
//! every alias is inlined with its constraints, so emitting is a plain walk with no judgement.

pub use crate::spec::{AuthKind, ConfigValue, HeaderSource, ListStyle, Location};

/// The whole API: the crate and its services.
#[derive(Debug, Clone)]
pub struct Api {
    /// The generated crate's package.
    pub package: Package,
    /// Services, sorted by module name.
    pub services: Vec<Service>,
}

/// The generated crate's package metadata.
#[derive(Debug, Clone)]
pub struct Package {
    /// Cargo package name.
    pub name: String,
    /// Rust crate name (`-` → `_`).
    pub crate_name: String,
    /// Version.
    pub version: String,
    /// Description.
    pub description: String,
    /// License expression.
    pub license: String,
    /// The spec file it came from.
    pub source: String,
    /// Runtime crate package name.
    pub runtime_package: String,
    /// Runtime crate name as a Rust identifier.
    pub runtime_crate: String,
    /// Runtime version requirement.
    pub runtime_version: String,
    /// Runtime path relative to the generated crate.
    pub runtime_path: String,
}

/// One service: a module with a client.
#[derive(Debug, Clone)]
pub struct Service {
    /// The spec file it came from (`spec/garden.yaml`).
    pub source: String,
    /// Rust module name.
    pub module: String,
    /// PascalCase service name.
    pub name: String,
    /// Client type name.
    pub client: String,
    /// Product name.
    pub title: String,
    /// Module documentation.
    pub doc: String,
    /// The SDK's service name.
    pub sdk_name: String,
    /// Accepted auth schemes.
    pub auth: Vec<Auth>,
    /// Region → endpoints.
    pub endpoints: Vec<(String, Vec<String>)>,
    /// Operations in spec order.
    pub operations: Vec<Operation>,
    /// Named structs and enums in spec order.
    pub types: Vec<NamedType>,
}

/// An accepted auth scheme.
#[derive(Debug, Clone)]
pub struct Auth {
    /// Which scheme.
    pub kind: AuthKind,
    /// Token header, for `token`.
    pub header: Option<String>,
    /// Documentation.
    pub doc: String,
}

/// One operation: a request type, a client method and its tests.
#[derive(Debug, Clone)]
pub struct Operation {
    /// PascalCase name.
    pub name: String,
    /// Client method name.
    pub method: String,
    /// Request type name.
    pub request_type: String,
    /// One-line summary.
    pub summary: String,
    /// Longer documentation.
    pub doc: Option<String>,
    /// HTTP method, upper-case.
    pub http_method: String,
    /// Path template with `{wire_name}` placeholders.
    pub path: String,
    /// Deprecation note.
    pub deprecated: Option<String>,
    /// Safe to repeat, so the client may retry it.
    pub idempotent: bool,
    /// Parameters that are request fields, in spec order.
    pub params: Vec<Param>,
    /// Header parameters the transport supplies (documentation only).
    pub transport_headers: Vec<TransportHeader>,
    /// The request body.
    pub body: Option<Body>,
    /// The `Content-Type` sent with every call.
    pub content_type: String,
    /// The success response.
    pub success: Option<Response>,
    /// Documented error responses.
    pub errors: Vec<Response>,
    /// Documented examples.
    pub examples: Vec<Example>,
}

/// A parameter that the caller sets on the request.
#[derive(Debug, Clone)]
pub struct Param {
    /// Name on the wire.
    pub wire_name: String,
    /// Rust field name.
    pub rust_name: String,
    /// Where it travels.
    pub location: Location,
    /// Its shape.
    pub shape: Shape,
    /// Documentation.
    pub doc: String,
    /// Required on the request (path parameters without a configured default are).
    pub required: bool,
    /// The value the server assumes when the parameter is not sent (documentation).
    pub default: Option<serde_json::Value>,
    /// A configuration value that fills it when unset.
    pub default_from: Option<ConfigValue>,
    /// How a list value goes into the query string.
    pub style: ListStyle,
}

/// A header that the transport sends; documented on the method.
#[derive(Debug, Clone)]
pub struct TransportHeader {
    /// Header name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// Where it comes from.
    pub from: crate::spec::HeaderSource,
}

/// The request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// Its shape.
    pub shape: Shape,
    /// Documentation.
    pub doc: String,
    /// Whether the caller must give one.
    pub required: bool,
    /// How it is written (follows from the content type).
    pub encoding: Encoding,
}

/// How a body is written on the wire, following from its content type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// JSON (`application/json`, `...+json`).
    Json,
    /// Plain text (`text/*`, a `string` body).
    Text,
    /// Raw bytes (a `bytes` body).
    Bytes,
    /// `application/x-www-form-urlencoded` (a struct of scalars and lists of scalars).
    Form,
    /// `multipart/form-data` (a struct of scalars and `file`s).
    Multipart,
}

/// A documented, typed response header.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// Header name as the spec writes it.
    pub name: String,
    /// Rust field name in the headers struct.
    pub rust_name: String,
    /// Its shape (a scalar or a string enum).
    pub shape: Shape,
    /// Documentation.
    pub doc: String,
}

/// A documented response.
#[derive(Debug, Clone)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// What it means.
    pub doc: String,
    /// Body shape, if typed.
    pub body: Option<Shape>,
    /// When the body is not of `body`'s type, the client returns it as text instead of an
    /// error (the method returns `runtime::OrText<T>`).
    pub or_text: bool,
    /// The body's content type.
    pub content_type: String,
    /// How the body is read: JSON, text, or bytes (streamed for a success response).
    pub encoding: Encoding,
    /// Documented headers (success responses only), in spec order.
    pub headers: Vec<ResponseHeader>,
}

/// A value's type with the constraints that apply to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The type.
    pub kind: Kind,
    /// Constraints checked before sending (for request values).
    pub constraints: Constraints,
    /// Documentation inherited from a named scalar type.
    pub alias_doc: Option<String>,
}

/// The type of a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `serde_json::Value`: any JSON value.
    Json,
    /// `serde_json::Map<String, serde_json::Value>`: a JSON object of any keys and values.
    Object,
    /// `Vec<T>`.
    List(Box<Shape>),
    /// `BTreeMap<String, T>`: a JSON object whose keys are not known in advance.
    Map(Box<Shape>),
    /// A named struct or enum, by Rust type name.
    Named(String),
    // Body-only kinds: the checker allows them only where noted.
    /// `runtime::Bytes`: a raw request body or a streamed response body (`bytes`).
    Bytes,
    /// `runtime::FilePart`: a file field of a multipart body (`file`).
    File,
}

/// Checked constraints: the runtime's own type, so that the limits the generator checks the
/// spec's examples with are the ones the client checks requests with.
pub type Constraints = huaweicloud_devops_rules::Constraints<String>;

/// A named model type.
#[derive(Debug, Clone)]
pub enum NamedType {
    /// A struct.
    Struct(Struct),
    /// An enum.
    Enum(Enum),
}

/// A struct model.
#[derive(Debug, Clone)]
pub struct Struct {
    /// Rust type name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// Whether a request (transitively) carries it, so it needs a constructor and validation.
    pub in_request: bool,
}

/// A struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Wire name.
    pub wire_name: String,
    /// Rust name.
    pub rust_name: String,
    /// Shape.
    pub shape: Shape,
    /// Documentation.
    pub doc: String,
    /// Whether it must be present.
    pub required: bool,
    /// Whether `null` is distinct from absence: the field is `Option<Option<T>>` when optional
    /// (absent, `null`, a value) and `Option<T>` sent as `null` when required.
    pub nullable: bool,
    /// The value the server assumes when the field is absent. In a struct no request carries,
    /// the field is a plain `T` that starts at (and decodes an absent value as) this value;
    /// in a request it stays optional, since the client sends only what the caller set.
    pub default: Option<serde_json::Value>,
    /// Held in a `Box`: the field's type contains the struct itself (directly or through
    /// other structs), which would otherwise have no size.
    pub boxed: bool,
}

/// An enum of strings or of integers.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Rust type name.
    pub name: String,
    /// What the values are on the wire.
    pub repr: EnumRepr,
    /// Documentation.
    pub doc: String,
    /// Known values.
    pub values: Vec<EnumValue>,
    /// Whether a request (transitively) carries it, so it is validated with the request.
    pub in_request: bool,
}

/// What an enum's values are on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    /// JSON strings.
    String,
    /// JSON integers that fit in `i32`.
    I32,
    /// JSON integers.
    I64,
}

/// One known enum value.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// Canonical wire value (an integer enum's as decimal text).
    pub wire: String,
    /// Rust variant name.
    pub variant: String,
    /// Documentation.
    pub doc: String,
    /// Other accepted spellings.
    pub aliases: Vec<String>,
}

/// A documented example, checked against the operation.
#[derive(Debug, Clone)]
pub struct Example {
    /// snake_case name.
    pub name: String,
    /// What it shows.
    pub doc: String,
    /// Parameter values by wire name, in the operation's parameter order.
    pub params: Vec<(String, serde_json::Value)>,
    /// Request body.
    pub body: Option<serde_json::Value>,
    /// Response status.
    pub status: u16,
    /// Response body (`Some(Null)` is a literal `null`).
    pub response_body: Option<serde_json::Value>,
    /// Response headers by name, in the order of the response's documented headers.
    pub response_headers: Vec<(String, serde_json::Value)>,
}

/// The most arguments a generated constructor takes (clippy's `too_many_arguments` limit):
/// a struct with more required fields takes them as a struct
/// ([`Struct::required_struct`]).
pub const MAX_ARGUMENTS: usize = 7;

impl Struct {
    /// The name of the struct that holds this struct's required fields for its constructor,
    /// when there are more than [`MAX_ARGUMENTS`] of them (`<Name>Required`).
    pub fn required_struct(&self) -> Option<String> {
        let required = self.fields.iter().filter(|f| f.required).count();
        (required > MAX_ARGUMENTS).then(|| format!("{}Required", self.name))
    }

    /// Whether `field` (one of this struct's) is a plain `T` that starts at, and decodes an
    /// absent value as, its default. Only in structs no request carries: the client never
    /// sends a value the caller did not set (nor does the official SDK), so a request's field
    /// with a default stays optional.
    pub fn defaulted(&self, field: &Field) -> bool {
        field.default.is_some() && !self.in_request
    }
}

impl Shape {
    /// The shape of the items or values, for a list or a map.
    pub fn item(&self) -> Option<&Shape> {
        match &self.kind {
            Kind::List(item) | Kind::Map(item) => Some(item),
            _ => None,
        }
    }

    /// The named struct or enum this shape refers to, directly or through lists and maps.
    pub fn named(&self) -> Option<&str> {
        match &self.kind {
            Kind::Named(name) => Some(name),
            _ => self.item().and_then(Shape::named),
        }
    }
}

impl Operation {
    /// The name of the struct that holds the request's required values for its constructor,
    /// when there are more than [`MAX_ARGUMENTS`] of them (`<Name>RequestRequired`).
    pub fn required_struct(&self) -> Option<String> {
        let required = self.params.iter().filter(|p| p.required).count()
            + usize::from(self.body.as_ref().is_some_and(|b| b.required));
        (required > MAX_ARGUMENTS).then(|| format!("{}Required", self.request_type))
    }

    /// The name of the struct of the success response's typed headers, when it documents
    /// any (`ListThingsResponseHeaders`).
    pub fn headers_type(&self) -> Option<String> {
        self.success
            .as_ref()
            .filter(|s| !s.headers.is_empty())
            .map(|_| format!("{}ResponseHeaders", self.name))
    }

    /// The documented response for `status`.
    pub fn response(&self, status: u16) -> Option<&Response> {
        self.success
            .iter()
            .chain(self.errors.iter())
            .find(|r| r.status == status)
    }
}

impl Service {
    /// The named type called `name`.
    pub fn named(&self, name: &str) -> Option<&NamedType> {
        self.types.iter().find(|t| t.name() == name)
    }
}

impl NamedType {
    /// The Rust type name.
    pub fn name(&self) -> &str {
        match self {
            NamedType::Struct(s) => &s.name,
            NamedType::Enum(e) => &e.name,
        }
    }
}
