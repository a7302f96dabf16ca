//! The runtime against a real HTTP server on 127.0.0.1: what goes on the wire, and what every
//! kind of answer (or no answer) becomes.

use std::time::Duration;

mod support;

use huaweicloud_devops_runtime::{
    AuthScheme, Client, Config, Credentials, Error, ErrorStatus, Method, Operation, Param,
    RegionEndpoints, ServiceInfo,
};
use support::TestRequest;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

static DEMO: ServiceInfo = ServiceInfo {
    name: "Demo",
    sdk_name: "DEMO",
    endpoints: &[RegionEndpoints {
        region: "xx-test-1",
        endpoints: &["https://demo.invalid"],
    }],
    auth: &[AuthScheme::Token {
        header: "X-Auth-Token",
    }],
};

async fn answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    let config = Config::new()
        .endpoint(server.uri())
        .credentials(Credentials::token("t0ken"))
        .timeout(Duration::from_secs(5));
    Client::new(&config, &DEMO).expect("client")
}

const STOP: Operation = Operation {
    name: "StopTask",
    method: Method::POST,
    path: "/v2/tasks/{task_id}/stop",
    content_type: "application/json",
    idempotent: false,
    errors: &[ErrorStatus::with_body(404)],
    params: &[Param::path("task_id")],
    body: &[],
};

static STOP_TASK: Operation = STOP;

/// Like `STOP_TASK`, with a query parameter and a header parameter.
static STOP_TASK_TRACED: Operation = Operation {
    params: &[
        Param::path("task_id"),
        Param::query("q"),
        Param::header("X-Trace"),
    ],
    ..STOP
};

fn stop(task: &str) -> TestRequest {
    TestRequest::new(&STOP_TASK, &[Some(task)])
}

#[tokio::test]
async fn hostile_path_values_stay_inside_their_segment() {
    let server = answering(ResponseTemplate::new(200).set_body_string("{}")).await;
    let client = client(&server);
    let cases = [
        ("../x", "/v2/tasks/..%2Fx/stop"),
        ("a/b?c#d", "/v2/tasks/a%2Fb%3Fc%23d/stop"),
        ("%2e%2e", "/v2/tasks/%252e%252e/stop"),
        ("a b/c+d~é", "/v2/tasks/a%20b%2Fc%2Bd~%C3%A9/stop"),
    ];
    for (value, _) in cases {
        client.send(&stop(value)).await.expect("sent");
    }
    let seen: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    let want: Vec<&str> = cases.iter().map(|(_, path)| *path).collect();
    assert_eq!(seen, want);
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let server = answering(ResponseTemplate::new(200).set_body_string("{}")).await;
    let client = client(&server);
    for value in [".", "..", ""] {
        assert!(
            matches!(
                client.send(&stop(value)).await,
                Err(Error::InvalidRequest { .. })
            ),
            "{value:?}"
        );
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn sends_token_content_type_query_and_an_empty_body() {
    let server = answering(ResponseTemplate::new(200).set_body_string("{}")).await;
    let call = TestRequest::new(&STOP_TASK_TRACED, &[Some("t1"), Some("a b&c"), Some("abc")]);
    client(&server).send(&call).await.expect("sent");
    let request = &server.received_requests().await.unwrap()[0];
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(request.url.query(), Some("q=a%20b%26c"));
    assert_eq!(header("x-auth-token").as_deref(), Some("t0ken"));
    assert_eq!(header("content-type").as_deref(), Some("application/json"));
    assert_eq!(header("x-trace").as_deref(), Some("abc"));
    assert_eq!(header("content-length").as_deref(), Some("0"));
    assert!(
        header("user-agent")
            .unwrap()
            .starts_with("huaweicloud-devops-runtime/")
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn documented_error_bodies_are_decoded_with_the_request_id() {
    let server = answering(
        ResponseTemplate::new(404)
            .insert_header("X-Request-Id", "req-404")
            .set_body_string(r#"{"error_code":"CC.404","error_msg":"gone","http_code":404}"#),
    )
    .await;
    let Err(Error::Api(error)) = client(&server).send(&stop("t1")).await else {
        panic!("expected an API error");
    };
    assert_eq!(error.status(), 404);
    assert_eq!(error.error_code(), Some("CC.404"));
    assert_eq!(error.error_msg(), Some("gone"));
    assert_eq!(error.request_id(), Some("req-404"));
    assert!(error.is_documented());
    assert_eq!(error.raw_body(), None);
    #[derive(serde::Deserialize)]
    struct WithHttpCode {
        http_code: i32,
    }
    assert_eq!(
        error.body_as::<WithHttpCode>().map(|b| b.http_code),
        Some(404)
    );
}

#[tokio::test]
async fn undocumented_error_bodies_are_kept_raw() {
    let page = "<html><body>502 Bad Gateway</body></html>";
    let server = answering(ResponseTemplate::new(502).set_body_string(page)).await;
    let Err(Error::Api(error)) = client(&server).send(&stop("t1")).await else {
        panic!("expected an API error");
    };
    assert_eq!(error.status(), 502);
    assert_eq!(error.error_code(), None);
    assert_eq!(error.raw_body(), Some(page));
    assert!(!error.is_documented());
    assert!(error.to_string().contains("502 Bad Gateway"), "{error}");
}

#[tokio::test]
async fn undecodable_success_bodies_are_decode_errors() {
    let server = answering(
        ResponseTemplate::new(200)
            .insert_header("X-Request-Id", "req-200")
            .set_body_string("{not json"),
    )
    .await;
    let raw = client(&server).send(&stop("t1")).await.expect("2xx");
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Body {
        success: bool,
    }
    let Err(Error::Decode(error)) = raw.json::<Body>() else {
        panic!("expected a decode error");
    };
    assert_eq!(error.status(), 200);
    assert_eq!(error.body(), "{not json");
    assert_eq!(error.request_id(), Some("req-200"));
}

#[tokio::test]
async fn a_slow_server_is_a_timeout() {
    let server = answering(
        ResponseTemplate::new(200)
            .set_body_string("{}")
            .set_delay(Duration::from_secs(3)),
    )
    .await;
    let config = Config::new()
        .endpoint(server.uri())
        .credentials(Credentials::token("t"))
        .timeout(Duration::from_millis(200));
    let client = Client::new(&config, &DEMO).unwrap();
    let error = client.send(&stop("t1")).await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    // A port that was just free: nothing listens there any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = Config::new()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .credentials(Credentials::token("t"))
        .timeout(Duration::from_secs(5));
    let client = Client::new(&config, &DEMO).unwrap();
    let error = client.send(&stop("t1")).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(!error.to_string().contains("t0ken"));
}
