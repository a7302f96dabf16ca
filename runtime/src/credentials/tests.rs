//! Tests of each credential source alone, and of what they show. Environment variables come
//! through a lookup function (the process environment is never changed).

use std::sync::{Arc, Mutex};

use secrecy::ExposeSecret;

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
    match credentials.current().await.expect("credentials") {
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
