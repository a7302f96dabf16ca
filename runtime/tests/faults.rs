//! Faults, against real servers on 127.0.0.1: each gives its documented outcome and never a
//! panic. Also AK/SK signing on the wire, retries (re-signed), endpoint fallback, and logs
//! without secrets.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use huaweicloud_devops_runtime::dns::{Addrs, Name, Resolve, Resolving};
use huaweicloud_devops_runtime::signing::{SigningRequest, sign};
mod support;

use huaweicloud_devops_runtime::{CallOptions, Client, Config, Credentials, Error, RetryPolicy};
use support::{
    AK, DEMO, SECURITY_TOKEN, SK, STOP_TASK_FLAGGED, TOKEN, TestRequest, call, failing_then_ok,
    fast_retries,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn config(endpoint: String) -> Config {
    Config::new()
        .endpoint(endpoint)
        .credentials(Credentials::token(TOKEN))
        .timeout(Duration::from_secs(5))
        .retry(fast_retries())
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::new(&config(format!("http://127.0.0.1:{port}")), &DEMO).unwrap();
    let error = client.send(&call(true)).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
}

/// A server that answers every connection with a truncated body, then hangs up.
async fn truncating_server(connections: usize) -> (SocketAddr, Arc<Mutex<usize>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(0));
    let counter = seen.clone();
    tokio::spawn(async move {
        for _ in 0..connections {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            *counter.lock().unwrap() += 1;
            let mut buffer = [0u8; 4096];
            let _ = socket.read(&mut buffer).await;
            let _ = socket
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"partial\":")
                .await;
            let _ = socket.shutdown().await;
        }
    });
    (addr, seen)
}

#[tokio::test]
async fn connection_reset_mid_body_is_retried_then_a_transport_error() {
    let (addr, seen) = truncating_server(3).await;
    let client = Client::new(&config(format!("http://{addr}")), &DEMO).unwrap();
    let error = client.send(&call(true)).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(
        *seen.lock().unwrap(),
        3,
        "three attempts for an idempotent call"
    );
}

/// A server that answers slowly the first `slow` times, then at once.
async fn slow_then_fast(slow: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("{}")
                .set_delay(Duration::from_secs(3)),
        )
        .up_to_n_times(slow)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_timed_out_attempt_is_retried_when_the_operation_is_safe_to_repeat() {
    let server = slow_then_fast(1).await;
    let client = Client::new(
        &config(server.uri()).timeout(Duration::from_millis(200)),
        &DEMO,
    )
    .unwrap();
    client
        .send(&call(true))
        .await
        .expect("the second attempt answers in time");
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_timed_out_attempt_is_not_retried_when_the_operation_is_not_safe_to_repeat() {
    let server = slow_then_fast(1).await;
    let client = Client::new(
        &config(server.uri()).timeout(Duration::from_millis(200)),
        &DEMO,
    )
    .unwrap();
    let error = client.send(&call(false)).await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn the_deadline_bounds_the_whole_call() {
    let server = slow_then_fast(10).await;
    let client = Client::new(
        &config(server.uri())
            .timeout(Duration::from_millis(300))
            .retry(
                RetryPolicy::attempts(10)
                    .with_backoff(Duration::from_millis(10), Duration::from_millis(20)),
            )
            .deadline(Duration::from_millis(700)),
        &DEMO,
    )
    .unwrap();
    let started = Instant::now();
    let error = client.send(&call(true)).await.unwrap_err();
    let took = started.elapsed();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(
        took < Duration::from_millis(1500),
        "the deadline cut the call: {took:?}"
    );
    // 300 ms attempts within 700 ms: two full ones and a last one cut short, never ten.
    let sent = requests(&server).await;
    assert!((2..=3).contains(&sent), "{sent} attempts");
}

#[tokio::test]
async fn an_exhausted_retry_budget_stops_retrying() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .mount(&server)
        .await;
    // 10 tokens: two retries (5 each), then none.
    let client = Client::new(
        &config(server.uri()).retry(fast_retries().with_budget(Some(10))),
        &DEMO,
    )
    .unwrap();
    for _ in 0..3 {
        let _ = client.send(&call(true)).await;
    }
    // First call: 1 + 2 retries; then the budget is empty: 1 attempt each.
    assert_eq!(requests(&server).await, 3 + 1 + 1);
}

#[tokio::test]
async fn a_retry_after_that_is_no_number_or_date_counts_as_absent() {
    let server = failing_then_ok(
        ResponseTemplate::new(503)
            .insert_header("Retry-After", "soon, maybe")
            .set_body_string("busy"),
    )
    .await;
    let client = Client::new(&config(server.uri()), &DEMO).unwrap();
    let started = Instant::now();
    client
        .send(&call(true))
        .await
        .expect("retried after the usual backoff");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_status_of_600_or_more_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(600).set_body_string("?"))
        .mount(&server)
        .await;
    let client = Client::new(&config(server.uri()), &DEMO).unwrap();
    let error = client.send(&call(true)).await.unwrap_err();
    assert_eq!(error.status(), Some(600));
    assert!(!error.is_retryable());
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_request_id_that_is_not_ascii_is_kept() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(404)
                .append_header(
                    "X-Request-Id",
                    wiremock::http::HeaderValue::from_bytes(b"req-\xe9t\xe9").unwrap(),
                )
                .set_body_string("{}"),
        )
        .mount(&server)
        .await;
    let client = Client::new(&config(server.uri()), &DEMO).unwrap();
    let error = client.send(&call(false)).await.unwrap_err();
    assert_eq!(error.request_id(), Some("req-\u{fffd}t\u{fffd}"));
}

