//! Logs carry the call and never a secret. Alone in its test binary: tracing caches, per
//! callsite and for the whole process, whether any subscriber is interested, so a
//! thread-local subscriber can miss events while other tests run the same code on other
//! threads.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use huaweicloud_devops_runtime::credentials::MetadataProvider;
use huaweicloud_devops_runtime::{Client, Config, Credentials};
use support::{AK, DEMO, SECURITY_TOKEN, SK, TOKEN, call, failing_then_ok, fast_retries};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const METADATA_SESSION: &str = "metadata-session-must-never-leak";

#[tokio::test]
async fn spans_carry_the_call_and_no_secret_reaches_logs_debug_or_errors() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = failing_then_ok(
        ResponseTemplate::new(503)
            .insert_header("X-Request-Id", "req-503")
            .set_body_string(r#"{"error_code":"X.503","error_msg":"busy"}"#),
    )
    .await;
    // Temporary credentials from a metadata service: its session token is a secret too.
    let metadata = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_string(METADATA_SESSION))
        .mount(&metadata)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!(
            r#"{{"credential": {{"access": "{AK}", "secret": "{SK}", "securitytoken":
                "{SECURITY_TOKEN}", "expires_at": "2099-01-01T00:00:00.000000Z"}}}}"#
        )))
        .mount(&metadata)
        .await;
    let mut shown = String::new();
    for credentials in [
        Credentials::temporary(AK, SK, SECURITY_TOKEN),
        Credentials::token(TOKEN),
        Credentials::from_provider(MetadataProvider::new().endpoint(metadata.uri())),
    ] {
        let config = Config::new()
            .endpoint(server.uri())
            .credentials(credentials)
            .retry(fast_retries());
        let client = Client::new(&config, &DEMO).unwrap();
        shown += &format!("{config:?} {client:?}");
        if let Err(error) = client.send(&call(false)).await {
            shown += &format!("{error} {error:?}");
        }
        let _ = client.send(&call(true)).await;
    }
    // Turning certificate checks off is said out loud, once per client built with it.
    let careless = Config::new()
        .endpoint(server.uri())
        .credentials(Credentials::token(TOKEN))
        .danger_accept_invalid_certs();
    Client::new(&careless, &DEMO).unwrap();
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert_eq!(
        logs.matches("TLS certificate verification is OFF").count(),
        1,
        "{logs}"
    );
    assert!(logs.contains("WARN"), "{logs}");
    for expected in [
        "service=\"Demo\"",
        "operation=\"StopTask\"",
        "attempt=1",
        "status=503",
        "request_id=\"req-503\"",
        "latency_ms=",
        "temporary credentials from the ECS metadata service",
    ] {
        assert!(logs.contains(expected), "{expected} missing from:\n{logs}");
    }
    for secret in [SK, SECURITY_TOKEN, TOKEN, METADATA_SESSION] {
        assert!(!logs.contains(secret), "a secret in the logs:\n{logs}");
        assert!(
            !shown.contains(secret),
            "a secret in Debug/Display:\n{shown}"
        );
    }
}
