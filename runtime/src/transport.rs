//! The HTTP client underneath: built from the configuration's transport settings (proxies,
//! trusted roots, the TLS crypto provider, name resolution), or brought by the user.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::Error;

/// The transport settings of a [`Config`](crate::Config).
#[derive(Clone, Default)]
pub(crate) struct Transport {
    /// A client the user brought; the other settings then do not apply.
    pub(crate) client: Option<reqwest::Client>,
    pub(crate) proxies: Vec<reqwest::Proxy>,
    pub(crate) roots: Vec<reqwest::Certificate>,
    pub(crate) only_custom_roots: bool,
    pub(crate) accept_invalid_certs: bool,
    pub(crate) resolver: Option<Arc<dyn reqwest::dns::Resolve>>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Proxies may carry credentials: only their number is shown.
        f.debug_struct("Transport")
            .field("own_client", &self.client.is_some())
            .field("proxies", &self.proxies.len())
            .field("extra_roots", &self.roots.len())
            .field("only_custom_roots", &self.only_custom_roots)
            .field("accept_invalid_certs", &self.accept_invalid_certs)
            .field("resolver", &self.resolver.as_ref().map(|_| "custom"))
            .finish()
    }
}

impl Transport {
    /// The HTTP client for these settings and `connect_timeout`: the user's own client as it
    /// is, or a new one. Redirects are never followed (a signed request must not go elsewhere).
    pub(crate) fn http_client(&self, connect_timeout: Duration) -> Result<reqwest::Client, Error> {
        if let Some(client) = &self.client {
            return Ok(client.clone());
        }
        install_crypto_provider();
        let mut builder = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .redirect(reqwest::redirect::Policy::none());
        for proxy in &self.proxies {
            builder = builder.proxy(proxy.clone());
        }
        if self.only_custom_roots {
            builder = builder.tls_certs_only(self.roots.iter().cloned());
        } else if !self.roots.is_empty() {
            builder = builder.tls_certs_merge(self.roots.iter().cloned());
        }
        if self.accept_invalid_certs {
            tracing::warn!(
                "TLS certificate verification is OFF (Config::danger_accept_invalid_certs): \
                 anyone on the network path can read and change every request, credentials \
                 included; use it only against test clouds"
            );
            builder = builder.tls_danger_accept_invalid_certs(true);
        }
        if let Some(resolver) = &self.resolver {
            builder = builder.dns_resolver(resolver.clone());
        }
        builder
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))
    }
}

#[cfg(not(any(feature = "rustls-aws-lc", feature = "rustls-ring")))]
compile_error!(
    "huaweicloud-devops-runtime needs a TLS crypto provider: enable the feature `rustls-aws-lc` \
     (the default) or `rustls-ring`"
);

/// Makes sure rustls has a crypto provider for the process.
///
/// With the `rustls-ring` feature alone, reqwest has no provider of its own: this installs
/// ring as the process default, unless the application installed one already (which then
/// wins). The runtime calls it before it builds an HTTP client; call it yourself before
/// building your own `reqwest::Client` for [`Config::http_client`](crate::Config::http_client)
/// (reqwest panics without a provider). With `rustls-aws-lc` it does nothing.
pub fn install_crypto_provider() {
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
    {
        // An error means a provider is installed already, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}
