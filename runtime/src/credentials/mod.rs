//! Credentials, and the places Huawei Cloud users keep them.
//!
//! [`Credentials`] are an IAM token, AK/SK, temporary AK/SK with a security token, or a
//! provider that is asked for them before every attempt (so refreshed credentials are used,
//! and a retry is signed with the current ones). The sources of the official SDKs
//! (`huaweicloudsdkcore/auth/provider.py`, Go `core/auth/provider`) are here too, in the order
//! of their default chain (`CredentialProviderChain`):
//!
//! 1. [`EnvProvider`]: `HUAWEICLOUD_SDK_AK` / `HUAWEICLOUD_SDK_SK` (the SDK's names), else
//!    `CLOUD_SDK_AK` / `CLOUD_SDK_SK` (the API Explorer samples' names);
//! 2. [`ProfileProvider`]: the `[basic]` section of `~/.huaweicloud/credentials`;
//! 3. [`MetadataProvider`]: temporary credentials of the ECS instance's agency, from the
//!    metadata service, cached and refreshed before they expire.
//!
//! [`CredentialsChain`] tries sources in order; [`Credentials::default_chain`] and
//! `Config::from_default_chain` use the SDK's order.
//!
//! Secrets (SK, token, security token) never appear in `Debug` output, error messages or logs.

mod chain;
mod env;
mod metadata;
mod profile;

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use reqwest::header::HeaderName;
use secrecy::SecretString;

use crate::{AuthScheme, Error, ServiceInfo};

pub use chain::CredentialsChain;
pub use env::{
    ENV_AK, ENV_SDK_AK, ENV_SDK_DOMAIN_ID, ENV_SDK_ID_TOKEN_FILE, ENV_SDK_IDP_ID,
    ENV_SDK_PROJECT_ID, ENV_SDK_SECURITY_TOKEN, ENV_SDK_SK, ENV_SECURITY_TOKEN, ENV_SK,
    EnvProvider,
};
pub use metadata::{DEFAULT_METADATA_ENDPOINT, DEFAULT_REFRESH_MARGIN, MetadataProvider};
pub use profile::{DEFAULT_PROFILE, ENV_CREDENTIALS_FILE, ProfileProvider};

/// What [`ProvideCredentials::provide_credentials`] returns: a boxed future, so that providers
/// can be kept as trait objects.
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, Error>> + Send + 'a>>;

/// What a source that reads once (the environment, a file) answers: the credentials it found
/// the first time, or it reads now with `load` and keeps what it finds. A failure is not kept,
/// so a later call reads again.
fn loaded_once<'a>(
    found: &'a std::sync::OnceLock<Credentials>,
    load: impl FnOnce() -> Result<Credentials, Error>,
) -> CredentialsFuture<'a> {
    let result = match found.get() {
        Some(found) => Ok(found.clone()),
        None => load().map(|loaded| found.get_or_init(|| loaded).clone()),
    };
    Box::pin(std::future::ready(result))
}

/// A source of credentials, asked before every attempt of a call.
///
/// Return credentials that are valid now (fetching or refreshing them when needed), or an
/// [`Error::Config`] saying where you looked and why nothing was found; never put a secret in
/// the error. Make it cheap when nothing needs fetching: it runs once per attempt.
///
/// ```
/// use huaweicloud_devops_runtime::credentials::{CredentialsFuture, ProvideCredentials};
/// use huaweicloud_devops_runtime::{Config, Credentials};
///
/// /// AK/SK kept in a vault (here, a constant).
/// #[derive(Debug)]
/// struct Vault;
///
/// impl ProvideCredentials for Vault {
///     fn provide_credentials(&self) -> CredentialsFuture<'_> {
///         Box::pin(async { Ok(Credentials::ak_sk("AKEXAMPLE", "from the vault")) })
///     }
/// }
///
/// let config = Config::new()
///     .region("cn-north-4")
///     .credentials(Credentials::from_provider(Vault));
/// ```
pub trait ProvideCredentials: fmt::Debug + Send + Sync {
    /// Credentials to sign the next attempt with.
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
}

