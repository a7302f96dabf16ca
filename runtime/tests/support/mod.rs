//! What the runtime's tests share: a made-up service and operations described the way
//! generated code describes them, a request of any of them, and servers that fail first.
#![allow(dead_code)]

use std::time::Duration;

use huaweicloud_devops_runtime::{
    AuthScheme, ErrorStatus, Method, Operation, Param, ParamValue, RegionEndpoints, Request,
    RetryPolicy, ServiceInfo,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A service that accepts AK/SK and tokens; its region table points nowhere.
pub static DEMO: ServiceInfo = ServiceInfo {
    name: "Demo",
    sdk_name: "DEMO",
    endpoints: &[RegionEndpoints {
        region: "xx-test-1",
        endpoints: &["https://demo.invalid"],
    }],
    auth: &[
        AuthScheme::AkSk,
        AuthScheme::Token {
            header: "X-Auth-Token",
        },
    ],
};

pub const AK: &str = "AKFAULTTEST";
pub const SK: &str = "sk-must-never-leak";
pub const SECURITY_TOKEN: &str = "security-token-must-never-leak";
pub const TOKEN: &str = "token-must-never-leak";

/// Retries that do not slow the tests down.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::attempts(3).with_backoff(Duration::from_millis(10), Duration::from_secs(2))
}

/// Not safe to repeat: never retried.
pub static STOP_TASK: Operation = STOP;

pub const STOP: Operation = Operation {
    name: "StopTask",
    method: Method::POST,
    path: "/v2/tasks/{id}/stop",
    content_type: "application/json",
    idempotent: false,
    errors: &[ErrorStatus::with_body(400)],
    params: &[Param::path("id")],
    body: &[],
};

/// Safe to repeat: retried as the policy allows.
pub const IDEMPOTENT: Operation = Operation {
    idempotent: true,
    ..STOP
};

pub static STOP_TASK_IDEMPOTENT: Operation = IDEMPOTENT;

/// Safe to repeat, with a query parameter.
pub static STOP_TASK_FLAGGED: Operation = Operation {
    params: &[Param::path("id"), Param::query("flag")],
    ..IDEMPOTENT
};

/// A request of `StopTask`, safe to repeat or not.
pub fn call(idempotent: bool) -> TestRequest {
    let operation = if idempotent {
        &STOP_TASK_IDEMPOTENT
    } else {
        &STOP_TASK
    };
    TestRequest::new(operation, &[Some("t1")])
}

/// A server that answers `first` once, then `200 {"success":true}`.
pub async fn failing_then_ok(first: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"success":true}"#))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

/// A request of `operation` with one value per parameter, in parameter order.
pub struct TestRequest {
    pub operation: &'static Operation,
    pub values: Vec<Option<String>>,
}

impl TestRequest {
    /// A request with these parameter values (`None`: unset).
    pub fn new(operation: &'static Operation, values: &[Option<&str>]) -> TestRequest {
        TestRequest {
            operation,
            values: values.iter().map(|v| v.map(str::to_owned)).collect(),
        }
    }
}

impl Request for TestRequest {
    fn operation(&self) -> &'static Operation {
        self.operation
    }

    fn params(&self) -> Vec<ParamValue<'_>> {
        self.values.iter().map(ParamValue::of).collect()
    }
}
