//! Tests of each credential source alone, of the chain, and of what they show. Environment
//! variables come through a lookup function (the process environment is never changed), the
//! profile from temporary files, the metadata service from servers on 127.0.0.1.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use secrecy::ExposeSecret;
use wiremock::matchers::{header, header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;

/// Variables as a lookup function.
fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    move |name| {
        pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }
}

/// AK, SK and security token of credentials that are (or that a provider gives) now.
async fn parts(credentials: &Credentials) -> (String, String, Option<String>) {
    match credentials
        .current()
        .await
        .expect("credentials")
        .into_owned()
    {
        Auth::AkSk {
            ak,
            sk,
            security_token,
        } => (
            ak,
            sk.expose_secret().to_owned(),
            security_token.map(|t| t.expose_secret().to_owned()),
        ),
        Auth::Token(_) => panic!("a token"),
    }
}

fn config_message(result: Result<Credentials, Error>) -> String {
    match result {
        Err(Error::Config(message)) => message,
        other => panic!("expected Error::Config, got {other:?}"),
    }
}

/// A port on 127.0.0.1 where nothing listens any more.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

mod env {
    use super::*;

    #[test]
    fn the_sdk_names_with_security_token_and_project_id() {
        let credentials = EnvProvider::with_lookup(vars(&[
            ("HUAWEICLOUD_SDK_AK", "AK1"),
            ("HUAWEICLOUD_SDK_SK", "SK1"),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "ST1"),
            ("HUAWEICLOUD_SDK_PROJECT_ID", "p1"),
            // The samples' names lose to the SDK's.
            ("CLOUD_SDK_AK", "AK2"),
            ("CLOUD_SDK_SK", "SK2"),
        ]))
        .load()
        .unwrap();
        assert_eq!(
            format!("{credentials:?}"),
            "Credentials::Temporary { ak: \"AK1\", sk: <redacted>, security_token: <redacted> } \
             with project_id \"p1\""
        );
    }

    #[tokio::test]
    async fn the_samples_names_still_work_and_the_project_id_applies_to_them() {
        let plain = EnvProvider::with_lookup(vars(&[(ENV_AK, "AK1"), (ENV_SK, "SK1")]))
            .load()
            .unwrap();
        assert_eq!(
            format!("{plain:?}"),
            "Credentials::AkSk { ak: \"AK1\", sk: <redacted> }"
        );
        let temporary = EnvProvider::with_lookup(vars(&[
            (ENV_AK, "AK1"),
            (ENV_SK, "SK1"),
            (ENV_SECURITY_TOKEN, "ST1"),
            ("HUAWEICLOUD_SDK_PROJECT_ID", "p1"),
            // A security token goes with its own pair only.
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "other"),
        ]))
        .load()
        .unwrap();
        assert_eq!(
            parts(&temporary).await,
            ("AK1".into(), "SK1".into(), Some("ST1".into()))
        );
        assert_eq!(temporary.project_id(), Some("p1"));
    }

    #[test]
    fn missing_variables_are_named() {
        let text = config_message(EnvProvider::with_lookup(vars(&[(ENV_AK, "AK1")])).load());
        assert!(
            text.contains("CLOUD_SDK_AK is set but CLOUD_SDK_SK is not"),
            "{text}"
        );
        let text = config_message(
            EnvProvider::with_lookup(vars(&[("HUAWEICLOUD_SDK_SK", "SK1"), (ENV_AK, "AK1")]))
                .load(),
        );
        assert!(
            text.contains("HUAWEICLOUD_SDK_SK is set but HUAWEICLOUD_SDK_AK is not"),
            "half a pair is reported, not mixed with the other: {text}"
        );
        // Blank counts as unset, as in the SDKs.
        let text = config_message(
            EnvProvider::with_lookup(vars(&[(ENV_SK, "  "), ("HUAWEICLOUD_SDK_AK", "")])).load(),
        );
        assert_eq!(
            text,
            "environment variables: neither HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK nor \
             CLOUD_SDK_AK and CLOUD_SDK_SK are set"
        );
    }

    #[test]
    fn federated_authentication_is_refused_by_name() {
        let text = config_message(
            EnvProvider::with_lookup(vars(&[
                ("HUAWEICLOUD_SDK_IDP_ID", "idp"),
                ("HUAWEICLOUD_SDK_ID_TOKEN_FILE", "/tmp/token"),
                ("HUAWEICLOUD_SDK_AK", "AK1"),
                ("HUAWEICLOUD_SDK_SK", "SK1"),
            ]))
            .load(),
        );
        assert!(
            text.contains("HUAWEICLOUD_SDK_IDP_ID and HUAWEICLOUD_SDK_ID_TOKEN_FILE are set"),
            "{text}"
        );
    }

    #[tokio::test]
    async fn the_provider_reads_once_it_has_found_credentials() {
        let reads = Arc::new(Mutex::new(0));
        let counted = reads.clone();
        let provider = EnvProvider::with_lookup(move |name| {
            *counted.lock().unwrap() += 1;
            vars(&[("HUAWEICLOUD_SDK_AK", "AK1"), ("HUAWEICLOUD_SDK_SK", "SK1")])(name)
        });
        provider.provide_credentials().await.unwrap();
        let after_first = *reads.lock().unwrap();
        provider.provide_credentials().await.unwrap();
        assert_eq!(*reads.lock().unwrap(), after_first);
    }
}

