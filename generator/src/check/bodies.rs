//! Bodies and their content types: how a request body is written (JSON, text, bytes, a
//! URL-encoded or multipart form) and how a response body is read (JSON, text, a streamed
//! download); typed response headers; and the body-only type expressions `bytes` and `file`,
//! which nothing else may use.

use std::collections::BTreeMap;

use super::{Checker, YamlPath};
use crate::ir::{self, Encoding};
use crate::spec::{self, ServiceFile};

/// The content type of a body that names none.
pub(super) const DEFAULT_CONTENT_TYPE: &str = "application/json";

/// What a content type says about the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Media {
    /// `application/json` or `.../...+json`.
    Json,
    /// `text/*`.
    Text,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// Anything else.
    Other,
}

/// Classifies `content_type` (`type/subtype`, optionally with `;` parameters); `Err` with what
/// is wrong when it is no media type.
pub(super) fn media(content_type: &str) -> Result<Media, String> {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let token = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
    };
    let Some((kind, subtype)) = essence.split_once('/') else {
        return Err(format!("`{content_type}` is not a media type"));
    };
    if !token(kind) || !token(subtype) || content_type.contains(['\r', '\n']) {
        return Err(format!("`{content_type}` is not a media type"));
    }
    Ok(match (kind, subtype) {
        ("application", "json") => Media::Json,
        (_, sub) if sub.ends_with("+json") => Media::Json,
        ("text", _) => Media::Text,
        ("application", "x-www-form-urlencoded") => Media::Form,
        ("multipart", "form-data") => Media::Multipart,
        _ => Media::Other,
    })
}

/// The help that says which content type takes which body.
const CONTENT_TYPES_HELP: &str = "application/json (any type), text/plain (string), \
     application/x-www-form-urlencoded (a struct of scalars), multipart/form-data (a struct of \
     scalars and files) or any other type, e.g. application/octet-stream (bytes)";

/// The spec's name of a body's kind, for messages.
fn kind_word(kind: &ir::Kind) -> &'static str {
    match kind {
        ir::Kind::Bytes => "bytes",
        ir::Kind::File => "file",
        ir::Kind::String => "string",
        ir::Kind::Named(_) => "a named type",
        ir::Kind::List(_) => "a list",
        ir::Kind::Map(_) => "a map",
        ir::Kind::Object | ir::Kind::Json => "free-form JSON",
        _ => "a scalar",
    }
}

/// Whether `kind`, inside a form, is one value or a list of values (no objects).
fn form_scalar(kind: &ir::Kind, types: &[ir::NamedType], list_ok: bool) -> bool {
    match kind {
        ir::Kind::String | ir::Kind::Bool | ir::Kind::I32 | ir::Kind::I64 | ir::Kind::F64 => true,
        ir::Kind::Named(name) => matches!(
            types.iter().find(|t| t.name() == name),
            Some(ir::NamedType::Enum(_))
        ),
        ir::Kind::List(item) if list_ok => form_scalar(&item.kind, types, false),
        _ => false,
    }
}

/// The struct types that are the body of a `multipart/form-data` request somewhere in the
/// file, as written (whether or not the operation has other problems).
fn multipart_structs(spec: &ServiceFile) -> Vec<&str> {
    spec.operations
        .values()
        .filter_map(|op| op.request.as_ref())
        .filter(|r| {
            r.content_type
                .as_deref()
                .is_some_and(|ct| media(ct) == Ok(Media::Multipart))
        })
        .filter_map(|r| r.body.as_ref())
        .map(|b| b.ty.trim())
        .collect()
}

