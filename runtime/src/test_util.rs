//! Test support, behind the `test-util` feature (`huaweicloud-devops = { ..., features =
//! ["test-util"] }` in a consumer's `[dev-dependencies]`).
//!
//! - Test doubles: every value a client method can return, built by hand, for tests of code
//!   that handles them ([`response`], [`api_error`], [`decode_error`], [`timeout`],
//!   [`transport_error`], [`invalid_request`]).
//! - A local fake server: [`conformance`] runs a client against a real HTTP server on
//!   127.0.0.1 and checks what it sent; the generated conformance tests use it, and so can a
//!   service's own tests.
//!
//! # Recipe: a service's code against a local fake server
//!
//! Point the client at the server with [`Config::endpoint`](crate::Config::endpoint), authenticate with any token, and
//! answer with what the real service would send:
//!
//! ```no_run
//! # async fn example() {
//! use huaweicloud_devops_runtime::test_util::conformance;
//! use huaweicloud_devops_runtime::{Config, Credentials};
//! use wiremock::matchers::{method, path_regex};
//! use wiremock::{Mock, MockServer, ResponseTemplate};
//!
//! let server = MockServer::start().await;
//! Mock::given(method("POST"))
//!     .and(path_regex("/stop$"))
//!     .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"success": true}"#))
//!     .mount(&server)
//!     .await;
//! let config = Config::new()
//!     .endpoint(server.uri())
//!     .credentials(Credentials::token("test"))
//!     .project_id("0123456789abcdef0123456789abcdef");
//! // Build the service client from `config` and run the code under test; or use
//! // `conformance::config(&server)`, which also turns retries off.
//! # let _ = (config, conformance::TOKEN);
//! # }
//! ```
//!
//! `integration-tests/tests/test_doubles.rs` runs this recipe against a generated client.

use std::time::Duration;

use crate::{ApiError, DecodeError, Error, HeaderMap, Response, Violation};

/// The request id the doubles carry unless told otherwise.
pub const TEST_REQUEST_ID: &str = "test-request-id";

/// A successful response with `body`: status 200, request id [`TEST_REQUEST_ID`], no headers.
/// Its fields are public: set `status`, `request_id` or `headers` as the test needs.
pub fn response<T>(body: T) -> Response<T> {
    Response {
        body,
        status: 200,
        request_id: Some(TEST_REQUEST_ID.to_owned()),
        headers: HeaderMap::new(),
        typed_headers: (),
    }
}

/// An API error of `operation` with `status`, as the client builds it from an answer; set what
/// the service said with the builder's methods.
pub fn api_error(operation: &'static str, status: u16) -> ApiErrorBuilder {
    ApiErrorBuilder(ApiError {
        operation,
        status,
        error_code: None,
        error_msg: None,
        request_id: Some(TEST_REQUEST_ID.to_owned()),
        body: String::new(),
        documented: false,
        http_code: None,
        encoded_authorization_message: None,
        retry_after: None,
        headers: HeaderMap::new(),
    })
}

/// Builds an [`ApiError`]; see [`api_error`].
#[derive(Debug, Clone)]
pub struct ApiErrorBuilder(ApiError);

impl ApiErrorBuilder {
    /// The service's `error_code` and `error_msg`, in a documented error body (which becomes
    /// the body, and makes the error documented).
    pub fn code(mut self, error_code: &str, error_msg: &str) -> Self {
        self.0.body =
            serde_json::json!({ "error_code": error_code, "error_msg": error_msg }).to_string();
        self.0.error_code = Some(error_code.to_owned());
        self.0.error_msg = Some(error_msg.to_owned());
        self.0.documented = true;
        self
    }

    /// A body that is not the documented error shape (an HTML page from a proxy, say).
    pub fn raw_body(mut self, body: &str) -> Self {
        self.0.body = body.to_owned();
        self.0.documented = false;
        self
    }

    /// The request id (default [`TEST_REQUEST_ID`]); `None` for an answer without one.
    pub fn request_id(mut self, request_id: Option<&str>) -> Self {
        self.0.request_id = request_id.map(str::to_owned);
        self
    }

    /// The `http_code` of the body.
    pub fn http_code(mut self, http_code: i64) -> Self {
        self.0.http_code = Some(http_code);
        self
    }

    /// A `Retry-After` delay.
    pub fn retry_after(mut self, delay: Duration) -> Self {
        self.0.retry_after = Some(delay);
        self
    }