mod profile {
    use super::*;

    const FILE: &str = "\
# written by hand
[basic]
ak = AKBASIC
sk = SKBASIC
project_id = 93d8e0553c20411fba06bb112b5b59af

; another account
[basic-dev]
AK: \"AKDEV\"
Sk: SKDEV
security_token = STDEV

[global]
ak = AKGLOBAL
sk = SKGLOBAL
domain_id = d1
";

    fn write(dir: &std::path::Path, relative: &str, text: &str) -> std::path::PathBuf {
        let file = dir.join(relative);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::File::create(&file)
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        file
    }

    #[tokio::test]
    async fn the_basic_section_of_the_file_in_the_home_directory() {
        let home = tempfile::tempdir().unwrap();
        write(home.path(), ".huaweicloud/credentials", FILE);
        let home_path = home.path().to_str().unwrap().to_owned();
        let provider = ProfileProvider::with_lookup(move |name| {
            (name == if cfg!(windows) { "USERPROFILE" } else { "HOME" }).then(|| home_path.clone())
        });
        assert_eq!(
            provider.file().unwrap(),
            home.path().join(".huaweicloud").join("credentials")
        );
        let credentials = provider.provide_credentials().await.unwrap();
        assert_eq!(
            parts(&credentials).await,
            ("AKBASIC".into(), "SKBASIC".into(), None)
        );
        assert_eq!(
            credentials.project_id(),
            Some("93d8e0553c20411fba06bb112b5b59af")
        );
    }

    #[tokio::test]
    async fn the_variable_overrides_the_path_and_another_profile_can_be_chosen() {
        let dir = tempfile::tempdir().unwrap();
        let file = write(dir.path(), "elsewhere.ini", FILE);
        let file_path = file.to_str().unwrap().to_owned();
        let provider = ProfileProvider::with_lookup(vars(&[
            ("HUAWEICLOUD_SDK_CREDENTIALS_FILE", &file_path),
            ("HOME", "/nonexistent"),
        ]))
        .profile("basic-dev");
        assert_eq!(provider.file().unwrap(), file);
        // Keys ignoring case, `:` as separator, quotes dropped.
        let credentials = provider.load().unwrap();
        assert_eq!(
            parts(&credentials).await,
            ("AKDEV".into(), "SKDEV".into(), Some("STDEV".into()))
        );
        assert_eq!(credentials.project_id(), None);
        // An explicit path wins over the variable.
        let other = write(dir.path(), "other", "[basic]\nak=A\nsk=S\n");
        let credentials =
            ProfileProvider::with_lookup(vars(&[("HUAWEICLOUD_SDK_CREDENTIALS_FILE", &file_path)]))
                .path(&other)
                .load()
                .unwrap();
        assert_eq!(parts(&credentials).await.0, "A");
    }

    #[tokio::test]
    async fn comments_are_whole_lines_as_in_configparser() {
        let dir = tempfile::tempdir().unwrap();
        let file = write(
            dir.path(),
            "credentials",
            "[basic]\nak = A # not a comment\nsk = S\n",
        );
        let credentials = ProfileProvider::new().path(&file).load().unwrap();
        assert_eq!(parts(&credentials).await.0, "A # not a comment");
        let file = write(
            dir.path(),
            "credentials",
            "\u{feff}[basic]\n  # indented\n\t; comment\nak = A\nsk = S\n",
        );
        let credentials = ProfileProvider::new().path(&file).load().unwrap();
        assert_eq!(parts(&credentials).await.0, "A");
    }

