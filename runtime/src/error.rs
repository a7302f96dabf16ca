//! The one error type of every client method.

use std::fmt;

use reqwest::header::HeaderMap;

/// Everything that can go wrong in a call, by what the caller would do about it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A request value breaks the spec's constraints. Nothing was sent.
    #[error("{operation}: invalid request: {}", list(violations))]
    InvalidRequest {
        /// The operation.
        operation: &'static str,
        /// Every problem found.
        violations: Vec<Violation>,
    },
    /// The client could not be built from its configuration.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// No complete answer arrived within the configured timeout.
    #[error("{operation}: no answer within the timeout")]
    Timeout {
        /// The operation.
        operation: &'static str,
        /// The underlying error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The request could not be sent or the answer could not be read (connection refused,
    /// reset, DNS, TLS).
    #[error("{operation}: transport error: {source}")]
    Transport {
        /// The operation.
        operation: &'static str,
        /// The underlying error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The service answered with an error status.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The service answered with success, but the body is not the documented shape.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// A downloaded body could not be written where the caller asked
    /// ([`Download::write_to`](crate::Download::write_to)).
    #[error("{operation}: writing the downloaded body failed: {source}")]
    Write {
        /// The operation.
        operation: &'static str,
        /// The writer's error.
        #[source]
        source: std::io::Error,
    },
    /// The answer's body is larger than the configured limit; it was not read further.
    #[error("{operation}: the HTTP {status} answer is larger than the limit of {limit} bytes")]
    ResponseTooLarge {
        /// The operation.
        operation: &'static str,
        /// The HTTP status of the answer.
        status: u16,
        /// The limit (`Config::max_response_bytes`).
        limit: usize,
    },
}

impl Error {
    /// The request id the service gave the answer (the `X-Request-Id` header), when an answer
    /// arrived: quote it to support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(api) => api.request_id(),
            Error::Decode(decode) => decode.request_id(),
            _ => None,
        }
    }

    /// The HTTP status of the answer, when one arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode(decode) => Some(decode.status),
            Error::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the same call may succeed if made again: no answer arrived in time or at all,
    /// or the service answered `429 Too Many Requests` or a `5xx` server error. The client
    /// itself retries these, for operations that are safe to repeat, as its retry policy
    /// allows; this tells the caller whether trying later makes sense.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout { .. } | Error::Transport { .. } => true,
            Error::Api(api) => is_retryable_status(api.status),
            _ => false,
        }
    }
}

/// `429` and the server errors `500`–`599`. A status of 600 or more is no HTTP status class at
/// all, so it is not taken for a server error.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    status == 429 || (500..600).contains(&status)
}

fn list(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// One broken constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The value's path in the request, e.g. `pipeline_id` or `body[0]`.
    pub field: String,
    /// What is wrong with it.
    pub problem: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.field, self.problem)
    }
}

/// An error status from the service, with what the service said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub(crate) operation: &'static str,
    pub(crate) status: u16,
    pub(crate) error_code: Option<String>,
    pub(crate) error_msg: Option<String>,
    pub(crate) request_id: Option<String>,
    pub(crate) body: String,
    pub(crate) documented: bool,
    pub(crate) http_code: Option<i64>,
    pub(crate) encoded_authorization_message: Option<String>,
    pub(crate) retry_after: Option<std::time::Duration>,
    pub(crate) headers: HeaderMap,
}

impl ApiError {
    /// The operation that failed.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The service's error code (`error_code`, e.g. `AOM.31001306`), when the body has one.
    pub fn error_code(&self) -> Option<&str> {
        self.error_code.as_deref()
    }

    /// The service's error message (`error_msg`), when the body has one.
    pub fn error_msg(&self) -> Option<&str> {
        self.error_msg.as_deref()
    }

    /// The request id from the `X-Request-Id` response header; quote it to support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The response body as received (lossy UTF-8).
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The `http_code` some services (AOM) repeat in the body.
    pub fn http_code(&self) -> Option<i64> {
        self.http_code
    }

    /// The `encoded_authorization_message` IAM adds to some authorization failures.
    pub fn encoded_authorization_message(&self) -> Option<&str> {
        self.encoded_authorization_message.as_deref()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The delay the server asked for with `Retry-After`, if any (a value that is neither a
    /// number of seconds nor an HTTP date counts as none).
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        self.retry_after
    }

    /// The raw body when it is not the documented error shape (an HTML page from a proxy, an
    /// empty body, an undocumented status), `None` when it is.
    pub fn raw_body(&self) -> Option<&str> {
        (!self.documented).then_some(self.body.as_str())
    }

    /// Whether the status is documented for the operation and the body has its documented
    /// shape.
    pub fn is_documented(&self) -> bool {
        self.documented
    }

    /// Decodes the body as `T`, e.g. a service's documented error type with extra fields.
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_str(&self.body).ok()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed with HTTP {}", self.operation, self.status)?;
        if let Some(reason) = reqwest::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
        {
            write!(f, " {reason}")?;
        }
        match (&self.error_code, &self.error_msg) {
            (Some(code), Some(msg)) => write!(f, ": {code}: {msg}")?,
            (Some(code), None) => write!(f, ": {code}")?,
            (None, Some(msg)) => write!(f, ": {msg}")?,
            (None, None) if !self.body.trim().is_empty() => {
                write!(f, ": {}", truncated(&self.body))?;
            }
            (None, None) => {}
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// A success status whose body could not be decoded as the documented type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub(crate) operation: &'static str,
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) body: String,
    pub(crate) reason: String,
}

impl DecodeError {
    /// The operation.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP status code (2xx).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id from the `X-Request-Id` response header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The body as received (lossy UTF-8).
    pub fn body(&self) -> &str {
        &self.body
    }

