//! Successful answers.

use std::time::Duration;

use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::{DecodeError, Download, Error};

/// A successful answer: the decoded body and what the HTTP exchange says about it.
///
/// `H` is the operation's typed response headers (a generated `...Headers` struct with one
/// `Option` field per documented header), or `()` when the spec documents none.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Response<T, H = ()> {
    /// The decoded body.
    pub body: T,
    /// The HTTP status (2xx).
    pub status: u16,
    /// The request id from the `X-Request-Id` header; quote it to support.
    pub request_id: Option<String>,
    /// The response headers (the documented ones and any the service or a proxy adds).
    pub headers: HeaderMap,
    /// The documented response headers, decoded to their types.
    pub typed_headers: H,
}

impl<T> Response<T> {
    /// The same response with the typed headers `typed_headers`.
    pub fn with_typed_headers<H>(self, typed_headers: H) -> Response<T, H> {
        Response {
            body: self.body,
            status: self.status,
            request_id: self.request_id,
            headers: self.headers,
            typed_headers,
        }
    }
}

impl<T, H> Response<T, H> {
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
    /// The body not read yet, for a call sent with [`Client::send_streaming`](crate::Client::send_streaming).
    pub(crate) stream: Option<Streamed>,
}

/// A 2xx body still on the wire, with the limits its reading keeps.
#[derive(Debug)]
pub(crate) struct Streamed {
    pub(crate) response: reqwest::Response,
    pub(crate) max_bytes: usize,
    pub(crate) idle_timeout: Duration,
}

/// The documented response headers of an operation, decoded from a [`HeaderMap`]. Generated
/// `...Headers` structs implement it; `()` stands for none.
pub trait FromHeaders: Sized {
    /// Decodes the documented headers from `headers`.
    ///
    /// # Errors
    ///
    /// A [`HeaderProblem`] when a header is present but not of its type.
    fn from_headers(headers: &HeaderMap) -> Result<Self, HeaderProblem>;
}

impl FromHeaders for () {
    fn from_headers(_: &HeaderMap) -> Result<(), HeaderProblem> {
        Ok(())
    }
}

/// A documented response header that is present but not of its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderProblem {
    /// The header name.
    pub name: &'static str,
    /// Its value as received (lossy UTF-8).
    pub value: String,
    /// Why it is not of the type.
    pub reason: String,
}

/// The value of the header `name` decoded as a `T` (a string, number, boolean or string
/// enum), by the same lenient rules as a JSON body (`"7"` is the integer 7); `None` when the
/// header is absent. Generated [`FromHeaders`] impls call it for each documented header.
///
/// # Errors
///
/// A [`HeaderProblem`] when the header is present but not a `T`.
pub fn typed_header<T: DeserializeOwned>(
    headers: &HeaderMap,
    name: &'static str,
) -> Result<Option<T>, HeaderProblem> {
    let Some(value) = headers.get(name) else {
        return Ok(None);
    };
    let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
    let as_string = serde_json::Value::String(text.clone()).to_string();
    match crate::lenient::decode_json::<T>(as_string.as_bytes()) {
        Ok(typed) => Ok(Some(typed)),
        // `true` and `false` are booleans only unquoted.
        Err(error) => match crate::lenient::decode_json::<T>(text.trim().as_bytes()) {
            Ok(typed) if matches!(text.trim(), "true" | "false") => Ok(Some(typed)),
            _ => Err(HeaderProblem {
                name,
                value: text,
                reason: error.to_string(),
            }),
        },
    }
}

impl RawResponse {
    /// The HTTP status (2xx).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Decodes the operation's documented response headers.
    ///
    /// # Errors
    ///
    /// `Error::Decode` when a documented header is present but not of its type.
    pub fn typed_headers<H: FromHeaders>(&self) -> Result<H, Error> {
        H::from_headers(&self.headers).map_err(|problem| {
            self.decode_error(
                String::new(),
                format!(
                    "the header {} is {:?}, which is not of its documented type: {}",
                    problem.name, problem.value, problem.reason
                ),
            )
        })
    }

    /// The body as text, for operations whose success body is plain text.
    ///
    /// # Errors
    ///
    /// `Error::Decode` with the raw body when it is not UTF-8.
    pub fn text(mut self) -> Result<Response<String>, Error> {
        match String::from_utf8(std::mem::take(&mut self.body)) {
            Ok(body) => Ok(self.with_body(body)),
            Err(e) => Err(self.decode_error(
                String::from_utf8_lossy(e.as_bytes()).into_owned(),
                format!("the body is not UTF-8 text: {e}"),
            )),
        }
    }

    /// The body as a [`Download`] the caller reads chunk by chunk, for operations whose success
    /// body is raw bytes (sent with [`Client::send_streaming`](crate::Client::send_streaming);
    /// otherwise the body already read is handed out as one chunk).
    pub fn download(mut self) -> Response<Download> {
        let body = match self.stream.take() {
            Some(streamed) => Download::streamed(self.operation, self.status, streamed),
            None => Download::buffered(self.operation, self.status, std::mem::take(&mut self.body)),
        };
        self.with_body(body)
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
            Ok(body) => Ok(self.with_body(body)),
            Err(e) => Err(self.decode_error(
                String::from_utf8_lossy(&self.body).into_owned(),
                e.to_string(),
            )),
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
        self.with_body(body)
    }

    /// For operations whose success body carries nothing: accepts any body.
    pub fn ignore_body(self) -> Response<()> {
        self.with_body(())
    }

    /// This answer's status, request id and headers around `body`.
    fn with_body<T>(self, body: T) -> Response<T> {
        Response {
            body,
            status: self.status,
            request_id: self.request_id,
            headers: self.headers,
            typed_headers: (),
        }
    }

    /// A decode error of this answer, showing `body` and saying why.
    fn decode_error(&self, body: String, reason: String) -> Error {
        Error::Decode(Box::new(DecodeError {
            operation: self.operation,
            status: self.status,
            request_id: self.request_id.clone(),
            body,
            reason,
        }))
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
            stream: None,
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

    #[derive(Debug, PartialEq, serde::Deserialize)]
    enum Colour {
        #[serde(rename = "red")]
        Red,
    }

    #[test]
    fn typed_headers_decode_by_the_body_rules() {
        let mut headers = HeaderMap::new();
        headers.insert("x-count", "42".parse().unwrap());
        headers.insert("x-flag", "true".parse().unwrap());
        headers.insert("x-name", "007".parse().unwrap());
        headers.insert("x-colour", "red".parse().unwrap());
        headers.insert("x-bad", "4x2".parse().unwrap());
        assert_eq!(typed_header::<i64>(&headers, "x-count"), Ok(Some(42)));
        assert_eq!(typed_header::<bool>(&headers, "x-flag"), Ok(Some(true)));
        assert_eq!(
            typed_header::<String>(&headers, "x-name"),
            Ok(Some("007".to_owned()))
        );
        assert_eq!(
            typed_header::<String>(&headers, "x-flag"),
            Ok(Some("true".to_owned()))
        );
        assert_eq!(
            typed_header::<Colour>(&headers, "x-colour"),
            Ok(Some(Colour::Red))
        );
        assert_eq!(typed_header::<i64>(&headers, "x-missing"), Ok(None));
        let problem = typed_header::<i64>(&headers, "x-bad").unwrap_err();
        assert_eq!((problem.name, problem.value.as_str()), ("x-bad", "4x2"));
        assert!(typed_header::<bool>(&headers, "x-count").is_err());
    }
}
