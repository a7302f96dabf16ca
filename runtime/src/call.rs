//! One call of an operation, as generated code describes it.

use reqwest::Method;
use serde::Serialize;

use crate::path::expand_path;
use crate::{Error, Violation};

/// What to send for one operation call: built by generated code, sent by
/// [`Client::send`](crate::Client::send).
#[derive(Debug)]
pub struct Call {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) content_type: &'static str,
    pub(crate) body: Vec<u8>,
    pub(crate) documented_errors: &'static [(u16, bool)],
    pub(crate) idempotent: bool,
}

impl Call {
    /// A call of `operation`: `method` on `template` with its `{name}` placeholders filled
    /// from `path_params` (percent-encoded), sending `Content-Type: content_type`.
    ///
    /// # Errors
    ///
    /// `Error::InvalidRequest` when a placeholder has no usable value.
    pub fn new(
        operation: &'static str,
        method: Method,
        template: &'static str,
        path_params: &[(&str, &str)],
        content_type: &'static str,
    ) -> Result<Call, Error> {
        let path = expand_path(template, path_params).map_err(|name| Error::InvalidRequest {
            operation,
            violations: vec![Violation {
                field: name,
                problem: "has no usable value for the path".to_owned(),
            }],
        })?;
        Ok(Call {
            operation,
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            content_type,
            body: Vec::new(),
            documented_errors: &[],
            idempotent: false,
        })
    }

    /// Adds a query pair (encoded when sent).
    pub fn query(&mut self, name: &'static str, value: String) {
        self.query.push((name.to_owned(), value));
    }

    /// Adds a request header.
    pub fn header(&mut self, name: &'static str, value: String) {
        self.headers.push((name, value));
    }

    /// Marks the operation safe to repeat (the spec says `idempotent: true`), which allows
    /// retries.
    pub fn idempotent(&mut self) {
        self.idempotent = true;
    }

    /// Sets the JSON body, written as the official SDK writes it (`", "` and `": "` between
    /// items, fields in declaration order), so that the bytes, and with them the payload hash
    /// of a signed request, are the same.
    ///
    /// # Errors
    ///
    /// `Error::InvalidRequest` when the value cannot be written as JSON.
    pub fn json_body<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let mut bytes = Vec::with_capacity(128);
        let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, SdkJson);
        let written = body.serialize(&mut serializer);
        self.body = written.map(|()| bytes).map_err(|e| Error::InvalidRequest {
            operation: self.operation,
            violations: vec![Violation {
                field: "body".to_owned(),
                problem: format!("cannot be written as JSON: {e}"),
            }],
        })?;
        Ok(())
    }

    /// The error statuses the spec documents for the operation, each with whether it
    /// documents a body for it.
    pub fn documented_errors(&mut self, statuses: &'static [(u16, bool)]) {
        self.documented_errors = statuses;
    }

    /// The encoded path, e.g. `/v2/tasks/a%2Fb/stop`.
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// JSON with the separators of Python's `json.dumps` defaults, which the official SDK uses.
struct SdkJson;

impl serde_json::ser::Formatter for SdkJson {
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        writer.write_all(b": ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_written_like_the_sdk_writes_them() {
        #[derive(Serialize)]
        struct Body<'a> {
            job_id: &'a str,
            build_no: &'a str,
        }
        let mut call = Call::new("Op", Method::POST, "/x", &[], "application/json").unwrap();
        call.json_body(&Body {
            job_id: "f9d6c8466d614a9788e9a0acf6c15f46",
            build_no: "20",
        })
        .unwrap();
        assert_eq!(
            String::from_utf8(call.body.clone()).unwrap(),
            r#"{"job_id": "f9d6c8466d614a9788e9a0acf6c15f46", "build_no": "20"}"#
        );
        call.json_body(&["d19799d619424b2bb2625ec2d93ea087", "x"])
            .unwrap();
        assert_eq!(
            String::from_utf8(call.body.clone()).unwrap(),
            r#"["d19799d619424b2bb2625ec2d93ea087", "x"]"#
        );
    }
}
