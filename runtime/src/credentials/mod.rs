//! Credentials. Secrets (SK, token, security token) never appear in `Debug` output, error
//! messages or logs.

use std::fmt;

use secrecy::SecretString;

use crate::Error;

/// Environment variable holding the access key id, as the official samples use it.
pub const ENV_AK: &str = "CLOUD_SDK_AK";
/// Environment variable holding the secret access key.
pub const ENV_SK: &str = "CLOUD_SDK_SK";
/// Environment variable holding the security token of temporary credentials (optional).
pub const ENV_SECURITY_TOKEN: &str = "CLOUD_SDK_SECURITY_TOKEN";

/// How the client authenticates.
///
/// `Debug` never shows a secret:
///
/// ```
/// # use huaweicloud_devops_runtime::Credentials;
/// let credentials = Credentials::ak_sk("AKEXAMPLE", "s3cr3t");
/// let shown = format!("{credentials:?}");
/// assert!(shown.contains("AKEXAMPLE") && !shown.contains("s3cr3t"));
/// ```
#[derive(Clone)]
pub struct Credentials(pub(crate) Kind);

#[derive(Clone)]
pub(crate) enum Kind {
    Token(SecretString),
    AkSk {
        ak: String,
        sk: SecretString,
        security_token: Option<SecretString>,
    },
}

impl Credentials {
    /// An access key id and secret access key: requests are signed with SDK-HMAC-SHA256, as
    /// the official SDK does.
    pub fn ak_sk(ak: impl Into<String>, sk: impl Into<String>) -> Credentials {
        Credentials(Kind::AkSk {
            ak: ak.into(),
            sk: SecretString::from(sk.into()),
            security_token: None,
        })
    }

    /// Temporary credentials: AK/SK plus a security token, sent (and signed) as
    /// `X-Security-Token`.
    pub fn temporary(
        ak: impl Into<String>,
        sk: impl Into<String>,
        security_token: impl Into<String>,
    ) -> Credentials {
        Credentials(Kind::AkSk {
            ak: ak.into(),
            sk: SecretString::from(sk.into()),
            security_token: Some(SecretString::from(security_token.into())),
        })
    }

    /// An IAM user token (the `X-Subject-Token` that IAM returns), sent in the service's token
    /// header (`X-Auth-Token`).
    pub fn token(token: impl Into<String>) -> Credentials {
        Credentials(Kind::Token(SecretString::from(token.into())))
    }

    /// AK/SK from `CLOUD_SDK_AK` and `CLOUD_SDK_SK`, as the official samples use them, plus a
    /// security token from `CLOUD_SDK_SECURITY_TOKEN` when it is set.
    ///
    /// # Errors
    ///
    /// `Error::Config` naming each variable that is missing or empty.
    pub fn from_env() -> Result<Credentials, Error> {
        Credentials::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`from_env`](Self::from_env) with another source of variables.
    pub(crate) fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Credentials, Error> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let (ak, sk) = (get(ENV_AK), get(ENV_SK));
        let missing: Vec<&str> = [(ENV_AK, ak.is_none()), (ENV_SK, sk.is_none())]
            .into_iter()
            .filter_map(|(name, missing)| missing.then_some(name))
            .collect();
        match (ak, sk) {
            (Some(ak), Some(sk)) => Ok(match get(ENV_SECURITY_TOKEN) {
                Some(token) => Credentials::temporary(ak, sk, token),
                None => Credentials::ak_sk(ak, sk),
            }),
            _ => Err(Error::Config(format!(
                "credentials from the environment: {} not set; set {ENV_AK} and {ENV_SK} \
                 (and {ENV_SECURITY_TOKEN} for temporary credentials)",
                missing.join(" and ")
            ))),
        }
    }

    /// Whether these are AK/SK credentials.
    pub(crate) fn is_ak_sk(&self) -> bool {
        matches!(self.0, Kind::AkSk { .. })
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Kind::Token(_) => f.write_str("Credentials::Token(<redacted>)"),
            Kind::AkSk {
                ak, security_token, ..
            } => {
                let kind = if security_token.is_some() {
                    "Temporary"
                } else {
                    "AkSk"
                };
                write!(f, "Credentials::{kind} {{ ak: {ak:?}, sk: <redacted>")?;
                if security_token.is_some() {
                    f.write_str(", security_token: <redacted>")?;
                }
                f.write_str(" }")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn environment_credentials() {
        let plain = Credentials::from_lookup(env(&[(ENV_AK, "AK1"), (ENV_SK, "SK1")])).unwrap();
        assert_eq!(
            format!("{plain:?}"),
            "Credentials::AkSk { ak: \"AK1\", sk: <redacted> }"
        );
        let temporary = Credentials::from_lookup(env(&[
            (ENV_AK, "AK1"),
            (ENV_SK, "SK1"),
            (ENV_SECURITY_TOKEN, "ST1"),
        ]))
        .unwrap();
        assert!(format!("{temporary:?}").starts_with("Credentials::Temporary"));
    }

    #[test]
    fn missing_variables_are_named() {
        let error = Credentials::from_lookup(env(&[(ENV_AK, "AK1")])).unwrap_err();
        let text = error.to_string();
        assert!(text.contains("CLOUD_SDK_SK not set"), "{text}");
        let error = Credentials::from_lookup(env(&[(ENV_SK, "  ")])).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("CLOUD_SDK_AK and CLOUD_SDK_SK not set"),
            "{error}"
        );
    }
}
