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
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) content_type: &'static str,
    pub(crate) body: Vec<u8>,
    pub(crate) documented_errors: &'static [(u16, bool)],
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
        })
    }

    /// Adds a query pair (encoded when sent).
    pub fn query(&mut self, name: &'static str, value: String) {
        self.query.push((name, value));
    }

    /// Adds a request header.
    pub fn header(&mut self, name: &'static str, value: String) {
        self.headers.push((name, value));
    }

    /// Sets the JSON body.
    ///
    /// # Errors
    ///
    /// `Error::InvalidRequest` when the value cannot be written as JSON.
    pub fn json_body<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        self.body = serde_json::to_vec(body).map_err(|e| Error::InvalidRequest {
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
