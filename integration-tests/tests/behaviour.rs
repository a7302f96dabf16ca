//! Hand-written tests of the generated clients: what the official SDK sends for the same
//! inputs, the project id, and tolerance of what servers add later.
#![allow(deprecated)]

use huaweicloud_devops::aom::{AomClient, StopExecutionRequest, StopExecutionResult};
use huaweicloud_devops::codearts_build::{CodeArtsBuildClient, StopJobRequest, StopJobRequestBody};
use huaweicloud_devops::codearts_pipeline::{
    BatchShowPipelinesLatestStatusRequest, CodeArtsPipelineClient, PipelineRunStatus, StageStatus,
    TriggerType,
};
use huaweicloud_devops::runtime::OrText;
use huaweicloud_devops::{Config, Credentials, Error};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT: &str = "93d8e0553c20411fba06bb112b5b59af";

async fn serve(body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_owned(), "application/json"))
        .mount(&server)
        .await;
    server
}

fn signed(server: &MockServer) -> Config {
    Config::new()
        .endpoint(server.uri())
        .credentials(Credentials::ak_sk(
            "HWOAKEXAMPLE0000000000",
            "HWOSKEXAMPLE00000000000000000000000000000",
        ))
        .project_id(PROJECT)
}

fn header(request: &wiremock::Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

fn signed_headers(request: &wiremock::Request) -> String {
    let authorization = header(request, "authorization").expect("an Authorization header");
    authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn batch_show_sends_what_the_sdk_sends() {
    let server = serve("[]").await;
    let client = CodeArtsPipelineClient::new(&signed(&server)).unwrap();
    let request = BatchShowPipelinesLatestStatusRequest::new(vec![
        "d19799d619424b2bb2625ec2d93ea087".to_owned(),
    ])
    .with_project_id("54f90b75fc1447b1b65e8d3a9f77923d");
    client
        .batch_show_pipelines_latest_status(request)
        .await
        .unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(sent.method.as_str(), "POST");
    // The request's project id wins in the path; the configured one is the header, as in the
    // SDK.
    assert_eq!(
        sent.url.path(),
        "/v5/54f90b75fc1447b1b65e8d3a9f77923d/api/pipelines/status"
    );
    assert_eq!(header(sent, "x-project-id").as_deref(), Some(PROJECT));
    assert_eq!(
        header(sent, "content-type").as_deref(),
        Some("application/json;charset=utf-8")
    );
    assert_eq!(
        signed_headers(sent),
        "content-type;host;user-agent;x-project-id;x-sdk-date"
    );
    assert_eq!(
        String::from_utf8_lossy(&sent.body),
        r#"["d19799d619424b2bb2625ec2d93ea087"]"#
    );
}

#[tokio::test]
async fn stop_job_body_bytes_are_the_sdks() {
    let server = serve(r#"{"result":true}"#).await;
    let client = CodeArtsBuildClient::new(&signed(&server)).unwrap();
    let body = StopJobRequestBody::new("f9d6c8466d614a9788e9a0acf6c15f46", "20");
    let response = client.stop_job(StopJobRequest::new(body)).await.unwrap();
    assert_eq!(response.body.result, Some(true));
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(sent.url.path(), "/v3/jobs/stop");
    assert_eq!(
        String::from_utf8_lossy(&sent.body),
        r#"{"job_id": "f9d6c8466d614a9788e9a0acf6c15f46", "build_no": "20"}"#
    );
}

#[tokio::test]
async fn the_configured_project_id_fills_the_path() {
    let server = serve(r#"{"result":"success"}"#).await;
    let client = AomClient::new(&signed(&server)).unwrap();
    client
        .stop_execution(StopExecutionRequest::new("wf-1", "ex-1"))
        .await
        .unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        sent.url.path(),
        format!("/v1/{PROJECT}/cms/workflow/wf-1/executions/ex-1/terminate")
    );
    assert_eq!(header(sent, "x-project-id").as_deref(), Some(PROJECT));
}

#[tokio::test]
async fn without_a_project_id_nothing_is_sent() {
    let server = serve("{}").await;
    let config = Config::new()
        .endpoint(server.uri())
        .credentials(Credentials::token("t"));
    let client = AomClient::new(&config).unwrap();
    let error = client
        .stop_execution(StopExecutionRequest::new("wf-1", "ex-1"))
        .await
        .unwrap_err();
    let Error::InvalidRequest { violations, .. } = &error else {
        panic!("expected an invalid request, got {error:?}");
    };
    assert_eq!(violations[0].field, "project_id");
    assert!(error.to_string().contains("Config::project_id"), "{error}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn invalid_values_are_all_reported_before_sending() {
    let server = serve("{}").await;
    let client = AomClient::new(&signed(&server)).unwrap();
    let request = StopExecutionRequest::new("", "x".repeat(65)).with_project_id("short");
    let Err(Error::InvalidRequest { violations, .. }) = client.stop_execution(request).await else {
        panic!("expected an invalid request");
    };
    let fields: Vec<&str> = violations.iter().map(|v| v.field.as_str()).collect();
    assert_eq!(
        fields,
        ["project_id", "workflow_id", "workflow_id", "execution_id"]
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn unknown_enum_values_and_unknown_fields_decode() {
    let body = r#"[{
        "pipeline_id": "d19799d619424b2bb2625ec2d93ea087",
        "status": "HIBERNATING",
        "trigger_type": "RollBack",
        "brand_new_field": {"nested": [1, 2, 3]},
        "stage_status_list": [{"name": "Build", "status": "TELEPORTING", "sequence": 0, "extra": true}],
        "start_time": 1677919688000
    }]"#;
    let server = serve(body).await;
    let client = CodeArtsPipelineClient::new(&signed(&server)).unwrap();
    let request = BatchShowPipelinesLatestStatusRequest::new(vec![
        "d19799d619424b2bb2625ec2d93ea087".to_owned(),
    ]);
    let runs = client
        .batch_show_pipelines_latest_status(request)
        .await
        .unwrap()
        .body;
    assert_eq!(
        runs[0].status,
        Some(PipelineRunStatus::Unknown("HIBERNATING".to_owned()))
    );
    assert_eq!(
        runs[0].trigger_type,
        Some(TriggerType::Rollback),
        "both spellings decode"
    );
    let stages = runs[0].stage_status_list.as_ref().unwrap();
    assert_eq!(
        stages[0].status,
        Some(StageStatus::Unknown("TELEPORTING".to_owned()))
    );
    assert_eq!(runs[0].start_time, Some(1_677_919_688_000));
}

/// What the official SDK decodes (its `int("7")`), this client decodes too: one drifting field
/// does not lose the batch. What could be wrong is still refused.
#[tokio::test]
async fn drifting_numbers_decode_and_unsafe_drift_is_refused() {
    let body = r#"[
        {"pipeline_id": "d19799d619424b2bb2625ec2d93ea087", "run_number": "7", "start_time": 1677919688000.0},
        {"pipeline_id": "0c38dc7e9f8b4f8c9c2f2b5fd3d0a1e2", "run_number": 8, "executor_name": 42}
    ]"#;
    let server = serve(body).await;
    let client = CodeArtsPipelineClient::new(&signed(&server)).unwrap();
    let request = BatchShowPipelinesLatestStatusRequest::new(vec![
        "d19799d619424b2bb2625ec2d93ea087".to_owned(),
        "0c38dc7e9f8b4f8c9c2f2b5fd3d0a1e2".to_owned(),
    ]);
    let runs = client
        .batch_show_pipelines_latest_status(request.clone())
        .await
        .unwrap()
        .body;
    assert_eq!(runs[0].run_number, Some(7));
    assert_eq!(runs[0].start_time, Some(1_677_919_688_000));
    assert_eq!(runs[1].run_number, Some(8));
    assert_eq!(runs[1].executor_name.as_deref(), Some("42"));

    // 7.5 would be truncated to 7 by the SDK: here it is a decode error with the raw body.
    let server = serve(r#"[{"run_number": 7.5}]"#).await;
    let client = CodeArtsPipelineClient::new(&signed(&server)).unwrap();
    let Err(Error::Decode(error)) = client.batch_show_pipelines_latest_status(request).await else {
        panic!("7.5 is not a run number");
    };
    assert!(error.to_string().contains("7.5"), "{error}");
}

/// AOM documents no schema for its success body (the SDK keeps it as a string): a bare JSON
/// string or plain text is the body as text, not an error.
#[tokio::test]
async fn an_undocumented_success_body_comes_back_as_text() {
    async fn stop_answered_with(body: &str) -> OrText<StopExecutionResult> {
        let server = serve(body).await;
        let client = AomClient::new(&signed(&server)).unwrap();
        let request = StopExecutionRequest::new(
            "4c2e7d1a9b3f4e6a8d5c0b7e2f1a9c3d",
            "7f3b9e2d5a1c4b8e9f0d6a2c3e4b5d1f",
        );
        let response = client.stop_execution(request).await;
        response.expect("a success, whatever its body").body
    }
    for (body, text) in [
        (r#""success""#, "success"),
        ("terminated", "terminated"),
        ("[]", "[]"),
    ] {
        assert_eq!(stop_answered_with(body).await.text(), Some(text), "{body}");
    }
    let body = stop_answered_with(r#"{"result": "success"}"#).await;
    let typed = body.typed().expect("the documented shape is typed");
    assert_eq!(typed.result.as_deref(), Some("success"));
}

#[test]
fn the_readme_example_is_the_compiled_quickstart_example() {
    let readme = include_str!("../../README.md");
    let example = include_str!("../examples/quickstart.rs");
    assert!(
        readme.contains(example),
        "README.md's example differs from examples/quickstart.rs"
    );
}

#[test]
fn the_readme_credentials_example_is_the_compiled_credentials_example() {
    let readme = include_str!("../../README.md");
    let example = include_str!("../examples/credentials.rs");
    assert!(
        readme.contains(example),
        "README.md's credentials example differs from examples/credentials.rs"
    );
}

/// A provider that hands out a new token at every attempt: `token-1`, `token-2`, ...
#[derive(Debug, Default)]
struct RotatingTokens(std::sync::atomic::AtomicUsize);

impl huaweicloud_devops::runtime::credentials::ProvideCredentials for RotatingTokens {
    fn provide_credentials(
        &self,
    ) -> huaweicloud_devops::runtime::credentials::CredentialsFuture<'_> {
        let n = self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        Box::pin(std::future::ready(Ok(Credentials::token(format!(
            "token-{n}"
        )))))
    }
}

/// A fixed token is sent as given on every call; a provider's token is asked for at every
/// call, and the one it gives is sent.
#[tokio::test]
async fn tokens_go_out_as_given_fixed_or_from_a_provider() {
    let server = serve("{}").await;
    let config = Config::new().endpoint(server.uri()).project_id(PROJECT);
    let fixed = AomClient::new(&config.clone().credentials(Credentials::token("fixed"))).unwrap();
    let rotating =
        AomClient::new(&config.credentials(Credentials::from_provider(RotatingTokens::default())))
            .unwrap();
    for client in [&fixed, &fixed, &rotating, &rotating] {
        client
            .stop_execution(StopExecutionRequest::new("wf-1", "ex-1"))
            .await
            .unwrap();
    }
    let tokens: Vec<Option<String>> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|sent| header(sent, "x-auth-token"))
        .collect();
    let expected = ["fixed", "fixed", "token-1", "token-2"].map(|t| Some(t.to_owned()));
    assert_eq!(tokens, expected);
}

/// A token or user agent that cannot be a header value is refused when the client is built,
/// not at each call.
#[test]
fn header_values_that_cannot_be_sent_are_refused_when_the_client_is_built() {
    let config = Config::new()
        .endpoint("http://127.0.0.1:9")
        .project_id(PROJECT);
    let error =
        AomClient::new(&config.clone().credentials(Credentials::token("secret\nx"))).unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(
        !error.to_string().contains("secret"),
        "the token shows in {error}"
    );
    let error = AomClient::new(
        &config
            .credentials(Credentials::token("t"))
            .user_agent("two\nlines"),
    )
    .unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(error.to_string().contains("user agent"), "{error}");
}