#[tokio::test]
async fn the_timeout_can_be_overridden_per_call() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("{}")
                .set_delay(Duration::from_secs(2)),
        )
        .mount(&server)
        .await;
    let client = Client::new(&config(server.uri()), &DEMO).unwrap();
    let hurried = client
        .with_options(
            &CallOptions::new()
                .timeout(Duration::from_millis(100))
                .connect_timeout(Duration::from_secs(1)),
        )
        .unwrap();
    let error = hurried.send(&call(false)).await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    client
        .send(&call(false))
        .await
        .expect("the client's own 5 s timeout is unchanged");
}

#[tokio::test]
async fn a_503_then_200_is_retried() {
    let server = failing_then_ok(ResponseTemplate::new(503)).await;
    let client = Client::new(&config(server.uri()), &DEMO).unwrap();
    let response = client.send(&call(true)).await.expect("the retry succeeds");
    assert_eq!(response.status(), 200);
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_429_with_retry_after_waits_as_asked() {
    let server =
        failing_then_ok(ResponseTemplate::new(429).insert_header("Retry-After", "1")).await;
    let client = Client::new(&config(server.uri()), &DEMO).unwrap();
    let started = Instant::now();
    client.send(&call(true)).await.expect("the retry succeeds");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_500_on_a_call_that_is_not_idempotent_is_not_retried() {
    let server = failing_then_ok(ResponseTemplate::new(500).set_body_string("oops")).await;
    let client = Client::new(&config(server.uri()), &DEMO).unwrap();
    let Err(Error::Api(error)) = client.send(&call(false)).await else {
        panic!("expected the 500");
    };
    assert_eq!(error.status(), 500);
    assert_eq!(requests(&server).await, 1);
}

async fn answering(response: ResponseTemplate) -> Client {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    let client = Client::new(&config(server.uri()), &DEMO).unwrap();
    // The server lives as long as the test's runtime; keep it alive.
    std::mem::forget(server);
    client
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Body {
    success: Option<bool>,
}

#[tokio::test]
async fn an_html_error_page_keeps_its_raw_body() {
    let client =
        answering(ResponseTemplate::new(400).set_body_string("<html>proxy error</html>")).await;
    let Err(Error::Api(error)) = client.send(&call(false)).await else {
        panic!()
    };
    assert_eq!(error.raw_body(), Some("<html>proxy error</html>"));
    assert!(!error.is_documented(), "a 400 without the documented body");
    assert_eq!(error.error_code(), None);
}

#[tokio::test]
async fn invalid_json_empty_and_null_success_bodies_are_decode_errors() {
    for body in ["{oops", "", "null"] {
        let client = answering(ResponseTemplate::new(200).set_body_string(body)).await;
        let raw = client.send(&call(false)).await.expect("a 2xx");
        let error = raw.json::<Body>().unwrap_err();
        assert!(
            matches!(&error, Error::Decode(d) if d.body() == body),
            "{body:?}: {error:?}"
        );
        // An operation documented without a success body accepts any of them.
        let client = answering(ResponseTemplate::new(200).set_body_string(body)).await;
        client
            .send(&call(false))
            .await
            .expect("a 2xx")
            .ignore_body();
    }
}

#[tokio::test]
async fn a_body_far_larger_than_expected_is_refused() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(1 << 20)))
        .mount(&server)
        .await;
    let client = Client::new(&config(server.uri()).max_response_bytes(64 * 1024), &DEMO).unwrap();
    let error = client.send(&call(false)).await.unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 65536, .. }),
        "{error:?}"
    );
}

