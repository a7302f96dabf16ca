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
        match crate::lenient::decode_json(&self.body) {
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

    /// Decodes the body as JSON of type `T`, or keeps it as text when it is not one: for
    /// operations whose success body the service does not promise (the spec's `or_text`). A
    /// JSON string becomes its content; anything else (another JSON value, plain text) the
    /// body as received (lossy UTF-8). Never an error.
    pub fn json_or_text<T: DeserializeOwned>(self) -> Response<OrText<T>> {
        let body = match crate::lenient::decode_json::<T>(&self.body) {
            Ok(typed) => OrText::Typed(typed),
            Err(_) => match serde_json::from_slice::<String>(&self.body) {
                Ok(text) => OrText::Text(text),
                Err(_) => OrText::Text(String::from_utf8_lossy(&self.body).into_owned()),
            },
        };
        Response {
            body,
            status: self.status,
            request_id: self.request_id,
            headers: self.headers,
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

/// A success body whose shape the service does not promise: the documented type when the body
/// is one, else the body as text (a bare JSON string's content, or the body as received).
#[derive(Debug, Clone, PartialEq)]
pub enum OrText<T> {
    /// The body, of the documented type.
    Typed(T),
    /// The body as text, when it is not of the documented type.
    Text(String),
}

impl<T> OrText<T> {
    /// The body of the documented type, if it was one.
    pub fn typed(&self) -> Option<&T> {
        match self {
            OrText::Typed(typed) => Some(typed),
            OrText::Text(_) => None,
        }
    }

    /// The body as text, if it was not of the documented type.
    pub fn text(&self) -> Option<&str> {
        match self {
            OrText::Typed(_) => None,
            OrText::Text(text) => Some(text),
        }
    }
}

/// Written as the typed body, or as a JSON string.
impl<T: serde::Serialize> serde::Serialize for OrText<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OrText::Typed(typed) => typed.serialize(serializer),
            OrText::Text(text) => serializer.serialize_str(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Outcome {
        result: Option<String>,
    }

    fn answer(body: &[u8]) -> OrText<Outcome> {
        RawResponse {
            operation: "Op",
            status: 200,
            request_id: None,
            headers: HeaderMap::new(),
            body: body.to_vec(),
        }
        .json_or_text::<Outcome>()
        .body
    }

    #[test]
    fn a_body_of_the_type_is_typed_and_anything_else_is_text() {
        assert_eq!(
            answer(br#"{"result": "success"}"#),
            OrText::Typed(Outcome {
                result: Some("success".to_owned())
            })
        );
        assert_eq!(answer(br#""success""#).text(), Some("success"));
        assert_eq!(answer(b"success").text(), Some("success"));
        assert_eq!(answer(b"[1, 2]").text(), Some("[1, 2]"));
        assert_eq!(answer(b"").text(), Some(""));
        assert_eq!(answer(b"\xffok").text(), Some("\u{fffd}ok"));
    }
}