/// How the client authenticates: what it signs or sends with every attempt, and maybe the
/// project id found with them.
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
pub struct Credentials {
    pub(crate) kind: Kind,
    /// The project id found with the credentials (`HUAWEICLOUD_SDK_PROJECT_ID`, a profile's
    /// `project_id`), like the SDK's `BasicCredentials.project_id`.
    pub(crate) project_id: Option<String>,
}

#[derive(Clone)]
pub(crate) enum Kind {
    Auth(Auth),
    /// Asked before every attempt.
    Provider(Arc<dyn ProvideCredentials>),
}

/// What one attempt signs or sends.
#[derive(Clone)]
pub(crate) enum Auth {
    Token(SecretString),
    AkSk {
        ak: String,
        sk: SecretString,
        security_token: Option<SecretString>,
    },
}

/// How deep providers may return providers before we give up (a provider returning itself
/// would otherwise loop forever).
const MAX_PROVIDER_NESTING: usize = 8;

impl Credentials {
    fn auth(auth: Auth) -> Credentials {
        Credentials {
            kind: Kind::Auth(auth),
            project_id: None,
        }
    }

    /// An access key id and secret access key: requests are signed with SDK-HMAC-SHA256, as
    /// the official SDK does.
    pub fn ak_sk(ak: impl Into<String>, sk: impl Into<String>) -> Credentials {
        Credentials::auth(Auth::AkSk {
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
        Credentials::auth(Auth::AkSk {
            ak: ak.into(),
            sk: SecretString::from(sk.into()),
            security_token: Some(SecretString::from(security_token.into())),
        })
    }

    /// An IAM user token (the `X-Subject-Token` that IAM returns), sent in the service's token
    /// header (`X-Auth-Token`).
    pub fn token(token: impl Into<String>) -> Credentials {
        Credentials::auth(Auth::Token(SecretString::from(token.into())))
    }

    /// Credentials that `provider` gives before every attempt. It is first asked at the first
    /// call, so a provider that has none fails that call (with `Error::Config`); use
    /// [`load`](Self::load) to find out now, and to learn the project id it finds.
    pub fn from_provider(provider: impl ProvideCredentials + 'static) -> Credentials {
        Credentials {
            kind: Kind::Provider(Arc::new(provider)),
            project_id: None,
        }
    }

    /// Asks `provider` now, then keeps asking it before every attempt: an error now (instead
    /// of at the first call) when it has no credentials, and the project id it found (which
    /// fills `Config::project_id` when the configuration has none).
    ///
    /// # Errors
    ///
    /// The provider's error, an `Error::Config` saying what it tried.
    pub async fn load(provider: impl ProvideCredentials + 'static) -> Result<Credentials, Error> {
        let provider: Arc<dyn ProvideCredentials> = Arc::new(provider);
        let found = provider.provide_credentials().await?;
        Ok(Credentials {
            kind: Kind::Provider(provider),
            project_id: found.project_id,
        })
    }

    /// Credentials from the official SDK's default chain ([`CredentialsChain::sdk_default`]):
    /// environment variables, then the profile file, then the ECS metadata service, the first
    /// that has credentials being used from then on (temporary credentials from the metadata
    /// service are refreshed before they expire).
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), huaweicloud_devops_runtime::Error> {
    /// use huaweicloud_devops_runtime::{Config, Credentials};
    ///
    /// let config = Config::new()
    ///     .region("cn-north-4")
    ///     .credentials(Credentials::default_chain().await?);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// `Error::Config` saying, for each source, what it tried and why it failed.
    pub async fn default_chain() -> Result<Credentials, Error> {
        Credentials::load(CredentialsChain::sdk_default()).await
    }

    /// AK/SK from the environment, as [`EnvProvider`] reads it: `HUAWEICLOUD_SDK_AK` /
    /// `HUAWEICLOUD_SDK_SK` / `HUAWEICLOUD_SDK_SECURITY_TOKEN` (the official SDK's names), else
    /// `CLOUD_SDK_AK` / `CLOUD_SDK_SK` / `CLOUD_SDK_SECURITY_TOKEN` (the API Explorer
    /// samples' names), with the project id from `HUAWEICLOUD_SDK_PROJECT_ID`.
    ///
    /// # Errors
    ///
    /// `Error::Config` naming each variable that is missing or empty.
    pub fn from_env() -> Result<Credentials, Error> {
        EnvProvider::new().load()
    }

    /// The same credentials with a project id, which fills `Config::project_id` when the
    /// configuration has none.
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Credentials {
        self.project_id = Some(project_id.into());
        self
    }

    /// The project id found with these credentials, if any.
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }

    /// The credentials to use for one attempt: these (borrowed), or what the provider gives
    /// now.
    pub(crate) async fn current(&self) -> Result<Cow<'_, Auth>, Error> {
        let mut provider = match &self.kind {
            Kind::Auth(auth) => return Ok(Cow::Borrowed(auth)),
            Kind::Provider(provider) => Arc::clone(provider),
        };
        for _ in 0..MAX_PROVIDER_NESTING {
            match provider.provide_credentials().await?.kind {
                Kind::Auth(auth) => return Ok(Cow::Owned(auth)),
                Kind::Provider(next) => provider = next,
            }
        }
        Err(Error::Config(format!(
            "credentials: providers returned providers {MAX_PROVIDER_NESTING} times in a row"
        )))
    }