/// Recomputes the signature of a received request with the SDK algorithm.
fn assert_correctly_signed(request: &wiremock::Request, host: &str) {
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let authorization = header("authorization").expect("signed");
    let signed_names: Vec<String> = authorization
        .split("SignedHeaders=")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .split(';')
        .map(str::to_owned)
        .collect();
    assert_eq!(
        signed_names,
        [
            "content-type",
            "host",
            "user-agent",
            "x-project-id",
            "x-sdk-date",
            "x-security-token"
        ]
    );
    let headers: Vec<(String, String)> = signed_names
        .iter()
        .map(|name| (name.clone(), header(name).unwrap()))
        .collect();
    let query: Vec<(String, String)> = request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let date = header("x-sdk-date").unwrap();
    let again = sign(
        SigningRequest {
            method: request.method.as_str(),
            host,
            path: request.url.path(),
            query: &query,
            headers,
            body: &request.body,
        },
        AK,
        SK,
        &date,
    );
    let expected = again
        .headers
        .iter()
        .find(|(n, _)| n == "Authorization")
        .unwrap()
        .1
        .clone();
    assert_eq!(authorization, expected);
    assert!(authorization.starts_with(&format!("SDK-HMAC-SHA256 Access={AK}, SignedHeaders=")));
}

#[tokio::test]
async fn ak_sk_requests_are_signed_and_each_attempt_is_signed_afresh() {
    let server =
        failing_then_ok(ResponseTemplate::new(429).insert_header("Retry-After", "1")).await;
    let config = Config::new()
        .endpoint(server.uri())
        .credentials(Credentials::temporary(AK, SK, SECURITY_TOKEN))
        .project_id("93d8e0553c20411fba06bb112b5b59af")
        .retry(fast_retries());
    let client = Client::new(&config, &DEMO).unwrap();
    let call = TestRequest::new(&STOP_TASK_FLAGGED, &[Some("t1"), Some("a b")]);
    client.send(&call).await.expect("succeeds after the retry");
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    let host = server.uri().trim_start_matches("http://").to_owned();
    for request in &received {
        assert_correctly_signed(request, &host);
        assert_eq!(
            request.headers.get("x-project-id").unwrap(),
            "93d8e0553c20411fba06bb112b5b59af"
        );
        assert_eq!(
            request.headers.get("x-security-token").unwrap(),
            SECURITY_TOKEN
        );
        assert!(request.headers.get("x-auth-token").is_none());
        assert_eq!(request.headers.get("content-length").unwrap(), "0");
    }
    let dates: Vec<&str> = received
        .iter()
        .map(|r| r.headers.get("x-sdk-date").unwrap().to_str().unwrap())
        .collect();
    assert_ne!(
        dates[0], dates[1],
        "a retry a second later carries a fresh X-Sdk-Date"
    );
}

/// A resolver that knows one name, on loopback, and fails every other lookup: no query leaves
/// the machine.
struct LoopbackOnly(&'static str);

impl Resolve for LoopbackOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let known = name.as_str() == self.0;
        Box::pin(async move {
            if known {
                let addrs: Addrs =
                    Box::new(vec![SocketAddr::from(([127, 0, 0, 1], 0))].into_iter());
                Ok(addrs)
            } else {
                Err("no such host".into())
            }
        })
    }
}

async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn an_unresolvable_endpoint_moves_to_the_next_one() {
    let server = ok_server().await;
    let port = server.address().port();
    let config = Config::new()
        .endpoints([
            format!("http://unknown.invalid:{port}"),
            format!("http://fallback.test:{port}"),
        ])
        .credentials(Credentials::token(TOKEN))
        .dns_resolver(Arc::new(LoopbackOnly("fallback.test")));
    let client = Client::new(&config, &DEMO).unwrap();
    client
        .send(&call(false))
        .await
        .expect("the second endpoint answers");
    assert_eq!(
        client.endpoint(),
        format!("http://fallback.test:{port}"),
        "and stays in use"
    );
}

#[tokio::test]
async fn a_failed_tls_handshake_moves_to_the_next_endpoint() {
    // The first endpoint speaks plain HTTP where TLS is expected.
    let plain = ok_server().await;
    let server = ok_server().await;
    let config = Config::new()
        .endpoints([
            format!("https://127.0.0.1:{}", plain.address().port()),
            server.uri(),
        ])
        .credentials(Credentials::token(TOKEN));
    let client = Client::new(&config, &DEMO).unwrap();
    client
        .send(&call(false))
        .await
        .expect("the second endpoint answers");
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_refused_connection_does_not_move_to_the_next_endpoint() {
    let server = ok_server().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = Config::new()
        .endpoints([format!("http://127.0.0.1:{port}"), server.uri()])
        .credentials(Credentials::token(TOKEN));
    let client = Client::new(&config, &DEMO).unwrap();
    let error = client.send(&call(false)).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(requests(&server).await, 0);
}