    #[tokio::test]
    async fn default_values_are_inherited_as_in_configparser() {
        let dir = tempfile::tempdir().unwrap();
        let file = write(
            dir.path(),
            "credentials",
            "[DEFAULT]\nproject_id = shared\n\n[basic]\nak = A\nsk = S\n",
        );
        let credentials = ProfileProvider::new().path(file).load().unwrap();
        assert_eq!(credentials.project_id(), Some("shared"));
    }

    #[test]
    fn what_is_wrong_is_said_without_the_file_s_text() {
        let dir = tempfile::tempdir().unwrap();
        let load = |text: &str, profile: &str| {
            let file = write(dir.path(), "credentials", text);
            config_message(ProfileProvider::new().path(file).profile(profile).load())
        };
        let missing = dir.path().join("missing");
        let text = config_message(ProfileProvider::new().path(&missing).load());
        assert_eq!(
            text,
            format!("profile file {}: does not exist", missing.display())
        );
        let text = load(FILE, "prod");
        assert!(text.ends_with("has no [prod] section"), "{text}");
        let text = load("[basic]\nak = A\n", "basic");
        assert!(text.ends_with("[basic] has no sk"), "{text}");
        let text = load("[basic]\nproject_id = p\n", "basic");
        assert!(text.ends_with("[basic] has no ak and sk"), "{text}");
        let text = load("[basic]\nsk = SECRET-ONE\n[broken\n", "basic");
        assert!(text.contains("line 3: "), "{text}");
        assert!(!text.contains("SECRET"), "{text}");
        let text = load("[basic]\nak = A\n= SECRET-ONE\n", "basic");
        assert!(text.contains("line 3:0: Key cannot be empty"), "{text}");
        assert!(!text.contains("SECRET"), "{text}");
        let text = load(
            "[basic]\nidp_id = idp\nid_token_file = /tmp/t\nak = A\nsk = S\n",
            "basic",
        );
        assert!(
            text.contains("[basic] sets idp_id and id_token_file"),
            "{text}"
        );
    }

    #[test]
    fn no_home_and_no_variable_is_an_error() {
        let text = config_message(ProfileProvider::with_lookup(vars(&[])).load());
        assert!(
            text.contains("HUAWEICLOUD_SDK_CREDENTIALS_FILE is not set"),
            "{text}"
        );
    }
}

mod metadata {
    use super::*;

    const TOKEN_PATH: &str = "/meta-data/latest/api/token";
    const KEY_PATH: &str = "/openstack/latest/securitykey";
    const SK: &str = "metadata-sk-must-never-leak";
    const ST: &str = "metadata-st-must-never-leak";
    const SESSION: &str = "session-token-must-never-leak";

    /// A clock the test moves.
    #[derive(Clone)]
    struct Clock(Arc<Mutex<SystemTime>>);

    impl Clock {
        fn start() -> Clock {
            Clock(Arc::new(Mutex::new(
                SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            )))
        }

        fn now(&self) -> SystemTime {
            *self.0.lock().unwrap()
        }

        fn advance(&self, by: Duration) {
            *self.0.lock().unwrap() += by;
        }
    }

    /// The metadata service's answer, in the SDK tests' shape.
    fn answer(ak: &str, expires_at: SystemTime) -> ResponseTemplate {
        ResponseTemplate::new(200).set_body_string(format!(
            r#"{{"credential": {{"access": "{ak}", "expires_at": "{}", "secret": "{SK}", "securitytoken": "{ST}"}}}}"#,
            humantime::format_rfc3339_micros(expires_at)
        ))
    }

    fn provider(server: &MockServer, clock: &Clock) -> MetadataProvider {
        let clock = clock.clone();
        MetadataProvider::new()
            .endpoint(server.uri())
            .clock(move || clock.now())
    }

    async fn count(server: &MockServer, verb: &str, at: &str) -> usize {
        server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .filter(|r| r.method.as_str() == verb && r.url.path() == at)
            .count()
    }

