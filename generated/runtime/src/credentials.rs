//! Credentials. Secrets never appear in `Debug` output.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

/// How the client authenticates.
///
/// `Debug` never shows the secret:
///
/// ```
/// # use huaweicloud_devops_runtime::Credentials;
/// let credentials = Credentials::token("s3cr3t");
/// assert!(!format!("{credentials:?}").contains("s3cr3t"));
/// ```
#[derive(Clone)]
pub struct Credentials(Kind);

#[derive(Clone)]
enum Kind {
    Token(SecretString),
}

impl Credentials {
    /// An IAM user token (the `X-Subject-Token` that IAM returns), sent in the service's token
    /// header (`X-Auth-Token`).
    pub fn token(token: impl Into<String>) -> Credentials {
        Credentials(Kind::Token(SecretString::from(token.into())))
    }

    /// The token, for the transport.
    pub(crate) fn token_value(&self) -> Option<&str> {
        match &self.0 {
            Kind::Token(token) => Some(token.expose_secret()),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Kind::Token(_) => f.write_str("Credentials::Token(<redacted>)"),
        }
    }
}
