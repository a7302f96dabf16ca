//! Test support, behind the `test-util` feature: what the generated conformance tests (and a
//! consumer's own tests) need to run a client against a local HTTP server and check what it
//! sent, as smithy-rs keeps `aws-smithy-protocol-test` beside its runtime.

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
        let server = MockServer::start().await;
        let mut response = ResponseTemplate::new(status).insert_header("X-Request-Id", REQUEST_ID);
        if let Some(body) = body {
            response = response.set_body_raw(body, "application/json");
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
        /// The JSON body, or `None` for an empty body.
        pub body: Option<&'a str>,
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
            Some(json) => {
                let got: Value =
                    serde_json::from_slice(&sent.body).expect("the request body is JSON");
                let want: Value = serde_json::from_str(json).expect("the expected body is JSON");
                assert_eq!(got, want, "request body");
            }
            None => {
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

    /// Checks the status and request id of a successful response.
    ///
    /// # Panics
    ///
    /// When either differs.
    pub fn assert_success<T>(response: &Response<T>, status: u16) {
        assert_eq!(response.status, status, "response status");
        assert_eq!(
            response.request_id.as_deref(),
            Some(REQUEST_ID),
            "request id"
        );
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