    #[tokio::test]
    async fn a_session_token_then_the_security_key_then_the_cache() {
        let server = MockServer::start().await;
        let clock = Clock::start();
        Mock::given(method("PUT"))
            .and(path(TOKEN_PATH))
            .and(header("X-Metadata-Token-Ttl-Seconds", "21600"))
            .respond_with(ResponseTemplate::new(200).set_body_string(SESSION))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(KEY_PATH))
            .and(header("X-Metadata-Token", SESSION))
            .respond_with(answer("AKMETA", clock.now() + Duration::from_secs(3600)))
            .expect(1)
            .mount(&server)
            .await;
        let metadata = provider(&server, &clock).project_id("p1");
        let credentials = metadata.provide_credentials().await.unwrap();
        assert_eq!(
            parts(&credentials).await,
            ("AKMETA".into(), SK.into(), Some(ST.into()))
        );
        assert_eq!(credentials.project_id(), Some("p1"));
        // Fresh for another 20 minutes: the cache answers.
        clock.advance(Duration::from_secs(60));
        metadata.provide_credentials().await.unwrap();
        let shown = format!("{metadata:?} {credentials:?}");
        assert!(
            shown.contains("expires_at: Some(\"2023-11-14T23:13:20Z\")"),
            "{shown}"
        );
        for secret in [SK, ST, SESSION] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }

    #[tokio::test]
    async fn without_session_tokens_the_key_is_asked_for_without_one() {
        let server = MockServer::start().await;
        let clock = Clock::start();
        Mock::given(method("PUT"))
            .and(path(TOKEN_PATH))
            .respond_with(ResponseTemplate::new(404))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(KEY_PATH))
            .respond_with(answer("AKV1", clock.now() + Duration::from_secs(7200)))
            .mount(&server)
            .await;
        let metadata = provider(&server, &clock);
        assert_eq!(
            parts(&metadata.provide_credentials().await.unwrap())
                .await
                .0,
            "AKV1"
        );
        let received = server.received_requests().await.unwrap();
        let get = received.iter().find(|r| r.url.path() == KEY_PATH).unwrap();
        assert!(get.headers.get("x-metadata-token").is_none());
        // Refreshed later: the service said it has no tokens, and is not asked again so soon.
        clock.advance(Duration::from_secs(7200 - 30 * 60));
        metadata.provide_credentials().await.unwrap();
        assert_eq!(count(&server, "PUT", TOKEN_PATH).await, 1);
        assert_eq!(count(&server, "GET", KEY_PATH).await, 2);
    }

    #[tokio::test]
    async fn an_expired_session_token_is_renewed_once() {
        let server = MockServer::start().await;
        let clock = Clock::start();
        Mock::given(method("PUT"))
            .and(path(TOKEN_PATH))
            .respond_with(ResponseTemplate::new(200).set_body_string("old"))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("PUT"))
            .and(path(TOKEN_PATH))
            .respond_with(ResponseTemplate::new(200).set_body_string("new"))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(KEY_PATH))
            .and(header("X-Metadata-Token", "old"))
            .respond_with(ResponseTemplate::new(401).set_body_string("token expired"))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(KEY_PATH))
            .and(header("X-Metadata-Token", "new"))
            .respond_with(answer("AKNEW", clock.now() + Duration::from_secs(7200)))
            .mount(&server)
            .await;
        let metadata = provider(&server, &clock);
        assert_eq!(
            parts(&metadata.provide_credentials().await.unwrap())
                .await
                .0,
            "AKNEW"
        );
        assert_eq!(count(&server, "PUT", TOKEN_PATH).await, 2);
        assert_eq!(count(&server, "GET", KEY_PATH).await, 2);
    }

    #[tokio::test]
    async fn an_instance_without_agency_is_told_so() {
        let server = MockServer::start().await;
        let clock = Clock::start();
        Mock::given(method("PUT"))
            .and(path(TOKEN_PATH))
            .respond_with(ResponseTemplate::new(200).set_body_string(SESSION))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(KEY_PATH))
            .respond_with(
                ResponseTemplate::new(401)
                    .set_body_string(r#"{"error": "Please configure Cloud Service Agency first"}"#),
            )
            .mount(&server)
            .await;
        let text = config_message(provider(&server, &clock).provide_credentials().await);
        assert!(
            text.contains("answered HTTP 401")
                && text.contains("Please configure Cloud Service Agency first"),
            "{text}"
        );
        assert!(!text.contains(SESSION), "{text}");
        assert_eq!(
            count(&server, "PUT", TOKEN_PATH).await,
            1,
            "no new token for it"
        );
    }

    #[tokio::test]
    async fn credentials_are_refreshed_forty_minutes_before_they_expire() {
        let server = MockServer::start().await;
        let clock = Clock::start();
        Mock::given(method("PUT"))
            .and(path(TOKEN_PATH))
            .respond_with(ResponseTemplate::new(405))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(KEY_PATH))
            .respond_with(answer("AKFIRST", clock.now() + Duration::from_secs(3600)))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(KEY_PATH))
            .respond_with(answer(
                "AKSECOND",
                clock.now() + Duration::from_secs(7 * 3600),
            ))
            .mount(&server)
            .await;
        let credentials = Credentials::from_provider(provider(&server, &clock));
        assert_eq!(parts(&credentials).await.0, "AKFIRST");
        // 41 minutes left: still good.
        clock.advance(Duration::from_secs(19 * 60));
        assert_eq!(parts(&credentials).await.0, "AKFIRST");
        assert_eq!(count(&server, "GET", KEY_PATH).await, 1);
        // 39 minutes left: refreshed.
        clock.advance(Duration::from_secs(2 * 60));
        assert_eq!(parts(&credentials).await.0, "AKSECOND");
        assert_eq!(count(&server, "GET", KEY_PATH).await, 2);
    }

    #[tokio::test]
    async fn credentials_given_within_the_margin_are_asked_for_once_a_minute() {
        let server = MockServer::start().await;
        let clock = Clock::start();
        Mock::given(method("PUT"))
            .respond_with(ResponseTemplate::new(404))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(KEY_PATH))
            .respond_with(answer(
                "AKSHORT",
                clock.now() + Duration::from_secs(10 * 60),
            ))
            .mount(&server)
            .await;
        let metadata = provider(&server, &clock);
        for _ in 0..5 {
            metadata.provide_credentials().await.unwrap();
        }
        assert_eq!(count(&server, "GET", KEY_PATH).await, 1);
        clock.advance(Duration::from_secs(61));
        metadata.provide_credentials().await.unwrap();
        assert_eq!(count(&server, "GET", KEY_PATH).await, 2);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_callers_share_one_refresh() {
        let server = MockServer::start().await;
        let clock = Clock::start();
        Mock::given(method("PUT"))
            .and(path(TOKEN_PATH))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_string(SESSION)
                    .set_delay(Duration::from_millis(100)),
            )
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(KEY_PATH))
            .and(header_exists("X-Metadata-Token"))
            .respond_with(
                answer("AKSHARED", clock.now() + Duration::from_secs(3600))
                    .set_delay(Duration::from_millis(200)),
            )
            .mount(&server)
            .await;
        let metadata = Arc::new(provider(&server, &clock));
        let callers: Vec<_> = (0..16)
            .map(|_| {
                let metadata = metadata.clone();
                tokio::spawn(async move { metadata.provide_credentials().await })
            })
            .collect();
        for caller in callers {
            let credentials = caller.await.unwrap().unwrap();
            assert_eq!(parts(&credentials).await.0, "AKSHARED");
        }
        assert_eq!(count(&server, "PUT", TOKEN_PATH).await, 1);
        assert_eq!(count(&server, "GET", KEY_PATH).await, 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_callers_share_one_failure_too() {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .respond_with(
                ResponseTemplate::new(500)
                    .set_body_string("internal error")
                    .set_delay(Duration::from_millis(200)),
            )
            .mount(&server)
            .await;
        let metadata = Arc::new(provider(&server, &Clock::start()));
        let callers: Vec<_> = (0..8)
            .map(|_| {
                let metadata = metadata.clone();
                tokio::spawn(async move { metadata.provide_credentials().await })
            })
            .collect();
        for caller in callers {
            let text = config_message(caller.await.unwrap());
            assert!(text.contains("answered HTTP 500: internal error"), "{text}");
        }
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
        // A later call asks again (for the key: like the SDKs, not for a token again so soon).
        let _ = metadata.provide_credentials().await;
        assert_eq!(server.received_requests().await.unwrap().len(), 2);
        assert_eq!(count(&server, "GET", KEY_PATH).await, 1);
    }

    #[tokio::test]
    async fn a_service_that_is_down_is_an_error_naming_it() {
        let endpoint = format!("http://127.0.0.1:{}", closed_port());
        let text = config_message(
            MetadataProvider::new()
                .endpoint(&endpoint)
                .timeout(Duration::from_secs(2))
                .provide_credentials()
                .await,
        );
        assert!(
            text.starts_with(&format!(
                "ECS metadata service {endpoint}: PUT /meta-data/latest/api/token: "
            )),
            "{text}"
        );
    }

    #[tokio::test]
    async fn garbage_is_an_error_that_shows_no_secret() {
        let clock = Clock::start();
        for (body, expected) in [
            (
                "<html>not json</html>",
                "the answer is not JSON (line 1, column 1)",
            ),
            ("[1, 2]", "the answer is not a JSON object"),
            (
                r#"{"credential": {"access": "AK", "secret": "metadata-sk-must-never-leak"}}"#,
                "the answer has no `securitytoken` text",
            ),
            (
                r#"{"credential": {"access": "AK", "secret": 12345678, "securitytoken": "x"}}"#,
                "the answer has no `secret` text",
            ),
            (
                r#"{"credential": {"access": "AK", "secret": "metadata-sk-must-never-leak",
                   "securitytoken": "metadata-st-must-never-leak", "expires_at": "tomorrow"}}"#,
                "`expires_at` \"tomorrow\" is not a UTC time",
            ),
            (
                r#"{"credential": {"access": "AK", "secret": "metadata-sk-must-never-leak", "securitytoken": [1, "#,
                "the answer is not JSON",
            ),
        ] {
            let server = MockServer::start().await;
            Mock::given(method("PUT"))
                .respond_with(ResponseTemplate::new(404))
                .mount(&server)
                .await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(200).set_body_string(body))
                .mount(&server)
                .await;
            let text = config_message(provider(&server, &clock).provide_credentials().await);
            assert!(text.contains(expected), "{expected:?} not in {text:?}");
            assert!(!text.contains(SK) && !text.contains(ST) && !text.contains("12345678"));
        }
    }

    #[tokio::test]
    async fn the_other_field_names_python_accepts_are_read() {
        let server = MockServer::start().await;
        let clock = Clock::start();
        Mock::given(method("PUT"))
            .respond_with(ResponseTemplate::new(404))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_string(
                r#"{"credentials": {"accessKeyId": "AKCAMEL", "secretAccessKey": "s",
                    "securityToken": "t", "expiration": "2099-01-01T00:00:00Z"}}"#,
            ))
            .mount(&server)
            .await;
        let credentials = provider(&server, &clock)
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!(
            parts(&credentials).await,
            ("AKCAMEL".into(), "s".into(), Some("t".into()))
        );
    }

    #[tokio::test]
    async fn a_failed_refresh_keeps_valid_credentials_until_they_expire() {
        let server = MockServer::start().await;
        let clock = Clock::start();
        Mock::given(method("PUT"))
            .respond_with(ResponseTemplate::new(404))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(KEY_PATH))
            .respond_with(answer("AKKEPT", clock.now() + Duration::from_secs(3600)))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(KEY_PATH))
            .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
            .mount(&server)
            .await;
        let metadata = provider(&server, &clock);
        metadata.provide_credentials().await.unwrap();
        clock.advance(Duration::from_secs(30 * 60));
        let kept = metadata.provide_credentials().await.unwrap();
        assert_eq!(parts(&kept).await.0, "AKKEPT");
        assert_eq!(count(&server, "GET", KEY_PATH).await, 2);
        // Not asked again for a minute.
        clock.advance(Duration::from_secs(10));
        metadata.provide_credentials().await.unwrap();
        assert_eq!(count(&server, "GET", KEY_PATH).await, 2);
        // Expired: the failure is the caller's.
        clock.advance(Duration::from_secs(31 * 60));
        let text = config_message(metadata.provide_credentials().await);
        assert!(text.contains("answered HTTP 503: busy"), "{text}");
    }
}