    /// Checks that `service` accepts these credentials (when known before a call): see
    /// [`Auth::token_header`].
    pub(crate) fn check_accepted_by(&self, service: &ServiceInfo) -> Result<(), Error> {
        match &self.kind {
            Kind::Auth(auth) => auth.token_header(service).map(drop),
            // Checked at each attempt, on what the provider gives.
            Kind::Provider(_) => Ok(()),
        }
    }
}

impl Auth {
    /// The header that carries a token to `service` (`None` for AK/SK, which is signed).
    ///
    /// # Errors
    ///
    /// `Error::Config` when the service does not accept this kind of credentials.
    pub(crate) fn token_header(&self, service: &ServiceInfo) -> Result<Option<HeaderName>, Error> {
        match self {
            Auth::AkSk { .. } if service.auth.contains(&AuthScheme::AkSk) => Ok(None),
            Auth::AkSk { .. } => Err(Error::Config(format!(
                "{} does not accept AK/SK credentials",
                service.name
            ))),
            Auth::Token(_) => {
                let header = service.token_header().ok_or_else(|| {
                    Error::Config(format!(
                        "{} does not accept token credentials",
                        service.name
                    ))
                })?;
                HeaderName::from_bytes(header.as_bytes())
                    .map(Some)
                    .map_err(|e| Error::Config(format!("token header {header:?}: {e}")))
            }
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Auth(Auth::Token(_)) => f.write_str("Credentials::Token(<redacted>)")?,
            Kind::Auth(Auth::AkSk {
                ak, security_token, ..
            }) => {
                let kind = if security_token.is_some() {
                    "Temporary"
                } else {
                    "AkSk"
                };
                write!(f, "Credentials::{kind} {{ ak: {ak:?}, sk: <redacted>")?;
                if security_token.is_some() {
                    f.write_str(", security_token: <redacted>")?;
                }
                f.write_str(" }")?;
            }
            Kind::Provider(provider) => write!(f, "Credentials::Provider({provider:?})")?,
        }
        if let Some(project_id) = &self.project_id {
            write!(f, " with project_id {project_id:?}")?;
        }
        Ok(())
    }
}

/// Where providers read environment variables: the process environment, or a function
/// (tests, and programs that keep settings elsewhere).
#[derive(Clone)]
pub(crate) struct Lookup(Option<Arc<LookupFn>>);

type LookupFn = dyn Fn(&str) -> Option<String> + Send + Sync;

impl Lookup {
    pub(crate) fn process() -> Lookup {
        Lookup(None)
    }

    pub(crate) fn function(
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Lookup {
        Lookup(Some(Arc::new(lookup)))
    }

    /// The variable's value, when it is set and not blank (the SDKs treat an empty variable
    /// as unset).
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        let value = match &self.0 {
            None => std::env::var(name).ok(),
            Some(lookup) => lookup(name),
        };
        value.filter(|v| !v.trim().is_empty())
    }
}

impl fmt::Debug for Lookup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            None => "process environment",
            Some(_) => "custom lookup",
        })
    }
}

#[cfg(test)]
pub(crate) mod tests;