    /// A response header.
    ///
    /// # Panics
    ///
    /// When `name` or `value` cannot be a header (a test's mistake).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let name =
            reqwest::header::HeaderName::from_bytes(name.as_bytes()).expect("a valid header name");
        let value = reqwest::header::HeaderValue::from_str(value).expect("a valid header value");
        self.0.headers.append(name, value);
        self
    }

    /// The error.
    pub fn build(self) -> ApiError {
        self.0
    }

    /// The error as a client method returns it.
    pub fn into_error(self) -> Error {
        Error::Api(Box::new(self.0))
    }
}

/// A success answer whose body is not the documented shape.
pub fn decode_error(operation: &'static str, status: u16, body: &str, reason: &str) -> Error {
    Error::Decode(Box::new(DecodeError {
        operation,
        status,
        request_id: Some(TEST_REQUEST_ID.to_owned()),
        body: body.to_owned(),
        reason: reason.to_owned(),
    }))
}

/// No answer within the timeout.
pub fn timeout(operation: &'static str) -> Error {
    Error::Timeout {
        operation,
        source: "operation timed out (test double)".into(),
    }
}

/// The request could not be sent or the answer not read.
pub fn transport_error(operation: &'static str, message: &str) -> Error {
    Error::Transport {
        operation,
        source: message.to_owned().into(),
    }
}

/// A request value that breaks a constraint: nothing was sent.
pub fn invalid_request(operation: &'static str, field: &str, problem: &str) -> Error {
    Error::InvalidRequest {
        operation,
        violations: vec![Violation {
            field: field.to_owned(),
            problem: problem.to_owned(),
        }],
    }
}

pub mod conformance {
    //! Helpers of the conformance tests generated from a spec's documented examples: a
    //! local server on 127.0.0.1 that answers one request, a client configuration pointing
    //! at it, and assertions on the exact request sent and on the answer.

    use serde_json::Value;
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use crate::{ApiError, Config, Credentials, Error, Response, RetryPolicy};

    /// The token the tests authenticate with.
    pub const TOKEN: &str = "conformance-test-token";

    /// The request id the server answers with.
    pub const REQUEST_ID: &str = "conformance-request-id";

    /// A local server that answers one request with `status` and `body` (as JSON), and the
    /// request id [`REQUEST_ID`].
    pub async fn serve(status: u16, body: Option<&str>) -> MockServer {
        serve_answer(
            status,
            Answer {
                body,
                content_type: "application/json",
                headers: &[],
            },
        )
        .await
    }