mod chain {
    use super::*;

    /// A metadata service that gives `ak`.
    async fn metadata_giving(ak: &str) -> MockServer {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .respond_with(ResponseTemplate::new(404))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_string(format!(
                r#"{{"credential": {{"access": "{ak}", "secret": "s", "securitytoken": "t",
                    "expires_at": "2099-01-01T00:00:00.000000Z"}}}}"#
            )))
            .mount(&server)
            .await;
        server
    }

    fn profile_dir(text: &str) -> tempfile::TempDir {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir(home.path().join(".huaweicloud")).unwrap();
        std::fs::write(home.path().join(".huaweicloud/credentials"), text).unwrap();
        home
    }

    fn chain(env: &[(&str, &str)], metadata: &MockServer) -> CredentialsChain {
        CredentialsChain::sdk_default_with(
            vars(env),
            MetadataProvider::new().endpoint(metadata.uri()),
        )
    }

    #[tokio::test]
    async fn environment_then_profile_then_metadata() {
        let metadata = metadata_giving("AKMETA").await;
        let home = profile_dir("[basic]\nak = AKPROFILE\nsk = s\n");
        let home_path = home.path().to_str().unwrap();
        let env_and_home = [
            ("HUAWEICLOUD_SDK_AK", "AKENV"),
            ("HUAWEICLOUD_SDK_SK", "s"),
            ("HOME", home_path),
            ("USERPROFILE", home_path),
        ];
        let found = chain(&env_and_home, &metadata)
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!(parts(&found).await.0, "AKENV");
        let found = chain(&env_and_home[2..], &metadata)
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!(parts(&found).await.0, "AKPROFILE");
        assert!(
            metadata.received_requests().await.unwrap().is_empty(),
            "the metadata service is not asked when an earlier source answers"
        );
        let found = chain(&[("HOME", "/nonexistent")], &metadata)
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!(parts(&found).await.0, "AKMETA");
    }

    #[tokio::test]
    async fn the_chosen_source_is_kept() {
        let metadata = metadata_giving("AKMETA").await;
        let chain = chain(&[("HOME", "/nonexistent")], &metadata);
        for _ in 0..3 {
            chain.provide_credentials().await.unwrap();
        }
        assert_eq!(format!("{chain:?}").matches("chosen: Some(2)").count(), 1);
        // Asked once: the metadata source keeps what it fetched, and nothing else is tried.
        assert_eq!(
            metadata
                .received_requests()
                .await
                .unwrap()
                .iter()
                .filter(|r| r.method.as_str() == "GET")
                .count(),
            1
        );
    }

    #[tokio::test]
    async fn when_every_source_fails_the_error_says_what_each_tried() {
        let port = closed_port();
        let chain = CredentialsChain::sdk_default_with(
            vars(&[("HOME", "/nonexistent"), ("CLOUD_SDK_AK", "AK")]),
            MetadataProvider::new().endpoint(format!("http://127.0.0.1:{port}")),
        );
        let text = config_message(Credentials::load(chain).await);
        let expected_start = format!(
            "no credentials found; tried in order: \
             (1) environment variables: CLOUD_SDK_AK is set but CLOUD_SDK_SK is not; \
             (2) profile file {}: does not exist; \
             (3) ECS metadata service http://127.0.0.1:{port}: PUT /meta-data/latest/api/token: ",
            std::path::Path::new("/nonexistent/.huaweicloud/credentials").display()
        );
        assert!(text.starts_with(&expected_start), "{text}");
        let empty = config_message(CredentialsChain::new().provide_credentials().await);
        assert!(empty.contains("has no sources"), "{empty}");
    }

    #[test]
    fn the_sdk_default_chain_is_env_profile_metadata() {
        // Shown, never asked: it would reach 169.254.169.254.
        let shown = format!("{:?}", CredentialsChain::sdk_default());
        let env = shown.find("EnvProvider").unwrap();
        let profile = shown.find("ProfileProvider").unwrap();
        let metadata = shown.find("MetadataProvider").unwrap();
        assert!(env < profile && profile < metadata, "{shown}");
        assert!(shown.contains("profile: \"basic\""), "{shown}");
        assert!(
            shown.contains("endpoint: \"http://169.254.169.254\""),
            "{shown}"
        );
        assert!(shown.contains("refresh_margin: 2400s"), "{shown}");
    }

    #[tokio::test]
    async fn load_keeps_the_project_id_found() {
        let metadata = metadata_giving("AKMETA").await;
        let credentials = Credentials::load(chain(
            &[
                ("HUAWEICLOUD_SDK_AK", "AKENV"),
                ("HUAWEICLOUD_SDK_SK", "s"),
                ("HUAWEICLOUD_SDK_PROJECT_ID", "p-env"),
            ],
            &metadata,
        ))
        .await
        .unwrap();
        assert_eq!(credentials.project_id(), Some("p-env"));
        assert!(format!("{credentials:?}").starts_with("Credentials::Provider(CredentialsChain"));
    }
}
