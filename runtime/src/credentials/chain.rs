//! Sources of credentials tried in order.
//!
//! The official SDKs' `CredentialProviderChain` (Python `huaweicloudsdkcore/auth/provider.py`,
//! Go `core/auth/provider/provider_chain.go`) asks its providers in order and keeps the first
//! credentials found; when every provider fails, its error lists each provider's message
//! ("unable to get credential in providers:" in Go, "Failed to get credentials from provider
//! chain" in Python). The default chain (`DefaultCredentialProviderChain` in Go,
//! `get_default_credential_provider_chain` in Python, used by a client built without
//! credentials) is: environment variables, then the profile file, then the ECS metadata
//! service; Python (since 3.1.190) adds CCE pod identity as a fourth source, which this client
//! does not have.

use std::fmt;
use std::sync::{Arc, OnceLock};

use super::{
    Credentials, CredentialsFuture, EnvProvider, Lookup, MetadataProvider, ProfileProvider,
    ProvideCredentials,
};
use crate::Error;

/// Sources of credentials tried in order: the first that has credentials is used from then
/// on (asked before every attempt, so temporary credentials it refreshes are used).
///
/// ```no_run
/// # async fn example() -> Result<(), huaweicloud_devops_runtime::Error> {
/// use huaweicloud_devops_runtime::credentials::{
///     CredentialsChain, MetadataProvider, ProfileProvider,
/// };
/// use huaweicloud_devops_runtime::{Config, Credentials};
///
/// let chain = CredentialsChain::new()
///     .with(ProfileProvider::new().profile("basic-dev"))
///     .with(MetadataProvider::new());
/// let config = Config::new()
///     .region("cn-north-4")
///     .credentials(Credentials::load(chain).await?);
/// # Ok(()) }
/// ```
pub struct CredentialsChain {
    sources: Vec<Arc<dyn ProvideCredentials>>,
    /// The source that answered first; kept from then on, as the SDK keeps its credentials.
    chosen: OnceLock<usize>,
    /// Held while the sources are tried, so that they are tried once at a time.
    choosing: tokio::sync::Mutex<()>,
}

impl CredentialsChain {
    /// A chain without sources: add them with [`with`](Self::with).
    pub fn new() -> CredentialsChain {
        CredentialsChain {
            sources: Vec::new(),
            chosen: OnceLock::new(),
            choosing: tokio::sync::Mutex::new(()),
        }
    }

    /// The official SDK's default chain, reading the process environment:
    /// [`EnvProvider`], then [`ProfileProvider`] (`[basic]`), then [`MetadataProvider`]
    /// (`http://169.254.169.254`).
    pub fn sdk_default() -> CredentialsChain {
        CredentialsChain::sdk_default_from(Lookup::process(), MetadataProvider::new())
    }

    /// The SDK's default chain, with environment variables read through `lookup` (by the
    /// environment and profile sources) and the given metadata source: for tests, and for
    /// programs that keep their settings elsewhere or reach the metadata service elsewhere.
    pub fn sdk_default_with(
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
        metadata: MetadataProvider,
    ) -> CredentialsChain {
        CredentialsChain::sdk_default_from(Lookup::function(lookup), metadata)
    }

    fn sdk_default_from(lookup: Lookup, metadata: MetadataProvider) -> CredentialsChain {
        CredentialsChain::new()
            .with(EnvProvider::from_lookup(lookup.clone()))
            .with(ProfileProvider::from_lookup(lookup))
            .with(metadata)
    }

    /// The chain with `source` tried after the others.
    pub fn with(mut self, source: impl ProvideCredentials + 'static) -> CredentialsChain {
        self.sources.push(Arc::new(source));
        self
    }

    async fn credentials(&self) -> Result<Credentials, Error> {
        if let Some(&chosen) = self.chosen.get() {
            return self.sources[chosen].provide_credentials().await;
        }
        let _choosing = self.choosing.lock().await;
        if let Some(&chosen) = self.chosen.get() {
            return self.sources[chosen].provide_credentials().await;
        }
        let mut failures = Vec::new();
        for (index, source) in self.sources.iter().enumerate() {
            match source.provide_credentials().await {
                Ok(credentials) => {
                    tracing::debug!(source = ?source, "credentials found");
                    let _ = self.chosen.set(index);
                    return Ok(credentials);
                }
                Err(error) => failures.push(format!("({}) {}", index + 1, message(error))),
            }
        }
        Err(Error::Config(if failures.is_empty() {
            "no credentials: the credentials chain has no sources".to_owned()
        } else {
            format!(
                "no credentials found; tried in order: {}",
                failures.join("; ")
            )
        }))
    }
}

impl Default for CredentialsChain {
    /// A chain without sources, as [`new`](Self::new) (the SDK's chain is
    /// [`sdk_default`](Self::sdk_default)).
    fn default() -> CredentialsChain {
        CredentialsChain::new()
    }
}

impl ProvideCredentials for CredentialsChain {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}

impl fmt::Debug for CredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsChain")
            .field("sources", &self.sources)
            .field("chosen", &self.chosen.get())
            .finish()
    }
}

/// The message of a source's error, without the `Error`'s own prefix.
fn message(error: Error) -> String {
    match error {
        Error::Config(message) => message,
        other => other.to_string(),
    }
}