    /// Why it could not be decoded.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: the HTTP {} answer is not the documented shape ({}): {}",
            self.operation,
            self.status,
            self.reason,
            truncated(&self.body)
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// At most 200 characters of `text`, on one line.
fn truncated(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

/// What an error body says, found the way the official SDK looks for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ErrorFields {
    /// `error_code` and `error_msg` (or their alternative spellings), found together.
    pub(crate) code_and_message: Option<(String, String)>,
    /// `http_code`.
    pub(crate) http_code: Option<i64>,
    /// `encoded_authorization_message`.
    pub(crate) encoded_authorization_message: Option<String>,
}

/// Reads an error body: the first of the pairs `error_code`/`error_msg`, `errorCode`/`errorMsg`,
/// `code`/`message` present together at the top level, else the same search inside each
/// top-level object value (a later match wins, as in the SDK); plus `http_code` and
/// `encoded_authorization_message` when present. A body that is not a JSON object has none.
pub(crate) fn error_fields(body: &[u8]) -> ErrorFields {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(body) else {
        return ErrorFields::default();
    };
    let code_and_message = find_pair(&map).or_else(|| {
        map.values()
            .filter_map(|v| v.as_object())
            .filter_map(find_pair)
            .next_back()
    });
    ErrorFields {
        code_and_message,
        http_code: map.get("http_code").and_then(serde_json::Value::as_i64),
        encoded_authorization_message: map
            .get("encoded_authorization_message")
            .and_then(|v| v.as_str())
            .map(str::to_owned),
    }
}

fn find_pair(map: &serde_json::Map<String, serde_json::Value>) -> Option<(String, String)> {
    huaweicloud_devops_rules::ERROR_FIELD_PAIRS
        .iter()
        .find_map(|(code, msg)| Some((text(map.get(*code)?)?, text(map.get(*msg)?)?)))
}

fn text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(body: &str) -> Option<(String, String)> {
        error_fields(body.as_bytes()).code_and_message
    }

    #[test]
    fn finds_error_fields_like_the_sdk() {
        let pair = |c: &str, m: &str| Some((c.to_owned(), m.to_owned()));
        assert_eq!(
            fields(r#"{"error_code":"A.1","error_msg":"m","http_code":400}"#),
            pair("A.1", "m")
        );
        assert_eq!(
            fields(r#"{"errorCode":"B","errorMsg":"n"}"#),
            pair("B", "n")
        );
        assert_eq!(fields(r#"{"code":"C","message":"o"}"#), pair("C", "o"));
        assert_eq!(
            fields(r#"{"error":{"code":"D","message":"p"}}"#),
            pair("D", "p")
        );
        assert_eq!(fields(r#"{"error_code":"only"}"#), None);
        assert_eq!(fields("<html>bad gateway</html>"), None);
        assert_eq!(fields("[1,2]"), None);
        assert_eq!(fields(""), None);
        let aom = error_fields(br#"{"error_code":"AOM.1","error_msg":"m","http_code":404,"encoded_authorization_message":"enc"}"#);
        assert_eq!(aom.http_code, Some(404));
        assert_eq!(aom.encoded_authorization_message.as_deref(), Some("enc"));
    }

    #[test]
    fn api_error_display_names_everything_useful() {
        let error = ApiError {
            operation: "StopJob",
            status: 404,
            error_code: Some("CB.404".into()),
            error_msg: Some("no such job".into()),
            request_id: Some("r-1".into()),
            body: String::new(),
            documented: true,
            http_code: None,
            encoded_authorization_message: None,
            retry_after: None,
            headers: HeaderMap::new(),
        };
        assert_eq!(
            error.to_string(),
            "StopJob failed with HTTP 404 Not Found: CB.404: no such job (request id r-1)"
        );
        assert_eq!(error.raw_body(), None);
    }

    #[test]
    fn the_top_level_error_tells_the_request_id_and_whether_to_retry() {
        let api = |status: u16| {
            Error::Api(Box::new(ApiError {
                operation: "StopJob",
                status,
                error_code: None,
                error_msg: None,
                request_id: Some("r-9".into()),
                body: String::new(),
                documented: false,
                http_code: None,
                encoded_authorization_message: None,
                retry_after: None,
                headers: HeaderMap::new(),
            }))
        };
        assert_eq!(api(503).request_id(), Some("r-9"));
        assert_eq!(api(503).status(), Some(503));
        for (status, retryable) in [
            (429, true),
            (500, true),
            (599, true),
            (600, false),
            (404, false),
        ] {
            assert_eq!(api(status).is_retryable(), retryable, "{status}");
        }
        let timeout = Error::Timeout {
            operation: "StopJob",
            source: "slow".into(),
        };
        assert!(timeout.is_retryable());
        assert_eq!(timeout.request_id(), None);
        assert!(!Error::Config("x".into()).is_retryable());
    }

    #[test]
    fn undocumented_bodies_are_kept_and_shown_short() {
        let error = ApiError {
            operation: "StopJob",
            status: 502,
            error_code: None,
            error_msg: None,
            request_id: None,
            body: format!("<html>{}</html>", "x".repeat(500)),
            documented: false,
            http_code: None,
            encoded_authorization_message: None,
            retry_after: None,
            headers: HeaderMap::new(),
        };
        assert!(error.raw_body().is_some_and(|b| b.len() > 500));
        assert!(error.to_string().chars().count() < 260);
    }
}
