//! Clients with credentials from providers, against servers on 127.0.0.1: the default chain
//! reaching a local metadata service, credentials asked for at every attempt, the project id
//! found with them.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};

use huaweicloud_devops_runtime::credentials::{
    CredentialsChain, CredentialsFuture, EnvProvider, MetadataProvider, ProvideCredentials,
};
use huaweicloud_devops_runtime::signing::{SigningRequest, sign};
use huaweicloud_devops_runtime::{AuthScheme, Client, Config, Credentials, Error, ServiceInfo};
use support::{DEMO, call, failing_then_ok, fast_retries};
use wiremock::matchers::{any, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TEMPORARY_AK: &str = "AKFROMMETADATA";
const TEMPORARY_SK: &str = "metadata-sk-must-never-leak";
const SECURITY_TOKEN: &str = "metadata-security-token-must-never-leak";

/// The `Access` of a received request's `Authorization`, after checking its signature with
/// `sk` (the SDK's algorithm, recomputed over the headers it says it signed).
fn signed_access(request: &wiremock::Request, host: &str, sk: &str) -> String {
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let authorization = header("authorization").expect("signed");
    let access = authorization
        .split("Access=")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_owned();
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
    let again = sign(
        SigningRequest {
            method: request.method.as_str(),
            host,
            path: request.url.path(),
            query: &[],
            headers: signed_names
                .iter()
                .map(|name| (name.clone(), header(name).unwrap()))
                .collect(),
            body: &request.body,
        },
        &access,
        sk,
        &header("x-sdk-date").unwrap(),
    );
    let expected = &again
        .headers
        .iter()
        .find(|(n, _)| n == "Authorization")
        .unwrap()
        .1;
    assert_eq!(&authorization, expected, "signed with {sk}");
    access
}

fn host(server: &MockServer) -> String {
    server.uri().trim_start_matches("http://").to_owned()
}

#[tokio::test]
async fn a_client_from_the_default_chain_signs_with_temporary_credentials_from_metadata() {
    let metadata = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/meta-data/latest/api/token"))
        .respond_with(ResponseTemplate::new(200).set_body_string("session"))
        .mount(&metadata)
        .await;
    Mock::given(method("GET"))
        .and(path("/openstack/latest/securitykey"))
        .and(header("X-Metadata-Token", "session"))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!(
            r#"{{"credential": {{"access": "{TEMPORARY_AK}", "secret": "{TEMPORARY_SK}",
                "securitytoken": "{SECURITY_TOKEN}", "expires_at": "2099-01-08T03:50:07.574000Z"}}}}"#
        )))
        .expect(1)
        .mount(&metadata)
        .await;
    let api = failing_then_ok(ResponseTemplate::new(503)).await;
    // No variables and no profile file: the chain comes to the metadata service.
    let home = tempfile::tempdir().unwrap();
    let home_path = home.path().to_str().unwrap().to_owned();
    let chain = CredentialsChain::sdk_default_with(
        move |name| matches!(name, "HOME" | "USERPROFILE").then(|| home_path.clone()),
        MetadataProvider::new().endpoint(metadata.uri()),
    );
    let config = Config::new()
        .endpoint(api.uri())
        .credentials(Credentials::load(chain).await.unwrap())
        .project_id("93d8e0553c20411fba06bb112b5b59af")
        .retry(fast_retries());
    let client = Client::new(&config, &DEMO).unwrap();
    client
        .send(&call(true))
        .await
        .expect("succeeds after a retry");
    let received = api.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(
            signed_access(request, &host(&api), TEMPORARY_SK),
            TEMPORARY_AK
        );
        assert_eq!(
            request.headers.get("x-security-token").unwrap(),
            SECURITY_TOKEN
        );
        assert!(
            request
                .headers
                .get("authorization")
                .unwrap()
                .to_str()
                .unwrap()
                .contains("x-security-token"),
            "the security token is signed"
        );
    }
    let shown = format!("{config:?} {client:?}");
    assert!(shown.contains("MetadataProvider"), "{shown}");
    assert!(!shown.contains(TEMPORARY_SK) && !shown.contains(SECURITY_TOKEN));
}

