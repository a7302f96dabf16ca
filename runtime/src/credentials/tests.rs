//! Tests of each credential source alone, and of what they show. Environment variables come
//! through a lookup function (the process environment is never changed), the profile from
//! temporary files.

use std::io::Write;
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
