//! The spec model: a mirror of the YAML files in `spec/`, exactly as written.
//!
//! Nothing here is judged; [`crate::check`] does that. Keys that are not declared here are
//! collected by the loader (see [`crate::load`]) and reported with their position, all at once.
//! Maps keep the order of the file so that generated code follows the spec's order.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};

/// Constraints as the spec writes them: the rules crate's type, with an owned pattern.
pub type Constraints = huaweicloud_devops_rules::Constraints<String>;

/// Declares a spec struct with the constraint keys (`min_length`, `max_length`, `pattern`,
/// `minimum`, `maximum`, `min_items`, `max_items`) added to its fields, and a `constraints()`
/// method that collects them.
///
/// The keys are written once, here. They cannot be a `#[serde(flatten)]` struct: serde_ignored,
/// which reports unknown keys, does not see through `flatten`, and schemars would lose
/// `deny_unknown_fields`; so they are spliced into each struct that takes them.
macro_rules! with_constraint_keys {
    ($(#[$meta:meta])* pub struct $name:ident { $($fields:tt)* }) => {
        $(#[$meta])*
        pub struct $name {
            $($fields)*
            /// Minimum string length in characters.
            pub min_length: Option<u64>,
            /// Maximum string length in characters.
            pub max_length: Option<u64>,
            /// Regular expression the whole value must match.
            pub pattern: Option<String>,
            /// Inclusive integer minimum.
            pub minimum: Option<i64>,
            /// Inclusive integer maximum.
            pub maximum: Option<i64>,
            /// Minimum number of list items.
            pub min_items: Option<u64>,
            /// Maximum number of list items.
            pub max_items: Option<u64>,
        }

        impl $name {
            /// The constraints written here, as written (the checker judges them).
            pub fn constraints(&self) -> Constraints {
                Constraints {
                    min_length: self.min_length,
                    max_length: self.max_length,
                    pattern: self.pattern.clone(),
                    minimum: self.minimum,
                    maximum: self.maximum,
                    min_items: self.min_items,
                    max_items: self.max_items,
                }
            }
        }
    };
}

/// `spec/package.yaml`: the generated crate as a whole.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PackageFile {
    /// The generated crate's Cargo package.
    pub package: Package,
    /// The hand-written runtime crate that generated code calls.
    pub runtime: Runtime,
}

/// The generated crate's Cargo package metadata.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Package {
    /// Cargo package name (kebab-case).
    pub name: String,
    /// Semver version of the generated crate.
    pub version: String,
    /// One-line description.
    pub description: String,
    /// SPDX license expression.
    pub license: String,
}

/// Where the runtime crate lives.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Runtime {
    /// Cargo package name of the runtime crate.
    pub package: String,
    /// Its version (for the dependency requirement).
    pub version: String,
    /// Its directory, relative to the generated crate's directory.
    pub path: String,
}

/// One service file, `spec/<module>.yaml`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ServiceFile {
    /// PascalCase service name; the client type is `<service>Client`.
    pub service: String,
    /// Product name as people write it.
    pub title: String,
    /// Markdown documentation of the service.
    pub doc: String,
    /// The official SDK's service name (used in region override variables).
    pub sdk_name: String,
    /// Accepted auth schemes, in order of preference.
    pub auth: Vec<AuthScheme>,
    /// Region id → endpoints (first preferred, later ones fallbacks).
    pub endpoints: IndexMap<String, Vec<String>>,
    /// Operations by PascalCase name, in spec order.
    pub operations: IndexMap<String, Operation>,
    /// Named types by name, in spec order.
    #[serde(default)]
    pub types: IndexMap<String, TypeDef>,
}

/// An auth scheme a service accepts.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AuthScheme {
    /// Which scheme.
    pub scheme: AuthKind,
    /// The header that carries the token (`token` only).
    pub header: Option<String>,
    /// What the scheme is and where its secret comes from.
    pub doc: String,
}

/// The kinds of auth scheme the runtime implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuthKind {
    /// AK/SK request signing (SDK-HMAC-SHA256).
    Aksk,
    /// An IAM token sent in a header.
    Token,
}

/// One operation.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Operation {
    /// One-line summary.
    pub summary: String,
    /// Longer Markdown documentation.
    pub doc: Option<String>,
    /// `METHOD /path/{param}`.
    pub http: String,
    /// Deprecation message, when the operation is deprecated.
    pub deprecated: Option<String>,
    /// Safe to repeat (the same call twice has the effect of one), so the client may retry it.
    #[serde(default)]
    pub idempotent: bool,
    /// Path, query and header parameters by wire name.
    #[serde(default)]
    pub params: IndexMap<String, Field>,
    /// The request body and content type.
    pub request: Option<Request>,
    /// Documented responses by status code.
    pub responses: IndexMap<u16, Response>,
    /// Documented examples; each becomes a conformance test.
    #[serde(default)]
    pub examples: Vec<Example>,
}

/// The request side of an operation.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Request {
    /// The `Content-Type` sent with every call (default `application/json`). It decides how
    /// the body is written: JSON (`application/json`, `...+json`), plain text (`text/*`
    /// with a `string` body), a URL-encoded form (`application/x-www-form-urlencoded`, a
    /// struct body), `multipart/form-data` (a struct body whose fields may be `file`), or raw
    /// bytes (any other type, with a `bytes` body).
    pub content_type: Option<String>,
    /// The body, if the operation takes one.
    pub body: Option<Field>,
}

