//! Request bodies that are not JSON: plain text, raw bytes, URL-encoded forms and
//! `multipart/form-data`.
//!
//! A generated request hands its body to the runtime as a [`Payload`]; the runtime validates
//! it like a JSON body, encodes it once, and sends it with every attempt (a multipart form is
//! rebuilt for each attempt from the same parts, so a retry sends the same parts again).

use std::fmt;
use std::path::Path;

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::request::{Validate, Violations};
use crate::{Constraints, Violation};

/// A request body that is not JSON, as a generated request gives it to the runtime
/// ([`Request::payload`](crate::Request::payload)).
#[derive(Clone, Copy)]
#[non_exhaustive]
pub enum Payload<'a> {
    /// Plain text, sent as its UTF-8 bytes.
    Text(&'a str),
    /// Raw bytes, sent as they are.
    Bytes(&'a Bytes),
    /// A struct sent as `application/x-www-form-urlencoded`.
    Form(&'a dyn FormBody),
    /// A struct sent as `multipart/form-data`.
    Multipart(&'a dyn FormBody),
}

impl fmt::Debug for Payload<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Payload::Text(text) => f.debug_tuple("Text").field(text).finish(),
            Payload::Bytes(bytes) => f.debug_tuple("Bytes").field(&bytes.len()).finish(),
            Payload::Form(_) => f.write_str("Form"),
            Payload::Multipart(_) => f.write_str("Multipart"),
        }
    }
}

impl Payload<'_> {
    /// Checks the body against the operation's body constraints (`rules`).
    pub(crate) fn validate(&self, rules: &[Constraints], violations: &mut Violations) {
        match *self {
            Payload::Text(text) => violations.field("body", text, rules),
            Payload::Bytes(_) => {}
            Payload::Form(form) | Payload::Multipart(form) => {
                violations.field("body", form, rules);
            }
        }
    }
}

/// A generated struct that is sent as a form (URL-encoded or multipart): it lists its fields,
/// in the spec's order.
pub trait FormBody: Validate {
    /// Adds every field that is set to `fields`.
    fn fields(&self, fields: &mut FormFields);
}

/// The fields of a form body, in order, as [`FormBody::fields`] lists them.
#[derive(Debug, Default)]
pub struct FormFields {
    pub(crate) parts: Vec<(&'static str, FormValue)>,
    pub(crate) problems: Vec<Violation>,
}

/// One form field's value.
#[derive(Debug, Clone)]
pub(crate) enum FormValue {
    Text(String),
    File(FilePart),
}

impl FormFields {
    /// An empty list of fields.
    pub fn new() -> FormFields {
        FormFields::default()
    }

    /// Adds the field `name` with `value`: a string, number, boolean or string enum is one
    /// pair; a list is one pair per item (the name repeated); an unset (`None`) value adds
    /// nothing. Objects cannot be form values: they are reported when the request is sent.
    pub fn text<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        match serde_json::to_value(value) {
            Ok(value) => self.add_value(name, value),
            Err(error) => self.problem(name, format!("cannot be written as a form value: {error}")),
        }
    }

    fn add_value(&mut self, name: &'static str, value: Value) {
        match value {
            Value::Null => {}
            Value::String(text) => self.parts.push((name, FormValue::Text(text))),
            Value::Bool(flag) => self.parts.push((name, FormValue::Text(flag.to_string()))),
            Value::Number(number) => self.parts.push((name, FormValue::Text(number.to_string()))),
            Value::Array(items) => {
                for item in items {
                    self.add_value(name, item);
                }
            }
            Value::Object(_) => self.problem(
                name,
                "is an object, which a form cannot carry (only scalars and lists of them)".into(),
            ),
        }
    }

    /// Adds the file field `name`, when it is set.
    pub fn file(&mut self, name: &'static str, file: Option<&FilePart>) {
        if let Some(file) = file {
            self.parts.push((name, FormValue::File(file.clone())));
        }
    }

    fn problem(&mut self, name: &str, problem: String) {
        self.problems.push(Violation {
            field: format!("body.{name}"),
            problem,
        });
    }

    /// The fields as `application/x-www-form-urlencoded` text (files, which a URL-encoded
    /// form cannot carry, are reported).
    pub(crate) fn urlencoded(&mut self) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        let mut files = Vec::new();
        for (name, value) in &self.parts {
            match value {
                FormValue::Text(text) => {
                    out.append_pair(name, text);
                }
                FormValue::File(_) => files.push(*name),
            }
        }
        for name in files {
            self.problem(
                name,
                "is a file, which only a multipart/form-data body can carry".into(),
            );
        }
        out.finish()
    }
}

