//! Successful answers.

use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::{DecodeError, Error};

/// A successful answer: the decoded body and what the HTTP exchange says about it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Response<T> {
    /// The decoded body.
    pub body: T,
    /// The HTTP status (2xx).
    pub status: u16,
    /// The request id from the `X-Request-Id` header; quote it to support.
    pub request_id: Option<String>,
    /// The response headers (the documented ones and any the service or a proxy adds).
    pub headers: HeaderMap,
}

impl<T> Response<T> {
    /// The request id from the `X-Request-Id` header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The body, dropping the metadata.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// A 2xx answer before its body is decoded.
#[derive(Debug)]
pub struct RawResponse {
    pub(crate) operation: &'static str,
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl RawResponse {
    /// The HTTP status (2xx).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Decodes the body as JSON of type `T`, accepting the drift the official SDK accepts
    /// where that is safe (an integer sent as `"7"` or `7.0`, a number where text is expected;
    /// see [the rules](crate#decoding)).
    ///
    /// # Errors
    ///
    /// `Error::Decode` with the raw body when it is not a `T`.
    pub fn json<T: DeserializeOwned>(self) -> Result<Response<T>, Error> {
        match crate::lenient::from_slice(&self.body) {
            Ok(body) => Ok(Response {
                body,
                status: self.status,
                request_id: self.request_id,
                headers: self.headers,
            }),
            Err(e) => Err(Error::Decode(Box::new(DecodeError {
                operation: self.operation,
                status: self.status,
                request_id: self.request_id,
                body: String::from_utf8_lossy(&self.body).into_owned(),
                reason: e.to_string(),
            }))),
        }
    }

    /// For operations whose success body carries nothing: accepts any body.
    pub fn ignore_body(self) -> Response<()> {
        Response {
            body: (),
            status: self.status,
            request_id: self.request_id,
            headers: self.headers,
        }
    }
}