/// A documented response.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Response {
    /// What the status means.
    pub doc: String,
    /// The body's type expression; none means the body is ignored.
    pub body: Option<String>,
    /// The service does not promise the body's shape (it may answer with a bare JSON string
    /// or plain text): the client returns the body as text when it is not of the type, instead
    /// of an error. Success responses with a body only.
    #[serde(default)]
    pub or_text: bool,
    /// The body's `Content-Type` (default `application/json`): `text/*` with a `string`
    /// body is returned as text; a `bytes` body (any non-JSON type) is streamed to the caller.
    pub content_type: Option<String>,
    /// Documented response headers by name, decoded to their types (success responses only).
    #[serde(default)]
    pub headers: IndexMap<String, ResponseHeader>,
}

/// A documented response header.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ResponseHeader {
    /// Type expression: a scalar (`string`, `boolean`, `int32`, `int64`, `float64`), a
    /// constrained scalar or a string enum.
    #[serde(rename = "type")]
    pub ty: String,
    /// What the header says (English).
    pub doc: String,
    /// Rust identifier override.
    pub rust_name: Option<String>,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    /// A `{name}` segment of the path.
    Path,
    /// A query-string pair.
    Query,
    /// A request header.
    Header,
}

/// Who supplies a header that is not a per-call argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HeaderSource {
    /// The auth scheme (a token header).
    Credentials,
    /// The request body (`Content-Type`).
    Body,
}

/// How a list-valued query parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ListStyle {
    /// One pair per item: `tag=a&tag=b` (the default).
    Repeat,
    /// One pair, the items joined by commas: `tag=a,b`.
    Comma,
}

/// Values the client configuration can supply to a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConfigValue {
    /// The configured project id.
    ProjectId,
}

with_constraint_keys! {
/// A struct field, a parameter or a request body: a typed, documented, constrained value.
///
/// `in`, `from`, `default_from` and `style` are meaningful for parameters only; the checker rejects
/// them elsewhere.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Field {
    /// Type expression.
    #[serde(rename = "type")]
    pub ty: String,
    /// Documentation (English).
    pub doc: String,
    /// Whether the value must be present.
    #[serde(default)]
    pub required: bool,
    /// Whether `null` is a value of its own, distinct from absence (a request may have to send
    /// `null`; a response may say `null` where absence means something else).
    #[serde(default)]
    pub nullable: bool,
    /// The value the server assumes when the field is absent (a scalar or an enum value).
    pub default: Option<serde_json::Value>,
    /// Rust identifier override.
    pub rust_name: Option<String>,
    /// Parameter location.
    #[serde(rename = "in")]
    pub location: Option<Location>,
    /// Header supplied by the transport rather than the caller.
    pub from: Option<HeaderSource>,
    /// Configuration value that fills the parameter when the request leaves it unset.
    pub default_from: Option<ConfigValue>,
    /// How a list-valued query parameter is written (default `repeat`).
    pub style: Option<ListStyle>,
}
}

with_constraint_keys! {
/// A named type: exactly one of a constrained scalar (`type`), a struct (`fields`) or an enum
/// (`values`, with `type: int32` or `int64` for an integer enum).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TypeDef {
    /// Documentation (English).
    pub doc: String,
    /// Underlying type of a constrained scalar, or of an enum's values (`string`, the
    /// default, `int32` or `int64`).
    #[serde(rename = "type")]
    pub ty: Option<String>,
    /// Struct fields by wire name.
    pub fields: Option<IndexMap<String, Field>>,
    /// Enum values.
    pub values: Option<Vec<EnumValue>>,
}
}

/// One value of an enum.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct EnumValue {
    /// The wire value: a string, or an integer in an enum of `type: int32` or `int64`.
    /// Kept as written (the checker tells `0` from `"0"`).
    #[schemars(with = "WireValue")]
    pub value: serde_json::Value,
    /// What it means.
    pub doc: String,
    /// Other spellings the server may send for the same value.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Rust variant name override.
    pub rust_name: Option<String>,
}

/// What an enum's wire value may be, for the JSON Schema.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)] // Only its schema is used.
enum WireValue {
    /// A value of an integer enum.
    Integer(i64),
    /// A value of a string enum.
    Text(String),
}

/// A documented example: a request and the response it gets.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Example {
    /// snake_case name, unique within the operation.
    pub name: String,
    /// What the example shows.
    pub doc: String,
    /// The request.
    pub request: ExampleRequest,
    /// The response.
    pub response: ExampleResponse,
}

/// The request half of an example.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ExampleRequest {
    /// Parameter values by wire name.
    #[serde(default)]
    pub params: IndexMap<String, serde_json::Value>,
    /// The body: JSON; a string for a text or bytes body; an object for a form, where a
    /// `file` field is `{ file_name, content_type, content }` (content as text).
    #[serde(default, deserialize_with = "present")]
    pub body: Option<serde_json::Value>,
}

/// The response half of an example.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ExampleResponse {
    /// HTTP status code.
    pub status: u16,
    /// The JSON body; `Some(Value::Null)` is the literal `null`; a string for a text or
    /// bytes body.
    #[serde(default, deserialize_with = "present")]
    pub body: Option<serde_json::Value>,
    /// Documented response headers the example answers with, by name.
    #[serde(default)]
    pub headers: IndexMap<String, serde_json::Value>,
}

/// Distinguishes `body: null` (`Some(Null)`) from a missing `body` key (`None`).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(d).map(Some)
}