/// Builds the `multipart/form-data` form of `parts`: once to check it when the call is
/// prepared, then afresh for every attempt (a form is consumed when it is sent).
pub(crate) fn multipart_form(
    parts: &[(&'static str, FormValue)],
) -> Result<reqwest::multipart::Form, Violation> {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in parts {
        let part = match value {
            FormValue::Text(text) => reqwest::multipart::Part::text(text.clone()),
            FormValue::File(file) => {
                let length = file.content.len() as u64;
                let mut part = reqwest::multipart::Part::stream_with_length(
                    reqwest::Body::from(file.content.clone()),
                    length,
                )
                .file_name(file.file_name.clone());
                if let Some(content_type) = &file.content_type {
                    part = part.mime_str(content_type).map_err(|_| Violation {
                        field: format!("body.{name}"),
                        problem: format!(
                            "has the content type {content_type:?}, which is no media type"
                        ),
                    })?;
                }
                part
            }
        };
        form = form.part(*name, part);
    }
    Ok(form)
}

/// A file sent as one part of a `multipart/form-data` body: its content, its file name and,
/// optionally, its content type. The content is [`Bytes`], so cloning a `FilePart` (and
/// re-sending it on a retry) does not copy it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePart {
    content: Bytes,
    file_name: String,
    content_type: Option<String>,
}

impl FilePart {
    /// A file named `file_name` holding `content`, without a content type (servers usually
    /// take it for `application/octet-stream`).
    pub fn new(content: impl Into<Bytes>, file_name: impl Into<String>) -> FilePart {
        FilePart {
            content: content.into(),
            file_name: file_name.into(),
            content_type: None,
        }
    }

    /// Reads the file at `path`; its file name is the path's last component.
    ///
    /// # Errors
    ///
    /// When the file cannot be read.
    pub async fn from_path(path: impl AsRef<Path>) -> std::io::Result<FilePart> {
        let path = path.as_ref();
        let content = tokio::fs::read(path).await?;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(FilePart::new(content, file_name))
    }

    /// The same file with the content type `content_type` (e.g. `text/plain`).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> FilePart {
        self.content_type = Some(content_type.into());
        self
    }

    /// The content.
    pub fn content(&self) -> &Bytes {
        &self.content
    }

    /// The file name sent with the part.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The content type sent with the part, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

impl Validate for FilePart {}

/// The JSON form of a [`FilePart`] in spec examples and tests: the content as UTF-8 text.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FilePartJson {
    file_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    content_type: Option<String>,
    content: String,
}

/// Written as `{"file_name": ..., "content_type": ..., "content": ...}`, the content as text
/// (bytes that are not UTF-8 are replaced): the form spec examples use.
impl Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        FilePartJson {
            file_name: self.file_name.clone(),
            content_type: self.content_type.clone(),
            content: String::from_utf8_lossy(&self.content).into_owned(),
        }
        .serialize(serializer)
    }
}

/// Read from `{"file_name": ..., "content_type": ..., "content": ...}`, the form spec examples
/// use (the content is text).
impl<'de> Deserialize<'de> for FilePart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = FilePartJson::deserialize(deserializer)?;
        Ok(FilePart {
            content: Bytes::from(json.content),
            file_name: json.file_name,
            content_type: json.content_type,
        })
    }
}

impl Validate for Bytes {}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    #[serde(rename_all = "lowercase")]
    enum Colour {
        Red,
    }

    #[test]
    fn form_fields_are_scalars_and_repeated_lists_in_order() {
        let mut fields = FormFields::new();
        fields.text("name", "a b&c");
        fields.text("count", &3);
        fields.text("flag", &true);
        fields.text("unset", &None::<String>);
        fields.text("tags", &vec!["x", "y"]);
        fields.text("colour", &Colour::Red);
        assert_eq!(
            fields.urlencoded(),
            "name=a+b%26c&count=3&flag=true&tags=x&tags=y&colour=red"
        );
        assert!(fields.problems.is_empty());
    }

    #[test]
    fn objects_and_files_in_a_urlencoded_form_are_reported() {
        let mut fields = FormFields::new();
        fields.text("nested", &serde_json::json!({ "a": 1 }));
        fields.file("file", Some(&FilePart::new("x", "x.txt")));
        let _ = fields.urlencoded();
        let problems: Vec<String> = fields.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "`body.nested` is an object, which a form cannot carry (only scalars and lists of them)",
                "`body.file` is a file, which only a multipart/form-data body can carry",
            ]
        );
    }

    #[test]
    fn a_file_part_reads_and_writes_its_example_form() {
        let file: FilePart = serde_json::from_str(
            r#"{"file_name": "a.txt", "content_type": "text/plain", "content": "hello"}"#,
        )
        .unwrap();
        assert_eq!(
            file,
            FilePart::new("hello", "a.txt").with_content_type("text/plain")
        );
        assert_eq!(
            serde_json::to_value(&file).unwrap(),
            serde_json::json!({ "file_name": "a.txt", "content_type": "text/plain", "content": "hello" })
        );
    }

    #[test]
    fn a_bad_content_type_is_a_violation() {
        let parts = vec![(
            "file",
            FormValue::File(FilePart::new("x", "x").with_content_type("not a type")),
        )];
        let problem = multipart_form(&parts).unwrap_err();
        assert_eq!(problem.field, "body.file");
    }
}