    /// What the server answers besides its status.
    #[derive(Debug, Clone, Copy)]
    pub struct Answer<'a> {
        /// The body, sent as it is (`None`: no body).
        pub body: Option<&'a str>,
        /// The body's `Content-Type`.
        pub content_type: &'a str,
        /// More response headers.
        pub headers: &'a [(&'a str, &'a str)],
    }

    /// A local server that answers one request with `status` and `answer`, and the request id
    /// [`REQUEST_ID`].
    pub async fn serve_answer(status: u16, answer: Answer<'_>) -> MockServer {
        let server = MockServer::start().await;
        let mut response = ResponseTemplate::new(status).insert_header("X-Request-Id", REQUEST_ID);
        for (name, value) in answer.headers {
            response = response.insert_header(*name, *value);
        }
        if let Some(body) = answer.body {
            response = response.set_body_raw(body, answer.content_type);
        }
        Mock::given(any())
            .respond_with(response)
            .expect(1)
            .mount(&server)
            .await;
        server
    }

    /// A client configuration pointing at `server`, with token auth ([`TOKEN`]) and without
    /// retries (each test checks one exchange).
    pub fn config(server: &MockServer) -> Config {
        Config::new()
            .endpoint(server.uri())
            .credentials(Credentials::token(TOKEN))
            .retry(RetryPolicy::attempts(1))
    }

    /// Like [`config`], with AK/SK credentials ([`AK`], [`SK`]), for services that take no
    /// token: requests are signed.
    pub fn config_ak_sk(server: &MockServer) -> Config {
        Config::new()
            .endpoint(server.uri())
            .credentials(Credentials::ak_sk(AK, SK))
            .retry(RetryPolicy::attempts(1))
    }

    /// The access key of [`config_ak_sk`].
    pub const AK: &str = "CONFORMANCETESTAK";

    /// The secret key of [`config_ak_sk`].
    pub const SK: &str = "conformance-test-secret-key";

    /// What the client must have sent.
    #[derive(Debug)]
    pub struct Expected<'a> {
        /// HTTP method.
        pub method: &'a str,
        /// Path exactly as sent (percent-encoded).
        pub path: &'a str,
        /// Query pairs, decoded, in order.
        pub query: &'a [(&'a str, &'a str)],
        /// Headers that must be present with these values.
        pub headers: &'a [(&'a str, &'a str)],
        /// The body.
        pub body: SentBody<'a>,
    }

    /// The body the client must have sent.
    #[derive(Debug, Clone, Copy)]
    pub enum SentBody<'a> {
        /// No body, and `Content-Length: 0`.
        None,
        /// JSON equal to this (as values: spacing and key order aside).
        Json(&'a str),
        /// Exactly this text.
        Text(&'a str),
        /// Exactly these bytes.
        Bytes(&'a [u8]),
        /// An `application/x-www-form-urlencoded` body with exactly these pairs, in order.
        Form(&'a [(&'a str, &'a str)]),
        /// A `multipart/form-data` body with exactly these parts, in order; the
        /// `Content-Type` must carry the boundary that separates them.
        Multipart(&'a [SentPart<'a>]),
    }

    /// One part of a multipart body.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct SentPart<'a> {
        /// The field name.
        pub name: &'a str,
        /// The file name, for a file part.
        pub file_name: Option<&'a str>,
        /// The part's content type, if it has one.
        pub content_type: Option<&'a str>,
        /// The content.
        pub content: &'a str,
    }

    /// Checks the one request `server` received against `expected`.
    ///
    /// # Panics
    ///
    /// When the server did not receive exactly one request, or it differs from `expected`.
    pub async fn assert_sent(server: &MockServer, expected: Expected<'_>) {
        let requests = server
            .received_requests()
            .await
            .expect("request recording is on");
        assert_eq!(requests.len(), 1, "the client sends exactly one request");
        let sent = &requests[0];
        assert_eq!(sent.method.as_str(), expected.method, "HTTP method");
        assert_eq!(sent.url.path(), expected.path, "request path");
        let query: Vec<(String, String)> = sent
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let want: Vec<(String, String)> = expected
            .query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        assert_eq!(query, want, "query string");
        for (name, value) in expected.headers {
            let got = sent.headers.get(*name).and_then(|v| v.to_str().ok());
            assert_eq!(got, Some(*value), "header {name}");
        }
        match expected.body {
            SentBody::Json(json) => {
                let got: Value =
                    serde_json::from_slice(&sent.body).expect("the request body is JSON");
                let want: Value = serde_json::from_str(json).expect("the expected body is JSON");
                assert_eq!(got, want, "request body");
            }
            SentBody::Text(text) => {
                assert_eq!(String::from_utf8_lossy(&sent.body), text, "request body");
            }
            SentBody::Bytes(bytes) => assert_eq!(sent.body.as_slice(), bytes, "request body"),
            SentBody::Form(pairs) => {
                let got: Vec<(String, String)> = url::form_urlencoded::parse(&sent.body)
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect();
                let want: Vec<(String, String)> = pairs
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect();
                assert_eq!(got, want, "form fields");
            }
            SentBody::Multipart(parts) => {
                let content_type = sent
                    .headers
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                let boundary = content_type
                    .strip_prefix("multipart/form-data; boundary=")
                    .unwrap_or_else(|| panic!("a multipart Content-Type, got {content_type:?}"));
                let got = parse_multipart(&sent.body, boundary);
                let got: Vec<SentPart<'_>> = got
                    .iter()
                    .map(|p| SentPart {
                        name: &p.name,
                        file_name: p.file_name.as_deref(),
                        content_type: p.content_type.as_deref(),
                        content: &p.content,
                    })
                    .collect();
                assert_eq!(got, parts, "multipart parts");
            }
            SentBody::None => {
                assert!(
                    sent.body.is_empty(),
                    "the request has no body, got {:?}",
                    String::from_utf8_lossy(&sent.body)
                );
                let length = sent
                    .headers
                    .get("content-length")
                    .and_then(|v| v.to_str().ok());
                assert_eq!(
                    length,
                    Some("0"),
                    "a body-less request says Content-Length: 0"
                );
            }
        }
    }

    /// A part of a received multipart body.
    #[derive(Debug)]
    struct ReceivedPart {
        name: String,
        file_name: Option<String>,
        content_type: Option<String>,
        content: String,
    }

    /// The parts of a `multipart/form-data` body separated by `boundary` (RFC 7578).
    ///
    /// # Panics
    ///
    /// When the body is not one.
    fn parse_multipart(body: &[u8], boundary: &str) -> Vec<ReceivedPart> {
        let text = String::from_utf8_lossy(body);
        let delimiter = format!("--{boundary}");
        let mut sections: Vec<&str> = text.split(delimiter.as_str()).collect();
        assert_eq!(
            sections.first(),
            Some(&""),
            "the body starts with the boundary"
        );
        assert_eq!(
            sections.pop().map(str::trim_end),
            Some("--"),
            "the body ends with the closing boundary"
        );
        sections
            .iter()
            .skip(1)
            .map(|section| {
                let section = section
                    .strip_prefix("\r\n")
                    .and_then(|s| s.strip_suffix("\r\n"))
                    .expect("a part is framed by CRLF");
                let (head, content) = section
                    .split_once("\r\n\r\n")
                    .expect("a part has headers and content");
                let mut part = ReceivedPart {
                    name: String::new(),
                    file_name: None,
                    content_type: None,
                    content: content.to_owned(),
                };
                for line in head.split("\r\n") {
                    let (name, value) = line.split_once(':').expect("a part header");
                    match name.trim().to_ascii_lowercase().as_str() {
                        "content-disposition" => {
                            for param in value.split(';').map(str::trim).skip(1) {
                                let (key, quoted) = param.split_once('=').expect("key=value");
                                let unquoted = quoted.trim_matches('"').to_owned();
                                match key {
                                    "name" => part.name = unquoted,
                                    "filename" => part.file_name = Some(unquoted),
                                    _ => {}
                                }
                            }
                        }
                        "content-type" => part.content_type = Some(value.trim().to_owned()),
                        _ => {}
                    }
                }
                part
            })
            .collect()
    }

    /// Reads a downloaded body whole and checks it is `expected`.
    ///
    /// # Panics
    ///
    /// When it cannot be read or differs.
    pub async fn assert_downloaded(download: crate::Download, expected: &[u8]) {
        let body = download.bytes().await.expect("the download is read");
        assert_eq!(body.as_ref(), expected, "downloaded body");
    }

    /// Checks the status and request id of a successful response.
    ///
    /// # Panics
    ///
    /// When either differs.
    pub fn assert_success<T, H>(response: &Response<T, H>, status: u16) {
        assert_eq!(response.status, status, "response status");
        assert_eq!(
            response.request_id.as_deref(),
            Some(REQUEST_ID),
            "request id"
        );
    }

    /// Checks that a call succeeded with `status` and the request id, and gives its response
    /// for the other checks.
    ///
    /// # Panics
    ///
    /// When the call failed, or the status or request id differs.
    pub fn assert_succeeded<T, H>(
        result: Result<Response<T, H>, Error>,
        status: u16,
    ) -> Response<T, H> {
        let response = match result {
            Ok(response) => response,
            Err(error) => panic!("the documented example succeeds, but the call failed: {error:?}"),
        };
        assert_success(&response, status);
        response
    }

    /// Checks that a call failed with the API error the server answered (see
    /// [`assert_api_error`]).
    ///
    /// # Panics
    ///
    /// When the call succeeded, or failed otherwise.
    pub fn assert_failed<T: std::fmt::Debug>(
        result: Result<T, Error>,
        status: u16,
        body: Option<&str>,
    ) -> ApiError {
        let error = result.expect_err("a documented error status is an error");
        assert_api_error(&error, status, body)
    }

    /// Checks that `actual`, serialized, is the documented JSON `expected` (nulls and absent
    /// fields count as the same).
    ///
    /// # Panics
    ///
    /// When they differ.
    pub fn assert_same_json<T: serde::Serialize>(actual: &T, expected: &str) {
        let actual =
            without_nulls(serde_json::to_value(actual).expect("the decoded body serializes"));
        let expected =
            without_nulls(serde_json::from_str(expected).expect("the expected body is JSON"));
        assert_eq!(actual, expected, "decoded response body");
    }

    fn without_nulls(value: Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k, without_nulls(v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
            other => other,
        }
    }

    /// Checks that `error` is the API error the server answered: status, request id, and the
    /// error code and message taken from `body` (`error_code`/`error_msg`, or
    /// `code`/`message`), documented for the operation.
    ///
    /// # Panics
    ///
    /// When `error` is not that API error.
    pub fn assert_api_error(error: &Error, status: u16, body: Option<&str>) -> ApiError {
        let Error::Api(api) = error else {
            panic!("expected an API error, got {error:?}");
        };
        assert_eq!(api.status(), status, "status");
        assert_eq!(api.request_id(), Some(REQUEST_ID), "request id");
        let parsed: Option<Value> = body.and_then(|b| serde_json::from_str(b).ok());
        let field = |name: &str| {
            parsed
                .as_ref()
                .and_then(|v| v.get(name))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let code = field("error_code").or_else(|| field("code"));
        let message = field("error_msg").or_else(|| field("message"));
        assert_eq!(api.error_code(), code.as_deref(), "error_code");
        assert_eq!(api.error_msg(), message.as_deref(), "error_msg");
        assert!(
            api.is_documented(),
            "status {status} is documented for the operation"
        );
        api.as_ref().clone()
    }
}