/// Gives `AK-1`, `AK-2`, ... : new credentials at every request.
#[derive(Debug, Default)]
struct Rotating(AtomicUsize);

impl ProvideCredentials for Rotating {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move { Ok(Credentials::ak_sk(format!("AK-{n}"), format!("SK-{n}"))) })
    }
}

#[tokio::test]
async fn each_attempt_is_signed_with_the_credentials_of_that_moment() {
    let api = failing_then_ok(ResponseTemplate::new(503)).await;
    let config = Config::new()
        .endpoint(api.uri())
        .credentials(Credentials::from_provider(Rotating::default()))
        .retry(fast_retries());
    let client = Client::new(&config, &DEMO).unwrap();
    client.send(&call(true)).await.unwrap();
    let received = api.received_requests().await.unwrap();
    let accesses: Vec<String> = received
        .iter()
        .enumerate()
        .map(|(i, r)| signed_access(r, &host(&api), &format!("SK-{}", i + 1)))
        .collect();
    assert_eq!(accesses, ["AK-1", "AK-2"]);
}

#[tokio::test]
async fn the_project_id_found_with_the_credentials_fills_the_configuration_s() {
    let api = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&api)
        .await;
    let env = EnvProvider::with_lookup(|name| match name {
        "HUAWEICLOUD_SDK_AK" => Some("AKENV".to_owned()),
        "HUAWEICLOUD_SDK_SK" => Some("SKENV".to_owned()),
        "HUAWEICLOUD_SDK_PROJECT_ID" => Some("p-env".to_owned()),
        _ => None,
    });
    let credentials = Credentials::load(env).await.unwrap();
    let found = Config::new()
        .endpoint(api.uri())
        .credentials(credentials.clone());
    // A project id set on the configuration wins, whatever the order of the calls.
    let set = Config::new()
        .project_id("p-config")
        .endpoint(api.uri())
        .credentials(credentials);
    for config in [found, set] {
        Client::new(&config, &DEMO)
            .unwrap()
            .send(&call(false))
            .await
            .unwrap();
    }
    let received = api.received_requests().await.unwrap();
    let project_ids: Vec<&str> = received
        .iter()
        .map(|r| r.headers.get("x-project-id").unwrap().to_str().unwrap())
        .collect();
    assert_eq!(project_ids, ["p-env", "p-config"]);
    assert_eq!(signed_access(&received[0], &host(&api), "SKENV"), "AKENV");
}

static AK_SK_ONLY: ServiceInfo = ServiceInfo {
    name: "Demo",
    sdk_name: "DEMO",
    endpoints: &[],
    auth: &[AuthScheme::AkSk],
};

#[derive(Debug)]
struct Failing;

impl ProvideCredentials for Failing {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async { Err(Error::Config("vault: sealed".to_owned())) })
    }
}

#[derive(Debug)]
struct TokenGiving;

impl ProvideCredentials for TokenGiving {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async { Ok(Credentials::token("token-must-never-leak")) })
    }
}

#[tokio::test]
async fn a_provider_without_usable_credentials_fails_the_call_before_sending() {
    let api = MockServer::start().await;
    for (credentials, expected) in [
        (
            Credentials::from_provider(Failing),
            "invalid client configuration: vault: sealed",
        ),
        (
            Credentials::from_provider(TokenGiving),
            "invalid client configuration: Demo does not accept token credentials",
        ),
    ] {
        let config = Config::new().endpoint(api.uri()).credentials(credentials);
        let error = Client::new(&config, &AK_SK_ONLY)
            .expect("what a provider gives is only known at the call")
            .send(&call(false))
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Config(_)), "{error:?}");
        assert_eq!(error.to_string(), expected);
    }
    assert!(api.received_requests().await.unwrap().is_empty());
}
