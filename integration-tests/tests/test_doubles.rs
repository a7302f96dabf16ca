//! What a team writes to test its own service's code: values the client can return, built by
//! hand with the `test-util` feature, and the client against a local fake server (the recipe
//! in the runtime's `test_util` docs).

use std::time::Duration;

use huaweicloud_devops::codearts_pipeline::{
    CodeArtsPipelineClient, StopPipelineRunRequest, StopPipelineRunResult,
};
use huaweicloud_devops::runtime::test_util;
use huaweicloud_devops::{Config, Credentials, Error, Response};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The code under test: what a service tells its users after trying to stop a run.
fn outcome(result: &Result<Response<StopPipelineRunResult>, Error>) -> String {
    match result {
        Ok(response) if response.body.success == Some(true) => "stopped".to_owned(),
        Ok(_) => "not stopped".to_owned(),
        Err(Error::Api(api)) if api.status() == 404 => "no such run".to_owned(),
        Err(error) if error.is_retryable() => format!(
            "try again later (request {})",
            error.request_id().unwrap_or("-")
        ),
        Err(error) => format!("failed: {error}"),
    }
}

#[test]
fn every_kind_of_answer_can_be_built_by_hand() {
    let mut body = StopPipelineRunResult::default();
    body.success = Some(true);
    assert_eq!(outcome(&Ok(test_util::response(body))), "stopped");

    let not_found = test_util::api_error("StopPipelineRun", 404)
        .code("DEVPIPE.00011104", "The pipeline run does not exist")
        .into_error();
    assert_eq!(outcome(&Err(not_found)), "no such run");

    let busy = test_util::api_error("StopPipelineRun", 503)
        .raw_body("<html>busy</html>")
        .retry_after(Duration::from_secs(2))
        .header("Retry-After", "2")
        .request_id(Some("req-1"))
        .build();
    assert_eq!(busy.headers()["retry-after"], "2");
    assert_eq!(busy.raw_body(), Some("<html>busy</html>"));
    assert_eq!(
        outcome(&Err(Error::Api(Box::new(busy)))),
        "try again later (request req-1)"
    );

    assert_eq!(
        outcome(&Err(test_util::timeout("StopPipelineRun"))),
        "try again later (request -)"
    );
    assert!(test_util::transport_error("StopPipelineRun", "connection reset").is_retryable());
    let invalid = test_util::invalid_request("StopPipelineRun", "pipeline_id", "must not be empty");
    assert_eq!(
        outcome(&Err(invalid)),
        "failed: StopPipelineRun: invalid request: `pipeline_id` must not be empty"
    );
    let undecodable = test_util::decode_error("StopPipelineRun", 200, "<html/>", "not JSON");
    assert_eq!(undecodable.request_id(), Some(test_util::TEST_REQUEST_ID));
    assert!(!undecodable.is_retryable());
}

#[tokio::test]
async fn the_service_code_against_a_local_fake_server() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path_regex("/stop$"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Request-Id", "fake-1")
                .set_body_string(r#"{"success": true}"#),
        )
        .mount(&server)
        .await;
    let config = Config::new()
        .endpoint(server.uri())
        .credentials(Credentials::token("test"))
        .project_id("0123456789abcdef0123456789abcdef");
    let client = CodeArtsPipelineClient::new(&config).unwrap();
    let result = client
        .stop_pipeline_run(StopPipelineRunRequest::new(
            "794514e0a3184e5db0a4740112deee0f",
            "de6c9098f45a4ac58a6efc9c1b81df82",
        ))
        .await;
    assert_eq!(outcome(&result), "stopped");
    let response = result.unwrap();
    assert_eq!(response.request_id(), Some("fake-1"));
    assert_eq!(response.headers["x-request-id"], "fake-1");
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        sent.url.path(),
        "/v5/0123456789abcdef0123456789abcdef/api/pipelines/794514e0a3184e5db0a4740112deee0f/pipeline-runs/de6c9098f45a4ac58a6efc9c1b81df82/stop"
    );
}