impl Checker<'_, ServiceFile> {
    /// Checks that the request body of `shape`, written at `at` (under `request:` at
    /// `request_at`), fits the content type `content_type`, and says how it is written.
    pub(super) fn request_encoding(
        &mut self,
        content_type: &str,
        shape: &ir::Shape,
        types: &[ir::NamedType],
        at: &YamlPath,
    ) -> Option<Encoding> {
        let Ok(media) = media(content_type) else {
            // Reported by `content_type`.
            return None;
        };
        let type_at = at.child("type");
        let wrong = |this: &mut Self, message: String, help: &str| {
            this.error_at_value(&type_at, message, help);
            None
        };
        match (media, &shape.kind) {
            (Media::Json, ir::Kind::Bytes | ir::Kind::File) => wrong(
                self,
                format!(
                    "a `{}` body cannot be sent as `{content_type}`, a JSON content type",
                    kind_word(&shape.kind)
                ),
                "set `content_type:` to what the bytes are (e.g. application/octet-stream), or give the body a JSON type",
            ),
            (Media::Json, _) => Some(Encoding::Json),
            (Media::Form | Media::Multipart, ir::Kind::Named(name)) => {
                let multipart = media == Media::Multipart;
                match types.iter().find(|t| t.name() == name) {
                    Some(ir::NamedType::Struct(s)) => {
                        self.form_fields(s, multipart, types);
                        Some(if multipart {
                            Encoding::Multipart
                        } else {
                            Encoding::Form
                        })
                    }
                    _ => wrong(
                        self,
                        format!("a `{content_type}` body must be a struct; `{name}` is not one"),
                        "name a struct under `types:` whose fields are the form's fields",
                    ),
                }
            }
            (Media::Form | Media::Multipart, kind) => wrong(
                self,
                format!(
                    "a `{content_type}` body must be a struct, not {}",
                    kind_word(kind)
                ),
                "name a struct under `types:` whose fields are the form's fields",
            ),
            (Media::Text, ir::Kind::String) => Some(Encoding::Text),
            (Media::Text | Media::Other, ir::Kind::Bytes) => Some(Encoding::Bytes),
            (Media::Text, kind) => wrong(
                self,
                format!(
                    "a `{content_type}` body is text or bytes, not {}",
                    kind_word(kind)
                ),
                "make the body `type: string` (or `bytes`), or use application/json",
            ),
            (Media::Other, kind) => wrong(
                self,
                format!(
                    "a `{content_type}` body is sent as raw bytes, not {}",
                    kind_word(kind)
                ),
                &format!("make the body `type: bytes`, or use one of {CONTENT_TYPES_HELP}"),
            ),
        }
    }

    /// Checks the fields of the form body `s`: scalars, string enums and lists of them, and in
    /// a multipart body also `file`.
    fn form_fields(&mut self, s: &ir::Struct, multipart: bool, types: &[ir::NamedType]) {
        for field in &s.fields {
            let ok = form_scalar(&field.shape.kind, types, true)
                || (multipart && field.shape.kind == ir::Kind::File);
            if ok {
                continue;
            }
            let at = YamlPath::new(&["types", &s.name, "fields", &field.wire_name, "type"]);
            let (message, help) = if multipart {
                (
                    format!(
                        "the field `{}` of the multipart body `{}` is neither a scalar nor a file",
                        field.wire_name, s.name
                    ),
                    "a multipart field is a string, boolean, number, string enum, a list of those, or `file`",
                )
            } else {
                (
                    format!(
                        "the field `{}` of the form body `{}` is not a scalar: a URL-encoded form cannot nest objects",
                        field.wire_name, s.name
                    ),
                    "flatten it into scalar fields (string, boolean, numbers, string enums or lists of them), or send the body as application/json",
                )
            };
            self.error_at_value(&at, message, help);
        }
    }

    /// Checks a response's `content_type` and body (at `at`, the body already resolved as
    /// `body`) and says how the body is read.
    pub(super) fn response_encoding(
        &mut self,
        status: u16,
        response: &spec::Response,
        body: Option<&ir::Shape>,
        at: &YamlPath,
    ) -> (String, Encoding) {
        let content_type = response
            .content_type
            .clone()
            .unwrap_or_else(|| DEFAULT_CONTENT_TYPE.to_owned());
        let media = match media(&content_type) {
            Ok(media) => media,
            Err(problem) => {
                self.error_at_value(
                    &at.child("content_type"),
                    problem,
                    "write a media type such as application/json, text/plain or application/octet-stream",
                );
                return (content_type, Encoding::Json);
            }
        };
        let Some(shape) = body else {
            if response.content_type.is_some() && response.body.is_none() {
                self.error_at_key(
                    &at.child("content_type"),
                    "`content_type` describes the body, but the response documents none",
                    "add the `body:` type, or remove `content_type`",
                );
            }
            return (content_type, Encoding::Json);
        };
        let body_at = at.child("body");
        let success = (200..300).contains(&status);
        let encoding = match (media, &shape.kind) {
            (_, ir::Kind::File) => {
                self.error_at_value(
                    &body_at,
                    "`file` is for fields of a multipart/form-data request body",
                    "a response of raw content is `body: bytes`",
                );
                Encoding::Json
            }
            (Media::Json, ir::Kind::Bytes) => {
                self.error_at_value(
                    &body_at,
                    format!("a `bytes` body cannot be read as `{content_type}`, a JSON content type"),
                    "set `content_type:` to what the bytes are (e.g. application/octet-stream), or give the body a JSON type",
                );
                Encoding::Json
            }
            (Media::Json, _) => Encoding::Json,
            (Media::Text, ir::Kind::String) => Encoding::Text,
            (Media::Text | Media::Other | Media::Form | Media::Multipart, ir::Kind::Bytes) => {
                if !success {
                    self.error_at_value(
                        &body_at,
                        "an error body is read whole into `Error::Api`, never streamed",
                        "document it as `string` (text/*) or a JSON type",
                    );
                }
                Encoding::Bytes
            }
            (Media::Text, kind) => {
                self.error_at_value(
                    &body_at,
                    format!("a `{content_type}` body is read as `string` or `bytes`, not {}", kind_word(kind)),
                    "make it `body: string` (text) or `body: bytes` (streamed), or use application/json",
                );
                Encoding::Json
            }
            (_, kind) => {
                self.error_at_value(
                    &body_at,
                    format!("a `{content_type}` body is read as raw bytes, not {}", kind_word(kind)),
                    "make it `body: bytes` (streamed to the caller), or use application/json for a typed body",
                );
                Encoding::Json
            }
        };
        if response.or_text && encoding != Encoding::Json {
            self.error_at_key(
                &at.child("or_text"),
                "`or_text` is for JSON bodies",
                "remove `or_text`: a text or bytes body is never decoded",
            );
        }
        (content_type, encoding)
    }

    /// Checks and lowers the documented headers of the response `status`, at `at`.
    pub(super) fn response_headers(
        &mut self,
        status: u16,
        response: &spec::Response,
        types: &[ir::NamedType],
        at: &YamlPath,
    ) -> Vec<ir::ResponseHeader> {
        let mut out = Vec::new();
        if response.headers.is_empty() {
            return out;
        }
        if !(200..300).contains(&status) {
            self.error_at_key(
                &at.child("headers"),
                "typed headers are decoded for the success response only",
                "move `headers:` to the 2xx response, or describe the header in `doc`",
            );
            return out;
        }
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        let mut lower: BTreeMap<String, String> = BTreeMap::new();
        for (name, header) in &response.headers {
            let here = at.child("headers").child(name);
            self.require_header_name(&here, name);
            self.require_text(&here.child("doc"), &header.doc);
            if let Some(other) = lower.insert(name.to_ascii_lowercase(), name.clone()) {
                self.error_at_key(
                    &here,
                    format!("`{other}` and `{name}` are the same header (names ignore case)"),
                    "document each header once",
                );
            }
            let rust_name = self.rust_field_name(name, header.rust_name.as_deref(), &here);
            if let Some(other) = names.insert(rust_name.clone(), name.clone()) {
                self.error_at_key(
                    &here,
                    format!("headers `{other}` and `{name}` both become the field `{rust_name}`"),
                    "give one of them a different `rust_name`",
                );
            }
            let Some(shape) = self.shape(&header.ty, &ir::Constraints::default(), &here) else {
                continue;
            };
            if !form_scalar(&shape.kind, types, false) {
                self.error_at_value(
                    &here.child("type"),
                    format!("a header is one value; `{}` is not a scalar", header.ty.trim()),
                    "use string, boolean, int32, int64, float64, a constrained scalar or a string enum",
                );
                continue;
            }
            out.push(ir::ResponseHeader {
                name: name.clone(),
                rust_name,
                shape,
                doc: header.doc.clone(),
            });
        }
        out
    }

    /// Reserves the names of the types the operation `name` brings besides its request: the
    /// typed headers struct and the struct of its required values, where it has them.
    pub(super) fn claim_headers_type(
        &mut self,
        name: &str,
        op: &ir::Operation,
        reserved: &mut BTreeMap<String, String>,
    ) {
        let types = [
            (op.headers_type(), "the response headers type"),
            (op.required_struct(), "the struct of the required values"),
        ];
        for (ty, what) in types {
            let Some(ty) = ty else {
                continue;
            };
            if let Some(other) = reserved.insert(ty.clone(), format!("{what} of `{name}`")) {
                self.error_at_key(
                    &YamlPath::new(&["operations", name]),
                    format!("{what} `{ty}` collides with {other}"),
                    "rename the operation",
                );
            }
        }
    }

    /// Reports `bytes` and `file` wherever a struct field uses them: `file` is allowed in the
    /// fields of multipart bodies only, `bytes` never in a field (it is a whole body).
    pub(super) fn body_only_kinds(&mut self, types: &[ir::NamedType]) {
        let multipart = multipart_structs(&self.file.spec);
        for ty in types {
            let ir::NamedType::Struct(s) = ty else {
                continue;
            };
            for field in &s.fields {
                let at = YamlPath::new(&["types", &s.name, "fields", &field.wire_name, "type"]);
                let mut kind = &field.shape.kind;
                let mut in_list = false;
                while let ir::Kind::List(item) = kind {
                    kind = &item.kind;
                    in_list = true;
                }
                match kind {
                    ir::Kind::File if in_list || !multipart.contains(&s.name.as_str()) => {
                        self.error_at_value(
                            &at,
                            if in_list {
                                "a list of files is not supported".to_owned()
                            } else {
                                format!(
                                    "`file` is for fields of a multipart/form-data body, and `{}` is not the body of one",
                                    s.name
                                )
                            },
                            "send the struct as `content_type: multipart/form-data`, with one `file` field per file",
                        );
                    }
                    ir::Kind::Bytes => self.error_at_value(
                        &at,
                        "`bytes` is a whole request or response body, not a field",
                        "make the body itself `bytes` (with a non-JSON content type), or use `file` in a multipart body",
                    ),
                    _ => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_are_classified_by_their_essence() {
        assert_eq!(media("application/json"), Ok(Media::Json));
        assert_eq!(media("application/json;charset=utf-8"), Ok(Media::Json));
        assert_eq!(media("application/merge-patch+json"), Ok(Media::Json));
        assert_eq!(media("Text/Plain; charset=utf-8"), Ok(Media::Text));
        assert_eq!(media("application/x-www-form-urlencoded"), Ok(Media::Form));
        assert_eq!(media("multipart/form-data"), Ok(Media::Multipart));
        assert_eq!(media("application/octet-stream"), Ok(Media::Other));
        assert!(media("json").is_err());
        assert!(media("text/ plain").is_err());
        assert!(media("").is_err());
    }
}
